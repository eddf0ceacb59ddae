// pixel/codecs/jpegls/jpegls_codec.cpp — JPEG-LS frames through CharLS's C API (no exceptions), layout conversion,
// the fill-byte-before-EOI retry.
#include "pixel/codecs/jpegls/jpegls_codec.h"

#include <charls/charls.h>

#include <algorithm>
#include <array>
#include <bit>
#include <memory>
#include <new>
#include <string>

#include "base/endian.h"
#include "dict/generated/uids.h"
#include "pixel/codecs/codec_support.h"

namespace roentgen {

namespace {

constexpr std::array<std::string_view, 2> jpegls_syntaxes = {uids::JPEGLSLossless, uids::JPEGLSNearLossless};
constexpr int default_near = 2;

bool is_ours(std::string_view uid)
{
    return uid == uids::JPEGLSLossless || uid == uids::JPEGLSNearLossless;
}

struct DecoderDeleter {
    void operator()(charls_jpegls_decoder* decoder) const { charls_jpegls_decoder_destroy(decoder); }
};
struct EncoderDeleter {
    void operator()(charls_jpegls_encoder* encoder) const { charls_jpegls_encoder_destroy(encoder); }
};

Error charls_error(charls::jpegls_errc code, std::string_view step)
{
    Errc errc = Errc::Malformed;
    if (code == charls::jpegls_errc::source_buffer_too_small)
        errc = Errc::Truncated;
    else if (code == charls::jpegls_errc::not_enough_memory)
        errc = Errc::LimitExceeded;
    else if (code == charls::jpegls_errc::parameter_value_not_supported ||
             code == charls::jpegls_errc::encoding_not_supported ||
             code == charls::jpegls_errc::bit_depth_for_transform_not_supported ||
             code == charls::jpegls_errc::color_transform_not_supported ||
             code == charls::jpegls_errc::jpegls_preset_extended_parameter_type_not_supported)
        errc = Errc::Unsupported;
    return Error{errc, std::string(step) + ": " + charls_get_error_message(code)};
}

/// What the stream's header says, read before decoding.
struct StreamInfo {
    charls_frame_info frame{};
    charls::interleave_mode interleave = charls::interleave_mode::none;
};

/// One decode attempt of `stream` into `out` (the decoded layout of pixel_codec.h).
Result<void> decode_stream(std::span<const uint8_t> stream, const PixelDescription& d, std::span<uint8_t> out)
{
    std::unique_ptr<charls_jpegls_decoder, DecoderDeleter> decoder(charls_jpegls_decoder_create());
    if (!decoder)
        return make_error(Errc::LimitExceeded, "CharLS could not create a decoder");
    auto code = charls_jpegls_decoder_set_source_buffer(decoder.get(), stream.data(), stream.size());
    if (code != charls::jpegls_errc::success)
        return std::unexpected(charls_error(code, "reading the JPEG-LS stream"));
    // A SPIFF header (T.87 Annex G) is optional; read_header also reads past it.
    code = charls_jpegls_decoder_read_header(decoder.get());
    if (code != charls::jpegls_errc::success)
        return std::unexpected(charls_error(code, "reading the JPEG-LS header"));
    StreamInfo info;
    code = charls_jpegls_decoder_get_frame_info(decoder.get(), &info.frame);
    if (code == charls::jpegls_errc::success)
        code = charls_jpegls_decoder_get_interleave_mode(decoder.get(), &info.interleave);
    if (code != charls::jpegls_errc::success)
        return std::unexpected(charls_error(code, "reading the JPEG-LS frame header"));

    const auto& f = info.frame;
    if (f.width != d.columns || f.height != d.rows || f.component_count != int32_t(d.samples_per_pixel))
        return make_error(Errc::Malformed, "JPEG-LS frame is " + std::to_string(f.width) + "x" +
                                               std::to_string(f.height) + " with " + std::to_string(f.component_count) +
                                               " components; the data set says " + std::to_string(d.columns) + "x" +
                                               std::to_string(d.rows) + " with " + std::to_string(d.samples_per_pixel));
    if (f.bits_per_sample < 2 || f.bits_per_sample > 16 || (f.bits_per_sample > 8 && d.bits_allocated < 16))
        return make_error(Errc::Malformed, "JPEG-LS precision " + std::to_string(f.bits_per_sample) +
                                               " does not fit Bits Allocated " + std::to_string(d.bits_allocated));

    const unsigned stream_bytes = f.bits_per_sample > 8 ? 2 : 1;
    const unsigned out_bytes = d.bytes_per_sample();
    const unsigned components = d.samples_per_pixel;
    const bool planes = components > 1 && info.interleave == charls::interleave_mode::none;
    const bool direct =
        stream_bytes == out_bytes && !planes && (out_bytes == 1 || std::endian::native == std::endian::little);
    std::vector<uint8_t> scratch;
    std::span<uint8_t> target = out;
    if (!direct) {
        scratch.resize(size_t(d.pixels_per_frame()) * components * stream_bytes);
        target = scratch;
    }
    code = charls_jpegls_decoder_decode_to_buffer(decoder.get(), target.data(), target.size(), 0);
    if (code != charls::jpegls_errc::success)
        return std::unexpected(charls_error(code, "decoding JPEG-LS"));
    if (direct)
        return {};
    // CharLS writes ILV 0 as one plane per component (T.87 B.2.2); ours is interleaved.
    const size_t pixels = d.pixels_per_frame();
    for (size_t p = 0; p < pixels; ++p)
        for (unsigned c = 0; c < components; ++c) {
            size_t from = planes ? c * pixels + p : p * components + c;
            uint32_t v = stream_bytes == 1 ? scratch[from] : uint32_t(scratch[2 * from] | scratch[2 * from + 1] << 8);
            if constexpr (std::endian::native == std::endian::big)
                if (stream_bytes == 2)
                    v = uint16_t(v >> 8 | v << 8);
            internal::store_sample(out.data(), p * components + c, out_bytes, int32_t(v));
        }
    return {};
}

/// Where the stream's final EOI ends, looking past fragment padding: PS3.5 A.4 pads with 0x00,
/// the NEMA WG04 JPEG-LS samples (CT1_JLSL, CT1_JLSN, ...) pad with 0xFF, and DCMTK 3.6.7's
/// dcmcjpls near-lossless pads with an arbitrary (uninitialised) byte. Nothing when the stream
/// does not end with EOI, i.e. is truncated.
std::optional<size_t> end_of_eoi(std::span<const uint8_t> stream)
{
    size_t end = stream.size();
    while (end > 0 && (stream[end - 1] == 0x00 || stream[end - 1] == 0xFF))
        --end;
    for (size_t candidate : {end, stream.size(), stream.size() - std::min<size_t>(1, stream.size())})
        if (candidate >= 4 && stream[candidate - 2] == 0xFF && stream[candidate - 1] == 0xD9)
            return candidate;
    return std::nullopt;
}

/// Whether the stream ends with EOI (past padding). CharLS 2.4.1 reads past the end of a
/// truncated scan as zero bits and never returns (fixed upstream in team-charls/charls#334 and
/// later), so a stream without EOI is refused before CharLS sees it.
bool ends_with_eoi(std::span<const uint8_t> stream)
{
    return end_of_eoi(stream).has_value();
}

/// The stream with the fill bytes before its final EOI removed (0x00 bytes some encoders leave
/// after the entropy-coded data), or nothing when there are none.
std::optional<std::vector<uint8_t>> without_fill_before_eoi(std::span<const uint8_t> stream)
{
    auto eoi_end = end_of_eoi(stream);
    if (!eoi_end)
        return std::nullopt;
    size_t end = *eoi_end;
    size_t eoi = end - 2, data_end = eoi;
    while (data_end > 0 && stream[data_end - 1] == 0x00)
        --data_end;
    if (data_end == eoi || data_end == 0)
        return std::nullopt;
    std::vector<uint8_t> fixed(stream.begin(), stream.begin() + std::ptrdiff_t(data_end));
    fixed.push_back(0xFF);
    fixed.push_back(0xD9);
    return fixed;
}

/// JAI-ImageIO (dcm4che 2's JPEG-LS) computes the default thresholds of T.87 C.2.4.1.1.1 without
/// clamping MAXVAL to 4095, so its streams of more than 12 bits that carry no LSE segment were
/// coded with other thresholds than a conforming decoder assumes. This inserts an LSE segment
/// with JAI's values before the first SOS, as dcm4che's PatchJPEGLS.JAI2ISO does; nothing when
/// the stream has an LSE segment, 12 bits or fewer, or headers that cannot be walked.
std::optional<std::vector<uint8_t>> with_jai_thresholds(std::span<const uint8_t> stream)
{
    if (stream.size() < 4 || stream[0] != 0xFF || stream[1] != 0xD8)
        return std::nullopt;
    size_t at = 2;
    int precision = 0;
    while (at + 4 <= stream.size() && stream[at] == 0xFF) {
        uint8_t marker = stream[at + 1];
        if (marker == 0xDA)
            break;
        if (marker == 0xF8)
            return std::nullopt; // already has coding parameters
        size_t length = size_t(stream[at + 2]) << 8 | stream[at + 3];
        if (length < 2 || at + 2 + length > stream.size())
            return std::nullopt;
        if (marker == 0xF7 && length >= 3)
            precision = stream[at + 4];
        at += 2 + length;
    }
    if (at + 4 > stream.size() || stream[at] != 0xFF || stream[at + 1] != 0xDA || precision <= 12 || precision > 16)
        return std::nullopt;
    const int max = (1 << precision) - 1, factor = (max + 128) >> 8;
    auto clamp = [&](int t, int low) { return t > max || t < low ? low : t; };
    const int t1 = clamp(factor + 2, 1), t2 = clamp(factor * 4 + 3, t1), t3 = clamp(factor * 17 + 4, t2);
    const int reset = 64;
    std::vector<uint8_t> patched(stream.begin(), stream.begin() + std::ptrdiff_t(at));
    patched.insert(patched.end(), {0xFF, 0xF8, 0x00, 0x0D, 0x01});
    for (int value : {max, t1, t2, t3, reset}) {
        patched.push_back(uint8_t(value >> 8));
        patched.push_back(uint8_t(value));
    }
    patched.insert(patched.end(), stream.begin() + std::ptrdiff_t(at), stream.end());
    return patched;
}

Result<void> check_encodable(std::string_view uid, const PixelDescription& d)
{
    if (!is_ours(uid))
        return make_error(Errc::Unsupported, "not a JPEG-LS transfer syntax");
    ROENTGEN_TRY(internal::check_encodable_description("JPEG-LS", d));
    if (d.rows > 65535 || d.columns > 65535)
        return make_error(Errc::Unsupported, "JPEG-LS frames are at most 65535x65535 without an LSE size segment");
    return {};
}

} // namespace

std::span<const std::string_view> JpegLsCodec::transfer_syntaxes() const
{
    return jpegls_syntaxes;
}

bool JpegLsCodec::can_encode(std::string_view uid, const PixelDescription& d) const
{
    return check_encodable(uid, d).has_value();
}

Result<void> JpegLsCodec::decode(std::string_view uid, std::span<const std::span<const uint8_t>> fragments,
                                 const PixelDescription& d, std::span<uint8_t> out) const
{
    if (!is_ours(uid))
        return make_error(Errc::InvalidArgument, "not a JPEG-LS transfer syntax");
    ROENTGEN_TRY(internal::check_decode_target("JPEG-LS", d, out));
    std::vector<uint8_t> joined;
    auto stream = internal::join_fragments(fragments, joined);
    if (!ends_with_eoi(stream))
        return make_error(Errc::Truncated, "JPEG-LS stream of " + std::to_string(stream.size()) +
                                               " bytes does not end with EOI (T.81 B.2.1): truncated");
    auto decoded = decode_stream(stream, d, out);
    if (!decoded) {
        // Read as the standard says, the stream failed; two known peer quirks get one more try
        // each, and the first error stands when neither reads.
        bool read = false;
        for (auto repair : {without_fill_before_eoi, with_jai_thresholds})
            if (auto repaired = repair(stream); repaired && decode_stream(*repaired, d, out)) {
                read = true;
                break;
            }
        if (!read)
            return decoded;
    }
    internal::sign_extend(d, out);
    return {};
}

Result<EncodedFrame> JpegLsCodec::encode(std::string_view uid, std::span<const uint8_t> frame,
                                         const PixelDescription& d, const EncodeOptions& options) const
{
    ROENTGEN_TRY(check_encodable(uid, d));
    ROENTGEN_TRY(internal::check_frame_size(d, frame));
    int near = 0;
    if (uid == uids::JPEGLSNearLossless)
        near = options.near_lossless.value_or(default_near);
    else if (options.near_lossless.value_or(0) != 0)
        return make_error(Errc::InvalidArgument, "JPEG-LS Lossless (1.2.840.10008.1.2.4.80) takes NEAR 0 only");
    if (near > 0)
        ROENTGEN_TRY(internal::check_lossy_allowed("JPEG-LS", d));
    const int max_near = std::min(255, ((1 << d.bits_stored) - 1) / 2);
    if (near < 0 || near > max_near)
        return make_error(Errc::InvalidArgument, "JPEG-LS NEAR " + std::to_string(near) + " is outside 0.." +
                                                     std::to_string(max_near) + " for " +
                                                     std::to_string(d.bits_stored) + " bits (T.87 C.2.3)");

    // Signed samples narrower than their container are coded as the container's sign-extended
    // words at its precision, as DCMTK's dcmcjpls does: decoders that do not sign-extend (DCMTK's
    // among them) then still give the native values back, and JPEG-LS's modular residuals (T.87
    // A.4.5) keep the wrap at zero cheap.
    const unsigned precision = d.is_signed ? 8u * d.bytes_per_sample() : d.bits_stored;
    // CharLS takes samples in the low P bits, one byte for P <= 8, else two in host order.
    const unsigned in_bytes = d.bytes_per_sample();
    const unsigned stream_bytes = precision > 8 ? 2 : 1;
    const size_t count = size_t(d.pixels_per_frame()) * d.samples_per_pixel;
    std::vector<uint8_t> extended;
    if (d.is_signed && d.bits_stored < precision) {
        extended.assign(frame.begin(), frame.end());
        internal::sign_extend(d, extended);
        frame = extended;
    }
    const uint32_t mask = precision >= 32 ? ~0u : (1u << precision) - 1;
    std::vector<uint8_t> samples(count * stream_bytes);
    if (stream_bytes == 1) {
        for (size_t i = 0; i < count; ++i)
            samples[i] = uint8_t(internal::load_sample(frame.data(), i, in_bytes) & mask);
    } else {
        for (size_t i = 0; i < count; ++i) {
            auto v = uint16_t(internal::load_sample(frame.data(), i, in_bytes) & mask);
            std::memcpy(&samples[2 * i], &v, 2);
        }
    }

    std::unique_ptr<charls_jpegls_encoder, EncoderDeleter> encoder(charls_jpegls_encoder_create());
    if (!encoder)
        return make_error(Errc::LimitExceeded, "CharLS could not create an encoder");
    charls_frame_info info{d.columns, d.rows, int32_t(precision), int32_t(d.samples_per_pixel)};
    auto code = charls_jpegls_encoder_set_frame_info(encoder.get(), &info);
    if (code == charls::jpegls_errc::success && d.samples_per_pixel > 1)
        code = charls_jpegls_encoder_set_interleave_mode(encoder.get(), charls::interleave_mode::sample);
    if (code == charls::jpegls_errc::success)
        code = charls_jpegls_encoder_set_near_lossless(encoder.get(), near);
    size_t capacity = 0;
    if (code == charls::jpegls_errc::success)
        code = charls_jpegls_encoder_get_estimated_destination_size(encoder.get(), &capacity);
    if (code != charls::jpegls_errc::success)
        return std::unexpected(charls_error(code, "setting up the JPEG-LS encoder"));
    EncodedFrame encoded;
    encoded.bytes.resize(capacity);
    code = charls_jpegls_encoder_set_destination_buffer(encoder.get(), encoded.bytes.data(), encoded.bytes.size());
    if (code == charls::jpegls_errc::success)
        code = charls_jpegls_encoder_encode_from_buffer(encoder.get(), samples.data(), samples.size(), 0);
    size_t written = 0;
    if (code == charls::jpegls_errc::success)
        code = charls_jpegls_encoder_get_bytes_written(encoder.get(), &written);
    if (code != charls::jpegls_errc::success)
        return std::unexpected(charls_error(code, "encoding JPEG-LS"));
    encoded.bytes.resize(written);
    internal::pad_to_even(encoded.bytes);
    encoded.photometric = internal::photometric_unchanged(d);
    encoded.planar = false; // PS3.5 8.2.3: Planar Configuration 0 for JPEG-LS
    encoded.lossy = near > 0;
    return encoded;
}

} // namespace roentgen
