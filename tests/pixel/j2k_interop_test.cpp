// tests/pixel/j2k_interop_test.cpp — our JPEG 2000 against GDCM (gdcmconv, DCMTK has no JPEG 2000) and OpenJPEG's
// opj_compress, both ways, on native corpus images.
#include <gtest/gtest.h>

#include "dict/generated/uids.h"
#include "pixel/codecs/j2k/j2k_codec.h"
#include "codec_test_support.h"

namespace roentgen {
namespace {

using namespace codec_testing;

TEST(J2kInterop, GdcmDecodesOurLosslessStreamsToTheOriginalPixels)
{
    ScratchDir dir("j2k-encode");
    J2kCodec codec;
    for (const auto& source : native_sources) {
        SCOPED_TRACE(std::string(source.path) + " (" + source.what + ")");
        std::string path = (testing::corpus_dir() / source.path).string();
        auto original = all_frames(path);
        ASSERT_TRUE(original) << original.error().message;
        std::string encoded = dir.file("ours.dcm");
        ASSERT_TRUE(write_encoded(path, encoded, codec, uids::JPEG2000Lossless));
        auto ours = all_frames(encoded);
        ASSERT_TRUE(ours) << ours.error().message;
        EXPECT_TRUE(*ours == *original) << "our decoder";
        if (!source.gdcm_writes)
            continue;
        std::string gdcm = dir.file("gdcm.dcm");
        ASSERT_TRUE(run_tool("gdcmconv --raw " + encoded + " " + gdcm, dir.file("gdcmconv.log")));
        auto by_gdcm = all_frames(gdcm);
        ASSERT_TRUE(by_gdcm) << by_gdcm.error().message;
        EXPECT_TRUE(*by_gdcm == *original) << "gdcmconv --raw";
    }
}

TEST(J2kInterop, GdcmAndWeDecodeOurLossyStreamsAlike)
{
    // GDCM decodes with OpenJPEG as we do, so the lossy reconstructions are identical.
    ScratchDir dir("j2k-lossy");
    J2kCodec codec;
    EncodeOptions options;
    options.quality = 80;
    for (const auto& source : native_sources) {
        if (!source.gdcm_writes || std::string_view(source.what).contains("PALETTE"))
            continue;
        SCOPED_TRACE(std::string(source.path) + " (" + source.what + ")");
        std::string path = (testing::corpus_dir() / source.path).string();
        std::string encoded = dir.file("ours.dcm");
        ASSERT_TRUE(write_encoded(path, encoded, codec, uids::JPEG2000, options));
        auto ours = all_frames(encoded);
        ASSERT_TRUE(ours) << ours.error().message;
        std::string gdcm = dir.file("gdcm.dcm");
        ASSERT_TRUE(run_tool("gdcmconv --raw " + encoded + " " + gdcm, dir.file("gdcmconv.log")));
        auto by_gdcm = all_frames(gdcm);
        ASSERT_TRUE(by_gdcm) << by_gdcm.error().message;
        EXPECT_TRUE(*by_gdcm == *ours);
    }
}

TEST(J2kInterop, WeDecodeGdcmStreams)
{
    ScratchDir dir("j2k-decode");
    for (const auto& source : native_sources) {
        if (!source.gdcm_writes)
            continue;
        SCOPED_TRACE(std::string(source.path) + " gdcmconv --j2k");
        std::string path = (testing::corpus_dir() / source.path).string();
        auto original = all_frames(path);
        ASSERT_TRUE(original) << original.error().message;
        std::string compressed = dir.file("gdcm.dcm");
        ASSERT_TRUE(run_tool("gdcmconv --j2k " + path + " " + compressed, dir.file("gdcmconv.log")));
        auto written = read_part10_file(compressed);
        ASSERT_TRUE(written) << written.error().message;
        EXPECT_EQ(written->transfer_syntax->uid, uids::JPEG2000Lossless);
        auto ours = all_frames(compressed);
        ASSERT_TRUE(ours) << ours.error().message;
        EXPECT_TRUE(*ours == *original);
    }
}

TEST(J2kInterop, WeDecodeOpjCompressJp2Files)
{
    // opj_compress writes JP2 files (the box structure some DICOM writers put in the fragment)
    // from 16-bit PGM input.
    ScratchDir dir("j2k-opj");
    auto d = describe(40, 50, 1, 16, 12);
    auto frame = synthetic(d, Pattern::Smooth);
    std::string pgm = "P5\n50 40\n4095\n";
    std::vector<uint8_t> bytes(pgm.begin(), pgm.end());
    for (size_t i = 0; i < d.pixels_per_frame(); ++i) {
        bytes.push_back(frame[2 * i + 1]); // PGM samples are big endian
        bytes.push_back(frame[2 * i]);
    }
    write_bytes(dir.file("in.pgm"), bytes);
    for (const char* name : {"out.jp2", "out.j2k"}) {
        SCOPED_TRACE(name);
        ASSERT_TRUE(run_tool("opj_compress -i " + dir.file("in.pgm") + " -o " + dir.file(name), dir.file("opj.log")));
        J2kCodec codec;
        auto decoded = decode_with(codec, uids::JPEG2000Lossless, read_bytes(dir.file(name)), d);
        ASSERT_TRUE(decoded) << decoded.error().message;
        EXPECT_TRUE(*decoded == frame);
    }
}

} // namespace
} // namespace roentgen
