// services/storage_commitment_service.h — Storage Commitment Push Model (PS3.4 Annex J): results and handler interfaces.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "services/query_retrieve_service.h"
#include "services/storage_service.h"

namespace roentgen::services {

/// One item of a Referenced SOP Sequence (0008,1199) or Failed SOP Sequence (0008,1198).
struct SopReference {
    std::string sop_class_uid;     ///< Referenced SOP Class UID (0008,1150)
    std::string sop_instance_uid;  ///< Referenced SOP Instance UID (0008,1155)
    bool operator==(const SopReference&) const = default;
};

/// Failure Reason (0008,1197) values of a Failed SOP Sequence item (PS3.4 Table J.3-2).
namespace failure_reasons {
inline constexpr uint16_t ProcessingFailure = 0x0110;
inline constexpr uint16_t NoSuchObjectInstance = 0x0112;
inline constexpr uint16_t ResourceLimitation = 0x0213;
inline constexpr uint16_t ReferencedSopClassNotSupported = 0x0122;
inline constexpr uint16_t ClassInstanceConflict = 0x0119;
inline constexpr uint16_t DuplicateTransactionUid = 0x0131;
}  // namespace failure_reasons

/// A reference the SCP does not commit to, with why.
struct FailedSopReference {
    SopReference reference;
    uint16_t failure_reason = failure_reasons::ProcessingFailure;
    bool operator==(const FailedSopReference&) const = default;
};

/// The Storage Commitment result an N-EVENT-REPORT carries (PS3.4 J.3.3.1): every reference of the
/// request is in exactly one of the two lists (J.3.3.1.2).
struct StorageCommitmentReport {
    std::string transaction_uid;           ///< Transaction UID (0008,1195) of the N-ACTION.
    std::vector<SopReference> committed;   ///< Referenced SOP Sequence (0008,1199)
    std::vector<FailedSopReference> failed;  ///< Failed SOP Sequence (0008,1198)

    /// Event Type ID: 1 when everything was committed, 2 when a failure exists (PS3.4 J.3.3.1).
    uint16_t event_type_id() const { return failed.empty() ? 1 : 2; }
    bool operator==(const StorageCommitmentReport&) const = default;
};

/// The SCP's answer for one reference: committed (no reason), or not, with a failure reason.
struct CommitmentDecision {
    std::optional<uint16_t> failure_reason;

    static CommitmentDecision committed() { return {}; }
    static CommitmentDecision failed(uint16_t reason) { return {reason}; }
};

/// Storage Commitment Push Model SCP behaviour, injected into the DIMSE server. The server checks
/// the N-ACTION, answers it, asks commit() and sends the N-EVENT-REPORT: on the same association
/// when the requester still holds it open, else on a new one to find_requester()'s address.
class StorageCommitmentService {
public:
    virtual ~StorageCommitmentService() = default;
    /// Decides each reference of a valid request (one decision per reference, in order), after the
    /// N-ACTION-RSP went out, on the association's thread; the C-STOREs received before it on the
    /// same association are durable by then. Committing means the instance is stored and will be
    /// kept (Storage Level 2, PS3.4 J.3.3.1.2). Missing decisions count as processing failures; an
    /// error fails every reference with 0110H.
    [[nodiscard]] virtual Result<std::vector<CommitmentDecision>> commit(const AssociationInfo& association,
                                                                        std::string_view transaction_uid,
                                                                        std::span<const SopReference> references) = 0;
    /// Where the requester `ae_title` listens for reports on a new association (PS3.4 J.3.3.1.3);
    /// nullopt when it is unknown: a report it did not take on its own association is then lost.
    virtual std::optional<MoveDestination> find_requester(std::string_view ae_title) = 0;
};

/// Storage Commitment SCU behaviour for reports arriving on an association the SCP opened (the
/// server accepts the SCP role it proposes, PS3.4 J.3.3.1.3): what the requester does with them.
class StorageCommitmentReportHandler {
public:
    virtual ~StorageCommitmentReportHandler() = default;
    /// One report; an error answers the N-EVENT-REPORT with 0110H (processing failure) and the
    /// message as Error Comment, success with 0000H.
    [[nodiscard]] virtual Result<void> on_report(const AssociationInfo& association,
                                                 const StorageCommitmentReport& report) = 0;
};

}  // namespace roentgen::services
