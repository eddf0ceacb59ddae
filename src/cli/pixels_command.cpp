// cli/pixels_command.cpp — `roentgen pixels`: decode frames to a raw little-endian array any tool can compare.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <optional>

#include "base/file_io.h"
#include "cli/commands.h"
#include "encoding/part10_file.h"
#include "pixel/codec_registry.h"
#include "pixel/frames.h"
#include "pixel/pixel_description.h"
#include "pixel/pixel_syntax.h"

namespace roentgen::cli {

namespace {

struct PixelsOptions {
    std::string input;
    std::string raw_output;
    std::optional<uint32_t> frame;  ///< 1-based, as DICOM numbers frames.
    unsigned threads = 0;
};

std::string_view sample_type(const PixelDescription& d)
{
    if (d.kind == PixelDataKind::Float)
        return "float32";
    if (d.kind == PixelDataKind::DoubleFloat)
        return "float64";
    static constexpr std::string_view unsigned_types[] = {"uint8", "uint16", "uint32", "uint64"};
    static constexpr std::string_view signed_types[] = {"int8", "int16", "int32", "int64"};
    unsigned index = d.bytes_per_sample() == 1 ? 0 : d.bytes_per_sample() == 2 ? 1 : d.bytes_per_sample() == 4 ? 2 : 3;
    return d.is_signed && d.bits_allocated != 1 ? signed_types[index] : unsigned_types[index];
}

Result<void> run(const PixelsOptions& options)
{
    ROENTGEN_TRY(auto file, read_part10_file(options.input));
    ROENTGEN_TRY(auto description, describe_pixels(file.data_set));
    const TransferSyntax& syntax = pixel_data_syntax(file);
    auto codecs = CodecRegistry::with_all_codecs();
    uint32_t frames = description.number_of_frames;
    if (options.raw_output.empty()) {
        fmt::print("{}x{} {} frame(s), {} sample(s) of {} bits ({} stored, {}), {}, {}\n", description.columns,
                   description.rows, frames, description.samples_per_pixel, description.bits_allocated,
                   description.bits_stored, sample_type(description), description.photometric_text, syntax.name);
        return {};
    }
    if (options.frame && (*options.frame < 1 || *options.frame > frames))
        return make_error(Errc::InvalidArgument,
                          fmt::format("--frame {}: the object has frames 1 to {}", *options.frame, frames));
    ROENTGEN_TRY(auto writer, AtomicFileWriter::create(options.raw_output));
    auto written = [&]() -> Result<void> {
        if (options.frame) {
            ROENTGEN_TRY(auto pixels, decode_frame(file.data_set, syntax, codecs, *options.frame - 1));
            return writer.write(pixels);
        }
        // Frames are written as they come, in order: memory holds a few frames, not the object.
        ROENTGEN_TRY(decode_frames_in_order(file.data_set, syntax, codecs, options.threads,
                                            [&](uint32_t, std::span<const uint8_t> frame) { return writer.write(frame); }));
        return {};
    }();
    if (written)
        written = writer.commit();
    if (!written)
        return add_context(std::move(written).error(), options.raw_output);
    return {};
}

}  // namespace

void add_pixels_command(CLI::App& app, Action& action)
{
    auto options = std::make_shared<PixelsOptions>();
    auto* command = app.add_subcommand(
        "pixels", "Describe the pixel data, or decode it to a raw array (--raw): little-endian samples, "
                  "frames x rows x columns x samples interleaved, 1-bit data one byte (0/1) per pixel, "
                  "stored values as they are (no LUT, rescale or colour conversion)");
    command->add_option("input", options->input, "DICOM file")->required();
    command->add_option("--raw", options->raw_output, "Write the decoded pixels to this file");
    command->add_option("--frame", options->frame, "Decode only frame N (1-based, as DICOM numbers frames)");
    command->add_option("--threads", options->threads, "Threads decoding frames in parallel (0: one per core)");
    command->callback([options, &action] {
        action = [options] {
            auto result = run(*options);
            if (!result) {
                fmt::print(stderr, "roentgen pixels: {}: {}\n", options->input, result.error().message);
                return 1;
            }
            return 0;
        };
    });
}

}  // namespace roentgen::cli
