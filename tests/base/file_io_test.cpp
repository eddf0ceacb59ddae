// tests/base/file_io_test.cpp — atomic file writes, and writes to devices and FIFOs that must stay what they are.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "base/file_io.h"

namespace roentgen {
namespace {

namespace fs = std::filesystem;

fs::path fresh_folder(const std::string& name)
{
    fs::path folder = fs::temp_directory_path() / ("roentgen-file-io-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(folder);
    fs::create_directories(folder);
    return folder;
}

std::vector<uint8_t> bytes_of(const std::string& text) { return {text.begin(), text.end()}; }

TEST(AtomicFileWriter, ReplacesAFileWholeAndLeavesNoTemporary)
{
    auto folder = fresh_folder("replace");
    const std::string path = (folder / "out.bin").string();
    ASSERT_TRUE(write_file_atomically(path, bytes_of("first")));
    ASSERT_TRUE(write_file_atomically(path, bytes_of("second version")));
    std::ifstream in(path, std::ios::binary);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "second version");
    EXPECT_EQ(std::distance(fs::directory_iterator(folder), fs::directory_iterator()), 1);
    fs::remove_all(folder);
}

TEST(AtomicFileWriter, AnUncommittedWriterLeavesNothing)
{
    auto folder = fresh_folder("abandon");
    {
        auto writer = AtomicFileWriter::create((folder / "never.bin").string());
        ASSERT_TRUE(writer);
        ASSERT_TRUE(writer->write(bytes_of("half")));
    }
    EXPECT_TRUE(fs::is_empty(folder));
    fs::remove_all(folder);
}

TEST(AtomicFileWriter, DevNullIsWrittenNotReplaced)
{
    // As root a rename over /dev/null would swap the device for a regular file.
    ASSERT_TRUE(write_file_atomically("/dev/null", bytes_of("discarded")));
    struct stat after;
    ASSERT_EQ(::stat("/dev/null", &after), 0);
    EXPECT_TRUE(S_ISCHR(after.st_mode));
}

TEST(AtomicFileWriter, AFifoReceivesTheBytes)
{
    auto folder = fresh_folder("fifo");
    const std::string path = (folder / "pipe").string();
    ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
    std::string received;
    std::thread reader([&] {
        std::ifstream in(path, std::ios::binary);
        received.assign(std::istreambuf_iterator<char>(in), {});
    });
    auto written = write_file_atomically(path, bytes_of("through the pipe"));
    reader.join();
    ASSERT_TRUE(written) << written.error().message;
    EXPECT_EQ(received, "through the pipe");
    struct stat after;
    ASSERT_EQ(::stat(path.c_str(), &after), 0);
    EXPECT_TRUE(S_ISFIFO(after.st_mode));
    fs::remove_all(folder);
}

}  // namespace
}  // namespace roentgen
