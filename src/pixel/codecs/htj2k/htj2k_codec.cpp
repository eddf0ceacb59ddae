// pixel/codecs/htj2k/htj2k_codec.cpp — the PixelCodec for HTJ2K: syntax rules of PS3.5 10.18, OpenJPEG decoding.
#include "pixel/codecs/htj2k/htj2k_codec.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "dict/generated/uids.h"
#include "pixel/codecs/codec_support.h"
#include "pixel/codecs/htj2k/codestream_markers.h"
#include "pixel/codecs/htj2k/openjph_adapter.h"
#include "pixel/codecs/j2k/openjpeg_adapter.h"

namespace roentgen {

namespace {

constexpr std::array<std::string_view, 3> htj2k_syntaxes = {uids::HTJ2KLossless, uids::HTJ2KLosslessRPCL, uids::HTJ2K};
constexpr int default_quality = 90;

bool is_ours(std::string_view uid)
{
    return std::find(htj2k_syntaxes.begin(), htj2k_syntaxes.end(), uid) != htj2k_syntaxes.end();
}

Result<void> check_encodable(std::string_view uid, const PixelDescription& d)
{
    if (!is_ours(uid))
        return make_error(Errc::Unsupported, "not an HTJ2K transfer syntax");
    ROENTGEN_TRY(internal::check_encodable_description("HTJ2K", d, 1));
    if (uid == uids::HTJ2K)
        ROENTGEN_TRY(internal::check_lossy_allowed("HTJ2K", d));
    return {};
}

/// Decompositions that bring the lowest resolution to at most 64x64 (PS3.5 10.18, for .202).
unsigned decompositions_for_thumbnail(uint32_t columns, uint32_t rows)
{
    unsigned levels = 0;
    uint32_t largest = std::max(columns, rows);
    while ((largest + (1u << levels) - 1) >> levels > 64)
        ++levels;
    return levels;
}

/// At most five decompositions, fewer when the image is too small to halve that often.
unsigned default_decompositions(uint32_t columns, uint32_t rows)
{
    unsigned levels = 0;
    uint32_t smallest = std::min(columns, rows);
    while (levels < 5 && (smallest >> (levels + 1)) >= 1)
        ++levels;
    return levels;
}

} // namespace

std::span<const std::string_view> Htj2kCodec::transfer_syntaxes() const
{
    return htj2k_syntaxes;
}

bool Htj2kCodec::can_encode(std::string_view uid, const PixelDescription& d) const
{
    return check_encodable(uid, d).has_value();
}

Result<void> Htj2kCodec::decode(std::string_view uid, std::span<const std::span<const uint8_t>> fragments,
                                const PixelDescription& d, std::span<uint8_t> out) const
{
    if (!is_ours(uid))
        return make_error(Errc::InvalidArgument, "not an HTJ2K transfer syntax");
    ROENTGEN_TRY(internal::check_decode_target("HTJ2K", d, out));
    std::vector<uint8_t> joined;
    auto stream = internal::join_fragments(fragments, joined);
    auto codestream = internal::find_codestream(stream);
    if (!codestream)
        return make_error(Errc::Malformed, "decoding HTJ2K: neither a codestream (SOC) nor a JPH/JP2 file");
    // OpenJPEG, not OpenJPH, decodes: see htj2k_codec.h.
    auto decoded = internal::openjpeg_decode(*codestream, d, out, internal::threads_within_frame(d));
    if (!decoded)
        return add_context(std::move(decoded).error(), "decoding HTJ2K");
    internal::sign_extend(d, out);
    return {};
}

Result<EncodedFrame> Htj2kCodec::encode(std::string_view uid, std::span<const uint8_t> frame, const PixelDescription& d,
                                        const EncodeOptions& options) const
{
    ROENTGEN_TRY(check_encodable(uid, d));
    ROENTGEN_TRY(internal::check_frame_size(d, frame));
    const bool lossy = uid == uids::HTJ2K;
    const int quality = options.quality.value_or(default_quality);
    if (lossy && (quality < 1 || quality > 100))
        return make_error(Errc::InvalidArgument, "HTJ2K quality " + std::to_string(quality) + " is not 1..100");
    internal::OpenJphEncodeParams params;
    params.reversible = !lossy;
    params.color_transform = d.samples_per_pixel == 3 && d.photometric == Photometric::Rgb;
    params.quantization_step = float(std::exp2((100.0 - quality) / 10.0 - d.bits_stored));
    params.progression = "RPCL";
    params.decompositions = uid == uids::HTJ2KLosslessRPCL ? decompositions_for_thumbnail(d.columns, d.rows)
                                                           : default_decompositions(d.columns, d.rows);
    auto bytes = internal::openjph_encode(frame, d, params);
    if (!bytes)
        return add_context(std::move(bytes).error(), "encoding HTJ2K");
    EncodedFrame encoded;
    if (uid == uids::HTJ2KLosslessRPCL) {
        auto with_tlm = internal::with_tlm_marker(*bytes);
        if (!with_tlm)
            return add_context(std::move(with_tlm).error(), "adding TLM to the HTJ2K codestream");
        encoded.bytes = std::move(*with_tlm);
    } else {
        encoded.bytes = std::move(*bytes);
    }
    internal::pad_to_even(encoded.bytes);
    if (params.color_transform)
        encoded.photometric = lossy ? Photometric::YbrIct : Photometric::YbrRct;
    else
        encoded.photometric = internal::photometric_unchanged(d);
    encoded.planar = false;
    encoded.lossy = lossy;
    return encoded;
}

} // namespace roentgen
