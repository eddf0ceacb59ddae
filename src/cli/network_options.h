// cli/network_options.h — options shared by the network subcommands: peers, our AE title, timeouts, TLS.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"
#include "net/association/association.h"
#include "net/transport/tls_options.h"

namespace CLI {
class App;
}

namespace roentgen::cli {

/// A remote application entity: `AE@host:port` (e.g. ORTHANC@127.0.0.1:4242).
struct RemotePeer {
    std::string ae_title;
    std::string host;
    uint16_t port = 104;
};

/// Parses `AE@host:port` ([v6 address] in brackets), or looks a name up in the [peers] table of the
/// config file ($ROENTGEN_CONFIG, ./roentgen.toml, ~/.config/roentgen/config.toml); errors say what is wrong.
[[nodiscard]] Result<RemotePeer> parse_remote_peer(std::string_view text);

/// Options every SCU subcommand takes.
struct ClientOptions {
    std::string peer;                ///< AE@host:port
    std::string calling_ae_title = "ROENTGEN";
    unsigned connect_timeout_seconds = 10;
    unsigned dimse_timeout_seconds = 600;
    uint32_t maximum_pdu_length = 1 << 20;
    // TLS (PS3.15 B.9): on when --tls is given.
    bool tls = false;
    std::string tls_certificate;
    std::string tls_key;
    std::string tls_ca;
    // User identity (PS3.7 D.3.3.7).
    std::string username;
    std::string password;
    std::string jwt;
    std::string saml;

    net::AssociationTimeouts timeouts() const;
    std::optional<net::TlsClientOptions> tls_options() const;
    /// The user identity sub-item the options ask for, if any.
    std::optional<net::UserIdentityRequest> user_identity() const;
};

/// Adds --aet, timeouts, --max-pdu, TLS and identity options to `command`.
void add_client_options(CLI::App& command, ClientOptions& options);

/// Connects to the peer and negotiates an association with these proposals.
[[nodiscard]] Result<net::Association> open_association(const ClientOptions& options, const RemotePeer& peer,
                                                        std::vector<net::PresentationContextProposal> contexts,
                                                        std::optional<net::AsynchronousOperationsWindow> window = {},
                                                        std::vector<net::RoleSelection> roles = {});

}  // namespace roentgen::cli
