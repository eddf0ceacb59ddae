// tests/pixel/transcode_test.cpp — transcode(): lossless round trips bit-exact, lossy attributes and new UIDs, native output.
#include <gtest/gtest.h>

#include "dict/generated/tags.h"
#include "dict/generated/uids.h"
#include "encoding/part10_file.h"
#include "model/element_values.h"
#include "pixel/frames.h"
#include "pixel/pixel_syntax.h"
#include "pixel/transcode.h"
#include "support/corpus.h"

namespace roentgen {
namespace {

Part10File read_corpus(const std::string& relative)
{
    auto file = read_part10_file((testing::corpus_dir() / relative).string());
    EXPECT_TRUE(file) << relative << ": " << file.error().message;
    return file ? std::move(*file) : Part10File{};
}

/// Writes the file and reads it back from memory: what a reader of the output sees.
Part10File written_and_read(const Part10File& file)
{
    VectorSink sink;
    auto written = write_part10(file, sink, WriteOptions{.transfer_syntax = file.transfer_syntax});
    EXPECT_TRUE(written) << written.error().message;
    auto again = read_part10(std::make_shared<MemorySource>(std::move(sink.bytes())));
    EXPECT_TRUE(again) << again.error().message;
    return again ? std::move(*again) : Part10File{};
}

std::vector<uint8_t> decoded(const Part10File& file, const CodecRegistry& codecs)
{
    auto pixels = decode_all_frames(file.data_set, pixel_data_syntax(file), codecs);
    EXPECT_TRUE(pixels) << pixels.error().message;
    return pixels ? std::move(*pixels) : std::vector<uint8_t>{};
}

const char* const lossless_targets[] = {"rle", "jpeg-lossless", "jpeg-ls", "j2k", "htj2k", "jpegxl", "deflate-frame"};

TEST(Transcode, LosslessRoundTripsAreBitExact)
{
    // Signed 16-bit CT, 16-bit MR, 8-bit RGB: each lossless syntax and back to native gives the
    // same pixels and the same Pixel Data bytes.
    auto codecs = CodecRegistry::with_all_codecs();
    for (const char* source : {"pydicom/test_files/CT_small.dcm", "pydicom/test_files/MR_small.dcm",
                               "pydicom-data/SC_rgb.dcm"}) {
        const Part10File original = read_corpus(source);
        auto reference = decoded(original, codecs);
        ASSERT_FALSE(reference.empty()) << source;
        for (const char* name : lossless_targets) {
            std::string what = std::string(source) + " as " + name;
            Part10File file = original;
            auto result = transcode(file, codecs, TranscodeOptions{.target = find_transfer_syntax_by_name(name)});
            ASSERT_TRUE(result) << what << ": " << result.error().message;
            EXPECT_TRUE(result->changed_pixels) << what;
            EXPECT_FALSE(result->lossy) << what;
            Part10File compressed = written_and_read(file);
            EXPECT_EQ(compressed.transfer_syntax->uid, find_transfer_syntax_by_name(name)->uid) << what;
            ASSERT_TRUE(compressed.data_set.find(tags::PixelData)->fragments()) << what;
            EXPECT_EQ(decoded(compressed, codecs), reference) << what;
            EXPECT_EQ(compressed.data_set.find_string(tags::SOPInstanceUID),
                      original.data_set.find_string(tags::SOPInstanceUID))
                << what;
            EXPECT_FALSE(compressed.data_set.contains(tags::LossyImageCompressionMethod)) << what;
            // And back: the native Pixel Data is the original's, byte for byte.
            auto back = transcode(compressed, codecs, TranscodeOptions{.target = find_transfer_syntax_by_name("explicit")});
            ASSERT_TRUE(back) << what << ": " << back.error().message;
            Part10File native = written_and_read(compressed);
            auto a = original.data_set.find(tags::PixelData)->bytes();
            auto b = native.data_set.find(tags::PixelData)->bytes();
            EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end())) << what;
            EXPECT_EQ(native.data_set.find_string(tags::PhotometricInterpretation),
                      original.data_set.find_string(tags::PhotometricInterpretation))
                << what;
        }
    }
}

TEST(Transcode, OneBitFramesArePackedAgainOnTheWayBack)
{
    // PS3.5 8.1.1: 1-bit frames back to back; a multi-frame SEG through RLE and back.
    auto codecs = CodecRegistry::with_all_codecs();
    const Part10File original = read_corpus("pydicom-data/liver.dcm");
    Part10File file = original;
    ASSERT_TRUE(transcode(file, codecs, TranscodeOptions{.target = find_transfer_syntax_by_name("rle")}));
    Part10File compressed = written_and_read(file);
    ASSERT_TRUE(transcode(compressed, codecs, TranscodeOptions{.target = find_transfer_syntax_by_name("explicit")}));
    Part10File native = written_and_read(compressed);
    auto a = original.data_set.find(tags::PixelData)->bytes();
    auto b = native.data_set.find(tags::PixelData)->bytes();
    ASSERT_GT(a.size(), 1000u);
    EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end()));
}

