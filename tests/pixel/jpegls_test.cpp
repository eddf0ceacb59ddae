// tests/pixel/jpegls_test.cpp — JPEG-LS over CharLS: round trips, NEAR bound, the MR1_JLSL fill byte, corrupt input,
// speed.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "dict/generated/uids.h"
#include "pixel/codecs/jpegls/jpegls_codec.h"
#include "codec_test_support.h"

namespace roentgen {
namespace {

using namespace codec_testing;

struct Shape {
    uint16_t samples, allocated, stored;
    bool is_signed;
};

constexpr Shape lossless_shapes[] = {
    {1, 8, 8, false}, {1, 8, 7, false}, {1, 16, 12, false}, {1, 16, 16, false}, {1, 16, 12, true}, {1, 16, 16, true},
    {1, 8, 8, true},  {3, 8, 8, false}, {3, 16, 12, false}, {3, 16, 16, false}, {1, 8, 2, false},  {1, 16, 10, false},
};

TEST(JpegLs, LosslessRoundTripsAreBitExact)
{
    JpegLsCodec codec;
    for (const auto& s : lossless_shapes)
        for (auto pattern : {Pattern::Smooth, Pattern::Noise, Pattern::Extremes}) {
            auto d = describe(37, 53, s.samples, s.allocated, s.stored, s.is_signed);
            SCOPED_TRACE(std::to_string(s.samples) + " samples, " + std::to_string(s.stored) + " of " +
                         std::to_string(s.allocated) + (s.is_signed ? " signed" : " unsigned") + ", pattern " +
                         std::to_string(int(pattern)));
            auto frame = synthetic(d, pattern);
            ASSERT_TRUE(codec.can_encode(uids::JPEGLSLossless, d));
            auto encoded = codec.encode(uids::JPEGLSLossless, frame, d, {});
            ASSERT_TRUE(encoded) << encoded.error().message;
            EXPECT_FALSE(encoded->lossy);
            EXPECT_FALSE(encoded->planar);
            EXPECT_EQ(encoded->bytes.size() % 2, 0u) << "fragments have even length";
            auto decoded = decode_with(codec, uids::JPEGLSLossless, encoded->bytes, d);
            ASSERT_TRUE(decoded) << decoded.error().message;
            EXPECT_TRUE(*decoded == frame);
        }
}

TEST(JpegLs, NearLosslessErrorIsBoundedByNear)
{
    JpegLsCodec codec;
    for (int near : {0, 1, 3, 10})
        for (const auto& s : {Shape{1, 16, 12, false}, Shape{1, 16, 16, true}, Shape{3, 8, 8, false}}) {
            auto d = describe(64, 48, s.samples, s.allocated, s.stored, s.is_signed);
            SCOPED_TRACE("NEAR " + std::to_string(near) + ", " + std::to_string(s.samples) + " samples, " +
                         std::to_string(s.stored) + " bits");
            auto frame = synthetic(d, Pattern::Smooth, 5);
            EncodeOptions options;
            options.near_lossless = near;
            auto encoded = codec.encode(uids::JPEGLSNearLossless, frame, d, options);
            ASSERT_TRUE(encoded) << encoded.error().message;
            EXPECT_EQ(encoded->lossy, near > 0);
            auto decoded = decode_with(codec, uids::JPEGLSNearLossless, encoded->bytes, d);
            ASSERT_TRUE(decoded) << decoded.error().message;
            EXPECT_LE(max_abs_error(*decoded, frame, d), near);
        }
}

TEST(JpegLs, NearLosslessDefaultsToTwoAndLosslessRefusesNear)
{
    JpegLsCodec codec;
    auto d = describe(32, 32, 1, 8, 8);
    auto frame = synthetic(d, Pattern::Noise);
    auto encoded = codec.encode(uids::JPEGLSNearLossless, frame, d, {});
    ASSERT_TRUE(encoded);
    auto decoded = decode_with(codec, uids::JPEGLSNearLossless, encoded->bytes, d);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(max_abs_error(*decoded, frame, d), 2) << "noise reaches the bound";
    EncodeOptions options;
    options.near_lossless = 1;
    EXPECT_FALSE(codec.encode(uids::JPEGLSLossless, frame, d, options));
    options.near_lossless = 200; // beyond (2^8 - 1) / 2
    EXPECT_FALSE(codec.encode(uids::JPEGLSNearLossless, frame, d, options));
}

TEST(JpegLs, YbrFull422InputIsWrittenAsYbrFull)
{
    JpegLsCodec codec;
    auto d = describe(16, 16, 3, 8, 8);
    d.photometric = Photometric::YbrFull422;
    d.photometric_text = "YBR_FULL_422";
    auto encoded = codec.encode(uids::JPEGLSLossless, synthetic(d, Pattern::Smooth), d, {});
    ASSERT_TRUE(encoded);
    EXPECT_EQ(encoded->photometric, Photometric::YbrFull);
}

TEST(JpegLs, issue_3_fill_byte_before_eoi_is_tolerated)
{
    // NEMA WG04 MR1_JLSL ends its entropy-coded data with 00 before EOI, which CharLS 2.3+ rejects
    // (team-charls/charls#365); the codec drops the fill and reads again.
    JpegLsCodec codec;
    auto d = describe(40, 40, 1, 16, 16, true);
    auto frame = synthetic(d, Pattern::Smooth);
    auto encoded = codec.encode(uids::JPEGLSLossless, frame, d, {});
    ASSERT_TRUE(encoded);
    auto stream = encoded->bytes;
    while (stream.back() == 0x00)
        stream.pop_back();
    ASSERT_EQ(stream[stream.size() - 2], 0xFF);
    stream.insert(stream.end() - 2, 0x00);
    auto decoded = decode_with(codec, uids::JPEGLSLossless, stream, d);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_TRUE(*decoded == frame);
}

TEST(JpegLs, issue_3_padding_after_eoi_is_accepted)
{
    // PS3.5 A.4 pads odd fragments with 0x00; the NEMA WG04 JPEG-LS samples pad with 0xFF and
    // DCMTK 3.6.7's near-lossless encoder with whatever byte its buffer held.
    JpegLsCodec codec;
    auto d = describe(9, 9, 1, 8, 8);
    auto frame = synthetic(d, Pattern::Noise);
    auto encoded = codec.encode(uids::JPEGLSLossless, frame, d, {});
    ASSERT_TRUE(encoded);
    auto stream = encoded->bytes;
    while (stream.back() == 0x00)
        stream.pop_back();
    for (uint8_t pad : {0x00, 0xFF, 0x94}) {
        auto padded = stream;
        padded.push_back(pad);
        auto decoded = decode_with(codec, uids::JPEGLSLossless, padded, d);
        ASSERT_TRUE(decoded) << int(pad) << ": " << decoded.error().message;
        EXPECT_TRUE(*decoded == frame);
    }
}

TEST(JpegLs, issue_3_mr1_jlsl_decodes_to_the_nema_reference)
{
    // The corpus file whose reference needed DCMTK because GDCM/CharLS gives a constant image.
    auto ours = all_frames((testing::corpus_dir() /
                            "wearemothership-dicom-test-files/medical.nema.org/compsamples_jpegls/IMAGES/JLSL/MR1_JLSL")
                               .string());
    ASSERT_TRUE(ours) << ours.error().message;
    auto lossless_twin =
        all_frames((testing::corpus_dir() /
                    "wearemothership-dicom-test-files/medical.nema.org/compsamples_j2k/IMAGES/J2KR/MR1_J2KR")
                       .string());
    ASSERT_TRUE(lossless_twin) << lossless_twin.error().message;
    EXPECT_TRUE(*ours == *lossless_twin) << "JPEG-LS and JPEG 2000 lossless copies of MR1 agree";
}

TEST(JpegLs, FrameSplitOverFragmentsDecodes)
{
    JpegLsCodec codec;
    auto d = describe(30, 30, 3, 8, 8);
    auto frame = synthetic(d, Pattern::Noise);
    auto encoded = codec.encode(uids::JPEGLSLossless, frame, d, {});
    ASSERT_TRUE(encoded);
    std::span<const uint8_t> all(encoded->bytes);
    std::span<const uint8_t> fragments[] = {all.first(100), all.subspan(100, 7), all.subspan(107)};
    std::vector<uint8_t> out(d.decoded_frame_bytes());
    ASSERT_TRUE(codec.decode(uids::JPEGLSLossless, fragments, d, out));
    EXPECT_TRUE(out == frame);
}

TEST(JpegLs, MismatchedDescriptionsAreErrors)
{
    JpegLsCodec codec;
    auto d = describe(20, 24, 1, 16, 12);
    auto encoded = codec.encode(uids::JPEGLSLossless, synthetic(d, Pattern::Smooth), d, {});
    ASSERT_TRUE(encoded);
    EXPECT_FALSE(decode_with(codec, uids::JPEGLSLossless, encoded->bytes, describe(24, 20, 1, 16, 12)));
    EXPECT_FALSE(decode_with(codec, uids::JPEGLSLossless, encoded->bytes, describe(20, 24, 3, 16, 12)));
    EXPECT_FALSE(decode_with(codec, uids::JPEGLSLossless, encoded->bytes, describe(20, 24, 1, 8, 8)))
        << "12-bit samples do not fit 8 allocated bits";
    EXPECT_FALSE(decode_with(codec, uids::JPEG2000Lossless, encoded->bytes, d));
}

TEST(JpegLs, CanEncodeWhatItCanRepresent)
{
    JpegLsCodec codec;
    EXPECT_TRUE(codec.can_encode(uids::JPEGLSLossless, describe(8, 8, 1, 16, 16, true)));
    EXPECT_TRUE(codec.can_encode(uids::JPEGLSNearLossless, describe(8, 8, 3, 8, 8)));
    EXPECT_FALSE(codec.can_encode(uids::JPEGLSLossless, describe(8, 8, 1, 32, 32)));
    EXPECT_FALSE(codec.can_encode(uids::JPEGLSLossless, describe(8, 8, 1, 8, 1)));
    EXPECT_FALSE(codec.can_encode(uids::JPEGLSLossless, describe(8, 8, 2, 8, 8)));
    EXPECT_FALSE(codec.can_encode(uids::JPEG2000Lossless, describe(8, 8, 1, 8, 8)));
    auto shifted = describe(8, 8, 1, 16, 12);
    shifted.high_bit = 15;
    EXPECT_FALSE(codec.can_encode(uids::JPEGLSLossless, shifted));
}

TEST(JpegLs, RegisteredForBothSyntaxes)
{
    auto registry = CodecRegistry::with_all_codecs();
    EXPECT_NE(dynamic_cast<const JpegLsCodec*>(registry.find(uids::JPEGLSLossless)), nullptr);
    EXPECT_NE(dynamic_cast<const JpegLsCodec*>(registry.find(uids::JPEGLSNearLossless)), nullptr);
}

TEST(JpegLs, CorruptStreamsAreErrorsNotCrashes)
{
    JpegLsCodec codec;
    for (const auto& s : {Shape{1, 16, 16, false}, Shape{3, 8, 8, false}}) {
        auto d = describe(24, 24, s.samples, s.allocated, s.stored, s.is_signed);
        auto encoded = codec.encode(uids::JPEGLSLossless, synthetic(d, Pattern::Noise), d, {});
        ASSERT_TRUE(encoded);
        EXPECT_GT(expect_corruption_is_survived(codec, uids::JPEGLSLossless, encoded->bytes, d), 0u);
    }
}

TEST(JpegLs, PaletteIndicesAreNotCodedLossily)
{
    JpegLsCodec codec;
    auto d = describe(16, 16, 1, 8, 8);
    d.photometric = Photometric::PaletteColor;
    d.photometric_text = "PALETTE COLOR";
    auto frame = synthetic(d, Pattern::Noise);
    EncodeOptions options;
    options.near_lossless = 2;
    EXPECT_FALSE(codec.encode(uids::JPEGLSNearLossless, frame, d, options));
    options.near_lossless = 0;
    EXPECT_TRUE(codec.encode(uids::JPEGLSNearLossless, frame, d, options));
    EXPECT_TRUE(codec.encode(uids::JPEGLSLossless, frame, d, {}));
}

// --- Speed (run with --gtest_also_run_disabled_tests on a Release build) -------------------------

TEST(JpegLsSpeed, DISABLED_CtFrames512x512)
{
    JpegLsCodec codec;
    auto d = describe(512, 512, 1, 16, 12);
    std::vector<std::vector<uint8_t>> frames, streams;
    size_t compressed = 0;
    for (uint32_t i = 0; i < 8; ++i) {
        frames.push_back(ct_like_frame(i));
        auto encoded = codec.encode(uids::JPEGLSLossless, frames.back(), d, {});
        ASSERT_TRUE(encoded);
        compressed += encoded->bytes.size();
        streams.push_back(std::move(encoded->bytes));
    }
    const int rounds = 200;
    std::vector<uint8_t> out(d.decoded_frame_bytes());
    double start = thread_seconds();
    for (int i = 0; i < rounds; ++i) {
        std::span<const uint8_t> fragments[] = {streams[i % 8]};
        ASSERT_TRUE(codec.decode(uids::JPEGLSLossless, fragments, d, out));
    }
    double decode = thread_seconds() - start;
    start = thread_seconds();
    for (int i = 0; i < rounds / 4; ++i)
        ASSERT_TRUE(codec.encode(uids::JPEGLSLossless, frames[i % 8], d, {}));
    double encode = thread_seconds() - start;
    double megabytes = double(out.size()) / 1e6;
    std::cout << "JPEG-LS lossless, 512x512 16-bit CT-like: " << 8.0 * double(compressed) / (8.0 * 512 * 512)
              << " bits/pixel; decode " << rounds * megabytes / decode << " MB/s, encode "
              << rounds / 4 * megabytes / encode << " MB/s (per CPU second)\n";
}

} // namespace
} // namespace roentgen
