// server/server_configuration.h — everything `roentgen serve` can be told: defaults, the TOML file, command-line
// overrides.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace roentgen::server {

/// What a C-STORE of a SOP Instance UID already stored does.
enum class DuplicatePolicy {
    Keep,      ///< Keeps the stored object, answers success (0000) and discards the new one (Orthanc's default).
    Overwrite, ///< Replaces the stored object and its index record.
    Reject,    ///< Refuses the new one with 0111 (Duplicate SOP Instance, PS3.7 C.4.1.1).
};

/// A C-MOVE destination or Storage Commitment requester we may connect to.
struct PeerAddress {
    std::string ae_title;
    std::string host;
    uint16_t port = 104;

    bool operator==(const PeerAddress&) const = default;
};

/// `roentgen serve` settings. Every member has the default the README documents; the TOML key
/// is given in brackets.
struct ServerConfiguration {
    // [server]
    std::string ae_title = "ROENTGEN";            ///< [server] ae_title
    std::string data_directory = "roentgen-data"; ///< [server] data (relative to the working directory)
    // [dimse]
    std::string dimse_host = "0.0.0.0";     ///< [dimse] host
    uint16_t dimse_port = 11112;            ///< [dimse] port
    size_t maximum_associations = 64;       ///< [dimse] max_associations
    uint32_t maximum_pdu_length = 1 << 20;  ///< [dimse] max_pdu_length
    std::chrono::seconds artim_timeout{30}; ///< [dimse] artim_timeout (seconds)
    std::chrono::seconds idle_timeout{600}; ///< [dimse] idle_timeout (seconds)
    bool check_called_ae_title = false;     ///< [dimse] check_called_ae_title
    /// [dimse] allowed_peers: calling AE titles (`AE` or `AE@host`) accepted; empty accepts all.
    std::vector<std::string> allowed_peers;
    /// [dimse] tls_certificate, tls_key, tls_ca, tls_require_client_certificate: TLS on the DIMSE
    /// port when a certificate is given (PS3.15 B.9).
    std::string tls_certificate;
    std::string tls_key;
    std::string tls_ca;
    bool tls_require_client_certificate = false;
    // [http]
    std::string http_host = "0.0.0.0"; ///< [http] host
    uint16_t http_port = 8080;         ///< [http] port (DICOMweb, a later issue)
    // [storage]
    DuplicatePolicy duplicates = DuplicatePolicy::Keep; ///< [storage] duplicates = "keep" | "overwrite" | "reject"
    bool fsync = true;                                  ///< [storage] fsync: false trades crash safety for speed
    /// [storage] transcode_to: a transfer syntax (name or UID) every received object is
    /// converted to before it is stored; empty stores as received.
    std::string transcode_to;
    // [index]
    /// [index] url: "sqlite" (the file <data>/index.sqlite), "sqlite:PATH", or a PostgreSQL URI
    /// "postgresql://user@host:port/db".
    std::string index = "sqlite";
    size_t index_connections = 8; ///< [index] connections (pool size)
    // [query]
    bool person_name_case_insensitive = true; ///< [query] case_insensitive_names (PS3.4 C.2.2.2.1)
    // [storage_commitment]
    /// [storage_commitment] report_on_new_association: reports go on a new association to the
    /// requester (from [peers]) instead of the one the request came on.
    bool commitment_report_on_new_association = false;
    // [peers] NAME = "AE@host:port": C-MOVE destinations and commitment requesters, by AE title.
    std::map<std::string, PeerAddress> peers; ///< keyed by AE title
    // [log]
    std::string log_level = "info"; ///< [log] level = "debug" | "info" | "warning" | "error"

    bool operator==(const ServerConfiguration&) const = default;
};

/// Every key the file may have, as "[table] key" in the README's order; [peers], whose keys are
/// names, appears as "[peers] NAME". The README's table and the example file are tested against it.
std::vector<std::string> server_configuration_keys();

/// Reads a TOML file over the defaults. An unknown table or key, a value of the wrong type or out
/// of range is an error naming the file, the key and its line (`roentgen.toml:12: [dimse] port:
/// expected an integer 0-65535, got "abc"`).
[[nodiscard]] Result<ServerConfiguration> read_server_configuration(const std::string& path);
/// Reads TOML text (for tests); `name` stands for the file in errors.
[[nodiscard]] Result<ServerConfiguration> parse_server_configuration(std::string_view toml, std::string_view name);

/// Parses the `AE@host:port` of a [peers] value or of `--peer NAME=AE@host:port` (the caller drops
/// `NAME=`); an IPv6 host goes in brackets (`PACS@[::1]:104`), the port is 1-65535, the AE title is
/// checked as validate_ae_title does. Errors say what is wrong.
[[nodiscard]] Result<PeerAddress> parse_peer_address(std::string_view text);
/// Parses "keep", "overwrite", "reject".
[[nodiscard]] Result<DuplicatePolicy> parse_duplicate_policy(std::string_view text);

/// Checks an AE title: 1-16 characters of the default repertoire, no backslash or control
/// character, not only spaces (PS3.5 6.2, VR AE).
[[nodiscard]] Result<void> validate_ae_title(std::string_view ae_title);
/// Checks an [index] url: "sqlite", "sqlite:PATH", or a URI starting "postgresql://" or
/// "postgres://" (both are libpq's).
[[nodiscard]] Result<void> validate_index_url(std::string_view url);

/// Checks a configuration after flags are applied: AE title 1-16 characters of the default
/// repertoire without backslash (PS3.5 6.2), ports that differ, a known index URL scheme, a
/// readable TLS certificate and key when given, a transfer syntax name that exists. Errors name
/// the setting as the TOML key (`[dimse] port`).
[[nodiscard]] Result<void> validate_server_configuration(const ServerConfiguration& configuration);

} // namespace roentgen::server
