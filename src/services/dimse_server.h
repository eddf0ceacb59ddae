// services/dimse_server.h — the SCP framework: a listener, one thread per association, handlers per service.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "base/result.h"
#include "net/association/acceptor_configuration.h"
#include "net/association/association.h"
#include "net/transport/tls_options.h"
#include "services/query_retrieve_service.h"
#include "services/storage_service.h"

namespace roentgen::services {

struct DimseServerConfiguration {
    std::string host = "0.0.0.0";
    uint16_t port = 11112;  ///< 0 picks a free port (see DimseServer::port()).
    net::AcceptorConfiguration acceptor;
    net::AssociationTimeouts timeouts;
    /// Associations served at once; one more is rejected (transient, local limit exceeded).
    size_t maximum_associations = 32;
    std::optional<net::TlsServerOptions> tls;
};

/// The handlers a server dispatches to; Verification (C-ECHO) is always answered.
struct ServiceHandlers {
    StorageService* storage = nullptr;    ///< Not owned; must outlive the server.
    QueryService* query = nullptr;        ///< C-FIND; not owned.
    RetrieveService* retrieve = nullptr;  ///< C-MOVE and C-GET; not owned.
};

/// Events the server reports (for logs and tests): never called concurrently for one association,
/// but from several threads at once.
struct ServerEvents {
    std::function<void(const std::string&)> on_error;  ///< A failed association or request, with context.
    std::function<void(const AssociationInfo&)> on_association;  ///< An association was accepted.
};

/// Serves associations until stop(). Each association runs on its own thread, so a slow or broken
/// peer never stalls another; a misbehaving peer gets an A-ABORT and its thread ends.
class DimseServer {
public:
    [[nodiscard]] static Result<std::unique_ptr<DimseServer>> start(DimseServerConfiguration configuration,
                                                                     ServiceHandlers handlers, ServerEvents events = {});
    ~DimseServer();  ///< stop()
    uint16_t port() const;
    /// Stops accepting, interrupts the associations under way and waits for their threads.
    void stop();
    /// Associations being served now.
    size_t active_associations() const;

    struct State;

private:
    explicit DimseServer(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

}  // namespace roentgen::services
