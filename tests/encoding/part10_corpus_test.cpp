// tests/encoding/part10_corpus_test.cpp — every corpus file reads, and writes back byte-identical.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "base/file_io.h"
#include "encoding/part10_file.h"
#include "support/corpus.h"

namespace roentgen {
namespace {

using testing::corpus_dir;
using testing::corpus_files;

/// Files no reader can read whole, with the reason; every other corpus file must read.
const std::map<std::string, std::string> unreadable_files = {
    {"pydicom/test_files/MR_truncated.dcm", "Pixel Data truncated (dcmdump fails the same way)"},
    {"pydicom/test_files/rtplan_truncated.dcm", "truncated inside a sequence (dcmdump fails too)"},
    {"pydicom/test_files/no_meta.dcm", "a stray leading byte: every tag is misaligned (dcmdump and GDCM fail)"},
};

TEST(Part10Corpus, EveryFileReadsOrFailsWithAClearError)
{
    auto files = corpus_files();
    ASSERT_GT(files.size(), 300u);
    size_t read = 0;
    for (const auto& relative : files) {
        auto file = read_part10_file((corpus_dir() / relative).string());
        if (file) {
            ++read;
            EXPECT_NE(file->transfer_syntax, nullptr) << relative;
            EXPECT_FALSE(unreadable_files.contains(relative)) << relative << " now reads: update the list";
            continue;
        }
        EXPECT_TRUE(unreadable_files.contains(relative)) << relative << ": " << file.error().message;
        // The error names the file, the byte offset and the tag.
        EXPECT_NE(file.error().message.find(relative), std::string::npos) << file.error().message;
        EXPECT_NE(file.error().message.find("byte offset"), std::string::npos) << file.error().message;
        EXPECT_NE(file.error().message.find("tag ("), std::string::npos) << file.error().message;
    }
    std::cout << read << " of " << files.size() << " corpus files read\n";
    EXPECT_EQ(read, files.size() - unreadable_files.size());
}

/// Files that do not come back byte-identical, each with the reason. Everything else must.
const std::map<std::string, std::string> known_differences = {
    {"dcm4che/test-data/report_dfl", "deflated: our zlib stream differs; the inflated data set is compared instead"},
    {"pydicom/test_files/image_dfl.dcm", "deflated: our zlib stream differs; the inflated data set is compared instead"},
    {"fo-dicom/DIRW0007", "a stray Sequence Delimitation Item after the last element is dropped"},
    {"fo-dicom/GH1376.dcm", "repeated elements (PS3.5 7.1 forbids them): the last one is kept"},
    {"pydicom-data/JLSL_RGB_ILV0.dcm", "File Meta Information Group Length missing: we write it (PS3.10 7.1)"},
    {"pydicom-data/JLSN_RGB_ILV0.dcm", "File Meta Information Group Length missing: we write it (PS3.10 7.1)"},
    {"pydicom/test_files/SC_rgb_jpeg.dcm",
     "meta says JPEG Baseline but the data set is implicit VR: the meta is corrected to what was read"},
    {"pydicom/test_files/meta_missing_tsyntax.dcm", "Transfer Syntax UID missing from the meta: we write it"},
    {"fo-dicom/FreezePattern.dcm", "a stray empty Item after a zero-length sequence is dropped"},
    {"fo-dicom/GH179A.dcm", "VR bytes \"  \" (not a VR) are written as the dictionary's VR"},
};

/// Files whose group lengths (gggg,0000) are wrong: they are recomputed on write (PS3.5 7.2, as
/// DCMTK does), and the file comes back identical when they are kept as read instead. Each lists
/// the group lengths that change.
const std::map<std::string, std::string> wrong_group_lengths = {
    {"fo-dicom/CT-MONO2-16-ankle", "(0008,0000)"},
    {"fo-dicom/GH355.dcm", "(0008,0000)"},
    {"pydicom-data/693_UNCI.dcm", "(0008,0000) (0028,0000) (7FE0,0000)"},
    {"pydicom-data/693_UNCR.dcm", "(7FE0,0000)"},
    {"pydicom/charset_files/chrJapMulti.dcm", "(0010,0000)"},
};

/// The group length elements whose values differ between the two data sets (meta included).
std::string changed_group_lengths(const Part10File& a, const Part10File& b)
{
    std::string changed;
    for (const DataSet* set : {&a.meta, &a.data_set}) {
        const DataSet& other = set == &a.meta ? b.meta : b.data_set;
        for (const auto& element : *set) {
            if (!element.tag.is_group_length())
                continue;
            const Element* theirs = other.find(element.tag);
            if (!theirs || theirs->raw_text() != element.raw_text())
                changed += (changed.empty() ? "" : " ") + to_string(element.tag);
        }
    }
    return changed;
}

/// Whether the file comes back identical with group lengths kept as read.
bool identical_with_group_lengths_as_read(const Part10File& file, const std::vector<uint8_t>& original)
{
    WriteOptions options;
    options.meta_policy = MetaPolicy::Preserve;
    options.write_preamble = file.preamble.has_value();
    options.group_lengths = GroupLengths::AsRead;
    VectorSink sink;
    return write_part10(file, sink, options) && sink.bytes() == original;
}

TEST(Part10Corpus, RoundTripIsByteIdentical)
{
    size_t identical = 0, wrong_group_length = 0;
    std::set<std::string> differing, corrected;
    for (const auto& relative : corpus_files()) {
        auto path = (corpus_dir() / relative).string();
        auto file = read_part10_file(path);
        if (!file)
            continue;
        WriteOptions options;
        options.meta_policy = MetaPolicy::Preserve;
        options.write_preamble = file->preamble.has_value();
        VectorSink sink;
        // A file without a meta group is written back the same way: the bare data set.
        auto written = file->meta.empty() ? write_data_set(file->data_set, *file->transfer_syntax, sink)
                                          : write_part10(*file, sink, options);
        ASSERT_TRUE(written) << relative << ": " << written.error().message;
        auto original = read_whole_file(path);
        ASSERT_TRUE(original);
        if (sink.bytes() == *original) {
            ++identical;
            continue;
        }
        if (identical_with_group_lengths_as_read(*file, *original)) {
            ++wrong_group_length;
            auto again = read_part10(std::make_shared<MemorySource>(std::move(sink.bytes())));
            ASSERT_TRUE(again) << relative << ": " << again.error().message;
            std::string changed = changed_group_lengths(*file, *again);
            auto listed = wrong_group_lengths.find(relative);
            if (listed == wrong_group_lengths.end())
                ADD_FAILURE() << relative << ": group lengths " << changed << " recomputed; not listed";
            else
                EXPECT_EQ(changed, listed->second) << relative;
            corrected.insert(relative);
            continue;
        }
        differing.insert(relative);
        if (!known_differences.contains(relative)) {
            size_t at = 0;
            while (at < sink.bytes().size() && at < original->size() && sink.bytes()[at] == (*original)[at])
                ++at;
            ADD_FAILURE() << relative << " differs at byte " << at << " (sizes " << original->size() << " -> "
                          << sink.bytes().size() << ")";
        }
    }
    for (const auto& [relative, reason] : known_differences) {
        EXPECT_TRUE(differing.contains(relative)) << relative << " is listed as differing but now round-trips";
        std::cout << "  differs as expected: " << relative << ": " << reason << "\n";
    }
    for (const auto& [relative, changed] : wrong_group_lengths) {
        EXPECT_TRUE(corrected.contains(relative)) << relative << " is listed with wrong group lengths but round-trips";
        std::cout << "  group lengths recomputed: " << relative << ": " << changed << "\n";
    }
    std::cout << identical << " identical, " << wrong_group_length << " identical but for corrected group lengths, "
              << differing.size() << " differ\n";
    EXPECT_GT(identical, 300u);
}

TEST(Part10Corpus, DeflatedFilesRoundTripTheirDataSet)
{
    for (const char* relative : {"dcm4che/test-data/report_dfl", "pydicom/test_files/image_dfl.dcm"}) {
        auto file = read_part10_file((corpus_dir() / relative).string());
        ASSERT_TRUE(file) << file.error().message;
        ASSERT_TRUE(file->transfer_syntax->deflated);
        VectorSink sink;
        ASSERT_TRUE(write_part10(*file, sink));
        auto again = read_part10(std::make_shared<MemorySource>(std::move(sink.bytes())));
        ASSERT_TRUE(again) << again.error().message;
        EXPECT_TRUE(again->data_set == file->data_set) << relative;
        EXPECT_GT(file->data_set.size(), 10u);
    }
}

}  // namespace
}  // namespace roentgen
