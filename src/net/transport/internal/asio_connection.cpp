// net/transport/internal/asio_connection.cpp — deadlines over Asio operations, error mapping, TCP options.
#include "net/transport/internal/asio_connection.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace roentgen::net::internal {
namespace {

Error map_error(const boost::system::error_code& error, const char* what)
{
    const bool closed = error == asio::error::eof || error == asio::error::connection_reset ||
                        error == asio::error::broken_pipe || error == asio::error::connection_aborted ||
                        error == asio::ssl::error::stream_truncated;
    return Error{closed ? Errc::Closed : Errc::Io,
                 fmt::format("{}: {}", what, closed ? std::string("connection closed by peer") : error.message())};
}

}  // namespace

AsioConnection::AsioConnection(std::unique_ptr<asio::io_context> io, tcp::socket socket,
                               std::shared_ptr<asio::ssl::context> tls_context)
    : m_io(std::move(io)), m_tls_context(std::move(tls_context))
{
    boost::system::error_code ignored;
    // PEERS.md: without TCP_NODELAY every DIMSE message waits for a delayed ACK (~40 ms).
    socket.set_option(tcp::no_delay(true), ignored);
    const auto endpoint = socket.remote_endpoint(ignored);
    m_peer_host = endpoint.address().to_string(ignored);
    m_peer_address = fmt::format("{}:{}", m_peer_host, endpoint.port());
    m_native_handle = socket.native_handle();
    if (m_tls_context)
        m_tls.emplace(std::move(socket), *m_tls_context);
    else
        m_plain.emplace(std::move(socket));
}

AsioConnection::~AsioConnection() { close(); }

tcp::socket& AsioConnection::socket() { return m_tls ? m_tls->next_layer() : *m_plain; }

template <typename Start>
Result<size_t> AsioConnection::run(Start&& start, Milliseconds timeout, const char* what)
{
    if (m_closed)
        return make_error(Errc::Closed, fmt::format("{}: connection already closed", what));
    boost::system::error_code result;
    size_t transferred = 0;
    bool done = false;
    start([&](const boost::system::error_code& error, size_t bytes) {
        result = error;
        transferred = bytes;
        done = true;
    });
    m_io->restart();
    m_io->run_for(timeout);
    if (!done) {
        boost::system::error_code ignored;
        socket().cancel(ignored);
        m_io->restart();
        m_io->run();  // lets the cancelled operation complete before its buffers go away
        if (!done || result == asio::error::operation_aborted)
            return make_error(Errc::Timeout, fmt::format("{}: no answer from {} within {} ms", what, m_peer_address,
                                                         timeout.count()));
    }
    if (result)
        return std::unexpected(map_error(result, what));
    return transferred;
}

Result<void> AsioConnection::handshake(asio::ssl::stream_base::handshake_type type, Milliseconds timeout)
{
    if (!m_tls)
        return {};
    auto handshaken = run(
        [&](auto handler) {
            m_tls->async_handshake(type, [handler](const boost::system::error_code& error) mutable {
                handler(error, 0);
            });
        },
        timeout, "TLS handshake");
    if (!handshaken)
        return std::unexpected(std::move(handshaken).error());
    return {};
}

Result<void> AsioConnection::complete_deferred_handshake()
{
    if (!m_deferred_handshake)
        return {};
    const auto timeout = *m_deferred_handshake;
    m_deferred_handshake.reset();
    if (auto handshaken = handshake(asio::ssl::stream_base::server, timeout); !handshaken)
        return add_context(std::move(handshaken).error(), fmt::format("from {}", m_peer_address));
    return {};
}

namespace {
constexpr size_t read_ahead_size = 64 * 1024;
}  // namespace

size_t AsioConnection::take_buffered(std::span<uint8_t> out)
{
    const size_t n = std::min(out.size(), m_read_ahead_end - m_read_ahead_begin);
    if (n != 0) {
        std::memcpy(out.data(), m_read_ahead.data() + m_read_ahead_begin, n);
        m_read_ahead_begin += n;
    }
    if (m_read_ahead_begin == m_read_ahead_end)
        m_read_ahead_begin = m_read_ahead_end = 0;
    return n;
}

