// services/verification_scu.h — C-ECHO as service user (PS3.4 Annex A, PS3.7 9.1.5).
#pragma once

#include <cstdint>

#include "base/result.h"
#include "net/association/association.h"

namespace roentgen::services {

/// Sends a C-ECHO-RQ on the Verification context and waits for its response; the status code
/// when one came back (0000 is success).
[[nodiscard]] Result<uint16_t> echo(net::Association& association, uint16_t message_id = 1);

}  // namespace roentgen::services
