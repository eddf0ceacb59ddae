// services/storage_commitment_scu.cpp — N-ACTION-RQ out, N-ACTION-RSP and N-EVENT-REPORT-RQ in, N-EVENT-REPORT-RSP out.
#include "services/storage_commitment_scu.h"

#include <chrono>

#include <fmt/format.h>

#include "dict/generated/uids.h"
#include "net/dimse/command_builders.h"
#include "net/dimse/status.h"
#include "services/discarding_sink.h"
#include "services/internal/identifier.h"
#include "services/internal/storage_commitment_codec.h"
#include "services/response.h"

namespace roentgen::services {
namespace {

const net::PresentationContext* push_model_context(const net::Association& association)
{
    return net::find_accepted_context(association.presentation_contexts(), uids::StorageCommitmentPushModel);
}

} // namespace

Result<void> request_storage_commitment(net::Association& association, std::string_view transaction_uid,
                                        std::span<const SopReference> references, uint16_t message_id)
{
    const auto* context = push_model_context(association);
    if (!context)
        return make_error(Errc::Refused, "the peer accepted no presentation context for Storage Commitment Push Model");
    ROENTGEN_TRY(auto information,
                 internal::encode_identifier(internal::make_action_information(transaction_uid, references), *context));
    const auto request =
        net::make_n_action_rq(message_id, uids::StorageCommitmentPushModel, uids::StorageCommitmentPushModelInstance,
                              internal::request_storage_commitment_action, net::DataSetPresence::Present);
    ROENTGEN_TRY(association.send(context->id, request, information));
    ROENTGEN_TRY(auto response, receive_response(association, message_id, net::CommandField::N_ACTION_RSP));
    if (response.command.has_data_set()) { // PS3.4 J.3.2: no Action Reply; read past one
        DiscardingSink discard;
        ROENTGEN_TRY(association.receive_data_set(discard));
    }
    const uint16_t status = response.command.status().value_or(0xFFFF);
    if (net::status_category(status) != net::StatusCategory::Failure)
        return {};
    const auto name = net::status_name(status, net::CommandField::N_ACTION_RSP);
    const auto comment = response.command.error_comment();
    return make_error(Errc::Refused, fmt::format("N-ACTION answered {:04X}H{}{}{}{}", status, name.empty() ? "" : " ",
                                                 name, comment ? ": " : "", comment.value_or("")));
}

Result<StorageCommitmentReport> receive_storage_commitment_report(net::Association& association,
                                                                  std::string_view transaction_uid,
                                                                  net::Milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto no_report = [&] {
            return make_error(Errc::Timeout, fmt::format("no storage commitment report within {} ms", timeout.count()));
        };
        const auto left = std::chrono::duration_cast<net::Milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left <= net::Milliseconds(0))
            return no_report();
        auto next = association.receive_command(left);
        if (!next && next.error().code == Errc::Timeout)
            return no_report();
        ROENTGEN_TRY(auto received, std::move(next));
        if (std::holds_alternative<net::ReleaseRequested>(received))
            return make_error(Errc::Closed, "the peer released the association without reporting on it");
        auto incoming = std::get<net::IncomingCommand>(std::move(received));
        const auto& command = incoming.command;
        if (command.field() != net::CommandField::N_EVENT_REPORT_RQ ||
            command.affected_sop_class_uid() != uids::StorageCommitmentPushModel)
            return make_error(
                Errc::Malformed,
                fmt::format("expected a storage commitment N-EVENT-REPORT-RQ, received {}", net::describe(command)));
        Result<StorageCommitmentReport> report =
            make_error(Errc::Malformed, "the N-EVENT-REPORT has no Event Information");
        if (command.has_data_set()) {
            ROENTGEN_TRY(auto information, internal::receive_identifier(association, incoming.context_id));
            report = internal::parse_event_information(information);
        }
        auto response =
            net::make_n_event_report_rsp(command, report ? net::status::Success : net::status::ProcessingFailure);
        if (!report)
            response.set_error_comment(std::string_view(report.error().message).substr(0, 64));
        ROENTGEN_TRY(association.send(incoming.context_id, response));
        if (!report)
            return add_context(report.error(), "storage commitment report");
        if (report->transaction_uid == transaction_uid)
            return report;
    }
}

Result<StorageCommitmentReport> commit(net::Association& association, std::string_view transaction_uid,
                                       std::span<const SopReference> references, net::Milliseconds report_timeout)
{
    ROENTGEN_TRY(request_storage_commitment(association, transaction_uid, references));
    return receive_storage_commitment_report(association, transaction_uid, report_timeout);
}

} // namespace roentgen::services
