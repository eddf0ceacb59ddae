// tests/pixel/jpegls_interop_test.cpp — our JPEG-LS against DCMTK (dcmdjpls, dcmcjpls), both ways, on native corpus
// images.
#include <gtest/gtest.h>

#include "dict/generated/uids.h"
#include "pixel/codecs/jpegls/jpegls_codec.h"
#include "codec_test_support.h"

namespace roentgen {
namespace {

using namespace codec_testing;

TEST(JpegLsInterop, DcmtkDecodesOurLosslessStreamsToTheOriginalPixels)
{
    ScratchDir dir("jls-encode");
    JpegLsCodec codec;
    for (const auto& source : native_sources) {
        SCOPED_TRACE(std::string(source.path) + " (" + source.what + ")");
        std::string path = (testing::corpus_dir() / source.path).string();
        auto original = all_frames(path);
        ASSERT_TRUE(original) << original.error().message;
        std::string encoded = dir.file("ours.dcm");
        ASSERT_TRUE(write_encoded(path, encoded, codec, uids::JPEGLSLossless));
        auto ours = all_frames(encoded);
        ASSERT_TRUE(ours) << ours.error().message;
        EXPECT_TRUE(*ours == *original) << "our decoder";
        std::string dcmtk = dir.file("dcmtk.dcm");
        ASSERT_TRUE(run_tool("dcmdjpls " + encoded + " " + dcmtk, dir.file("dcmdjpls.log")));
        auto by_dcmtk = all_frames(dcmtk);
        ASSERT_TRUE(by_dcmtk) << by_dcmtk.error().message;
        EXPECT_TRUE(*by_dcmtk == *original) << "dcmdjpls";
    }
}

TEST(JpegLsInterop, DcmtkAndWeDecodeOurNearLosslessStreamsAlike)
{
    ScratchDir dir("jls-near");
    JpegLsCodec codec;
    EncodeOptions options;
    options.near_lossless = 3;
    for (const auto& source : native_sources) {
        if (std::string_view(source.what).contains("PALETTE"))
            continue;  // palette indices are not coded lossily
        SCOPED_TRACE(std::string(source.path) + " (" + source.what + ")");
        std::string path = (testing::corpus_dir() / source.path).string();
        std::string encoded = dir.file("ours.dcm");
        ASSERT_TRUE(write_encoded(path, encoded, codec, uids::JPEGLSNearLossless, options));
        auto ours = all_frames(encoded);
        ASSERT_TRUE(ours) << ours.error().message;
        std::string dcmtk = dir.file("dcmtk.dcm");
        ASSERT_TRUE(run_tool("dcmdjpls " + encoded + " " + dcmtk, dir.file("dcmdjpls.log")));
        auto by_dcmtk = all_frames(dcmtk);
        ASSERT_TRUE(by_dcmtk) << by_dcmtk.error().message;
        EXPECT_TRUE(*by_dcmtk == *ours) << "JPEG-LS decoding is exact, lossy or not";
    }
}

TEST(JpegLsInterop, WeDecodeDcmtkStreamsInEveryInterleaveMode)
{
    ScratchDir dir("jls-decode");
    for (const auto& source : native_sources) {
        std::string path = (testing::corpus_dir() / source.path).string();
        auto original = all_frames(path);
        ASSERT_TRUE(original) << original.error().message;
        for (const char* options : {"+el +il", "+el +is", "+el +in"}) {
            SCOPED_TRACE(std::string(source.path) + " dcmcjpls " + options);
            std::string compressed = dir.file("dcmtk.dcm");
            ASSERT_TRUE(run_tool(std::string("dcmcjpls ") + options + " " + path + " " + compressed,
                                 dir.file("dcmcjpls.log")));
            auto ours = all_frames(compressed);
            ASSERT_TRUE(ours) << ours.error().message;
            EXPECT_TRUE(*ours == *original);
        }
        if (!source.is_signed && !std::string_view(source.what).contains("PALETTE")) {
            // dcmcjpls refuses near-lossless coding of signed data ("Unsupported pixel
            // representation") and of palette indices, as our encoders do.
            SCOPED_TRACE(std::string(source.path) + " dcmcjpls near-lossless");
            std::string compressed = dir.file("near.dcm");
            std::string expanded = dir.file("near_dcmtk.dcm");
            ASSERT_TRUE(run_tool("dcmcjpls +en +md 4 " + path + " " + compressed, dir.file("dcmcjpls.log")));
            ASSERT_TRUE(run_tool("dcmdjpls " + compressed + " " + expanded, dir.file("dcmdjpls.log")));
            auto ours = all_frames(compressed);
            auto theirs = all_frames(expanded);
            ASSERT_TRUE(ours) << ours.error().message;
            ASSERT_TRUE(theirs) << theirs.error().message;
            EXPECT_TRUE(*ours == *theirs);
        }
    }
}

}  // namespace
}  // namespace roentgen
