// pixel/codecs/jpegls/jpegls_codec.h — JPEG-LS lossless and near-lossless (PS3.5 A.4.3, 8.2.3) over CharLS.
#pragma once

#include "pixel/pixel_codec.h"

namespace roentgen {

/// Transfer syntaxes 1.2.840.10008.1.2.4.80 (lossless) and .4.81 (near-lossless), ISO/IEC 14495-1
/// (ITU-T T.87) through CharLS; no CharLS type leaves the codec's .cpp.
///
/// Decoding: precision 2..16, one to four components, every interleave mode (ILV 0 planes are
/// interleaved afterwards), into Bits Allocated 8 or 16. For signed data (Pixel Representation 1)
/// narrower than its container the decoded P-bit sample is sign-extended from the high bit, as
/// GDCM does and as native signed data is stored. Tolerated peer quirk: some encoders (the NEMA
/// WG04 MR1_JLSL sample) put a 0x00 byte between the last entropy-coded byte and EOI, which
/// CharLS 2.3+ rejects (team-charls/charls#365); when a decode fails that way the fill bytes
/// before EOI are dropped and the stream is read again. And JAI-ImageIO (dcm4che 2) streams of
/// more than 12 bits without an LSE segment were coded with JAI's unclamped default thresholds:
/// when such a stream fails, it is read again with an LSE segment of JAI's values inserted, as
/// dcm4che's PatchJPEGLS.JAI2ISO does. A stream that does not end with EOI (less
/// trailing padding) is refused as truncated without calling CharLS: CharLS 2.4.1 never returns
/// from some truncated scans (it reads on past the end as zero bits).
///
/// Encoding: one or three samples per pixel (sample-interleaved, ILV 2), Bits Stored 2..16 as the
/// JPEG-LS precision, samples taken from the low Bits Stored bits; signed samples narrower than
/// their container are sign-extended and coded at the container's precision, as DCMTK's encoder
/// does, so that decoders that do not sign-extend still return the native values. NEAR comes from
/// EncodeOptions::near_lossless: 0 for .80, default 2 for .81 (PS3.5 A.4.3 allows 0 there too).
/// No colour transform; YBR_FULL_422 input (full resolution once decoded) is written as YBR_FULL.
class JpegLsCodec final : public PixelCodec {
public:
    std::span<const std::string_view> transfer_syntaxes() const override;
    bool can_encode(std::string_view transfer_syntax_uid, const PixelDescription& description) const override;
    [[nodiscard]] Result<void> decode(std::string_view transfer_syntax_uid,
                                      std::span<const std::span<const uint8_t>> fragments,
                                      const PixelDescription& description, std::span<uint8_t> out) const override;
    [[nodiscard]] Result<EncodedFrame> encode(std::string_view transfer_syntax_uid, std::span<const uint8_t> frame,
                                              const PixelDescription& description,
                                              const EncodeOptions& options) const override;
};

} // namespace roentgen