TEST(Transcode, LossyOutputIsANewInstanceWithItsCompressionHistory)
{
    // PS3.5 8.2 and PS3.3 C.7.6.1.1.5: Lossy Image Compression 01, ratio and method; new SOP Instance UID.
    auto codecs = CodecRegistry::with_all_codecs();
    const Part10File original = read_corpus("pydicom-data/SC_rgb.dcm");
    Part10File file = original;
    auto result = transcode(file, codecs, TranscodeOptions{.target = find_transfer_syntax_by_name("jpeg"),
                                                           .encode = EncodeOptions{.quality = 90}});
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_TRUE(result->lossy);
    Part10File lossy = written_and_read(file);
    EXPECT_EQ(lossy.data_set.find_string(tags::LossyImageCompression), "01");
    EXPECT_EQ(lossy.data_set.find_string(tags::LossyImageCompressionMethod), "ISO_10918_1");
    auto ratio = lossy.data_set.find_string(tags::LossyImageCompressionRatio);
    ASSERT_TRUE(ratio);
    EXPECT_GT(std::stod(std::string(*ratio)), 1.5);
    auto uid = lossy.data_set.find_string(tags::SOPInstanceUID);
    ASSERT_TRUE(uid);
    EXPECT_NE(uid, original.data_set.find_string(tags::SOPInstanceUID));
    EXPECT_TRUE(uid->starts_with("2.25.")) << *uid;
    EXPECT_EQ(lossy.meta.find_string(tags::MediaStorageSOPInstanceUID), uid);
    // Baseline JPEG of RGB is YCbCr 4:2:2 (PS3.5 8.2.1).
    EXPECT_EQ(lossy.data_set.find_string(tags::PhotometricInterpretation), "YBR_FULL_422");
    // A second lossy step appends to the history.
    auto again = transcode(lossy, codecs, TranscodeOptions{.target = find_transfer_syntax_by_name("j2k-lossy"),
                                                           .encode = EncodeOptions{.quality = 80}});
    ASSERT_TRUE(again) << again.error().message;
    Part10File twice = written_and_read(lossy);
    auto methods = string_values(*twice.data_set.find(tags::LossyImageCompressionMethod));
    ASSERT_EQ(methods.size(), 2u);
    EXPECT_EQ(methods[0], "ISO_10918_1");
    EXPECT_EQ(methods[1], "ISO_15444_1");
    EXPECT_EQ(string_values(*twice.data_set.find(tags::LossyImageCompressionRatio)).size(), 2u);
}

TEST(Transcode, EncapsulatedToNativeDescribesTheDecodedFrames)
{
    // JPEG baseline YBR_FULL_422 decodes to full-resolution YBR_FULL, colour by pixel.
    auto codecs = CodecRegistry::with_all_codecs();
    const Part10File original = read_corpus("pydicom/test_files/SC_rgb_dcmtk_+eb+cy+np.dcm");
    auto reference = decoded(original, codecs);
    Part10File file = original;
    auto result = transcode(file, codecs, TranscodeOptions{.target = find_transfer_syntax_by_name("explicit")});
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_FALSE(result->lossy);
    Part10File native = written_and_read(file);
    EXPECT_EQ(native.data_set.find_string(tags::PhotometricInterpretation), "YBR_FULL");
    EXPECT_EQ(native.data_set.find_integer(tags::PlanarConfiguration), 0);
    EXPECT_FALSE(native.data_set.find(tags::PixelData)->fragments());
    EXPECT_EQ(decoded(native, codecs), reference);
    // The object was lossy before: it still says so.
    EXPECT_EQ(native.data_set.find_string(tags::LossyImageCompression),
              original.data_set.find_string(tags::LossyImageCompression));
}

TEST(Transcode, BetweenNativeSyntaxesOnlyTheEncodingChanges)
{
    auto codecs = CodecRegistry::with_all_codecs();
    Part10File file = read_corpus("pydicom/test_files/CT_small.dcm");
    DataSet before = file.data_set;
    auto result = transcode(file, codecs, TranscodeOptions{.target = find_transfer_syntax_by_name("big")});
    ASSERT_TRUE(result);
    EXPECT_FALSE(result->changed_pixels);
    EXPECT_TRUE(file.data_set == before);
    EXPECT_EQ(file.transfer_syntax->uid, uids::ExplicitVRBigEndian);
}

