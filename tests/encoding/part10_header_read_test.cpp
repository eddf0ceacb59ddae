// tests/encoding/part10_header_read_test.cpp — header reads from the file's first bytes equal reads of the mapped file.
#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

#include "dict/generated/tags.h"
#include "encoding/part10_file.h"
#include "support/corpus.h"

namespace roentgen {
namespace {

/// read_part10_file() reads a header (stop_before/stop_after) from the file's first 32 KiB when it
/// ends there; the result must be exactly what reading the mapped file gives.
void expect_same_as_mapped(const std::string& path, const ReadOptions& options, const std::string& label)
{
    auto fast = read_part10_file(path, options);
    auto mapped_source = MappedFile::open(path);
    ASSERT_TRUE(mapped_source) << mapped_source.error().message;
    auto mapped = read_part10(*mapped_source, options);
    ASSERT_EQ(fast.has_value(), mapped.has_value()) << label;
    if (!fast) {
        EXPECT_EQ(fast.error().message, mapped.error().message) << label;
        return;
    }
    EXPECT_TRUE(fast->meta == mapped->meta) << label;
    EXPECT_TRUE(fast->data_set == mapped->data_set) << label;
    EXPECT_EQ(fast->stopped_early, mapped->stopped_early) << label;
    EXPECT_EQ(fast->transfer_syntax, mapped->transfer_syntax) << label;
    EXPECT_EQ(fast->preamble, mapped->preamble) << label;
    ASSERT_EQ(fast->warnings.size(), mapped->warnings.size()) << label;
    for (size_t i = 0; i < fast->warnings.size(); ++i) {
        EXPECT_EQ(fast->warnings[i].offset, mapped->warnings[i].offset) << label;
        EXPECT_EQ(fast->warnings[i].tag, mapped->warnings[i].tag) << label;
        EXPECT_EQ(fast->warnings[i].message, mapped->warnings[i].message) << label;
    }
}

TEST(Part10HeaderRead, EveryCorpusFileReadsAsFromTheMappedFile)
{
    auto files = testing::corpus_files();
    ASSERT_GT(files.size(), 300u);
    for (const auto& relative : files) {
        auto path = (testing::corpus_dir() / relative).string();
        expect_same_as_mapped(path, ReadOptions().with_stop_before(tags::PixelData), relative + " (stop before)");
        expect_same_as_mapped(path, ReadOptions().with_stop_after(tags::SOPInstanceUID), relative + " (stop after)");
    }
}

class Part10HeaderReadFiles : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = std::filesystem::temp_directory_path() / ("roentgen_header_read_" + std::to_string(::getpid()));
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    /// A CT-like file whose header holds a private value of `header_padding` bytes, then Pixel Data.
    std::string write_file(const std::string& name, size_t header_padding, size_t pixel_bytes)
    {
        Part10File file;
        file.transfer_syntax = &transfer_syntaxes::explicit_vr_little_endian();
        file.data_set.set(Element(tags::SOPClassUID, VR::UI, std::string("1.2.840.10008.5.1.4.1.1.2")));
        file.data_set.set(Element(tags::SOPInstanceUID, VR::UI, std::string("1.2.3.4")));
        file.data_set.set(Element(tags::PatientName, VR::PN, std::string("Doe^John")));
        file.data_set.set(Element(Tag(0x0029, 0x0010), VR::LO, std::string("ROENTGEN TEST")));
        file.data_set.set(Element(Tag(0x0029, 0x1010), VR::OB, std::string(header_padding, 'x')));
        if (pixel_bytes)
            file.data_set.set(Element(tags::PixelData, VR::OW, std::string(pixel_bytes, '\x01')));
        auto path = (m_dir / name).string();
        auto written = write_part10_file(file, path);
        EXPECT_TRUE(written) << written.error().message;
        return path;
    }

    std::filesystem::path m_dir;
};

TEST_F(Part10HeaderReadFiles, HeaderPastTheFirstBytesIsReadFromTheMappedFile)
{
    // 40 KiB of header: the first 32 KiB do not hold it.
    auto path = write_file("long_header.dcm", 40 * 1024, 128 * 1024);
    auto file = read_part10_file(path, ReadOptions().with_stop_before(tags::PixelData));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_TRUE(file->stopped_early);
    ASSERT_NE(file->data_set.find(Tag(0x0029, 0x1010)), nullptr);
    EXPECT_EQ(file->data_set.find(Tag(0x0029, 0x1010))->length(), 40u * 1024);
    EXPECT_EQ(file->data_set.find(tags::PixelData), nullptr);
    expect_same_as_mapped(path, ReadOptions().with_stop_before(tags::PixelData), "long header");
}

TEST_F(Part10HeaderReadFiles, ShortHeaderAndSmallFiles)
{
    auto big = write_file("short_header.dcm", 100, 256 * 1024);
    auto file = read_part10_file(big, ReadOptions().with_stop_before(tags::PixelData));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_TRUE(file->stopped_early);
    EXPECT_EQ(file->data_set.find_string(tags::PatientName), "Doe^John");
    expect_same_as_mapped(big, ReadOptions().with_stop_before(tags::PixelData), "short header");

    // Files smaller than the first read: read whole, with or without the element to stop at.
    auto small = write_file("small.dcm", 100, 1024);
    expect_same_as_mapped(small, ReadOptions().with_stop_before(tags::PixelData), "small");
    auto no_pixels = write_file("no_pixels.dcm", 100, 0);
    auto whole = read_part10_file(no_pixels, ReadOptions().with_stop_before(tags::PixelData));
    ASSERT_TRUE(whole) << whole.error().message;
    EXPECT_FALSE(whole->stopped_early);
    expect_same_as_mapped(no_pixels, ReadOptions().with_stop_before(tags::PixelData), "no pixels");
}

TEST_F(Part10HeaderReadFiles, ErrorsAreTheMappedReadsErrors)
{
    auto missing = read_part10_file((m_dir / "missing.dcm").string(), ReadOptions().with_stop_before(tags::PixelData));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::NotFound);
    auto directory = read_part10_file(m_dir.string(), ReadOptions().with_stop_before(tags::PixelData));
    ASSERT_FALSE(directory);
    EXPECT_NE(directory.error().message.find("is a directory"), std::string::npos) << directory.error().message;
}

}  // namespace
}  // namespace roentgen
