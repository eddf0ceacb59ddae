// net/association/presentation_contexts.cpp — matching proposals, results and role replies by id and SOP class.
#include "net/association/presentation_contexts.h"

#include <algorithm>

namespace roentgen::net {

std::vector<PresentationContext> negotiated_contexts(const AssociateRequest& request, const AssociateAccept& accept)
{
    std::vector<PresentationContext> contexts;
    for (const auto& proposal : request.presentation_contexts) {
        PresentationContext context;
        context.id = proposal.id;
        context.abstract_syntax = proposal.abstract_syntax;
        auto result = std::ranges::find(accept.presentation_contexts, proposal.id, &PresentationContextResult::id);
        if (result != accept.presentation_contexts.end()) {
            context.result = result->result;
            // PS3.8 9.3.3.2: an accepted transfer syntax must be one that was proposed.
            const bool proposed = std::ranges::find(proposal.transfer_syntaxes, result->transfer_syntax) !=
                                  proposal.transfer_syntaxes.end();
            if (context.accepted() && proposed)
                context.transfer_syntax = result->transfer_syntax;
            else if (context.accepted())
                context.result = PresentationContextResultReason::NoReason;
        }
        // PS3.7 D.3.3.4: a role is taken only when both sides agreed to it.
        auto asked = std::ranges::find(request.user_information.role_selections, proposal.abstract_syntax,
                                       &RoleSelection::sop_class_uid);
        auto answered = std::ranges::find(accept.user_information.role_selections, proposal.abstract_syntax,
                                          &RoleSelection::sop_class_uid);
        if (asked != request.user_information.role_selections.end() &&
            answered != accept.user_information.role_selections.end()) {
            context.requestor_is_scu = asked->scu_role && answered->scu_role;
            context.requestor_is_scp = asked->scp_role && answered->scp_role;
        }
        contexts.push_back(std::move(context));
    }
    return contexts;
}

const PresentationContext* find_accepted_context(const std::vector<PresentationContext>& contexts, uint8_t id)
{
    auto found = std::ranges::find_if(contexts, [&](const auto& context) { return context.id == id && context.accepted(); });
    return found == contexts.end() ? nullptr : &*found;
}

const PresentationContext* find_accepted_context(const std::vector<PresentationContext>& contexts,
                                                 std::string_view abstract_syntax, std::string_view transfer_syntax)
{
    auto found = std::ranges::find_if(contexts, [&](const auto& context) {
        return context.accepted() && context.abstract_syntax == abstract_syntax &&
               (transfer_syntax.empty() || context.transfer_syntax == transfer_syntax);
    });
    return found == contexts.end() ? nullptr : &*found;
}

}  // namespace roentgen::net
