// net/association/presentation_contexts.h — the presentation contexts an association ended up with.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "net/pdu/pdu.h"

namespace roentgen::net {

/// A presentation context as negotiated: what was proposed and what the acceptor answered.
struct PresentationContext {
    uint8_t id = 1;
    std::string abstract_syntax;
    std::string transfer_syntax;  ///< The accepted one; empty when refused.
    PresentationContextResultReason result = PresentationContextResultReason::NoReason;
    /// Roles after SCP/SCU role selection (PS3.7 D.3.3.4): by default the requestor is SCU only.
    bool requestor_is_scu = true;
    bool requestor_is_scp = false;

    bool accepted() const { return result == PresentationContextResultReason::Acceptance; }
};

/// Pairs each proposal with its result and applies the role selection replies.
std::vector<PresentationContext> negotiated_contexts(const AssociateRequest& request, const AssociateAccept& accept);

/// The accepted context with this id, or nullptr.
const PresentationContext* find_accepted_context(const std::vector<PresentationContext>& contexts, uint8_t id);
/// The first accepted context for this abstract syntax and (when not empty) transfer syntax.
const PresentationContext* find_accepted_context(const std::vector<PresentationContext>& contexts,
                                                 std::string_view abstract_syntax,
                                                 std::string_view transfer_syntax = {});

}  // namespace roentgen::net
