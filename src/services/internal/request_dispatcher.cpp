// services/internal/request_dispatcher.cpp — C-ECHO, C-STORE into a StorageService, refusals of the rest.
#include "services/internal/request_dispatcher.h"

#include <fmt/format.h>

#include "dict/generated/tags.h"
#include "net/dimse/command_builders.h"
#include "net/dimse/status.h"
#include "services/discarding_sink.h"
#include "services/internal/store_request_handler.h"

namespace roentgen::services::internal {
namespace {

std::optional<net::CommandField> response_field(net::CommandField request)
{
    return net::response_of(request);
}

}  // namespace

Result<void> RequestDispatcher::run(net::Milliseconds idle_timeout)
{
    for (;;) {
        // With C-STOREs being committed, answer those done and only block on the peer when it
        // has something to say (it may be waiting for our responses).
        ROENTGEN_TRY(respond_committed(false));
        if (!m_committing.empty()) {
            if (m_committing.size() >= m_association.operations_window()) {
                ROENTGEN_TRY(respond_committed(true));
                continue;
            }
            ROENTGEN_TRY(auto readable, m_association.wait_readable(net::Milliseconds(1)));
            if (!readable)
                continue;
        }
        ROENTGEN_TRY(auto received, m_association.receive_command(idle_timeout));
        if (std::holds_alternative<net::ReleaseRequested>(received)) {
            for (auto& commit : m_committing)
                commit.wait();  // durable even though the peer left without its responses
            return {};
        }
        const auto& incoming = std::get<net::IncomingCommand>(received);
        switch (incoming.command.field()) {
        case net::CommandField::C_ECHO_RQ:
            ROENTGEN_TRY(m_association.send(incoming.context_id,
                                            net::make_c_echo_rsp(incoming.command, net::status::Success)));
            break;
        case net::CommandField::C_STORE_RQ:
            ROENTGEN_TRY(handle_store(incoming));
            break;
        case net::CommandField::C_FIND_RQ:
            ROENTGEN_TRY(respond_all_committed());
            ROENTGEN_TRY(handle_find(m_association, incoming, m_info, m_handlers.query));
            break;
        case net::CommandField::C_GET_RQ:
            ROENTGEN_TRY(respond_all_committed());
            ROENTGEN_TRY(handle_get(m_association, incoming, m_info, m_handlers.retrieve));
            break;
        case net::CommandField::C_MOVE_RQ:
            ROENTGEN_TRY(respond_all_committed());
            ROENTGEN_TRY(handle_move(m_association, incoming, m_info, m_handlers.retrieve, m_settings));
            break;
        default:
            ROENTGEN_TRY(handle_unsupported(incoming));
            break;
        }
    }
}

Result<void> RequestDispatcher::handle_store(const net::IncomingCommand& incoming)
{
    ROENTGEN_TRY(auto store, receive_store(m_association, incoming, m_info, m_handlers.storage));
    if (m_association.operations_window() <= 1 || !store.writer) {
        commit_store(store);
        return respond_store(m_association, store);
    }
    // PS3.7 D.3.3.3: with an asynchronous window the next request is received while this one is
    // made durable (the fsync is most of a C-STORE's time on a real disk).
    m_committing.push_back(std::async(std::launch::async, [store = std::move(store)]() mutable {
        commit_store(store);
        return std::move(store);
    }));
    return {};
}

Result<void> RequestDispatcher::respond_committed(bool wait_for_oldest)
{
    while (!m_committing.empty()) {
        auto& oldest = m_committing.front();
        if (!wait_for_oldest && oldest.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
            return {};
        wait_for_oldest = false;
        auto store = oldest.get();
        m_committing.pop_front();
        ROENTGEN_TRY(respond_store(m_association, store));
    }
    return {};
}

Result<void> RequestDispatcher::handle_unsupported(const net::IncomingCommand& incoming)
{
    const auto& command = incoming.command;
    if (command.has_data_set()) {
        DiscardingSink discard;
        ROENTGEN_TRY(m_association.receive_data_set(discard));
    }
    const auto response = response_field(command.field());
    if (!response)  // a response or C-CANCEL with nothing outstanding: nothing to answer
        return {};
    // PS3.7 C.4.2 / Annex C: 0211H Unrecognized Operation.
    net::Command answer;
    answer.set_us(tags::CommandField, static_cast<uint16_t>(*response));
    answer.set_us(tags::MessageIDBeingRespondedTo, command.message_id().value_or(0));
    if (auto sop_class = command.sop_class_uid())
        answer.set_text(tags::AffectedSOPClassUID, VR::UI, *sop_class);
    answer.set_us(tags::CommandDataSetType, net::command_data_set_absent);
    answer.set_us(tags::Status, net::status::UnrecognizedOperation);
    return m_association.send(incoming.context_id, answer);
}

}  // namespace roentgen::services::internal

namespace roentgen::services::internal {

Result<void> RequestDispatcher::respond_all_committed()
{
    while (!m_committing.empty())
        ROENTGEN_TRY(respond_committed(true));
    return {};
}

}  // namespace roentgen::services::internal
