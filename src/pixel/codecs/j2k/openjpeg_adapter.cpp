// pixel/codecs/j2k/openjpeg_adapter.cpp — OpenJPEG memory streams, message capture, decode and encode of one frame.
#include "pixel/codecs/j2k/openjpeg_adapter.h"

#include <openjpeg.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include "base/endian.h"
#include "pixel/codecs/codec_support.h"

namespace roentgen::internal {

namespace {

struct CodecDeleter {
    void operator()(opj_codec_t* codec) const { opj_destroy_codec(codec); }
};
struct StreamDeleter {
    void operator()(opj_stream_t* stream) const { opj_stream_destroy(stream); }
};
struct ImageDeleter {
    void operator()(opj_image_t* image) const { opj_image_destroy(image); }
};
using CodecPtr = std::unique_ptr<opj_codec_t, CodecDeleter>;
using StreamPtr = std::unique_ptr<opj_stream_t, StreamDeleter>;
using ImagePtr = std::unique_ptr<opj_image_t, ImageDeleter>;

/// OpenJPEG's error messages for one call, kept instead of printed.
struct Messages {
    std::string errors;
};

void on_error(const char* message, void* user)
{
    auto& errors = static_cast<Messages*>(user)->errors;
    if (errors.size() < 400) {
        std::string text(message);
        while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
            text.pop_back();
        errors += (errors.empty() ? "" : "; ") + text;
    }
}

void on_nothing(const char*, void*) {}

void capture_messages(opj_codec_t* codec, Messages& messages)
{
    opj_set_error_handler(codec, on_error, &messages);
    opj_set_warning_handler(codec, on_nothing, nullptr);
    opj_set_info_handler(codec, on_nothing, nullptr);
}

Error openjpeg_error(Errc code, std::string step, const Messages& messages)
{
    return Error{code, step + (messages.errors.empty() ? "" : ": " + messages.errors)};
}

/// A read-only memory stream for opj_stream_create's callbacks.
struct MemoryReader {
    std::span<const uint8_t> data;
    size_t position = 0;
};

OPJ_SIZE_T read_memory(void* buffer, OPJ_SIZE_T size, void* user)
{
    auto& reader = *static_cast<MemoryReader*>(user);
    if (reader.position >= reader.data.size())
        return OPJ_SIZE_T(-1); // end of stream, as opj_stream expects
    size_t count = std::min<size_t>(size, reader.data.size() - reader.position);
    std::memcpy(buffer, reader.data.data() + reader.position, count);
    reader.position += count;
    return count;
}

OPJ_OFF_T skip_memory(OPJ_OFF_T count, void* user)
{
    auto& reader = *static_cast<MemoryReader*>(user);
    if (count < 0) {
        if (OPJ_UINT64(-count) > reader.position)
            return -1;
    } else {
        count = std::min<OPJ_OFF_T>(count, OPJ_OFF_T(reader.data.size() - reader.position));
    }
    reader.position = size_t(OPJ_OFF_T(reader.position) + count);
    return count;
}

OPJ_BOOL seek_memory(OPJ_OFF_T offset, void* user)
{
    auto& reader = *static_cast<MemoryReader*>(user);
    if (offset < 0 || OPJ_UINT64(offset) > reader.data.size())
        return OPJ_FALSE;
    reader.position = size_t(offset);
    return OPJ_TRUE;
}

StreamPtr reading_stream(MemoryReader& reader)
{
    StreamPtr stream(opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_TRUE));
    if (!stream)
        return stream;
    opj_stream_set_user_data(stream.get(), &reader, nullptr);
    opj_stream_set_user_data_length(stream.get(), reader.data.size());
    opj_stream_set_read_function(stream.get(), read_memory);
    opj_stream_set_skip_function(stream.get(), skip_memory);
    opj_stream_set_seek_function(stream.get(), seek_memory);
    return stream;
}

/// A growing memory sink; OpenJPEG seeks back to patch marker lengths.
struct MemoryWriter {
    std::vector<uint8_t> data;
    size_t position = 0;
};

OPJ_SIZE_T write_memory(void* buffer, OPJ_SIZE_T size, void* user)
{
    auto& writer = *static_cast<MemoryWriter*>(user);
    if (writer.position + size > writer.data.size())
        writer.data.resize(writer.position + size);
    std::memcpy(writer.data.data() + writer.position, buffer, size);
    writer.position += size;
    return size;
}

OPJ_OFF_T skip_written(OPJ_OFF_T count, void* user)
{
    auto& writer = *static_cast<MemoryWriter*>(user);
    if (count < 0 && OPJ_UINT64(-count) > writer.position)
        return -1;
    writer.position = size_t(OPJ_OFF_T(writer.position) + count);
    if (writer.position > writer.data.size())
        writer.data.resize(writer.position);
    return count;
}

OPJ_BOOL seek_written(OPJ_OFF_T offset, void* user)
{
    auto& writer = *static_cast<MemoryWriter*>(user);
    if (offset < 0)
        return OPJ_FALSE;
    writer.position = size_t(offset);
    if (writer.position > writer.data.size())
        writer.data.resize(writer.position);
    return OPJ_TRUE;
}

/// JP2 files begin with the signature box (ISO/IEC 15444-1 I.5.1); codestreams with SOC.
bool is_jp2(std::span<const uint8_t> stream)
{
    static constexpr uint8_t signature[] = {0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A};
    return stream.size() >= sizeof signature && std::memcmp(stream.data(), signature, sizeof signature) == 0;
}

/// The codestream of a JP2 file: the contents of its first top-level 'jp2c' box (ISO/IEC 15444-1
/// I.5.4, I.4: LBox 1 means an XLBox follows, 0 that the box runs to the end); nothing when none.
std::optional<std::span<const uint8_t>> jp2_codestream(std::span<const uint8_t> file)
{
    size_t at = 0;
    while (file.size() - at >= 8) {
        uint64_t length = load<uint32_t>(file.data() + at, ByteOrder::Big);
        size_t header = 8;
        if (length == 1) {
            if (file.size() - at < 16)
                return std::nullopt;
            length = load<uint64_t>(file.data() + at + 8, ByteOrder::Big);
            header = 16;
        } else if (length == 0) {
            length = file.size() - at;
        }
        if (length < header || length > file.size() - at)
            return std::nullopt;
        if (std::memcmp(file.data() + at + 4, "jp2c", 4) == 0)
            return file.subspan(at + header, size_t(length) - header);
        at += size_t(length);
    }
    return std::nullopt;
}

/// Checks the SIZ marker segment (ISO/IEC 15444-1 A.5.1, the first after SOC) against the data set
/// before OpenJPEG reads the header: opj_read_header allocates per tile (about 1.4 KB each, up to
/// 65535 tiles, 93 MB) for whatever image size SIZ declares, so a few bytes could claim a huge
/// image of 1x1 tiles. Tiles must average at least 16 pixels, which no real encoder undercuts.
Result<void> check_size_marker(std::span<const uint8_t> codestream, const PixelDescription& d)
{
    constexpr size_t siz_fixed = 2 + 2 + 2 + 8 * 4 + 2; // marker, Lsiz, Rsiz, eight sizes, Csiz
    if (codestream.size() < 2 + siz_fixed || codestream[2] != 0xFF || codestream[3] != 0x51)
        return make_error(Errc::Malformed, "JPEG 2000 codestream has no SIZ marker segment after SOC");
    auto u32 = [&](size_t index) { return uint64_t(load<uint32_t>(codestream.data() + 8 + 4 * index, ByteOrder::Big)); };
    const uint64_t x = u32(0), y = u32(1), x_offset = u32(2), y_offset = u32(3);
    const uint64_t tile_x = u32(4), tile_y = u32(5), tile_x_offset = u32(6), tile_y_offset = u32(7);
    const unsigned components = load<uint16_t>(codestream.data() + 40, ByteOrder::Big);
    if (x <= x_offset || y <= y_offset || x - x_offset != d.columns || y - y_offset != d.rows)
        return make_error(Errc::Malformed, "JPEG 2000 SIZ declares a " + std::to_string(x - std::min(x, x_offset)) +
                                               "x" + std::to_string(y - std::min(y, y_offset)) +
                                               " image; the data set says " + std::to_string(d.columns) + "x" +
                                               std::to_string(d.rows));
    if (components != d.samples_per_pixel)
        return make_error(Errc::Malformed, "JPEG 2000 image has " + std::to_string(components) +
                                               " components; Samples per Pixel is " +
                                               std::to_string(d.samples_per_pixel));
    // A.5.1: the first tile holds the image origin (XTOsiz <= XOsiz < XTOsiz + XTsiz).
    if (tile_x == 0 || tile_y == 0 || tile_x_offset > x_offset || tile_y_offset > y_offset ||
        x_offset >= tile_x_offset + tile_x || y_offset >= tile_y_offset + tile_y)
        return make_error(Errc::Malformed, "JPEG 2000 SIZ has an invalid tile grid");
    const uint64_t tiles = ((x - tile_x_offset + tile_x - 1) / tile_x) * ((y - tile_y_offset + tile_y - 1) / tile_y);
    if (tiles > 1 + d.pixels_per_frame() / 16)
        return make_error(Errc::Malformed, "JPEG 2000 SIZ declares " + std::to_string(tiles) + " tiles for " +
                                               std::to_string(d.pixels_per_frame()) + " pixels");
    return {};
}

Result<void> check_image(const opj_image_t& image, const PixelDescription& d)
{
    if (image.numcomps != d.samples_per_pixel)
        return make_error(Errc::Malformed, "JPEG 2000 image has " + std::to_string(image.numcomps) +
                                               " components; Samples per Pixel is " +
                                               std::to_string(d.samples_per_pixel));
    for (unsigned c = 0; c < image.numcomps; ++c) {
        const auto& comp = image.comps[c];
        if (comp.dx != 1 || comp.dy != 1)
            return make_error(Errc::Unsupported, "JPEG 2000 component " + std::to_string(c) + " is subsampled");
        if (comp.w != d.columns || comp.h != d.rows)
            return make_error(Errc::Malformed, "JPEG 2000 component " + std::to_string(c) + " is " +
                                                   std::to_string(comp.w) + "x" + std::to_string(comp.h) +
                                                   "; the data set says " + std::to_string(d.columns) + "x" +
                                                   std::to_string(d.rows));
        const unsigned container = d.bits_allocated == 1 ? 1u : d.bytes_per_sample() * 8;
        if (comp.prec < 1 || comp.prec > container)
            return make_error(Errc::Malformed, "JPEG 2000 precision " + std::to_string(comp.prec) +
                                                   " does not fit Bits Allocated " + std::to_string(d.bits_allocated));
        if (!comp.data)
            return make_error(Errc::Malformed, "JPEG 2000 component " + std::to_string(c) + " was not decoded");
    }
    return {};
}

void copy_out(const opj_image_t& image, const PixelDescription& d, std::span<uint8_t> out)
{
    const size_t pixels = d.pixels_per_frame();
    const unsigned components = image.numcomps;
    const unsigned bytes = d.bytes_per_sample();
    if (components == 1) {
        const OPJ_INT32* data = image.comps[0].data;
        if (bytes == 1) {
            for (size_t p = 0; p < pixels; ++p)
                out[p] = uint8_t(data[p]);
        } else {
            for (size_t p = 0; p < pixels; ++p)
                store_sample(out.data(), p, 2, data[p]);
        }
        return;
    }
    for (unsigned c = 0; c < components; ++c) {
        const OPJ_INT32* data = image.comps[c].data;
        for (size_t p = 0; p < pixels; ++p)
            store_sample(out.data(), p * components + c, bytes, data[p]);
    }
}

unsigned resolutions_for(uint32_t columns, uint32_t rows)
{
    // Each decomposition halves the lowest resolution; OpenJPEG needs it to stay >= 1 pixel.
    unsigned smallest = std::min(columns, rows);
    unsigned levels = 0;
    while (levels < 5 && (smallest >> (levels + 1)) >= 1)
        ++levels;
    return levels + 1;
}

} // namespace

