// pixel/codecs/jpeg/jpeg_codec.h — lossy DCT-based JPEG: Baseline (process 1), Extended (processes 2 and 4) and the
// retired progressive and arithmetic syntaxes (PS3.5 A.4.1, 8.2.1).
#pragma once

#include "pixel/pixel_codec.h"

namespace roentgen {

/// Transfer syntaxes 1.2.840.10008.1.2.4.50 and .51, and for decoding the retired .52 to .56.
///
/// Decoding: 8-bit streams of any DCT process libjpeg-turbo knows (baseline, extended,
/// progressive; Huffman or arithmetic) go through libjpeg-turbo; 12-bit streams, which the
/// Debian build of libjpeg-turbo cannot decode, through our own Huffman decoder, sequential or
/// progressive (islow IDCT and upsampling exact to IJG's 12-bit build, as DCMTK and GDCM use
/// it). 12-bit arithmetic-coded or hierarchical streams are Errc::Unsupported. Components are returned as coded, with
/// no colour conversion: YBR_FULL(_422) data stays YCbCr, upsampled to full resolution, and streams that hold RGB
/// (Adobe APP14 transform 0, or component identifiers 'R','G','B') give RGB, which is what pydicom 2.3.1 returns and
/// ref/pixels.tsv hashes. Samples go into Bits Allocated 8 or 16; signed data narrower than its container is
/// sign-extended from the high bit, as the other JPEG codecs do. Damage that loses image data (invalid codes, data
/// ending early) is an error; a missing EOI or bytes between segments are tolerated, as libjpeg tolerates them.
/// Tolerated writer bugs: a JPEG smaller than the frame (edge tiles of a whole-slide image) is
/// placed at the top left, the rest black; a frame with no SOI whose size is exactly the native
/// frame size is taken as native samples (fo-dicom's genFile.dcm).
///
/// Encoding (EncodeOptions::quality 1..100, default 90; the result is lossy):
/// - .50, and .51 for Bits Allocated 8: libjpeg-turbo baseline, Bits Stored <= 8, one or three
///   samples. RGB is converted to YCbCr and, like YBR_FULL and YBR_FULL_422 input, written
///   4:2:2, so the Photometric Interpretation becomes YBR_FULL_422 (PS3.5 8.2.1); MONOCHROME1/2
///   are kept. PALETTE COLOR and signed data are refused.
/// - .51 for Bits Allocated 16, Bits Stored <= 12, one sample, unsigned: our own extended
///   sequential encoder (SOF1, precision 12, or 8 for Bits Stored <= 8).
class JpegCodec final : public PixelCodec {
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
