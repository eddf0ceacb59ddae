// cli/serve_options.cpp — the flags of `roentgen serve` and how they combine with the config file and the defaults.
#include "cli/serve_options.h"

#include <set>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace roentgen::cli {

namespace {

std::unexpected<Error> flag_error(std::string_view flag, Error error)
{
    return add_context(std::move(error), flag);
}

// --peer NAME=AE@host:port; the NAME= part (a label only) may be left out. An '=' after the '@'
// cannot start the address, so an AE title may still contain one when NAME= is given.
Result<server::PeerAddress> parse_peer_flag(std::string_view text)
{
    const auto equals = text.find('=');
    const auto at = text.rfind('@');
    if (equals != std::string_view::npos && (at == std::string_view::npos || equals < at)) {
        if (equals == 0)
            return make_error(Errc::InvalidArgument, fmt::format("\"{}\": no NAME before '='", text));
        text.remove_prefix(equals + 1);
    }
    return server::parse_peer_address(text);
}

Result<void> apply_peers(const std::vector<std::string>& peers, server::ServerConfiguration& configuration)
{
    std::set<std::string> given;
    for (const auto& text : peers) {
        auto peer = parse_peer_flag(text);
        if (!peer)
            return flag_error("--peer", std::move(peer).error());
        if (!given.insert(peer->ae_title).second)
            return make_error(Errc::InvalidArgument,
                              fmt::format("--peer {}: AE title {} is given by another --peer", text, peer->ae_title));
        configuration.peers.insert_or_assign(peer->ae_title, std::move(*peer));
    }
    return {};
}

Result<void> apply_flags(const ServeOptions& options, server::ServerConfiguration& configuration)
{
    if (options.ae_title) {
        if (auto valid = server::validate_ae_title(*options.ae_title); !valid)
            return flag_error("--aet", std::move(valid).error());
        configuration.ae_title = *options.ae_title;
    }
    if (options.data_directory) {
        if (options.data_directory->empty())
            return make_error(Errc::InvalidArgument, "--data: expected a folder, got \"\"");
        configuration.data_directory = *options.data_directory;
    }
    if (options.host) {
        if (options.host->empty())
            return make_error(Errc::InvalidArgument, "--host: expected an address to listen on, got \"\"");
        configuration.dimse_host = *options.host;
        configuration.http_host = *options.host;
    }
    if (options.dimse_port)
        configuration.dimse_port = *options.dimse_port;
    if (options.http_port)
        configuration.http_port = *options.http_port;
    if (options.maximum_associations)
        configuration.maximum_associations = *options.maximum_associations;
    if (options.index) {
        if (auto valid = server::validate_index_url(*options.index); !valid)
            return flag_error("--index", std::move(valid).error());
        configuration.index = *options.index;
    }
    if (options.duplicates) {
        auto policy = server::parse_duplicate_policy(*options.duplicates);
        if (!policy)
            return flag_error("--duplicates", std::move(policy).error());
        configuration.duplicates = *policy;
    }
    if (options.no_fsync)
        configuration.fsync = false;
    return apply_peers(options.peers, configuration);
}

} // namespace

void add_serve_options(CLI::App& command, ServeOptions& options)
{
    command
        .add_option("--config", options.config_file,
                    "The TOML config file (README: Running the PACS); without it, defaults and flags only "
                    "(./roentgen.toml is not read)")
        ->type_name("FILE");
    command
        .add_option("--data", options.data_directory,
                    "Folder of the archive: files and index ([server] data; default roentgen-data)")
        ->type_name("DIR");
    command.add_option("--port", options.dimse_port, "DIMSE port ([dimse] port; default 11112)")
        ->type_name("N")
        ->check(CLI::Range(0, 65535));
    command.add_option("--http-port", options.http_port, "HTTP port ([http] port; default 8080)")
        ->type_name("N")
        ->check(CLI::Range(0, 65535));
    command.add_option("--aet", options.ae_title, "Our AE title ([server] ae_title; default ROENTGEN)")
        ->type_name("AE");
    command
        .add_option("--host", options.host,
                    "Address both servers listen on ([dimse] host and [http] host; default 0.0.0.0)")
        ->type_name("ADDR");
    command
        .add_option("--peer", options.peers,
                    "A C-MOVE destination or commitment requester ([peers]; repeatable, NAME= optional)")
        ->type_name("NAME=AE@host:port")
        ->allow_extra_args(false);
    command
        .add_option("--index", options.index,
                    "sqlite (DATA/index.sqlite), sqlite:PATH or postgresql://user@host:port/db ([index] url)")
        ->type_name("URL");
    command
        .add_option("--duplicates", options.duplicates,
                    "A SOP Instance UID already stored: keep, overwrite or reject ([storage] duplicates; default "
                    "keep)")
        ->type_name("POLICY")
        ->check(CLI::IsMember({"keep", "overwrite", "reject"}));
    command.add_flag("--no-fsync", options.no_fsync,
                     "Acknowledge C-STOREs before the file is on disk ([storage] fsync = false)");
    command
        .add_option("--max-associations", options.maximum_associations,
                    "Associations served at once ([dimse] max_associations; default 64)")
        ->type_name("N")
        ->check(CLI::Range(1, 10'000));
}

Result<server::ServerConfiguration> resolve_serve_configuration(const ServeOptions& options)
{
    server::ServerConfiguration configuration;
    if (!options.config_file.empty()) {
        ROENTGEN_TRY(configuration, server::read_server_configuration(options.config_file));
    }
    ROENTGEN_TRY(apply_flags(options, configuration));
    ROENTGEN_TRY(server::validate_server_configuration(configuration));
    return configuration;
}

} // namespace roentgen::cli
