// pixel/codecs/jpeg_lossless/jpeg_lossless_codec.h — JPEG Lossless, Non-Hierarchical (process 14) and its SV1 selection
// (PS3.5 A.4.1, 8.2.1).
#pragma once

#include "pixel/pixel_codec.h"

namespace roentgen {

/// Transfer syntaxes 1.2.840.10008.1.2.4.57 (any predictor) and .4.70 (predictor 1), with our own
/// decoder and encoder of ITU-T T.81 Annex H; no third-party library.
///
/// Decoding: precision 2..16, predictors 1..7, point transform, restart intervals, interleaved or
/// one scan per component, sampling factors 1x1 only, into Bits Allocated 8 or 16. Samples are
/// the decoded P-bit values (shifted left by Pt); for signed data (Pixel Representation 1) whose
/// Bits Stored is below Bits Allocated they are then sign-extended from the high bit, as GDCM
/// does and as native signed data is stored. Streams of the Cornell 16-bit encoder (extra bits
/// after DIFF category 16, a 17-bit code; DCMTK's +wc workaround) are recognised when a reading
/// per T.81 fails or leaves data unread, and decoded as DCMTK's workaround does. The predictor 6
/// overflow of some old encoders (DCMTK +w6) is not guessed at: like DCMTK and GDCM by default,
/// predictor 6 is computed as T.81 says.
///
/// Encoding: one or three samples per pixel (interleaved), Bits Stored 2..16 coded as the JPEG
/// precision (signed samples narrower than their container: sign-extended and coded at 8 or 16
/// bits, so that decoders that do not sign-extend, DCMTK's among them, still give the values
/// back), predictor from EncodeOptions (always 1 for SV1), optimal Huffman tables per component.
/// YBR_FULL_422 input (full resolution once decoded) is written as YBR_FULL.
class JpegLosslessCodec final : public PixelCodec {
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
