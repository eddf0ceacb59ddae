// tests/pixel/htj2k_test.cpp — HTJ2K (OpenJPH encode, OpenJPEG decode): round trips, .202 rules (RPCL, thumbnail
// decompositions, TLM), lossy PSNR, JPH files, corrupt input, speed against our JPEG 2000.
#include <gtest/gtest.h>

#include <iostream>

#include "dict/generated/uids.h"
#include "pixel/codecs/htj2k/codestream_markers.h"
#include "pixel/codecs/htj2k/htj2k_codec.h"
#include "pixel/codecs/htj2k/openjph_adapter.h"
#include "pixel/codecs/j2k/j2k_codec.h"
#include "codec_test_support.h"

namespace roentgen {
namespace {

using namespace codec_testing;

struct Shape {
    uint16_t samples, allocated, stored;
    bool is_signed;
};

constexpr Shape shapes[] = {
    {1, 8, 8, false},  {1, 8, 6, false}, {1, 16, 12, false}, {1, 16, 16, false}, {1, 16, 12, true},
    {1, 16, 16, true}, {1, 8, 8, true},  {3, 8, 8, false},   {3, 16, 12, false}, {3, 16, 16, false},
};

std::string name_of(const Shape& s)
{
    return std::to_string(s.samples) + " samples, " + std::to_string(s.stored) + " of " + std::to_string(s.allocated) +
           (s.is_signed ? " signed" : " unsigned");
}

TEST(Htj2k, LosslessRoundTripsAreBitExact)
{
    Htj2kCodec codec;
    for (auto uid : {uids::HTJ2KLossless, uids::HTJ2KLosslessRPCL})
        for (const auto& s : shapes)
            for (auto pattern : {Pattern::Smooth, Pattern::Noise, Pattern::Extremes}) {
                auto d = describe(37, 53, s.samples, s.allocated, s.stored, s.is_signed);
                SCOPED_TRACE(std::string(uid) + ": " + name_of(s) + ", pattern " + std::to_string(int(pattern)));
                auto frame = synthetic(d, pattern);
                ASSERT_TRUE(codec.can_encode(uid, d));
                auto encoded = codec.encode(uid, frame, d, {});
                ASSERT_TRUE(encoded) << encoded.error().message;
                EXPECT_FALSE(encoded->lossy);
                EXPECT_EQ(encoded->bytes.size() % 2, 0u);
                auto decoded = decode_with(codec, uid, encoded->bytes, d);
                ASSERT_TRUE(decoded) << decoded.error().message;
                EXPECT_TRUE(*decoded == frame);
            }
}

TEST(Htj2k, RpclStreamsFollowPs35Section10_18)
{
    // PS3.5 10.18: RPCL progression, enough decompositions for a base resolution of at most 64,
    // TLM marker segments present.
    Htj2kCodec codec;
    for (auto [rows, columns, levels] :
         {std::tuple{512u, 512u, 3u}, {100u, 1000u, 4u}, {60u, 40u, 0u}, {2049u, 300u, 6u}}) {
        auto d = describe(rows, columns, 1, 16, 12);
        auto frame = synthetic(d, Pattern::Smooth);
        auto encoded = codec.encode(uids::HTJ2KLosslessRPCL, frame, d, {});
        ASSERT_TRUE(encoded) << encoded.error().message;
        auto codestream = std::span<const uint8_t>(encoded->bytes);
        EXPECT_TRUE(internal::has_tlm_marker(codestream)) << rows << "x" << columns;
        EXPECT_EQ(internal::progression_order(codestream), std::optional<uint8_t>(2)) << "RPCL";
        // COD: FF52, Lcod, Scod, SGcod (4 bytes: order, layers(2), MCT), SPcod: decompositions first.
        size_t cod = 0;
        while (cod + 1 < encoded->bytes.size() && !(encoded->bytes[cod] == 0xFF && encoded->bytes[cod + 1] == 0x52))
            ++cod;
        ASSERT_LT(cod + 9, encoded->bytes.size());
        EXPECT_EQ(encoded->bytes[cod + 9], levels) << rows << "x" << columns;
        EXPECT_LE((std::max(rows, columns) + (1u << levels) - 1) >> levels, 64u);
        auto decoded = decode_with(codec, uids::HTJ2KLosslessRPCL, encoded->bytes, d);
        ASSERT_TRUE(decoded) << decoded.error().message;
        EXPECT_TRUE(*decoded == frame);
    }
    auto d = describe(64, 64, 1, 8, 8);
    auto plain = codec.encode(uids::HTJ2KLossless, synthetic(d, Pattern::Smooth), d, {});
    ASSERT_TRUE(plain);
    EXPECT_FALSE(internal::has_tlm_marker(plain->bytes)) << "TLM is for .202 only";
}

TEST(Htj2k, TlmLengthsAddUpToTheTileParts)
{
    auto d = describe(90, 70, 3, 8, 8);
    internal::OpenJphEncodeParams params;
    auto bare = internal::openjph_encode(synthetic(d, Pattern::Smooth), d, params);
    ASSERT_TRUE(bare) << bare.error().message;
    auto with = internal::with_tlm_marker(*bare);
    ASSERT_TRUE(with) << with.error().message;
    ASSERT_EQ(with->size(), bare->size() + 12) << "marker and Ltlm 10: one tile-part";
    size_t sot = 0;
    while (!((*with)[sot] == 0xFF && (*with)[sot + 1] == 0x90))
        ++sot;
    const auto& b = *with;
    ASSERT_EQ(b[sot - 12], 0xFF);
    EXPECT_EQ(b[sot - 11], 0x55);
    uint32_t ptlm = uint32_t(b[sot - 4]) << 24 | uint32_t(b[sot - 3]) << 16 | uint32_t(b[sot - 2]) << 8 | b[sot - 1];
    EXPECT_EQ(ptlm, b.size() - 2 - sot) << "the tile-part runs from its SOT to EOC";
    EXPECT_FALSE(internal::with_tlm_marker(std::span(*bare).first(bare->size() - 5)));
}

TEST(Htj2k, LossyPsnrStaysAboveTheStatedBound)
{
    // Stated bound: quality 90 (base step about two stored units) keeps PSNR >= 42 dB and
    // quality 60 >= 35 dB on image-like data, grey or RGB, 8 to 16 bits. Measured (OpenJPH 0.9
    // encoding): 48/42 dB at 8 bits, 45/38 dB for 8-bit RGB, 73/63 dB at 12 bits.
    Htj2kCodec codec;
    for (const auto& s :
         {Shape{1, 8, 8, false}, Shape{1, 16, 12, false}, Shape{1, 16, 16, true}, Shape{3, 8, 8, false}}) {
        auto d = describe(128, 96, s.samples, s.allocated, s.stored, s.is_signed);
        auto frame = synthetic(d, Pattern::Smooth, 3);
        size_t previous_size = SIZE_MAX;
        for (auto [quality, bound] : {std::pair{90, 42.0}, std::pair{60, 35.0}}) {
            SCOPED_TRACE(name_of(s) + ", quality " + std::to_string(quality));
            EncodeOptions options;
            options.quality = quality;
            auto encoded = codec.encode(uids::HTJ2K, frame, d, options);
            ASSERT_TRUE(encoded) << encoded.error().message;
            EXPECT_TRUE(encoded->lossy);
            auto decoded = decode_with(codec, uids::HTJ2K, encoded->bytes, d);
            ASSERT_TRUE(decoded) << decoded.error().message;
            EXPECT_GE(psnr(*decoded, frame, d), bound);
            EXPECT_LT(encoded->bytes.size(), previous_size) << "lower quality, fewer bytes";
            previous_size = encoded->bytes.size();
        }
    }
}

TEST(Htj2k, RgbIsCodedWithTheComponentTransform)
{
    Htj2kCodec codec;
    auto d = describe(40, 40, 3, 8, 8);
    auto frame = synthetic(d, Pattern::Smooth);
    auto lossless = codec.encode(uids::HTJ2KLossless, frame, d, {});
    ASSERT_TRUE(lossless);
    EXPECT_EQ(lossless->photometric, Photometric::YbrRct);
    auto lossy = codec.encode(uids::HTJ2K, frame, d, {});
    ASSERT_TRUE(lossy);
    EXPECT_EQ(lossy->photometric, Photometric::YbrIct);
}

TEST(Htj2k, JphWrappedAndPart1CodestreamsDecode)
{
    Htj2kCodec codec;
    auto d = describe(33, 47, 1, 16, 12, true);
    auto frame = synthetic(d, Pattern::Smooth);
    auto encoded = codec.encode(uids::HTJ2KLossless, frame, d, {});
    ASSERT_TRUE(encoded);
    // A JPH file: signature, ftyp and a jp2c box (other boxes skipped by length).
    std::vector<uint8_t> jph = {0,   0,   0,   12,  'j', 'P', ' ', ' ', 0x0D, 0x0A, 0x87, 0x0A, 0,   0,   0,   20,
                                'f', 't', 'y', 'p', 'j', 'p', 'h', ' ', 0,    0,    0,    0,    'j', 'p', 'h', ' '};
    uint32_t length = uint32_t(encoded->bytes.size() + 8);
    for (int shift : {24, 16, 8, 0})
        jph.push_back(uint8_t(length >> shift));
    jph.insert(jph.end(), {'j', 'p', '2', 'c'});
    jph.insert(jph.end(), encoded->bytes.begin(), encoded->bytes.end());
    auto decoded = decode_with(codec, uids::HTJ2KLossless, jph, d);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_TRUE(*decoded == frame);
    // A Part 1 (non-HT) codestream is a valid HTJ2K-syntax stream too (ISO/IEC 15444-15 allows
    // mixed code-blocks).
    J2kCodec j2k;
    auto part1 = j2k.encode(uids::JPEG2000Lossless, frame, d, {});
    ASSERT_TRUE(part1);
    decoded = decode_with(codec, uids::HTJ2K, part1->bytes, d);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_TRUE(*decoded == frame);
}

TEST(Htj2k, MismatchedDescriptionsAreErrors)
{
    Htj2kCodec codec;
    auto d = describe(20, 24, 1, 16, 12);
    auto encoded = codec.encode(uids::HTJ2KLossless, synthetic(d, Pattern::Smooth), d, {});
    ASSERT_TRUE(encoded);
    EXPECT_FALSE(decode_with(codec, uids::HTJ2KLossless, encoded->bytes, describe(24, 20, 1, 16, 12)));
    EXPECT_FALSE(decode_with(codec, uids::HTJ2KLossless, encoded->bytes, describe(20, 24, 3, 16, 12)));
    EXPECT_FALSE(decode_with(codec, uids::HTJ2KLossless, encoded->bytes, describe(20, 24, 1, 8, 8)));
    EXPECT_FALSE(decode_with(codec, uids::JPEG2000Lossless, encoded->bytes, d));
}

TEST(Htj2k, RegisteredForAllThreeSyntaxes)
{
    auto registry = CodecRegistry::with_all_codecs();
    for (auto uid : {uids::HTJ2KLossless, uids::HTJ2KLosslessRPCL, uids::HTJ2K})
        EXPECT_NE(dynamic_cast<const Htj2kCodec*>(registry.find(uid)), nullptr) << uid;
}

TEST(Htj2k, CorruptStreamsAreErrorsNotCrashes)
{
    Htj2kCodec codec;
    for (const auto& s : {Shape{1, 16, 16, false}, Shape{3, 8, 8, false}}) {
        auto d = describe(24, 24, s.samples, s.allocated, s.stored, s.is_signed);
        auto encoded = codec.encode(uids::HTJ2KLossless, synthetic(d, Pattern::Noise), d, {});
        ASSERT_TRUE(encoded);
        EXPECT_GT(expect_corruption_is_survived(codec, uids::HTJ2KLossless, encoded->bytes, d), 0u);
    }
}

TEST(Htj2k, PaletteIndicesAreNotCodedLossily)
{
    Htj2kCodec codec;
    auto d = describe(16, 16, 1, 8, 8);
    d.photometric = Photometric::PaletteColor;
    d.photometric_text = "PALETTE COLOR";
    EXPECT_TRUE(codec.can_encode(uids::HTJ2KLossless, d));
    EXPECT_FALSE(codec.can_encode(uids::HTJ2K, d));
}

// --- Speed (run with --gtest_also_run_disabled_tests on a Release build) -------------------------

struct Timing {
    double decode_mb_s, encode_mb_s, bits_per_pixel;
};

Timing time_codec(const PixelCodec& codec, std::string_view uid, const PixelDescription& d, int rounds)
{
    std::vector<std::vector<uint8_t>> frames, streams;
    size_t compressed = 0;
    for (uint32_t i = 0; i < 8; ++i) {
        frames.push_back(ct_like_frame(i));
        auto encoded = codec.encode(uid, frames.back(), d, {});
        EXPECT_TRUE(encoded);
        compressed += encoded->bytes.size();
        streams.push_back(std::move(encoded->bytes));
    }
    std::vector<uint8_t> out(d.decoded_frame_bytes());
    double start = thread_seconds();
    for (int i = 0; i < rounds; ++i) {
        std::span<const uint8_t> fragments[] = {streams[i % 8]};
        EXPECT_TRUE(codec.decode(uid, fragments, d, out));
    }
    double decode = thread_seconds() - start;
    start = thread_seconds();
    for (int i = 0; i < rounds / 4; ++i)
        EXPECT_TRUE(codec.encode(uid, frames[i % 8], d, {}));
    double encode = thread_seconds() - start;
    double megabytes = double(out.size()) / 1e6;
    return {rounds * megabytes / decode, rounds / 4 * megabytes / encode,
            double(compressed) * 8.0 / (8.0 * d.pixels_per_frame())};
}

TEST(Htj2kSpeed, DISABLED_DecodeIsFiveTimesOurJpeg2000)
{
    // Issue 3 target: HTJ2K decode >= 5x our JPEG 2000 decode of the same 512x512 16-bit frames.
    auto d = describe(512, 512, 1, 16, 12);
    d.number_of_frames = 8; // a series: one thread per frame for both
    Htj2kCodec htj2k;
    J2kCodec j2k;
    for (auto [ht_uid, j2k_uid] :
         {std::pair{uids::HTJ2KLossless, uids::JPEG2000Lossless}, std::pair{uids::HTJ2K, uids::JPEG2000}}) {
        auto ht = time_codec(htj2k, ht_uid, d, 200);
        auto classic = time_codec(j2k, j2k_uid, d, 40);
        std::cout << ht_uid << ": " << ht.bits_per_pixel << " bits/pixel, decode " << ht.decode_mb_s << " MB/s, encode "
                  << ht.encode_mb_s << " MB/s; " << j2k_uid << ": " << classic.bits_per_pixel << " bits/pixel, decode "
                  << classic.decode_mb_s << " MB/s, encode " << classic.encode_mb_s << " MB/s; decode ratio "
                  << ht.decode_mb_s / classic.decode_mb_s << "\n";
        EXPECT_GE(ht.decode_mb_s, 5 * classic.decode_mb_s);
    }
}

} // namespace
} // namespace roentgen
