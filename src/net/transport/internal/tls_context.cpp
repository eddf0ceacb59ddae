// net/transport/internal/tls_context.cpp — certificate loading and protocol versions for TLS contexts.
#include "net/transport/internal/tls_context.h"

#include <openssl/ssl.h>

#include <fmt/format.h>

namespace roentgen::net::internal {
namespace {

Result<void> configure_common(asio::ssl::context& context, TlsMinimumVersion minimum_version,
                              const std::string& certificate_file, const std::string& private_key_file,
                              const std::string& ca_file)
{
    boost::system::error_code error;
    // PS3.15 B.9: BCP 195 rules out SSL and TLS 1.0/1.1.
    context.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                            asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                            asio::ssl::context::no_tlsv1_1,
                        error);
    const int minimum = minimum_version == TlsMinimumVersion::Tls13 ? TLS1_3_VERSION : TLS1_2_VERSION;
    if (SSL_CTX_set_min_proto_version(context.native_handle(), minimum) != 1)
        return make_error(Errc::Io, "TLS: cannot set the minimum protocol version");
    if (!certificate_file.empty()) {
        context.use_certificate_chain_file(certificate_file, error);
        if (error)
            return make_error(Errc::Io, fmt::format("TLS: reading certificate {}: {}", certificate_file, error.message()));
        context.use_private_key_file(private_key_file, asio::ssl::context::pem, error);
        if (error)
            return make_error(Errc::Io, fmt::format("TLS: reading private key {}: {}", private_key_file, error.message()));
    }
    if (!ca_file.empty()) {
        context.load_verify_file(ca_file, error);
        if (error)
            return make_error(Errc::Io, fmt::format("TLS: reading CA bundle {}: {}", ca_file, error.message()));
    }
    return {};
}

}  // namespace

Result<std::shared_ptr<asio::ssl::context>> make_client_context(const TlsClientOptions& options)
{
    auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
    ROENTGEN_TRY(configure_common(*context, options.minimum_version, options.certificate_file,
                                  options.private_key_file, options.ca_file));
    // Without a CA bundle the server is not verified (as DCMTK's -ic); DICOM certificates rarely
    // carry host names, so the chain is checked and the name is not.
    context->set_verify_mode(options.ca_file.empty() ? asio::ssl::verify_none : asio::ssl::verify_peer);
    return context;
}

Result<std::shared_ptr<asio::ssl::context>> make_server_context(const TlsServerOptions& options)
{
    if (options.certificate_file.empty() || options.private_key_file.empty())
        return make_error(Errc::InvalidArgument, "TLS: a server needs a certificate and a private key");
    auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
    ROENTGEN_TRY(configure_common(*context, options.minimum_version, options.certificate_file,
                                  options.private_key_file, options.ca_file));
    if (options.require_client_certificate)
        context->set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
    else if (!options.ca_file.empty())
        context->set_verify_mode(asio::ssl::verify_peer);
    else
        context->set_verify_mode(asio::ssl::verify_none);
    return context;
}

}  // namespace roentgen::net::internal
