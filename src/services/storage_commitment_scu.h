// services/storage_commitment_scu.h — Storage Commitment Push Model as service user (PS3.4 J.3): the request and its
// report.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "base/result.h"
#include "net/association/association.h"
#include "services/storage_commitment_service.h"

namespace roentgen::services {

/// Sends the N-ACTION-RQ asking the peer to commit to `references` under `transaction_uid`
/// (PS3.4 J.3.2, Action Type 1) and waits (DIMSE timeout) for the N-ACTION-RSP. A failure status
/// is Errc::Refused with the status, its name and the peer's Error Comment.
[[nodiscard]] Result<void> request_storage_commitment(net::Association& association, std::string_view transaction_uid,
                                                      std::span<const SopReference> references,
                                                      uint16_t message_id = 1);

/// Waits up to `timeout` for the N-EVENT-REPORT-RQ of `transaction_uid` on the association
/// (PS3.4 J.3.3), answers it (0000H; 0110H when its Event Information cannot be read, which is
/// then the error) and returns the report. Reports of other transactions are answered and passed
/// over. Errc::Timeout when none came in time; Errc::Closed when the peer released first, as an
/// SCP that reports on a new association does.
[[nodiscard]] Result<StorageCommitmentReport> receive_storage_commitment_report(net::Association& association,
                                                                                std::string_view transaction_uid,
                                                                                net::Milliseconds timeout);

/// request_storage_commitment() then receive_storage_commitment_report() on the same association.
[[nodiscard]] Result<StorageCommitmentReport> commit(net::Association& association, std::string_view transaction_uid,
                                                     std::span<const SopReference> references,
                                                     net::Milliseconds report_timeout);

} // namespace roentgen::services
