// services/internal/request_dispatcher.h — serves the requests of one accepted association until it ends.
#pragma once

#include <deque>
#include <future>
#include <map>

#include "base/result.h"
#include "net/association/association.h"
#include "services/dimse_server.h"
#include "services/internal/query_retrieve_handlers.h"
#include "services/storage_commitment_service.h"
#include "services/internal/store_request_handler.h"

namespace roentgen::services::internal {

/// Where the Storage Commitment SCP sends its N-EVENT-REPORTs (PS3.4 J.3.3).
enum class CommitmentReporting {
    SameAssociation,  ///< Right after the N-ACTION-RSP; on a new one if the requester leaves first.
    NewAssociation,   ///< Always on a new association to the requester.
};

class RequestDispatcher {
public:
    RequestDispatcher(net::Association& association, const AssociationInfo& info, const ServiceHandlers& handlers,
                      SubAssociationSettings settings = {},
                      CommitmentReporting reporting = CommitmentReporting::SameAssociation)
        : m_association(association), m_info(info), m_handlers(handlers), m_settings(std::move(settings)),
          m_reporting(reporting)
    {
    }
    /// Answers requests until the peer releases (success) or the association fails; then sends the
    /// storage commitment reports the requester did not acknowledge on a new association.
    [[nodiscard]] Result<void> run(net::Milliseconds idle_timeout);

private:
    [[nodiscard]] Result<void> serve(net::Milliseconds idle_timeout);
    [[nodiscard]] Result<void> handle_commitment(const net::IncomingCommand& incoming);
    /// Takes the N-EVENT-REPORT-RSP of a report we sent on this association.
    [[nodiscard]] Result<void> handle_report_response(const net::IncomingCommand& incoming);
    /// Sends a report on a new association to the requester's address (find_requester()).
    [[nodiscard]] Result<void> report_elsewhere(const StorageCommitmentReport& report);
    [[nodiscard]] Result<void> handle_store(const net::IncomingCommand& incoming);
    [[nodiscard]] Result<void> handle_unsupported(const net::IncomingCommand& incoming);
    /// Sends the responses of C-STOREs whose commit finished, oldest first; with `wait_for_oldest`
    /// waits for the oldest one first.
    [[nodiscard]] Result<void> respond_committed(bool wait_for_oldest);
    /// Waits for every commit in flight and answers them (before a request of another kind).
    [[nodiscard]] Result<void> respond_all_committed();

    net::Association& m_association;
    const AssociationInfo& m_info;
    const ServiceHandlers& m_handlers;
    SubAssociationSettings m_settings;
    CommitmentReporting m_reporting;
    std::deque<std::future<ReceivedStore>> m_committing;
    /// Reports sent on this association whose N-EVENT-REPORT-RSP has not come, by Message ID.
    std::map<uint16_t, StorageCommitmentReport> m_unacknowledged_reports;
    uint16_t m_next_message_id = 1;
    /// The first report that went astray, told when the association ends (which it does not end).
    std::optional<Error> m_unreported;
};

}  // namespace roentgen::services::internal
