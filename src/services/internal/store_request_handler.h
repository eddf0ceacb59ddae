// services/internal/store_request_handler.h — serving a C-STORE-RQ, for the SCP and for C-GET sub-operations.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/result.h"
#include "net/association/association.h"
#include "services/storage_service.h"

namespace roentgen::services::internal {

/// A C-STORE whose data set has been received: either a writer to commit, or the status to answer
/// right away (0122 without storage, A700 when opening or writing failed, with the reason).
struct ReceivedStore {
    uint8_t context_id = 0;
    net::Command request;
    std::unique_ptr<InstanceWriter> writer;
    uint16_t status = 0;
    std::string comment;
};

/// Receives the data set of `incoming` (a C-STORE-RQ) into a writer from `storage`; a failure of
/// the storage is a status in the result, only a failure of the association is an error.
[[nodiscard]] Result<ReceivedStore> receive_store(net::Association& association, const net::IncomingCommand& incoming,
                                                  const AssociationInfo& info, StorageService* storage);
/// Commits the writer, if any, and sets the status: the instance is durable before the response.
void commit_store(ReceivedStore& store);
/// Sends the C-STORE-RSP (Error Comment cut to 64 characters, PS3.7 E.1-1).
[[nodiscard]] Result<void> respond_store(net::Association& association, const ReceivedStore& store);

/// receive_store, commit_store and respond_store in a row.
[[nodiscard]] Result<void> handle_store_request(net::Association& association, const net::IncomingCommand& incoming,
                                                const AssociationInfo& info, StorageService* storage);

}  // namespace roentgen::services::internal
