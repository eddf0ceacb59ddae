// services/internal/storage_commitment_handlers.cpp — N-ACTION checks, decisions into reports, N-EVENT-REPORT both
// ways.
#include "services/internal/storage_commitment_handlers.h"

#include <fmt/format.h>

#include "dict/generated/tags.h"
#include "dict/generated/uids.h"
#include "net/dimse/command_builders.h"
#include "net/dimse/status.h"
#include "services/discarding_sink.h"
#include "services/internal/identifier.h"
#include "services/internal/storage_commitment_codec.h"
#include "services/response.h"

namespace roentgen::services::internal {
namespace {

constexpr std::string_view explicit_little = "1.2.840.10008.1.2.1";
constexpr std::string_view implicit_little = "1.2.840.10008.1.2";

/// The request's data set, if any: an empty one when the N-ACTION carries none (its absence then
/// reads as a missing Transaction UID).
Result<DataSet> receive_information(net::Association& association, const net::IncomingCommand& incoming)
{
    if (!incoming.command.has_data_set())
        return DataSet{};
    return receive_identifier(association, incoming.context_id);
}

Result<void> refuse(net::Association& association, const net::IncomingCommand& incoming, uint16_t status,
                    std::string_view comment, std::optional<Tag> offending = {})
{
    auto response = net::make_n_action_rsp(incoming.command, status);
    response.set_error_comment(comment.substr(0, 64));
    if (offending) {
        const Tag tags[] = {*offending};
        response.set_offending_elements(tags);
    }
    return association.send(incoming.context_id, response);
}

/// One decision per reference; missing ones and a failed commit() are processing failures.
StorageCommitmentReport make_report(std::string transaction_uid, const std::vector<SopReference>& references,
                                    const Result<std::vector<CommitmentDecision>>& decisions)
{
    StorageCommitmentReport report{std::move(transaction_uid), {}, {}};
    for (size_t index = 0; index < references.size(); ++index) {
        std::optional<uint16_t> reason = failure_reasons::ProcessingFailure;
        if (decisions && index < decisions->size())
            reason = (*decisions)[index].failure_reason;
        if (reason)
            report.failed.push_back({references[index], *reason});
        else
            report.committed.push_back(references[index]);
    }
    return report;
}

bool is_push_model(std::optional<std::string_view> uid)
{
    return uid == uids::StorageCommitmentPushModel;
}

} // namespace

Result<std::optional<StorageCommitmentReport>> handle_commitment_request(net::Association& association,
                                                                         const net::IncomingCommand& incoming,
                                                                         const AssociationInfo& info,
                                                                         StorageCommitmentService* service)
{
    ROENTGEN_TRY(auto information, receive_information(association, incoming));
    const auto& command = incoming.command;
    const auto* context = net::find_accepted_context(association.presentation_contexts(), incoming.context_id);
    // PS3.7 10.1.4.1.10: the N-ACTION statuses; PS3.4 J.3.2 the one SOP Instance and Action Type.
    if (!service || !is_push_model(command.requested_sop_class_uid()) || !context ||
        context->abstract_syntax != uids::StorageCommitmentPushModel) {
        ROENTGEN_TRY(refuse(association, incoming, net::status::SopClassNotSupported,
                            fmt::format("N-ACTION of {} is not served", command.sop_class_uid().value_or("?"))));
        return std::nullopt;
    }
    if (command.requested_sop_instance_uid() != uids::StorageCommitmentPushModelInstance) {
        ROENTGEN_TRY(refuse(association, incoming, net::status::NoSuchSopInstance,
                            "not the well-known instance 1.2.840.10008.1.20.1.1"));
        return std::nullopt;
    }
    if (command.action_type_id() != request_storage_commitment_action) {
        ROENTGEN_TRY(
            refuse(association, incoming, net::status::NoSuchAction,
                   fmt::format("Action Type ID {} (only 1 is defined)", command.action_type_id().value_or(0))));
        return std::nullopt;
    }
    auto request = parse_action_information(information);
    if (!request) {
        ROENTGEN_TRY(refuse(association, incoming, request.error().status, request.error().comment,
                            request.error().offending_element));
        return std::nullopt;
    }
    ROENTGEN_TRY(association.send(incoming.context_id, net::make_n_action_rsp(command, net::status::Success)));
    auto decisions = service->commit(info, request->transaction_uid, request->references);
    return make_report(std::move(request->transaction_uid), request->references, decisions);
}

Result<void> send_commitment_report(net::Association& association, uint8_t context_id, uint16_t message_id,
                                    const StorageCommitmentReport& report)
{
    const auto* context = net::find_accepted_context(association.presentation_contexts(), context_id);
    if (!context)
        return make_error(Errc::Malformed, fmt::format("no accepted presentation context {}", context_id));
    ROENTGEN_TRY(auto information, encode_identifier(make_event_information(report), *context));
    const auto request = net::make_n_event_report_rq(message_id, uids::StorageCommitmentPushModel,
                                                     uids::StorageCommitmentPushModelInstance, report.event_type_id(),
                                                     net::DataSetPresence::Present);
    return association.send(context_id, request, information);
}

Result<void> report_on_new_association(const SubAssociationSettings& settings, std::string_view requester_ae_title,
                                       const MoveDestination& requester, const StorageCommitmentReport& report)
{
    const std::string sop_class(uids::StorageCommitmentPushModel);
    // PS3.4 J.3.3: on an association the SCP opens it takes the SCP role, the requester the SCU role.
    ROENTGEN_TRY(auto association,
                 open_sub_association(settings, requester_ae_title, requester,
                                      {{1, sop_class, {std::string(explicit_little), std::string(implicit_little)}}},
                                      {{sop_class, false, true}}));
    const auto* context = net::find_accepted_context(association.presentation_contexts(), sop_class);
    if (!context) {
        std::move(association).abort();
        return make_error(Errc::Refused,
                          fmt::format("{} accepted no context for Storage Commitment Push Model", requester_ae_title));
    }
    constexpr uint16_t message_id = 1;
    ROENTGEN_TRY(send_commitment_report(association, context->id, message_id, report));
    ROENTGEN_TRY(auto response, receive_response(association, message_id, net::CommandField::N_EVENT_REPORT_RSP));
    if (response.command.has_data_set()) {
        DiscardingSink discard;
        ROENTGEN_TRY(association.receive_data_set(discard));
    }
    ROENTGEN_TRY(std::move(association).release());
    const uint16_t status = response.command.status().value_or(0xFFFF);
    if (net::status_category(status) == net::StatusCategory::Failure)
        return make_error(Errc::Refused, fmt::format("{} answered the report with {:04X}H {}", requester_ae_title,
                                                     status, response.command.error_comment().value_or("")));
    return {};
}

Result<void> handle_commitment_report(net::Association& association, const net::IncomingCommand& incoming,
                                      const AssociationInfo& info, StorageCommitmentReportHandler* handler)
{
    ROENTGEN_TRY(auto information, receive_information(association, incoming));
    const auto& command = incoming.command;
    auto answer = [&](uint16_t status, std::string_view comment) {
        auto response = net::make_n_event_report_rsp(command, status);
        if (!comment.empty())
            response.set_error_comment(comment.substr(0, 64));
        return association.send(incoming.context_id, response);
    };
    if (!handler || !is_push_model(command.affected_sop_class_uid()))
        return answer(net::status::SopClassNotSupported,
                      fmt::format("N-EVENT-REPORT of {} is not served", command.sop_class_uid().value_or("?")));
    const auto event_type = command.event_type_id();
    if (event_type != 1 && event_type != 2) // PS3.4 J.3.3
        return answer(net::status::NoSuchEventType, fmt::format("Event Type ID {}", event_type.value_or(0)));
    auto report = parse_event_information(information);
    if (!report)
        return answer(net::status::InvalidArgumentValue, report.error().message);
    if (auto handled = handler->on_report(info, *report); !handled)
        return answer(net::status::ProcessingFailure, handled.error().message);
    return answer(net::status::Success, {});
}

} // namespace roentgen::services::internal
