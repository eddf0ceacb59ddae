// net/transport/transport.cpp — connect() and listen(): TCP endpoints, TLS contexts, accept loop.
#include <fmt/format.h>

#include "net/transport/connection.h"
#include "net/transport/internal/asio_connection.h"
#include "net/transport/internal/tls_context.h"

namespace roentgen::net {
namespace {

namespace asio = boost::asio;
using internal::AsioConnection;
using internal::tcp;

class AsioListener final : public Listener {
public:
    AsioListener(tcp::acceptor acceptor, std::unique_ptr<asio::io_context> io,
                 std::shared_ptr<asio::ssl::context> tls_context)
        : m_io(std::move(io)), m_acceptor(std::move(acceptor)), m_tls_context(std::move(tls_context))
    {
        m_port = m_acceptor.local_endpoint().port();
    }

    Result<std::unique_ptr<Connection>> accept(Milliseconds handshake_timeout) override
    {
        auto io = std::make_unique<asio::io_context>(1);
        boost::system::error_code result;
        std::optional<tcp::socket> accepted;
        m_acceptor.async_accept(*io, [&](const boost::system::error_code& error, tcp::socket socket) {
            result = error;
            if (!error)
                accepted.emplace(std::move(socket));
        });
        m_io->restart();
        m_io->run();
        if (result == asio::error::operation_aborted || !m_acceptor.is_open())
            return make_error(Errc::Closed, "listener stopped");
        if (result)
            return make_error(Errc::Io, fmt::format("accepting a connection: {}", result.message()));
        auto connection = std::make_unique<AsioConnection>(std::move(io), std::move(*accepted), m_tls_context);
        // Not here: the accept loop would wait for a peer that connects and never says hello.
        if (m_tls_context)
            connection->defer_handshake(handshake_timeout);
        return std::unique_ptr<Connection>(std::move(connection));
    }

    void stop() override
    {
        asio::post(*m_io, [this] {
            boost::system::error_code ignored;
            m_acceptor.close(ignored);
        });
    }

    uint16_t port() const override { return m_port; }

private:
    std::unique_ptr<asio::io_context> m_io;
    tcp::acceptor m_acceptor;
    std::shared_ptr<asio::ssl::context> m_tls_context;
    uint16_t m_port = 0;
};

}  // namespace

Result<std::unique_ptr<Connection>> connect(const std::string& host, uint16_t port, Milliseconds timeout,
                                            const TlsClientOptions* tls)
{
    std::shared_ptr<asio::ssl::context> tls_context;
    if (tls) {
        ROENTGEN_TRY(tls_context, internal::make_client_context(*tls));
    }
    auto io = std::make_unique<asio::io_context>(1);
    tcp::resolver resolver(*io);
    boost::system::error_code error;
    const auto endpoints = resolver.resolve(host, std::to_string(port), error);
    if (error)
        return make_error(Errc::Io, fmt::format("resolving {}: {}", host, error.message()));
    tcp::socket socket(*io);
    bool done = false;
    asio::async_connect(socket, endpoints, [&](const boost::system::error_code& result, const tcp::endpoint&) {
        error = result;
        done = true;
    });
    io->run_for(timeout);
    if (!done) {
        socket.close(error);
        io->restart();
        io->run();
        return make_error(Errc::Timeout, fmt::format("connecting to {}:{}: no answer within {} ms", host, port,
                                                     timeout.count()));
    }
    if (error)
        return make_error(error == asio::error::connection_refused ? Errc::Refused : Errc::Io,
                          fmt::format("connecting to {}:{}: {}", host, port, error.message()));
    auto connection = std::make_unique<AsioConnection>(std::move(io), std::move(socket), tls_context);
    if (tls_context) {
        if (auto handshaken = connection->handshake(asio::ssl::stream_base::client, timeout); !handshaken)
            return add_context(std::move(handshaken).error(), fmt::format("connecting to {}:{}", host, port));
    }
    return std::unique_ptr<Connection>(std::move(connection));
}

Result<std::unique_ptr<Listener>> listen(const std::string& host, uint16_t port, const TlsServerOptions* tls)
{
    std::shared_ptr<asio::ssl::context> tls_context;
    if (tls) {
        ROENTGEN_TRY(tls_context, internal::make_server_context(*tls));
    }
    auto io = std::make_unique<asio::io_context>(1);
    boost::system::error_code error;
    const auto address = asio::ip::make_address(host, error);
    if (error)
        return make_error(Errc::InvalidArgument, fmt::format("listening address {}: {}", host, error.message()));
    tcp::acceptor acceptor(*io);
    const tcp::endpoint endpoint(address, port);
    acceptor.open(endpoint.protocol(), error);
    if (!error)
        acceptor.set_option(tcp::acceptor::reuse_address(true), error);
    if (!error)
        acceptor.bind(endpoint, error);
    if (!error)
        acceptor.listen(asio::socket_base::max_listen_connections, error);
    if (error)
        return make_error(Errc::Io, fmt::format("listening on {}:{}: {}", host, port, error.message()));
    return std::unique_ptr<Listener>(std::make_unique<AsioListener>(std::move(acceptor), std::move(io), tls_context));
}

}  // namespace roentgen::net
