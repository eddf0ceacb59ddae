// services/verification_scu.cpp — one C-ECHO round trip.
#include "services/verification_scu.h"

#include <fmt/format.h>

#include "dict/generated/uids.h"
#include "net/dimse/command_builders.h"
#include "services/response.h"

namespace roentgen::services {

Result<uint16_t> echo(net::Association& association, uint16_t message_id)
{
    const auto* context = net::find_accepted_context(association.presentation_contexts(), uids::Verification);
    if (!context)
        return make_error(Errc::Refused, "the peer accepted no presentation context for Verification");
    ROENTGEN_TRY(association.send(context->id, net::make_c_echo_rq(message_id)));
    ROENTGEN_TRY(auto response, receive_response(association, message_id, net::CommandField::C_ECHO_RSP));
    return response.command.status().value_or(0xFFFF);
}

}  // namespace roentgen::services
