// cli/modify_command.cpp — `roentgen modify`: set and delete elements by keyword, tag or sequence path.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
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

/// "KEY=VALUE" or "KEY:VR=VALUE" (the VR is needed for private tags not yet present).
struct Assignment {
    ElementPath path;
    std::optional<VR> vr;
    std::string value;
};

Result<Assignment> parse_assignment(const std::string& text)
{
    auto equals = text.find('=');
    if (equals == std::string::npos)
        return make_error(Errc::InvalidArgument, "--set " + text + ": expected KEY=VALUE");
    std::string_view key(text.data(), equals);
    Assignment assignment;
    if (auto colon = key.rfind(':'); colon != std::string_view::npos && key.size() - colon == 3) {
        assignment.vr = parse_vr(key.substr(colon + 1));
        if (!assignment.vr)
            return make_error(Errc::InvalidArgument, "--set " + text + ": unknown VR " + std::string(key.substr(colon + 1)));
        key = key.substr(0, colon);
    }
    auto path = parse_element_path(key);
    if (!path)
        return add_context(std::move(path).error(), "--set " + text);
    assignment.path = std::move(*path);
    assignment.value = text.substr(equals + 1);
    return assignment;
}

Result<void> apply_set(DataSet& data_set, const Assignment& assignment)
{
    Tag tag = assignment.path.tag();
    const Element* existing = find_element(data_set, assignment.path);
    VR vr = assignment.vr ? *assignment.vr : existing ? existing->vr : VR::UN;
    if (!assignment.vr && !existing) {
        if (tag.is_private_creator())
            vr = VR::LO;
        else if (const auto* entry = tag.is_private() ? nullptr : find_entry(tag); entry && entry->vr != VR::None)
            vr = entry->vr;
        else
            return make_error(Errc::InvalidArgument,
                              to_string(tag) + " is not in the dictionary: give its VR as KEY:VR=VALUE");
    }
    auto charset = CharacterSet::from_value(specific_character_set_along(data_set, assignment.path));
    if (!charset)
        return add_context(std::move(charset).error(), "Specific Character Set");
    ROENTGEN_TRY(DataSet * parent, resolve_parent(data_set, assignment.path, true));
    auto raw = value_from_text(vr, assignment.value, *charset);
    if (!raw)
        return add_context(std::move(raw).error(), to_string(tag));
    parent->set(Element(tag, vr, std::move(*raw)));
    return {};
}

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
            return fail(assignment.error().message);
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
