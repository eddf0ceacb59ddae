// net/association/association.cpp — establishing, using, releasing and aborting an association.
#include "net/association/association.h"

#include <algorithm>

#include <fmt/format.h>

#include "net/association/internal/association_core.h"
#include "net/pdu/pdu_codec.h"

namespace roentgen::net {
namespace {

using internal::AssociationCore;

// Commands are a few hundred bytes; a megabyte of command fragments is an attack, not a command.
constexpr size_t maximum_command_length = 1 << 20;

/// Turns bytes written into P-DATA-TF PDUs of the peer's maximum length; the final PDV (marked last)
/// goes out in finish(), so a data set that ends on a PDV boundary still ends with a last fragment.
class DataValueSink final : public ByteSink {
public:
    DataValueSink(AssociationCore& core, uint8_t context_id)
        : m_core(core), m_context_id(context_id), m_maximum(core.maximum_value_length())
    {
        m_buffer.reserve(std::min<size_t>(m_maximum, 4u << 20) + 1);
    }
    Result<void> write(std::span<const uint8_t> bytes) override
    {
        m_position += bytes.size();
        while (!bytes.empty()) {
            if (m_buffer.size() == m_maximum) {
                ROENTGEN_TRY(m_core.send_fragments(m_context_id, false, m_buffer, false));
                m_buffer.clear();
            }
            const size_t take = std::min(bytes.size(), m_maximum - m_buffer.size());
            m_buffer.insert(m_buffer.end(), bytes.begin(), bytes.begin() + take);
            bytes = bytes.subspan(take);
        }
        return {};
    }
    uint64_t position() const override { return m_position; }
    Result<void> finish()
    {
        if (m_position % 2)
            m_buffer.push_back(0);  // even fragments, as in send()
        return m_core.send_fragments(m_context_id, false, m_buffer, true);
    }

private:
    AssociationCore& m_core;
    uint8_t m_context_id;
    size_t m_maximum;
    std::vector<uint8_t> m_buffer;
    uint64_t m_position = 0;
};

// The next PDV, reading PDUs as needed; ReleaseRequested once the peer released.
Result<std::variant<PresentationDataValue, ReleaseRequested>> next_value(AssociationCore& core, Milliseconds timeout)
{
    auto& pending = core.pending_values();
    while (pending.empty()) {
        ROENTGEN_TRY(auto received, core.receive_pdu(timeout));
        if (received.type == PduType::ReleaseRequest) {
            if (core.state() == State::Sta8) {
                ROENTGEN_TRY(core.signal(Event::ReleaseResponseLocal, Pdu{ReleaseResponse{}}));  // AR-4
                core.await_close();
                return ReleaseRequested{};
            }
            return make_error(Errc::Malformed, "A-RELEASE-RQ while a release was under way");
        }
        if (received.type != PduType::DataTransfer)
            return make_error(Errc::Malformed, fmt::format("unexpected {}", pdu_name(received.type)));
    }
    auto value = pending.front();
    pending.pop_front();
    return value;
}

std::unexpected<Error> protocol_error(AssociationCore& core, std::string message)
{
    core.abort_now();
    return make_error(Errc::Malformed, fmt::format("from {}: {}", core.connection().peer_address(), message));
}

}  // namespace

Association::Association(std::unique_ptr<AssociationCore> core) : m_core(std::move(core)) {}
Association::Association(Association&&) noexcept = default;
Association& Association::operator=(Association&&) noexcept = default;
Association::~Association()
{
    if (m_core)
        m_core->abort_now();
}

Result<Association> Association::request(std::unique_ptr<Connection> connection, AssociateRequest request,
                                         const AssociationTimeouts& timeouts)
{
    auto core = std::make_unique<AssociationCore>(std::move(connection), Role::Requestor, timeouts);
    core->own_maximum_length = request.user_information.maximum_length;
    ROENTGEN_TRY(core->signal(Event::AssociateRequestLocal));  // AE-1; the connection is already open
    ROENTGEN_TRY(auto request_bytes, encode_pdu(Pdu{request}));
    const std::span<const uint8_t> buffers[] = {request_bytes};
    ROENTGEN_TRY(core->signal(Event::TransportConnectConfirm, buffers));  // AE-2
    ROENTGEN_TRY(auto received, core->receive_pdu(timeouts.artim));
    if (received.type != PduType::AssociateAccept)
        return make_error(Errc::Malformed, fmt::format("unexpected {} in answer to the A-ASSOCIATE-RQ",
                                                       pdu_name(received.type)));
    core->request = std::move(request);
    core->accept = std::get<AssociateAccept>(std::move(received.pdu));
    core->contexts = negotiated_contexts(core->request, core->accept);
    core->peer_maximum_length = core->accept.user_information.maximum_length;
    return Association(std::move(core));
}

Result<Association> Association::accept(std::unique_ptr<Connection> connection, const AssociationDecision& decide,
                                        const AssociationTimeouts& timeouts)
{
    auto core = std::make_unique<AssociationCore>(std::move(connection), Role::Acceptor, timeouts);
    ROENTGEN_TRY(core->signal(Event::TransportConnectIndication));  // AE-5: ARTIM starts
    ROENTGEN_TRY(auto received, core->receive_pdu(timeouts.artim));
    if (received.type != PduType::AssociateRequest)
        return make_error(Errc::Malformed, fmt::format("unexpected {} instead of an A-ASSOCIATE-RQ",
                                                       pdu_name(received.type)));
    core->request = std::get<AssociateRequest>(std::move(received.pdu));
    auto decision = decide(core->request, core->connection());
    if (auto* rejection = std::get_if<AssociateReject>(&decision)) {
        ROENTGEN_TRY(core->signal(Event::AssociateResponseRejectLocal, Pdu{*rejection}));  // AE-8
        core->await_close();
        return make_error(Errc::Refused, fmt::format("rejected {} from {}: {}", core->request.calling_ae_title,
                                                     core->connection().peer_address(), describe(*rejection)));
    }
    core->accept = std::get<AssociateAccept>(std::move(decision));
    ROENTGEN_TRY(core->signal(Event::AssociateResponseAcceptLocal, Pdu{core->accept}));  // AE-7
    core->contexts = negotiated_contexts(core->request, core->accept);
    core->own_maximum_length = core->accept.user_information.maximum_length;
    core->peer_maximum_length = core->request.user_information.maximum_length;
    return Association(std::move(core));
}

Role Association::role() const { return m_core->role(); }
State Association::state() const { return m_core->state(); }
const AssociateRequest& Association::request_pdu() const { return m_core->request; }
const AssociateAccept& Association::accept_pdu() const { return m_core->accept; }
const std::vector<PresentationContext>& Association::presentation_contexts() const { return m_core->contexts; }
const Connection& Association::connection() const { return m_core->connection(); }
const AssociationTimeouts& Association::timeouts() const { return m_core->timeouts(); }

uint16_t Association::operations_window() const
{
    // PS3.7 D.3.3.3: the requestor may have min(its Maximum Number Operations Invoked, the
    // acceptor's Maximum Number Operations Performed) operations outstanding; 0 is unlimited.
    // Without the item on both sides, operations are synchronous.
    const auto& reply = m_core->accept.user_information.asynchronous_operations_window;
    const auto& proposal = m_core->request.user_information.asynchronous_operations_window;
    if (!reply || !proposal)
        return 1;
    constexpr uint16_t unlimited_cap = 64;
    const uint16_t invoked = proposal->maximum_invoked == 0 ? unlimited_cap : proposal->maximum_invoked;
    const uint16_t performed = reply->maximum_performed == 0 ? unlimited_cap : reply->maximum_performed;
    return std::max<uint16_t>(1, std::min({invoked, performed, unlimited_cap}));
}

Result<void> Association::send(uint8_t context_id, const Command& command, std::span<const uint8_t> data_set)
{
    if (!find_accepted_context(m_core->contexts, context_id))
        return make_error(Errc::InvalidArgument, fmt::format("presentation context {} was not accepted", context_id));
    const auto command_bytes = encode_command(command);
    ROENTGEN_TRY(m_core->send_fragments(context_id, true, command_bytes, true));
    if (data_set.empty())
        return {};
    if (data_set.size() % 2 == 0)
        return m_core->send_fragments(context_id, false, data_set, true);
    // DIMSE fragments are even (DCMTK refuses others); an odd data set (a deflated stream that was
    // not padded, PS3.5 A.5) gets the trailing zero byte it should have had.
    if (data_set.size() > 1)
        ROENTGEN_TRY(m_core->send_fragments(context_id, false, data_set.first(data_set.size() - 1), false));
    const uint8_t tail[] = {data_set.back(), 0};
    return m_core->send_fragments(context_id, false, tail, true);
}

Result<void> Association::send(uint8_t context_id, const Command& command,
                               const std::function<Result<void>(ByteSink&)>& write)
{
    if (!find_accepted_context(m_core->contexts, context_id))
        return make_error(Errc::InvalidArgument, fmt::format("presentation context {} was not accepted", context_id));
    const auto command_bytes = encode_command(command);
    ROENTGEN_TRY(m_core->send_fragments(context_id, true, command_bytes, true));
    DataValueSink sink(*m_core, context_id);
    ROENTGEN_TRY(write(sink));
    return sink.finish();
}

Result<std::variant<IncomingCommand, ReleaseRequested>> Association::receive_command(Milliseconds timeout)
{
    std::vector<uint8_t> bytes;
    uint8_t context_id = 0;
    for (;;) {
        ROENTGEN_TRY(auto next, next_value(*m_core, bytes.empty() ? timeout : m_core->timeouts().dimse));
        if (std::holds_alternative<ReleaseRequested>(next)) {
            if (!bytes.empty())
                return make_error(Errc::Malformed, "A-RELEASE-RQ inside a command");
            return ReleaseRequested{};
        }
        const auto& value = std::get<PresentationDataValue>(next);
        if (!value.is_command())
            return protocol_error(*m_core, "a data set fragment where a command was expected");
        if (!find_accepted_context(m_core->contexts, value.context_id) || (!bytes.empty() && value.context_id != context_id))
            return protocol_error(*m_core, fmt::format("command on presentation context {}, which was "
                                                                       "not accepted or changed mid-command",
                                                                       value.context_id));
        context_id = value.context_id;
        if (bytes.size() + value.data.size() > maximum_command_length)
            return protocol_error(*m_core, "command longer than 1 MiB");
        bytes.insert(bytes.end(), value.data.begin(), value.data.end());
        if (value.is_last())
            break;
    }
    auto command = decode_command(bytes);
    if (!command)
        return protocol_error(*m_core, command.error().message);
    m_core->command_context_id = context_id;
    return IncomingCommand{context_id, std::move(*command)};
}

Result<bool> Association::wait_readable(Milliseconds timeout)
{
    if (!m_core->pending_values().empty())
        return true;
    return m_core->connection().wait_readable(timeout);
}

Result<void> Association::receive_data_set(ByteSink& sink)
{
    for (;;) {
        ROENTGEN_TRY(auto next, next_value(*m_core, m_core->timeouts().dimse));
        if (std::holds_alternative<ReleaseRequested>(next))
            return make_error(Errc::Malformed, "A-RELEASE-RQ inside a data set");
        const auto& value = std::get<PresentationDataValue>(next);
        if (value.is_command())
            return protocol_error(*m_core, "a command fragment inside a data set");
        // PS3.8 E.1: every fragment of a message on the same presentation context as its command;
        // another context would mean another transfer syntax.
        if (value.context_id != m_core->command_context_id)
            return protocol_error(*m_core, fmt::format("data set fragment on presentation context {}, its command "
                                                       "came on {}",
                                                       value.context_id, m_core->command_context_id));
        ROENTGEN_TRY(sink.write(value.data));
        if (value.is_last())
            return {};
    }
}

Result<void> Association::release() &&
{
    auto core = std::move(m_core);
    ROENTGEN_TRY(core->signal(Event::ReleaseRequestLocal, Pdu{ReleaseRequest{}}));  // AR-1
    for (;;) {
        ROENTGEN_TRY(auto received, core->receive_pdu(core->timeouts().dimse));
        core->pending_values().clear();  // AR-6: data after our release request is dropped
        if (received.type == PduType::ReleaseResponse && core->state() == State::Sta1)
            return {};  // AR-3
        if (core->state() == State::Sta9)  // AR-8: collision, we requested: answer first (AR-9)
            ROENTGEN_TRY(core->signal(Event::ReleaseResponseLocal, Pdu{ReleaseResponse{}}));
    }
}

void Association::abort() &&
{
    auto core = std::move(m_core);
    core->abort_now();
}

}  // namespace roentgen::net
