// services/query_retrieve_scu.h — C-FIND, C-MOVE and C-GET as service user (PS3.4 Annex C, K; PS3.7 9.1.2-9.1.4).
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "base/result.h"
#include "model/data_set.h"
#include "net/association/association.h"
#include "net/dimse/command.h"
#include "services/storage_service.h"

namespace roentgen::services {

/// The information model a query runs against.
enum class QueryModel { PatientRoot, StudyRoot, ModalityWorklist };

/// SOP Class UIDs of each model (PS3.4 C.6, K.6); Modality Worklist has FIND only (empty otherwise).
std::string_view find_sop_class(QueryModel model);
std::string_view move_sop_class(QueryModel model);
std::string_view get_sop_class(QueryModel model);

/// How a C-FIND, C-MOVE or C-GET ended: its final status and, for retrieves, the sub-operation
/// counts of the last response.
struct QueryOutcome {
    uint16_t status = 0;
    size_t matches = 0;  ///< C-FIND: pending responses received.
    net::SubOperations sub_operations;
    std::string error_comment;
};

/// Sends a C-FIND-RQ with `identifier` and hands each match to `on_match` as it arrives.
[[nodiscard]] Result<QueryOutcome> find(net::Association& association, QueryModel model, const DataSet& identifier,
                                        const std::function<void(const DataSet&)>& on_match, uint16_t message_id = 1);

/// Sends a C-MOVE-RQ asking the peer to store the matches at `destination` (an AE title it knows);
/// `on_progress` sees each pending response's counts.
[[nodiscard]] Result<QueryOutcome> move(net::Association& association, QueryModel model, std::string_view destination,
                                        const DataSet& identifier,
                                        const std::function<void(const net::SubOperations&)>& on_progress,
                                        uint16_t message_id = 1);

/// Sends a C-GET-RQ and serves the C-STORE sub-operations the peer sends back on the same
/// association into `storage` (the association must have proposed the SCP role for their SOP
/// classes, PS3.7 D.3.3.4) until the final C-GET-RSP.
[[nodiscard]] Result<QueryOutcome> get(net::Association& association, QueryModel model, const DataSet& identifier,
                                       StorageService& storage,
                                       const std::function<void(const net::SubOperations&)>& on_progress,
                                       uint16_t message_id = 1);

}  // namespace roentgen::services
