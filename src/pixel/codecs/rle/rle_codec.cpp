// pixel/codecs/rle/rle_codec.cpp — RLE Lossless frames: header and segment layout (PS3.5 G.2, G.5), 1-bit planes.
#include "pixel/codecs/rle/rle_codec.h"

#include <algorithm>
#include <array>
#include <memory>
#include <string>

#include "base/endian.h"
#include "dict/generated/uids.h"
#include "pixel/codecs/rle/rle_segment.h"

namespace roentgen {

namespace {

constexpr std::array<std::string_view, 1> rle_syntaxes = {uids::RLELossless};
constexpr size_t header_size = 64;
constexpr unsigned max_segments = 15;

/// Segments per sample: one per byte, most significant first (G.2); 1-bit planes take one.
unsigned segments_per_sample(const PixelDescription& d)
{
    return d.bits_allocated == 1 ? 1u : d.bits_allocated / 8u;
}

bool supported_depth(const PixelDescription& d)
{
    return d.bits_allocated == 1 || d.bits_allocated == 8 || d.bits_allocated == 16 || d.bits_allocated == 32 ||
           d.bits_allocated == 64;
}

/// The [begin, end) byte range of each segment, checked against the frame (G.5).
Result<std::vector<std::span<const uint8_t>>> split_segments(std::span<const uint8_t> frame, unsigned expected)
{
    if (frame.size() < header_size)
        return make_error(Errc::Truncated, "RLE frame of " + std::to_string(frame.size()) +
                                               " bytes is shorter than its 64-byte header (PS3.5 G.5)");
    uint32_t count = load_le<uint32_t>(frame.data());
    if (count != expected)
        return make_error(Errc::Malformed, "RLE header announces " + std::to_string(count) +
                                               " segments; the image needs " + std::to_string(expected) +
                                               " (PS3.5 G.2)");
    std::array<uint32_t, max_segments> offsets{};
    for (unsigned i = 0; i < count; ++i) {
        offsets[i] = load_le<uint32_t>(frame.data() + 4 + 4 * i);
        if (offsets[i] < header_size || offsets[i] > frame.size())
            return make_error(Errc::Malformed, "RLE segment " + std::to_string(i + 1) + " offset " +
                                                   std::to_string(offsets[i]) + " lies outside the " +
                                                   std::to_string(frame.size()) + "-byte frame (PS3.5 G.5)");
    }
    std::vector<std::span<const uint8_t>> segments(count);
    for (unsigned i = 0; i < count; ++i) {
        // A segment ends where the next begins; out-of-order offsets are read to the frame's end.
        size_t end = i + 1 < count && offsets[i + 1] >= offsets[i] ? offsets[i + 1] : frame.size();
        segments[i] = frame.subspan(offsets[i], end - offsets[i]);
    }
    return segments;
}

Result<void> decode_bit_planes(const std::vector<std::span<const uint8_t>>& segments, const PixelDescription& d,
                               std::span<uint8_t> out)
{
    uint64_t pixels = d.pixels_per_frame();
    unsigned samples = d.samples_per_pixel;
    std::vector<uint8_t> packed((pixels + 7) / 8);
    for (unsigned s = 0; s < samples; ++s) {
        auto decoded = internal::decode_rle_segment(segments[s], packed.data(), packed.size(), 1);
        if (!decoded)
            return add_context(std::move(decoded).error(), "RLE segment " + std::to_string(s + 1));
        uint8_t* o = out.data() + s;
        for (uint64_t p = 0; p < pixels; ++p)
            o[p * samples] = (packed[p / 8] >> (p % 8)) & 1;
    }
    return {};
}

}  // namespace

std::span<const std::string_view> RleCodec::transfer_syntaxes() const
{
    return rle_syntaxes;
}

bool RleCodec::can_encode(std::string_view transfer_syntax_uid, const PixelDescription& d) const
{
    return transfer_syntax_uid == uids::RLELossless && supported_depth(d) && d.samples_per_pixel >= 1 &&
           d.samples_per_pixel * segments_per_sample(d) <= max_segments;
}

Result<void> RleCodec::decode(std::string_view, std::span<const std::span<const uint8_t>> fragments,
                              const PixelDescription& d, std::span<uint8_t> out) const
{
    if (out.size() != d.decoded_frame_bytes())
        return make_error(Errc::InvalidArgument, "output buffer has the wrong size");
    if (!supported_depth(d))
        return make_error(Errc::Unsupported, "RLE with Bits Allocated " + std::to_string(d.bits_allocated));
    unsigned per_sample = segments_per_sample(d);
    unsigned expected = d.samples_per_pixel * per_sample;
    if (expected > max_segments)
        return make_error(Errc::Unsupported, "RLE frames hold at most 15 segments; " +
                                                 std::to_string(d.samples_per_pixel) + " samples of " +
                                                 std::to_string(d.bits_allocated) + " bits need " +
                                                 std::to_string(expected) + " (PS3.5 G.2)");
    if (fragments.empty())
        return make_error(Errc::Malformed, "RLE frame has no fragment");
    // A frame is one fragment (PS3.5 A.4.2); a frame split over several is joined.
    std::vector<uint8_t> joined;
    std::span<const uint8_t> frame = fragments.front();
    if (fragments.size() > 1) {
        for (auto f : fragments)
            joined.insert(joined.end(), f.begin(), f.end());
        frame = joined;
    }
    ROENTGEN_TRY(auto segments, split_segments(frame, expected));
    if (d.bits_allocated == 1)
        return decode_bit_planes(segments, d, out);
    uint64_t pixels = d.pixels_per_frame();
    size_t stride = size_t(d.samples_per_pixel) * per_sample;
    for (unsigned s = 0; s < d.samples_per_pixel; ++s)
        for (unsigned b = 0; b < per_sample; ++b) {
            unsigned index = s * per_sample + b;
            // Segment b holds byte b counted from the most significant; the output is little endian.
            uint8_t* plane = out.data() + s * per_sample + (per_sample - 1 - b);
            auto decoded = internal::decode_rle_segment(segments[index], plane, pixels, stride);
            if (!decoded)
                return add_context(std::move(decoded).error(), "RLE segment " + std::to_string(index + 1));
        }
    return {};
}

Result<EncodedFrame> RleCodec::encode(std::string_view transfer_syntax_uid, std::span<const uint8_t> frame,
                                      const PixelDescription& d, const EncodeOptions&) const
{
    if (!can_encode(transfer_syntax_uid, d))
        return make_error(Errc::Unsupported, "RLE cannot encode " + std::to_string(d.samples_per_pixel) +
                                                 " samples of " + std::to_string(d.bits_allocated) + " bits");
    if (frame.size() != d.decoded_frame_bytes())
        return make_error(Errc::InvalidArgument, "frame holds " + std::to_string(frame.size()) + " bytes, " +
                                                     std::to_string(d.decoded_frame_bytes()) + " expected");
    unsigned per_sample = segments_per_sample(d);
    unsigned samples = d.samples_per_pixel;
    uint64_t pixels = d.pixels_per_frame();
    unsigned segments = samples * per_sample;
    size_t segment_bytes = d.bits_allocated == 1 ? (pixels + 7) / 8 : pixels;
    size_t row_length = d.bits_allocated == 1 ? segment_bytes : d.columns;
    size_t bound = header_size + segments * (internal::rle_segment_bound(segment_bytes, row_length) + 1);
    // Segments are written into a per-thread buffer that is never zero-filled, then copied once.
    thread_local std::unique_ptr<uint8_t[]> scratch;
    thread_local size_t scratch_size = 0;
    if (scratch_size < bound) {
        scratch.reset(new uint8_t[bound]);
        scratch_size = bound;
    }
    uint8_t* const begin = scratch.get();
    std::fill(begin, begin + header_size, uint8_t(0));
    store_le<uint32_t>(begin, segments);
    uint8_t* o = begin + header_size;
    std::vector<uint8_t> packed;
    for (unsigned s = 0; s < samples; ++s)
        for (unsigned b = 0; b < per_sample; ++b) {
            unsigned index = s * per_sample + b;
            if (size_t(o - begin) > UINT32_MAX)
                return make_error(Errc::LimitExceeded, "RLE frame exceeds 4 GiB");
            store_le<uint32_t>(begin + 4 + 4 * index, uint32_t(o - begin));
            if (d.bits_allocated == 1) {
                // The plane's bits packed as native 1-bit data (PS3.5 D), one run sequence for the frame.
                packed.assign(segment_bytes, 0);
                for (uint64_t p = 0; p < pixels; ++p)
                    packed[p / 8] |= uint8_t((frame[p * samples + s] & 1) << (p % 8));
                o = internal::encode_rle_segment(packed.data(), packed.size(), 1, row_length, o);
            } else {
                const uint8_t* plane = frame.data() + s * per_sample + (per_sample - 1 - b);
                o = internal::encode_rle_segment(plane, pixels, size_t(samples) * per_sample, row_length, o);
            }
            if ((o - begin) % 2 != 0)
                *o++ = 0;  // G.5: each segment has an even length
        }
    if (size_t(o - begin) > UINT32_MAX - 1)
        return make_error(Errc::LimitExceeded, "RLE frame exceeds 4 GiB");
    EncodedFrame encoded;
    encoded.bytes.assign(begin, o);
    if (d.photometric == Photometric::YbrFull422)
        encoded.photometric = Photometric::YbrFull;
    encoded.planar = samples > 1;
    return encoded;
}

}  // namespace roentgen
