// pixel/codecs/deflate_frame/deflate_frame_codec.cpp — raw inflate/deflate of native frames (PS3.5 8.2.16).
#include "pixel/codecs/deflate_frame/deflate_frame_codec.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <string>

#include "dict/generated/uids.h"
#include "pixel/internal/native_frame.h"

namespace roentgen {

namespace {

constexpr std::array<std::string_view, 1> deflate_syntaxes = {uids::DeflatedImageFrameCompression};

/// Inflates the raw deflate stream spread over `fragments` into exactly `size` bytes at `out`.
/// Output past `size` (a pad byte compressed along) is not produced and not an error.
Result<void> inflate_frame(std::span<const std::span<const uint8_t>> fragments, uint8_t* out, size_t size)
{
    z_stream stream{};
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK)
        return make_error(Errc::Unsupported, "zlib inflateInit2 failed");
    size_t produced = 0;
    int status = Z_OK;
    for (auto fragment : fragments) {
        size_t consumed = 0;
        while (status == Z_OK && produced < size && consumed < fragment.size()) {
            // zlib's API is not const-correct; it does not write through next_in.
            stream.next_in = const_cast<Bytef*>(fragment.data() + consumed);
            stream.avail_in = uInt(std::min<size_t>(fragment.size() - consumed, UINT_MAX));
            stream.next_out = out + produced;
            stream.avail_out = uInt(std::min<size_t>(size - produced, UINT_MAX));
            uInt in_before = stream.avail_in, out_before = stream.avail_out;
            status = inflate(&stream, Z_NO_FLUSH);
            consumed += in_before - stream.avail_in;
            produced += out_before - stream.avail_out;
            if (status == Z_BUF_ERROR && in_before != stream.avail_in)
                status = Z_OK;
        }
        if (status != Z_OK || produced == size)
            break;
    }
    std::string message = stream.msg ? stream.msg : "";
    inflateEnd(&stream);
    if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR)
        return make_error(Errc::Malformed, "deflated frame is corrupt" + (message.empty() ? "" : ": " + message));
    if (produced < size)
        return make_error(Errc::Truncated, "deflated frame inflates to " + std::to_string(produced) + " bytes, " +
                                               std::to_string(size) + " needed (PS3.5 8.2.16)");
    return {};
}

/// The decoded frame in native layout: 1-bit data packed (PS3.5 D), colour-by-pixel, full resolution.
std::vector<uint8_t> native_bytes(std::span<const uint8_t> frame, const PixelDescription& d)
{
    if (d.bits_allocated != 1)
        return std::vector<uint8_t>(frame.begin(), frame.end());
    std::vector<uint8_t> packed((frame.size() + 7) / 8, 0);
    for (size_t i = 0; i < frame.size(); ++i)
        packed[i / 8] |= uint8_t((frame[i] & 1) << (i % 8));
    return packed;
}

}  // namespace

std::span<const std::string_view> DeflateFrameCodec::transfer_syntaxes() const
{
    return deflate_syntaxes;
}

bool DeflateFrameCodec::can_encode(std::string_view transfer_syntax_uid, const PixelDescription& d) const
{
    return transfer_syntax_uid == uids::DeflatedImageFrameCompression && d.bits_allocated >= 1;
}

Result<void> DeflateFrameCodec::decode(std::string_view, std::span<const std::span<const uint8_t>> fragments,
                                       const PixelDescription& d, std::span<uint8_t> out) const
{
    if (out.size() != d.decoded_frame_bytes())
        return make_error(Errc::InvalidArgument, "output buffer has the wrong size");
    if (fragments.empty())
        return make_error(Errc::Malformed, "deflated frame has no fragment");
    uint64_t native_size = d.native_frame_bytes();
    bool same_layout = d.bits_allocated != 1 && (!d.planar || d.samples_per_pixel == 1) &&
                       native_size == out.size();
    if (same_layout)
        return inflate_frame(fragments, out.data(), out.size());
    std::vector<uint8_t> native(native_size);
    ROENTGEN_TRY(inflate_frame(fragments, native.data(), native.size()));
    return internal::decode_native_frame(native, 0, d, out);
}

Result<EncodedFrame> DeflateFrameCodec::encode(std::string_view transfer_syntax_uid, std::span<const uint8_t> frame,
                                               const PixelDescription& d, const EncodeOptions&) const
{
    if (!can_encode(transfer_syntax_uid, d))
        return make_error(Errc::Unsupported, "Deflated Image Frame Compression cannot encode this description");
    if (frame.size() != d.decoded_frame_bytes())
        return make_error(Errc::InvalidArgument, "frame holds " + std::to_string(frame.size()) + " bytes, " +
                                                     std::to_string(d.decoded_frame_bytes()) + " expected");
    std::vector<uint8_t> native = native_bytes(frame, d);
    if (native.size() > UINT_MAX)
        return make_error(Errc::LimitExceeded,
                          "frame of " + std::to_string(native.size()) + " bytes is too large to deflate");
    z_stream stream{};
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return make_error(Errc::Unsupported, "zlib deflateInit2 failed");
    EncodedFrame encoded;
    encoded.bytes.resize(deflateBound(&stream, uLong(native.size())));
    stream.next_in = native.data();
    stream.avail_in = uInt(native.size());
    stream.next_out = encoded.bytes.data();
    stream.avail_out = uInt(encoded.bytes.size());
    int status = deflate(&stream, Z_FINISH);
    encoded.bytes.resize(stream.total_out);
    deflateEnd(&stream);
    if (status != Z_STREAM_END)
        return make_error(Errc::Unsupported, "zlib deflate did not finish (status " + std::to_string(status) + ")");
    if (d.photometric == Photometric::YbrFull422)
        encoded.photometric = Photometric::YbrFull;
    encoded.planar = false;
    return encoded;
}

}  // namespace roentgen
