// cli/dump_command.cpp — `roentgen dump`: a readable listing of files (as dcmdump), or JSON/XML.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.h"
#include "cli/element_text.h"
#include "dict/generated/tags.h"
#include "encoding/part10_file.h"

namespace roentgen::cli {

namespace {

struct DumpOptions {
    std::vector<std::string> files;
    bool stop_before_pixels = false;
    bool json = false;
    bool xml = false;
    uint64_t bulk_threshold = 0;
    bool quiet_warnings = false;
    bool keep_truncated = false;
};

/// Listings of many files are written in blocks of this size: one write per ~20 files of a series.
constexpr size_t flush_size = 256 * 1024;

void flush(fmt::memory_buffer& out)
{
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    out.clear();
}

int run_dump(const DumpOptions& options)
{
    int status = 0;
    ReadOptions read_options;
    if (options.stop_before_pixels)
        read_options.with_stop_before(tags::PixelData);
    if (options.keep_truncated)
        read_options.with_truncated_input(TruncatedInput::KeepWhatWasRead);
    // The listing shows at most 64 characters or 16 numbers of a value: values longer than a
    // short string stay views into the file instead of copies (same output, no allocation).
    if (!options.json && !options.xml)
        read_options.with_bulk_threshold(16);
    else  // The JSON and XML models carry the real VR of standard elements stored as UN (PS3.5 6.2.2).
        read_options.with_unknown_vr(UnknownVR::UseDictionary);
    fmt::memory_buffer out;
    for (const auto& path : options.files) {
        auto file = read_part10_file(path, read_options);
        if (!file) {
            flush(out);
            fmt::print(stderr, "roentgen dump: {}\n", file.error().message);
            status = 1;
            continue;
        }
        if (options.json || options.xml) {
            auto text = options.json ? format_json(*file, path, options.bulk_threshold)
                                     : format_xml(*file, path, options.bulk_threshold);
            if (!text) {
                flush(out);
                fmt::print(stderr, "roentgen dump: {}: {}\n", path, text.error().message);
                status = 1;
                continue;
            }
            out.append(*text);
            out.push_back('\n');
        } else {
            if (options.files.size() > 1)
                fmt::format_to(std::back_inserter(out), "# {}\n", path);
            format_listing(*file, out);
        }
        // Warnings go to stderr after the file's listing, so that listing is written first.
        bool warnings = !options.quiet_warnings && !file->warnings.empty();
        if (warnings || out.size() >= flush_size)
            flush(out);
        if (warnings)
            for (const auto& w : file->warnings)
                fmt::print(stderr, "roentgen dump: warning: {}: byte offset {}, tag {}: {}\n", path, w.offset,
                           to_string(w.tag), w.message);
        // A file cut short was listed as far as it goes, but it is still a broken file.
        if (file->truncated)
            status = 1;
    }
    flush(out);
    return status;
}

}  // namespace

void add_dump_command(CLI::App& app, Action& action)
{
    auto options = std::make_shared<DumpOptions>();
    auto* command = app.add_subcommand("dump", "List the elements of DICOM files (or print PS3.18 JSON / PS3.19 XML)");
    command->add_option("files", options->files, "DICOM files")->required();
    command->add_flag("--stop-before-pixels", options->stop_before_pixels, "Do not read Pixel Data and what follows");
    command->add_flag("--json", options->json, "Print the PS3.18 F.2 JSON model of meta group and data set");
    command->add_flag("--xml", options->xml, "Print the PS3.19 Native DICOM Model");
    command->add_option("--bulk-threshold", options->bulk_threshold,
                        "With --json/--xml: binary values over N bytes become BulkDataURI (0: always inline)");
    command->add_flag("-q,--quiet", options->quiet_warnings, "Do not print read warnings");
    command->add_flag("--keep-truncated", options->keep_truncated,
                      "List what a file cut short holds (values cut at the end, as pydicom reads it); exit 1");
    command->callback([options, &action] { action = [options] { return run_dump(*options); }; });
}

}  // namespace roentgen::cli
