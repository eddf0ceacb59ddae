// services/internal/sub_association.h — associations an SCP opens itself: C-MOVE destinations, storage commitment reports.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "net/association/association.h"
#include "services/query_retrieve_service.h"

namespace roentgen::services::internal {

/// What an SCP needs to open an association of its own to another AE.
struct SubAssociationSettings {
    std::string calling_ae_title;
    net::AssociationTimeouts timeouts;
    uint32_t maximum_pdu_length = 1 << 20;
};

/// Connects to `address` and requests an association with `called_ae_title`, proposing `contexts`
/// and `roles` (PS3.7 D.3.3.4), with our implementation's identity and maximum PDU length.
[[nodiscard]] Result<net::Association> open_sub_association(const SubAssociationSettings& settings,
                                                            std::string_view called_ae_title,
                                                            const MoveDestination& address,
                                                            std::vector<net::PresentationContextProposal> contexts,
                                                            std::vector<net::RoleSelection> roles = {});

}  // namespace roentgen::services::internal
