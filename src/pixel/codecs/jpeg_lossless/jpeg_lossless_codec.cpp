// pixel/codecs/jpeg_lossless/jpeg_lossless_codec.cpp — the PixelCodec for process 14: checks, fragment joining, quirk
// retry, sign extension.
#include "pixel/codecs/jpeg_lossless/jpeg_lossless_codec.h"

#include <string>
#include <vector>

#include "base/endian.h"
#include "dict/generated/uids.h"
#include "pixel/codecs/jpeg_lossless/jpeg_lossless_decoder.h"
#include "pixel/codecs/jpeg_lossless/jpeg_lossless_encoder.h"

namespace roentgen {

namespace {

constexpr std::string_view syntaxes[] = {uids::JPEGLossless, uids::JPEGLosslessSV1};

bool is_ours(std::string_view uid)
{
    return uid == uids::JPEGLossless || uid == uids::JPEGLosslessSV1;
}

Result<void> check_decodable(const PixelDescription& d)
{
    if (d.kind != PixelDataKind::Integer)
        return make_error(Errc::Unsupported, "lossless JPEG holds integer samples only");
    if (d.bits_allocated != 8 && d.bits_allocated != 16)
        return make_error(Errc::Unsupported,
                          "lossless JPEG decodes to Bits Allocated 8 or 16, not " + std::to_string(d.bits_allocated));
    if (d.samples_per_pixel < 1 || d.samples_per_pixel > 4)
        return make_error(Errc::Unsupported,
                          "lossless JPEG with " + std::to_string(d.samples_per_pixel) + " samples per pixel");
    return {};
}

Result<void> check_encodable(std::string_view uid, const PixelDescription& d)
{
    if (!is_ours(uid))
        return make_error(Errc::Unsupported, "not a lossless JPEG transfer syntax");
    ROENTGEN_TRY(check_decodable(d));
    if (d.samples_per_pixel != 1 && d.samples_per_pixel != 3)
        return make_error(Errc::Unsupported, "lossless JPEG encoding takes 1 or 3 samples per pixel");
    if (d.bits_stored < 2 || d.bits_stored > 16 || d.bits_stored > d.bits_allocated)
        return make_error(Errc::Unsupported, "Bits Stored " + std::to_string(d.bits_stored) +
                                                 " cannot be a lossless JPEG precision (2..16)");
    if (d.high_bit + 1 != d.bits_stored)
        return make_error(Errc::Unsupported, "High Bit " + std::to_string(d.high_bit) +
                                                 " is not Bits Stored - 1; the samples are not in the low bits");
    if (d.rows < 1 || d.rows > 65535 || d.columns < 1 || d.columns > 65535)
        return make_error(Errc::Unsupported, "lossless JPEG frames are at most 65535x65535");
    switch (d.photometric) {
    case Photometric::Monochrome1:
    case Photometric::Monochrome2:
    case Photometric::PaletteColor:
    case Photometric::Rgb:
    case Photometric::YbrFull:
    case Photometric::YbrFull422:
        return {};
    default:
        return make_error(Errc::Unsupported, "Photometric Interpretation " + std::string(d.photometric_text) +
                                                 " is not encoded as lossless JPEG");
    }
}

/// Two's complement samples narrower than their container get the sign of their high bit, so
/// that they read as native signed data does (PS3.5 8.1.1; GDCM does the same after decoding).
void sign_extend(const PixelDescription& d, std::span<uint8_t> out)
{
    if (!d.is_signed || d.bits_stored >= d.bits_allocated || d.high_bit + 1 != d.bits_stored)
        return;
    const unsigned shift = d.bits_allocated - d.bits_stored;
    if (d.bits_allocated == 16) {
        for (size_t i = 0; i + 1 < out.size(); i += 2) {
            auto value = int16_t(uint16_t(load_le<uint16_t>(out.data() + i) << shift));
            store_le<uint16_t>(out.data() + i, uint16_t(value >> shift));
        }
    } else {
        for (auto& byte : out)
            byte = uint8_t(int8_t(uint8_t(byte << shift)) >> shift);
    }
}

} // namespace

std::span<const std::string_view> JpegLosslessCodec::transfer_syntaxes() const
{
    return syntaxes;
}

bool JpegLosslessCodec::can_encode(std::string_view uid, const PixelDescription& description) const
{
    return check_encodable(uid, description).has_value();
}

Result<void> JpegLosslessCodec::decode(std::string_view uid, std::span<const std::span<const uint8_t>> fragments,
                                       const PixelDescription& d, std::span<uint8_t> out) const
{
    if (!is_ours(uid))
        return make_error(Errc::InvalidArgument, "not a lossless JPEG transfer syntax");
    ROENTGEN_TRY(check_decodable(d));
    if (out.size() != d.decoded_frame_bytes())
        return make_error(Errc::InvalidArgument, "output buffer has the wrong size");
    // A frame split over several fragments is one codestream (PS3.5 A.4).
    std::vector<uint8_t> joined;
    std::span<const uint8_t> stream;
    if (fragments.size() == 1) {
        stream = fragments[0];
    } else {
        for (auto fragment : fragments)
            joined.insert(joined.end(), fragment.begin(), fragment.end());
        stream = joined;
    }
    internal::LjpegDecodeTarget target{out, d.columns, d.rows, d.samples_per_pixel, d.bytes_per_sample()};
    auto standard = internal::decode_ljpeg(stream, target);
    // The Cornell encoder's 16-bit streams (see LjpegMode::CornellEncoder) go astray when read per
    // T.81: they fail or leave data unread. Only then are they read DCMTK's +wc way, and that
    // reading is kept if it needed the workaround and used the data exactly. DCMTK and GDCM read
    // them only when told to; the second reading costs nothing on valid streams.
    if (!standard || standard->unused_bytes > 1) {
        std::vector<uint8_t> other(out.size());
        internal::LjpegDecodeTarget other_target = target;
        other_target.out = other;
        auto cornell = internal::decode_ljpeg(stream, other_target, internal::LjpegMode::CornellEncoder);
        if (cornell && cornell->cornell_uses > 0 && cornell->unused_bytes <= 1) {
            std::copy(other.begin(), other.end(), out.begin());
            sign_extend(d, out);
            return {};
        }
    }
    if (!standard)
        return add_context(std::move(standard).error(), "decoding lossless JPEG");
    sign_extend(d, out);
    return {};
}

Result<EncodedFrame> JpegLosslessCodec::encode(std::string_view uid, std::span<const uint8_t> frame,
                                               const PixelDescription& d, const EncodeOptions& options) const
{
    ROENTGEN_TRY(check_encodable(uid, d));
    if (frame.size() != d.decoded_frame_bytes())
        return make_error(Errc::InvalidArgument, "frame holds " + std::to_string(frame.size()) + " bytes, " +
                                                     std::to_string(d.decoded_frame_bytes()) + " expected");
    internal::LjpegEncodeParams params;
    params.width = d.columns;
    params.height = d.rows;
    params.components = d.samples_per_pixel;
    params.precision = d.bits_stored;
    params.predictor = uid == uids::JPEGLosslessSV1 ? 1u : unsigned(options.predictor);
    if (uid == uids::JPEGLossless && (options.predictor < 1 || options.predictor > 7))
        return make_error(Errc::InvalidArgument,
                          "JPEG lossless predictor " + std::to_string(options.predictor) + " is not 1..7");
    // Signed samples narrower than their container are sign-extended and coded at the container's
    // precision, as DCMTK's encoder does: DCMTK's decoder returns the P-bit values without sign
    // extension, so this is what gives every decoder the native signed values back, and
    // prediction then runs smoothly across zero instead of jumping by 2^P.
    std::vector<uint8_t> extended;
    if (d.is_signed && d.bits_stored < 8 * d.bytes_per_sample()) {
        extended.assign(frame.begin(), frame.end());
        sign_extend(d, extended);
        frame = extended;
        params.precision = 8 * d.bytes_per_sample();
    }
    ROENTGEN_TRY(auto bytes, internal::encode_ljpeg(frame, d.bytes_per_sample(), params));
    EncodedFrame encoded;
    encoded.bytes = std::move(bytes);
    if (d.photometric == Photometric::YbrFull422)
        encoded.photometric = Photometric::YbrFull;
    encoded.planar = false; // PS3.5 8.2.1: Planar Configuration 0 for JPEG
    encoded.lossy = false;
    return encoded;
}

} // namespace roentgen
