// tests/pixel/jpeg_lossless_interop_test.cpp — our lossless JPEG against DCMTK and GDCM, both ways, on native corpus
// images.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "dict/generated/tags.h"
#include "dict/generated/uids.h"
#include "encoding/part10_file.h"
#include "pixel/codec_registry.h"
#include "pixel/codecs/jpeg_lossless/jpeg_lossless_codec.h"
#include "pixel/codecs/jpeg_lossless/jpeg_lossless_encoder.h"
#include "pixel/frames.h"
#include "support/corpus.h"

namespace roentgen {
namespace {

namespace fs = std::filesystem;

/// A scratch directory for one test, removed afterwards.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& name)
        : m_path(fs::temp_directory_path() / ("roentgen-ljpeg-" + name + "-" + std::to_string(::getpid())))
    {
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }
    ~ScratchDir() { fs::remove_all(m_path); }
    std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
    fs::path m_path;
};

/// Runs a peer tool; the test fails (not skips) when it is missing or fails.
::testing::AssertionResult run_tool(const std::string& command, const std::string& log)
{
    std::string tool = command.substr(0, command.find(' '));
    if (std::system(("command -v " + tool + " > /dev/null 2>&1").c_str()) != 0)
        return ::testing::AssertionFailure() << tool << " is not installed (DCMTK and GDCM are test peers)";
    int status = std::system((command + " > " + log + " 2>&1").c_str());
    if (status != 0) {
        std::ifstream in(log);
        std::stringstream text;
        text << in.rdbuf();
        return ::testing::AssertionFailure() << command << " failed (" << status << "): " << text.str();
    }
    return ::testing::AssertionSuccess();
}

Result<std::vector<uint8_t>> all_frames(const std::string& path)
{
    ROENTGEN_TRY(auto file, read_part10_file(path));
    auto registry = CodecRegistry::with_all_codecs();
    return decode_all_frames(file.data_set, *file.transfer_syntax, registry, 1);
}

/// Writes `source` with every frame encoded by our codec in `uid` (one fragment per frame, empty
/// Basic Offset Table, PS3.5 A.4).
::testing::AssertionResult write_encoded(const std::string& source, const std::string& target, std::string_view uid,
                                         int predictor)
{
    auto file = read_part10_file(source);
    if (!file)
        return ::testing::AssertionFailure() << file.error().message;
    auto description = describe_pixels(file->data_set);
    if (!description)
        return ::testing::AssertionFailure() << description.error().message;
    auto registry = CodecRegistry::with_all_codecs();
    JpegLosslessCodec codec;
    EncodeOptions options;
    options.predictor = predictor;
    Fragments fragments;
    for (uint32_t i = 0; i < description->number_of_frames; ++i) {
        auto frame = decode_frame(file->data_set, *file->transfer_syntax, registry, i);
        if (!frame)
            return ::testing::AssertionFailure() << frame.error().message;
        auto encoded = codec.encode(uid, *frame, *description, options);
        if (!encoded)
            return ::testing::AssertionFailure() << encoded.error().message;
        fragments.items.push_back(BulkData::owned(std::move(encoded->bytes)));
    }
    file->data_set.set(Element(tags::PixelData, VR::OB, std::move(fragments)));
    if (description->samples_per_pixel > 1)
        file->data_set.set_string(tags::PlanarConfiguration, VR::US, std::string("\0\0", 2));
    WriteOptions write;
    write.transfer_syntax = find_transfer_syntax(uid);
    auto written = write_part10_file(*file, target, write);
    if (!written)
        return ::testing::AssertionFailure() << written.error().message;
    return ::testing::AssertionSuccess();
}

struct Source {
    const char* path;
    const char* what;
    bool gdcm_writes = true; ///< false: gdcmconv refuses to write the file even uncompressed.
};

/// Native corpus images: signed 16-bit CT, signed 14-bit in 16, 12-bit MR, 12-bit multi-frame,
/// 8-bit RGB, 16-bit RGB multi-frame, a 512x512 CT.
constexpr Source sources[] = {
    {"pydicom/test_files/CT_small.dcm", "signed 16-bit CT"},
    {"pydicom-data/693_UNCR.dcm", "signed 14 of 16 bits"},
    {"pydicom-data/MR2_UNCR.dcm", "12-bit MR 1024x1024"},
    {"pydicom-data/emri_small.dcm", "12-bit, 10 frames"},
    {"pydicom-data/SC_rgb.dcm", "8-bit RGB"},
    // GDCM 3.0.21's PixmapWriter rejects a multi-frame Secondary Capture ("Problem with
    // NumberOfDimensions and MediaStorage"), compressed or not, so only DCMTK checks this one.
    {"pydicom-data/SC_rgb_16bit_2frame.dcm", "16-bit RGB, 2 frames", false},
    {"fo-dicom/CT-MONO2-16-ankle", "16-bit CT 512x512"},
};

TEST(JpegLosslessInterop, DcmtkAndGdcmDecodeOurStreamsToTheOriginalPixels)
{
    ScratchDir dir("encode");
    for (const auto& source : sources) {
        std::string path = (testing::corpus_dir() / source.path).string();
        auto original = all_frames(path);
        ASSERT_TRUE(original) << source.path << ": " << original.error().message;
        struct Variant {
            std::string_view uid;
            int predictor;
        };
        for (Variant variant : {Variant{uids::JPEGLosslessSV1, 1}, Variant{uids::JPEGLossless, 4},
                                Variant{uids::JPEGLossless, 6}, Variant{uids::JPEGLossless, 7}}) {
            SCOPED_TRACE(std::string(source.path) + " (" + source.what + ") predictor " +
                         std::to_string(variant.predictor));
            std::string encoded = dir.file("ours.dcm");
            ASSERT_TRUE(write_encoded(path, encoded, variant.uid, variant.predictor));
            auto ours = all_frames(encoded);
            ASSERT_TRUE(ours) << ours.error().message;
            EXPECT_TRUE(*ours == *original) << "our decoder";

            std::string dcmtk = dir.file("dcmtk.dcm");
            ASSERT_TRUE(run_tool("dcmdjpeg " + encoded + " " + dcmtk, dir.file("dcmdjpeg.log")));
            auto by_dcmtk = all_frames(dcmtk);
            ASSERT_TRUE(by_dcmtk) << by_dcmtk.error().message;
            EXPECT_TRUE(*by_dcmtk == *original) << "dcmdjpeg";

            if (!source.gdcm_writes)
                continue;
            std::string gdcm = dir.file("gdcm.dcm");
            ASSERT_TRUE(run_tool("gdcmconv --raw " + encoded + " " + gdcm, dir.file("gdcmconv.log")));
            auto by_gdcm = all_frames(gdcm);
            ASSERT_TRUE(by_gdcm) << by_gdcm.error().message;
            EXPECT_TRUE(*by_gdcm == *original) << "gdcmconv --raw";
        }
    }
}

TEST(JpegLosslessInterop, DcmtkRestartIntervalsAndSeparateScansDecodeAlike)
{
    // DCMTK cannot write restart intervals or one scan per component, so it reads ours.
    ScratchDir dir("restart");
    std::string path = (testing::corpus_dir() / "pydicom-data/SC_rgb_16bit_2frame.dcm").string();
    auto file = read_part10_file(path);
    ASSERT_TRUE(file) << file.error().message;
    auto description = describe_pixels(file->data_set);
    ASSERT_TRUE(description);
    auto original = all_frames(path);
    ASSERT_TRUE(original);
    for (bool interleaved : {true, false}) {
        internal::LjpegEncodeParams params{description->columns, description->rows, 3, 16, 5, 0, 7, interleaved};
        size_t frame_bytes = description->decoded_frame_bytes();
        Fragments fragments;
        for (uint32_t i = 0; i < description->number_of_frames; ++i) {
            auto encoded =
                internal::encode_ljpeg(std::span(*original).subspan(i * frame_bytes, frame_bytes), 2, params);
            ASSERT_TRUE(encoded) << encoded.error().message;
            fragments.items.push_back(BulkData::owned(std::move(*encoded)));
        }
        Part10File copy = *file;
        copy.data_set.set(Element(tags::PixelData, VR::OB, std::move(fragments)));
        WriteOptions write;
        write.transfer_syntax = find_transfer_syntax(uids::JPEGLossless);
        std::string encoded = dir.file("ours.dcm");
        ASSERT_TRUE(write_part10_file(copy, encoded, write));
        std::string dcmtk = dir.file("dcmtk.dcm");
        ASSERT_TRUE(run_tool("dcmdjpeg " + encoded + " " + dcmtk, dir.file("dcmdjpeg.log")));
        auto by_dcmtk = all_frames(dcmtk);
        ASSERT_TRUE(by_dcmtk) << by_dcmtk.error().message;
        EXPECT_TRUE(*by_dcmtk == *original) << "interleaved " << interleaved;
        auto ours = all_frames(encoded);
        ASSERT_TRUE(ours) << ours.error().message;
        EXPECT_TRUE(*ours == *original) << "interleaved " << interleaved;
    }
}

TEST(JpegLosslessInterop, WeDecodeDcmtkAndGdcmStreams)
{
    ScratchDir dir("decode");
    for (const auto& source : sources) {
        std::string path = (testing::corpus_dir() / source.path).string();
        auto original = all_frames(path);
        ASSERT_TRUE(original) << source.path << ": " << original.error().message;
        for (int predictor = 1; predictor <= 7; ++predictor) {
            SCOPED_TRACE(std::string(source.path) + " dcmcjpeg predictor " + std::to_string(predictor));
            std::string compressed = dir.file("dcmtk.dcm");
            ASSERT_TRUE(run_tool("dcmcjpeg +el +sv " + std::to_string(predictor) + " " + path + " " + compressed,
                                 dir.file("dcmcjpeg.log")));
            auto ours = all_frames(compressed);
            ASSERT_TRUE(ours) << ours.error().message;
            EXPECT_TRUE(*ours == *original);
        }
        {
            // Point transform: lossy, so compared with DCMTK's own decoding.
            SCOPED_TRACE(std::string(source.path) + " dcmcjpeg point transform 2");
            std::string compressed = dir.file("pt.dcm");
            std::string expanded = dir.file("pt_dcmtk.dcm");
            ASSERT_TRUE(run_tool("dcmcjpeg +el +sv 3 +pt 2 " + path + " " + compressed, dir.file("dcmcjpeg.log")));
            ASSERT_TRUE(run_tool("dcmdjpeg " + compressed + " " + expanded, dir.file("dcmdjpeg.log")));
            auto ours = all_frames(compressed);
            auto theirs = all_frames(expanded);
            ASSERT_TRUE(ours) << ours.error().message;
            ASSERT_TRUE(theirs) << theirs.error().message;
            EXPECT_TRUE(*ours == *theirs);
        }
        if (source.gdcm_writes) {
            SCOPED_TRACE(std::string(source.path) + " gdcmconv --jpeg (lossless by default)");
            std::string compressed = dir.file("gdcm.dcm");
            ASSERT_TRUE(run_tool("gdcmconv --jpeg " + path + " " + compressed, dir.file("gdcmconv.log")));
            auto written = read_part10_file(compressed);
            ASSERT_TRUE(written) << written.error().message;
            EXPECT_TRUE(written->transfer_syntax->uid == uids::JPEGLossless ||
                        written->transfer_syntax->uid == uids::JPEGLosslessSV1)
                << written->transfer_syntax->uid;
            auto ours = all_frames(compressed);
            ASSERT_TRUE(ours) << ours.error().message;
            EXPECT_TRUE(*ours == *original);
        }
    }
}

std::string us_value(uint16_t value)
{
    return std::string{char(value & 0xFF), char(value >> 8)};
}

TEST(JpegLosslessInterop, CornellStreamsDecodeAsDcmtkWorkaroundDoes)
{
    // The hand-made Cornell-encoder streams of jpeg_lossless_test.cpp in a 1-row MONOCHROME2 image:
    // what we recognise by ourselves must be what dcmdjpeg +wc gives.
    const std::vector<uint8_t> extra_bits = {0xFF, 0xD8, 0xFF, 0xC3, 0x00, 0x0B, 0x10, 0x00, 0x01, 0x00, 0x03, 0x01,
                                             0x01, 0x11, 0x00, 0xFF, 0xC4, 0x00, 0x16, 0x00, 1,    1,    1,    0,
                                             0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
                                             16,   0,    3,    0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x01, 0x00,
                                             0x00, 0x40, 0x00, 0x5A, 0xFF, 0x00, 0xFF, 0xD9};
    // With the 17-bit code where DCMTK's 32-bit bit buffer refills inside it: elsewhere DCMTK
    // peeks at the 16 bits after it before they are loaded, and reads garbage.
    const std::vector<uint8_t> long_code = {0xFF, 0xD8, 0xFF, 0xC3, 0x00, 0x0B, 0x10, 0x00, 0x01, 0x00, 0x06, 0x01,
                                            0x01, 0x11, 0x00, 0xFF, 0xC4, 0x00, 0x15, 0x00, 1,    1,    0,    0,
                                            0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
                                            0,    3,    0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x01, 0x00, 0x00,
                                            0xAD, 0x6B, 0x5C, 0x00, 0x04, 0x00, 0x05, 0x7F, 0xFF, 0xD9};
    ScratchDir dir("cornell");
    auto file = read_part10_file((testing::corpus_dir() / "pydicom/test_files/CT_small.dcm").string());
    ASSERT_TRUE(file) << file.error().message;
    for (const auto& [stream, columns] : {std::pair{extra_bits, 3}, std::pair{long_code, 6}}) {
        Part10File copy = *file;
        copy.data_set.set_string(tags::Rows, VR::US, us_value(1));
        copy.data_set.set_string(tags::Columns, VR::US, us_value(uint16_t(columns)));
        copy.data_set.set_string(tags::PixelRepresentation, VR::US, us_value(0));
        Fragments fragments;
        fragments.items.push_back(BulkData::owned(stream));
        copy.data_set.set(Element(tags::PixelData, VR::OB, std::move(fragments)));
        WriteOptions write;
        write.transfer_syntax = find_transfer_syntax(uids::JPEGLosslessSV1);
        std::string encoded = dir.file("cornell.dcm");
        ASSERT_TRUE(write_part10_file(copy, encoded, write));
        auto ours = all_frames(encoded);
        ASSERT_TRUE(ours) << ours.error().message;
        std::string dcmtk = dir.file("dcmtk.dcm");
        ASSERT_TRUE(run_tool("dcmdjpeg +wc " + encoded + " " + dcmtk, dir.file("dcmdjpeg.log")));
        auto theirs = all_frames(dcmtk);
        ASSERT_TRUE(theirs) << theirs.error().message;
        EXPECT_EQ(*ours, *theirs) << columns << " columns";
    }
}

} // namespace
} // namespace roentgen
