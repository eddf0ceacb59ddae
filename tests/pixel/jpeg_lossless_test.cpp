// tests/pixel/jpeg_lossless_test.cpp — lossless JPEG (process 14): hand-made streams, round trips, corrupt input,
// corpus hashes.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>

#include "base/endian.h"
#include "dict/generated/uids.h"
#include "encoding/part10_file.h"
#include "pixel/codec_registry.h"
#include "pixel/codecs/jpeg_common/bit_reader.h"
#include "pixel/codecs/jpeg_lossless/huffman_table.h"
#include "pixel/codecs/jpeg_lossless/jpeg_lossless_codec.h"
#include "pixel/codecs/jpeg_lossless/jpeg_lossless_decoder.h"
#include "pixel/codecs/jpeg_lossless/jpeg_lossless_encoder.h"
#include "pixel/frames.h"
#include "support/corpus.h"
#include "support/sha256.h"

namespace roentgen {
namespace {

using internal::decode_ljpeg;
using internal::encode_ljpeg;
using internal::LjpegDecodeTarget;
using internal::LjpegEncodeParams;

PixelDescription describe(uint32_t rows, uint32_t columns, uint16_t samples, uint16_t allocated, uint16_t stored,
                          bool is_signed = false)
{
    PixelDescription d;
    d.rows = rows;
    d.columns = columns;
    d.samples_per_pixel = samples;
    d.bits_allocated = allocated;
    d.bits_stored = stored;
    d.high_bit = uint16_t(stored - 1);
    d.is_signed = is_signed;
    d.photometric = samples == 3 ? Photometric::Rgb : Photometric::Monochrome2;
    d.photometric_text = samples == 3 ? "RGB" : "MONOCHROME2";
    return d;
}

Result<std::vector<uint8_t>> codec_decode(std::string_view uid, std::span<const uint8_t> bytes,
                                          const PixelDescription& d)
{
    JpegLosslessCodec codec;
    std::vector<uint8_t> out(d.decoded_frame_bytes());
    std::span<const uint8_t> fragments[] = {bytes};
    ROENTGEN_TRY(codec.decode(uid, fragments, d, out));
    return out;
}

enum class Pattern { Gradient, Noise, Extremes, Constant };

/// A frame of `d` in the decoded layout with values below 2^bits_stored.
std::vector<uint8_t> synthetic(const PixelDescription& d, Pattern pattern, uint32_t seed = 1)
{
    std::vector<uint8_t> out(d.decoded_frame_bytes());
    const uint32_t max = (1u << d.bits_stored) - 1;
    const size_t count = d.pixels_per_frame() * d.samples_per_pixel;
    uint32_t state = seed * 2654435761u + 12345;
    auto next = [&] {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    };
    for (size_t i = 0; i < count; ++i) {
        size_t pixel = i / d.samples_per_pixel;
        uint32_t x = uint32_t(pixel % d.columns);
        uint32_t y = uint32_t(pixel / d.columns);
        uint32_t c = uint32_t(i % d.samples_per_pixel);
        uint32_t value = 0;
        switch (pattern) {
        case Pattern::Gradient:
            value = uint32_t(uint64_t(x * 3 + y * 5 + c * 40) * max / (3 * d.columns + 5 * d.rows + 80));
            break;
        case Pattern::Noise:
            value = next() & max;
            break;
        case Pattern::Extremes: {
            const uint32_t choices[] = {0, max, max / 2 + 1, max / 2, 1};
            value = choices[next() % 5];
            break;
        }
        case Pattern::Constant:
            value = max;
            break;
        }
        if (d.bytes_per_sample() == 2)
            store_le<uint16_t>(out.data() + 2 * i, uint16_t(value));
        else
            out[i] = uint8_t(value);
    }
    return out;
}

std::vector<uint8_t> bytes_of(std::initializer_list<int> values)
{
    std::vector<uint8_t> out;
    for (int v : values)
        out.push_back(uint8_t(v));
    return out;
}

/// The offset of marker 0xFF `code` in an encoded stream (headers only: before the first SOS).
size_t marker_at(const std::vector<uint8_t>& stream, uint8_t code)
{
    for (size_t i = 0; i + 1 < stream.size(); ++i)
        if (stream[i] == 0xFF && stream[i + 1] == code)
            return i;
    return std::string::npos;
}

// --- Hand-made streams -------------------------------------------------------------------------

/// 2x2, P = 8, predictor 1, one table: DIFF category 0 is "0", category 1 is "10".
std::vector<uint8_t> two_by_two(uint8_t entropy_byte)
{
    auto s = bytes_of({0xFF, 0xD8, 0xFF, 0xC3, 0x00, 0x0B, 0x08, 0x00, 0x02, 0x00, 0x02, 0x01, 0x01, 0x11, 0x00, 0xFF,
                       0xC4, 0x00, 0x15, 0x00, 1,    1,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
                       0,    0,    0,    0,    0x00, 0x01, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x01, 0x00, 0x00});
    s.push_back(entropy_byte);
    s.insert(s.end(), {0xFF, 0xD9});
    return s;
}

TEST(JpegLossless, HandMadeStreamDecodes)
{
    auto d = describe(2, 2, 1, 8, 8);
    // 0 | 10 1 | 0 | 0 | padding 11: 128 (predicted 2^(P-1)), 129, then Rb and Ra.
    auto positive = codec_decode(uids::JPEGLosslessSV1, two_by_two(0x53), d);
    ASSERT_TRUE(positive) << positive.error().message;
    EXPECT_EQ(*positive, bytes_of({128, 129, 128, 128}));
    // DIFF -1: category 1 with extra bit 0 (F.1.2.1: DIFF - 1 in the low bits).
    auto negative = codec_decode(uids::JPEGLosslessSV1, two_by_two(0x43), d);
    ASSERT_TRUE(negative) << negative.error().message;
    EXPECT_EQ(*negative, bytes_of({128, 127, 128, 128}));
}

TEST(JpegLossless, HandMadeStreamWithoutEoiDecodes)
{
    auto s = two_by_two(0x53);
    s.resize(s.size() - 2);
    auto out = codec_decode(uids::JPEGLosslessSV1, s, describe(2, 2, 1, 8, 8));
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_EQ(*out, bytes_of({128, 129, 128, 128}));
}

/// 1x3, P = 16, predictor 1: category 16 is "0", 0 is "10", 3 is "110"; `entropy` follows SOS.
std::vector<uint8_t> ssss16_stream(std::initializer_list<int> entropy)
{
    auto s =
        bytes_of({0xFF, 0xD8, 0xFF, 0xC3, 0x00, 0x0B, 0x10, 0x00, 0x01, 0x00, 0x03, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xC4,
                  0x00, 0x16, 0x00, 1,    1,    1,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
                  0,    0,    16,   0,    3,    0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x01, 0x00, 0x00});
    for (int b : entropy)
        s.push_back(uint8_t(b));
    s.insert(s.end(), {0xFF, 0xD9});
    return s;
}

TEST(JpegLossless, DiffCategory16HasNoExtraBits)
{
    // 0 (DIFF 32768: 2^15 + 32768 = 0 mod 2^16) | 10 (0) | 110 101 (5) | padding; 0xFF stuffed.
    auto stream = ssss16_stream({0x5A, 0xFF, 0x00});
    auto out = codec_decode(uids::JPEGLosslessSV1, stream, describe(1, 3, 1, 16, 16));
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_EQ(*out, bytes_of({0, 0, 0, 0, 5, 0}));
}

TEST(JpegLossless, issue_3_cornell_extra_bits_after_category_16_are_recognised)
{
    // The same samples from the Cornell encoder, which writes 0x8000 after category 16 (DCMTK +wc).
    auto stream = ssss16_stream({0x40, 0x00, 0x5A, 0xFF, 0x00});
    std::vector<uint8_t> out(6);
    LjpegDecodeTarget target{out, 3, 1, 1, 2};
    auto strict = decode_ljpeg(stream, target); // read per T.81 it goes astray and leaves data
    ASSERT_TRUE(strict) << strict.error().message;
    EXPECT_EQ(out, bytes_of({0, 0, 0, 0, 0, 0x80}));
    EXPECT_GE(strict->unused_bytes, 2u);
    auto decoded = codec_decode(uids::JPEGLosslessSV1, stream, describe(1, 3, 1, 16, 16));
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(*decoded, bytes_of({0, 0, 0, 0, 5, 0}));
    // A valid stream whose category 16 is followed by bits that look like Cornell's is read per T.81.
    auto valid = codec_decode(uids::JPEGLosslessSV1, ssss16_stream({0x5A, 0xFF, 0x00}), describe(1, 3, 1, 16, 16));
    ASSERT_TRUE(valid) << valid.error().message;
    EXPECT_EQ(*valid, bytes_of({0, 0, 0, 0, 5, 0}));
}

/// 1x6, P = 16, from the Cornell encoder: its table holds category 0 ("0") and 3 ("10"), category 16
/// got the 17-bit code 11000000000000000 (which a DHT cannot hold) followed by 0x8000. Samples:
/// four DIFFs of 5 (10 101), DIFF 32768, DIFF 5.
const std::vector<uint8_t> cornell_long_code = {0xFF, 0xD8, 0xFF, 0xC3, 0x00, 0x0B, 0x10, 0x00, 0x01, 0x00, 0x06, 0x01,
                                                0x01, 0x11, 0x00, 0xFF, 0xC4, 0x00, 0x15, 0x00, 1,    1,    0,    0,
                                                0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
                                                0,    3,    0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x01, 0x00, 0x00,
                                                0xAD, 0x6B, 0x5C, 0x00, 0x04, 0x00, 0x05, 0x7F, 0xFF, 0xD9};

TEST(JpegLossless, issue_3_cornell_17_bit_code_is_category_16)
{
    std::vector<uint8_t> out(12);
    EXPECT_FALSE(decode_ljpeg(cornell_long_code, LjpegDecodeTarget{out, 6, 1, 1, 2}));
    auto decoded = codec_decode(uids::JPEGLosslessSV1, cornell_long_code, describe(1, 6, 1, 16, 16));
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(*decoded, bytes_of({0x05, 0x80, 0x0A, 0x80, 0x0F, 0x80, 0x14, 0x80, 20, 0, 25, 0}));
}

TEST(JpegLossless, BitReaderRemovesStuffingAndStopsAtMarkers)
{
    auto data = bytes_of({0x12, 0xFF, 0x00, 0x34, 0xFF, 0xFF, 0xD0, 0x56});
    internal::JpegBitReader reader(data.data(), data.data() + data.size());
    reader.fill();
    EXPECT_EQ(reader.peek(24), 0x12FF34u);
    reader.skip(24);
    reader.fill();
    EXPECT_TRUE(reader.at_marker());
    EXPECT_EQ(reader.position(), data.data() + 5); // the 0xFF just before D0
    EXPECT_EQ(reader.peek(16), 0u);
    EXPECT_EQ(reader.overrun_bits(), 0);
    reader.skip(16);
    EXPECT_EQ(reader.overrun_bits(), 16);
    reader.reset(data.data() + 7);
    reader.fill();
    EXPECT_EQ(reader.peek(8), 0x56u);
    EXPECT_FALSE(reader.at_marker());
}

// --- Huffman code construction ------------------------------------------------------------------

void expect_valid_code(const internal::LjpegHuffmanCode& code, const std::array<uint64_t, 17>& frequencies)
{
    double kraft = 0;
    for (unsigned s = 0; s < 17; ++s) {
        EXPECT_EQ(code.size[s] != 0, frequencies[s] != 0) << "category " << s;
        EXPECT_LE(code.size[s], 16u);
        if (code.size[s] == 0)
            continue;
        kraft += 1.0 / double(1u << code.size[s]);
        EXPECT_NE(code.code[s], (1u << code.size[s]) - 1) << "an all-ones code (K.2 reserves it)";
    }
    EXPECT_LT(kraft, 1.0);
    internal::LjpegHuffmanDecoder decoder;
    EXPECT_TRUE(decoder.build(code.spec, internal::LjpegMode::Standard));
}

TEST(JpegLossless, HuffmanCodesAreLimitedTo16Bits)
{
    std::array<uint64_t, 17> powers{}; // unlimited, the tree is a chain and codes reach 17 bits
    for (unsigned i = 0; i < 17; ++i)
        powers[i] = uint64_t(1) << i;
    auto code = internal::build_ljpeg_huffman_code(powers);
    expect_valid_code(code, powers);
    EXPECT_EQ(*std::max_element(code.size.begin(), code.size.end()), 16u);

    std::array<uint64_t, 17> single{};
    single[0] = 1000;
    auto one = internal::build_ljpeg_huffman_code(single);
    expect_valid_code(one, single);
    EXPECT_EQ(one.size[0], 1u);

    std::array<uint64_t, 17> skewed{};
    skewed[4] = 1000000;
    skewed[5] = 10;
    skewed[16] = 1;
    auto s = internal::build_ljpeg_huffman_code(skewed);
    expect_valid_code(s, skewed);
    EXPECT_EQ(s.size[4], 1u);
}

TEST(JpegLossless, OversubscribedHuffmanTableIsAnError)
{
    internal::LjpegHuffmanSpec spec;
    spec.counts[0] = 3; // three 1-bit codes
    spec.values = {0, 1, 2};
    internal::LjpegHuffmanDecoder decoder;
    auto built = decoder.build(spec, internal::LjpegMode::Standard);
    ASSERT_FALSE(built);
    EXPECT_EQ(built.error().code, Errc::Malformed);
}

// --- Round trips --------------------------------------------------------------------------------

TEST(JpegLossless, RoundTripsEveryPredictorAndPrecision)
{
    JpegLosslessCodec codec;
    for (unsigned bits : {2u, 8u, 12u, 15u, 16u}) {
        uint16_t allocated = bits <= 8 ? 8 : 16;
        for (uint16_t samples : {uint16_t(1), uint16_t(3)}) {
            auto d = describe(23, 37, samples, allocated, uint16_t(bits));
            for (Pattern pattern : {Pattern::Gradient, Pattern::Noise, Pattern::Extremes, Pattern::Constant}) {
                auto frame = synthetic(d, pattern, bits * 10 + samples);
                for (int predictor = 1; predictor <= 7; ++predictor) {
                    SCOPED_TRACE("bits " + std::to_string(bits) + " samples " + std::to_string(samples) + " pattern " +
                                 std::to_string(int(pattern)) + " predictor " + std::to_string(predictor));
                    EncodeOptions options;
                    options.predictor = predictor;
                    auto encoded = codec.encode(uids::JPEGLossless, frame, d, options);
                    ASSERT_TRUE(encoded) << encoded.error().message;
                    EXPECT_FALSE(encoded->lossy);
                    EXPECT_FALSE(encoded->planar);
                    EXPECT_EQ(encoded->bytes.size() % 2, 0u);
                    size_t sos = marker_at(encoded->bytes, 0xDA);
                    ASSERT_NE(sos, std::string::npos);
                    EXPECT_EQ(encoded->bytes[sos + 5 + 2 * samples], predictor); // Ss
                    auto decoded = codec_decode(uids::JPEGLossless, encoded->bytes, d);
                    ASSERT_TRUE(decoded) << decoded.error().message;
                    ASSERT_EQ(*decoded, frame);
                }
            }
        }
    }
}

TEST(JpegLossless, RoundTripsThinAndSinglePixelImages)
{
    JpegLosslessCodec codec;
    for (auto [rows, columns] : {std::pair{1u, 1u}, {1u, 300u}, {300u, 1u}, {2u, 2u}}) {
        auto d = describe(rows, columns, 1, 16, 16);
        auto frame = synthetic(d, Pattern::Extremes, rows + columns);
        for (int predictor = 1; predictor <= 7; ++predictor) {
            EncodeOptions options;
            options.predictor = predictor;
            auto encoded = codec.encode(uids::JPEGLossless, frame, d, options);
            ASSERT_TRUE(encoded) << encoded.error().message;
            auto decoded = codec_decode(uids::JPEGLossless, encoded->bytes, d);
            ASSERT_TRUE(decoded) << decoded.error().message;
            EXPECT_EQ(*decoded, frame) << rows << "x" << columns << " predictor " << predictor;
        }
    }
}

TEST(JpegLossless, Sv1AlwaysUsesPredictor1)
{
    JpegLosslessCodec codec;
    auto d = describe(8, 8, 1, 8, 8);
    EncodeOptions options;
    options.predictor = 6;
    auto encoded = codec.encode(uids::JPEGLosslessSV1, synthetic(d, Pattern::Noise), d, options);
    ASSERT_TRUE(encoded) << encoded.error().message;
    EXPECT_EQ(encoded->bytes[marker_at(encoded->bytes, 0xDA) + 7], 1);
    options.predictor = 8;
    EXPECT_FALSE(codec.encode(uids::JPEGLossless, synthetic(d, Pattern::Noise), d, options));
}

TEST(JpegLossless, RestartIntervalsAndSeparateScansRoundTrip)
{
    auto d = describe(29, 20, 3, 16, 12);
    auto frame = synthetic(d, Pattern::Noise, 7);
    for (bool interleaved : {true, false})
        for (uint32_t interval : {0u, 1u, 3u, 29u}) {
            for (unsigned predictor = 1; predictor <= 7; ++predictor) {
                LjpegEncodeParams params{20, 29, 3, 12, predictor, 0, interval, interleaved};
                auto encoded = encode_ljpeg(frame, 2, params);
                ASSERT_TRUE(encoded) << encoded.error().message;
                if (interval == 3) {
                    EXPECT_NE(marker_at(*encoded, 0xDD), std::string::npos);
                    EXPECT_NE(marker_at(*encoded, 0xD0), std::string::npos);
                    EXPECT_NE(marker_at(*encoded, 0xD7), std::string::npos); // RSTn count modulo 8
                }
                auto decoded = codec_decode(uids::JPEGLossless, *encoded, d);
                ASSERT_TRUE(decoded) << decoded.error().message;
                EXPECT_EQ(*decoded, frame)
                    << "interleaved " << interleaved << " interval " << interval << " predictor " << predictor;
            }
        }
}

TEST(JpegLossless, PointTransformShiftsSamplesBack)
{
    auto d = describe(16, 16, 1, 16, 12);
    auto frame = synthetic(d, Pattern::Noise, 3);
    LjpegEncodeParams params{16, 16, 1, 12, 4, 3, 0, true};
    auto encoded = encode_ljpeg(frame, 2, params);
    ASSERT_TRUE(encoded) << encoded.error().message;
    auto decoded = codec_decode(uids::JPEGLossless, *encoded, d);
    ASSERT_TRUE(decoded) << decoded.error().message;
    for (size_t i = 0; i < frame.size(); i += 2)
        ASSERT_EQ(load_le<uint16_t>(decoded->data() + i), (load_le<uint16_t>(frame.data() + i) >> 3) << 3) << i;
}

TEST(JpegLossless, SignedSamplesNarrowerThanTheirContainerAreSignExtended)
{
    JpegLosslessCodec codec;
    auto d = describe(10, 10, 1, 16, 12, true);
    std::vector<uint8_t> frame(d.decoded_frame_bytes());
    for (size_t i = 0; i < 100; ++i)
        store_le<uint16_t>(frame.data() + 2 * i, uint16_t(int16_t(int(i * 83 % 4096) - 2048)));
    auto encoded = codec.encode(uids::JPEGLosslessSV1, frame, d, {});
    ASSERT_TRUE(encoded) << encoded.error().message;
    EXPECT_EQ(encoded->bytes[marker_at(encoded->bytes, 0xC3) + 4], 16); // coded sign-extended, as DCMTK does
    auto decoded = codec_decode(uids::JPEGLosslessSV1, encoded->bytes, d);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(*decoded, frame);

    // Unused high bits that are not a sign extension are normalised on the way in.
    auto unextended = frame;
    for (size_t i = 0; i < unextended.size(); i += 2)
        store_le<uint16_t>(unextended.data() + i, load_le<uint16_t>(unextended.data() + i) & 0x0FFF);
    auto normalised = codec.encode(uids::JPEGLosslessSV1, unextended, d, {});
    ASSERT_TRUE(normalised) << normalised.error().message;
    auto read_back = codec_decode(uids::JPEGLosslessSV1, normalised->bytes, d);
    ASSERT_TRUE(read_back) << read_back.error().message;
    EXPECT_EQ(*read_back, frame);

    // A stream coded at P = Bits Stored (two's complement in P bits) is sign-extended on decoding.
    LjpegEncodeParams params{10, 10, 1, 12, 1, 0, 0, true};
    auto narrow = encode_ljpeg(unextended, 2, params);
    ASSERT_TRUE(narrow) << narrow.error().message;
    auto widened = codec_decode(uids::JPEGLosslessSV1, *narrow, d);
    ASSERT_TRUE(widened) << widened.error().message;
    EXPECT_EQ(*widened, frame);

    auto d8 = describe(4, 4, 1, 8, 6, true);
    std::vector<uint8_t> small(16);
    for (size_t i = 0; i < 16; ++i)
        small[i] = uint8_t(int8_t(int(i * 7 % 64) - 32));
    auto encoded8 = codec.encode(uids::JPEGLosslessSV1, small, d8, {});
    ASSERT_TRUE(encoded8) << encoded8.error().message;
    auto decoded8 = codec_decode(uids::JPEGLosslessSV1, encoded8->bytes, d8);
    ASSERT_TRUE(decoded8) << decoded8.error().message;
    EXPECT_EQ(*decoded8, small);
}

TEST(JpegLossless, FrameSplitOverFragmentsDecodes)
{
    JpegLosslessCodec codec;
    auto d = describe(40, 40, 1, 16, 16);
    auto frame = synthetic(d, Pattern::Gradient);
    auto encoded = codec.encode(uids::JPEGLosslessSV1, frame, d, {});
    ASSERT_TRUE(encoded) << encoded.error().message;
    std::span<const uint8_t> all(encoded->bytes);
    size_t third = all.size() / 3;
    std::span<const uint8_t> fragments[] = {all.first(third), all.subspan(third, third), all.subspan(2 * third)};
    std::vector<uint8_t> out(d.decoded_frame_bytes());
    auto decoded = codec.decode(uids::JPEGLosslessSV1, fragments, d, out);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(out, frame);
}

TEST(JpegLossless, CanEncodeWhatItCanRepresent)
{
    JpegLosslessCodec codec;
    EXPECT_TRUE(codec.can_encode(uids::JPEGLossless, describe(4, 4, 1, 16, 12)));
    EXPECT_TRUE(codec.can_encode(uids::JPEGLosslessSV1, describe(4, 4, 3, 8, 8)));
    EXPECT_FALSE(codec.can_encode(uids::JPEGBaseline8Bit, describe(4, 4, 1, 8, 8)));
    EXPECT_FALSE(codec.can_encode(uids::JPEGLossless, describe(4, 4, 1, 32, 32)));
    EXPECT_FALSE(codec.can_encode(uids::JPEGLossless, describe(4, 4, 1, 1, 1)));
    EXPECT_FALSE(codec.can_encode(uids::JPEGLossless, describe(4, 4, 2, 8, 8)));
    auto high = describe(4, 4, 1, 16, 12);
    high.high_bit = 15;
    EXPECT_FALSE(codec.can_encode(uids::JPEGLossless, high));
    auto partial = describe(4, 4, 3, 8, 8);
    partial.photometric = Photometric::YbrPartial420;
    EXPECT_FALSE(codec.can_encode(uids::JPEGLossless, partial));
    auto ybr422 = describe(4, 4, 3, 8, 8);
    ybr422.photometric = Photometric::YbrFull422;
    auto encoded = codec.encode(uids::JPEGLosslessSV1, synthetic(ybr422, Pattern::Noise), ybr422, {});
    ASSERT_TRUE(encoded) << encoded.error().message;
    EXPECT_EQ(encoded->photometric, Photometric::YbrFull);
}

TEST(JpegLossless, RegisteredForBothSyntaxes)
{
    auto registry = CodecRegistry::with_all_codecs();
    for (auto uid : {uids::JPEGLossless, uids::JPEGLosslessSV1}) {
        const PixelCodec* codec = registry.find(uid);
        ASSERT_NE(codec, nullptr) << uid;
        EXPECT_NE(dynamic_cast<const JpegLosslessCodec*>(codec), nullptr) << uid;
    }
}

// --- Corrupt and unsupported input ------------------------------------------------------------

std::vector<uint8_t> encoded_noise(const PixelDescription& d, unsigned predictor = 1, uint32_t restart_rows = 0)
{
    LjpegEncodeParams params{d.columns, d.rows, d.samples_per_pixel, d.bits_stored, predictor, 0, restart_rows, true};
    return *encode_ljpeg(synthetic(d, Pattern::Noise), d.bytes_per_sample(), params);
}

Error decode_error(std::span<const uint8_t> stream, const PixelDescription& d)
{
    auto out = codec_decode(uids::JPEGLossless, stream, d);
    EXPECT_FALSE(out) << "decoded although it should not";
    return out ? Error{} : out.error();
}

TEST(JpegLossless, UnsupportedFramesAreRejectedClearly)
{
    auto d = describe(6, 6, 3, 8, 8);
    auto stream = encoded_noise(d);
    size_t sof = marker_at(stream, 0xC3);

    auto subsampled = stream;
    subsampled[sof + 11] = 0x21; // first component 2x1
    auto error = decode_error(subsampled, d);
    EXPECT_EQ(error.code, Errc::Unsupported);
    EXPECT_NE(error.message.find("sampling factors 2x1"), std::string::npos) << error.message;

    auto baseline = stream;
    baseline[sof + 1] = 0xC0;
    EXPECT_EQ(decode_error(baseline, d).code, Errc::Unsupported);

    auto arithmetic = stream;
    arithmetic[sof + 1] = 0xCB;
    EXPECT_EQ(decode_error(arithmetic, d).code, Errc::Unsupported);

    auto dnl = stream;
    dnl[sof + 5] = 0;
    dnl[sof + 6] = 0;
    EXPECT_EQ(decode_error(dnl, d).code, Errc::Unsupported);

    auto huge = stream; // 65535 x 65535 in the SOF: rejected against the data set, nothing allocated
    for (size_t i = sof + 5; i < sof + 9; ++i)
        huge[i] = 0xFF;
    error = decode_error(huge, d);
    EXPECT_EQ(error.code, Errc::Malformed);
    EXPECT_NE(error.message.find("65535x65535"), std::string::npos) << error.message;

    auto mono = describe(6, 6, 1, 8, 8);
    EXPECT_NE(decode_error(stream, mono).message.find("3 components"), std::string::npos);
    EXPECT_NE(decode_error(encoded_noise(describe(6, 6, 1, 16, 12)), mono).message.find("Bits Allocated 8"),
              std::string::npos);
}

TEST(JpegLossless, BadHeadersAreErrors)
{
    auto d = describe(6, 6, 1, 16, 12);
    auto stream = encoded_noise(d);
    size_t sos = marker_at(stream, 0xDA);

    auto no_soi = stream;
    no_soi[1] = 0xD9;
    EXPECT_EQ(decode_error(no_soi, d).code, Errc::Malformed);

    auto predictor0 = stream;
    predictor0[sos + 7] = 0;
    EXPECT_NE(decode_error(predictor0, d).message.find("predictor"), std::string::npos);

    auto big_pt = stream;
    big_pt[sos + 9] = 12;
    EXPECT_NE(decode_error(big_pt, d).message.find("point transform"), std::string::npos);

    auto missing_table = stream;
    missing_table[sos + 6] = 0x10;
    EXPECT_NE(decode_error(missing_table, d).message.find("not defined"), std::string::npos);

    auto precision = stream;
    precision[marker_at(stream, 0xC3) + 4] = 17;
    EXPECT_NE(decode_error(precision, d).message.find("precision"), std::string::npos);

    // A restart interval that is not whole rows (libjpeg refuses it too).
    auto restarted = encoded_noise(d, 1, 2);
    restarted[marker_at(restarted, 0xDD) + 5] = 7;
    EXPECT_EQ(decode_error(restarted, d).code, Errc::Unsupported);
}

TEST(JpegLossless, TruncatedStreamsAreErrors)
{
    auto d = describe(64, 64, 1, 16, 12);
    for (uint32_t restart : {0u, 4u}) {
        auto stream = encoded_noise(d, 4, restart);
        for (size_t length = 0; length + 8 < stream.size(); length += length < 300 ? 1 : 41) {
            std::span<const uint8_t> cut(stream.data(), length);
            auto out = codec_decode(uids::JPEGLossless, cut, d);
            EXPECT_FALSE(out) << "decoded from " << length << " of " << stream.size() << " bytes";
        }
    }
}

TEST(JpegLossless, CorruptStreamsNeverCrash)
{
    for (uint16_t samples : {uint16_t(1), uint16_t(3)}) {
        auto d = describe(24, 24, samples, 16, 16);
        for (unsigned predictor : {1u, 6u}) {
            auto stream = encoded_noise(d, predictor, predictor == 6 ? 2 : 0);
            uint32_t state = 99;
            size_t failures = 0;
            for (int round = 0; round < 1500; ++round) {
                auto bad = stream;
                int flips = 1 + round % 4;
                for (int f = 0; f < flips; ++f) {
                    state = state * 1664525u + 1013904223u;
                    // Headers first: most rounds hit the first 120 bytes.
                    size_t at =
                        round % 3 == 0 ? (state >> 8) % bad.size() : (state >> 8) % std::min<size_t>(120, bad.size());
                    bad[at] = uint8_t(state >> 24);
                }
                auto out = codec_decode(uids::JPEGLossless, bad, d);
                failures += !out;
            }
            EXPECT_GT(failures, 0u);
        }
    }
}

// --- Corpus -------------------------------------------------------------------------------------

/// ref/pixels.tsv: path -> sha256 of the decoded pixels (pydicom's layout, which is ours).
std::map<std::string, std::string> reference_hashes()
{
    std::map<std::string, std::string> hashes;
    std::ifstream tsv(testing::corpus_dir() / "ref" / "pixels.tsv");
    std::string line;
    while (std::getline(tsv, line)) {
        std::vector<std::string> columns;
        std::stringstream fields(line);
        std::string field;
        while (std::getline(fields, field, '\t'))
            columns.push_back(field);
        if (columns.size() > 3)
            hashes[columns[0]] = columns[3];
    }
    return hashes;
}

/// MANIFEST.tsv paths whose transfer syntax is one of ours.
std::vector<std::string> lossless_jpeg_corpus_files()
{
    std::vector<std::string> files;
    std::ifstream manifest(testing::corpus_dir() / "MANIFEST.tsv");
    std::string line;
    while (std::getline(manifest, line)) {
        std::vector<std::string> columns;
        std::stringstream fields(line);
        std::string field;
        while (std::getline(fields, field, '\t'))
            columns.push_back(field);
        if (columns.size() > 4 && (columns[4] == uids::JPEGLossless || columns[4] == uids::JPEGLosslessSV1))
            files.push_back(columns[0]);
    }
    return files;
}

TEST(JpegLosslessCorpus, EveryFileDecodesToItsReferenceHash)
{
    auto hashes = reference_hashes();
    auto files = lossless_jpeg_corpus_files();
    ASSERT_GE(files.size(), 13u);
    auto registry = CodecRegistry::with_all_codecs();
    size_t matched = 0;
    for (const auto& relative : files) {
        SCOPED_TRACE(relative);
        auto file = read_part10_file((testing::corpus_dir() / relative).string());
        ASSERT_TRUE(file) << file.error().message;
        auto pixels = decode_all_frames(file->data_set, *file->transfer_syntax, registry, 1);
        ASSERT_TRUE(pixels) << pixels.error().message;
        ASSERT_TRUE(hashes.contains(relative));
        EXPECT_EQ(testing::sha256_hex(*pixels), hashes[relative]);
        matched += testing::sha256_hex(*pixels) == hashes[relative];
    }
    std::cout << matched << " of " << files.size() << " lossless JPEG corpus files match their reference\n";
}

// --- Speed (run with --gtest_also_run_disabled_tests on a Release build) -------------------------

/// CPU time of this thread: on a shared machine wall time measures the neighbours too.
double thread_seconds()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) * 1e-9;
}

