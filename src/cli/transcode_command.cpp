// cli/transcode_command.cpp — `roentgen transcode`: files and folders to another transfer syntax, with progress.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "encoding/part10_file.h"
#include "pixel/codec_registry.h"
#include "pixel/transcode.h"

namespace roentgen::cli {

namespace {

namespace fs = std::filesystem;

struct TranscodeCommandOptions {
    std::string to;
    std::vector<std::string> paths;  ///< inputs, then the output
    std::optional<int> quality;
    std::optional<int> near_lossless;
    unsigned threads = 0;
};

struct Job {
    std::string input;
    std::string output;
};

/// Input files and where each goes: a file given alone to a path that is not a folder goes there;
/// otherwise into the output folder, files of an input folder under their path relative to it.
Result<std::vector<Job>> plan(const std::vector<std::string>& inputs, const std::string& output)
{
    std::error_code error;
    bool single = inputs.size() == 1 && !fs::is_directory(inputs[0], error) && !fs::is_directory(output, error);
    if (single)
        return std::vector<Job>{{inputs[0], output}};
    std::vector<Job> jobs;
    for (const auto& input : inputs) {
        if (!fs::exists(input, error))
            return make_error(Errc::NotFound, input + ": no such file or folder");
        if (!fs::is_directory(input, error)) {
            jobs.push_back({input, (fs::path(output) / fs::path(input).filename()).string()});
            continue;
        }
        std::vector<fs::path> found;
        for (auto it = fs::recursive_directory_iterator(input, error); !error && it != fs::recursive_directory_iterator();
             it.increment(error))
            if (it->is_regular_file(error))
                found.push_back(it->path());
        if (error)
            return make_error(Errc::Io, input + ": " + error.message());
        std::sort(found.begin(), found.end());
        for (const auto& path : found)
            jobs.push_back({path.string(), (fs::path(output) / fs::relative(path, input)).string()});
    }
    return jobs;
}

Result<void> transcode_one(const Job& job, const CodecRegistry& codecs, const TranscodeOptions& options)
{
    ROENTGEN_TRY(auto file, read_part10_file(job.input));
    ROENTGEN_TRY(transcode(file, codecs, options));
    std::error_code error;
    if (auto parent = fs::path(job.output).parent_path(); !parent.empty())
        fs::create_directories(parent, error);
    WriteOptions write;
    write.transfer_syntax = file.transfer_syntax;
    auto written = write_part10_file(file, job.output, write);
    if (!written)
        return add_context(std::move(written).error(), job.output);
    return {};
}

int run(const TranscodeCommandOptions& options)
{
    const TransferSyntax* target = find_transfer_syntax_by_name(options.to);
    if (!target) {
        fmt::print(stderr, "roentgen transcode: --to {}: not a transfer syntax UID, keyword or short name\n", options.to);
        return 2;
    }
    std::vector<std::string> inputs(options.paths.begin(), options.paths.end() - 1);
    auto jobs = plan(inputs, options.paths.back());
    if (!jobs) {
        fmt::print(stderr, "roentgen transcode: {}\n", jobs.error().message);
        return 1;
    }
    TranscodeOptions transcode_options;
    transcode_options.target = target;
    transcode_options.encode.quality = options.quality;
    transcode_options.encode.near_lossless = options.near_lossless;
    transcode_options.threads = options.threads;
    auto codecs = CodecRegistry::with_all_codecs();
    bool progress = ::isatty(STDERR_FILENO) && jobs->size() > 1;
    size_t failed = 0;
    for (size_t i = 0; i < jobs->size(); ++i) {
        const Job& job = (*jobs)[i];
        if (progress)
            fmt::print(stderr, "\r\033[K[{}/{}] {}", i + 1, jobs->size(), job.input);
        auto done = transcode_one(job, codecs, transcode_options);
        if (!done) {
            ++failed;
            fmt::print(stderr, "{}roentgen transcode: {}: {}\n", progress ? "\r\033[K" : "", job.input,
                       done.error().message);
        }
    }
    if (progress)
        fmt::print(stderr, "\r\033[K");
    if (jobs->size() > 1 || failed)
        fmt::print(stderr, "{} of {} file(s) transcoded to {}{}\n", jobs->size() - failed, jobs->size(), target->name,
                   failed ? fmt::format(", {} failed", failed) : "");
    return failed ? 1 : 0;
}

}  // namespace

void add_transcode_command(CLI::App& app, Action& action)
{
    auto options = std::make_shared<TranscodeCommandOptions>();
    auto* command = app.add_subcommand(
        "transcode", "Write DICOM files in another transfer syntax: IN... OUT (a file, or a folder for several "
                     "inputs or folders, whose layout is kept)");
    command->add_option("--to", options->to,
                        "Target: a UID, a keyword (JPEGLSLossless) or implicit, explicit, big, deflate, rle, jpeg, "
                        "jpeg12, jpeg-lossless, jpeg-ls, jpeg-ls-near, j2k, j2k-lossy, htj2k, htj2k-rpcl, "
                        "htj2k-lossy, jpegxl, jpegxl-lossy, deflate-frame")
        ->required();
    command->add_option("paths", options->paths, "Input files or folders, then the output")->required()->expected(2, -1);
    command->add_option("--quality", options->quality, "Lossy quality 1..100 (JPEG, JPEG 2000, HTJ2K, JPEG XL)")
        ->check(CLI::Range(1, 100));
    command->add_option("--near-lossless", options->near_lossless, "JPEG-LS NEAR (0: lossless)")->check(CLI::Range(0, 255));
    command->add_option("--threads", options->threads, "Threads decoding frames in parallel (0: one per core)");
    command->callback([options, &action] { action = [options] { return run(*options); }; });
}

}  // namespace roentgen::cli
