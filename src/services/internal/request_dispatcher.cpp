// services/internal/request_dispatcher.cpp — C-ECHO, C-STORE, Q/R and storage commitment to their handlers, refusals of the rest.
#include "services/internal/request_dispatcher.h"

#include <fmt/format.h>

#include "dict/generated/tags.h"
#include "net/dimse/command_builders.h"
#include "net/dimse/status.h"
#include "services/discarding_sink.h"
#include "services/internal/storage_commitment_handlers.h"
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
    auto served = serve(idle_timeout);
    // PS3.4 J.3.3: a report the requester did not take here goes on an association of our own.
    for (const auto& [message_id, report] : m_unacknowledged_reports)
        if (auto reported = report_elsewhere(report); !reported && !m_unreported)
            m_unreported = reported.error();
    m_unacknowledged_reports.clear();
    if (!served)
        return served;
    if (m_unreported)
        return std::unexpected(*m_unreported);
    return {};
}

Result<void> RequestDispatcher::serve(net::Milliseconds idle_timeout)
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
        // A report sent here is answered within the DIMSE timeout, as any response.
        const auto timeout = m_unacknowledged_reports.empty() ? idle_timeout : m_settings.timeouts.dimse;
        ROENTGEN_TRY(auto received, m_association.receive_command(timeout));
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
        case net::CommandField::N_ACTION_RQ:
            ROENTGEN_TRY(respond_all_committed());  // the instances stored before are durable first
            ROENTGEN_TRY(handle_commitment(incoming));
            break;
        case net::CommandField::N_EVENT_REPORT_RQ:
            ROENTGEN_TRY(respond_all_committed());
            ROENTGEN_TRY(handle_commitment_report(m_association, incoming, m_info, m_handlers.storage_commitment_reports));
            break;
        case net::CommandField::N_EVENT_REPORT_RSP:
            ROENTGEN_TRY(handle_report_response(incoming));
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

Result<void> RequestDispatcher::handle_commitment(const net::IncomingCommand& incoming)
{
    ROENTGEN_TRY(auto report,
                 handle_commitment_request(m_association, incoming, m_info, m_handlers.storage_commitment));
    if (!report)
        return {};
    if (m_reporting == CommitmentReporting::NewAssociation) {
        // A lost report is the requester's to notice; its association goes on.
        if (auto reported = report_elsewhere(*report); !reported && !m_unreported)
            m_unreported = reported.error();
        return {};
    }
    const uint16_t message_id = m_next_message_id++;
    if (m_next_message_id == 0)
        m_next_message_id = 1;
    // The N-EVENT-REPORT-RSP is taken by the loop, so the requester may go on with other requests.
    // Recorded first: a requester gone before the report was sent (Orthanc closes right after the
    // N-ACTION-RSP) gets it on a new association too.
    const auto& sent = m_unacknowledged_reports.emplace(message_id, std::move(*report)).first->second;
    return send_commitment_report(m_association, incoming.context_id, message_id, sent);
}

Result<void> RequestDispatcher::handle_report_response(const net::IncomingCommand& incoming)
{
    if (incoming.command.has_data_set()) {  // PS3.4 J.3.3: no Event Reply; read past one
        DiscardingSink discard;
        ROENTGEN_TRY(m_association.receive_data_set(discard));
    }
    auto found = m_unacknowledged_reports.find(incoming.command.message_id_being_responded_to().value_or(0));
    if (found == m_unacknowledged_reports.end())
        return {};  // nothing outstanding: ignored, as any stray response
    const auto transaction_uid = std::move(found->second.transaction_uid);
    m_unacknowledged_reports.erase(found);
    const uint16_t status = incoming.command.status().value_or(0xFFFF);
    // The requester has the report even when it could not process it: it is not sent again.
    if (net::status_category(status) == net::StatusCategory::Failure && !m_unreported)
        m_unreported = Error{Errc::Refused,
                             fmt::format("{} answered the storage commitment report of {} with {:04X}H {}",
                                         m_info.calling_ae_title, transaction_uid, status,
                                         incoming.command.error_comment().value_or(""))};
    return {};
}

Result<void> RequestDispatcher::report_elsewhere(const StorageCommitmentReport& report)
{
    auto fail = [&](const std::string& why) {
        return make_error(Errc::Refused, fmt::format("storage commitment report of {} for {}: {}",
                                                     report.transaction_uid, m_info.calling_ae_title, why));
    };
    const auto requester = m_handlers.storage_commitment
                               ? m_handlers.storage_commitment->find_requester(m_info.calling_ae_title)
                               : std::nullopt;
    if (!requester)
        return fail("no address is known for it, the report is lost");
    if (auto reported = report_on_new_association(m_settings, m_info.calling_ae_title, *requester, report); !reported)
        return fail(reported.error().message);
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
