// tests/cli/cli_test.cpp — the `roentgen` program end to end: dump, modify, dcm2json, json2dcm, errors.
#include <gtest/gtest.h>

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
