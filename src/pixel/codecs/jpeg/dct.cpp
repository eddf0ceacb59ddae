// pixel/codecs/jpeg/dct.cpp — islow inverse and forward DCT (T.81 A.3.3) transcribed from IJG libjpeg 6b's jidctint.c
// and jfdctint.c, for 8- and 12-bit samples.
#include "pixel/codecs/jpeg/dct.h"

#include <cstring>

namespace roentgen::internal {

const std::array<uint8_t, 80> jpeg_natural_order = {
    0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,  12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13,
    6,  7,  14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31,
    39, 46, 53, 60, 61, 54, 47, 55, 62, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63};

namespace {

constexpr int const_bits = 13;
// FIX(x) = x * 2^13 rounded, as in jidctint.c.
constexpr int64_t fix_0_298631336 = 2446;
constexpr int64_t fix_0_390180644 = 3196;
constexpr int64_t fix_0_541196100 = 4433;
constexpr int64_t fix_0_765366865 = 6270;
constexpr int64_t fix_0_899976223 = 7373;
constexpr int64_t fix_1_175875602 = 9633;
constexpr int64_t fix_1_501321110 = 12299;
constexpr int64_t fix_1_847759065 = 15137;
constexpr int64_t fix_1_961570560 = 16069;
constexpr int64_t fix_2_053119869 = 16819;
constexpr int64_t fix_2_562915447 = 20995;
constexpr int64_t fix_3_072711026 = 25172;

constexpr int64_t descale(int64_t x, int n)
{
    return (x + (int64_t(1) << (n - 1))) >> n;
}

/// Precision 12 loses a bit in pass 1 to keep libjpeg's 32-bit intermediates from overflowing.
template <unsigned Precision> constexpr int pass1_bits = Precision == 8 ? 2 : 1;

/// libjpeg's sample_range_limit lookup after the IDCT: the value taken modulo 4 * 2^P into
/// [-2 * 2^P, 2 * 2^P), level-shifted by 2^(P-1) and clamped to [0, 2^P - 1].
template <unsigned Precision> inline uint16_t range_limit(int64_t x)
{
    constexpr int64_t size = int64_t(1) << Precision;
    constexpr int64_t center = size / 2;
    int64_t m = x & (4 * size - 1);
    if (m >= 2 * size)
        m -= 4 * size;
    m += center;
    return uint16_t(m < 0 ? 0 : m > size - 1 ? size - 1 : m);
}

/// The even and odd halves of one 8-point IDCT, shared by both passes; `in(i)` is input i.
struct IdctTerms {
    int64_t tmp10, tmp11, tmp12, tmp13, tmp0, tmp1, tmp2, tmp3;
};

template <typename In> inline IdctTerms idct_terms(In in)
{
    IdctTerms t;
    int64_t z2 = in(2), z3 = in(6);
    int64_t z1 = (z2 + z3) * fix_0_541196100;
    int64_t tmp2 = z1 + z3 * -fix_1_847759065;
    int64_t tmp3 = z1 + z2 * fix_0_765366865;
    z2 = in(0);
    z3 = in(4);
    int64_t tmp0 = (z2 + z3) * (int64_t(1) << const_bits);
    int64_t tmp1 = (z2 - z3) * (int64_t(1) << const_bits);
    t.tmp10 = tmp0 + tmp3;
    t.tmp13 = tmp0 - tmp3;
    t.tmp11 = tmp1 + tmp2;
    t.tmp12 = tmp1 - tmp2;

    tmp0 = in(7);
    tmp1 = in(5);
    tmp2 = in(3);
    tmp3 = in(1);
    z1 = tmp0 + tmp3;
    z2 = tmp1 + tmp2;
    z3 = tmp0 + tmp2;
    int64_t z4 = tmp1 + tmp3;
    int64_t z5 = (z3 + z4) * fix_1_175875602;
    tmp0 *= fix_0_298631336;
    tmp1 *= fix_2_053119869;
    tmp2 *= fix_3_072711026;
    tmp3 *= fix_1_501321110;
    z1 *= -fix_0_899976223;
    z2 *= -fix_2_562915447;
    z3 *= -fix_1_961570560;
    z4 *= -fix_0_390180644;
    z3 += z5;
    z4 += z5;
    t.tmp0 = tmp0 + z1 + z3;
    t.tmp1 = tmp1 + z2 + z4;
    t.tmp2 = tmp2 + z2 + z3;
    t.tmp3 = tmp3 + z1 + z4;
    return t;
}

// The same islow IDCT for 12-bit samples on eight 32-bit lanes at once (GCC vector extensions;
// SSE2 runs them as pairs of 4-lane operations). Every intermediate of one 8-point pass is a
// combination of its inputs whose coefficients sum in magnitude to at most 61214 (< 2^16), so
// 32 bits hold it exactly while each input is at most `lane_input_limit` in magnitude: then the
// results equal the 64-bit scalar code's bit for bit. Blocks or rows past the limit (damaged
// streams, extreme edges) take the scalar path.
using Lanes = int32_t __attribute__((vector_size(32)));
using Lanes16 = int16_t __attribute__((vector_size(16)));
using LanesU16 = uint16_t __attribute__((vector_size(16)));
constexpr int32_t lane_input_limit = 35000;  // 61214 * 35000 + 2^16 < 2^31

// Vectors go by reference: passing 32-byte vectors by value would change the ABI without AVX.
/// Sets the lanes of `flags` where |v| exceeds lane_input_limit.
inline void flag_too_large(const Lanes& v, Lanes& flags)
{
    Lanes sign = v >> 31;
    flags |= ((v ^ sign) - sign) > lane_input_limit;
}

inline bool any_lane(const Lanes& mask)
{
    for (int i = 0; i < 8; ++i)
        if (mask[i])
            return true;
    return false;
}

/// One 8-point IDCT of idct_terms on lanes; `v[i]` is input i; results in natural output order.
inline void idct_lanes(const Lanes* v, int shift, Lanes* o)
{
    const Lanes round = Lanes{} + (int32_t(1) << (shift - 1));
    Lanes z2 = v[2], z3 = v[6];
    Lanes z1 = (z2 + z3) * int32_t(fix_0_541196100);
    Lanes tmp2 = z1 + z3 * int32_t(-fix_1_847759065);
    Lanes tmp3 = z1 + z2 * int32_t(fix_0_765366865);
    Lanes tmp0 = (v[0] + v[4]) << const_bits;
    Lanes tmp1 = (v[0] - v[4]) << const_bits;
    Lanes tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
    tmp0 = v[7];
    tmp1 = v[5];
    tmp2 = v[3];
    tmp3 = v[1];
    z1 = tmp0 + tmp3;
    z2 = tmp1 + tmp2;
    z3 = tmp0 + tmp2;
    Lanes z4 = tmp1 + tmp3;
    Lanes z5 = (z3 + z4) * int32_t(fix_1_175875602);
    tmp0 *= int32_t(fix_0_298631336);
    tmp1 *= int32_t(fix_2_053119869);
    tmp2 *= int32_t(fix_3_072711026);
    tmp3 *= int32_t(fix_1_501321110);
    z1 *= int32_t(-fix_0_899976223);
    z2 *= int32_t(-fix_2_562915447);
    z3 = z3 * int32_t(-fix_1_961570560) + z5;
    z4 = z4 * int32_t(-fix_0_390180644) + z5;
    // Summed left to right as in idct_terms: the bound above holds for these partial sums.
    tmp0 = tmp0 + z1 + z3;
    tmp1 = tmp1 + z2 + z4;
    tmp2 = tmp2 + z2 + z3;
    tmp3 = tmp3 + z1 + z4;
    o[0] = (tmp10 + tmp3 + round) >> shift;
    o[7] = (tmp10 - tmp3 + round) >> shift;
    o[1] = (tmp11 + tmp2 + round) >> shift;
    o[6] = (tmp11 - tmp2 + round) >> shift;
    o[2] = (tmp12 + tmp1 + round) >> shift;
    o[5] = (tmp12 - tmp1 + round) >> shift;
    o[3] = (tmp13 + tmp0 + round) >> shift;
    o[4] = (tmp13 - tmp0 + round) >> shift;
}

inline void transpose(const Lanes* in, Lanes* out)
{
    for (int r = 0; r < 8; ++r)
        for (int c = 0; c < 8; ++c)
            out[c][r] = in[r][c];
}

/// The 12-bit IDCT on lanes; false (nothing written) when an input is past lane_input_limit.
/// Built twice and chosen at load time (ifunc): 32-bit lane multiplies need SSE4.1 or AVX2;
/// plain x86-64 emulates them.
#if defined(__x86_64__)
[[gnu::target_clones("avx2", "default")]]
#endif
bool inverse_dct_12_lanes(const DctBlock& block, const QuantTable& quant, uint16_t* out, size_t stride)
{
    // Pass 1 over columns: lane c of rows[r] is coefficient (r, c), dequantized.
    Lanes rows[8];
    Lanes too_large = Lanes{};
    for (int r = 0; r < 8; ++r) {
        Lanes16 coefficients;
        LanesU16 steps;
        std::memcpy(&coefficients, block.data() + 8 * r, sizeof coefficients);
        std::memcpy(&steps, quant.data() + 8 * r, sizeof steps);
        // |coefficient| <= 2^15 and step < 2^16: the product fits 32 bits.
        rows[r] = __builtin_convertvector(coefficients, Lanes) * __builtin_convertvector(steps, Lanes);
        flag_too_large(rows[r], too_large);
    }
    if (any_lane(too_large))
        return false;
    Lanes workspace[8];
    idct_lanes(rows, const_bits - pass1_bits<12>, workspace);  // workspace[r]: lane c is row r, column c
    // Pass 2 over rows: lane r of columns[c] is workspace entry (r, c).
    Lanes columns[8];
    transpose(workspace, columns);
    Lanes row_too_large = Lanes{};
    for (int c = 0; c < 8; ++c)
        flag_too_large(columns[c], row_too_large);
    // Rows past the limit are zeroed here (their lanes would overflow) and redone in 64 bits below.
    for (int c = 0; c < 8; ++c)
        columns[c] = row_too_large ? Lanes{} : columns[c];
    Lanes results[8];
    idct_lanes(columns, const_bits + pass1_bits<12> + 3, results);  // results[c]: lane r is output (r, c)
    // range_limit<12> on lanes: modulo 4 * 4096 into [-8192, 8192), level shift, clamp.
    for (int c = 0; c < 8; ++c) {
        Lanes m = results[c] & (4 * 4096 - 1);
        m -= (m >= 2 * 4096) & (4 * 4096);
        m += 2048;
        m = m < 0 ? Lanes{} : m;
        m = m > 4095 ? Lanes{} + 4095 : m;
        results[c] = m;
    }
    Lanes samples[8];
    transpose(results, samples);
    for (int r = 0; r < 8; ++r) {
        uint16_t* o = out + r * stride;
        if (row_too_large[r]) {
            int32_t w[8];  // clang refuses the address of a vector element
            std::memcpy(w, &workspace[r], sizeof w);
            IdctTerms t = idct_terms([&](int i) { return int64_t(w[i]); });
            constexpr int shift = const_bits + pass1_bits<12> + 3;
            o[0] = range_limit<12>(descale(t.tmp10 + t.tmp3, shift));
            o[7] = range_limit<12>(descale(t.tmp10 - t.tmp3, shift));
            o[1] = range_limit<12>(descale(t.tmp11 + t.tmp2, shift));
            o[6] = range_limit<12>(descale(t.tmp11 - t.tmp2, shift));
            o[2] = range_limit<12>(descale(t.tmp12 + t.tmp1, shift));
            o[5] = range_limit<12>(descale(t.tmp12 - t.tmp1, shift));
            o[3] = range_limit<12>(descale(t.tmp13 + t.tmp0, shift));
            o[4] = range_limit<12>(descale(t.tmp13 - t.tmp0, shift));
            continue;
        }
        for (int c = 0; c < 8; ++c)
            o[c] = uint16_t(samples[r][c]);
    }
    return true;
}

} // namespace

template <unsigned Precision>
void inverse_dct_islow(const DctBlock& block, const QuantTable& quant, uint16_t* out, size_t stride)
{
    if constexpr (Precision == 12)
        if (inverse_dct_12_lanes(block, quant, out, stride))
            return;
    inverse_dct_islow_scalar<Precision>(block, quant, out, stride);
}

template <unsigned Precision>
void inverse_dct_islow_scalar(const DctBlock& block, const QuantTable& quant, uint16_t* out, size_t stride)
{
    constexpr int pass1 = pass1_bits<Precision>;
    // libjpeg's workspace is int: pass-1 results are truncated to 32 bits there too.
    std::array<int32_t, 64> ws;
    for (int col = 0; col < 8; ++col) {
        auto in = [&](int row) { return int64_t(block[8 * row + col]) * quant[8 * row + col]; };
        bool ac_zero = true;
        for (int row = 1; row < 8; ++row)
            ac_zero = ac_zero && block[8 * row + col] == 0;
        if (ac_zero) {
            auto dc = int32_t(uint32_t(in(0)) << pass1);
            for (int row = 0; row < 8; ++row)
                ws[8 * row + col] = dc;
            continue;
        }
        IdctTerms t = idct_terms(in);
        constexpr int shift = const_bits - pass1;
        ws[8 * 0 + col] = int32_t(descale(t.tmp10 + t.tmp3, shift));
        ws[8 * 7 + col] = int32_t(descale(t.tmp10 - t.tmp3, shift));
        ws[8 * 1 + col] = int32_t(descale(t.tmp11 + t.tmp2, shift));
        ws[8 * 6 + col] = int32_t(descale(t.tmp11 - t.tmp2, shift));
        ws[8 * 2 + col] = int32_t(descale(t.tmp12 + t.tmp1, shift));
        ws[8 * 5 + col] = int32_t(descale(t.tmp12 - t.tmp1, shift));
        ws[8 * 3 + col] = int32_t(descale(t.tmp13 + t.tmp0, shift));
        ws[8 * 4 + col] = int32_t(descale(t.tmp13 - t.tmp0, shift));
    }
    for (int row = 0; row < 8; ++row) {
        const int32_t* w = ws.data() + 8 * row;
        uint16_t* o = out + row * stride;
        if ((w[1] | w[2] | w[3] | w[4] | w[5] | w[6] | w[7]) == 0) {
            uint16_t value = range_limit<Precision>(descale(w[0], pass1 + 3));
            for (int i = 0; i < 8; ++i)
                o[i] = value;
            continue;
        }
        IdctTerms t = idct_terms([&](int i) { return int64_t(w[i]); });
        constexpr int shift = const_bits + pass1 + 3;
        o[0] = range_limit<Precision>(descale(t.tmp10 + t.tmp3, shift));
        o[7] = range_limit<Precision>(descale(t.tmp10 - t.tmp3, shift));
        o[1] = range_limit<Precision>(descale(t.tmp11 + t.tmp2, shift));
        o[6] = range_limit<Precision>(descale(t.tmp11 - t.tmp2, shift));
        o[2] = range_limit<Precision>(descale(t.tmp12 + t.tmp1, shift));
        o[5] = range_limit<Precision>(descale(t.tmp12 - t.tmp1, shift));
        o[3] = range_limit<Precision>(descale(t.tmp13 + t.tmp0, shift));
        o[4] = range_limit<Precision>(descale(t.tmp13 - t.tmp0, shift));
    }
}

namespace {

/// One 8-point forward DCT of jfdctint.c on `d[0], d[step], ...`; the even outputs are scaled
/// by `even_shift` (left for pass 1, a descale for pass 2), the others descaled by `odd_shift`.
template <bool FirstPass> inline void fdct_1d(int64_t* d, int step, int pass1)
{
    auto at = [&](int i) -> int64_t& { return d[i * step]; };
    int64_t tmp0 = at(0) + at(7), tmp7 = at(0) - at(7);
    int64_t tmp1 = at(1) + at(6), tmp6 = at(1) - at(6);
    int64_t tmp2 = at(2) + at(5), tmp5 = at(2) - at(5);
    int64_t tmp3 = at(3) + at(4), tmp4 = at(3) - at(4);
    int64_t tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3;
    int64_t tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
    const int shift = FirstPass ? const_bits - pass1 : const_bits + pass1;
    if constexpr (FirstPass) {
        at(0) = (tmp10 + tmp11) * (int64_t(1) << pass1);
        at(4) = (tmp10 - tmp11) * (int64_t(1) << pass1);
    } else {
        at(0) = descale(tmp10 + tmp11, pass1);
        at(4) = descale(tmp10 - tmp11, pass1);
    }
    int64_t z1 = (tmp12 + tmp13) * fix_0_541196100;
    at(2) = descale(z1 + tmp13 * fix_0_765366865, shift);
    at(6) = descale(z1 + tmp12 * -fix_1_847759065, shift);

    z1 = tmp4 + tmp7;
    int64_t z2 = tmp5 + tmp6, z3 = tmp4 + tmp6, z4 = tmp5 + tmp7;
    int64_t z5 = (z3 + z4) * fix_1_175875602;
    tmp4 *= fix_0_298631336;
    tmp5 *= fix_2_053119869;
    tmp6 *= fix_3_072711026;
    tmp7 *= fix_1_501321110;
    z1 *= -fix_0_899976223;
    z2 *= -fix_2_562915447;
    z3 *= -fix_1_961570560;
    z4 *= -fix_0_390180644;
    z3 += z5;
    z4 += z5;
    at(7) = descale(tmp4 + z1 + z3, shift);
    at(5) = descale(tmp5 + z2 + z4, shift);
    at(3) = descale(tmp6 + z2 + z3, shift);
    at(1) = descale(tmp7 + z1 + z4, shift);
}

} // namespace

template <unsigned Precision>
void forward_dct_islow(const uint16_t* in, size_t stride, const QuantTable& quant, DctBlock& block)
{
    constexpr int64_t center = int64_t(1) << (Precision - 1);
    constexpr int pass1 = pass1_bits<Precision>;
    std::array<int64_t, 64> d;
    for (int row = 0; row < 8; ++row)
        for (int col = 0; col < 8; ++col)
            d[8 * row + col] = int64_t(in[row * stride + col]) - center;
    for (int row = 0; row < 8; ++row)
        fdct_1d<true>(d.data() + 8 * row, 1, pass1);
    for (int col = 0; col < 8; ++col)
        fdct_1d<false>(d.data() + col, 8, pass1);
    // The DCT output is scaled by 8; libjpeg divides by 8 * q, rounding half away from zero.
    for (int i = 0; i < 64; ++i) {
        int64_t divisor = int64_t(quant[i]) * 8;
        int64_t value = d[i];
        int64_t q = value < 0 ? -((-value + divisor / 2) / divisor) : (value + divisor / 2) / divisor;
        block[i] = int16_t(q);
    }
}

template void inverse_dct_islow<8>(const DctBlock&, const QuantTable&, uint16_t*, size_t);
template void inverse_dct_islow<12>(const DctBlock&, const QuantTable&, uint16_t*, size_t);
template void inverse_dct_islow_scalar<8>(const DctBlock&, const QuantTable&, uint16_t*, size_t);
template void inverse_dct_islow_scalar<12>(const DctBlock&, const QuantTable&, uint16_t*, size_t);
template void forward_dct_islow<8>(const uint16_t*, size_t, const QuantTable&, DctBlock&);
template void forward_dct_islow<12>(const uint16_t*, size_t, const QuantTable&, DctBlock&);

} // namespace roentgen::internal
