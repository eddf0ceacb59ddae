// services/internal/query_retrieve_handlers.h — the SCP side of C-FIND, C-GET and C-MOVE (PS3.4 C.4, PS3.7 9.1.2-9.1.4).
#pragma once

#include <string>

#include "base/result.h"
#include "net/association/association.h"
#include "services/internal/sub_association.h"
#include "services/query_retrieve_service.h"

namespace roentgen::services::internal {

/// Pending responses with each match, C-CANCEL honoured between matches, then the final status.
[[nodiscard]] Result<void> handle_find(net::Association& association, const net::IncomingCommand& incoming,
                                       const AssociationInfo& info, QueryService* query);
/// C-STORE sub-operations on this association (the requestor took the SCP role), pending counts.
[[nodiscard]] Result<void> handle_get(net::Association& association, const net::IncomingCommand& incoming,
                                      const AssociationInfo& info, RetrieveService* retrieve);
/// C-STORE sub-operations on a new association to the move destination, pending counts here.
[[nodiscard]] Result<void> handle_move(net::Association& association, const net::IncomingCommand& incoming,
                                       const AssociationInfo& info, RetrieveService* retrieve,
                                       const SubAssociationSettings& settings);

}  // namespace roentgen::services::internal