/// A 512x512 12-bit CT-like frame: a body disc of soft tissue and bone in air, with noise.
std::vector<uint8_t> ct_like_frame(uint32_t seed)
{
    auto d = describe(512, 512, 1, 16, 12);
    std::vector<uint8_t> out(d.decoded_frame_bytes());
    uint32_t state = seed * 747796405u + 1;
    for (uint32_t y = 0; y < 512; ++y)
        for (uint32_t x = 0; x < 512; ++x) {
            state = state * 1664525u + 1013904223u;
            // Sum of four uniform variables: roughly Gaussian noise with sigma near 10.
            int noise = int((state >> 24) & 15) + int((state >> 20) & 15) + int((state >> 16) & 15) +
                        int((state >> 12) & 15) - 30;
            int dx = int(x) - 256, dy = int(y) - 256 - int(seed % 7);
            int r2 = dx * dx + dy * dy;
            int value = 24 + noise / 4; // air
            if (r2 < 220 * 220)
                value = 1040 + noise * 2 + (dx / 16); // soft tissue with a slow gradient
            if (r2 < 40 * 40 || (dx > 60 && dx < 90 && dy > -30 && dy < 30))
                value = 2200 + noise * 3; // bone
            store_le<uint16_t>(out.data() + 2 * (size_t(y) * 512 + x), uint16_t(std::clamp(value, 0, 4095)));
        }
    return out;
}