TEST(Transcode, WideSamplesChangeByteOrderWholly)
{
    // 32-bit RT Dose in OW: big endian holds each sample's words most significant first (PS3.5 7.3).
    auto codecs = CodecRegistry::with_all_codecs();
    for (const char* relative : {"pydicom/test_files/rtdose.dcm", "pydicom/test_files/rtdose_expb.dcm"}) {
        const Part10File original = read_corpus(relative);
        ASSERT_EQ(original.data_set.find_integer(tags::BitsAllocated), 32) << relative;
        auto reference = decoded(original, codecs);
        Part10File file = original;
        bool big = original.transfer_syntax->byte_order == ByteOrder::Big;
        ASSERT_TRUE(transcode(file, codecs, TranscodeOptions{.target = find_transfer_syntax_by_name(big ? "explicit" : "big")}));
        Part10File other = written_and_read(file);
        EXPECT_EQ(decoded(other, codecs), reference) << relative;
        ASSERT_TRUE(transcode(other, codecs, TranscodeOptions{.target = original.transfer_syntax}));
        Part10File back = written_and_read(other);
        EXPECT_EQ(decoded(back, codecs), reference) << relative;
    }
}

TEST(Transcode, WhatCannotBeEncodedIsAnErrorNamingIt)
{
    auto codecs = CodecRegistry::with_all_codecs();
    Part10File file = read_corpus("pydicom/test_files/CT_small.dcm");  // 16 bits: no baseline JPEG
    auto result = transcode(file, codecs, TranscodeOptions{.target = find_transfer_syntax_by_name("jpeg")});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, Errc::Unsupported);
    EXPECT_NE(result.error().message.find("16 bits allocated"), std::string::npos) << result.error().message;
    EXPECT_TRUE(file.data_set == read_corpus("pydicom/test_files/CT_small.dcm").data_set);  // left as it was
    auto video = transcode(file, codecs, TranscodeOptions{.target = find_transfer_syntax("1.2.840.10008.1.2.4.100")});
    ASSERT_FALSE(video);
    EXPECT_NE(video.error().message.find("no encoder"), std::string::npos) << video.error().message;
}

TEST(Transcode, EveryDecodableCorpusImageGoesNativeAndThroughRleUnchanged)
{
    // Each corpus image we decode is written native (then its frames decode to the same values) and
    // RLE Lossless where RLE can hold it (8/16/32-bit integer samples); what cannot be encoded is
    // Errc::Unsupported and nothing else.
    auto codecs = CodecRegistry::with_all_codecs();
    size_t images = 0, native = 0, rle = 0, rle_refused = 0;
    std::vector<std::string> problems;
    for (const auto& relative : testing::corpus_files()) {
        auto read = read_part10_file((testing::corpus_dir() / relative).string());
        if (!read || !read->data_set.contains(tags::PixelData))
            continue;
        auto reference = decode_all_frames(read->data_set, pixel_data_syntax(*read), codecs);
        if (!reference)
            continue;  // pixels_corpus_test.cpp holds what must decode
        ++images;
        for (const char* name : {"explicit", "rle"}) {
            Part10File file = *read;
            auto result = transcode(file, codecs, TranscodeOptions{.target = find_transfer_syntax_by_name(name)});
            if (!result) {
                if (std::string_view(name) == "rle" && result.error().code == Errc::Unsupported) {
                    ++rle_refused;
                    continue;
                }
                problems.push_back(relative + " as " + name + ": " + result.error().message);
                continue;
            }
            Part10File again = written_and_read(file);
            auto pixels = decode_all_frames(again.data_set, pixel_data_syntax(again), codecs);
            if (!pixels) {
                problems.push_back(relative + " as " + name + ", decoded again: " + pixels.error().message);
                continue;
            }
            // A lossy source decoded and written native keeps its values; YBR_ICT/RCT are RGB
            // after decoding either way.
            if (*pixels != *reference)
                problems.push_back(relative + " as " + name + ": other pixel values");
            else
                ++(std::string_view(name) == "rle" ? rle : native);
        }
    }
    std::string list;
    for (const auto& p : problems)
        list += "\n  " + p;
    EXPECT_TRUE(problems.empty()) << problems.size() << " problems:" << list;
    std::cout << images << " images: " << native << " native, " << rle << " RLE, " << rle_refused
              << " refused by RLE\n";
    EXPECT_GT(images, 200u);
    EXPECT_EQ(native, images);
    EXPECT_GT(rle, images * 3 / 4);
}

TEST(Transcode, TargetsByUidKeywordAndShortName)
{
    EXPECT_EQ(find_transfer_syntax_by_name("1.2.840.10008.1.2.5")->uid, uids::RLELossless);
    EXPECT_EQ(find_transfer_syntax_by_name("JPEGLSLossless")->uid, uids::JPEGLSLossless);
    EXPECT_EQ(find_transfer_syntax_by_name("jpeglslossless")->uid, uids::JPEGLSLossless);
    EXPECT_EQ(find_transfer_syntax_by_name("htj2k")->uid, uids::HTJ2KLossless);
    EXPECT_EQ(find_transfer_syntax_by_name("implicit")->uid, uids::ImplicitVRLittleEndian);
    EXPECT_EQ(find_transfer_syntax_by_name("nonsense"), nullptr);
    EXPECT_EQ(find_transfer_syntax_by_name("CTImageStorage"), nullptr);  // a SOP class, not a syntax
}

}  // namespace
}  // namespace roentgen
