// pixel/codecs/jpeg/dct_progressive.cpp — progressive Huffman block decoding (T.81 G.1.2), transcribed from the logic
// of libjpeg's jdphuff.c so that damaged or unusual scans come out as libjpeg's do.
#include "pixel/codecs/jpeg/dct_progressive.h"

namespace roentgen::internal {

namespace {

uint32_t get_bits(JpegBitReader& reader, unsigned n)
{
    reader.fill();
    uint32_t value = reader.peek(n);
    reader.skip(n);
    return value;
}

/// EXTEND of T.81 F.2.2.1 for 1 <= s <= 15.
int32_t extend(uint32_t value, unsigned s)
{
    return value < (1u << (s - 1)) ? int32_t(value) + 1 - (1 << s) : int32_t(value);
}

/// Coefficient shifted left by Al without undefined behaviour for negative values.
int16_t scaled(int32_t value, unsigned al)
{
    return int16_t(uint32_t(value) << al);
}

/// A correction bit for a coefficient already nonzero: adds 2^Al away from zero unless that bit
/// is set already (G.1.2.3).
void refine(JpegBitReader& reader, int16_t& coefficient, unsigned al)
{
    if (get_bits(reader, 1) != 0 && (coefficient & (1 << al)) == 0)
        coefficient = int16_t(coefficient >= 0 ? coefficient + (1 << al) : coefficient - (1 << al));
}

} // namespace

bool decode_dc_first(JpegBitReader& reader, const DctHuffmanDecoder& dc, int32_t& prediction, DctBlock& block,
                     const ProgressiveScan& scan)
{
    reader.fill();
    int s = dc.decode(reader);
    if (s < 0 || s > 15)
        return false;
    if (s != 0)
        prediction = int32_t(uint32_t(prediction) + uint32_t(extend(get_bits(reader, unsigned(s)), unsigned(s))));
    block[0] = scaled(prediction, scan.al);
    return true;
}

void decode_dc_refine(JpegBitReader& reader, DctBlock& block, const ProgressiveScan& scan)
{
    if (get_bits(reader, 1) != 0)
        block[0] = int16_t(block[0] | (1 << scan.al));
}

bool decode_ac_first(JpegBitReader& reader, const DctHuffmanDecoder& ac, DctBlock& block, ProgressiveScan& scan)
{
    if (scan.eob_run > 0) {
        --scan.eob_run;
        return true;
    }
    for (unsigned k = scan.ss; k <= scan.se; ++k) {
        reader.fill();
        int rs = ac.decode(reader);
        if (rs < 0)
            return false;
        unsigned r = unsigned(rs) >> 4, s = unsigned(rs) & 15;
        if (s != 0) {
            k += r; // at most 63 + 15: the padded natural order absorbs it, as libjpeg's does
            block[jpeg_natural_order[k]] = scaled(extend(get_bits(reader, s), s), scan.al);
        } else if (r == 15) {
            k += 15; // ZRL
        } else {
            scan.eob_run = 1u << r; // EOBr (G.1.2.2)
            if (r != 0)
                scan.eob_run += get_bits(reader, r);
            --scan.eob_run;
            break;
        }
    }
    return true;
}

bool decode_ac_refine(JpegBitReader& reader, const DctHuffmanDecoder& ac, DctBlock& block, ProgressiveScan& scan)
{
    unsigned k = scan.ss;
    if (scan.eob_run == 0) {
        for (; k <= scan.se; ++k) {
            reader.fill();
            int rs = ac.decode(reader);
            if (rs < 0)
                return false;
            int r = rs >> 4;
            int s = rs & 15;
            int16_t value = 0;
            if (s != 0) {
                // s is 1 in a valid stream; libjpeg reads any other size as 1 too (with a warning).
                value = int16_t(get_bits(reader, 1) != 0 ? (1 << scan.al) : -(1 << scan.al));
            } else if (r != 15) {
                scan.eob_run = 1u << r;
                if (r != 0)
                    scan.eob_run += get_bits(reader, unsigned(r));
                break; // the rest of the band is refined below
            }
            // Skip r zero coefficients (refining the nonzero ones passed), up to the new one.
            do {
                int16_t& coefficient = block[jpeg_natural_order[k]];
                if (coefficient != 0)
                    refine(reader, coefficient, scan.al);
                else if (--r < 0)
                    break;
                ++k;
            } while (k <= scan.se);
            if (s != 0)
                block[jpeg_natural_order[k]] = value;
        }
    }
    if (scan.eob_run > 0) {
        for (; k <= scan.se; ++k) {
            int16_t& coefficient = block[jpeg_natural_order[k]];
            if (coefficient != 0)
                refine(reader, coefficient, scan.al);
        }
        --scan.eob_run;
    }
    return true;
}

} // namespace roentgen::internal