TEST(JpegLosslessSpeed, DISABLED_Decode500CtFrames)
{
    JpegLosslessCodec codec;
    auto d = describe(512, 512, 1, 16, 12);
    std::vector<std::vector<uint8_t>> streams;
    size_t compressed = 0;
    for (uint32_t i = 0; i < 10; ++i) {
        auto encoded = codec.encode(uids::JPEGLosslessSV1, ct_like_frame(i), d, {});
        ASSERT_TRUE(encoded);
        compressed += encoded->bytes.size();
        streams.push_back(std::move(encoded->bytes));
    }
    std::vector<uint8_t> out(d.decoded_frame_bytes());
    auto start = std::chrono::steady_clock::now();
    double cpu_start = thread_seconds();
    for (int i = 0; i < 500; ++i) {
        std::span<const uint8_t> fragments[] = {streams[i % streams.size()]};
        ASSERT_TRUE(codec.decode(uids::JPEGLosslessSV1, fragments, d, out));
    }
    double cpu = thread_seconds() - cpu_start;
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double megabytes = 500.0 * double(out.size()) / 1e6;
    std::cout << "synthetic CT: " << 8.0 * double(compressed) / (10.0 * 512 * 512)
              << " bits/sample, 500 frames: " << megabytes / cpu << " MB/s decoded per CPU second ("
              << megabytes / seconds << " MB/s wall)\n";

    auto frame = ct_like_frame(3);
    double encode_start = thread_seconds();
    for (int i = 0; i < 100; ++i)
        ASSERT_TRUE(codec.encode(uids::JPEGLosslessSV1, frame, d, {}));
    double encode_cpu = thread_seconds() - encode_start;
    std::cout << "encode: " << 100.0 * double(out.size()) / 1e6 / encode_cpu << " MB/s of input per CPU second\n";
}

