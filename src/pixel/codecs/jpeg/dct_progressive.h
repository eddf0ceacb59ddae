// pixel/codecs/jpeg/dct_progressive.h — the four block decoders of progressive Huffman-coded JPEG (T.81 G.1.2, G.2):
// DC first and refinement, AC first and refinement, as libjpeg's jdphuff.c reads them.
#pragma once

#include <cstdint>

#include "pixel/codecs/jpeg/dct.h"
#include "pixel/codecs/jpeg/dct_huffman.h"
#include "pixel/codecs/jpeg_common/bit_reader.h"

namespace roentgen::internal {

/// What one progressive scan codes (T.81 B.2.3: Ss, Se, Ah, Al) and the end-of-band run that
/// carries over from block to block within it (G.1.2.2).
struct ProgressiveScan {
    unsigned ss = 0, se = 0, ah = 0, al = 0;
    uint32_t eob_run = 0;
};

/// DC first scan: the DC difference, added to `prediction`, stored shifted left by Al. False on
/// an invalid code.
bool decode_dc_first(JpegBitReader& reader, const DctHuffmanDecoder& dc, int32_t& prediction, DctBlock& block,
                     const ProgressiveScan& scan);
/// DC refinement: one more bit of the DC coefficient (G.1.2.1).
void decode_dc_refine(JpegBitReader& reader, DctBlock& block, const ProgressiveScan& scan);
/// AC first scan of band Ss..Se (G.1.2.2), with end-of-band runs. False on an invalid code.
bool decode_ac_first(JpegBitReader& reader, const DctHuffmanDecoder& ac, DctBlock& block, ProgressiveScan& scan);
/// AC refinement of band Ss..Se (G.1.2.3): correction bits for coefficients already nonzero,
/// new coefficients of magnitude 2^Al. False on an invalid code.
bool decode_ac_refine(JpegBitReader& reader, const DctHuffmanDecoder& ac, DctBlock& block, ProgressiveScan& scan);

} // namespace roentgen::internal
