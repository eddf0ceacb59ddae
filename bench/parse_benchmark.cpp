// bench/parse_benchmark.cpp — in-process cost of reading a header, listing it, and the lookups behind both.
//
// The file is $ROENTGEN_BENCH_FILE, else a slice written by bench/generate_ct_series.py
// (/tmp/roentgen-bench/ct/slice_0001.dcm), else the corpus's pydicom/test_files/CT_small.dcm.
// Run: build/bench/roentgen_parse_benchmark [--benchmark_repetitions=5 ...]
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "base/file_io.h"
#include "cli/element_text.h"
#include "dict/dictionary.h"
#include "dict/generated/tags.h"
#include "encoding/part10_file.h"

namespace roentgen {
namespace {

const std::string& sample_path()
{
    static const std::string path = [] {
        if (const char* env = std::getenv("ROENTGEN_BENCH_FILE"))
            return std::string(env);
        std::string generated = "/tmp/roentgen-bench/ct/slice_0001.dcm";
        if (std::filesystem::exists(generated))
            return generated;
        return std::string(ROENTGEN_CORPUS_DIR) + "/pydicom/test_files/CT_small.dcm";
    }();
    return path;
}

std::shared_ptr<const ByteSource> sample_bytes()
{
    static const auto source = [] {
        auto bytes = read_whole_file(sample_path());
        if (!bytes) {
            fmt::print(stderr, "cannot read {}: {}\n", sample_path(), bytes.error().message);
            std::exit(1);
        }
        return std::make_shared<MemorySource>(std::move(*bytes), sample_path());
    }();
    return source;
}

ReadOptions header_options() { return ReadOptions().with_stop_before(tags::PixelData); }

/// Parse only: the file is already in memory.
void ParseHeaderInMemory(benchmark::State& state)
{
    auto source = sample_bytes();
    size_t elements = 0;
    for (auto _ : state) {
        auto file = read_part10(source, header_options());
        if (!file)
            state.SkipWithError(file.error().message.c_str());
        elements = file->meta.size() + file->data_set.size();
        benchmark::DoNotOptimize(file);
    }
    state.counters["top_level_elements"] = double(elements);
    state.SetItemsProcessed(int64_t(state.iterations()));
}
BENCHMARK(ParseHeaderInMemory);

/// What `roentgen dump --stop-before-pixels` does per file before listing: open, read, parse.
void ParseHeaderFromFile(benchmark::State& state)
{
    for (auto _ : state) {
        auto file = read_part10_file(sample_path(), header_options());
        if (!file)
            state.SkipWithError(file.error().message.c_str());
        benchmark::DoNotOptimize(file);
    }
    state.SetItemsProcessed(int64_t(state.iterations()));
}
BENCHMARK(ParseHeaderFromFile);

/// The same through a mapping of the whole file (the path taken without stop_before).
void ParseHeaderFromMappedFile(benchmark::State& state)
{
    for (auto _ : state) {
        auto mapped = MappedFile::open(sample_path());
        auto file = read_part10(std::move(*mapped), header_options());
        benchmark::DoNotOptimize(file);
    }
    state.SetItemsProcessed(int64_t(state.iterations()));
}
BENCHMARK(ParseHeaderFromMappedFile);

/// The dcmdump-like listing of a parsed header.
void ListHeader(benchmark::State& state)
{
    auto file = read_part10(sample_bytes(), header_options());
    fmt::memory_buffer out;
    for (auto _ : state) {
        out.clear();
        cli::format_listing(*file, out);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(int64_t(state.iterations() * out.size()));
}
BENCHMARK(ListHeader);

/// Dictionary lookups of every tag in the header, as the parser and the listing make them.
void FindEntry(benchmark::State& state)
{
    auto file = read_part10(sample_bytes(), header_options());
    std::vector<Tag> tags;
    for (const auto& e : file->data_set)
        tags.push_back(e.tag);
    for (auto _ : state)
        for (Tag tag : tags)
            benchmark::DoNotOptimize(find_entry(tag));
    state.SetItemsProcessed(int64_t(state.iterations() * tags.size()));
}
BENCHMARK(FindEntry);

}  // namespace
}  // namespace roentgen

BENCHMARK_MAIN();