TEST(JpegLosslessSpeed, DISABLED_DecodeCorpusCtFrames)
{
    auto registry = CodecRegistry::with_all_codecs();
    for (const char* relative :
         {"dcm4che/test-data/CT-JPEGLosslessSV1.dcm", "fo-dicom/IM-0001-0001-0001.dcm",
          "wearemothership-dicom-test-files/medical.nema.org/compsamples_jpeg/IMAGES/JPLL/CT1_JPLL"}) {
        auto file = read_part10_file((testing::corpus_dir() / relative).string());
        ASSERT_TRUE(file);
        auto d = describe_pixels(file->data_set);
        ASSERT_TRUE(d);
        auto stored = stored_frame(file->data_set, *file->transfer_syntax, *d, 0);
        ASSERT_TRUE(stored);
        size_t compressed = 0;
        for (auto f : stored->fragments)
            compressed += f.size();
        const PixelCodec* codec = registry.find(file->transfer_syntax->uid);
        std::vector<uint8_t> out(d->decoded_frame_bytes());
        double cpu_start = thread_seconds();
        for (int i = 0; i < 500; ++i)
            ASSERT_TRUE(codec->decode(file->transfer_syntax->uid, stored->fragments, *d, out));
        double cpu = thread_seconds() - cpu_start;
        std::cout << relative << ": " << 8.0 * double(compressed) / double(d->pixels_per_frame()) << " bits/sample, "
                  << 500.0 * double(out.size()) / 1e6 / cpu << " MB/s decoded per CPU second\n";
    }
}

} // namespace
} // namespace roentgen
