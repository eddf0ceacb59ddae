// pixel/codecs/rle/rle_segment.cpp — PackBits decode into a strided byte plane and row-wise encode (PS3.5 G.3).
#include "pixel/codecs/rle/rle_segment.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>

#include "base/endian.h"

namespace roentgen::internal {

namespace {

// The stride is a template parameter for the common layouts (8/16/32-bit, 1 or 3 samples) so the
// copy and fill loops compile to fixed-step stores; 0 means "use the runtime stride".
template <size_t Stride>
size_t decode_strided(const uint8_t* p, const uint8_t* end, uint8_t* out, size_t count, size_t runtime_stride)
{
    const size_t stride = Stride ? Stride : runtime_stride;
    size_t done = 0;
    while (done < count && p < end) {
        int header = int8_t(*p++);
        if (header >= 0) {
            // Literal run of header + 1 bytes (G.3.1); a run cut short by the segment end gives what is there.
            size_t available = size_t(end - p);
            size_t run = std::min(size_t(header) + 1, available);
            size_t n = std::min(run, count - done);
            if constexpr (Stride == 1) {
                std::memcpy(out + done, p, n);
            } else {
                uint8_t* o = out + done * stride;
                for (size_t i = 0; i < n; ++i)
                    o[i * stride] = p[i];
            }
            p += run;
            done += n;
        } else if (header != -128) {
            // Replicate run: the next byte 1 - header times (2..128).
            if (p == end)
                break;
            uint8_t value = *p++;
            size_t n = std::min(size_t(1 - header), count - done);
            if constexpr (Stride == 1) {
                std::memset(out + done, value, n);
            } else {
                uint8_t* o = out + done * stride;
                for (size_t i = 0; i < n; ++i)
                    o[i * stride] = value;
            }
            done += n;
        }
    }
    return done;
}

// Runs are found eight bytes at a time (SWAR): a byte of a ^ b is zero where a and b agree.
constexpr uint64_t ones = 0x0101010101010101ull;
constexpr uint64_t highs = 0x8080808080808080ull;

/// The flag of the first zero byte of `x` is exact (borrows only reach bytes above it).
inline uint64_t zero_byte_flags(uint64_t x)
{
    return (x - ones) & ~x & highs;
}

/// Length of the run of bytes equal to r[0] starting at r, at most `limit` (limit >= 1).
inline size_t replicate_length(const uint8_t* r, size_t limit)
{
    const uint64_t value = uint64_t(r[0]) * ones;
    size_t k = 1;
    for (; k + 8 <= limit; k += 8)
        if (uint64_t differs = load_le<uint64_t>(r + k) ^ value)
            return k + size_t(std::countr_zero(differs)) / 8;
    while (k < limit && r[k] == r[0])
        ++k;
    return k;
}

/// Position (from r) of the first k in [1, limit) with r[k] == r[k + 1] == r[k + 2] and
/// k + 2 < n, or `limit` when there is none.
inline size_t literal_length(const uint8_t* r, size_t n, size_t limit)
{
    size_t k = 1;
    for (; k + 8 <= limit && k + 10 <= n; k += 8) {
        uint64_t a = load_le<uint64_t>(r + k);
        uint64_t triple = zero_byte_flags((a ^ load_le<uint64_t>(r + k + 1)) | (a ^ load_le<uint64_t>(r + k + 2)));
        if (triple)
            return k + size_t(std::countr_zero(triple)) / 8;
    }
    for (; k < limit; ++k)
        if (k + 2 < n && r[k] == r[k + 1] && r[k] == r[k + 2])
            return k;
    return limit;
}

/// One row: replicate runs of two or more equal bytes, literal runs that stop where three equal
/// bytes begin. Writes at most n + ceil(n / 128) bytes at `o`; returns the end.
uint8_t* encode_row(const uint8_t* r, size_t n, uint8_t* o)
{
    size_t i = 0;
    while (i < n) {
        size_t run = replicate_length(r + i, std::min<size_t>(128, n - i));
        if (run >= 2) {
            *o++ = uint8_t(257 - run);  // -(run - 1) as a signed byte
            *o++ = r[i];
            i += run;
            continue;
        }
        size_t literal = literal_length(r + i, n - i, std::min<size_t>(128, n - i));
        *o++ = uint8_t(literal - 1);
        std::memcpy(o, r + i, literal);
        o += literal;
        i += literal;
    }
    return o;
}

}  // namespace

Result<void> decode_rle_segment(std::span<const uint8_t> in, uint8_t* out, size_t count, size_t stride)
{
    const uint8_t* p = in.data();
    const uint8_t* end = p + in.size();
    size_t done = 0;
    switch (stride) {
    case 1: done = decode_strided<1>(p, end, out, count, stride); break;
    case 2: done = decode_strided<2>(p, end, out, count, stride); break;
    case 3: done = decode_strided<3>(p, end, out, count, stride); break;
    case 4: done = decode_strided<4>(p, end, out, count, stride); break;
    case 6: done = decode_strided<6>(p, end, out, count, stride); break;
    case 12: done = decode_strided<12>(p, end, out, count, stride); break;
    default: done = decode_strided<0>(p, end, out, count, stride); break;
    }
    if (done < count)
        return make_error(Errc::Truncated, "segment of " + std::to_string(in.size()) + " bytes decodes to " +
                                               std::to_string(done) + " bytes, " + std::to_string(count) +
                                               " needed (PS3.5 G.3.1)");
    return {};
}

size_t rle_segment_bound(size_t count, size_t row_length)
{
    if (row_length == 0)
        row_length = count;
    // A row of n bytes needs at most n + ceil(n / 128) + 1 (literal headers; one more where a literal
    // ends at the row end); the bound below is generous.
    size_t rows = row_length ? (count + row_length - 1) / row_length : 0;
    return count + 2 * ((count + 127) / 128) + 2 * rows;
}

uint8_t* encode_rle_segment(const uint8_t* in, size_t count, size_t stride, size_t row_length, uint8_t* out)
{
    if (row_length == 0)
        row_length = count;
    // Rows of a strided plane are gathered first so the run search reads consecutive bytes.
    thread_local std::vector<uint8_t> row;
    if (stride != 1 && row.size() < row_length)
        row.resize(row_length);
    for (size_t start = 0; start < count; start += row_length) {
        size_t n = std::min(row_length, count - start);
        const uint8_t* r = in + start * stride;
        if (stride != 1) {
            for (size_t i = 0; i < n; ++i)
                row[i] = r[i * stride];
            r = row.data();
        }
        out = encode_row(r, n, out);
    }
    return out;
}

void encode_rle_segment(const uint8_t* in, size_t count, size_t stride, size_t row_length, std::vector<uint8_t>& out)
{
    size_t begin = out.size();
    out.resize(begin + rle_segment_bound(count, row_length));
    uint8_t* end = encode_rle_segment(in, count, stride, row_length, out.data() + begin);
    out.resize(size_t(end - out.data()));
}

}  // namespace roentgen::internal
