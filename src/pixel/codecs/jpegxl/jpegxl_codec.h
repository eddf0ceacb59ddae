// pixel/codecs/jpegxl/jpegxl_codec.h — JPEG XL (PS3.5 8.2.15) over libjxl 0.7, and JPEG recompression.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "pixel/pixel_codec.h"

namespace roentgen {

/// Transfer syntaxes 1.2.840.10008.1.2.4.110 (JPEG XL Lossless), .4.111 (JPEG XL JPEG Recompression)
/// and .4.112 (JPEG XL), ISO/IEC 18181, through libjxl; no libjxl type leaves the codec.
///
/// Decoding .110/.112: codestream or container, 1 or 3 colour channels (extra channels dropped),
/// bits_per_sample up to Bits Allocated 8 or 16, samples as libjxl reconstructs them in the
/// image's own colour space. Signed data (not expressible in JPEG XL) is read as the two's
/// complement pattern of Bits Stored bits and sign-extended, the convention our encoder writes.
///
/// Decoding .111: the JPEG bitstream is rebuilt from the container's reconstruction data and
/// decoded by libjpeg-turbo without colour conversion when Photometric is YBR_* (chroma upsampled,
/// islow IDCT), i.e. what pydicom 2.3.1's JPEG path returns, so YBR_FULL_422 frames come out as
/// full-resolution YCbCr like other YBR JPEG data (pixel_codec.h). A .111 stream without
/// reconstruction data is decoded to pixels by libjxl (RGB) and, for YBR_* data sets, converted to
/// YCbCr with the JFIF equations (ITU-T T.871).
///
/// Encoding .110: lossless modular coding at bits_per_sample = Bits Stored (1 or 3 samples, 8 or
/// 16 allocated; signed samples as their two's complement pattern). .112: lossy, unsigned only,
/// with a Butteraugli distance from EncodeOptions::quality q (1..100, default 90) by cjxl's
/// mapping: d = 0.1 + (100 - q) * 0.09 for q >= 30, so q = 90 gives d = 1.0. .111 is not encoded
/// from pixels (it exists to keep a JPEG bitstream); recompress_jpeg_as_jpeg_xl() makes it from
/// a JPEG frame. Photometric is kept (YBR_FULL_422 input, full resolution once decoded, is
/// written as YBR_FULL); Planar Configuration 0.
class JpegXlCodec final : public PixelCodec {
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

/// Recompresses one JPEG frame (baseline or extended 8-bit, 1.2.840.10008.1.2.4.50/.51) losslessly
/// as JPEG XL with reconstruction data, the fragment of a JPEG XL JPEG Recompression
/// (1.2.840.10008.1.2.4.111) frame; the data set's other attributes stay as they are.
[[nodiscard]] Result<std::vector<uint8_t>> recompress_jpeg_as_jpeg_xl(std::span<const uint8_t> jpeg);

/// The original JPEG bitstream of a JPEG XL JPEG Recompression frame, byte for byte.
[[nodiscard]] Result<std::vector<uint8_t>> reconstruct_jpeg_from_jpeg_xl(std::span<const uint8_t> jpeg_xl);

} // namespace roentgen
