// services/internal/request_dispatcher.h — serves the requests of one accepted association until it ends.
#pragma once

#include "base/result.h"
#include "net/association/association.h"
#include "services/dimse_server.h"

namespace roentgen::services::internal {

class RequestDispatcher {
public:
    RequestDispatcher(net::Association& association, const AssociationInfo& info, const ServiceHandlers& handlers)
        : m_association(association), m_info(info), m_handlers(handlers)
    {
    }
    /// Answers requests until the peer releases (success) or the association fails.
    [[nodiscard]] Result<void> run(net::Milliseconds idle_timeout);

private:
    [[nodiscard]] Result<void> handle_store(const net::IncomingCommand& incoming);
    [[nodiscard]] Result<void> handle_unsupported(const net::IncomingCommand& incoming);

    net::Association& m_association;
    const AssociationInfo& m_info;
    const ServiceHandlers& m_handlers;
};

}  // namespace roentgen::services::internal
