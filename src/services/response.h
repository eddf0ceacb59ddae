// services/response.h — waiting for the DIMSE response to a request sent on an association.
#pragma once

#include <cstdint>

#include "base/result.h"
#include "net/association/association.h"

namespace roentgen::services {

/// Receives the next command (within the DIMSE timeout) and checks it is `expected` answering
/// `message_id`; its data set, if any, is left for the caller to receive.
[[nodiscard]] Result<net::IncomingCommand> receive_response(net::Association& association, uint16_t message_id,
                                                            net::CommandField expected);
/// As receive_response(), for any of several outstanding requests (asynchronous operations).
[[nodiscard]] Result<net::IncomingCommand> receive_any_response(net::Association& association, net::CommandField expected);

}  // namespace roentgen::services
