// net/association/internal/association_core.cpp — Table 9-10 lookups, the actions' I/O, PDU reading with limits.
#include "net/association/internal/association_core.h"

#include <fmt/format.h>

#include "net/pdu/pdu_codec.h"
#include "net/upper_layer/transitions.h"

namespace roentgen::net::internal {
namespace {

// Non-P-DATA PDUs carry negotiation only; a megabyte is far beyond any real A-ASSOCIATE-RQ.
constexpr uint32_t maximum_negotiation_pdu = 1 << 20;
// When we announced no limit (0), P-DATA-TF PDUs are still bounded.
constexpr uint32_t maximum_unlimited_pdu = 64u << 20;
// What we send when the peer announced no limit.
constexpr uint32_t default_send_length = 1u << 20;

bool is_local(Event event)
{
    switch (event) {
    case Event::AssociateRequestLocal:
    case Event::TransportConnectConfirm:
    case Event::TransportConnectIndication:
    case Event::AssociateResponseAcceptLocal:
    case Event::AssociateResponseRejectLocal:
    case Event::DataRequestLocal:
    case Event::ReleaseRequestLocal:
    case Event::ReleaseResponseLocal:
    case Event::AbortRequestLocal:
        return true;
    default:
        return false;
    }
}

std::optional<Event> event_of(uint8_t type)
{
    switch (static_cast<PduType>(type)) {
    case PduType::AssociateRequest: return Event::AssociateRequestReceived;
    case PduType::AssociateAccept: return Event::AssociateAcceptReceived;
    case PduType::AssociateReject: return Event::AssociateRejectReceived;
    case PduType::DataTransfer: return Event::DataTransferReceived;
    case PduType::ReleaseRequest: return Event::ReleaseRequestReceived;
    case PduType::ReleaseResponse: return Event::ReleaseResponseReceived;
    case PduType::Abort: return Event::AbortReceived;
    }
    return std::nullopt;
}

std::string state_name(State state) { return fmt::format("Sta{}", static_cast<int>(state)); }

std::string describe_abort(const Abort& abort)
{
    return fmt::format("{} aborted the association (reason {})",
                       abort.source == AbortSource::ServiceUser ? "the peer" : "the peer's upper layer",
                       static_cast<int>(abort.reason));
}

}  // namespace

AssociationCore::AssociationCore(std::unique_ptr<Connection> connection, Role role, const AssociationTimeouts& timeouts)
    : m_connection(std::move(connection)), m_role(role), m_timeouts(timeouts)
{
}

Result<Action> AssociationCore::signal(Event event, std::span<const std::span<const uint8_t>> outgoing)
{
    const auto transition = find_transition(m_state, event);
    if (!transition) {
        if (is_local(event))
            return make_error(Errc::InvalidArgument,
                              fmt::format("{} is not allowed in {} ({})", describe(event), state_name(m_state), describe(m_state)));
        // PS3.8 9.2.3: received events are defined in every state with a transport connection.
        auto error = make_error(Errc::Malformed, fmt::format("{} in {}", describe(event), state_name(m_state)));
        close_transport();
        m_state = State::Sta1;
        return error;
    }
    m_state = next_state(*transition, m_role, Acceptance::Acceptable);
    ROENTGEN_TRY(perform(transition->action, outgoing));
    return transition->action;
}

Result<Action> AssociationCore::signal(Event event, const Pdu& pdu)
{
    ROENTGEN_TRY(auto bytes, encode_pdu(pdu));
    const std::span<const uint8_t> buffers[] = {bytes};
    return signal(event, buffers);
}

Result<void> AssociationCore::perform(Action action, std::span<const std::span<const uint8_t>> outgoing)
{
    switch (action) {
    case Action::AE_2:  // send A-ASSOCIATE-RQ
    case Action::AE_7:  // send A-ASSOCIATE-AC
    case Action::AE_8:  // send A-ASSOCIATE-RJ, start ARTIM
    case Action::DT_1:  // send P-DATA-TF
    case Action::AR_1:  // send A-RELEASE-RQ
    case Action::AR_4:  // send A-RELEASE-RP, start ARTIM
    case Action::AR_7:  // send P-DATA-TF while awaiting the release response
    case Action::AR_9:  // send A-RELEASE-RP (collision)
        return write(outgoing);
    case Action::AA_1:  // send A-ABORT (service-user source), start ARTIM
        return send_abort(AbortSource::ServiceUser, AbortReason::NotSpecified);
    case Action::AA_7:  // send A-ABORT
    case Action::AA_8:  // send A-ABORT (service-provider source), indicate P-ABORT, start ARTIM
        return send_abort(AbortSource::ServiceProvider, m_provider_abort_reason);
    case Action::AE_4:  // rejection confirmed: close
    case Action::AR_3:  // release confirmed: close
    case Action::AR_5:  // stop ARTIM (the transport is gone)
    case Action::AA_2:  // stop ARTIM, close
    case Action::AA_3:  // abort indicated: close
    case Action::AA_4:  // P-ABORT indicated (the transport is gone)
    case Action::AA_5:  // stop ARTIM
        close_transport();
        return {};
    default:  // AE-1/3/5/6, DT-2, AR-2/6/8/10, AA-6: indications and timer starts, no I/O
        return {};
    }
}

Result<void> AssociationCore::write(std::span<const std::span<const uint8_t>> buffers)
{
    auto written = m_connection->write_all(buffers, m_timeouts.dimse);
    if (written)
        return {};
    // The transport failed under us: Evt17 (or a local abort when it only timed out).
    auto error = std::move(written).error();
    if (error.code == Errc::Timeout) {
        close_transport();
        m_state = State::Sta1;
    } else {
        (void)signal(Event::TransportClosed);
    }
    return std::unexpected(std::move(error));
}

Result<void> AssociationCore::send_abort(AbortSource source, AbortReason reason)
{
    auto bytes = encode_pdu(Abort{source, reason});
    if (bytes && m_transport_open) {
        const std::span<const uint8_t> buffers[] = {*bytes};
        (void)m_connection->write_all(buffers, std::min(m_timeouts.dimse, Milliseconds(2000)));
    }
    return {};
}

void AssociationCore::close_transport()
{
    if (m_transport_open) {
        m_transport_open = false;
        m_connection->close();
    }
}

Result<ReceivedPdu> AssociationCore::ended(Error error)
{
    if (m_state == State::Sta13)
        await_close();
    return std::unexpected(std::move(error));
}

std::unexpected<Error> AssociationCore::read_failed(Error error, Milliseconds timeout)
{
    // PS3.8 9.1.5: in Sta2 and Sta13 the wait is ARTIM's, for the header and the rest of the PDU
    // alike: its expiry is Evt18 (AA-2), not a local abort, which would wait for the close again.
    const State state = m_state;
    if (error.code == Errc::Timeout && (state == State::Sta2 || state == State::Sta13)) {
        (void)signal(Event::ArtimExpired);
        error.message = fmt::format("ARTIM expired ({} ms) waiting for {}", timeout.count(),
                                    state == State::Sta2 ? "the A-ASSOCIATE-RQ" : "the peer to close");
    } else if (error.code == Errc::Timeout) {
        abort_now();
    } else {
        (void)signal(Event::TransportClosed);
    }
    return std::unexpected(std::move(error));
}

Result<ReceivedPdu> AssociationCore::read_and_decode(Milliseconds timeout)
{
    if (!m_transport_open)
        return make_error(Errc::Closed, "the association is closed");
    std::array<uint8_t, pdu_header_size> header_bytes;
    if (auto read = m_connection->read_exact(header_bytes, timeout); !read)
        return read_failed(std::move(read).error(), timeout);
    const auto header = decode_pdu_header(header_bytes);
    const auto event = event_of(header.type);
    if (!event) {
        m_provider_abort_reason = AbortReason::UnrecognizedPdu;
        (void)signal(Event::UnrecognizedPdu);
        return make_error(Errc::Malformed, fmt::format("unrecognized PDU type 0x{:02X} from {}", header.type,
                                                       m_connection->peer_address()));
    }
    const bool data = header.type == static_cast<uint8_t>(PduType::DataTransfer);
    // Before an association exists (Sta2, Sta5) nothing larger than a negotiation PDU is read, so
    // a peer that never associates cannot make us allocate a P-DATA-TF's worth.
    const bool negotiated = m_state != State::Sta2 && m_state != State::Sta5;
    const uint32_t limit = !data || !negotiated ? maximum_negotiation_pdu
                           : own_maximum_length  ? own_maximum_length
                                                 : maximum_unlimited_pdu;
    if (header.length > limit) {
        m_provider_abort_reason = AbortReason::InvalidPduParameterValue;
        (void)signal(Event::UnrecognizedPdu);
        return make_error(Errc::LimitExceeded,
                          fmt::format("{} of {} bytes from {} exceeds the maximum length {}",
                                      pdu_name(static_cast<PduType>(header.type)), header.length,
                                      m_connection->peer_address(), limit));
    }
    m_buffer.resize(header.length);
    // Once a PDU has begun, the rest is owed within the DIMSE timeout, not the (long) idle one;
    // in Sta2 and Sta13 the wait stays ARTIM's.
    const bool artim = m_state == State::Sta2 || m_state == State::Sta13;
    const Milliseconds body_timeout = artim ? timeout : std::min(timeout, m_timeouts.dimse);
    if (auto read = m_connection->read_exact(m_buffer, body_timeout); !read) {
        auto failed = read_failed(std::move(read).error(), body_timeout);
        return add_context(std::move(failed).error(), fmt::format("reading a {}", pdu_name(static_cast<PduType>(header.type))));
    }
    auto pdu = decode_pdu(header.type, m_buffer);
    if (!pdu) {
        m_provider_abort_reason = AbortReason::InvalidPduParameterValue;
        (void)signal(Event::UnrecognizedPdu);
        return make_error(pdu.error().code, fmt::format("from {}: {}", m_connection->peer_address(), pdu.error().message));
    }
    return ReceivedPdu{static_cast<PduType>(header.type), std::move(*pdu)};
}

Result<ReceivedPdu> AssociationCore::receive_pdu(Milliseconds timeout)
{
    // An invalid PDU leaves us in Sta13; the wait for the close happens here and not in
    // read_and_decode(), which await_close() calls: garbage after an abort must not recurse.
    auto read = read_and_decode(timeout);
    if (!read)
        return ended(std::move(read).error());
    auto received = std::move(*read);
    const auto event = *event_of(static_cast<uint8_t>(received.type));
    m_provider_abort_reason = AbortReason::UnexpectedPdu;
    const State before = m_state;
    ROENTGEN_TRY(auto action, signal(event));
    switch (action) {
    case Action::AE_3:  // A-ASSOCIATE-AC
    case Action::AE_6:  // A-ASSOCIATE-RQ
    case Action::DT_2:  // P-DATA-TF
    case Action::AR_6:  // P-DATA-TF while awaiting the release response
    case Action::AR_2:  // A-RELEASE-RQ
    case Action::AR_3:  // A-RELEASE-RP
    case Action::AR_8:  // A-RELEASE-RQ crossing ours
    case Action::AR_10: // A-RELEASE-RP after a collision
        if (received.type == PduType::DataTransfer) {
            for (const auto& value : std::get<DataTransfer>(received.pdu).values)
                m_pending.push_back(value);
        }
        return received;
    case Action::AE_4:
        return make_error(Errc::Refused, fmt::format("association rejected by {}: {}", m_connection->peer_address(),
                                                     describe(std::get<AssociateReject>(received.pdu))));
    case Action::AA_3:
        return make_error(Errc::Closed, describe_abort(std::get<Abort>(received.pdu)));
    case Action::AA_6:  // ignored in Sta13
        return received;
    default:
        return ended(Error{Errc::Malformed, fmt::format("unexpected {} from {} in {} ({})", pdu_name(received.type),
                                                        m_connection->peer_address(), state_name(before), describe(before))});
    }
}

void AssociationCore::await_close()
{
    while (m_state == State::Sta13 && m_transport_open) {
        auto received = read_and_decode(m_timeouts.artim);
        if (!received)
            break;  // closed (AR-5/AA-5) or ARTIM expired (AA-2)
        (void)signal(*event_of(static_cast<uint8_t>(received->type)));  // AA-6 ignores, AA-7 answers with an abort
    }
    close_transport();
    m_state = State::Sta1;
}

void AssociationCore::abort_now()
{
    if (m_state == State::Sta1 || !m_transport_open) {
        close_transport();
        m_state = State::Sta1;
        return;
    }
    if (m_state != State::Sta13)
        (void)signal(Event::AbortRequestLocal);  // AA-1 (or AA-2 in Sta2, AA-?)
    // The peer closes on receipt of the A-ABORT; a peer that does not is not waited for long.
    const auto artim = m_timeouts.artim;
    m_timeouts.artim = std::min(artim, Milliseconds(2000));
    await_close();
    m_timeouts.artim = artim;
}

uint32_t AssociationCore::maximum_value_length() const
{
    // PS3.8 D.1: the maximum length counts the PDV items (4-byte length, context id, control header).
    const uint32_t limit = peer_maximum_length == 0 ? default_send_length : peer_maximum_length;
    return (std::max<uint32_t>(limit, 8) - 6) & ~uint32_t(1);  // even, so every fragment is
}

Result<void> AssociationCore::send_fragments(uint8_t context_id, bool command, std::span<const uint8_t> data, bool last)
{
    // Up to this many P-DATA-TF PDUs leave in one gather write: DT-1 and AR-7 keep the state
    // (Sta6, Sta8), so one Evt9 for several PDUs is the same walk of the table as one for each,
    // and the peer sees the same PDUs with fewer system calls and wake-ups on both sides.
    constexpr size_t pdus_per_write = 8;
    const size_t maximum = maximum_value_length();
    std::array<std::array<uint8_t, 12>, pdus_per_write> headers;
    std::array<std::span<const uint8_t>, 2 * pdus_per_write> buffers;
    do {
        size_t pdus = 0;
        do {
            const size_t length = std::min(data.size(), maximum);
            const bool final_fragment = last && length == data.size();
            const uint8_t control = (command ? 0x01 : 0x00) | (final_fragment ? 0x02 : 0x00);
            encode_data_transfer_header(headers[pdus], context_id, control, static_cast<uint32_t>(length));
            buffers[2 * pdus] = headers[pdus];
            buffers[2 * pdus + 1] = data.first(length);
            ++pdus;
            data = data.subspan(length);
        } while (!data.empty() && pdus < pdus_per_write);
        ROENTGEN_TRY(signal(Event::DataRequestLocal, std::span(buffers.data(), 2 * pdus)));
    } while (!data.empty());
    return {};
}

}  // namespace roentgen::net::internal