Result<void> openjpeg_decode(std::span<const uint8_t> stream, const PixelDescription& d, std::span<uint8_t> out,
                             unsigned threads)
{
    if (stream.size() < 2)
        return make_error(Errc::Truncated, "JPEG 2000 stream of " + std::to_string(stream.size()) + " bytes");
    const bool jp2 = is_jp2(stream);
    if (!jp2 && !(stream[0] == 0xFF && stream[1] == 0x4F))
        return make_error(Errc::Malformed, "neither a JPEG 2000 codestream (SOC) nor a JP2 file");
    auto codestream = jp2 ? jp2_codestream(stream) : std::optional(stream);
    if (!codestream || codestream->size() < 2 || (*codestream)[0] != 0xFF || (*codestream)[1] != 0x4F)
        return make_error(Errc::Malformed, "JP2 file without a JPEG 2000 codestream box");
    ROENTGEN_TRY(check_size_marker(*codestream, d));
    Messages messages;
    CodecPtr codec(opj_create_decompress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K));
    if (!codec)
        return make_error(Errc::LimitExceeded, "OpenJPEG could not create a decoder");
    capture_messages(codec.get(), messages);
    opj_dparameters_t parameters;
    opj_set_default_decoder_parameters(&parameters);
    if (!opj_setup_decoder(codec.get(), &parameters))
        return std::unexpected(openjpeg_error(Errc::Malformed, "setting up the JPEG 2000 decoder", messages));
    // Strict mode: a truncated stream is an error, not an image with missing code-blocks.
    opj_decoder_set_strict_mode(codec.get(), OPJ_TRUE);
    if (threads > 1)
        opj_codec_set_threads(codec.get(), int(threads));
    MemoryReader reader{stream};
    StreamPtr input = reading_stream(reader);
    if (!input)
        return make_error(Errc::LimitExceeded, "OpenJPEG could not create a stream");
    opj_image_t* raw_image = nullptr;
    bool header = opj_read_header(input.get(), codec.get(), &raw_image);
    ImagePtr image(raw_image);
    if (!header || !image)
        return std::unexpected(openjpeg_error(Errc::Malformed, "reading the JPEG 2000 header", messages));
    if (image->numcomps != d.samples_per_pixel)
        return std::unexpected(openjpeg_error(Errc::Malformed,
                                              "JPEG 2000 image has " + std::to_string(image->numcomps) +
                                                  " components; Samples per Pixel is " +
                                                  std::to_string(d.samples_per_pixel),
                                              messages));
    if (uint64_t(image->x1 - image->x0) != d.columns || uint64_t(image->y1 - image->y0) != d.rows)
        return make_error(Errc::Malformed, "JPEG 2000 image is " + std::to_string(image->x1 - image->x0) + "x" +
                                               std::to_string(image->y1 - image->y0) + "; the data set says " +
                                               std::to_string(d.columns) + "x" + std::to_string(d.rows));
    if (!opj_decode(codec.get(), input.get(), image.get()) || !opj_end_decompress(codec.get(), input.get()))
        return std::unexpected(openjpeg_error(Errc::Malformed, "decoding JPEG 2000", messages));
    ROENTGEN_TRY(check_image(*image, d));
    copy_out(*image, d, out);
    return {};
}

