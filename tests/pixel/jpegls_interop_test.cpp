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
            continue; // palette indices are not coded lossily
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
            ASSERT_TRUE(
                run_tool(std::string("dcmcjpls ") + options + " " + path + " " + compressed, dir.file("dcmcjpls.log")));
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

TEST(JpegLsInterop, issue_3_jai_streams_without_lse_decode_with_jai_thresholds)
{
    // JAI-ImageIO (dcm4che 2) coded more than 12 bits with unclamped default thresholds and no
    // LSE segment. Such a stream is made here by DCMTK with JAI's thresholds for 16 bits
    // (factor 256: T1 258, T2 1027, T3 4356), its LSE segment then cut out.
    ScratchDir dir("jls-jai");
    for (const char* relative : {"pydicom/test_files/CT_small.dcm", "pydicom-data/SC_rgb_16bit_2frame.dcm"}) {
        SCOPED_TRACE(relative);
        std::string path = (testing::corpus_dir() / relative).string();
        auto original = all_frames(path);
        ASSERT_TRUE(original) << original.error().message;
        std::string compressed = dir.file("jai.dcm");
        ASSERT_TRUE(
            run_tool("dcmcjpls +el +t1 258 +t2 1027 +t3 4356 " + path + " " + compressed, dir.file("dcmcjpls.log")));
        auto file = read_part10_file(compressed);
        ASSERT_TRUE(file) << file.error().message;
        auto* pixels = file->data_set.find(tags::PixelData);
        ASSERT_NE(pixels, nullptr);
        ASSERT_NE(pixels->fragments(), nullptr);
        Fragments cut;
        for (const auto& item : pixels->fragments()->items) {
            auto bytes = item.load();
            ASSERT_TRUE(bytes);
            std::vector<uint8_t> stream = *bytes;
            size_t lse = 2;
            while (lse + 1 < stream.size() && !(stream[lse] == 0xFF && stream[lse + 1] == 0xF8))
                ++lse;
            ASSERT_LT(lse + 4, stream.size()) << "DCMTK writes the thresholds in an LSE segment";
            size_t length = size_t(stream[lse + 2]) << 8 | stream[lse + 3];
            stream.erase(stream.begin() + std::ptrdiff_t(lse), stream.begin() + std::ptrdiff_t(lse + 2 + length));
            cut.items.push_back(BulkData::owned(std::move(stream)));
        }
        file->data_set.set(Element(tags::PixelData, VR::OB, std::move(cut)));
        std::string jai = dir.file("jai_no_lse.dcm");
        ASSERT_TRUE(write_part10_file(*file, jai, {}));
        auto ours = all_frames(jai);
        ASSERT_TRUE(ours) << ours.error().message;
        EXPECT_TRUE(*ours == *original);
    }
}

} // namespace
} // namespace roentgen
