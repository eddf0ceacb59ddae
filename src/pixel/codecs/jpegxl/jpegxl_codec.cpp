// pixel/codecs/jpegxl/jpegxl_codec.cpp — the PixelCodec for JPEG XL: syntax checks, quality mapping, the .111 path.
#include "pixel/codecs/jpegxl/jpegxl_codec.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "dict/generated/uids.h"
#include "pixel/codecs/codec_support.h"
#include "pixel/codecs/jpegxl/jpeg_ycbcr_decoder.h"
#include "pixel/codecs/jpegxl/libjxl_adapter.h"

namespace roentgen {

namespace {

constexpr std::array<std::string_view, 3> jxl_syntaxes = {uids::JPEGXLLossless, uids::JPEGXLJPEGRecompression,
                                                          uids::JPEGXL};
constexpr int default_quality = 90;
// libjxl effort for lossless frames. On 512x512 12-bit CT-like frames (Release, one thread, the
// speed test in tests/pixel/jpegxl_test.cpp): effort 2 gives 5.25 bits/pixel at 42 MB/s encode
// and 58 MB/s decode; effort 7 (libjxl's default) 4.73 bits/pixel at 4.6 and 20 MB/s. A 10%
// smaller file is not worth a 9x slower transcode here.
constexpr int lossless_effort = 2;
constexpr int lossy_effort = 7;

bool is_ours(std::string_view uid)
{
    return std::find(jxl_syntaxes.begin(), jxl_syntaxes.end(), uid) != jxl_syntaxes.end();
}

Result<void> check_encodable(std::string_view uid, const PixelDescription& d)
{
    if (uid == uids::JPEGXLJPEGRecompression)
        return make_error(Errc::Unsupported, "JPEG XL JPEG Recompression is made from a JPEG bitstream "
                                             "(recompress_jpeg_as_jpeg_xl), not from pixels");
    if (!is_ours(uid))
        return make_error(Errc::Unsupported, "not a JPEG XL transfer syntax");
    ROENTGEN_TRY(internal::check_encodable_description("JPEG XL", d, 1));
    if (uid == uids::JPEGXL)
        ROENTGEN_TRY(internal::check_lossy_allowed("JPEG XL", d));
    if (uid == uids::JPEGXL && d.is_signed)
        return make_error(Errc::Unsupported, "JPEG XL has no signed samples; lossy coding of signed data would "
                                             "wrap around zero");
    return {};
}

/// cjxl's quality-to-distance mapping (libjxl tools/cjxl_main.cc).
float distance_for_quality(int quality)
{
    if (quality >= 100)
        return 0.1f;
    if (quality >= 30)
        return float(0.1 + (100 - quality) * 0.09);
    return float(6.4 + std::pow(2.5, (30 - quality) / 5.0) / 6.25);
}

/// Full-range RGB to YCbCr, ITU-T T.871 (JFIF) equations, rounded and clamped.
void rgb_to_ycbcr(std::span<uint8_t> pixels)
{
    auto clamp = [](double v) { return uint8_t(std::clamp(std::lround(v), 0L, 255L)); };
    for (size_t i = 0; i + 2 < pixels.size(); i += 3) {
        double r = pixels[i], g = pixels[i + 1], b = pixels[i + 2];
        pixels[i] = clamp(0.299 * r + 0.587 * g + 0.114 * b);
        pixels[i + 1] = clamp(-0.168736 * r - 0.331264 * g + 0.5 * b + 128);
        pixels[i + 2] = clamp(0.5 * r - 0.418688 * g - 0.081312 * b + 128);
    }
}

bool is_ybr(Photometric photometric)
{
    return photometric == Photometric::YbrFull || photometric == Photometric::YbrFull422 ||
           photometric == Photometric::YbrPartial420;
}

Result<void> decode_recompressed(std::span<const uint8_t> stream, const PixelDescription& d, std::span<uint8_t> out)
{
    ROENTGEN_TRY(auto jpeg, internal::jxl_reconstruct_jpeg(stream));
    const bool ybr = is_ybr(d.photometric);
    if (jpeg)
        return internal::decode_jpeg_8bit(*jpeg, d, ybr ? internal::JpegColour::AsCoded : internal::JpegColour::Rgb,
                                          out);
    ROENTGEN_TRY(internal::jxl_decode_pixels(stream, d, out, internal::threads_within_frame(d)));
    if (ybr && d.samples_per_pixel == 3 && d.bits_allocated == 8)
        rgb_to_ycbcr(out);
    return {};
}

} // namespace

std::span<const std::string_view> JpegXlCodec::transfer_syntaxes() const
{
    return jxl_syntaxes;
}

bool JpegXlCodec::can_encode(std::string_view uid, const PixelDescription& d) const
{
    return check_encodable(uid, d).has_value();
}

Result<void> JpegXlCodec::decode(std::string_view uid, std::span<const std::span<const uint8_t>> fragments,
                                 const PixelDescription& d, std::span<uint8_t> out) const
{
    if (!is_ours(uid))
        return make_error(Errc::InvalidArgument, "not a JPEG XL transfer syntax");
    ROENTGEN_TRY(internal::check_decode_target("JPEG XL", d, out));
    std::vector<uint8_t> joined;
    auto stream = internal::join_fragments(fragments, joined);
    auto decoded = uid == uids::JPEGXLJPEGRecompression
                       ? decode_recompressed(stream, d, out)
                       : internal::jxl_decode_pixels(stream, d, out, internal::threads_within_frame(d));
    if (!decoded)
        return add_context(std::move(decoded).error(), "decoding JPEG XL");
    internal::sign_extend(d, out);
    return {};
}

Result<EncodedFrame> JpegXlCodec::encode(std::string_view uid, std::span<const uint8_t> frame,
                                         const PixelDescription& d, const EncodeOptions& options) const
{
    ROENTGEN_TRY(check_encodable(uid, d));
    ROENTGEN_TRY(internal::check_frame_size(d, frame));
    const bool lossy = uid == uids::JPEGXL;
    const int quality = options.quality.value_or(default_quality);
    if (lossy && (quality < 1 || quality > 100))
        return make_error(Errc::InvalidArgument, "JPEG XL quality " + std::to_string(quality) + " is not 1..100");
    internal::JxlEncodeParams params;
    params.lossless = !lossy;
    params.distance = distance_for_quality(quality);
    params.effort = lossy ? lossy_effort : lossless_effort;
    params.threads = internal::threads_within_frame(d);
    auto bytes = internal::jxl_encode_pixels(frame, d, params);
    if (!bytes)
        return add_context(std::move(bytes).error(), "encoding JPEG XL");
    EncodedFrame encoded;
    encoded.bytes = std::move(*bytes);
    internal::pad_to_even(encoded.bytes);
    encoded.photometric = internal::photometric_unchanged(d);
    encoded.planar = false;
    encoded.lossy = lossy;
    return encoded;
}

Result<std::vector<uint8_t>> recompress_jpeg_as_jpeg_xl(std::span<const uint8_t> jpeg)
{
    auto bytes = internal::jxl_recompress_jpeg(jpeg, lossy_effort);
    if (!bytes)
        return add_context(std::move(bytes).error(), "recompressing JPEG as JPEG XL");
    internal::pad_to_even(*bytes);
    return bytes;
}

Result<std::vector<uint8_t>> reconstruct_jpeg_from_jpeg_xl(std::span<const uint8_t> jpeg_xl)
{
    ROENTGEN_TRY(auto jpeg, internal::jxl_reconstruct_jpeg(jpeg_xl));
    if (!jpeg)
        return make_error(Errc::NotFound, "the JPEG XL stream carries no JPEG reconstruction data");
    return std::move(*jpeg);
}

} // namespace roentgen
