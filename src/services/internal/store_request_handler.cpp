// services/internal/store_request_handler.cpp — one C-STORE-RQ served: stream into a writer, commit, respond.
#include "services/internal/store_request_handler.h"

#include "net/dimse/command_builders.h"
#include "net/dimse/status.h"
#include "services/discarding_sink.h"

namespace roentgen::services::internal {

Result<ReceivedStore> receive_store(net::Association& association, const net::IncomingCommand& incoming,
                                    const AssociationInfo& info, StorageService* storage)
{
    const auto& command = incoming.command;
    ReceivedStore store;
    store.context_id = incoming.context_id;
    store.request = command;
    const auto* context = net::find_accepted_context(association.presentation_contexts(), incoming.context_id);
    StoreRequest request;
    request.sop_class_uid = std::string(command.affected_sop_class_uid().value_or(""));
    request.sop_instance_uid = std::string(command.affected_sop_instance_uid().value_or(""));
    request.transfer_syntax_uid = context ? context->transfer_syntax : std::string();
    request.move_originator_ae_title = std::string(command.move_originator_ae_title().value_or(""));
    request.move_originator_message_id = command.move_originator_message_id();

    auto refuse = [&](uint16_t status, std::string comment) -> Result<ReceivedStore> {
        DiscardingSink discard;
        ROENTGEN_TRY(association.receive_data_set(discard));
        store.status = status;
        store.comment = std::move(comment);
        return std::move(store);
    };
    if (!storage)
        return refuse(net::status::SopClassNotSupported, "this AE does not store instances");
    auto writer = storage->open(info, request);
    if (!writer)
        return refuse(net::status::OutOfResources, writer.error().message);
    FirstErrorSink guarded(**writer);
    ROENTGEN_TRY(association.receive_data_set(guarded));
    if (guarded.error()) {
        store.status = net::status::OutOfResources;
        store.comment = guarded.error()->message;
        return store;
    }
    store.writer = std::move(*writer);
    return store;
}

void commit_store(ReceivedStore& store)
{
    if (!store.writer)
        return;
    auto committed = store.writer->commit();
    store.writer.reset();
    if (committed) {
        store.status = *committed;
    } else {
        store.status = net::status::OutOfResources;
        store.comment = committed.error().message;
    }
}

Result<void> respond_store(net::Association& association, const ReceivedStore& store)
{
    auto response = net::make_c_store_rsp(store.request, store.status);
    if (!store.comment.empty())
        response.set_error_comment(std::string_view(store.comment).substr(0, 64));  // PS3.7 E.1-1: LO
    return association.send(store.context_id, response);
}

Result<void> handle_store_request(net::Association& association, const net::IncomingCommand& incoming,
                                  const AssociationInfo& info, StorageService* storage)
{
    ROENTGEN_TRY(auto store, receive_store(association, incoming, info, storage));
    commit_store(store);
    return respond_store(association, store);
}

}  // namespace roentgen::services::internal
