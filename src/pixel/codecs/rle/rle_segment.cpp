// pixel/codecs/rle/rle_segment.cpp — PackBits decode into a strided byte plane and row-wise encode (PS3.5 G.3).
#include "pixel/codecs/rle/rle_segment.h"

#include <algorithm>
#include <cstring>
#include <string>

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

/// One row: replicate runs of two or more equal bytes, literal runs that stop where three equal
/// bytes begin. Writes at most n + ceil(n / 128) bytes at `o`; returns the end.
uint8_t* encode_row(const uint8_t* r, size_t n, uint8_t* o)
{
    size_t i = 0;
    while (i < n) {
        size_t run = 1;
        while (i + run < n && run < 128 && r[i + run] == r[i])
            ++run;
        if (run >= 2) {
            *o++ = uint8_t(257 - run);  // -(run - 1) as a signed byte
            *o++ = r[i];
            i += run;
            continue;
        }
        size_t start = i++;
        while (i < n && i - start < 128) {
            if (i + 2 < n && r[i] == r[i + 1] && r[i] == r[i + 2])
                break;
            ++i;
        }
        *o++ = uint8_t(i - start - 1);
        std::memcpy(o, r + start, i - start);
        o += i - start;
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

void encode_rle_segment(const uint8_t* in, size_t count, size_t stride, size_t row_length, std::vector<uint8_t>& out)
{
    if (row_length == 0)
        row_length = count;
    std::vector<uint8_t> row(stride == 1 ? 0 : row_length);
    size_t begin = out.size();
    // A row of n bytes needs at most n + ceil(n / 128) + 1 (literal headers; one more where a literal
    // ends at the row end); the bound below is generous.
    size_t rows = (count + row_length - 1) / row_length;
    out.resize(begin + count + 2 * ((count + 127) / 128) + 2 * rows);
    uint8_t* o = out.data() + begin;
    for (size_t start = 0; start < count; start += row_length) {
        size_t n = std::min(row_length, count - start);
        const uint8_t* r = in + start * stride;
        if (stride != 1) {
            for (size_t i = 0; i < n; ++i)
                row[i] = r[i * stride];
            r = row.data();
        }
        o = encode_row(r, n, o);
    }
    out.resize(size_t(o - out.data()));
}

}  // namespace roentgen::internal
