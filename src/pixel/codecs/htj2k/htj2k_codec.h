// pixel/codecs/htj2k/htj2k_codec.h — High-Throughput JPEG 2000 (PS3.5 10.18, F.4) over OpenJPH.
#pragma once

#include "pixel/pixel_codec.h"

namespace roentgen {

/// Transfer syntaxes 1.2.840.10008.1.2.4.201 (HTJ2K lossless), .4.202 (HTJ2K lossless RPCL) and
/// .4.203 (HTJ2K, lossless or lossy), ISO/IEC 15444-15; encoded with OpenJPH, decoded with
/// OpenJPEG 2.5; no library type leaves the codec.
///
/// Decoding: the codestream, or the 'jp2c' box of a JPH/JP2 file, precision 1..16 into Bits
/// Allocated 8 or 16, 1..4 components without subsampling; HT and Part 1 code-blocks alike; inverse
/// RCT/ICT applied as the stream says (YBR_RCT/YBR_ICT data decodes to RGB values, as for JPEG
/// 2000); signed data narrower than its container is sign-extended. OpenJPEG decodes rather than
/// OpenJPH because OpenJPH 0.9 is not safe on damaged input: of 2312 mutated codestreams with a
/// sound marker structure, it aborted on an assert() for 25, crashed (SIGSEGV/SIGFPE) on 5 and
/// did not return within 5 s for 43, where OpenJPEG 2.5 (strict mode) returned for every one and
/// refused every truncation. OpenJPEG's HT decoding measured 139 MB/s against 273 for OpenJPH and
/// 15 for OpenJPEG's own Part 1 decoding of the same 512x512 12-bit frames (Release, one thread),
/// so the target of 5x our JPEG 2000 decode is kept (9x).
///
/// Encoding: HT code-blocks 64x64, one tile, RPCL order. For .202, PS3.5 10.18 requires RPCL, a
/// number of decompositions that brings the lowest resolution to at most 64 columns and rows, and
/// TLM marker segments: the decomposition count is chosen so, and a TLM segment is inserted after
/// the main header (OpenJPH 0.9 writes none). .201 and .203 use five decompositions (fewer for
/// small images). Lossless syntaxes use the reversible 5/3 path; .203 uses 9/7 with a base
/// quantization step from EncodeOptions::quality q (1..100, default 90) of 2^((100 - q) / 10)
/// units of the stored sample, so q = 90 quantizes by about two units before subband weighting.
/// RGB is coded with the component transform and becomes YBR_RCT (reversible) or YBR_ICT
/// (irreversible), as for JPEG 2000 (PS3.5 8.2.4).
class Htj2kCodec final : public PixelCodec {
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
