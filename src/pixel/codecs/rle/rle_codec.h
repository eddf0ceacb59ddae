// pixel/codecs/rle/rle_codec.h — RLE Lossless (PS3.5 Annex G): Roentgen's own decoder and encoder.
#pragma once

#include <memory>

#include "pixel/pixel_codec.h"

namespace roentgen {

/// RLE Lossless, PS3.5 Annex G. A frame is a 64-byte header (segment count, 15 offsets) and up to
/// 15 PackBits segments, one per byte of each sample, most significant byte first (G.2): for
/// 16-bit RGB the order is R-high, R-low, G-high, G-low, B-high, B-low. Each segment decodes
/// straight into its byte position of the interleaved output.
///
/// Decoding accepts 8-, 16-, 32- and 64-bit samples (1 to 4 per pixel, at most 15 segments) and
/// 1-bit data, which is not in Annex G: as pydicom-data's liver_rle.dcm and the corpus reference
/// read it, each sample plane is one segment of the frame's bits packed eight to a byte, first
/// pixel in the least significant bit (PS3.5 D), the frame starting on a byte boundary. A segment
/// count other than the description implies, an offset outside the frame, or a segment that
/// decodes to too few bytes is an error; segments that decode to more (row padding) are cut.
/// Planar Configuration is ignored on decode: Annex G data is always colour-by-plane.
///
/// Encoding rows separately (G.3.2) writes segments padded to even length and returns planar = true
/// for more than one sample, as the G.2 note asks; YBR_FULL_422 input (already expanded by decode)
/// is encoded as YBR_FULL.
class RleCodec final : public PixelCodec {
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

}  // namespace roentgen
