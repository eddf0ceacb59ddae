// services/response.cpp — response matching by command field and Message ID Being Responded To.
#include "services/response.h"

#include <fmt/format.h>

namespace roentgen::services {

Result<net::IncomingCommand> receive_any_response(net::Association& association, net::CommandField expected)
{
    ROENTGEN_TRY(auto received, association.receive_command(association.timeouts().dimse));
    if (std::holds_alternative<net::ReleaseRequested>(received))
        return make_error(Errc::Closed, fmt::format("the peer released the association instead of sending a {}",
                                                    net::name(expected)));
    auto incoming = std::get<net::IncomingCommand>(std::move(received));
    if (incoming.command.field() != expected)
        return make_error(Errc::Malformed, fmt::format("expected a {}, received {}", net::name(expected),
                                                       net::describe(incoming.command)));
    return incoming;
}

Result<net::IncomingCommand> receive_response(net::Association& association, uint16_t message_id,
                                              net::CommandField expected)
{
    ROENTGEN_TRY(auto incoming, receive_any_response(association, expected));
    if (incoming.command.message_id_being_responded_to() != message_id)
        return make_error(Errc::Malformed, fmt::format("a {} answering message {} while {} was outstanding",
                                                       net::name(expected),
                                                       incoming.command.message_id_being_responded_to().value_or(0),
                                                       message_id));
    return incoming;
}

}  // namespace roentgen::services
