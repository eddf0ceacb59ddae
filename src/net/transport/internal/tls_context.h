// net/transport/internal/tls_context.h — OpenSSL contexts for DICOM secure transport profiles (PS3.15 B.9).
#pragma once

#include <memory>

#include "base/result.h"
#include "net/transport/internal/asio.h"
#include "net/transport/tls_options.h"

namespace roentgen::net::internal {

[[nodiscard]] Result<std::shared_ptr<asio::ssl::context>> make_client_context(const TlsClientOptions& options);
[[nodiscard]] Result<std::shared_ptr<asio::ssl::context>> make_server_context(const TlsServerOptions& options);

}  // namespace roentgen::net::internal
