// cli/serve_options.h — the flags of `roentgen serve` and how they combine with the config file and the defaults.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "server/server_configuration.h"

namespace CLI {
class App;
}

namespace roentgen::cli {

/// The flags as given; an empty optional is a flag not given, which leaves the file's value (or the
/// default) in place.
struct ServeOptions {
    std::string config_file;                    ///< --config FILE; no file is read without it.
    std::optional<std::string> data_directory;  ///< --data DIR: [server] data
    std::optional<uint16_t> dimse_port;         ///< --port N: [dimse] port
    std::optional<uint16_t> http_port;          ///< --http-port N: [http] port
    std::optional<std::string> ae_title;        ///< --aet AE: [server] ae_title
    std::optional<std::string> host;            ///< --host ADDR: [dimse] host and [http] host
    std::vector<std::string> peers;             ///< --peer NAME=AE@host:port, repeatable: [peers]
    std::optional<std::string> index;           ///< --index URL: [index] url
    std::optional<std::string> duplicates;      ///< --duplicates keep|overwrite|reject: [storage] duplicates
    bool no_fsync = false;                      ///< --no-fsync: [storage] fsync = false
    std::optional<size_t> maximum_associations; ///< --max-associations N: [dimse] max_associations
};

/// Adds the flags above to `command` (the `serve` subcommand).
void add_serve_options(CLI::App& command, ServeOptions& options);

/// Defaults, then the --config file over them, then the flags over both; then
/// validate_server_configuration. A --peer whose AE title the file's [peers] has replaces that
/// entry. Errors name the flag (`--aet: …`) or the file, line and key (`roentgen.toml:3: [dimse] port: …`).
[[nodiscard]] Result<server::ServerConfiguration> resolve_serve_configuration(const ServeOptions& options);

} // namespace roentgen::cli
