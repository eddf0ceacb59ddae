// tests/cli/cli_test.cpp — the `roentgen` program end to end: dump, modify, dcm2json, json2dcm, errors.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>

#include "dict/generated/tags.h"
#include "encoding/part10_file.h"
#include "model/element_path.h"
#include "support/corpus.h"

namespace roentgen {
namespace {

namespace fs = std::filesystem;

struct Run {
    int status;
    std::string out;  ///< stdout and stderr together
};

Run run(const std::string& arguments)
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

fs::path temp_dir()
{
    auto dir = fs::temp_directory_path() / ("roentgen-cli-test-" + std::to_string(getpid()));
    fs::create_directories(dir);
    return dir;
}

TEST(Cli, DumpListsElementsWithKeywordsAndNesting)
{
    auto r = run("dump " + corpus("pydicom/test_files/CT_small.dcm"));
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("(0010,0010) PN [CompressedSamples^CT1]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("PatientName"), std::string::npos);
    // Items of (0010,1002) OtherPatientIDsSequence are indented under it.
    EXPECT_NE(r.out.find("OtherPatientIDsSequence"), std::string::npos);
    EXPECT_NE(r.out.find("\n    (0010,0020) LO [ABCD1234]"), std::string::npos) << r.out;
}

TEST(Cli, DumpShowsLengthAndMultiplicity)
{
    auto r = run("dump " + corpus("pydicom/test_files/CT_small.dcm"));
    ASSERT_EQ(r.status, 0) << r.out;
    // Tag, VR, value, then "# length, VM keyword".
    EXPECT_NE(r.out.find("(0010,0010) PN [CompressedSamples^CT1]               #   22, 1 PatientName"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("(0020,0037) DS [1.000000\\0.000000\\0.000000\\0.000000\\1.000000\\0.000000] #   54, 6 "
                         "ImageOrientationPatient"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("(0028,0010) US 128                                   #    2, 1 Rows"), std::string::npos);
}

TEST(Cli, DumpOfSeveralFilesHeadsEachListing)
{
    auto first = corpus("pydicom/test_files/CT_small.dcm"), second = corpus("pydicom/test_files/MR_small.dcm");
    auto r = run("dump --stop-before-pixels " + first + " " + second);
    ASSERT_EQ(r.status, 0) << r.out;
    auto a = r.out.find("# " + first + "\n"), b = r.out.find("# " + second + "\n");
    ASSERT_NE(a, std::string::npos) << r.out;
    ASSERT_NE(b, std::string::npos) << r.out;
    EXPECT_LT(a, b);
    EXPECT_NE(r.out.find("CompressedSamples^CT1", a), std::string::npos);
    EXPECT_NE(r.out.find("CompressedSamples^MR1", b), std::string::npos);
    // One unreadable file among them: the others are listed, the exit status says it failed.
    auto mixed = run("dump --stop-before-pixels " + first + " /nonexistent.dcm " + second);
    EXPECT_EQ(mixed.status, 1);
    EXPECT_NE(mixed.out.find("CompressedSamples^MR1"), std::string::npos);
    EXPECT_NE(mixed.out.find("/nonexistent.dcm"), std::string::npos);
}

TEST(Cli, DumpKeepTruncatedListsWhatAFileCutShortHolds)
{
    auto r = run("dump --keep-truncated " + corpus("pydicom/test_files/rtplan_truncated.dcm"));
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_NE(r.out.find("(300A,012C) DS [235.711172833292\\244.13543711]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("byte offset 2092, tag (300A,012C): value length 50 passes the end of the data (29 bytes "
                         "remain); what was read is kept"),
              std::string::npos)
        << r.out;
}

TEST(Cli, DumpStopBeforePixels)
{
    auto full = run("dump " + corpus("pydicom/test_files/CT_small.dcm"));
    auto header = run("dump --stop-before-pixels " + corpus("pydicom/test_files/CT_small.dcm"));
    ASSERT_EQ(header.status, 0);
    EXPECT_NE(full.out.find("(7FE0,0010)"), std::string::npos);
    EXPECT_EQ(header.out.find("(7FE0,0010)"), std::string::npos);
}

TEST(Cli, DumpJsonIsOneObjectWithMetaAndDataSet)
{
    auto r = run("dump --json " + corpus("pydicom/test_files/CT_small.dcm"));
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(r.out.front(), '{');
    EXPECT_EQ(r.out.substr(r.out.size() - 2), "}\n");
    // One object: the only top-level braces are the first and the last character.
    int depth = 0, closed_at_top = 0;
    bool in_string = false;
    for (size_t i = 0; i < r.out.size(); ++i) {
        char c = r.out[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"')
            in_string = true;
        else if (c == '{' || c == '[')
            ++depth;
        else if (c == '}' || c == ']')
            closed_at_top += --depth == 0;
    }
    EXPECT_EQ(depth, 0);
    EXPECT_EQ(closed_at_top, 1);
    EXPECT_NE(r.out.find("\"00020010\""), std::string::npos);
    EXPECT_NE(r.out.find("\"00100010\""), std::string::npos);
    EXPECT_NE(r.out.find("\"Alphabetic\": \"CompressedSamples^CT1\""), std::string::npos) << r.out.substr(0, 2000);
    EXPECT_NE(r.out.find("InlineBinary"), std::string::npos);
    auto bulk = run("dump --json --bulk-threshold 1024 " + corpus("pydicom/test_files/CT_small.dcm"));
    EXPECT_NE(bulk.out.find("BulkDataURI"), std::string::npos);
}

TEST(Cli, DumpXml)
{
    auto r = run("dump --xml " + corpus("pydicom/test_files/CT_small.dcm"));
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("<NativeDicomModel"), std::string::npos);
    EXPECT_NE(r.out.find("keyword=\"PatientName\""), std::string::npos);
}

TEST(Cli, ModifySetsAndDeletesByKeywordTagAndPath)
{
    auto dir = temp_dir();
    auto out = (dir / "modified.dcm").string();
    auto r = run("modify " + corpus("pydicom/test_files/CT_small.dcm") + " -o " + out +
                 " --set PatientName=Doe^Jane --set '(0008,0080)=General Hospital'"
                 " --set 'OtherPatientIDsSequence[1].PatientID=XYZ' --delete PatientID");
    ASSERT_EQ(r.status, 0) << r.out;
    auto file = read_part10_file(out);
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(file->data_set.find_string(tags::PatientName), "Doe^Jane");
    EXPECT_EQ(file->data_set.find_string(tags::InstitutionName), "General Hospital");
    EXPECT_FALSE(file->data_set.contains(tags::PatientID));
    auto path = parse_element_path("OtherPatientIDsSequence[1].PatientID");
    ASSERT_TRUE(path);
    const Element* nested = find_element(file->data_set, *path);
    ASSERT_NE(nested, nullptr);
    EXPECT_EQ(nested->raw_text(), "XYZ ");
    fs::remove_all(dir);
}

TEST(Cli, ModifyDeletesByTagAndByPath)
{
    auto dir = temp_dir();
    auto out = (dir / "deleted.dcm").string();
    auto original = read_part10_file(corpus("pydicom/test_files/CT_small.dcm"));
    ASSERT_TRUE(original);
    auto r = run("modify " + corpus("pydicom/test_files/CT_small.dcm") + " -o " + out +
                 " --delete '(0008,0080)' --delete 00100020 --delete 'OtherPatientIDsSequence[0].PatientID'");
    ASSERT_EQ(r.status, 0) << r.out;
    auto file = read_part10_file(out);
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_FALSE(file->data_set.contains(tags::InstitutionName));
    EXPECT_FALSE(file->data_set.contains(tags::PatientID));
    EXPECT_EQ(file->data_set.size(), original->data_set.size() - 2);
    const auto* sequence = file->data_set.find(tags::OtherPatientIDsSequence)->sequence();
    ASSERT_EQ(sequence->items.size(), 2u);
    EXPECT_FALSE(sequence->items[0].data_set.contains(tags::PatientID));
    EXPECT_TRUE(sequence->items[1].data_set.contains(tags::PatientID));
    // Deleting what is absent is an error naming the key; nothing is written.
    auto missing = (dir / "missing.dcm").string();
    r = run("modify " + out + " -o " + missing + " --delete 'OtherPatientIDsSequence[5].PatientID'");
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.out.find("OtherPatientIDsSequence[5]"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(missing));
    fs::remove_all(dir);
}

TEST(Cli, ModifyWithoutOutputReplacesTheFileAtomically)
{
    auto dir = temp_dir();
    auto target = dir / "in-place.dcm";
    fs::copy_file(corpus("pydicom/test_files/CT_small.dcm"), target);
    auto r = run("modify " + target.string() + " --set StudyDescription=Changed");
    ASSERT_EQ(r.status, 0) << r.out;
    auto file = read_part10_file(target.string());
    ASSERT_TRUE(file);
    EXPECT_EQ(file->data_set.find_string(tags::StudyDescription), "Changed");
    // No temporary file is left beside it.
    size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir))
        ++entries;
    EXPECT_EQ(entries, 1u);
    fs::remove_all(dir);
}

TEST(Cli, ModifyRejectsUnknownKeysAndBadValues)
{
    auto dir = temp_dir();
    auto out = (dir / "x.dcm").string();
    auto r = run("modify " + corpus("pydicom/test_files/CT_small.dcm") + " -o " + out + " --set NoSuchKeyword=1");
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.out.find("NoSuchKeyword"), std::string::npos) << r.out;
    r = run("modify " + corpus("pydicom/test_files/CT_small.dcm") + " -o " + out + " --set InstanceNumber=abc");
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.out.find("IS"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(out));
    fs::remove_all(dir);
}

TEST(Cli, JsonRoundTripThroughJson2dcm)
{
    auto dir = temp_dir();
    auto json = (dir / "ct.json").string();
    auto dicom = (dir / "ct.dcm").string();
    ASSERT_EQ(run("dcm2json " + corpus("pydicom/test_files/CT_small.dcm") + " -o " + json).status, 0);
    auto r = run("json2dcm " + json + " " + dicom);
    ASSERT_EQ(r.status, 0) << r.out;
    auto original = read_part10_file(corpus("pydicom/test_files/CT_small.dcm"));
    auto back = read_part10_file(dicom);
    ASSERT_TRUE(original && back);
    EXPECT_EQ(back->data_set.find_string(tags::PatientName), original->data_set.find_string(tags::PatientName));
    EXPECT_EQ(back->data_set.size(), original->data_set.size());
    EXPECT_TRUE(back->data_set.find(tags::PixelData) &&
                back->data_set.find(tags::PixelData)->length() == original->data_set.find(tags::PixelData)->length());
    fs::remove_all(dir);
}

TEST(Cli, Json2dcmReadsBulkDataUrisBackFromTheFile)
{
    // dcm2json --bulk-threshold: values that stay in the file (64 KiB and more) name its byte range,
    // shorter ones an element path; json2dcm reads both back, so the data set comes back whole.
    auto dir = temp_dir();
    auto json = (dir / "bulk.json").string();
    auto dicom = (dir / "bulk.dcm").string();
    for (auto [relative, form] : {std::pair{"pydicom/test_files/examples_overlay.dcm", "?offset="},
                                  std::pair{"pydicom/test_files/MR_small.dcm", "#7FE00010\""}}) {
        auto input = corpus(relative);
        auto r = run("dcm2json --bulk-threshold 256 " + input + " -o " + json);
        ASSERT_EQ(r.status, 0) << r.out;
        std::ifstream stream(json);
        std::string text((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
        EXPECT_NE(text.find(form), std::string::npos) << relative;
        r = run("json2dcm " + json + " " + dicom);
        ASSERT_EQ(r.status, 0) << r.out;
        auto original = read_part10_file(input);
        auto back = read_part10_file(dicom);
        ASSERT_TRUE(original && back);
        ASSERT_EQ(back->data_set.size(), original->data_set.size());
        const Element* a = original->data_set.find(tags::PixelData);
        const Element* b = back->data_set.find(tags::PixelData);
        ASSERT_TRUE(a && b);
        EXPECT_EQ(b->length(), a->length()) << relative;
        EXPECT_TRUE(std::ranges::equal(a->bytes(), b->bytes())) << relative;
        // A URI naming what is not there is an error naming it.
        auto at = text.find(form);
        text.replace(at + 1, 1, "9");
        std::ofstream(json, std::ios::trunc) << text;
        r = run("json2dcm " + json + " " + (dir / "bad.dcm").string());
        EXPECT_NE(r.status, 0) << relative;
        EXPECT_NE(r.out.find("BulkDataURI file://"), std::string::npos) << r.out;
    }
    fs::remove_all(dir);
}

TEST(Cli, TranscodeFoldersKeepTheirLayout)
{
    auto dir = temp_dir();
    auto in = dir / "in", out = dir / "out";
    fs::create_directories(in / "series");
    fs::copy_file(corpus("pydicom/test_files/CT_small.dcm"), in / "ct.dcm");
    fs::copy_file(corpus("pydicom/test_files/MR_small.dcm"), in / "series" / "mr.dcm");
    std::ofstream(in / "notes.txt") << "not DICOM";
    auto r = run("transcode --to rle " + in.string() + " " + out.string());
    EXPECT_EQ(r.status, 1) << r.out;  // notes.txt fails, the others are written
    EXPECT_NE(r.out.find("notes.txt"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("2 of 3 file(s) transcoded to RLE Lossless, 1 failed"), std::string::npos) << r.out;
    for (auto path : {out / "ct.dcm", out / "series" / "mr.dcm"}) {
        auto file = read_part10_file(path.string());
        ASSERT_TRUE(file) << path << ": " << file.error().message;
        EXPECT_EQ(file->transfer_syntax->uid, "1.2.840.10008.1.2.5");
        EXPECT_TRUE(file->data_set.find(tags::PixelData)->fragments());
    }
    // One file to one file, and back to native: the same Pixel Data.
    auto back = (dir / "back.dcm").string();
    r = run("transcode --to ExplicitVRLittleEndian " + (out / "ct.dcm").string() + " " + back);
    ASSERT_EQ(r.status, 0) << r.out;
    auto original = read_part10_file(corpus("pydicom/test_files/CT_small.dcm"));
    auto again = read_part10_file(back);
    ASSERT_TRUE(original && again);
    EXPECT_TRUE(std::ranges::equal(original->data_set.find(tags::PixelData)->bytes(),
                                   again->data_set.find(tags::PixelData)->bytes()));
    r = run("transcode --to nonsense " + back + " " + (dir / "x.dcm").string());
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.out.find("--to nonsense"), std::string::npos) << r.out;
    fs::remove_all(dir);
}

/// Width, height, bit depth and colour type from a PNG's IHDR (PNG spec 11.2.2), after checking the signature.
struct PngHeader {
    uint32_t width = 0, height = 0;
    int bit_depth = 0, color_type = -1;
};

PngHeader png_header(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::vector<uint8_t> bytes(std::istreambuf_iterator<char>(in), {});
    PngHeader header;
    const uint8_t signature[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (bytes.size() < 33 || !std::equal(signature, signature + 8, bytes.begin()) ||
        std::string(bytes.begin() + 12, bytes.begin() + 16) != "IHDR")
        return header;
    auto be32 = [&](size_t at) { return uint32_t(bytes[at]) << 24 | uint32_t(bytes[at + 1]) << 16 | uint32_t(bytes[at + 2]) << 8 | bytes[at + 3]; };
    header.width = be32(16);
    header.height = be32(20);
    header.bit_depth = bytes[24];
    header.color_type = bytes[25];
    return header;
}

TEST(Cli, RenderWritesPngAndJpegAndNumbersFrames)
{
    auto dir = temp_dir();
    auto r = run("render " + corpus("pydicom/test_files/CT_small.dcm") + " " + (dir / "ct.png").string());
    ASSERT_EQ(r.status, 0) << r.out;
    auto header = png_header(dir / "ct.png");
    EXPECT_EQ(header.width, 128u);
    EXPECT_EQ(header.height, 128u);
    EXPECT_EQ(header.bit_depth, 8);
    EXPECT_EQ(header.color_type, 0);  // grayscale
    r = run("render --bits 16 --window 40,400 --size 64x " + corpus("pydicom/test_files/CT_small.dcm") + " " +
            (dir / "ct16.png").string());
    ASSERT_EQ(r.status, 0) << r.out;
    header = png_header(dir / "ct16.png");
    EXPECT_EQ(header.width, 64u);
    EXPECT_EQ(header.height, 64u);
    EXPECT_EQ(header.bit_depth, 16);
    r = run("render --size 50x100 " + corpus("pydicom-data/SC_rgb.dcm") + " " + (dir / "rgb.png").string());
    ASSERT_EQ(r.status, 0) << r.out;
    header = png_header(dir / "rgb.png");
    EXPECT_EQ(header.width, 50u);  // 100x100 fitted into 50x100
    EXPECT_EQ(header.height, 50u);
    EXPECT_EQ(header.color_type, 2);  // RGB
    r = run("render " + corpus("pydicom-data/SC_rgb.dcm") + " " + (dir / "rgb.jpg").string());
    ASSERT_EQ(r.status, 0) << r.out;
    std::ifstream jpeg(dir / "rgb.jpg", std::ios::binary);
    EXPECT_EQ(jpeg.get(), 0xFF);
    EXPECT_EQ(jpeg.get(), 0xD8);
    // Ten frames without --frame: echo-01.png .. echo-10.png; with --frame just the one file.
    r = run("render " + corpus("dcm4che/test-data/US-PAL-8-10x-echo") + " " + (dir / "echo.png").string());
    ASSERT_EQ(r.status, 0) << r.out;
    for (int i = 1; i <= 10; ++i)
        EXPECT_TRUE(fs::exists(dir / fmt::format("echo-{:02}.png", i))) << i;
    r = run("render --frame 3 " + corpus("dcm4che/test-data/US-PAL-8-10x-echo") + " " + (dir / "three.png").string());
    ASSERT_EQ(r.status, 0) << r.out;
    EXPECT_EQ(png_header(dir / "three.png").color_type, 2);
    // Bad requests name what is wrong.
    r = run("render --frame 11 " + corpus("dcm4che/test-data/US-PAL-8-10x-echo") + " " + (dir / "x.png").string());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("frames 1 to 10"), std::string::npos) << r.out;
    r = run("render --window 40 " + corpus("pydicom/test_files/CT_small.dcm") + " " + (dir / "x.png").string());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("CENTER,WIDTH"), std::string::npos) << r.out;
    r = run("render " + corpus("pydicom/test_files/CT_small.dcm") + " " + (dir / "x.gif").string());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find(".png, .jpg"), std::string::npos) << r.out;
    r = run("render --bits 16 " + corpus("pydicom/test_files/CT_small.dcm") + " " + (dir / "x.jpg").string());
    EXPECT_EQ(r.status, 1);
    r = run("render --voi-lut 1 " + corpus("pydicom/test_files/CT_small.dcm") + " " + (dir / "x.png").string());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("VOI LUT Sequence"), std::string::npos) << r.out;
    fs::remove_all(dir);
}

TEST(Cli, TranscodeShowsProgressOnATerminal)
{
    // `script` (util-linux, essential in Debian) gives the command a terminal; without one (the test
    // above) no progress is written.
    auto dir = temp_dir();
    fs::create_directories(dir / "in");
    fs::copy_file(corpus("pydicom/test_files/CT_small.dcm"), dir / "in" / "a.dcm");
    fs::copy_file(corpus("pydicom/test_files/MR_small.dcm"), dir / "in" / "b.dcm");
    std::string command = std::string(ROENTGEN_BINARY_DIR) + "/src/cli/roentgen transcode --to jpeg-ls " +
                          (dir / "in").string() + " " + (dir / "out").string();
    FILE* pipe = popen(("script -qec '" + command + "' /dev/null").c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string out;
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
        out.append(buffer, n);
    EXPECT_EQ(pclose(pipe), 0) << out;
    EXPECT_NE(out.find("\r\033[K[1/2] "), std::string::npos) << out;
    EXPECT_NE(out.find("\r\033[K[2/2] "), std::string::npos) << out;
    EXPECT_NE(out.find("2 of 2 file(s) transcoded to JPEG-LS Lossless"), std::string::npos) << out;
    fs::remove_all(dir);
}

TEST(Cli, ErrorsNameFileOffsetAndTagAndExitNonZero)
{
    auto r = run("dump " + corpus("pydicom/test_files/rtplan_truncated.dcm"));
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.out.find("rtplan_truncated.dcm"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("byte offset"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("(300A,00B0)"), std::string::npos) << r.out;
    auto missing = run("dump /nonexistent/file.dcm");
    EXPECT_NE(missing.status, 0);
    EXPECT_NE(missing.out.find("/nonexistent/file.dcm"), std::string::npos);
}

}  // namespace
}  // namespace roentgen
