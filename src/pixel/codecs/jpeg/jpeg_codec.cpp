// pixel/codecs/jpeg/jpeg_codec.cpp — the PixelCodec for lossy JPEG: checks, routing by sample precision between
// libjpeg-turbo and our 12-bit coder, photometric changes.
#include "pixel/codecs/jpeg/jpeg_codec.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "dict/generated/uids.h"
#include "pixel/codecs/codec_support.h"
#include "pixel/codecs/jpeg/dct_decoder.h"
#include "pixel/codecs/jpeg/dct_encoder.h"
#include "pixel/codecs/jpeg/libjpeg_adapter.h"

namespace roentgen {

namespace {

constexpr std::array<std::string_view, 7> jpeg_syntaxes = {
    uids::JPEGBaseline8Bit,
    uids::JPEGExtended12Bit,
    uids::JPEGExtended35,
    uids::JPEGSpectralSelectionNonHierarchical68,
    uids::JPEGSpectralSelectionNonHierarchical79,
    uids::JPEGFullProgressionNonHierarchical1012,
    uids::JPEGFullProgressionNonHierarchical1113,
};

constexpr int default_quality = 90;

bool is_ours(std::string_view uid)
{
    for (auto syntax : jpeg_syntaxes)
        if (uid == syntax)
            return true;
    return false;
}

/// What the frame header (T.81 B.2.2) says, read without decoding; nothing when no SOFn comes
/// before the first scan.
struct FrameKind {
    unsigned marker = 0;
    unsigned precision = 0;
    uint32_t height = 0;
    uint32_t width = 0;
    unsigned components = 0;
};

std::optional<FrameKind> find_frame_header(std::span<const uint8_t> s)
{
    size_t pos = 0;
    while (pos + 1 < s.size()) {
        if (s[pos] != 0xFF || s[pos + 1] == 0xFF || s[pos + 1] == 0x00) {
            ++pos;
            continue;
        }
        unsigned code = s[pos + 1];
        pos += 2;
        if (code == 0xD8 || code == 0x01 || (code >= 0xD0 && code <= 0xD7))
            continue; // no segment
        if (code == 0xD9 || code == 0xDA || pos + 2 > s.size())
            return std::nullopt;
        size_t length = size_t(s[pos] << 8 | s[pos + 1]);
        bool frame = code >= 0xC0 && code <= 0xCF && code != 0xC4 && code != 0xC8 && code != 0xCC;
        if (frame) {
            if (pos + 8 > s.size())
                return std::nullopt;
            const uint8_t* p = s.data() + pos + 2;
            return FrameKind{code, p[0], uint32_t(p[1] << 8 | p[2]), uint32_t(p[3] << 8 | p[4]), p[5]};
        }
        pos += std::max<size_t>(length, 2);
    }
    return std::nullopt;
}

enum class Route { Libjpeg, Own };

Result<Route> route(const std::optional<FrameKind>& frame)
{
    if (!frame || frame->precision == 8)
        return Route::Libjpeg; // libjpeg names what is wrong with a stream that has no frame header
    if (frame->precision != 12)
        return make_error(Errc::Malformed,
                          "DCT-based JPEG sample precision " + std::to_string(frame->precision) + " is not 8 or 12");
    if (frame->marker == 0xC0 || frame->marker == 0xC1 || frame->marker == 0xC2)
        return Route::Own;
    return make_error(Errc::Unsupported,
                      "12-bit JPEG other than Huffman-coded sequential or progressive (SOF1, SOF2) is not supported");
}

/// Tolerated writer bug: fo-dicom's genFile.dcm holds native pixels, no JPEG, in a JPEG Baseline
/// fragment. A frame without an SOI marker whose size is exactly the frame's native size (plus
/// the pad byte) is taken as native samples; anything else without SOI stays an error.
bool holds_native_pixels(std::span<const uint8_t> stream, const std::optional<FrameKind>& frame,
                         const PixelDescription& d)
{
    const uint64_t size = d.decoded_frame_bytes();
    return !frame && d.native_frame_bytes() == size && (stream.size() == size || stream.size() == size + 1) &&
           !(stream.size() >= 2 && stream[0] == 0xFF && stream[1] == 0xD8);
}

/// Tolerated writer bug: a JPEG smaller than the frame. Whole-slide tiles at the right edge of
/// fo-dicom's multiframe.dcm (frame 14 of 140) are coded 55 pixels wide in 240x240 frames; the
/// image is placed at the top left and the rest filled (see place_tile). A larger JPEG, or one
/// with other components, stays an error.
bool is_smaller_tile(const FrameKind& frame, const PixelDescription& d)
{
    return frame.width != 0 && frame.height != 0 && frame.components == d.samples_per_pixel &&
           frame.width <= d.columns && frame.height <= d.rows && (frame.width < d.columns || frame.height < d.rows);
}

/// Copies a decoded smaller tile to the top left of `out` and fills the rest with black: 0, and
/// for YBR data the chrominance midpoint 2^(P-1), so the fill converts to black, not green.
void place_tile(std::span<const uint8_t> tile, const FrameKind& frame, const PixelDescription& d,
                std::span<uint8_t> out)
{
    const unsigned bps = d.bytes_per_sample(), spp = d.samples_per_pixel;
    const bool ybr = d.photometric == Photometric::YbrFull || d.photometric == Photometric::YbrFull422 ||
                     d.photometric == Photometric::YbrPartial420;
    const uint32_t center = 1u << (frame.precision - 1);
    for (size_t i = 0; i < d.pixels_per_frame(); ++i)
        for (unsigned c = 0; c < spp; ++c)
            internal::store_sample(out.data(), i * spp + c, bps, ybr && c > 0 ? int32_t(center) : 0);
    const size_t tile_row = size_t(frame.width) * spp * bps, out_row = size_t(d.columns) * spp * bps;
    for (uint32_t y = 0; y < frame.height; ++y)
        std::copy_n(tile.begin() + ptrdiff_t(y * tile_row), tile_row, out.begin() + ptrdiff_t(y * out_row));
}

/// How a frame is encoded: which coder, and what the data set says afterwards.
struct EncodePlan {
    Route route = Route::Libjpeg;
    unsigned precision = 8;
    std::optional<Photometric> photometric;
};

Result<EncodePlan> plan_encoding(std::string_view uid, const PixelDescription& d)
{
    if (uid != uids::JPEGBaseline8Bit && uid != uids::JPEGExtended12Bit)
        return make_error(Errc::Unsupported, "JPEG encoding writes 1.2.840.10008.1.2.4.50 and .51 only");
    ROENTGEN_TRY(internal::check_encodable_description("JPEG", d, 2));
    if (d.is_signed)
        return make_error(Errc::Unsupported,
                          "lossy JPEG of signed samples is not supported (JPEG samples are unsigned)");
    if (d.photometric == Photometric::PaletteColor)
        return make_error(Errc::Unsupported, "PALETTE COLOR indices are not compressed lossily");
    if (d.rows > 65535 || d.columns > 65535)
        return make_error(Errc::Unsupported, "JPEG frames are at most 65535x65535");
    EncodePlan plan;
    if (d.bits_allocated == 8) {
        if (d.samples_per_pixel == 3)
            plan.photometric = Photometric::YbrFull422; // PS3.5 8.2.1: RGB is converted, YBR subsampled
        return plan;
    }
    if (uid == uids::JPEGBaseline8Bit)
        return make_error(Errc::Unsupported, "JPEG Baseline holds 8-bit samples in Bits Allocated 8, not " +
                                                 std::to_string(d.bits_allocated));
    if (d.samples_per_pixel != 1 || d.bits_stored > 12)
        return make_error(Errc::Unsupported, "12-bit JPEG encoding takes one sample of at most 12 bits, not " +
                                                 std::to_string(d.samples_per_pixel) + " of " +
                                                 std::to_string(d.bits_stored));
    plan.route = Route::Own;
    plan.precision = d.bits_stored <= 8 ? 8 : 12;
    return plan;
}

} // namespace

std::span<const std::string_view> JpegCodec::transfer_syntaxes() const
{
    return jpeg_syntaxes;
}

bool JpegCodec::can_encode(std::string_view uid, const PixelDescription& description) const
{
    return plan_encoding(uid, description).has_value();
}

Result<void> JpegCodec::decode(std::string_view uid, std::span<const std::span<const uint8_t>> fragments,
                               const PixelDescription& d, std::span<uint8_t> out) const
{
    if (!is_ours(uid))
        return make_error(Errc::InvalidArgument, "not a lossy JPEG transfer syntax");
    ROENTGEN_TRY(internal::check_decode_target("JPEG", d, out));
    std::vector<uint8_t> joined;
    auto stream = internal::join_fragments(fragments, joined);
    auto frame = find_frame_header(stream);
    if (holds_native_pixels(stream, frame, d)) {
        std::copy_n(stream.begin(), out.size(), out.begin());
        return {};
    }
    ROENTGEN_TRY(auto path, route(frame));
    internal::DctDecodeTarget target{out, d.columns, d.rows, d.samples_per_pixel, d.bytes_per_sample()};
    std::vector<uint8_t> tile;
    if (frame && is_smaller_tile(*frame, d)) {
        tile.resize(size_t(frame->width) * frame->height * d.samples_per_pixel * d.bytes_per_sample());
        target = {tile, frame->width, frame->height, d.samples_per_pixel, d.bytes_per_sample()};
    }
    if (path == Route::Libjpeg)
        ROENTGEN_TRY(internal::decode_with_libjpeg(stream, target));
    else
        ROENTGEN_TRY(internal::decode_dct_jpeg(stream, target));
    if (!tile.empty())
        place_tile(tile, *frame, d, out);
    internal::sign_extend(d, out);
    return {};
}

Result<EncodedFrame> JpegCodec::encode(std::string_view uid, std::span<const uint8_t> frame, const PixelDescription& d,
                                       const EncodeOptions& options) const
{
    ROENTGEN_TRY(auto plan, plan_encoding(uid, d));
    ROENTGEN_TRY(internal::check_frame_size(d, frame));
    const int quality = options.quality.value_or(default_quality);
    if (quality < 1 || quality > 100)
        return make_error(Errc::InvalidArgument, "JPEG quality " + std::to_string(quality) + " is not 1..100");
    EncodedFrame encoded;
    if (plan.route == Route::Libjpeg) {
        bool ycbcr = d.photometric == Photometric::YbrFull || d.photometric == Photometric::YbrFull422;
        internal::LibjpegEncodeSource source{frame, d.columns, d.rows, d.samples_per_pixel, ycbcr, quality};
        ROENTGEN_TRY(encoded.bytes, internal::encode_with_libjpeg(source));
    } else {
        internal::DctEncodeSource source{frame, d.columns, d.rows, d.bytes_per_sample(), plan.precision, quality};
        ROENTGEN_TRY(encoded.bytes, internal::encode_dct_jpeg(source));
    }
    internal::pad_to_even(encoded.bytes);
    encoded.photometric = plan.photometric;
    encoded.planar = false;
    encoded.lossy = true;
    return encoded;
}

} // namespace roentgen
