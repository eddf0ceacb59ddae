// cli/render_command.cpp — `roentgen render`: a frame (or every frame) to PNG or JPEG through the display pipeline.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <optional>

#include "base/file_io.h"
#include "cli/commands.h"
#include "encoding/part10_file.h"
#include "pixel/codec_registry.h"
#include "pixel/frames.h"
#include "pixel/image_file.h"
#include "pixel/pixel_syntax.h"
#include "pixel/render.h"

namespace roentgen::cli {

namespace {

struct RenderCommandOptions {
    std::string input;
    std::string output;
    std::optional<uint32_t> frame;  ///< 1-based.
    std::string window;             ///< "C,W"
    std::string size;               ///< "WxH", "Wx" or "xH"
    std::string function;
    std::optional<uint32_t> voi_lut;  ///< 1-based.
    bool min_max = false;
    bool no_modality = false;
    bool overlays = false;
    bool invert = false;
    unsigned bits = 8;
    int quality = 90;
};

Result<VoiWindow> parse_window(std::string_view text)
{
    auto comma = text.find(',');
    auto fail = [&] {
        return make_error(Errc::InvalidArgument, fmt::format("--window {}: expected CENTER,WIDTH (e.g. 40,400)", text));
    };
    if (comma == std::string_view::npos)
        return fail();
    try {
        size_t used = 0;
        std::string center(text.substr(0, comma)), width(text.substr(comma + 1));
        VoiWindow window{std::stod(center, &used), 0};
        if (used != center.size())
            return fail();
        window.width = std::stod(width, &used);
        if (used != width.size() || !(window.width > 0))
            return fail();
        return window;
    } catch (const std::exception&) {
        return fail();
    }
}

Result<void> parse_size(std::string_view text, RenderOptions& options)
{
    auto x = text.find('x');
    auto number = [](std::string_view part, uint32_t& value) {
        if (part.empty())
            return true;
        value = 0;
        for (char c : part) {
            if (c < '0' || c > '9' || value > 100000)
                return false;
            value = value * 10 + uint32_t(c - '0');
        }
        return value > 0;
    };
    if (x == std::string_view::npos || !number(text.substr(0, x), options.max_width) ||
        !number(text.substr(x + 1), options.max_height) || (options.max_width == 0 && options.max_height == 0))
        return make_error(Errc::InvalidArgument,
                          fmt::format("--size {}: expected WIDTHxHEIGHT, WIDTHx or xHEIGHT (e.g. 256x256)", text));
    return {};
}

/// OUT for one frame; for frame i of n, OUT's stem with -i (zero-padded to n's digits) before its extension.
std::string numbered_path(const std::string& output, uint32_t index, uint32_t count)
{
    std::filesystem::path path(output);
    int digits = int(std::to_string(count).size());
    auto name = fmt::format("{}-{:0{}}{}", path.stem().string(), index + 1, digits, path.extension().string());
    return (path.parent_path() / name).string();
}

Result<void> run(const RenderCommandOptions& command)
{
    std::string extension = std::filesystem::path(command.output).extension().string();
    for (auto& c : extension)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    bool jpeg = extension == ".jpg" || extension == ".jpeg";
    if (!jpeg && extension != ".png")
        return make_error(Errc::InvalidArgument, fmt::format("{}: the output must end in .png, .jpg or .jpeg", command.output));
    if (jpeg && command.bits != 8)
        return make_error(Errc::InvalidArgument, "--bits 16 needs PNG output (JPEG is 8 bits)");
    RenderOptions options;
    options.bits = command.bits;
    options.overlays = command.overlays;
    options.modality_lut = !command.no_modality;
    options.min_max_window = command.min_max;
    if (command.invert)
        options.invert = true;
    if (!command.window.empty()) {
        ROENTGEN_TRY(options.window, parse_window(command.window));
    }
    if (!command.size.empty())
        ROENTGEN_TRY(parse_size(command.size, options));
    if (command.voi_lut) {
        if (*command.voi_lut < 1)
            return make_error(Errc::InvalidArgument, "--voi-lut counts from 1");
        options.voi_lut = *command.voi_lut - 1;
    }
    if (command.function == "linear")
        options.function = VoiFunction::Linear;
    else if (command.function == "linear-exact")
        options.function = VoiFunction::LinearExact;
    else if (command.function == "sigmoid")
        options.function = VoiFunction::Sigmoid;

    ROENTGEN_TRY(auto file, read_part10_file(command.input));
    ROENTGEN_TRY(auto description, describe_pixels(file.data_set));
    const TransferSyntax& syntax = pixel_data_syntax(file);
    auto codecs = CodecRegistry::with_all_codecs();
    const uint32_t frames = description.number_of_frames;
    uint32_t first = 0, last = frames;
    if (command.frame) {
        if (*command.frame < 1 || *command.frame > frames)
            return make_error(Errc::InvalidArgument,
                              fmt::format("--frame {}: the object has frames 1 to {}", *command.frame, frames));
        first = *command.frame - 1;
        last = first + 1;
    }
    const bool numbered = last - first > 1;
    const bool progress = numbered && ::isatty(STDERR_FILENO);
    for (uint32_t index = first; index < last; ++index) {
        options.frame = index;
        auto image = render_frame(file.data_set, syntax, codecs, options);
        if (!image)
            return add_context(std::move(image).error(), fmt::format("frame {}", index + 1));
        auto encoded = jpeg ? encode_jpeg(*image, command.quality) : encode_png(*image);
        if (!encoded)
            return add_context(std::move(encoded).error(), fmt::format("frame {}", index + 1));
        std::string path = numbered ? numbered_path(command.output, index, frames) : command.output;
        auto written = write_file_atomically(path, *encoded);
        if (!written)
            return add_context(std::move(written).error(), path);
        if (progress)
            fmt::print(stderr, "\r\033[K[{}/{}] {}", index + 1, frames, path);
    }
    if (progress)
        fmt::print(stderr, "\r\033[K{} frame(s) rendered\n", frames);
    return {};
}

}  // namespace

void add_render_command(CLI::App& app, Action& action)
{
    auto options = std::make_shared<RenderCommandOptions>();
    auto* command = app.add_subcommand(
        "render", "Render a frame to PNG or JPEG through the display pipeline: Modality LUT, VOI window or LUT "
                  "(default: the image's first window, else its first VOI LUT, else minimum to maximum), "
                  "MONOCHROME1 and Presentation LUT Shape inversion, palette colour, YBR to RGB. A multi-frame "
                  "object without --frame gives one numbered file per frame (OUT-1.png ...)");
    command->add_option("input", options->input, "DICOM file")->required();
    command->add_option("output", options->output, "Output file, .png or .jpg")->required();
    command->add_option("--frame", options->frame, "Render only frame N (1-based)");
    command->add_option("--window", options->window, "VOI window CENTER,WIDTH (e.g. 40,400)");
    command->add_option("--voi-lut", options->voi_lut, "Use VOI LUT N (1-based) of the VOI LUT Sequence");
    command->add_flag("--min-max", options->min_max, "Window from the frame's minimum to maximum");
    command->add_option("--function", options->function, "VOI LUT Function: linear, linear-exact or sigmoid")
        ->check(CLI::IsMember({"linear", "linear-exact", "sigmoid"}));
    command->add_flag("--no-modality", options->no_modality, "Skip Rescale Slope/Intercept and the Modality LUT");
    command->add_flag("--invert", options->invert, "Invert the grayscale output");
    command->add_flag("--overlays", options->overlays, "Burn in overlay planes (60xx)");
    command->add_option("--size", options->size, "Fit within WIDTHxHEIGHT keeping the aspect ratio (Wx, xH too)");
    command->add_option("--bits", options->bits, "Bits per PNG sample: 8 or 16")->check(CLI::IsMember({8u, 16u}));
    command->add_option("--quality", options->quality, "JPEG quality 1..100")->check(CLI::Range(1, 100));
    command->callback([options, &action] {
        action = [options] {
            auto result = run(*options);
            if (!result) {
                fmt::print(stderr, "roentgen render: {}: {}\n", options->input, result.error().message);
                return 1;
            }
            return 0;
        };
    });
}

}  // namespace roentgen::cli
