// net/transport/internal/asio_connection.h — Connection over an Asio stream (plain TCP or TLS) with deadlines.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/transport/connection.h"
#include "net/transport/internal/asio.h"

namespace roentgen::net::internal {

/// Every connection owns its io_context, so an association's thread never waits on another's.
/// Each call starts one asynchronous operation and runs the context for at most the timeout;
/// an operation still pending then is cancelled and reported as Errc::Timeout.
class AsioConnection final : public Connection {
public:
    AsioConnection(std::unique_ptr<asio::io_context> io, tcp::socket socket,
                   std::shared_ptr<asio::ssl::context> tls_context);
    ~AsioConnection() override;

    /// The TLS handshake (when TLS is on) as client or server.
    [[nodiscard]] Result<void> handshake(asio::ssl::stream_base::handshake_type type, Milliseconds timeout);
    /// Server side: the TLS handshake happens on the first read or write instead, in the thread
    /// that serves the connection, so a peer that never completes it holds up no other.
    void defer_handshake(Milliseconds timeout) { m_deferred_handshake = timeout; }

    Result<void> read_exact(std::span<uint8_t> out, Milliseconds timeout) override;
    Result<size_t> read_some(std::span<uint8_t> out, Milliseconds timeout) override;
    Result<void> write_all(std::span<const std::span<const uint8_t>> buffers, Milliseconds timeout) override;
    Result<bool> wait_readable(Milliseconds timeout) override;
    void close() override;
    void interrupt() override;
    const std::string& peer_address() const override { return m_peer_address; }
    const std::string& peer_host() const override { return m_peer_host; }

private:
    template <typename Start>
    Result<size_t> run(Start&& start, Milliseconds timeout, const char* what);
    tcp::socket& socket();
    [[nodiscard]] Result<void> complete_deferred_handshake();
    /// Copies buffered bytes into `out`; returns how many.
    size_t take_buffered(std::span<uint8_t> out);

    std::unique_ptr<asio::io_context> m_io;
    std::shared_ptr<asio::ssl::context> m_tls_context;
    std::optional<tcp::socket> m_plain;
    std::optional<asio::ssl::stream<tcp::socket>> m_tls;
    std::string m_peer_address;
    std::string m_peer_host;
    std::optional<Milliseconds> m_deferred_handshake;
    /// Read-ahead: a small read (a PDU header, a short PDU) takes whatever else has arrived, up to
    /// this buffer's size, so a PDU costs about one system call rather than two.
    std::vector<uint8_t> m_read_ahead;
    size_t m_read_ahead_begin = 0;
    size_t m_read_ahead_end = 0;
    bool m_closed = false;
    int m_native_handle = -1;  // read by interrupt() from another thread
};

}  // namespace roentgen::net::internal
