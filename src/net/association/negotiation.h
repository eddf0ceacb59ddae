// net/association/negotiation.h — the acceptor's answer to an A-ASSOCIATE-RQ (PS3.8 9.3.3, PS3.7 Annex D.3.3).
#pragma once

#include <string_view>
#include <variant>

#include "net/association/acceptor_configuration.h"
#include "net/pdu/pdu.h"

namespace roentgen::net {

/// Either the A-ASSOCIATE-AC to send or the A-ASSOCIATE-RJ. Pure: no I/O, so every rule is tested
/// directly. `peer_host` is the requestor's address, for AllowedPeer::host.
[[nodiscard]] std::variant<AssociateAccept, AssociateReject> negotiate(const AssociateRequest& request,
                                                                       const AcceptorConfiguration& configuration,
                                                                       std::string_view peer_host);

}  // namespace roentgen::net
