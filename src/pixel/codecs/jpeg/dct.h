// pixel/codecs/jpeg/dct.h — the 8x8 integer DCT pair of lossy JPEG (T.81 A.3.3) as IJG libjpeg computes it (jidctint,
// jfdctint), for 8- and 12-bit samples.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace roentgen::internal {

/// Zig-zag index k -> natural (row-major) index (T.81 Figure A.6), with 16 extra entries that
/// absorb a run past coefficient 63 in damaged data as libjpeg's table does.
extern const std::array<uint8_t, 80> jpeg_natural_order;

/// Coefficients of one 8x8 block in natural order. They are 16-bit as libjpeg's JCOEF is, so
/// out-of-range values in damaged streams wrap exactly as there.
using DctBlock = std::array<int16_t, 64>;
/// Quantization table in natural order (T.81 B.2.4.1; values 1..65535).
using QuantTable = std::array<uint16_t, 64>;

/// Dequantizes `block` and computes its inverse DCT into 8 rows of `stride` samples at `out`:
/// the "islow" algorithm of IJG libjpeg (jidctint.c, Loeffler-Ligtenberg-Moschytz with 13-bit
/// constants, PASS1_BITS 2 for 8-bit and 1 for 12-bit samples), level shift and output range
/// limit included, so results equal libjpeg's (and DCMTK's and GDCM's) bit for bit. The range
/// limit wraps values far out of range modulo 4 * 2^P before clamping, as libjpeg's table does.
/// Arithmetic is 64-bit, or 32-bit on eight lanes for 12-bit blocks whose values provably fit
/// (the same results): coefficients of damaged streams cannot overflow.
template <unsigned Precision>
void inverse_dct_islow(const DctBlock& block, const QuantTable& quant, uint16_t* out, size_t stride);
/// The same with 64-bit scalar arithmetic throughout: the path for any block, and the reference
/// the lane path is tested against.
template <unsigned Precision>
void inverse_dct_islow_scalar(const DctBlock& block, const QuantTable& quant, uint16_t* out, size_t stride);

/// Forward DCT of 8 rows of `stride` level-unshifted samples at `in` (jfdctint.c, the encoder
/// side of the pair above), quantized by `quant` with rounding to nearest as libjpeg's
/// forward_DCT does; coefficients in natural order.
template <unsigned Precision>
void forward_dct_islow(const uint16_t* in, size_t stride, const QuantTable& quant, DctBlock& block);

extern template void inverse_dct_islow<8>(const DctBlock&, const QuantTable&, uint16_t*, size_t);
extern template void inverse_dct_islow<12>(const DctBlock&, const QuantTable&, uint16_t*, size_t);
extern template void inverse_dct_islow_scalar<8>(const DctBlock&, const QuantTable&, uint16_t*, size_t);
extern template void inverse_dct_islow_scalar<12>(const DctBlock&, const QuantTable&, uint16_t*, size_t);
extern template void forward_dct_islow<8>(const uint16_t*, size_t, const QuantTable&, DctBlock&);
extern template void forward_dct_islow<12>(const uint16_t*, size_t, const QuantTable&, DctBlock&);

} // namespace roentgen::internal
