// cli/serve_command.cpp — `roentgen serve`: the PACS — durable storage, index, Query/Retrieve, Storage Commitment.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <mutex>
#include <semaphore>

#include "cli/commands.h"
#include "cli/serve_options.h"
#include "server/pacs_server.h"

namespace roentgen::cli {
namespace {

std::binary_semaphore stop_serving{0};

extern "C" void request_serve_stop(int) { stop_serving.release(); }

int serve(const ServeOptions& options, bool quiet)
{
    auto configuration = resolve_serve_configuration(options);
    if (!configuration) {
        fmt::print(stderr, "roentgen serve: {}\n", configuration.error().message);
        return 2;
    }
    std::mutex log;
    services::ServerEvents events;
    events.on_error = [&](const std::string& message) {
        std::lock_guard lock(log);
        fmt::print(stderr, "roentgen serve: {}\n", message);
    };
    if (!quiet)
        events.on_association = [&](const services::AssociationInfo& info) {
            std::lock_guard lock(log);
            fmt::print(stderr, "roentgen serve: association from {} ({})\n", info.calling_ae_title, info.peer_address);
        };
    auto server = server::PacsServer::start(*configuration, events);
    if (!server) {
        fmt::print(stderr, "roentgen serve: {}\n", server.error().message);
        return 1;
    }
    auto counts = (*server)->catalog().counts();
    auto location = server::index_location(*configuration);
    fmt::print(stderr, "roentgen serve: {} listening for DIMSE on {}:{}; data in {}; index {} ({} instances)\n",
               configuration->ae_title, configuration->dimse_host, (*server)->dimse_port(),
               configuration->data_directory, location ? location->location : configuration->index,
               counts ? counts->instances : 0);
    std::fflush(stderr);
    std::signal(SIGINT, request_serve_stop);
    std::signal(SIGTERM, request_serve_stop);
    stop_serving.acquire();
    (*server)->stop();
    fmt::print(stderr, "roentgen serve: stopped; {} instance(s) stored\n", (*server)->stored());
    return 0;
}

}  // namespace

void add_serve_command(CLI::App& app, Action& action)
{
    auto options = std::make_shared<ServeOptions>();
    auto quiet = std::make_shared<bool>(false);
    auto* command = app.add_subcommand("serve", "The PACS: store, index, query and retrieve (C-STORE, C-FIND, C-MOVE, "
                                                "C-GET, Storage Commitment), defaults ROENTGEN on port 11112 with "
                                                "data in ./roentgen-data; stops on SIGINT/SIGTERM");
    add_serve_options(*command, *options);
    command->add_flag("--quiet", *quiet, "Do not log each association");
    command->callback([options, quiet, &action] { action = [options, quiet] { return serve(*options, *quiet); }; });
}

}  // namespace roentgen::cli
