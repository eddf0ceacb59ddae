// pixel/codecs/htj2k/codestream_markers.h — the few JPEG 2000 codestream edits the HTJ2K codec makes itself
// (ISO/IEC 15444-1 Annex A, Annex I).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/result.h"

namespace roentgen::internal {

/// The contiguous codestream box ('jp2c', ISO/IEC 15444-1 I.5.4) of a JP2/JPH file, or the input
/// itself when it already begins with SOC. Nothing when it is neither.
std::optional<std::span<const uint8_t>> find_codestream(std::span<const uint8_t> stream);

/// Inserts a TLM marker segment (A.7.1) after the main header listing every tile-part's length,
/// with 16-bit tile indices and 32-bit lengths. PS3.5 10.18 requires TLM for HTJ2K Lossless RPCL
/// (1.2.840.10008.1.2.4.202); OpenJPH 0.9 does not write one. Fails on a codestream whose tile-part
/// headers cannot be walked.
[[nodiscard]] Result<std::vector<uint8_t>> with_tlm_marker(std::span<const uint8_t> codestream);

/// Whether the main header has a TLM marker segment (for tests and checks of .202 streams).
bool has_tlm_marker(std::span<const uint8_t> codestream);

/// The progression order byte of the main header's COD marker segment (A.6.1; 2 = RPCL), or
/// nothing when no COD is found.
std::optional<uint8_t> progression_order(std::span<const uint8_t> codestream);

} // namespace roentgen::internal
