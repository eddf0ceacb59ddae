// net/association/internal/association_core.h — the state-table driver behind Association: PDU I/O and actions.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <vector>

#include "base/result.h"
#include "net/association/association.h"
#include "net/pdu/pdu.h"
#include "net/transport/connection.h"
#include "net/upper_layer/action.h"
#include "net/upper_layer/event.h"
#include "net/upper_layer/role.h"
#include "net/upper_layer/state.h"

namespace roentgen::net::internal {

/// A PDU as received: for P-DATA-TF the PDVs are views into the core's receive buffer, valid until
/// the next PDU is read.
struct ReceivedPdu {
    PduType type{};
    Pdu pdu;
};

class AssociationCore {
public:
    AssociationCore(std::unique_ptr<Connection> connection, Role role, const AssociationTimeouts& timeouts);

    /// Looks up (state, event) in PS3.8 Table 9-10 and performs the action: `outgoing` is the PDU
    /// the action sends, when it sends one. A local event the table does not allow is
    /// Errc::InvalidArgument and changes nothing.
    [[nodiscard]] Result<Action> signal(Event event, std::span<const std::span<const uint8_t>> outgoing = {});
    /// As signal(), encoding `pdu` first.
    [[nodiscard]] Result<Action> signal(Event event, const Pdu& pdu);

    /// Reads the next PDU within `timeout` and signals its event (Evt3, 4, 6, 10, 12, 13, 16, 19,
    /// or 17/18 when the transport closes or ARTIM expires). Returns the PDU when the action is an
    /// indication to the user; an error when the association ended (aborted, closed, invalid PDU).
    [[nodiscard]] Result<ReceivedPdu> receive_pdu(Milliseconds timeout);

    /// Sta13: waits up to ARTIM for the peer to close, then closes (AR-5 / AA-2 / AA-5).
    void await_close();
    /// Local abort (Evt15) when the association is still up, then the close.
    void abort_now();

    /// PDVs of the current P-DATA-TF not handed out yet.
    std::deque<PresentationDataValue>& pending_values() { return m_pending; }

    /// Sends `data` as P-DATA-TF PDUs, one PDV each, of at most the peer's maximum length; the last
    /// PDV carries `last_flag` (0x02), `command_flag` (0x01) marks command fragments.
    [[nodiscard]] Result<void> send_fragments(uint8_t context_id, bool command, std::span<const uint8_t> data,
                                              bool last);
    /// Largest PDV value the peer accepts (its maximum length less the PDV item header).
    uint32_t maximum_value_length() const;

    Connection& connection() { return *m_connection; }
    State state() const { return m_state; }
    Role role() const { return m_role; }
    const AssociationTimeouts& timeouts() const { return m_timeouts; }

    AssociateRequest request;
    AssociateAccept accept;
    std::vector<PresentationContext> contexts;
    /// The presentation context of the last command received: its data set must use it too.
    uint8_t command_context_id = 0;
    /// Maximum lengths of P-DATA-TF variable fields: what the peer receives and what we do.
    uint32_t peer_maximum_length = 0;
    uint32_t own_maximum_length = 0;

private:
    [[nodiscard]] Result<void> write(std::span<const std::span<const uint8_t>> buffers);
    [[nodiscard]] Result<void> send_abort(AbortSource source, AbortReason reason);
    [[nodiscard]] Result<void> perform(Action action, std::span<const std::span<const uint8_t>> outgoing);
    [[nodiscard]] Result<ReceivedPdu> read_and_decode(Milliseconds timeout);
    /// A failed read: ARTIM expiry, a local abort after a timeout, or the transport closing.
    std::unexpected<Error> read_failed(Error error, Milliseconds timeout);
    [[nodiscard]] Result<ReceivedPdu> ended(Error error);
    void close_transport();

    std::unique_ptr<Connection> m_connection;
    Role m_role;
    AssociationTimeouts m_timeouts;
    State m_state = State::Sta1;
    std::vector<uint8_t> m_buffer;
    std::deque<PresentationDataValue> m_pending;
    /// The reason sent with an abort the provider raises (AA-8), set where the fault is found.
    AbortReason m_provider_abort_reason = AbortReason::NotSpecified;
    bool m_transport_open = true;
};

}  // namespace roentgen::net::internal
