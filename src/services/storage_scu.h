// services/storage_scu.h — C-STORE as service user, several requests outstanding (PS3.4 Annex B, PS3.7 9.1.1).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <span>
#include <string>

#include "base/byte_sink.h"
#include "base/result.h"
#include "net/association/association.h"
#include "net/dimse/command.h"

namespace roentgen::services {

/// One instance to store: its data set already encoded in `transfer_syntax_uid` (`encoded`, sent
/// without copying), or encoded while it is sent (`encode`).
struct OutgoingInstance {
    std::string sop_class_uid;
    std::string sop_instance_uid;
    std::string transfer_syntax_uid;
    std::span<const uint8_t> encoded;
    std::function<Result<void>(ByteSink&)> encode;
    /// Set for C-STORE sub-operations of a C-MOVE (PS3.7 9.1.1.1).
    std::string move_originator_ae_title;
    std::optional<uint16_t> move_originator_message_id;
    /// The caller's own reference, handed back in its StoreResponse.
    uint64_t tag = 0;
};

/// The answer to one C-STORE-RQ.
struct StoreResponse {
    uint64_t tag = 0;  ///< OutgoingInstance::tag
    uint16_t message_id = 0;
    uint16_t status = 0;
    net::Command command;
};

/// Sends C-STORE-RQs on one association, keeping up to the negotiated asynchronous operations
/// window outstanding (PS3.7 D.3.3.3): with a window of 1 each request waits for its response.
/// Responses are handed to `on_response` in the order they arrive.
class StorageSender {
public:
    StorageSender(net::Association& association, std::function<void(const StoreResponse&)> on_response);

    /// Sends one instance on the accepted context for its SOP class and transfer syntax; first
    /// waits for a response when the window is full. Errc::Refused when no context fits.
    [[nodiscard]] Result<uint16_t> send(const OutgoingInstance& instance);
    /// Waits for every outstanding response.
    [[nodiscard]] Result<void> finish();
    size_t outstanding() const { return m_outstanding.size(); }

private:
    [[nodiscard]] Result<void> receive_one();

    net::Association& m_association;
    std::function<void(const StoreResponse&)> m_on_response;
    std::deque<std::pair<uint16_t, uint64_t>> m_outstanding;  // message id, tag
    uint16_t m_next_message_id = 1;
};

}  // namespace roentgen::services
