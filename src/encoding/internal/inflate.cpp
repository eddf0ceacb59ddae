// encoding/internal/inflate.cpp — zlib adapters for the deflated transfer syntax.
#include "encoding/internal/inflate.h"

#include <zlib.h>

#include <string>

namespace roentgen::internal {

namespace {

Result<std::vector<uint8_t>> inflate_with(std::span<const uint8_t> compressed, uint64_t max_size, int window_bits)
{
    z_stream stream{};
    if (inflateInit2(&stream, window_bits) != Z_OK)
        return make_error(Errc::Io, "zlib inflateInit2 failed");
    std::vector<uint8_t> out;
    out.resize(std::min<uint64_t>(std::max<uint64_t>(compressed.size() * 4, 4096), max_size));
    stream.next_in = const_cast<Bytef*>(compressed.data());
    stream.avail_in = static_cast<uInt>(std::min<size_t>(compressed.size(), UINT32_MAX));
    size_t produced = 0;
    int status = Z_OK;
    while (true) {
        if (produced == out.size()) {
            if (out.size() >= max_size) {
                inflateEnd(&stream);
                return make_error(Errc::LimitExceeded,
                                  "deflated data set inflates past " + std::to_string(max_size) + " bytes");
            }
            // reserve() first: resize() alone may double the capacity past max_size.
            size_t grown = static_cast<size_t>(std::min<uint64_t>(out.size() * 2, max_size));
            out.reserve(grown);
            out.resize(grown);
        }
        stream.next_out = out.data() + produced;
        stream.avail_out = static_cast<uInt>(std::min<size_t>(out.size() - produced, UINT32_MAX));
        status = inflate(&stream, Z_NO_FLUSH);
        produced = static_cast<size_t>(stream.next_out - out.data());
        if (status == Z_STREAM_END)
            break;
        if (status == Z_BUF_ERROR && stream.avail_in == 0)
            break;  // input ended without an end marker: keep what inflated
        if (status != Z_OK && status != Z_BUF_ERROR) {
            std::string message = stream.msg ? stream.msg : "corrupt stream";
            inflateEnd(&stream);
            return make_error(Errc::Malformed, "inflating the data set failed: " + message);
        }
    }
    inflateEnd(&stream);
    out.resize(produced);
    return out;
}

}  // namespace

Result<std::vector<uint8_t>> inflate_raw(std::span<const uint8_t> compressed, uint64_t max_size)
{
    auto raw = inflate_with(compressed, max_size, -MAX_WBITS);
    if (raw)
        return raw;
    // Some writers wrap the stream in a zlib header (not conformant to PS3.5 A.5); accept it.
    if (compressed.size() >= 2 && (compressed[0] & 0x0F) == 8 && ((compressed[0] << 8) | compressed[1]) % 31 == 0) {
        auto wrapped = inflate_with(compressed, max_size, MAX_WBITS);
        if (wrapped)
            return wrapped;
    }
    return raw;
}

Result<std::vector<uint8_t>> deflate_raw(std::span<const uint8_t> data, int level)
{
    z_stream stream{};
    if (deflateInit2(&stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return make_error(Errc::Io, "zlib deflateInit2 failed");
    std::vector<uint8_t> out(deflateBound(&stream, data.size()) + 16);
    stream.next_in = const_cast<Bytef*>(data.data());
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = out.data();
    stream.avail_out = static_cast<uInt>(out.size());
    int status = deflate(&stream, Z_FINISH);
    size_t produced = out.size() - stream.avail_out;
    deflateEnd(&stream);
    if (status != Z_STREAM_END)
        return make_error(Errc::Io, "deflating the data set failed");
    out.resize(produced);
    return out;
}

}  // namespace roentgen::internal
