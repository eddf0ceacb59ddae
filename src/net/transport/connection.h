// net/transport/connection.h — a byte stream to one peer (TCP or TLS) with a deadline on every call.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "net/transport/tls_options.h"

namespace roentgen::net {

using Milliseconds = std::chrono::milliseconds;

/// One connected stream. Not thread-safe: one association uses it from one thread at a time.
/// Errors: Errc::Timeout when the deadline passes, Errc::Closed when the peer closed the stream,
/// Errc::Io for anything else the operating system or TLS reports.
class Connection {
public:
    virtual ~Connection() = default;
    /// Reads exactly `out.size()` bytes.
    [[nodiscard]] virtual Result<void> read_exact(std::span<uint8_t> out, Milliseconds timeout) = 0;
    /// Reads at least one byte and at most `out.size()`; returns how many.
    [[nodiscard]] virtual Result<size_t> read_some(std::span<uint8_t> out, Milliseconds timeout) = 0;
    /// Writes every buffer in order with one gather write where the stream allows it, so that a PDU
    /// header and its payload leave in one segment (TCP_NODELAY is always set).
    [[nodiscard]] virtual Result<void> write_all(std::span<const std::span<const uint8_t>> buffers,
                                                 Milliseconds timeout) = 0;
    /// Whether bytes can be read within `timeout` (false when it passed without any). Lets a
    /// server finish other work while a peer is quiet. The default says yes at once.
    [[nodiscard]] virtual Result<bool> wait_readable(Milliseconds timeout)
    {
        (void)timeout;
        return true;
    }
    /// Shuts the stream down (TLS close_notify first); further calls fail.
    virtual void close() = 0;
    /// Makes a read or write blocked in another thread fail at once (the socket is shut down);
    /// the only call that may come from another thread. For servers that stop.
    virtual void interrupt() = 0;
    /// "host:port" of the peer, for logs and the calling-AE host check.
    virtual const std::string& peer_address() const = 0;
    /// The peer's IP address alone.
    virtual const std::string& peer_host() const = 0;
};

/// Connects to host:port (name or address), optionally with TLS (PS3.15 B.9/B.10).
[[nodiscard]] Result<std::unique_ptr<Connection>> connect(const std::string& host, uint16_t port,
                                                          Milliseconds timeout, const TlsClientOptions* tls = nullptr);

/// A listening socket. With TLS, accept() hands over each connection before its handshake, which
/// is done (within `handshake_timeout`) by the connection's first read or write, in the thread that
/// serves it: a peer that never completes it stalls no other. A failed handshake is the error of
/// that first call.
class Listener {
public:
    virtual ~Listener() = default;
    /// Waits for the next peer; an error is worth logging and accepting again. Errc::Closed after stop().
    [[nodiscard]] virtual Result<std::unique_ptr<Connection>> accept(Milliseconds handshake_timeout) = 0;
    /// Unblocks accept() from another thread; the listener is spent afterwards.
    virtual void stop() = 0;
    /// The bound port (useful with port 0).
    virtual uint16_t port() const = 0;
};

/// Binds host:port (port 0 picks a free one) and listens.
[[nodiscard]] Result<std::unique_ptr<Listener>> listen(const std::string& host, uint16_t port,
                                                       const TlsServerOptions* tls = nullptr);

}  // namespace roentgen::net
