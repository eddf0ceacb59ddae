// cli/network_options.cpp — peer syntax, client options and opening an association from them.
#include "cli/network_options.h"

#include <charconv>
#include <cstdlib>
#include <filesystem>

#include <toml++/toml.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "encoding/part10_file.h"

namespace roentgen::cli {

namespace {

// The config file naming peers: $ROENTGEN_CONFIG, else ./roentgen.toml, else ~/.config/roentgen/config.toml.
std::string config_path()
{
    if (const char* path = std::getenv("ROENTGEN_CONFIG"); path && *path)
        return path;
    std::error_code error;
    if (std::filesystem::exists("roentgen.toml", error))
        return "roentgen.toml";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.config/roentgen/config.toml";
    return {};
}

Result<std::string> peer_from_config(std::string_view name)
{
    const std::string path = config_path();
    std::error_code error;
    if (path.empty() || !std::filesystem::exists(path, error))
        return make_error(Errc::NotFound, fmt::format("peer '{}': not AE@host:port, and no config file names peers "
                                                      "(ROENTGEN_CONFIG, ./roentgen.toml, ~/.config/roentgen/config.toml)",
                                                      name));
    try {
        const auto table = toml::parse_file(path);
        if (auto value = table["peers"][name].value<std::string>())
            return *value;
        return make_error(Errc::NotFound, fmt::format("peer '{}': not AE@host:port, and {} has no [peers] {} = "
                                                      "\"AE@host:port\"",
                                                      name, path, name));
    } catch (const toml::parse_error& failure) {
        return make_error(Errc::InvalidArgument, fmt::format("{}: line {}: {}", path, failure.source().begin.line,
                                                             failure.description()));
    }
}

}  // namespace

Result<RemotePeer> parse_remote_peer(std::string_view text)
{
    if (text.find('@') == std::string_view::npos) {
        ROENTGEN_TRY(auto configured, peer_from_config(text));
        if (configured.find('@') == std::string::npos)
            return make_error(Errc::InvalidArgument, fmt::format("peer '{}' = '{}' in the config: expected AE@host:port",
                                                                 text, configured));
        return parse_remote_peer(configured);
    }
    const auto at = text.find('@');
    const auto colon = text.rfind(':');
    if (at == std::string_view::npos || colon == std::string_view::npos || colon < at)
        return make_error(Errc::InvalidArgument, fmt::format("peer '{}': expected AE@host:port", text));
    RemotePeer peer;
    peer.ae_title = std::string(text.substr(0, at));
    peer.host = std::string(text.substr(at + 1, colon - at - 1));
    if (peer.host.size() > 2 && peer.host.front() == '[' && peer.host.back() == ']')
        peer.host = peer.host.substr(1, peer.host.size() - 2);
    const auto port_text = text.substr(colon + 1);
    unsigned port = 0;
    const auto parsed = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (parsed.ec != std::errc() || parsed.ptr != port_text.data() + port_text.size() || port == 0 || port > 65535)
        return make_error(Errc::InvalidArgument, fmt::format("peer '{}': port '{}' is not 1..65535", text, port_text));
    peer.port = static_cast<uint16_t>(port);
    if (peer.ae_title.empty() || peer.ae_title.size() > 16)
        return make_error(Errc::InvalidArgument, fmt::format("peer '{}': AE title must be 1 to 16 characters", text));
    if (peer.host.empty())
        return make_error(Errc::InvalidArgument, fmt::format("peer '{}': no host", text));
    return peer;
}

net::AssociationTimeouts ClientOptions::timeouts() const
{
    net::AssociationTimeouts timeouts;
    timeouts.connect = std::chrono::seconds(connect_timeout_seconds);
    timeouts.artim = std::chrono::seconds(connect_timeout_seconds);
    timeouts.dimse = std::chrono::seconds(dimse_timeout_seconds);
    return timeouts;
}

std::optional<net::TlsClientOptions> ClientOptions::tls_options() const
{
    if (!tls)
        return std::nullopt;
    return net::TlsClientOptions{tls_certificate, tls_key, tls_ca};
}

std::optional<net::UserIdentityRequest> ClientOptions::user_identity() const
{
    const auto bytes = [](const std::string& text) { return std::vector<uint8_t>(text.begin(), text.end()); };
    if (!jwt.empty())
        return net::UserIdentityRequest{net::UserIdentityType::Jwt, true, bytes(jwt), {}};
    if (!saml.empty())
        return net::UserIdentityRequest{net::UserIdentityType::Saml, true, bytes(saml), {}};
    if (!username.empty() && !password.empty())
        return net::UserIdentityRequest{net::UserIdentityType::UsernameAndPasscode, true, bytes(username), bytes(password)};
    if (!username.empty())
        return net::UserIdentityRequest{net::UserIdentityType::Username, true, bytes(username), {}};
    return std::nullopt;
}

void add_client_options(CLI::App& command, ClientOptions& options)
{
    command.add_option("peer", options.peer, "The peer as AE@host:port (e.g. ORTHANC@127.0.0.1:4242), or a name from the [peers] table of the config file")->required();
    command.add_option("--aet", options.calling_ae_title, "Our (calling) AE title")->capture_default_str();
    command.add_option("--connect-timeout", options.connect_timeout_seconds, "Seconds to connect and negotiate")
        ->capture_default_str();
    command.add_option("--dimse-timeout", options.dimse_timeout_seconds, "Seconds to wait for each response")
        ->capture_default_str();
    command.add_option("--max-pdu", options.maximum_pdu_length, "Largest PDU we receive (bytes)")->capture_default_str();
    command.add_flag("--tls", options.tls, "Secure transport (PS3.15 B.9, TLS 1.2+)");
    command.add_option("--tls-cert", options.tls_certificate, "Our certificate (PEM), for servers that verify clients");
    command.add_option("--tls-key", options.tls_key, "The private key of --tls-cert (PEM)");
    command.add_option("--tls-ca", options.tls_ca, "CA bundle (PEM) the server's certificate must chain to");
    command.add_option("--user", options.username, "User identity: username (PS3.7 D.3.3.7)");
    command.add_option("--password", options.password, "User identity: passcode with --user");
    command.add_option("--jwt", options.jwt, "User identity: a JSON Web Token");
    command.add_option("--saml", options.saml, "User identity: a SAML assertion");
}

Result<net::Association> open_association(const ClientOptions& options, const RemotePeer& peer,
                                          std::vector<net::PresentationContextProposal> contexts,
                                          std::optional<net::AsynchronousOperationsWindow> window,
                                          std::vector<net::RoleSelection> roles)
{
    const auto tls = options.tls_options();
    ROENTGEN_TRY(auto connection, net::connect(peer.host, peer.port, options.timeouts().connect, tls ? &*tls : nullptr));
    net::AssociateRequest request;
    request.called_ae_title = peer.ae_title;
    request.calling_ae_title = options.calling_ae_title;
    request.presentation_contexts = std::move(contexts);
    request.user_information.maximum_length = options.maximum_pdu_length;
    request.user_information.implementation_class_uid = std::string(implementation_class_uid());
    request.user_information.implementation_version_name = std::string(implementation_version_name());
    request.user_information.asynchronous_operations_window = window;
    request.user_information.role_selections = std::move(roles);
    request.user_information.user_identity_request = options.user_identity();
    auto association = net::Association::request(std::move(connection), std::move(request), options.timeouts());
    if (!association)
        return add_context(std::move(association).error(),
                           fmt::format("associating with {}@{}:{}", peer.ae_title, peer.host, peer.port));
    return association;
}

}  // namespace roentgen::cli
