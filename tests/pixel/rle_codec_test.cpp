// tests/pixel/rle_codec_test.cpp — RLE and Deflated Image Frame codecs: inline streams, round trips, corrupt input.
#include <gtest/gtest.h>

#include <random>

#include "base/endian.h"
#include "dict/generated/uids.h"
#include "pixel/codecs/deflate_frame/deflate_frame_codec.h"
#include "pixel/codecs/rle/rle_codec.h"
#include "pixel/codecs/rle/rle_segment.h"

namespace roentgen {
namespace {

PixelDescription describe(uint32_t rows, uint32_t columns, uint16_t samples, uint16_t bits)
{
    PixelDescription d;
    d.rows = rows;
    d.columns = columns;
    d.samples_per_pixel = samples;
    d.bits_allocated = bits;
    d.bits_stored = bits;
    d.high_bit = uint16_t(bits - 1);
    d.photometric = samples == 3 ? Photometric::Rgb : Photometric::Monochrome2;
    return d;
}

/// Image-like bytes: runs of random length (some past 128) mixed with noise, so both run kinds,
/// their 128-byte limits and row boundaries are exercised.
std::vector<uint8_t> test_pattern(size_t size, uint32_t seed, unsigned max_value = 255)
{
    std::mt19937 random(seed);
    std::vector<uint8_t> bytes(size);
    size_t i = 0;
    while (i < size) {
        size_t length = std::min<size_t>(size - i, 1 + random() % 300);
        if (random() % 2) {
            std::fill_n(bytes.begin() + i, length, uint8_t(random() % (max_value + 1)));
        } else {
            for (size_t k = 0; k < length; ++k)
                bytes[i + k] = uint8_t(random() % (max_value + 1));
        }
        i += length;
    }
    return bytes;
}

Result<std::vector<uint8_t>> decode(const PixelCodec& codec, std::string_view uid, std::span<const uint8_t> stream,
                                    const PixelDescription& d)
{
    std::vector<uint8_t> out(d.decoded_frame_bytes());
    std::span<const uint8_t> fragments[] = {stream};
    ROENTGEN_TRY(codec.decode(uid, fragments, d, out));
    return out;
}

/// A frame with the given segments, each encoded by the caller.
std::vector<uint8_t> rle_frame(const std::vector<std::vector<uint8_t>>& segments)
{
    std::vector<uint8_t> frame(64, 0);
    store_le<uint32_t>(frame.data(), uint32_t(segments.size()));
    for (size_t i = 0; i < segments.size(); ++i) {
        store_le<uint32_t>(frame.data() + 4 + 4 * i, uint32_t(frame.size()));
        frame.insert(frame.end(), segments[i].begin(), segments[i].end());
    }
    return frame;
}

TEST(RleSegment, DecodesLiteralReplicateAndNoOpRuns)
{
    // G.3.1: n >= 0 copies n + 1 bytes, -127..-1 repeats the next byte 1 - n times, -128 is a no-op.
    const uint8_t in[] = {0x02, 'a', 'b', 'c', 0xFE, 'x', 0x80, 0x00, 'z'};
    uint8_t out[7] = {};
    ASSERT_TRUE(internal::decode_rle_segment(in, out, 7, 1));
    EXPECT_EQ(std::string(out, out + 7), "abcxxxz");
}

TEST(RleSegment, WritesAStridedPlaneAndCutsOverlongRuns)
{
    const uint8_t in[] = {0x81, 7};  // 128 sevens, only 3 wanted
    uint8_t out[6] = {1, 1, 1, 1, 1, 1};
    ASSERT_TRUE(internal::decode_rle_segment(in, out + 1, 3, 2));
    EXPECT_EQ(std::vector<uint8_t>(out, out + 6), (std::vector<uint8_t>{1, 7, 1, 7, 1, 7}));
}

TEST(RleSegment, ShortSegmentsAreErrors)
{
    uint8_t out[8];
    const uint8_t literal_cut[] = {0x07, 1, 2, 3};  // announces 8 bytes, holds 3
    EXPECT_EQ(internal::decode_rle_segment(literal_cut, out, 8, 1).error().code, Errc::Truncated);
    const uint8_t replicate_without_value[] = {0xF9};
    EXPECT_FALSE(internal::decode_rle_segment(replicate_without_value, out, 8, 1));
    EXPECT_FALSE(internal::decode_rle_segment({}, out, 8, 1));
}

TEST(RleSegment, EncodesRowsSeparatelyWithRunsOfAtMost128)
{
    std::vector<uint8_t> row(300, 5);
    std::vector<uint8_t> out;
    internal::encode_rle_segment(row.data(), row.size(), 1, 150, out);
    // Two rows of 150: each 128 + 22 as replicate runs, none crossing the row boundary.
    EXPECT_EQ(out, (std::vector<uint8_t>{0x81, 5, 0xEB, 5, 0x81, 5, 0xEB, 5}));
    out.clear();
    const uint8_t mixed[] = {1, 2, 3, 3, 3, 3, 4};
    internal::encode_rle_segment(mixed, 7, 1, 7, out);
    EXPECT_EQ(out, (std::vector<uint8_t>{0x01, 1, 2, 0xFD, 3, 0x00, 4}));
}

namespace {

/// PS3.5 G.3.2 as the plainest loop: replicate runs of 2..128 equal bytes; a literal run stops at
/// 128 bytes or where three equal bytes begin. The encoder searches eight bytes at a time and must
/// give exactly this.
std::vector<uint8_t> reference_packbits(const std::vector<uint8_t>& r)
{
    std::vector<uint8_t> out;
    size_t i = 0, n = r.size();
    while (i < n) {
        size_t run = 1;
        while (i + run < n && run < 128 && r[i + run] == r[i])
            ++run;
        if (run >= 2) {
            out.push_back(uint8_t(257 - run));
            out.push_back(r[i]);
            i += run;
            continue;
        }
        size_t start = i++;
        while (i < n && i - start < 128 && !(i + 2 < n && r[i] == r[i + 1] && r[i] == r[i + 2]))
            ++i;
        out.push_back(uint8_t(i - start - 1));
        out.insert(out.end(), r.begin() + long(start), r.begin() + long(i));
    }
    return out;
}

}  // namespace

TEST(RleSegment, EncodesAsThePlainPackBitsLoopOnMixedRuns)
{
    std::mt19937 random(20261204);
    for (size_t length : {1u, 2u, 3u, 9u, 10u, 11u, 17u, 127u, 128u, 129u, 130u, 257u, 1000u, 4096u})
        for (int round = 0; round < 40; ++round) {
            // Stretches of noise, of pairs, triples and long runs, so every boundary case of the
            // eight-byte search comes up.
            std::vector<uint8_t> row;
            while (row.size() < length) {
                unsigned kind = random() % 4, count = 1 + random() % (kind == 3 ? 300 : 12);
                uint8_t value = uint8_t(random() % (kind == 0 ? 256 : 3));
                for (unsigned k = 0; k < count && row.size() < length; ++k)
                    row.push_back(kind == 0 ? uint8_t(random()) : value);
            }
            SCOPED_TRACE(testing::Message() << "length " << length << ", round " << round);
            std::vector<uint8_t> out;
            internal::encode_rle_segment(row.data(), row.size(), 1, row.size(), out);
            ASSERT_EQ(out, reference_packbits(row));
            ASSERT_LE(out.size(), internal::rle_segment_bound(row.size(), row.size()));
        }
}

TEST(RleCodec, RoundTripsEveryDepthAndSampleCount)
{
    RleCodec codec;
    for (uint16_t bits : {8, 16, 32})
        for (uint16_t samples : {1, 3})
            for (auto [rows, columns] : {std::pair{1u, 1u}, {7u, 13u}, {64u, 300u}}) {
                SCOPED_TRACE(testing::Message() << bits << " bits, " << samples << " samples, " << rows << "x"
                                                << columns);
                auto d = describe(rows, columns, samples, bits);
                auto frame = test_pattern(d.decoded_frame_bytes(), bits * 100 + samples + rows);
                auto encoded = codec.encode(uids::RLELossless, frame, d, {});
                ASSERT_TRUE(encoded) << encoded.error().message;
                EXPECT_EQ(encoded->planar, samples > 1);
                EXPECT_FALSE(encoded->lossy);
                // Header: one segment per byte of each sample; every segment even and in order.
                const auto& bytes = encoded->bytes;
                unsigned segments = samples * bits / 8;
                ASSERT_EQ(load_le<uint32_t>(bytes.data()), segments);
                for (unsigned i = 0; i < segments; ++i) {
                    uint32_t begin = load_le<uint32_t>(bytes.data() + 4 + 4 * i);
                    uint32_t end =
                        i + 1 < segments ? load_le<uint32_t>(bytes.data() + 8 + 4 * i) : uint32_t(bytes.size());
                    EXPECT_EQ((end - begin) % 2, 0u);
                }
                for (unsigned i = segments; i < 15; ++i)
                    EXPECT_EQ(load_le<uint32_t>(bytes.data() + 4 + 4 * i), 0u);
                auto decoded = decode(codec, uids::RLELossless, bytes, d);
                ASSERT_TRUE(decoded) << decoded.error().message;
                EXPECT_EQ(*decoded, frame);
            }
}

TEST(RleCodec, SegmentsHoldBytesMostSignificantFirst)
{
    // G.2: a 16-bit sample 0x1234 goes to segment 1 as 0x12 and segment 2 as 0x34.
    auto d = describe(1, 2, 1, 16);
    auto frame = rle_frame({{0xFF, 0x12}, {0x01, 0x34, 0x56}});
    RleCodec codec;
    auto decoded = decode(codec, uids::RLELossless, frame, d);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(*decoded, (std::vector<uint8_t>{0x34, 0x12, 0x56, 0x12}));
}

TEST(RleCodec, OneBitFramesArePackedPlanes)
{
    auto d = describe(3, 11, 1, 1);
    std::vector<uint8_t> frame(33);
    for (size_t i = 0; i < frame.size(); ++i)
        frame[i] = (i * 7 % 5) < 2;
    RleCodec codec;
    auto encoded = codec.encode(uids::RLELossless, frame, d, {});
    ASSERT_TRUE(encoded);
    EXPECT_EQ(load_le<uint32_t>(encoded->bytes.data()), 1u);
    auto decoded = decode(codec, uids::RLELossless, encoded->bytes, d);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(*decoded, frame);
    // Pixel 0 is the least significant bit of the first packed byte (PS3.5 D).
    auto single = rle_frame({{0x00, 0x01, 0xFD, 0x00}});
    decoded = decode(codec, uids::RLELossless, single, d);
    ASSERT_TRUE(decoded);
    EXPECT_EQ((*decoded)[0], 1);
    EXPECT_EQ((*decoded)[1], 0);
}

TEST(RleCodec, BadHeadersAreErrors)
{
    RleCodec codec;
    auto d = describe(4, 4, 1, 16);
    auto good = rle_frame({{0xF1, 1}, {0xF1, 2}});
    ASSERT_TRUE(decode(codec, uids::RLELossless, good, d));

    EXPECT_EQ(decode(codec, uids::RLELossless, std::span(good).first(63), d).error().code, Errc::Truncated);
    auto wrong_count = good;
    store_le<uint32_t>(wrong_count.data(), 3);
    EXPECT_FALSE(decode(codec, uids::RLELossless, wrong_count, d));
    store_le<uint32_t>(wrong_count.data(), 0);
    EXPECT_FALSE(decode(codec, uids::RLELossless, wrong_count, d));
    store_le<uint32_t>(wrong_count.data(), 0xFFFFFFFF);
    EXPECT_FALSE(decode(codec, uids::RLELossless, wrong_count, d));
    auto past_end = good;
    store_le<uint32_t>(past_end.data() + 8, uint32_t(good.size() + 1));
    EXPECT_FALSE(decode(codec, uids::RLELossless, past_end, d));
    auto inside_header = good;
    store_le<uint32_t>(inside_header.data() + 4, 10);
    EXPECT_FALSE(decode(codec, uids::RLELossless, inside_header, d));
    auto huge = good;
    store_le<uint32_t>(huge.data() + 4, 0xFFFFFFF0);
    EXPECT_FALSE(decode(codec, uids::RLELossless, huge, d));
    // 4 samples of 32 bits would need 16 segments: more than a header can list.
    EXPECT_EQ(decode(codec, uids::RLELossless, good, describe(4, 4, 4, 32)).error().code, Errc::Unsupported);
}

TEST(RleCodec, CorruptStreamsGiveErrorsNeverCrashes)
{
    // Run under -DROENTGEN_SANITIZE=ON: any read or write out of bounds aborts the test.
    RleCodec codec;
    std::mt19937 random(42);
    for (auto d : {describe(32, 48, 1, 16), describe(17, 23, 3, 8), describe(9, 31, 3, 16), describe(5, 7, 1, 32)}) {
        auto frame = test_pattern(d.decoded_frame_bytes(), d.columns);
        auto encoded = codec.encode(uids::RLELossless, frame, d, {});
        ASSERT_TRUE(encoded);
        const auto& good = encoded->bytes;
        int errors = 0;
        for (size_t length = 0; length < good.size(); length += 1 + length / 16) {
            std::vector<uint8_t> cut(good.begin(), good.begin() + length);  // exact size, so ASan sees overreads
            errors += !decode(codec, uids::RLELossless, cut, d);
        }
        EXPECT_GT(errors, 0);
        for (int trial = 0; trial < 2000; ++trial) {
            auto bad = good;
            for (int flips = 1 + random() % 4; flips > 0; --flips)
                bad[random() % bad.size()] ^= uint8_t(1 + random() % 255);
            (void)decode(codec, uids::RLELossless, bad, d);
        }
        for (int trial = 0; trial < 500; ++trial) {
            auto bad = good;
            store_le<uint32_t>(bad.data() + 4 + 4 * (random() % 15), uint32_t(random()));
            (void)decode(codec, uids::RLELossless, bad, d);
        }
    }
}

TEST(RleCodec, AFrameSplitOverFragmentsIsJoined)
{
    RleCodec codec;
    auto d = describe(8, 8, 1, 8);
    auto frame = test_pattern(64, 3);
    auto encoded = codec.encode(uids::RLELossless, frame, d, {});
    ASSERT_TRUE(encoded);
    std::span<const uint8_t> all(encoded->bytes);
    std::span<const uint8_t> parts[] = {all.first(40), all.subspan(40)};
    std::vector<uint8_t> out(64);
    ASSERT_TRUE(codec.decode(uids::RLELossless, parts, d, out));
    EXPECT_EQ(out, frame);
}

TEST(DeflateFrameCodec, RoundTripsAndPacksOneBitFrames)
{
    DeflateFrameCodec codec;
    for (auto d : {describe(5, 9, 1, 1), describe(16, 16, 1, 16), describe(4, 5, 3, 8)}) {
        auto frame = test_pattern(d.decoded_frame_bytes(), d.rows, d.bits_allocated == 1 ? 1 : 255);
        auto encoded = codec.encode(uids::DeflatedImageFrameCompression, frame, d, {});
        ASSERT_TRUE(encoded) << encoded.error().message;
        EXPECT_FALSE(encoded->planar);
        auto decoded = decode(codec, uids::DeflatedImageFrameCompression, encoded->bytes, d);
        ASSERT_TRUE(decoded) << decoded.error().message;
        EXPECT_EQ(*decoded, frame);
    }
}

TEST(DeflateFrameCodec, CorruptStreamsGiveErrorsNeverCrashes)
{
    DeflateFrameCodec codec;
    auto d = describe(32, 32, 1, 16);
    auto frame = test_pattern(d.decoded_frame_bytes(), 9);
    auto encoded = codec.encode(uids::DeflatedImageFrameCompression, frame, d, {});
    ASSERT_TRUE(encoded);
    const auto& good = encoded->bytes;
    int errors = 0;
    for (size_t length = 0; length < good.size(); length += 1 + length / 8) {
        // A prefix of the stream yields a prefix of the frame: an error, or (when only the
        // end-of-block code is cut) the whole frame — never other pixels.
        std::vector<uint8_t> cut(good.begin(), good.begin() + length);
        auto decoded = decode(codec, uids::DeflatedImageFrameCompression, cut, d);
        errors += !decoded;
        EXPECT_TRUE(!decoded || *decoded == frame) << length;
    }
    EXPECT_GT(errors, 0);
    errors = 0;
    std::mt19937 random(7);
    for (int trial = 0; trial < 500; ++trial) {
        auto bad = good;
        bad[random() % bad.size()] ^= uint8_t(1 + random() % 255);
        errors += !decode(codec, uids::DeflatedImageFrameCompression, bad, d);
    }
    EXPECT_GT(errors, 0);
    const uint8_t garbage[] = {0xFF, 0xFF, 0xFF, 0xFF};
    EXPECT_EQ(decode(codec, uids::DeflatedImageFrameCompression, garbage, d).error().code, Errc::Malformed);
}

}  // namespace
}  // namespace roentgen
