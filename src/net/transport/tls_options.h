// net/transport/tls_options.h — certificates and verification for DICOM secure transport (PS3.15 B.9, B.10).
#pragma once

#include <string>

namespace roentgen::net {

/// Lowest TLS version accepted; PS3.15 B.9 (BCP 195) asks for TLS 1.2 or later.
enum class TlsMinimumVersion { Tls12, Tls13 };

struct TlsClientOptions {
    std::string certificate_file;  ///< PEM; empty = no client certificate.
    std::string private_key_file;  ///< PEM key of certificate_file.
    std::string ca_file;           ///< PEM bundle the server's certificate must chain to; empty = no verification.
    TlsMinimumVersion minimum_version = TlsMinimumVersion::Tls12;
};

struct TlsServerOptions {
    std::string certificate_file;  ///< PEM, required.
    std::string private_key_file;  ///< PEM, required.
    std::string ca_file;           ///< PEM bundle client certificates are verified against.
    bool require_client_certificate = false;  ///< PS3.15 B.9: mutual authentication when set.
    TlsMinimumVersion minimum_version = TlsMinimumVersion::Tls12;
};

}  // namespace roentgen::net
