// tests/base/file_head_test.cpp — FileHead: the first bytes of a file, and whether that is all of it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "base/byte_source.h"

namespace roentgen {
namespace {

class FileHeadTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = std::filesystem::temp_directory_path() / ("roentgen_file_head_" + std::to_string(::getpid()));
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    std::string write(const std::string& name, size_t size)
    {
        auto path = (m_dir / name).string();
        std::ofstream out(path, std::ios::binary);
        for (size_t i = 0; i < size; ++i)
            out.put(char(i * 7));
        return path;
    }

    std::filesystem::path m_dir;
};

TEST_F(FileHeadTest, ReadsUpToTheLimitAndTellsWhetherTheFileGoesOn)
{
    struct Case {
        size_t file_size;
        size_t expected_size;
        bool whole;
    };
    for (auto c : {Case{0, 0, true}, Case{100, 100, true}, Case{4095, 4095, true}, Case{4096, 4096, true},
                   Case{4097, 4096, false}, Case{100000, 4096, false}}) {
        auto path = write("f" + std::to_string(c.file_size), c.file_size);
        auto head = FileHead::read(path, 4096);
        ASSERT_TRUE(head) << head.error().message;
        EXPECT_EQ((*head)->size(), c.expected_size) << c.file_size;
        EXPECT_EQ((*head)->is_whole_file(), c.whole) << c.file_size;
        EXPECT_EQ((*head)->name(), path);
        auto bytes = (*head)->contiguous();
        ASSERT_EQ(bytes.size(), c.expected_size);
        for (size_t i = 0; i < bytes.size(); ++i)
            ASSERT_EQ(bytes[i], uint8_t(i * 7)) << i;
    }
}

TEST_F(FileHeadTest, FailsOnWhatCannotBeRead)
{
    auto missing = FileHead::read((m_dir / "missing").string(), 4096);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::NotFound);
    EXPECT_FALSE(FileHead::read(m_dir.string(), 4096));
}

}  // namespace
}  // namespace roentgen
