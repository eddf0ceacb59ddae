// pixel/codecs/j2k/j2k_codec.cpp — the PixelCodec for JPEG 2000: syntax checks, quality mapping, Photometric after MCT.
#include "pixel/codecs/j2k/j2k_codec.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "dict/generated/uids.h"
#include "pixel/codecs/codec_support.h"
#include "pixel/codecs/j2k/openjpeg_adapter.h"

namespace roentgen {

namespace {

constexpr std::array<std::string_view, 4> j2k_syntaxes = {uids::JPEG2000Lossless, uids::JPEG2000,
                                                          uids::JPEG2000MCLossless, uids::JPEG2000MC};
constexpr int default_quality = 90;

bool is_ours(std::string_view uid)
{
    return std::find(j2k_syntaxes.begin(), j2k_syntaxes.end(), uid) != j2k_syntaxes.end();
}

bool is_lossless_only(std::string_view uid)
{
    return uid == uids::JPEG2000Lossless || uid == uids::JPEG2000MCLossless;
}

Result<void> check_encodable(std::string_view uid, const PixelDescription& d)
{
    if (!is_ours(uid))
        return make_error(Errc::Unsupported, "not a JPEG 2000 transfer syntax");
    if (d.bits_allocated == 1) {
        // Segmentation and other bit planes: precision 1 (ISO/IEC 15444-1 A.5.1 allows 1..38).
        if (d.samples_per_pixel != 1 || d.kind != PixelDataKind::Integer ||
            (d.photometric != Photometric::Monochrome1 && d.photometric != Photometric::Monochrome2))
            return make_error(Errc::Unsupported, "1-bit JPEG 2000 encoding takes one monochrome sample");
        return {};
    }
    ROENTGEN_TRY(internal::check_encodable_description("JPEG 2000", d, 1));
    if (!is_lossless_only(uid))
        ROENTGEN_TRY(internal::check_lossy_allowed("JPEG 2000", d));
    return {};
}

/// Compression ratio of the one quality layer for lossy coding: 2^((100 - q) / 10).
float ratio_for_quality(int quality)
{
    if (quality >= 100)
        return 0;
    return float(std::exp2((100.0 - quality) / 10.0));
}

} // namespace

std::span<const std::string_view> J2kCodec::transfer_syntaxes() const
{
    return j2k_syntaxes;
}

bool J2kCodec::can_encode(std::string_view uid, const PixelDescription& d) const
{
    return check_encodable(uid, d).has_value();
}

Result<void> J2kCodec::decode(std::string_view uid, std::span<const std::span<const uint8_t>> fragments,
                              const PixelDescription& d, std::span<uint8_t> out) const
{
    if (!is_ours(uid))
        return make_error(Errc::InvalidArgument, "not a JPEG 2000 transfer syntax");
    ROENTGEN_TRY(internal::check_decode_target("JPEG 2000", d, out, true));
    std::vector<uint8_t> joined;
    auto stream = internal::join_fragments(fragments, joined);
    auto decoded = internal::openjpeg_decode(stream, d, out, internal::threads_within_frame(d));
    if (!decoded)
        return add_context(std::move(decoded).error(), "decoding JPEG 2000");
    if (d.bits_allocated != 1)
        internal::sign_extend(d, out);
    return {};
}

Result<EncodedFrame> J2kCodec::encode(std::string_view uid, std::span<const uint8_t> frame, const PixelDescription& d,
                                      const EncodeOptions& options) const
{
    ROENTGEN_TRY(check_encodable(uid, d));
    ROENTGEN_TRY(internal::check_frame_size(d, frame));
    const bool lossy = !is_lossless_only(uid);
    const int quality = options.quality.value_or(default_quality);
    if (lossy && (quality < 1 || quality > 100))
        return make_error(Errc::InvalidArgument, "JPEG 2000 quality " + std::to_string(quality) + " is not 1..100");
    internal::OpenJpegEncodeParams params;
    params.reversible = !lossy;
    params.ratio = lossy ? ratio_for_quality(quality) : 0;
    params.mct = d.samples_per_pixel == 3 && d.photometric == Photometric::Rgb;
    params.threads = internal::threads_within_frame(d);
    auto bytes = internal::openjpeg_encode(frame, d, params);
    if (!bytes)
        return add_context(std::move(bytes).error(), "encoding JPEG 2000");
    EncodedFrame encoded;
    encoded.bytes = std::move(*bytes);
    internal::pad_to_even(encoded.bytes);
    // PS3.5 8.2.4: RGB coded with the component transform is described as YBR_RCT or YBR_ICT.
    if (params.mct)
        encoded.photometric = lossy ? Photometric::YbrIct : Photometric::YbrRct;
    else
        encoded.photometric = internal::photometric_unchanged(d);
    encoded.planar = false; // PS3.5 8.2.4: Planar Configuration 0
    encoded.lossy = lossy;
    return encoded;
}

} // namespace roentgen
