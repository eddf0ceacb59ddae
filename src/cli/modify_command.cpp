// cli/modify_command.cpp — `roentgen modify`: set and delete elements by keyword, tag or sequence path.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/element_assignment.h"
#include "dict/dictionary.h"
#include "dict/generated/tags.h"
#include "encoding/part10_file.h"
#include "model/element_path.h"
#include "model/value_text.h"

namespace roentgen::cli {

namespace {

struct ModifyOptions {
    std::string input;
    std::string output;
    std::vector<std::string> sets;
    std::vector<std::string> deletes;
};

int run_modify(const ModifyOptions& options)
{
    auto fail = [&](const std::string& message) {
        fmt::print(stderr, "roentgen modify: {}\n", message);
        return 1;
    };
    auto file = read_part10_file(options.input);
    if (!file)
        return fail(file.error().message);
    for (const auto& text : options.sets) {
        auto assignment = parse_assignment(text);
        if (!assignment)
            return fail("--set " + assignment.error().message);
        DataSet& target = assignment->path.tag().group() == 0x0002 ? file->meta : file->data_set;
        if (auto applied = apply_set(target, *assignment); !applied)
            return fail(options.input + ": " + applied.error().message);
    }
    for (const auto& key : options.deletes) {
        auto path = parse_element_path(key);
        if (!path)
            return fail("--delete " + key + ": " + path.error().message);
        DataSet& target = path->tag().group() == 0x0002 ? file->meta : file->data_set;
        auto parent = resolve_parent(target, *path, false);
        if (!parent || !(*parent)->erase(path->tag()))
            return fail(fmt::format("{}: --delete {}: no such element", options.input, key));
    }
    WriteOptions write_options;
    // Meta elements the user set by hand are kept; otherwise ours are written.
    bool edits_meta = false;
    for (const auto& text : options.sets)
        edits_meta = edits_meta || text.rfind("(0002", 0) == 0 || text.rfind("0002", 0) == 0;
    write_options.meta_policy = edits_meta ? MetaPolicy::Preserve : MetaPolicy::Regenerate;
    const std::string& destination = options.output.empty() ? options.input : options.output;
    if (auto written = write_part10_file(*file, destination, write_options); !written)
        return fail(written.error().message);
    return 0;
}

}  // namespace

void add_modify_command(CLI::App& app, Action& action)
{
    auto options = std::make_shared<ModifyOptions>();
    auto* command = app.add_subcommand(
        "modify", "Set or delete elements; without -o the input file is replaced atomically");
    command->add_option("input", options->input, "DICOM file")->required();
    command->add_option("-o,--output", options->output, "Write here instead of replacing the input");
    command->add_option("--set", options->sets,
                        "KEY=VALUE (KEY: keyword, (gggg,eeee) or a path like Seq[0].Keyword; KEY:VR=VALUE for "
                        "private tags). Multiple values separated by backslash");
    command->add_option("--delete", options->deletes, "KEY to remove");
    command->callback([options, &action] { action = [options] { return run_modify(*options); }; });
}

}  // namespace roentgen::cli
