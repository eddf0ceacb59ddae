// tests/encoding/large_file_test.cpp — a 3 GiB file (sparse on disk): offsets past 2^31 and a header read in a few MB.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "dict/generated/tags.h"
#include "encoding/part10_file.h"

namespace roentgen {
namespace {

constexpr uint64_t pixel_bytes = uint64_t(3) << 30;  // 3 GiB of Pixel Data: offsets pass 2^31 and 2^32 - 2^30

/// Resident memory of this process in bytes (/proc/self/status VmRSS); mapped file pages that were
/// touched count here.
uint64_t resident_bytes()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stoull(line.substr(6)) * 1024;
    return 0;
}

class LargeFile : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_path = (std::filesystem::temp_directory_path() / ("roentgen_large_" + std::to_string(::getpid()) + ".dcm"))
                     .string();
        // Header written by us, then Pixel Data OB of 3 GiB left as a hole, then a trailing element.
        Part10File header;
        header.transfer_syntax = &transfer_syntaxes::explicit_vr_little_endian();
        header.data_set.set(Element(tags::SOPClassUID, VR::UI, std::string("1.2.840.10008.5.1.4.1.1.7")));
        header.data_set.set(Element(tags::SOPInstanceUID, VR::UI, std::string("1.2.3.4.5")));
        header.data_set.set(Element(tags::PatientName, VR::PN, std::string("Large^File")));
        header.data_set.set(Element(tags::Rows, VR::US, std::string("\x00\x80", 2)));      // 32768
        header.data_set.set(Element(tags::Columns, VR::US, std::string("\x00\x60", 2)));   // 24576
        VectorSink sink;
        ASSERT_TRUE(write_part10(header, sink));
        std::vector<uint8_t> bytes = std::move(sink.bytes());
        m_pixel_offset = bytes.size() + 12;
        const uint8_t pixel_header[] = {0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, 0, 0, 0, 0xC0};  // length 0xC0000000
        bytes.insert(bytes.end(), std::begin(pixel_header), std::end(pixel_header));
        // (FFFC,FFFC) Data Set Trailing Padding, OB, 4 bytes.
        m_trailing_offset = m_pixel_offset + pixel_bytes;
        const uint8_t trailing[] = {0xFC, 0xFF, 0xFC, 0xFF, 'O', 'B', 0, 0, 4, 0, 0, 0, 'E', 'N', 'D', '!'};
        int fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ASSERT_GE(fd, 0);
        ASSERT_EQ(::pwrite(fd, bytes.data(), bytes.size(), 0), ssize_t(bytes.size()));
        ASSERT_EQ(::pwrite(fd, trailing, sizeof trailing, off_t(m_trailing_offset)), ssize_t(sizeof trailing));
        ::close(fd);
        ASSERT_EQ(std::filesystem::file_size(m_path), m_trailing_offset + sizeof trailing);
    }
    void TearDown() override { std::filesystem::remove(m_path); }

    std::string m_path;
    uint64_t m_pixel_offset = 0;
    uint64_t m_trailing_offset = 0;
};

TEST_F(LargeFile, WholeFileReadKeepsPixelDataInTheMappingAndFindsElementsPastIt)
{
    uint64_t before = resident_bytes();
    auto file = read_part10_file(m_path);
    ASSERT_TRUE(file) << file.error().message;
    uint64_t after = resident_bytes();
    EXPECT_FALSE(file->stopped_early);
    EXPECT_EQ(file->data_set.find_string(tags::PatientName), "Large^File");
    const Element* pixels = file->data_set.find(tags::PixelData);
    ASSERT_NE(pixels, nullptr);
    ASSERT_TRUE(pixels->is_bulk());
    const auto& bulk = std::get<BulkData>(pixels->value);
    EXPECT_EQ(bulk.offset(), m_pixel_offset);
    EXPECT_EQ(bulk.size(), pixel_bytes);
    const Element* trailing = file->data_set.find(tags::DataSetTrailingPadding);
    ASSERT_NE(trailing, nullptr);
    EXPECT_EQ(trailing->raw_text(), "END!");
    // Nothing of the 3 GiB was touched: the process grew by far less than the value.
    EXPECT_LT(after - std::min(after, before), uint64_t(16) << 20) << "resident before " << before << ", after " << after;
}

TEST_F(LargeFile, HeaderReadStopsBeforePixelData)
{
    uint64_t before = resident_bytes();
    auto file = read_part10_file(m_path, ReadOptions().with_stop_before(tags::PixelData));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_LT(resident_bytes() - std::min(resident_bytes(), before), uint64_t(4) << 20);
    EXPECT_TRUE(file->stopped_early);
    EXPECT_EQ(file->data_set.find(tags::PixelData), nullptr);
    EXPECT_EQ(file->data_set.find_integer(tags::Rows), 32768);
}

TEST_F(LargeFile, ValueLengthPastTheEndIsAnErrorNamingTheOffset)
{
    // The same file cut inside Pixel Data: the 3 GiB length now passes the end.
    ASSERT_EQ(::truncate(m_path.c_str(), off_t(m_pixel_offset + (uint64_t(5) << 29))), 0);
    auto file = read_part10_file(m_path);
    ASSERT_FALSE(file);
    EXPECT_EQ(file.error().code, Errc::Truncated);
    EXPECT_NE(file.error().message.find("tag (7FE0,0010)"), std::string::npos) << file.error().message;
    EXPECT_NE(file.error().message.find(std::to_string(m_pixel_offset - 12)), std::string::npos) << file.error().message;
}

}  // namespace
}  // namespace roentgen
