// services/storage_scu.cpp — pipelined C-STORE requests and response bookkeeping.
#include "services/storage_scu.h"

#include <algorithm>

#include <fmt/format.h>

#include "net/dimse/command_builders.h"
#include "services/response.h"

namespace roentgen::services {

StorageSender::StorageSender(net::Association& association, std::function<void(const StoreResponse&)> on_response)
    : m_association(association), m_on_response(std::move(on_response))
{
}

Result<uint16_t> StorageSender::send(const OutgoingInstance& instance)
{
    const auto* context = net::find_accepted_context(m_association.presentation_contexts(), instance.sop_class_uid,
                                                     instance.transfer_syntax_uid);
    if (!context)
        return make_error(Errc::Refused, fmt::format("no accepted presentation context for {} in {}",
                                                     instance.sop_class_uid, instance.transfer_syntax_uid));
    while (m_outstanding.size() >= m_association.operations_window())
        ROENTGEN_TRY(receive_one());
    const uint16_t message_id = m_next_message_id++;
    if (m_next_message_id == 0)
        m_next_message_id = 1;
    auto request = net::make_c_store_rq(message_id, instance.sop_class_uid, instance.sop_instance_uid,
                                        net::Priority::Medium, instance.move_originator_ae_title,
                                        instance.move_originator_message_id);
    if (instance.encode) {
        ROENTGEN_TRY(m_association.send(context->id, request, instance.encode));
    } else {
        if (instance.encoded.empty())
            return make_error(Errc::InvalidArgument, "C-STORE of an empty data set");
        ROENTGEN_TRY(m_association.send(context->id, request, instance.encoded));
    }
    m_outstanding.emplace_back(message_id, instance.tag);
    // Without a window, the response is awaited now, so a failure is blamed on the right request.
    if (m_association.operations_window() <= 1)
        ROENTGEN_TRY(receive_one());
    return message_id;
}

Result<void> StorageSender::receive_one()
{
    ROENTGEN_TRY(auto incoming, receive_any_response(m_association, net::CommandField::C_STORE_RSP));
    const auto answered = incoming.command.message_id_being_responded_to();
    auto found = answered ? std::ranges::find(m_outstanding, *answered, &std::pair<uint16_t, uint64_t>::first)
                          : m_outstanding.end();
    if (found == m_outstanding.end())
        return make_error(Errc::Malformed, fmt::format("C-STORE-RSP for message {}, which is not outstanding",
                                                       answered.value_or(0)));
    const uint64_t tag = found->second;
    m_outstanding.erase(found);
    if (incoming.command.has_data_set()) {
        // PS3.7 9.3.1.2: a C-STORE-RSP has no data set; read past one rather than lose sync.
        VectorSink ignored;
        ROENTGEN_TRY(m_association.receive_data_set(ignored));
    }
    StoreResponse response{tag, *answered, incoming.command.status().value_or(0xFFFF), std::move(incoming.command)};
    if (m_on_response)
        m_on_response(response);
    return {};
}

Result<void> StorageSender::finish()
{
    while (!m_outstanding.empty())
        ROENTGEN_TRY(receive_one());
    return {};
}

}  // namespace roentgen::services
