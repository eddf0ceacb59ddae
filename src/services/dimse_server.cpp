// services/dimse_server.cpp — accept loop, association threads, the association limit and stopping.
#include "services/dimse_server.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "net/association/negotiation.h"
#include "services/internal/request_dispatcher.h"

namespace roentgen::services {
namespace {

/// Forwards to the accepted connection and, on destruction, clears the server's pointer to it
/// under the server's lock, so stop() never interrupts a connection that is gone.
class TrackedConnection final : public net::Connection {
public:
    TrackedConnection(std::unique_ptr<net::Connection> inner, std::mutex& mutex, net::Connection*& slot)
        : m_inner(std::move(inner)), m_mutex(mutex), m_slot(slot)
    {
    }
    ~TrackedConnection() override
    {
        std::lock_guard lock(m_mutex);
        m_slot = nullptr;
    }
    Result<void> read_exact(std::span<uint8_t> out, net::Milliseconds timeout) override
    {
        return m_inner->read_exact(out, timeout);
    }
    Result<size_t> read_some(std::span<uint8_t> out, net::Milliseconds timeout) override
    {
        return m_inner->read_some(out, timeout);
    }
    Result<void> write_all(std::span<const std::span<const uint8_t>> buffers, net::Milliseconds timeout) override
    {
        return m_inner->write_all(buffers, timeout);
    }
    void close() override
    {
        // Forgotten before the descriptor is closed: stop() must not shut down a number the
        // system may already have given to another socket.
        {
            std::lock_guard lock(m_mutex);
            m_slot = nullptr;
        }
        m_inner->close();
    }
    Result<bool> wait_readable(net::Milliseconds timeout) override { return m_inner->wait_readable(timeout); }
    void interrupt() override { m_inner->interrupt(); }
    const std::string& peer_address() const override { return m_inner->peer_address(); }
    const std::string& peer_host() const override { return m_inner->peer_host(); }

private:
    std::unique_ptr<net::Connection> m_inner;
    std::mutex& m_mutex;
    net::Connection*& m_slot;
};

}  // namespace

struct DimseServer::State {
    DimseServerConfiguration configuration;
    ServiceHandlers handlers;
    ServerEvents events;
    std::unique_ptr<net::Listener> listener;
    std::thread accept_thread;

    struct Worker {
        std::thread thread;
        net::Connection* connection = nullptr;  // while it may block; cleared before it is destroyed
        bool done = false;
    };
    mutable std::mutex mutex;
    std::map<uint64_t, Worker> workers;
    uint64_t next_worker = 0;
    size_t active = 0;
    bool stopping = false;

    void report(const std::string& message) const
    {
        if (events.on_error)
            events.on_error(message);
    }
    void accept_loop();
    void serve(uint64_t id, std::unique_ptr<net::Connection> connection, bool over_limit);
    void join_finished();
};

void DimseServer::State::join_finished()
{
    std::vector<std::thread> finished;
    {
        std::lock_guard lock(mutex);
        for (auto it = workers.begin(); it != workers.end();) {
            if (it->second.done) {
                finished.push_back(std::move(it->second.thread));
                it = workers.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (auto& thread : finished)
        thread.join();
}

void DimseServer::State::accept_loop()
{
    for (;;) {
        auto connection = listener->accept(configuration.timeouts.connect);
        if (!connection) {
            if (connection.error().code == Errc::Closed)
                return;
            report(connection.error().message);  // e.g. out of descriptors: serve the next one
            continue;
        }
        join_finished();
        std::lock_guard lock(mutex);
        if (stopping)
            return;
        const uint64_t id = next_worker++;
        const bool over_limit = active >= configuration.maximum_associations;
        ++active;
        auto& worker = workers[id];  // std::map: the entry stays put until join_finished() erases it
        worker.connection = connection->get();
        auto tracked = std::make_unique<TrackedConnection>(std::move(*connection), mutex, worker.connection);
        worker.thread = std::thread(&State::serve, this, id, std::move(tracked), over_limit);
    }
}

void DimseServer::State::serve(uint64_t id, std::unique_ptr<net::Connection> connection, bool over_limit)
{
    const auto decide = [&](const net::AssociateRequest& request,
                            const net::Connection& peer) -> std::variant<net::AssociateAccept, net::AssociateReject> {
        if (over_limit)  // PS3.8 9.3.4: transient, service-provider (presentation), local limit exceeded
            return net::AssociateReject{net::RejectResult::Transient, net::RejectSource::ServiceProviderPresentation,
                                        net::reject_reasons::LocalLimitExceeded};
        return net::negotiate(request, configuration.acceptor, peer.peer_host());
    };
    const std::string peer = connection->peer_address();
    {
        auto association = net::Association::accept(std::move(connection), decide, configuration.timeouts);
        if (!association) {
            report(fmt::format("association from {}: {}", peer, association.error().message));
        } else {
            AssociationInfo info{association->request_pdu().calling_ae_title, association->request_pdu().called_ae_title,
                                 peer, association->connection().peer_host()};
            if (events.on_association)
                events.on_association(info);
            internal::RequestDispatcher dispatcher(
                *association, info, handlers,
                {configuration.acceptor.ae_title, configuration.timeouts, configuration.acceptor.maximum_pdu_length},
                configuration.storage_commitment_report_on_new_association
                    ? internal::CommitmentReporting::NewAssociation
                    : internal::CommitmentReporting::SameAssociation);
            if (auto served = dispatcher.run(configuration.timeouts.idle); !served)
                report(fmt::format("association from {} ({}): {}", info.calling_ae_title, peer, served.error().message));
        }
    }
    std::lock_guard lock(mutex);
    workers[id].done = true;
    --active;
}

DimseServer::DimseServer(std::unique_ptr<State> state) : m_state(std::move(state)) {}

Result<std::unique_ptr<DimseServer>> DimseServer::start(DimseServerConfiguration configuration,
                                                        ServiceHandlers handlers, ServerEvents events)
{
    auto state = std::make_unique<State>();
    state->configuration = std::move(configuration);
    state->handlers = handlers;
    state->events = std::move(events);
    const auto* tls = state->configuration.tls ? &*state->configuration.tls : nullptr;
    ROENTGEN_TRY(state->listener, net::listen(state->configuration.host, state->configuration.port, tls));
    state->accept_thread = std::thread(&State::accept_loop, state.get());
    return std::unique_ptr<DimseServer>(new DimseServer(std::move(state)));
}

DimseServer::~DimseServer() { stop(); }

uint16_t DimseServer::port() const { return m_state->listener->port(); }

size_t DimseServer::active_associations() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->active;
}

void DimseServer::stop()
{
    {
        std::lock_guard lock(m_state->mutex);
        if (m_state->stopping)
            return;
        m_state->stopping = true;
    }
    m_state->listener->stop();
    if (m_state->accept_thread.joinable())
        m_state->accept_thread.join();
    {
        std::lock_guard lock(m_state->mutex);
        for (auto& [id, worker] : m_state->workers)
            if (worker.connection)
                worker.connection->interrupt();
    }
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(m_state->mutex);
        for (auto& [id, worker] : m_state->workers)
            threads.push_back(std::move(worker.thread));
    }
    for (auto& thread : threads)
        if (thread.joinable())
            thread.join();
}

}  // namespace roentgen::services
