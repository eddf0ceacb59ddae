// server/internal/config_validation.cpp — validate_server_configuration: the checks run at start, after flags apply.
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "server/internal/config_checks.h"
#include "server/server_configuration.h"

namespace roentgen::server {

namespace {

namespace fs = std::filesystem;

/// Collects "[table] key: problem" lines so one start shows every one.
class Findings {
public:
    void check(std::string_view key, Result<void> checked)
    {
        if (!checked)
            add(key, checked.error().message);
    }
    void add(std::string_view key, std::string_view problem)
    {
        m_text += fmt::format("{}{}: {}", m_text.empty() ? "" : "\n", key, problem);
    }
    Result<void> result() const
    {
        if (m_text.empty())
            return {};
        return make_error(Errc::InvalidArgument, m_text);
    }

private:
    std::string m_text;
};

Result<void> check_readable_file(const std::string& path)
{
    std::error_code error;
    if (!fs::exists(path, error))
        return make_error(Errc::NotFound, fmt::format("\"{}\": no such file", path));
    if (!fs::is_regular_file(path, error))
        return make_error(Errc::InvalidArgument, fmt::format("\"{}\": not a file", path));
    if (!std::ifstream(path, std::ios::binary))
        return make_error(Errc::Io, fmt::format("\"{}\": cannot be read", path));
    return {};
}

void check_tls(const ServerConfiguration& configuration, Findings& findings)
{
    const bool certificate = !configuration.tls_certificate.empty();
    if (certificate)
        findings.check("[dimse] tls_certificate", check_readable_file(configuration.tls_certificate));
    if (certificate && configuration.tls_key.empty())
        findings.add("[dimse] tls_key", "required with [dimse] tls_certificate");
    if (!configuration.tls_key.empty()) {
        if (!certificate)
            findings.add("[dimse] tls_key", "given without [dimse] tls_certificate");
        findings.check("[dimse] tls_key", check_readable_file(configuration.tls_key));
    }
    if (!configuration.tls_ca.empty()) {
        if (!certificate)
            findings.add("[dimse] tls_ca", "given without [dimse] tls_certificate (TLS is off)");
        findings.check("[dimse] tls_ca", check_readable_file(configuration.tls_ca));
    }
    if (configuration.tls_require_client_certificate && configuration.tls_ca.empty())
        findings.add("[dimse] tls_require_client_certificate",
                     "needs [dimse] tls_ca, the CAs client certificates must chain to");
}

void check_peers(const ServerConfiguration& configuration, Findings& findings)
{
    for (const auto& [ae_title, peer] : configuration.peers) {
        const auto key = fmt::format("[peers] {}", ae_title);
        if (ae_title != peer.ae_title)
            findings.add(key, fmt::format("keyed by {} but its AE title is {}", ae_title, peer.ae_title));
        findings.check(key, validate_ae_title(peer.ae_title));
        if (peer.host.empty())
            findings.add(key, "no host");
        if (peer.port == 0)
            findings.add(key, "port 0; expected 1-65535");
    }
    for (const auto& entry : configuration.allowed_peers)
        findings.check("[dimse] allowed_peers", internal::check_allowed_peer(entry));
}

} // namespace

Result<void> validate_server_configuration(const ServerConfiguration& configuration)
{
    Findings findings;
    findings.check("[server] ae_title", validate_ae_title(configuration.ae_title));
    if (configuration.data_directory.empty())
        findings.add("[server] data", "expected a folder, got \"\"");
    if (configuration.dimse_host.empty())
        findings.add("[dimse] host", "expected an address to listen on, got \"\"");
    if (configuration.http_host.empty())
        findings.add("[http] host", "expected an address to listen on, got \"\"");
    // Port 0 lets the system pick a free port for each, so two zeros do not collide.
    if (configuration.dimse_port != 0 && configuration.dimse_port == configuration.http_port)
        findings.add("[http] port",
                     fmt::format("{} is also the [dimse] port; each server needs its own", configuration.http_port));
    if (configuration.maximum_associations == 0)
        findings.add("[dimse] max_associations", "expected 1 or more, got 0");
    if (configuration.maximum_pdu_length < 4096)
        findings.add("[dimse] max_pdu_length",
                     fmt::format("expected 4096 or more (PS3.8 D.1), got {}", configuration.maximum_pdu_length));
    if (configuration.artim_timeout.count() <= 0)
        findings.add("[dimse] artim_timeout", "expected 1 second or more");
    if (configuration.idle_timeout.count() <= 0)
        findings.add("[dimse] idle_timeout", "expected 1 second or more");
    check_tls(configuration, findings);
    findings.check("[storage] transcode_to", internal::check_transfer_syntax_name(configuration.transcode_to));
    findings.check("[index] url", validate_index_url(configuration.index));
    if (configuration.index_connections == 0)
        findings.add("[index] connections", "expected 1 or more, got 0");
    check_peers(configuration, findings);
    findings.check("[log] level", internal::check_log_level(configuration.log_level));
    return findings.result();
}

} // namespace roentgen::server
