// services/internal/store_request_handler.h — serving a C-STORE-RQ, for the SCP and for C-GET sub-operations.
#pragma once

#include "base/result.h"
#include "net/association/association.h"
#include "services/storage_service.h"

namespace roentgen::services::internal {

/// Receives the data set of `incoming` (a C-STORE-RQ) into a writer from `storage`, commits it and
/// sends the C-STORE-RSP: A700 with the reason as Error Comment when opening, writing or
/// committing fails (the association goes on), 0122 when `storage` is null.
[[nodiscard]] Result<void> handle_store_request(net::Association& association, const net::IncomingCommand& incoming,
                                                const AssociationInfo& info, StorageService* storage);

}  // namespace roentgen::services::internal
