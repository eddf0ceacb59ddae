// services/query_retrieve_scu.cpp — identifiers encoded in the context's syntax, pending responses, C-GET sub-operations.
#include "services/query_retrieve_scu.h"

#include <fmt/format.h>

#include "dict/generated/uids.h"
#include "encoding/part10_file.h"
#include "net/dimse/command_builders.h"
#include "net/dimse/status.h"
#include "services/discarding_sink.h"
#include "services/internal/identifier.h"
#include "services/internal/store_request_handler.h"
#include "services/response.h"

namespace roentgen::services {
namespace {

using internal::encode_identifier;
using internal::receive_identifier;

Result<const net::PresentationContext*> context_for(net::Association& association, std::string_view sop_class)
{
    const auto* context = net::find_accepted_context(association.presentation_contexts(), sop_class);
    if (!context)
        return make_error(Errc::Refused, fmt::format("the peer accepted no presentation context for {}", sop_class));
    return context;
}

QueryOutcome final_outcome(const net::Command& response)
{
    QueryOutcome outcome;
    outcome.status = response.status().value_or(0xFFFF);
    outcome.sub_operations = response.sub_operations();
    if (auto comment = response.error_comment())
        outcome.error_comment = std::string(*comment);
    return outcome;
}

bool is_pending(uint16_t status) { return net::status_category(status) == net::StatusCategory::Pending; }

// C-MOVE and C-GET responses: pending ones report progress; a data set (failed SOP Instance UID
// List, PS3.4 C.4.2.1.8) may come with the final one.
Result<QueryOutcome> finish_retrieve(net::Association& association, const net::IncomingCommand& incoming,
                                     const std::function<void(const net::SubOperations&)>& on_progress, bool& done)
{
    if (incoming.command.has_data_set()) {
        DiscardingSink ignored;
        ROENTGEN_TRY(association.receive_data_set(ignored));
    }
    const uint16_t status = incoming.command.status().value_or(0xFFFF);
    if (is_pending(status)) {
        if (on_progress)
            on_progress(incoming.command.sub_operations());
        done = false;
        return QueryOutcome{};
    }
    done = true;
    return final_outcome(incoming.command);
}

}  // namespace

std::string_view find_sop_class(QueryModel model)
{
    switch (model) {
    case QueryModel::PatientRoot: return uids::PatientRootQueryRetrieveInformationModelFind;
    case QueryModel::StudyRoot: return uids::StudyRootQueryRetrieveInformationModelFind;
    case QueryModel::ModalityWorklist: return uids::ModalityWorklistInformationModelFind;
    }
    return {};
}

std::string_view move_sop_class(QueryModel model)
{
    switch (model) {
    case QueryModel::PatientRoot: return uids::PatientRootQueryRetrieveInformationModelMove;
    case QueryModel::StudyRoot: return uids::StudyRootQueryRetrieveInformationModelMove;
    case QueryModel::ModalityWorklist: return {};
    }
    return {};
}

std::string_view get_sop_class(QueryModel model)
{
    switch (model) {
    case QueryModel::PatientRoot: return uids::PatientRootQueryRetrieveInformationModelGet;
    case QueryModel::StudyRoot: return uids::StudyRootQueryRetrieveInformationModelGet;
    case QueryModel::ModalityWorklist: return {};
    }
    return {};
}

Result<QueryOutcome> find(net::Association& association, QueryModel model, const DataSet& identifier,
                          const std::function<void(const DataSet&)>& on_match, uint16_t message_id)
{
    ROENTGEN_TRY(auto context, context_for(association, find_sop_class(model)));
    ROENTGEN_TRY(auto bytes, encode_identifier(identifier, *context));
    ROENTGEN_TRY(association.send(context->id, net::make_c_find_rq(message_id, find_sop_class(model)), bytes));
    size_t matches = 0;
    for (;;) {
        ROENTGEN_TRY(auto incoming, receive_response(association, message_id, net::CommandField::C_FIND_RSP));
        const uint16_t status = incoming.command.status().value_or(0xFFFF);
        if (is_pending(status)) {
            if (!incoming.command.has_data_set())
                return make_error(Errc::Malformed, "a pending C-FIND-RSP without an identifier (PS3.4 C.4.1.1.4)");
            ROENTGEN_TRY(auto match, receive_identifier(association, incoming.context_id));
            ++matches;
            if (on_match)
                on_match(match);
            continue;
        }
        if (incoming.command.has_data_set()) {
            DiscardingSink ignored;
            ROENTGEN_TRY(association.receive_data_set(ignored));
        }
        auto outcome = final_outcome(incoming.command);
        outcome.matches = matches;
        return outcome;
    }
}

Result<QueryOutcome> move(net::Association& association, QueryModel model, std::string_view destination,
                          const DataSet& identifier, const std::function<void(const net::SubOperations&)>& on_progress,
                          uint16_t message_id)
{
    if (move_sop_class(model).empty())
        return make_error(Errc::InvalidArgument, "C-MOVE needs the patient or study root model");
    ROENTGEN_TRY(auto context, context_for(association, move_sop_class(model)));
    ROENTGEN_TRY(auto bytes, encode_identifier(identifier, *context));
    ROENTGEN_TRY(association.send(context->id, net::make_c_move_rq(message_id, move_sop_class(model), destination), bytes));
    for (;;) {
        ROENTGEN_TRY(auto incoming, receive_response(association, message_id, net::CommandField::C_MOVE_RSP));
        bool done = false;
        ROENTGEN_TRY(auto outcome, finish_retrieve(association, incoming, on_progress, done));
        if (done)
            return outcome;
    }
}

Result<QueryOutcome> get(net::Association& association, QueryModel model, const DataSet& identifier,
                         StorageService& storage, const std::function<void(const net::SubOperations&)>& on_progress,
                         uint16_t message_id)
{
    if (get_sop_class(model).empty())
        return make_error(Errc::InvalidArgument, "C-GET needs the patient or study root model");
    ROENTGEN_TRY(auto context, context_for(association, get_sop_class(model)));
    ROENTGEN_TRY(auto bytes, encode_identifier(identifier, *context));
    ROENTGEN_TRY(association.send(context->id, net::make_c_get_rq(message_id, get_sop_class(model)), bytes));
    const AssociationInfo info{association.request_pdu().calling_ae_title, association.request_pdu().called_ae_title,
                               association.connection().peer_address(), association.connection().peer_host()};
    for (;;) {
        ROENTGEN_TRY(auto received, association.receive_command(association.timeouts().dimse));
        if (std::holds_alternative<net::ReleaseRequested>(received))
            return make_error(Errc::Closed, "the peer released the association during a C-GET");
        auto& incoming = std::get<net::IncomingCommand>(received);
        // PS3.4 C.4.3.3: the C-STORE sub-operations arrive on the same association, interleaved
        // with pending C-GET responses.
        if (incoming.command.field() == net::CommandField::C_STORE_RQ) {
            ROENTGEN_TRY(internal::handle_store_request(association, incoming, info, &storage));
            continue;
        }
        if (incoming.command.field() != net::CommandField::C_GET_RSP ||
            incoming.command.message_id_being_responded_to() != message_id)
            return make_error(Errc::Malformed, fmt::format("unexpected {} during a C-GET", net::describe(incoming.command)));
        bool done = false;
        ROENTGEN_TRY(auto outcome, finish_retrieve(association, incoming, on_progress, done));
        if (done)
            return outcome;
    }
}

}  // namespace roentgen::services
