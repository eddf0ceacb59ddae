// services/internal/storage_commitment_codec.h — the Action and Event Information data sets of PS3.4 J.3.2 and J.3.3.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "dict/tag.h"
#include "model/data_set.h"
#include "services/storage_commitment_service.h"

namespace roentgen::services::internal {

/// Action Type ID of "Request Storage Commitment" (PS3.4 J.3.2.1).
inline constexpr uint16_t request_storage_commitment_action = 1;

/// A request as the N-ACTION's Action Information states it (PS3.4 Table J.3-1).
struct CommitmentRequest {
    std::string transaction_uid;
    std::vector<SopReference> references;
};

/// Why a request is refused: the N-ACTION-RSP's status, Error Comment and Offending Element.
struct ActionRefusal {
    uint16_t status = 0;
    std::string comment;
    std::optional<Tag> offending_element;
};

/// Transaction UID and Referenced SOP Sequence, items of class and instance UID.
DataSet make_action_information(std::string_view transaction_uid, std::span<const SopReference> references);
/// Refuses a request without a Transaction UID or references (0120H absent, 0121H empty, PS3.7
/// C.5), and one whose Referenced SOP Sequence is not a sequence (0110H).
std::expected<CommitmentRequest, ActionRefusal> parse_action_information(const DataSet& action_information);

/// Transaction UID, Referenced SOP Sequence when something was committed and Failed SOP Sequence
/// (with Failure Reason) when something was not (PS3.4 J.3.3.1.1, J.3.3.1.2).
DataSet make_event_information(const StorageCommitmentReport& report);
/// Errc::Malformed without a Transaction UID or with an item that names no instance. A failed item
/// without Failure Reason is taken as 0110H (processing failure).
[[nodiscard]] Result<StorageCommitmentReport> parse_event_information(const DataSet& event_information);

}  // namespace roentgen::services::internal
