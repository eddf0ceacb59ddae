// net/transport/internal/asio.h — the one header that includes Boost.Asio (and its OpenSSL layer).
#pragma once

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility> (DESIGN.md 8).
#include <utility>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>

namespace roentgen::net::internal {
namespace asio = boost::asio;
using tcp = boost::asio::ip::tcp;
}  // namespace roentgen::net::internal
