// pixel/codecs/deflate_frame/deflate_frame_codec.h — Deflated Image Frame Compression: native frames, raw-deflated.
#pragma once

#include "pixel/pixel_codec.h"

namespace roentgen {

/// Deflated Image Frame Compression (PS3.5 8.2.16, A.4.13): each frame is the frame's native
/// (uncompressed, little-endian) bytes compressed as a raw deflate stream (RFC 1951, no zlib
/// header), one frame per fragment. 1-bit frames are packed eight pixels to a byte, first pixel
/// in the least significant bit (PS3.5 D), each frame starting on a byte boundary — the layout of
/// pydicom-data's liver_deflate.dcm, which equals its uncompressed twin liver.dcm.
///
/// Decoding inflates straight into the output when the native layout equals the decoded one, and
/// fails on a stream that is corrupt or yields fewer bytes than the frame needs (bytes past the
/// frame, e.g. a pad byte compressed along, are ignored). Encoding writes colour-by-pixel frames
/// and encodes YBR_FULL_422 input (expanded by decode) as YBR_FULL.
class DeflateFrameCodec final : public PixelCodec {
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