Result<std::vector<uint8_t>> openjpeg_encode(std::span<const uint8_t> frame, const PixelDescription& d,
                                             const OpenJpegEncodeParams& params)
{
    const unsigned components = d.samples_per_pixel;
    const unsigned precision = d.bits_allocated == 1 ? 1u : d.bits_stored;
    std::vector<opj_image_cmptparm_t> component_parameters(components);
    for (auto& c : component_parameters) {
        std::memset(&c, 0, sizeof c);
        c.dx = 1;
        c.dy = 1;
        c.w = d.columns;
        c.h = d.rows;
        c.prec = precision;
        c.sgnd = d.is_signed && d.bits_allocated != 1 ? 1 : 0;
    }
    ImagePtr image(
        opj_image_create(components, component_parameters.data(), components == 3 ? OPJ_CLRSPC_SRGB : OPJ_CLRSPC_GRAY));
    if (!image)
        return make_error(Errc::LimitExceeded, "OpenJPEG could not allocate a " + std::to_string(d.columns) + "x" +
                                                   std::to_string(d.rows) + " image");
    image->x0 = 0;
    image->y0 = 0;
    image->x1 = d.columns;
    image->y1 = d.rows;
    const size_t pixels = d.pixels_per_frame();
    const unsigned bytes = d.bytes_per_sample();
    for (unsigned c = 0; c < components; ++c) {
        OPJ_INT32* data = image->comps[c].data;
        if (d.bits_allocated == 1) {
            for (size_t p = 0; p < pixels; ++p)
                data[p] = frame[p] & 1;
        } else {
            for (size_t p = 0; p < pixels; ++p)
                data[p] = load_value(frame.data(), p * components + c, bytes, precision, d.is_signed);
        }
    }

    opj_cparameters_t parameters;
    opj_set_default_encoder_parameters(&parameters);
    parameters.tcp_numlayers = 1;
    parameters.tcp_rates[0] = params.ratio;
    parameters.cp_disto_alloc = 1;
    parameters.irreversible = params.reversible ? 0 : 1;
    parameters.tcp_mct = char(params.mct && components == 3 ? 1 : 0);
    parameters.numresolution = int(resolutions_for(d.columns, d.rows));

    Messages messages;
    CodecPtr codec(opj_create_compress(OPJ_CODEC_J2K));
    if (!codec)
        return make_error(Errc::LimitExceeded, "OpenJPEG could not create an encoder");
    capture_messages(codec.get(), messages);
    if (!opj_setup_encoder(codec.get(), &parameters, image.get()))
        return std::unexpected(openjpeg_error(Errc::InvalidArgument, "setting up the JPEG 2000 encoder", messages));
    if (params.threads > 1)
        opj_codec_set_threads(codec.get(), int(params.threads));
    MemoryWriter writer;
    writer.data.reserve(size_t(d.decoded_frame_bytes() / 2 + 1024));
    StreamPtr output(opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_FALSE));
    if (!output)
        return make_error(Errc::LimitExceeded, "OpenJPEG could not create a stream");
    opj_stream_set_user_data(output.get(), &writer, nullptr);
    opj_stream_set_write_function(output.get(), write_memory);
    opj_stream_set_skip_function(output.get(), skip_written);
    opj_stream_set_seek_function(output.get(), seek_written);
    if (!opj_start_compress(codec.get(), image.get(), output.get()) || !opj_encode(codec.get(), output.get()) ||
        !opj_end_compress(codec.get(), output.get()))
        return std::unexpected(openjpeg_error(Errc::InvalidArgument, "encoding JPEG 2000", messages));
    output.reset();
    return std::move(writer.data);
}

} // namespace roentgen::internal
