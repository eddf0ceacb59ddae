// services/internal/storage_commitment_handlers.h — the DIMSE side of Storage Commitment Push Model (PS3.4 Annex J) for
// the server.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "base/result.h"
#include "net/association/association.h"
#include "services/internal/sub_association.h"
#include "services/storage_commitment_service.h"

namespace roentgen::services::internal {

/// Answers an N-ACTION-RQ (PS3.4 J.3.2): receives the Action Information, refuses a request for
/// another SOP class (0122H), instance (0112H) or action (0123H) or one whose Action Information is
/// incomplete (0120H, 0121H), else answers success and asks `service` to decide. Returns the
/// report to send, or nullopt when the request was refused.
[[nodiscard]] Result<std::optional<StorageCommitmentReport>>
handle_commitment_request(net::Association& association, const net::IncomingCommand& incoming,
                          const AssociationInfo& info, StorageCommitmentService* service);

/// Sends the N-EVENT-REPORT-RQ of `report` (Event Type 1 or 2, PS3.4 J.3.3) on the context,
/// without waiting for its response.
[[nodiscard]] Result<void> send_commitment_report(net::Association& association, uint8_t context_id,
                                                  uint16_t message_id, const StorageCommitmentReport& report);

/// Sends `report` on a new association to the requester: the Storage Commitment SCP is its
/// requestor and proposes the SCP role (PS3.4 J.3.3, PS3.7 D.3.3.4), waits for the
/// N-EVENT-REPORT-RSP and releases. A failure status of the response is Errc::Refused.
[[nodiscard]] Result<void> report_on_new_association(const SubAssociationSettings& settings,
                                                     std::string_view requester_ae_title,
                                                     const MoveDestination& requester,
                                                     const StorageCommitmentReport& report);

/// Answers an N-EVENT-REPORT-RQ carrying a Storage Commitment report (the requester's side):
/// parses the Event Information, hands it to `handler` and answers 0000H, or 0122H without a
/// handler, 0113H for an unknown event type, 0115H for Event Information that cannot be read and
/// 0110H when the handler fails.
[[nodiscard]] Result<void> handle_commitment_report(net::Association& association, const net::IncomingCommand& incoming,
                                                    const AssociationInfo& info,
                                                    StorageCommitmentReportHandler* handler);

} // namespace roentgen::services::internal
