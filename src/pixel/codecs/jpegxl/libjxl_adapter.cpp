// pixel/codecs/jpegxl/libjxl_adapter.cpp — libjxl decoder and encoder loops, sample rescaling, JPEG reconstruction.
#include "pixel/codecs/jpegxl/libjxl_adapter.h"

#include <bit>
#include <cstring>
#include <memory>
#include <string>

#include "pixel/codecs/codec_support.h"
#include "pixel/codecs/jpegxl/libjxl_loader.h"

namespace roentgen::internal {

namespace {

struct DecoderDeleter {
    void operator()(JxlDecoder* decoder) const { libjxl().JxlDecoderDestroy(decoder); }
};
struct EncoderDeleter {
    void operator()(JxlEncoder* encoder) const { libjxl().JxlEncoderDestroy(encoder); }
};
struct RunnerDeleter {
    void operator()(void* runner) const { libjxl().JxlThreadParallelRunnerDestroy(runner); }
};
using DecoderPtr = std::unique_ptr<JxlDecoder, DecoderDeleter>;
using EncoderPtr = std::unique_ptr<JxlEncoder, EncoderDeleter>;
using RunnerPtr = std::unique_ptr<void, RunnerDeleter>;

/// A thread pool for one call, or none when one thread is asked for.
RunnerPtr make_runner(unsigned threads)
{
    if (threads <= 1)
        return RunnerPtr(nullptr);
    return RunnerPtr(libjxl().JxlThreadParallelRunnerCreate(nullptr, threads));
}

Result<void> check_basic_info(const JxlBasicInfo& info, const PixelDescription& d)
{
    if (info.xsize != d.columns || info.ysize != d.rows)
        return make_error(Errc::Malformed, "JPEG XL image is " + std::to_string(info.xsize) + "x" +
                                               std::to_string(info.ysize) + "; the data set says " +
                                               std::to_string(d.columns) + "x" + std::to_string(d.rows));
    if (info.num_color_channels != d.samples_per_pixel)
        return make_error(Errc::Malformed, "JPEG XL image has " + std::to_string(info.num_color_channels) +
                                               " colour channels; Samples per Pixel is " +
                                               std::to_string(d.samples_per_pixel));
    if (info.exponent_bits_per_sample != 0)
        return make_error(Errc::Unsupported, "JPEG XL floating-point samples in integer Pixel Data");
    if (info.bits_per_sample < 1 || info.bits_per_sample > 8u * d.bytes_per_sample())
        return make_error(Errc::Malformed, "JPEG XL bit depth " + std::to_string(info.bits_per_sample) +
                                               " does not fit Bits Allocated " + std::to_string(d.bits_allocated));
    return {};
}

/// libjxl 0.7 scales integer buffers to the full range of their type (0..255, 0..65535); samples
/// of other depths are mapped to and from that range by rounding, which is exact both ways.
uint16_t to_full_range(uint32_t value, unsigned bits)
{
    const uint32_t max = (1u << bits) - 1;
    return uint16_t((value * 65535u + max / 2) / max);
}

uint32_t from_full_range(uint16_t value, unsigned bits)
{
    const uint32_t max = (1u << bits) - 1;
    return (uint32_t(value) * max + 32767u) / 65535u;
}

/// Buffers are UINT8 for 8-bit samples and UINT16 otherwise.
JxlPixelFormat pixel_format(unsigned channels, unsigned bits)
{
    return JxlPixelFormat{channels, bits == 8 ? JXL_TYPE_UINT8 : JXL_TYPE_UINT16, JXL_LITTLE_ENDIAN, 0};
}

/// Moves libjxl's buffer (`bits` significant, full-range UINT16 unless 8 bits) into `out`.
void copy_decoded(std::span<const uint8_t> buffer, unsigned bits, const PixelDescription& d, std::span<uint8_t> out)
{
    const size_t count = size_t(d.pixels_per_frame()) * d.samples_per_pixel;
    const unsigned bytes = d.bytes_per_sample();
    for (size_t i = 0; i < count; ++i) {
        uint32_t value;
        if (bits == 8) {
            value = buffer[i];
        } else {
            auto full = uint16_t(buffer[2 * i] | buffer[2 * i + 1] << 8);
            value = bits == 16 ? full : from_full_range(full, bits);
        }
        store_sample(out.data(), i, bytes, int32_t(value));
    }
}

Error jxl_error(Errc code, const std::string& what)
{
    return Error{code, what};
}

} // namespace

Result<void> jxl_decode_pixels(std::span<const uint8_t> stream, const PixelDescription& d, std::span<uint8_t> out,
                               unsigned threads)
{
    ROENTGEN_TRY(load_libjxl());
    DecoderPtr decoder(libjxl().JxlDecoderCreate(nullptr));
    if (!decoder)
        return make_error(Errc::LimitExceeded, "libjxl could not create a decoder");
    RunnerPtr runner = make_runner(threads);
    if (runner && libjxl().JxlDecoderSetParallelRunner(decoder.get(), libjxl().JxlThreadParallelRunner, runner.get()) !=
                      JXL_DEC_SUCCESS)
        return make_error(Errc::LimitExceeded, "libjxl refused the thread runner");
    if (libjxl().JxlDecoderSubscribeEvents(decoder.get(), JXL_DEC_BASIC_INFO | JXL_DEC_FULL_IMAGE) != JXL_DEC_SUCCESS ||
        libjxl().JxlDecoderSetInput(decoder.get(), stream.data(), stream.size()) != JXL_DEC_SUCCESS)
        return make_error(Errc::Malformed, "libjxl refused the input");
    libjxl().JxlDecoderCloseInput(decoder.get());
    JxlBasicInfo info{};
    std::vector<uint8_t> buffer;
    bool have_info = false, have_image = false;
    for (;;) {
        JxlDecoderStatus status = libjxl().JxlDecoderProcessInput(decoder.get());
        if (status == JXL_DEC_ERROR)
            return std::unexpected(jxl_error(Errc::Malformed, "the JPEG XL stream is invalid"));
        if (status == JXL_DEC_NEED_MORE_INPUT)
            return std::unexpected(jxl_error(Errc::Truncated, "the JPEG XL stream ends early"));
        if (status == JXL_DEC_BASIC_INFO) {
            if (libjxl().JxlDecoderGetBasicInfo(decoder.get(), &info) != JXL_DEC_SUCCESS)
                return make_error(Errc::Malformed, "JPEG XL basic info unreadable");
            ROENTGEN_TRY(check_basic_info(info, d));
            have_info = true;
        } else if (status == JXL_DEC_NEED_IMAGE_OUT_BUFFER) {
            if (!have_info)
                return make_error(Errc::Malformed, "JPEG XL image before its basic info");
            JxlPixelFormat format = pixel_format(d.samples_per_pixel, info.bits_per_sample);
            size_t size = 0;
            if (libjxl().JxlDecoderImageOutBufferSize(decoder.get(), &format, &size) != JXL_DEC_SUCCESS)
                return make_error(Errc::Malformed, "JPEG XL output size unknown");
            buffer.resize(size);
            if (libjxl().JxlDecoderSetImageOutBuffer(decoder.get(), &format, buffer.data(), buffer.size()) !=
                JXL_DEC_SUCCESS)
                return make_error(Errc::Malformed, "libjxl refused the output buffer");
        } else if (status == JXL_DEC_FULL_IMAGE) {
            // One image per frame; later frames of an animation are not ours to show.
            have_image = true;
            break;
        } else if (status == JXL_DEC_SUCCESS) {
            break;
        } else {
            return make_error(Errc::Malformed, "unexpected libjxl decoder status " + std::to_string(int(status)));
        }
    }
    const size_t expected = size_t(d.pixels_per_frame()) * d.samples_per_pixel * (info.bits_per_sample == 8 ? 1 : 2);
    if (!have_image || buffer.size() != expected)
        return make_error(Errc::Malformed, "the JPEG XL stream holds no complete image");
    copy_decoded(buffer, info.bits_per_sample, d, out);
    return {};
}

Result<std::optional<std::vector<uint8_t>>> jxl_reconstruct_jpeg(std::span<const uint8_t> stream)
{
    ROENTGEN_TRY(load_libjxl());
    DecoderPtr decoder(libjxl().JxlDecoderCreate(nullptr));
    if (!decoder)
        return make_error(Errc::LimitExceeded, "libjxl could not create a decoder");
    if (libjxl().JxlDecoderSubscribeEvents(decoder.get(), JXL_DEC_JPEG_RECONSTRUCTION | JXL_DEC_FULL_IMAGE) !=
            JXL_DEC_SUCCESS ||
        libjxl().JxlDecoderSetInput(decoder.get(), stream.data(), stream.size()) != JXL_DEC_SUCCESS)
        return make_error(Errc::Malformed, "libjxl refused the input");
    libjxl().JxlDecoderCloseInput(decoder.get());
    std::vector<uint8_t> jpeg;
    bool reconstructing = false;
    for (;;) {
        JxlDecoderStatus status = libjxl().JxlDecoderProcessInput(decoder.get());
        if (status == JXL_DEC_ERROR)
            return std::unexpected(jxl_error(Errc::Malformed, "the JPEG XL stream is invalid"));
        if (status == JXL_DEC_NEED_MORE_INPUT)
            return std::unexpected(jxl_error(Errc::Truncated, "the JPEG XL stream ends early"));
        if (status == JXL_DEC_JPEG_RECONSTRUCTION) {
            reconstructing = true;
            jpeg.resize(std::max<size_t>(stream.size() * 2, 1 << 16));
            if (libjxl().JxlDecoderSetJPEGBuffer(decoder.get(), jpeg.data(), jpeg.size()) != JXL_DEC_SUCCESS)
                return make_error(Errc::Malformed, "libjxl refused the JPEG buffer");
        } else if (status == JXL_DEC_JPEG_NEED_MORE_OUTPUT) {
            size_t unused = libjxl().JxlDecoderReleaseJPEGBuffer(decoder.get());
            size_t used = jpeg.size() - unused;
            jpeg.resize(jpeg.size() * 2);
            if (libjxl().JxlDecoderSetJPEGBuffer(decoder.get(), jpeg.data() + used, jpeg.size() - used) !=
                JXL_DEC_SUCCESS)
                return make_error(Errc::Malformed, "libjxl refused the JPEG buffer");
        } else if (status == JXL_DEC_NEED_IMAGE_OUT_BUFFER) {
            // Without reconstruction data libjxl wants pixels: there is no JPEG to give back.
            if (!reconstructing)
                return std::optional<std::vector<uint8_t>>();
            return make_error(Errc::Malformed, "libjxl asked for pixels while reconstructing a JPEG");
        } else if (status == JXL_DEC_FULL_IMAGE || status == JXL_DEC_SUCCESS) {
            if (!reconstructing)
                return std::optional<std::vector<uint8_t>>();
            size_t unused = libjxl().JxlDecoderReleaseJPEGBuffer(decoder.get());
            jpeg.resize(jpeg.size() - unused);
            return std::optional<std::vector<uint8_t>>(std::move(jpeg));
        } else if (status != JXL_DEC_BASIC_INFO) {
            return make_error(Errc::Malformed, "unexpected libjxl decoder status " + std::to_string(int(status)));
        }
    }
}

namespace {

Result<std::vector<uint8_t>> run_encoder(JxlEncoder* encoder)
{
    std::vector<uint8_t> out(1 << 16);
    uint8_t* next = out.data();
    size_t available = out.size();
    for (;;) {
        JxlEncoderStatus status = libjxl().JxlEncoderProcessOutput(encoder, &next, &available);
        if (status == JXL_ENC_SUCCESS)
            break;
        if (status != JXL_ENC_NEED_MORE_OUTPUT)
            return make_error(Errc::InvalidArgument, "libjxl encoding failed (error " +
                                                         std::to_string(int(libjxl().JxlEncoderGetError(encoder))) +
                                                         ")");
        size_t used = size_t(next - out.data());
        out.resize(out.size() * 2);
        next = out.data() + used;
        available = out.size() - used;
    }
    out.resize(size_t(next - out.data()));
    return out;
}

} // namespace

Result<std::vector<uint8_t>> jxl_encode_pixels(std::span<const uint8_t> frame, const PixelDescription& d,
                                               const JxlEncodeParams& params)
{
    ROENTGEN_TRY(load_libjxl());
    EncoderPtr encoder(libjxl().JxlEncoderCreate(nullptr));
    if (!encoder)
        return make_error(Errc::LimitExceeded, "libjxl could not create an encoder");
    RunnerPtr runner = make_runner(params.threads);
    if (runner && libjxl().JxlEncoderSetParallelRunner(encoder.get(), libjxl().JxlThreadParallelRunner, runner.get()) !=
                      JXL_ENC_SUCCESS)
        return make_error(Errc::LimitExceeded, "libjxl refused the thread runner");
    const unsigned channels = d.samples_per_pixel, bits = d.bits_stored;
    JxlBasicInfo info;
    libjxl().JxlEncoderInitBasicInfo(&info);
    info.xsize = d.columns;
    info.ysize = d.rows;
    info.bits_per_sample = bits;
    info.exponent_bits_per_sample = 0;
    info.num_color_channels = channels;
    info.num_extra_channels = 0;
    info.alpha_bits = 0;
    info.uses_original_profile = params.lossless ? JXL_TRUE : JXL_FALSE;
    JxlColorEncoding colour;
    libjxl().JxlColorEncodingSetToSRGB(&colour, channels == 1 ? JXL_TRUE : JXL_FALSE);
    if (libjxl().JxlEncoderSetBasicInfo(encoder.get(), &info) != JXL_ENC_SUCCESS ||
        libjxl().JxlEncoderSetColorEncoding(encoder.get(), &colour) != JXL_ENC_SUCCESS)
        return make_error(Errc::InvalidArgument, "libjxl refused the image description (error " +
                                                     std::to_string(int(libjxl().JxlEncoderGetError(encoder.get()))) +
                                                     ")");
    JxlEncoderFrameSettings* settings = libjxl().JxlEncoderFrameSettingsCreate(encoder.get(), nullptr);
    if (!settings || libjxl().JxlEncoderFrameSettingsSetOption(settings, JXL_ENC_FRAME_SETTING_EFFORT, params.effort) !=
                         JXL_ENC_SUCCESS)
        return make_error(Errc::InvalidArgument, "libjxl refused the frame settings");
    if (params.lossless ? libjxl().JxlEncoderSetFrameLossless(settings, JXL_TRUE) != JXL_ENC_SUCCESS
                        : libjxl().JxlEncoderSetFrameDistance(settings, params.distance) != JXL_ENC_SUCCESS)
        return make_error(Errc::InvalidArgument, "libjxl refused the distance");

    const size_t count = size_t(d.pixels_per_frame()) * channels;
    const unsigned in_bytes = d.bytes_per_sample();
    const uint32_t mask = (1u << bits) - 1;
    std::vector<uint8_t> buffer(count * (bits == 8 ? 1 : 2));
    for (size_t i = 0; i < count; ++i) {
        uint32_t value = load_sample(frame.data(), i, in_bytes) & mask;
        if (bits == 8) {
            buffer[i] = uint8_t(value);
        } else {
            uint16_t full = bits == 16 ? uint16_t(value) : to_full_range(value, bits);
            buffer[2 * i] = uint8_t(full);
            buffer[2 * i + 1] = uint8_t(full >> 8);
        }
    }
    JxlPixelFormat format = pixel_format(channels, bits);
    if (libjxl().JxlEncoderAddImageFrame(settings, &format, buffer.data(), buffer.size()) != JXL_ENC_SUCCESS)
        return make_error(Errc::InvalidArgument, "libjxl refused the frame (error " +
                                                     std::to_string(int(libjxl().JxlEncoderGetError(encoder.get()))) +
                                                     ")");
    libjxl().JxlEncoderCloseInput(encoder.get());
    return run_encoder(encoder.get());
}

Result<std::vector<uint8_t>> jxl_recompress_jpeg(std::span<const uint8_t> jpeg, int effort)
{
    ROENTGEN_TRY(load_libjxl());
    EncoderPtr encoder(libjxl().JxlEncoderCreate(nullptr));
    if (!encoder)
        return make_error(Errc::LimitExceeded, "libjxl could not create an encoder");
    if (libjxl().JxlEncoderStoreJPEGMetadata(encoder.get(), JXL_TRUE) != JXL_ENC_SUCCESS)
        return make_error(Errc::InvalidArgument, "libjxl refused to keep JPEG reconstruction data");
    JxlEncoderFrameSettings* settings = libjxl().JxlEncoderFrameSettingsCreate(encoder.get(), nullptr);
    if (!settings ||
        libjxl().JxlEncoderFrameSettingsSetOption(settings, JXL_ENC_FRAME_SETTING_EFFORT, effort) != JXL_ENC_SUCCESS)
        return make_error(Errc::InvalidArgument, "libjxl refused the frame settings");
    if (libjxl().JxlEncoderAddJPEGFrame(settings, jpeg.data(), jpeg.size()) != JXL_ENC_SUCCESS)
        return make_error(Errc::InvalidArgument, "libjxl cannot recompress this JPEG (error " +
                                                     std::to_string(int(libjxl().JxlEncoderGetError(encoder.get()))) +
                                                     ")");
    libjxl().JxlEncoderCloseInput(encoder.get());
    return run_encoder(encoder.get());
}

} // namespace roentgen::internal
