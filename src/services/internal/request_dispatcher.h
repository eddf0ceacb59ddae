// services/internal/request_dispatcher.h — serves the requests of one accepted association until it ends.
#pragma once

#include <deque>
#include <future>

#include "base/result.h"
#include "net/association/association.h"
#include "services/dimse_server.h"
#include "services/internal/query_retrieve_handlers.h"
#include "services/internal/store_request_handler.h"

namespace roentgen::services::internal {

class RequestDispatcher {
public:
    RequestDispatcher(net::Association& association, const AssociationInfo& info, const ServiceHandlers& handlers,
                      SubAssociationSettings settings = {})
        : m_association(association), m_info(info), m_handlers(handlers), m_settings(std::move(settings))
    {
    }
    /// Answers requests until the peer releases (success) or the association fails.
    [[nodiscard]] Result<void> run(net::Milliseconds idle_timeout);

private:
    [[nodiscard]] Result<void> handle_store(const net::IncomingCommand& incoming);
    [[nodiscard]] Result<void> handle_unsupported(const net::IncomingCommand& incoming);
    /// Sends the responses of C-STOREs whose commit finished, oldest first; with `wait_for_oldest`
    /// waits for the oldest one first.
    [[nodiscard]] Result<void> respond_committed(bool wait_for_oldest);
    /// Waits for every commit in flight and answers them (before a request of another kind).
    [[nodiscard]] Result<void> respond_all_committed();

    net::Association& m_association;
    const AssociationInfo& m_info;
    const ServiceHandlers& m_handlers;
    SubAssociationSettings m_settings;
    std::deque<std::future<ReceivedStore>> m_committing;
};

}  // namespace roentgen::services::internal
