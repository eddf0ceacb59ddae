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
#include "services/storage_commitment_service.h"
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
    /// Storage commitment reports go on a new association to the requester (PS3.4 J.3.3), not
    /// on the N-ACTION's association right after its response (what DCMTK- and dcm4che-based
    /// requesters expect by default). The requester's address is StorageCommitmentService::find_requester().
    bool storage_commitment_report_on_new_association = false;
};

/// The handlers a server dispatches to; Verification (C-ECHO) is always answered.
struct ServiceHandlers {
    StorageService* storage = nullptr;    ///< Not owned; must outlive the server.
    QueryService* query = nullptr;        ///< C-FIND; not owned.
    RetrieveService* retrieve = nullptr;  ///< C-MOVE and C-GET; not owned.
    /// Storage Commitment Push Model SCP (N-ACTION, PS3.4 J.3.2); not owned.
    StorageCommitmentService* storage_commitment = nullptr;
    /// Storage commitment reports (N-EVENT-REPORT) an SCP sends us; not owned.
    StorageCommitmentReportHandler* storage_commitment_reports = nullptr;
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
