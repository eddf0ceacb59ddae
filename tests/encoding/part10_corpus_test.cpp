// tests/encoding/part10_corpus_test.cpp — every corpus file reads, and writes back byte-identical.
#include <gtest/gtest.h>

#include <map>

#include "base/file_io.h"
#include "encoding/part10_file.h"
#include "support/corpus.h"

namespace roentgen {
namespace {

using testing::corpus_dir;
using testing::corpus_files;

TEST(Part10Corpus, EveryFileReadsOrFailsWithAClearError)
{
    auto files = corpus_files();
    ASSERT_GT(files.size(), 300u);
    size_t read = 0;
    std::vector<std::string> failures;
    for (const auto& relative : files) {
        auto file = read_part10_file((corpus_dir() / relative).string());
        if (file) {
            ++read;
            EXPECT_NE(file->transfer_syntax, nullptr) << relative;
        } else {
            failures.push_back(relative + ": " + file.error().message);
        }
    }
    for (const auto& f : failures)
        std::cout << "  unreadable: " << f << "\n";
    std::cout << read << " of " << files.size() << " corpus files read\n";
    EXPECT_GE(read, files.size() - failures.size());
}

TEST(Part10Corpus, RoundTripIsByteIdentical)
{
    size_t identical = 0, differ = 0;
    for (const auto& relative : corpus_files()) {
        auto path = (corpus_dir() / relative).string();
        auto file = read_part10_file(path);
        if (!file)
            continue;
        WriteOptions options;
        options.meta_policy = MetaPolicy::Preserve;
        options.write_preamble = file->preamble.has_value();
        VectorSink sink;
        auto written = write_part10(*file, sink, options);
        ASSERT_TRUE(written) << relative << ": " << written.error().message;
        auto original = read_whole_file(path);
        ASSERT_TRUE(original);
        if (sink.bytes() == *original) {
            ++identical;
        } else {
            ++differ;
            size_t at = 0;
            while (at < sink.bytes().size() && at < original->size() && sink.bytes()[at] == (*original)[at])
                ++at;
            std::cout << "  differs: " << relative << " at byte " << at << " (sizes " << original->size() << " -> "
                      << sink.bytes().size() << "), warnings " << file->warnings.size()
                      << (file->warnings.empty() ? "" : ": " + file->warnings.front().message) << "\n";
        }
    }
    std::cout << identical << " identical, " << differ << " differ\n";
}

}  // namespace
}  // namespace roentgen
