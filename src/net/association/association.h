// net/association/association.h — one DICOM association: negotiation, DIMSE messages over PDVs, release, abort.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "base/byte_sink.h"
#include "base/result.h"
#include "net/association/presentation_contexts.h"
#include "net/dimse/command.h"
#include "net/pdu/pdu.h"
#include "net/transport/connection.h"
#include "net/upper_layer/role.h"
#include "net/upper_layer/state.h"

namespace roentgen::net {
namespace internal {
class AssociationCore;
}

/// Deadlines of an association (PS3.8 9.1.5 ARTIM; DIMSE and idle timeouts as DCMTK's -ta, -td, -to).
struct AssociationTimeouts {
    Milliseconds connect{10'000};   ///< TCP connect and TLS handshake.
    Milliseconds artim{30'000};     ///< Waiting for the A-ASSOCIATE-RQ, and for the close after release/abort.
    Milliseconds dimse{600'000};    ///< Waiting for a DIMSE response or the rest of a message.
    Milliseconds idle{600'000};     ///< An acceptor waiting for the next request.
};

/// A command received, with the presentation context it came on.
struct IncomingCommand {
    uint8_t context_id = 0;
    Command command;
};

/// The requestor asked to release (A-RELEASE-RQ); the acceptor has answered and closed.
struct ReleaseRequested {};

/// What an acceptor decides about an A-ASSOCIATE-RQ, given the peer's address.
using AssociationDecision = std::function<std::variant<AssociateAccept, AssociateReject>(const AssociateRequest&,
                                                                                        const Connection&)>;

/// A negotiated association. Every PDU sent or received goes through the PS3.8 Table 9-10 state
/// table (upper_layer/transitions.h); a PDU the table does not allow in the current state aborts
/// (AA-8). Messages are fragmented into PDVs of at most the peer's maximum length, and data sets are
/// streamed: receive_data_set() hands each PDV to a sink as it arrives. One thread at a time.
/// A handle ends its life with std::move(association).release() or .abort().
class Association {
public:
    /// Requestor: sends `request` on `connection` and waits (ARTIM) for the A-ASSOCIATE-AC. A
    /// rejection is Errc::Refused with the standard's wording of the reason.
    [[nodiscard]] static Result<Association> request(std::unique_ptr<Connection> connection, AssociateRequest request,
                                                     const AssociationTimeouts& timeouts);
    /// Acceptor: waits (ARTIM) for the A-ASSOCIATE-RQ, asks `decide`, and sends its answer. After a
    /// rejection the result is Errc::Refused and the connection is closed.
    [[nodiscard]] static Result<Association> accept(std::unique_ptr<Connection> connection,
                                                    const AssociationDecision& decide,
                                                    const AssociationTimeouts& timeouts);

    Association(Association&&) noexcept;
    Association& operator=(Association&&) noexcept;
    ~Association();  ///< Aborts an association still established.

    Role role() const;
    State state() const;
    const AssociateRequest& request_pdu() const;
    const AssociateAccept& accept_pdu() const;
    const std::vector<PresentationContext>& presentation_contexts() const;
    const Connection& connection() const;
    const AssociationTimeouts& timeouts() const;
    /// Operations the requestor may have outstanding at once (PS3.7 D.3.3.3): what a requestor
    /// keeps in flight and an acceptor may be asked to perform together; 1 without the item.
    uint16_t operations_window() const;

    /// Sends a command and, when `data_set` is not empty, its data set (already encoded in the
    /// context's transfer syntax). The data set is sent from the span without copying.
    [[nodiscard]] Result<void> send(uint8_t context_id, const Command& command,
                                    std::span<const uint8_t> data_set = {});
    /// Sends a command whose data set is produced while sending: `write` gets a sink that turns
    /// bytes into PDVs (for data sets encoded on the fly).
    [[nodiscard]] Result<void> send(uint8_t context_id, const Command& command,
                                    const std::function<Result<void>(ByteSink&)>& write);

    /// Waits up to `timeout` for the next command. ReleaseRequested when the peer released (the
    /// association is then over). Errc::Closed when the peer aborted or closed.
    [[nodiscard]] Result<std::variant<IncomingCommand, ReleaseRequested>> receive_command(Milliseconds timeout);
    /// Whether a PDU is waiting (or already read) within `timeout`; for an acceptor with work in
    /// flight that must not block on a quiet peer.
    [[nodiscard]] Result<bool> wait_readable(Milliseconds timeout);
    /// Receives the data set that follows the last command, PDV by PDV into `sink`.
    [[nodiscard]] Result<void> receive_data_set(ByteSink& sink);

    /// A-RELEASE-RQ, waits for the A-RELEASE-RP and closes (requestor).
    [[nodiscard]] Result<void> release() &&;
    /// A-ABORT (service user) and close.
    void abort() &&;

private:
    explicit Association(std::unique_ptr<internal::AssociationCore> core);
    std::unique_ptr<internal::AssociationCore> m_core;
};

}  // namespace roentgen::net
