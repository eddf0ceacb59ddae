// cli/echo_command.cpp — `roentgen echo AE@host:port`: C-ECHO, as DCMTK's echoscu.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cstdio>

#include "cli/commands.h"
#include "cli/network_options.h"
#include "dict/generated/uids.h"
#include "net/dimse/status.h"
#include "services/verification_scu.h"

namespace roentgen::cli {
namespace {

struct EchoOptions {
    ClientOptions client;
    unsigned repeat = 1;
};

int run(const EchoOptions& options)
{
    auto peer = parse_remote_peer(options.client.peer);
    if (!peer) {
        fmt::print(stderr, "roentgen echo: {}\n", peer.error().message);
        return 2;
    }
    const auto started = std::chrono::steady_clock::now();
    auto association = open_association(options.client, *peer,
                                        {{1, std::string(uids::Verification), {"1.2.840.10008.1.2.1", "1.2.840.10008.1.2"}}});
    if (!association) {
        fmt::print(stderr, "roentgen echo: {}\n", association.error().message);
        return 1;
    }
    for (unsigned i = 0; i < options.repeat; ++i) {
        auto status = services::echo(*association, static_cast<uint16_t>(i + 1));
        if (!status) {
            fmt::print(stderr, "roentgen echo: {}\n", status.error().message);
            return 1;
        }
        if (*status != net::status::Success) {
            fmt::print(stderr, "roentgen echo: {} answered status 0x{:04X}\n", peer->ae_title, *status);
            std::move(*association).abort();
            return 1;
        }
    }
    if (auto released = std::move(*association).release(); !released) {
        fmt::print(stderr, "roentgen echo: release: {}\n", released.error().message);
        return 1;
    }
    const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
    fmt::print("{}@{}:{} answered {} C-ECHO{} in {:.1f} ms\n", peer->ae_title, peer->host, peer->port, options.repeat,
               options.repeat == 1 ? "" : "s", elapsed.count());
    return 0;
}

}  // namespace

void add_echo_command(CLI::App& app, Action& action)
{
    auto options = std::make_shared<EchoOptions>();
    auto* command = app.add_subcommand("echo", "Verify a DICOM peer with C-ECHO (as echoscu)");
    add_client_options(*command, options->client);
    command->add_option("--repeat", options->repeat, "C-ECHOs to send on the association")->check(CLI::Range(1u, 65535u));
    command->callback([options, &action] { action = [options] { return run(*options); }; });
}

}  // namespace roentgen::cli