Result<void> AsioConnection::read_exact(std::span<uint8_t> out, Milliseconds timeout)
{
    ROENTGEN_TRY(complete_deferred_handshake());
    const size_t buffered = take_buffered(out);
    if (buffered == out.size())
        return {};
    auto rest = out.subspan(buffered);
    if (rest.size() >= read_ahead_size) {
        // Large reads (a big PDU's body) go straight into the caller's buffer.
        auto read = run(
            [&](auto handler) {
                if (m_tls)
                    asio::async_read(*m_tls, asio::buffer(rest.data(), rest.size()), handler);
                else
                    asio::async_read(*m_plain, asio::buffer(rest.data(), rest.size()), handler);
            },
            timeout, "reading from the network");
        if (!read)
            return std::unexpected(std::move(read).error());
        return {};
    }
    // The buffer is empty here: read at least what is owed, and whatever else has arrived.
    m_read_ahead.resize(read_ahead_size);
    auto read = run(
        [&](auto handler) {
            auto buffer = asio::buffer(m_read_ahead.data(), m_read_ahead.size());
            if (m_tls)
                asio::async_read(*m_tls, buffer, asio::transfer_at_least(rest.size()), handler);
            else
                asio::async_read(*m_plain, buffer, asio::transfer_at_least(rest.size()), handler);
        },
        timeout, "reading from the network");
    if (!read)
        return std::unexpected(std::move(read).error());
    m_read_ahead_end = *read;
    take_buffered(rest);
    return {};
}

Result<size_t> AsioConnection::read_some(std::span<uint8_t> out, Milliseconds timeout)
{
    ROENTGEN_TRY(complete_deferred_handshake());
    if (const size_t buffered = take_buffered(out); buffered != 0)
        return buffered;
    return run(
        [&](auto handler) {
            if (m_tls)
                m_tls->async_read_some(asio::buffer(out.data(), out.size()), handler);
            else
                m_plain->async_read_some(asio::buffer(out.data(), out.size()), handler);
        },
        timeout, "reading from the network");
}

Result<void> AsioConnection::write_all(std::span<const std::span<const uint8_t>> buffers, Milliseconds timeout)
{
    ROENTGEN_TRY(complete_deferred_handshake());
    std::array<asio::const_buffer, 16> small;  // eight PDUs of header and value (send_fragments)
    std::vector<asio::const_buffer> large;
    std::span<asio::const_buffer> sequence;
    if (buffers.size() <= small.size()) {
        for (size_t i = 0; i < buffers.size(); ++i)
            small[i] = asio::buffer(buffers[i].data(), buffers[i].size());
        sequence = std::span(small.data(), buffers.size());
    } else {
        for (const auto& buffer : buffers)
            large.push_back(asio::buffer(buffer.data(), buffer.size()));
        sequence = large;
    }
    auto written = run(
        [&](auto handler) {
            if (m_tls)
                asio::async_write(*m_tls, sequence, handler);
            else
                asio::async_write(*m_plain, sequence, handler);
        },
        timeout, "writing to the network");
    if (!written)
        return std::unexpected(std::move(written).error());
    return {};
}

Result<bool> AsioConnection::wait_readable(Milliseconds timeout)
{
    if (m_closed)
        return make_error(Errc::Closed, "waiting for data: connection already closed");
    // Bytes read ahead, or that TLS has already decrypted, are not visible on the socket.
    if (m_read_ahead_end > m_read_ahead_begin)
        return true;
    if (m_tls && SSL_pending(m_tls->native_handle()) > 0)
        return true;
    // poll(2), not async_wait: Asio's edge-triggered reactor reports a socket it last read without
    // reaching EAGAIN as still readable, and the read that follows would block.
    pollfd descriptor{m_native_handle, POLLIN, 0};
    const int ready = ::poll(&descriptor, 1, static_cast<int>(std::min<int64_t>(timeout.count(), 1 << 30)));
    if (ready < 0 && errno != EINTR)
        return make_error(Errc::Io, fmt::format("waiting for data from {}: {}", m_peer_address, std::strerror(errno)));
    return ready > 0;
}

void AsioConnection::interrupt()
{
    // shutdown(2) on the descriptor is safe from any thread; the blocked operation then completes
    // with an error in its own thread.
    if (m_native_handle >= 0)
        ::shutdown(m_native_handle, SHUT_RDWR);
}

void AsioConnection::close()
{
    if (m_closed)
        return;
    m_closed = true;
    boost::system::error_code ignored;
    if (m_tls && !m_deferred_handshake) {  // no close_notify without a session
        // close_notify, bounded: a peer that has gone away must not hold us here.
        bool done = false;
        m_tls->async_shutdown([&](const boost::system::error_code&) { done = true; });
        m_io->restart();
        m_io->run_for(std::chrono::milliseconds(200));
        if (!done) {
            m_tls->next_layer().cancel(ignored);
            m_io->restart();
            m_io->run();
        }
    }
    socket().shutdown(tcp::socket::shutdown_both, ignored);
    socket().close(ignored);
}

}  // namespace roentgen::net::internal
