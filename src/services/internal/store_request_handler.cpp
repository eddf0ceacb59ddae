// services/internal/store_request_handler.cpp — one C-STORE-RQ served: stream into a writer, commit, respond.
#include "services/internal/store_request_handler.h"

#include "net/dimse/command_builders.h"
#include "net/dimse/status.h"
#include "services/discarding_sink.h"

namespace roentgen::services::internal {

Result<void> handle_store_request(net::Association& association, const net::IncomingCommand& incoming,
                                  const AssociationInfo& info, StorageService* storage)
{
    const auto& command = incoming.command;
    const auto* context = net::find_accepted_context(association.presentation_contexts(), incoming.context_id);
    StoreRequest request;
    request.sop_class_uid = std::string(command.affected_sop_class_uid().value_or(""));
    request.sop_instance_uid = std::string(command.affected_sop_instance_uid().value_or(""));
    request.transfer_syntax_uid = context ? context->transfer_syntax : std::string();
    request.move_originator_ae_title = std::string(command.move_originator_ae_title().value_or(""));
    request.move_originator_message_id = command.move_originator_message_id();

    auto respond = [&](uint16_t status, std::string_view comment) -> Result<void> {
        auto response = net::make_c_store_rsp(command, status);
        if (!comment.empty())
            response.set_error_comment(comment.substr(0, 64));  // PS3.7 E.1-1: LO, 64 characters
        return association.send(incoming.context_id, response);
    };
    if (!storage) {
        DiscardingSink discard;
        ROENTGEN_TRY(association.receive_data_set(discard));
        return respond(net::status::SopClassNotSupported, "this AE does not store instances");
    }
    auto writer = storage->open(info, request);
    if (!writer) {
        DiscardingSink discard;
        ROENTGEN_TRY(association.receive_data_set(discard));
        return respond(net::status::OutOfResources, writer.error().message);
    }
    FirstErrorSink guarded(**writer);
    ROENTGEN_TRY(association.receive_data_set(guarded));
    if (guarded.error())
        return respond(net::status::OutOfResources, guarded.error()->message);
    auto committed = (*writer)->commit();
    if (!committed)
        return respond(net::status::OutOfResources, committed.error().message);
    return respond(*committed, {});
}

}  // namespace roentgen::services::internal
