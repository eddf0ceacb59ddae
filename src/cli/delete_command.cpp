// cli/delete_command.cpp — `roentgen delete`: remove a patient, study, series or instance from a serve archive.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.h"
#include "cli/serve_options.h"
#include "server/archive_removal.h"

namespace roentgen::cli {
namespace {

struct DeleteOptions {
    ServeOptions archive;  ///< --config, --data, --index: where the archive is
    std::string patient_id;
    std::string study_uid;
    std::string series_uid;
    std::string sop_instance_uid;
};

int run(const DeleteOptions& options)
{
    const std::pair<index::QueryLevel, const std::string*> keys[] = {
        {index::QueryLevel::Patient, &options.patient_id},
        {index::QueryLevel::Study, &options.study_uid},
        {index::QueryLevel::Series, &options.series_uid},
        {index::QueryLevel::Image, &options.sop_instance_uid},
    };
    auto configuration = resolve_serve_configuration(options.archive);
    if (!configuration) {
        fmt::print(stderr, "roentgen delete: {}\n", configuration.error().message);
        return 2;
    }
    auto archive = server::open_archive(*configuration);
    if (!archive) {
        fmt::print(stderr, "roentgen delete: {}\n", archive.error().message);
        return 1;
    }
    size_t removed = 0;
    for (const auto& [level, key] : keys) {
        if (key->empty())
            continue;
        auto count = server::remove_from_archive(*archive->catalog, *archive->objects, level, *key);
        if (!count) {
            fmt::print(stderr, "roentgen delete: {} {}: {}\n", to_string(level), *key, count.error().message);
            return 1;
        }
        removed += *count;
    }
    fmt::print("{} instance(s) removed\n", removed);
    return 0;
}

}  // namespace

void add_delete_command(CLI::App& app, Action& action)
{
    auto options = std::make_shared<DeleteOptions>();
    auto* command = app.add_subcommand("delete", "Remove a patient, study, series or instance from a `roentgen serve` "
                                                 "archive: index rows, then files (the server may be running)");
    command->add_option("--config", options->archive.config_file, "The server's configuration file");
    command->add_option("--data", options->archive.data_directory, "The server's data folder (default roentgen-data)");
    command->add_option("--index", options->archive.index, "The server's index: sqlite, sqlite:PATH or postgresql://…");
    auto* patient = command->add_option("--patient", options->patient_id, "Patient ID");
    auto* study = command->add_option("--study", options->study_uid, "Study Instance UID");
    auto* series = command->add_option("--series", options->series_uid, "Series Instance UID");
    auto* instance = command->add_option("--instance", options->sop_instance_uid, "SOP Instance UID");
    patient->excludes(study)->excludes(series)->excludes(instance);
    study->excludes(series)->excludes(instance);
    series->excludes(instance);
    command->callback([options, &action] {
        if (options->patient_id.empty() && options->study_uid.empty() && options->series_uid.empty() &&
            options->sop_instance_uid.empty())
            throw CLI::ValidationError("delete", "one of --patient, --study, --series, --instance is required");
        action = [options] { return run(*options); };
    });
}

}  // namespace roentgen::cli
