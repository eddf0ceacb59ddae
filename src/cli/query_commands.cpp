// cli/query_commands.cpp — `roentgen find`, `move` and `get`: C-FIND, C-MOVE and C-GET, as findscu/movescu/getscu.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "cli/element_assignment.h"
#include "cli/folder_storage.h"
#include "cli/network_options.h"
#include "dict/dictionary.h"
#include "dict/generated/tags.h"
#include "encoding/json_writer.h"
#include "net/association/negotiation.h"
#include "net/dimse/status.h"
#include "services/query_retrieve_scu.h"

namespace roentgen::cli {
namespace {

constexpr std::string_view explicit_little = "1.2.840.10008.1.2.1";
constexpr std::string_view implicit_little = "1.2.840.10008.1.2";

struct QueryOptions {
    ClientOptions client;
    std::vector<std::string> keys;
    bool patient_root = false;
    bool worklist = false;
    std::string level;
    bool json = false;
    std::string destination;  // move
    std::string folder;       // get
};

services::QueryModel model_of(const QueryOptions& options)
{
    if (options.worklist)
        return services::QueryModel::ModalityWorklist;
    return options.patient_root ? services::QueryModel::PatientRoot : services::QueryModel::StudyRoot;
}

// Return keys asked for when the user gave none but the level (what findscu users type by hand).
std::vector<std::string> default_keys(services::QueryModel model, std::string_view level)
{
    if (model == services::QueryModel::ModalityWorklist)
        return {"PatientName", "PatientID", "AccessionNumber", "ScheduledProcedureStepSequence[0].Modality",
                "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate",
                "ScheduledProcedureStepSequence[0].ScheduledStationAETitle"};
    if (level == "PATIENT")
        return {"PatientName", "PatientID", "PatientBirthDate", "PatientSex"};
    if (level == "SERIES")
        return {"StudyInstanceUID", "SeriesInstanceUID", "Modality", "SeriesNumber", "SeriesDescription",
                "NumberOfSeriesRelatedInstances"};
    if (level == "IMAGE")
        return {"StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "SOPClassUID", "InstanceNumber"};
    return {"PatientName", "PatientID", "StudyDate", "StudyDescription", "AccessionNumber", "StudyInstanceUID",
            "ModalitiesInStudy", "NumberOfStudyRelatedInstances"};
}

Result<DataSet> build_identifier(const QueryOptions& options, std::vector<ElementPath>& columns)
{
    const auto model = model_of(options);
    std::string level = options.level;
    if (level.empty() && model != services::QueryModel::ModalityWorklist)
        level = model == services::QueryModel::PatientRoot ? "PATIENT" : "STUDY";
    DataSet identifier;
    if (!level.empty())
        identifier.set_string(tags::QueryRetrieveLevel, VR::CS, level);
    const bool only_level = std::ranges::all_of(options.keys, [](const std::string& key) {
        return key.rfind("QueryRetrieveLevel", 0) == 0;
    });
    auto keys = options.keys;
    if (only_level) {
        auto defaults = default_keys(model, level);
        keys.insert(keys.end(), defaults.begin(), defaults.end());
    }
    for (const auto& key : keys) {
        ROENTGEN_TRY(auto assignment, parse_assignment(key, true));
        ROENTGEN_TRY(apply_set(identifier, assignment));
        if (assignment.path.tag() != tags::QueryRetrieveLevel)
            columns.push_back(assignment.path);
    }
    return identifier;
}

std::string column_name(const ElementPath& path)
{
    const auto* entry = find_entry(path.tag());
    return entry ? std::string(entry->keyword) : to_string(path.tag());
}

std::string cell(const DataSet& match, const ElementPath& path)
{
    const Element* element = find_element(match, path);
    if (!element || element->length() == 0)
        return "";
    auto text = element->vr == VR::SQ ? std::optional<std::string_view>() : match.find_string(path.tag());
    if (path.steps.size() > 1) {
        auto parent = resolve_parent(const_cast<DataSet&>(match), path, false);
        text = parent ? (*parent)->find_string(path.tag()) : std::nullopt;
    }
    return text ? std::string(*text) : "…";
}

std::vector<net::PresentationContextProposal> contexts_for(std::string_view sop_class)
{
    return {{1, std::string(sop_class), {std::string(explicit_little), std::string(implicit_little)}}};
}

int fail(std::string_view command, const Error& error, int code = 1)
{
    fmt::print(stderr, "roentgen {}: {}\n", command, error.message);
    return code;
}

int report(std::string_view command, const services::QueryOutcome& outcome, net::CommandField field)
{
    const auto category = net::status_category(outcome.status);
    if (category == net::StatusCategory::Success)
        return 0;
    fmt::print(stderr, "roentgen {}: status 0x{:04X} {}{}\n", command, outcome.status,
               net::status_name(outcome.status, field),
               outcome.error_comment.empty() ? "" : fmt::format(" ({})", outcome.error_comment));
    return category == net::StatusCategory::Warning ? 0 : 1;
}

int run_find(const QueryOptions& options)
{
    auto peer = parse_remote_peer(options.client.peer);
    if (!peer)
        return fail("find", peer.error(), 2);
    std::vector<ElementPath> columns;
    auto identifier = build_identifier(options, columns);
    if (!identifier)
        return fail("find", identifier.error(), 2);
    const auto model = model_of(options);
    auto association = open_association(options.client, *peer, contexts_for(services::find_sop_class(model)));
    if (!association)
        return fail("find", association.error());
    std::vector<DataSet> matches;
    auto outcome = services::find(*association, model, *identifier, [&](const DataSet& match) { matches.push_back(match); });
    if (!outcome)
        return fail("find", outcome.error());
    (void)std::move(*association).release();
    if (options.json) {
        auto json = write_json_array(matches);
        if (!json)
            return fail("find", json.error());
        fmt::print("{}\n", *json);
    } else {
        std::vector<std::vector<std::string>> rows;
        std::vector<size_t> widths;
        std::vector<std::string> header;
        for (const auto& column : columns) {
            header.push_back(column_name(column));
            widths.push_back(header.back().size());
        }
        for (const auto& match : matches) {
            auto& row = rows.emplace_back();
            for (size_t i = 0; i < columns.size(); ++i) {
                row.push_back(cell(match, columns[i]));
                widths[i] = std::max(widths[i], row.back().size());
            }
        }
        auto print_row = [&](const std::vector<std::string>& row) {
            std::string line;
            for (size_t i = 0; i < row.size(); ++i)
                line += i + 1 < row.size() ? fmt::format("{:<{}}  ", row[i], widths[i]) : row[i];
            fmt::print("{}\n", line);  // the last column unpadded: no trailing blanks
        };
        print_row(header);
        for (const auto& row : rows)
            print_row(row);
    }
    fmt::print(stderr, "{} match(es)\n", matches.size());
    return report("find", *outcome, net::CommandField::C_FIND_RSP);
}

void print_progress(const net::SubOperations& counts)
{
    if (::isatty(STDERR_FILENO))
        fmt::print(stderr, "\r\033[K{} remaining, {} completed, {} failed, {} warning", counts.remaining.value_or(0),
                   counts.completed.value_or(0), counts.failed.value_or(0), counts.warning.value_or(0));
}

void print_summary(std::string_view verb, const services::QueryOutcome& outcome)
{
    if (::isatty(STDERR_FILENO))
        fmt::print(stderr, "\r\033[K");
    const auto& counts = outcome.sub_operations;
    fmt::print("{}: {} completed, {} failed, {} warning\n", verb, counts.completed.value_or(0),
               counts.failed.value_or(0), counts.warning.value_or(0));
}

int run_move(const QueryOptions& options)
{
    auto peer = parse_remote_peer(options.client.peer);
    if (!peer)
        return fail("move", peer.error(), 2);
    std::vector<ElementPath> columns;
    auto identifier = build_identifier(options, columns);
    if (!identifier)
        return fail("move", identifier.error(), 2);
    const auto model = model_of(options);
    auto association = open_association(options.client, *peer, contexts_for(services::move_sop_class(model)));
    if (!association)
        return fail("move", association.error());
    auto outcome = services::move(*association, model, options.destination, *identifier, print_progress);
    if (!outcome)
        return fail("move", outcome.error());
    (void)std::move(*association).release();
    print_summary(fmt::format("moved to {}", options.destination), *outcome);
    return report("move", *outcome, net::CommandField::C_MOVE_RSP);
}

int run_get(const QueryOptions& options)
{
    auto peer = parse_remote_peer(options.client.peer);
    if (!peer)
        return fail("get", peer.error(), 2);
    std::vector<ElementPath> columns;
    auto identifier = build_identifier(options, columns);
    if (!identifier)
        return fail("get", identifier.error(), 2);
    std::error_code error;
    std::filesystem::create_directories(options.folder, error);
    const auto model = model_of(options);
    // PS3.4 C.4.3.1: the C-GET SCU proposes the storage SOP classes too, taking the SCP role.
    auto contexts = contexts_for(services::get_sop_class(model));
    std::vector<net::RoleSelection> selections;
    // Stored as they come, so the common compressed syntaxes are welcome too (the A-ASSOCIATE-RQ
    // stays near 40 KB: DCMTK-based peers stop answering much larger ones).
    const std::vector<std::string> retrieve_syntaxes = {
        std::string(explicit_little), std::string(implicit_little), "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80",
        "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.50"};
    uint8_t id = 3;
    for (const auto& sop_class : net::storage_sop_class_uids()) {
        if (id > 253 || sop_class.find("1.2.840.10008.5.1.4.1.1.") != 0)
            continue;  // 128 contexts at most: the current (non-retired, image and document) classes
        contexts.push_back({id, sop_class, retrieve_syntaxes});
        selections.push_back({sop_class, false, true});
        id = static_cast<uint8_t>(id + 2);
    }
    auto association = open_association(options.client, *peer, contexts, std::nullopt, selections);
    if (!association)
        return fail("get", association.error());
    FolderStorage storage(options.folder);
    auto outcome = services::get(*association, model, *identifier, storage, print_progress);
    if (!outcome)
        return fail("get", outcome.error());
    (void)std::move(*association).release();
    print_summary(fmt::format("retrieved into {}", options.folder), *outcome);
    return report("get", *outcome, net::CommandField::C_GET_RSP);
}

CLI::App* add_query_command(CLI::App& app, const char* name, const char* description, QueryOptions& options)
{
    auto* command = app.add_subcommand(name, description);
    add_client_options(*command, options.client);
    command->add_option("-k,--key", options.keys,
                        "Matching or return key: Keyword=value, Keyword (return only), (gggg,eeee)=value, "
                        "Sequence[0].Keyword=value");
    command->add_flag("--patient", options.patient_root, "Patient Root information model (default: Study Root)");
    command->add_option("--level", options.level, "Query/Retrieve Level: PATIENT, STUDY, SERIES, IMAGE")
        ->check(CLI::IsMember({"PATIENT", "STUDY", "SERIES", "IMAGE"}));
    return command;
}

}  // namespace

void add_query_commands(CLI::App& app, Action& action)
{
    auto find = std::make_shared<QueryOptions>();
    auto* find_command = add_query_command(app, "find", "Query a peer with C-FIND (as findscu)", *find);
    find_command->add_flag("--worklist", find->worklist, "Modality Worklist information model");
    find_command->add_flag("--json", find->json, "Print the matches as a DICOM JSON array (PS3.18 F.2)");
    find_command->callback([find, &action] { action = [find] { return run_find(*find); }; });

    auto move = std::make_shared<QueryOptions>();
    auto* move_command = add_query_command(app, "move", "Have a peer send matches to an AE with C-MOVE (as movescu)", *move);
    move_command->add_option("--dest", move->destination, "Destination AE title (known to the peer)")->required();
    move_command->callback([move, &action] { action = [move] { return run_move(*move); }; });

    auto get = std::make_shared<QueryOptions>();
    auto* get_command = add_query_command(app, "get", "Retrieve matches over the same association with C-GET (as getscu)", *get);
    get_command->add_option("--dir", get->folder, "Folder for retrieved files")->required();
    get_command->callback([get, &action] { action = [get] { return run_get(*get); }; });
}

}  // namespace roentgen::cli
