// tests/cli/pixels_command_test.cpp — `roentgen pixels --raw` writes the arrays ref/pixels.tsv hashes.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <sys/wait.h>
#include <unistd.h>

#include "base/file_io.h"
#include "support/corpus.h"
#include "support/sha256.h"

namespace roentgen {
namespace {

namespace fs = std::filesystem;

struct Run {
    int status;
    std::string out;  ///< stdout and stderr together
};

Run roentgen(const std::string& arguments)
{
    std::string command = std::string(ROENTGEN_BINARY_DIR) + "/src/cli/roentgen " + arguments + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    Run result{-1, {}};
    if (!pipe)
        return result;
    std::array<char, 4096> buffer;
    size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        result.out.append(buffer.data(), n);
    int status = pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string corpus(const std::string& relative) { return (testing::corpus_dir() / relative).string(); }

struct Scratch {
    fs::path dir = fs::temp_directory_path() / ("roentgen-pixels-cli-" + std::to_string(getpid()));
    Scratch() { fs::create_directories(dir); }
    ~Scratch() { fs::remove_all(dir); }
};

TEST(PixelsCommand, RawOutputHashesToTheReference)
{
    Scratch scratch;
    auto out = (scratch.dir / "pixels.bin").string();
    // Multi-frame RLE, 16-bit RGB RLE, 1-bit deflated frames, native big endian: ref/pixels.tsv hashes.
    const std::pair<const char*, const char*> files[] = {
        {"pydicom-data/emri_small_RLE.dcm", "9719c5d0f62ce971a1039c9cd73a6785427f4f80a1d3b6969cb9ffc425fba054"},
        {"pydicom/test_files/SC_rgb_rle_16bit.dcm", "36de0258708d3af79cf989c0ab2cbbf861afe927799cdfd0fef36fca3b3aa058"},
        {"pydicom-data/liver_deflate.dcm", "86ceb97b138085d01b005c48e893bb4348fcdcf6a9c5c73c54d4efaa0288a1f2"},
        {"pydicom/test_files/rtdose_expb.dcm", "e30a4288ac22902293b3b0144d9cd7866d43a96e2e5cf3ec59c6f78595c3a125"},
    };
    for (const auto& [relative, sha256] : files) {
        auto r = roentgen("pixels " + corpus(relative) + " --raw " + out);
        ASSERT_EQ(r.status, 0) << relative << ": " << r.out;
        auto bytes = read_whole_file(out);
        ASSERT_TRUE(bytes);
        EXPECT_EQ(testing::sha256_hex(*bytes), sha256) << relative;
    }
}

TEST(PixelsCommand, OneFrameIsItsSliceOfTheWhole)
{
    Scratch scratch;
    auto all = (scratch.dir / "all.bin").string(), one = (scratch.dir / "one.bin").string();
    auto file = corpus("pydicom-data/emri_small_RLE.dcm");  // 10 frames of 64x64x16 bits
    ASSERT_EQ(roentgen("pixels " + file + " --raw " + all).status, 0);
    auto r = roentgen("pixels " + file + " --raw " + one + " --frame 3");
    ASSERT_EQ(r.status, 0) << r.out;
    auto whole = read_whole_file(all), frame = read_whole_file(one);
    ASSERT_TRUE(whole && frame);
    ASSERT_EQ(frame->size(), 64u * 64 * 2);
    EXPECT_TRUE(std::equal(frame->begin(), frame->end(), whole->begin() + 2 * frame->size()));
}

TEST(PixelsCommand, ErrorsNameTheProblem)
{
    Scratch scratch;
    auto out = (scratch.dir / "x.bin").string();
    auto r = roentgen("pixels " + corpus("pydicom-data/emri_small_RLE.dcm") + " --raw " + out + " --frame 11");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("frames 1 to 10"), std::string::npos) << r.out;
    r = roentgen("pixels " + corpus("pydicom/test_files/MR_truncated.dcm") + " --raw " + out);
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("MR_truncated.dcm"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(out));
}

TEST(PixelsCommand, WithoutRawDescribesThePixels)
{
    auto r = roentgen("pixels " + corpus("pydicom/test_files/SC_rgb_rle_16bit.dcm"));
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("100x100 1 frame(s), 3 sample(s) of 16 bits"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("RLE Lossless"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace roentgen
