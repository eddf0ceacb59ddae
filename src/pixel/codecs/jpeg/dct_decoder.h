// pixel/codecs/jpeg/dct_decoder.h — our own decoder of Huffman-coded DCT-based JPEG, sequential and progressive (T.81
// Annexes F and G), used for 12-bit data, which the system libjpeg-turbo is not built for.
#pragma once

#include <cstdint>
#include <span>

#include "base/result.h"

namespace roentgen::internal {

/// Where decoded samples go: `out` holds width * height * components samples of
/// `bytes_per_sample` (1 or 2) bytes, little endian, components interleaved in frame order.
struct DctDecodeTarget {
    std::span<uint8_t> out;
    uint32_t width = 0;
    uint32_t height = 0;
    unsigned components = 1;
    unsigned bytes_per_sample = 2;
};

/// Decodes a Huffman-coded DCT codestream, sequential (SOF0, SOF1; T.81 Annex F) or progressive
/// (SOF2; Annex G), of precision 8 or 12 (markers of Annex B) as IJG libjpeg does with its
/// defaults: islow IDCT, each component
/// kept in its own colour space (no colour conversion), subsampled components upsampled by
/// libjpeg's "fancy" triangle filter for 2:1 horizontal and 2:1 both ways, by replication
/// otherwise. For 8-bit data this gives libjpeg-turbo's output bit for bit; for 12-bit data
/// that of IJG 6b built for 12 bits (DCMTK, GDCM).
///
/// Tolerated, as libjpeg tolerates them: Ss/Se/Ah/Al of a sequential scan that are not 0/63/0/0
/// (the NEMA WG04 JPLY samples write Se = 0), bytes between segments, a missing EOI, up to 32
/// missing bits at the end of a scan (encoders that do not flush), a wrong RSTn number. Errors:
/// an invalid Huffman code, data that ends earlier, a component in no scan, progressive scan
/// parameters that T.81 G.1.1.1.1 forbids; arithmetic-coded, lossless or hierarchical frames
/// are Errc::Unsupported. A progressive stream must end with EOI: one that stops after a
/// complete scan may lack later ones (libjpeg warns and decodes what it has; we refuse, as the
/// libjpeg adapter does).
[[nodiscard]] Result<void> decode_dct_jpeg(std::span<const uint8_t> stream, const DctDecodeTarget& target);

} // namespace roentgen::internal
