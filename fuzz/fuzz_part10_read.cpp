// fuzz/fuzz_part10_read.cpp — libFuzzer target: any bytes read as a Part 10 file; what reads is
// written back, and what was written must read again.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "encoding/part10_file.h"

namespace {

using namespace roentgen;

/// Memory stays bounded under libFuzzer's default -rss_limit_mb=2048.
ReadOptions fuzz_options()
{
    ReadOptions options;
    options.max_inflated_size = 64 << 20;
    return options;
}

[[noreturn]] void fail(const char* what, const std::string& message)
{
    std::fprintf(stderr, "%s: %s\n", what, message.c_str());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const ReadOptions options = fuzz_options();
    auto source = std::make_shared<MemorySource>(std::vector<uint8_t>(data, data + size), "fuzz input");
    auto file = read_part10(source, options);
    if (!file)
        return 0;
    VectorSink sink;
    WriteOptions write_options;
    write_options.meta_policy = MetaPolicy::Preserve;
    bool bare = file->meta.empty();
    auto written = bare ? write_data_set(file->data_set, *file->transfer_syntax, sink)
                        : write_part10(*file, sink, write_options);
    if (!written)
        return 0;  // refusing to write (e.g. a value too long for a 32-bit length) is allowed
    // A bare data set is read back in the syntax it was written in: guessing the encoding of
    // arbitrary bytes is heuristic, and not what is tested here.
    auto written_back = std::make_shared<MemorySource>(std::move(sink.bytes()), "written back");
    if (bare) {
        if (auto again = read_data_set(written_back, *file->transfer_syntax, options); !again)
            fail("the data set read and written does not read again", again.error().message);
    } else if (auto again = read_part10(written_back, options); !again) {
        fail("the file read and written does not read again", again.error().message);
    }
    return 0;
}
