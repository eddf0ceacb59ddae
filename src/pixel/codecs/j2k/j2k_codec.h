// pixel/codecs/j2k/j2k_codec.h — JPEG 2000 (PS3.5 A.4.4, 8.2.4) over OpenJPEG.
#pragma once

#include "pixel/pixel_codec.h"

namespace roentgen {

/// Transfer syntaxes 1.2.840.10008.1.2.4.90 (lossless only), .4.91 (lossless or lossy), and the
/// Part 2 multi-component pair .4.92/.4.93, through OpenJPEG; no OpenJPEG type leaves the codec.
///
/// Decoding: J2K codestreams and JP2-wrapped files (some writers put the JP2 box structure in the
/// fragment), precision 1..16 into Bits Allocated 1, 8 or 16, signed or unsigned, 1..4 components
/// without subsampling. Samples are what OpenJPEG reconstructs: the inverse RCT or ICT is applied
/// when the codestream says so, so YBR_RCT/YBR_ICT data decodes to RGB values, as GDCM and pydicom
/// give them (PS3.3 C.7.6.3.1.2: the Photometric names the transform inside the stream). 1-bit
/// components (Segmentation) come out 0/1, one byte per pixel; pydicom 2.3.1 through Pillow gives
/// 0/128 there, and the corpus reference is that shifted back (corpus README). Signed data narrower
/// than its container is sign-extended from the high bit. OpenJPEG runs in strict mode, so a
/// truncated codestream is an error rather than an image with missing code-blocks. Large single
/// frames are decoded with several OpenJPEG threads; frames of multi-frame objects with one each,
/// since decode_all_frames already decodes frames in parallel.
///
/// Encoding: J2K codestream (no JP2 wrapper, PS3.5 A.4.4), one tile, one layer, Bits Stored as the
/// precision (1-bit data at precision 1), 1 or 3 samples. Lossless syntaxes use the reversible
/// 5/3 wavelet; .91/.93 use the irreversible 9/7 wavelet with a compression ratio from
/// EncodeOptions::quality q (1..100, default 90): ratio 2^((100 - q) / 10), so q = 90 gives 2:1,
/// 80 gives 4:1, 70 gives 8:1 over the stored bits; q = 100 keeps every coded bit (still lossy
/// through 9/7 rounding). RGB is coded with the multiple component transform, and the data set's
/// Photometric Interpretation becomes YBR_RCT (reversible) or YBR_ICT (irreversible) as PS3.5
/// 8.2.4 requires; YBR_FULL(_422) and monochrome data are coded as they are.
class J2kCodec final : public PixelCodec {
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
