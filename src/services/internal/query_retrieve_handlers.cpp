// services/internal/query_retrieve_handlers.cpp — C-FIND matches, C-GET and C-MOVE sub-operations and their counts.
#include "services/internal/query_retrieve_handlers.h"

#include <map>
#include <set>

#include <fmt/format.h>

#include "dict/generated/tags.h"
#include "encoding/part10_file.h"
#include "net/dimse/command_builders.h"
#include "net/dimse/status.h"
#include "services/discarding_sink.h"
#include "services/internal/identifier.h"
#include "services/response.h"
#include "services/storage_scu.h"

namespace roentgen::services::internal {
namespace {

constexpr std::string_view explicit_little = "1.2.840.10008.1.2.1";
constexpr std::string_view implicit_little = "1.2.840.10008.1.2";

/// A file a retrieve sends, from its header.
struct RetrieveFile {
    std::string path;
    std::string sop_class_uid;
    std::string sop_instance_uid;
    const TransferSyntax* transfer_syntax = nullptr;
    uint64_t data_set_offset = 0;
};

Result<RetrieveFile> read_header(const std::string& path)
{
    ROENTGEN_TRY(auto file, read_part10_file(path, ReadOptions().with_stop_before(tags::PixelData)));
    auto sop_class = file.data_set.find_string(tags::SOPClassUID);
    auto sop_instance = file.data_set.find_string(tags::SOPInstanceUID);
    if (!sop_class || !sop_instance)
        return make_error(Errc::Malformed, path + ": no SOP Class or Instance UID");
    return RetrieveFile{path, std::string(*sop_class), std::string(*sop_instance), file.transfer_syntax,
                        file.data_set_offset};
}

bool uncompressed(const TransferSyntax& syntax) { return !syntax.encapsulated && !syntax.deflated; }

/// The instance for the context the peer accepted: the file's bytes when its syntax was accepted,
/// re-encoded between uncompressed syntaxes otherwise (services decode no pixels: compressed data
/// for a peer that refused its syntax is a failed sub-operation).
Result<OutgoingInstance> prepare(const RetrieveFile& file, const std::vector<net::PresentationContext>& contexts,
                                 bool requestor_is_scp, std::shared_ptr<const MappedFile>& mapped,
                                 std::optional<Part10File>& parsed)
{
    auto usable = [&](const net::PresentationContext& context, std::string_view syntax) {
        return context.accepted() && context.abstract_syntax == file.sop_class_uid &&
               (syntax.empty() || context.transfer_syntax == syntax) && (!requestor_is_scp || context.requestor_is_scp);
    };
    const net::PresentationContext* own = nullptr;
    const net::PresentationContext* other = nullptr;
    for (const auto& context : contexts) {
        if (!own && usable(context, file.transfer_syntax->uid))
            own = &context;
        const auto* syntax = find_transfer_syntax(context.transfer_syntax);
        if (!other && usable(context, {}) && syntax && uncompressed(*syntax))
            other = &context;
    }
    ROENTGEN_TRY(mapped, MappedFile::open(file.path));
    OutgoingInstance instance{file.sop_class_uid, file.sop_instance_uid, {}, {}, {}, {}, {}, 0};
    if (own) {
        instance.transfer_syntax_uid = own->transfer_syntax;
        instance.encoded = mapped->contiguous().subspan(file.data_set_offset);
        return instance;
    }
    if (!other || !uncompressed(*file.transfer_syntax))
        return make_error(Errc::Refused, fmt::format("{}: the peer accepted no context for {} in {}", file.path,
                                                     file.sop_class_uid, file.transfer_syntax->name));
    ROENTGEN_TRY(parsed, read_part10(mapped));
    const auto* target = find_transfer_syntax(other->transfer_syntax);
    instance.transfer_syntax_uid = other->transfer_syntax;
    instance.encode = [&parsed, target](ByteSink& sink) { return write_data_set(parsed->data_set, *target, sink); };
    return instance;
}

/// Counts of sub-operations and the status they end with (PS3.4 C.4.2.1.5, C.4.3.1.4).
struct Progress {
    uint16_t remaining = 0;
    uint16_t completed = 0;
    uint16_t failed = 0;
    uint16_t warning = 0;
    /// SOP Instance UIDs of the failed sub-operations and, after a cancel, of those not done: the
    /// Failed SOP Instance UID List of the final C-MOVE response (PS3.4 C.4.2.1.3.1; see handle_get()).
    std::vector<std::string> failed_uids;

    /// `sop_instance_uid` empty: the instance could not be named (its file is unreadable).
    void record(uint16_t status, const std::string& sop_instance_uid)
    {
        --remaining;
        switch (net::status_category(status)) {
        case net::StatusCategory::Success: ++completed; break;
        case net::StatusCategory::Warning: ++warning; break;
        default:
            ++failed;
            if (!sop_instance_uid.empty())
                failed_uids.push_back(sop_instance_uid);
            break;
        }
    }
    net::SubOperations pending() const { return {remaining, completed, failed, warning}; }
    net::SubOperations final_counts() const { return {std::nullopt, completed, failed, warning}; }
    uint16_t final_status(bool cancelled) const
    {
        if (cancelled)
            return net::status::Cancel;
        return failed || warning ? net::status::SubOperationsCompleteWithFailures : net::status::Success;
    }
};

// Errc::InvalidArgument from a service: the identifier does not fit the model (A900); else C000.
uint16_t failure_status(const Error& error)
{
    return error.code == Errc::InvalidArgument ? net::status::IdentifierDoesNotMatchSopClass
                                               : net::status::UnableToProcess;
}

/// The identifier of a final C-GET/C-MOVE response that is not a success: the Failed SOP Instance
/// UID List, as many UIDs as fit in one UI value (64 KiB); empty when there are none.
Result<std::vector<uint8_t>> failed_list_identifier(net::Association& association, uint8_t context_id,
                                                    const std::vector<std::string>& failed_uids)
{
    std::string list;
    for (const auto& uid : failed_uids) {
        if (list.size() + uid.size() + 1 > 0xFFFE)
            break;
        list += (list.empty() ? "" : "\\") + uid;
    }
    if (list.empty())
        return std::vector<uint8_t>{};
    const auto* context = net::find_accepted_context(association.presentation_contexts(), context_id);
    if (!context)
        return make_error(Errc::Malformed, fmt::format("no accepted presentation context {}", context_id));
    DataSet identifier;
    identifier.set_string(tags::FailedSOPInstanceUIDList, VR::UI, list);
    return encode_identifier(identifier, *context);
}

Result<void> send_final(net::Association& association, const net::IncomingCommand& incoming, net::CommandField field,
                        uint16_t status, const net::SubOperations& counts, std::string_view comment,
                        const std::vector<std::string>& failed_uids = {})
{
    std::vector<uint8_t> identifier;
    if (status != net::status::Success && status != net::status::Pending) {
        ROENTGEN_TRY(identifier, failed_list_identifier(association, incoming.context_id, failed_uids));
    }
    const auto presence = identifier.empty() ? net::DataSetPresence::Absent : net::DataSetPresence::Present;
    auto response = field == net::CommandField::C_GET_RSP
                        ? net::make_c_get_rsp(incoming.command, status, counts, presence)
                        : net::make_c_move_rsp(incoming.command, status, counts, presence);
    if (!comment.empty())
        response.set_error_comment(comment.substr(0, 64));
    return association.send(incoming.context_id, response, identifier);
}

Result<void> send_pending(net::Association& association, const net::IncomingCommand& incoming, net::CommandField field,
                          const Progress& progress)
{
    return send_final(association, incoming, field, net::status::Pending, progress.pending(), {});
}

// A C-CANCEL-RQ for this request waiting on the association (PS3.7 9.3.2.3); false when none.
Result<bool> cancel_requested(net::Association& association, uint16_t message_id)
{
    ROENTGEN_TRY(auto readable, association.wait_readable(net::Milliseconds(0)));
    if (!readable)
        return false;
    ROENTGEN_TRY(auto received, association.receive_command(association.timeouts().dimse));
    if (std::holds_alternative<net::ReleaseRequested>(received))
        return make_error(Errc::Closed, "the peer released the association during a retrieve");
    const auto& command = std::get<net::IncomingCommand>(received).command;
    if (command.field() == net::CommandField::C_CANCEL_RQ && command.message_id_being_responded_to() == message_id)
        return true;
    return make_error(Errc::Malformed, fmt::format("{} while a request was being answered", net::describe(command)));
}

}  // namespace

Result<void> handle_find(net::Association& association, const net::IncomingCommand& incoming,
                         const AssociationInfo& info, QueryService* query)
{
    ROENTGEN_TRY(auto identifier, receive_identifier(association, incoming.context_id));
    const auto* context = net::find_accepted_context(association.presentation_contexts(), incoming.context_id);
    const uint16_t message_id = incoming.command.message_id().value_or(0);
    auto finish = [&](uint16_t status, std::string_view comment) -> Result<void> {
        auto response = net::make_c_find_rsp(incoming.command, status);
        if (!comment.empty())
            response.set_error_comment(comment.substr(0, 64));
        return association.send(incoming.context_id, response);
    };
    if (!query)
        return finish(net::status::UnableToProcess, "this AE answers no queries");
    std::optional<Error> failure;
    bool cancelled = false;
    const auto sop_class = std::string(incoming.command.affected_sop_class_uid().value_or(""));
    auto found = query->find(info, sop_class, identifier, [&](const DataSet& match) {
        auto cancel = cancel_requested(association, message_id);
        if (!cancel || *cancel) {
            cancelled = cancel.has_value();
            if (!cancel)
                failure = cancel.error();
            return false;
        }
        auto bytes = encode_identifier(match, *context);
        auto sent = bytes ? association.send(incoming.context_id, net::make_c_find_rsp(incoming.command, net::status::Pending), *bytes)
                          : Result<void>(std::unexpected(bytes.error()));
        if (!sent) {
            failure = sent.error();
            return false;
        }
        return true;
    });
    if (failure)
        return std::unexpected(*failure);  // the association failed under us
    if (cancelled)
        return finish(net::status::Cancel, {});
    if (!found)
        return finish(failure_status(found.error()), found.error().message);
    return finish(net::status::Success, {});
}

Result<void> handle_get(net::Association& association, const net::IncomingCommand& incoming,
                        const AssociationInfo& info, RetrieveService* retrieve)
{
    ROENTGEN_TRY(auto identifier, receive_identifier(association, incoming.context_id));
    constexpr auto field = net::CommandField::C_GET_RSP;
    if (!retrieve)
        return send_final(association, incoming, field, net::status::UnableToProcess, {}, "this AE serves no retrieves");
    auto paths = retrieve->locate(info, incoming.command.affected_sop_class_uid().value_or(""), identifier);
    if (!paths)
        return send_final(association, incoming, field, failure_status(paths.error()), {}, paths.error().message);
    Progress progress;
    progress.remaining = static_cast<uint16_t>(std::min<size_t>(paths->size(), 0xFFFF));
    const uint16_t message_id = incoming.command.message_id().value_or(0);
    bool cancelled = false;
    for (const auto& path : *paths) {
        ROENTGEN_TRY(cancelled, cancel_requested(association, message_id));
        if (cancelled)
            break;
        auto file = read_header(path);
        std::shared_ptr<const MappedFile> mapped;
        std::optional<Part10File> parsed;
        auto instance = file ? prepare(*file, association.presentation_contexts(), true, mapped, parsed)
                             : Result<OutgoingInstance>(std::unexpected(file.error()));
        if (!instance) {
            progress.record(net::status::UnableToProcess, file ? file->sop_instance_uid : std::string());
        } else {
            // PS3.4 C.4.3.3: the C-STORE sub-operations go on this association, one at a time.
            std::optional<uint16_t> status;
            StorageSender sender(association, [&](const StoreResponse& response) { status = response.status; });
            ROENTGEN_TRY(sender.send(*instance));
            ROENTGEN_TRY(sender.finish());
            progress.record(status.value_or(net::status::UnableToProcess), file->sop_instance_uid);
        }
        if (progress.remaining > 0)
            ROENTGEN_TRY(send_pending(association, incoming, field, progress));
    }
    // No Failed SOP Instance UID List here, unlike C-MOVE (PS3.4 C.4.3.1.3.1 asks for one): SCUs built
    // on DCMTK's DcmSCU (getscu 3.6.7) and Orthanc's C-GET SCU never read a data set after the final
    // C-GET-RSP, take it for a PDU out of turn and abort instead of releasing.
    return send_final(association, incoming, field, progress.final_status(cancelled), progress.final_counts(), {});
}

Result<void> handle_move(net::Association& association, const net::IncomingCommand& incoming,
                         const AssociationInfo& info, RetrieveService* retrieve, const SubAssociationSettings& settings)
{
    ROENTGEN_TRY(auto identifier, receive_identifier(association, incoming.context_id));
    constexpr auto field = net::CommandField::C_MOVE_RSP;
    if (!retrieve)
        return send_final(association, incoming, field, net::status::UnableToProcess, {}, "this AE serves no retrieves");
    const auto destination_ae = std::string(incoming.command.move_destination().value_or(""));
    const auto destination = retrieve->find_destination(destination_ae);
    if (!destination)
        return send_final(association, incoming, field, net::status::MoveDestinationUnknown, {},
                          fmt::format("unknown destination '{}'", destination_ae));
    auto paths = retrieve->locate(info, incoming.command.affected_sop_class_uid().value_or(""), identifier);
    if (!paths)
        return send_final(association, incoming, field, failure_status(paths.error()), {}, paths.error().message);
    Progress progress;
    progress.remaining = static_cast<uint16_t>(std::min<size_t>(paths->size(), 0xFFFF));
    if (paths->empty())
        return send_final(association, incoming, field, net::status::Success, progress.final_counts(), {});
    std::vector<RetrieveFile> files;
    std::map<std::string, std::set<std::string>> syntaxes;
    for (const auto& path : *paths) {
        auto file = read_header(path);
        if (!file) {
            progress.record(net::status::UnableToProcess, {});
            continue;
        }
        syntaxes[file->sop_class_uid].insert(std::string(file->transfer_syntax->uid));
        files.push_back(std::move(*file));
    }
    // One context per SOP class and syntax the files have, and one uncompressed per SOP class.
    std::vector<net::PresentationContextProposal> contexts;
    uint8_t id = 1;
    for (const auto& [uid, uids] : syntaxes) {
        for (const auto& syntax : uids) {
            if (id > 253)
                break;
            contexts.push_back({id, uid, {syntax}});
            id = static_cast<uint8_t>(id + 2);
        }
        if (id <= 253) {
            contexts.push_back({id, uid, {std::string(explicit_little), std::string(implicit_little)}});
            id = static_cast<uint8_t>(id + 2);
        }
    }
    auto sub = open_sub_association(settings, destination_ae, *destination, std::move(contexts));
    if (!sub) {
        for (const auto& file : files)
            progress.failed_uids.push_back(file.sop_instance_uid);
        return send_final(association, incoming, field, net::status::OutOfResourcesSubOperations, {},
                          fmt::format("to {}: {}", destination_ae, sub.error().message), progress.failed_uids);
    }
    const uint16_t message_id = incoming.command.message_id().value_or(0);
    const auto originator = association.request_pdu().calling_ae_title;
    bool cancelled = false;
    for (size_t next = 0; next < files.size(); ++next) {
        const auto& file = files[next];
        ROENTGEN_TRY(cancelled, cancel_requested(association, message_id));
        if (cancelled) {  // the instances not sent are listed as failed (PS3.4 C.4.2.1.3.1)
            for (size_t rest = next; rest < files.size(); ++rest)
                progress.failed_uids.push_back(files[rest].sop_instance_uid);
            break;
        }
        std::shared_ptr<const MappedFile> mapped;
        std::optional<Part10File> parsed;
        auto instance = prepare(file, sub->presentation_contexts(), false, mapped, parsed);
        std::optional<uint16_t> status;
        if (instance) {
            instance->move_originator_ae_title = originator;
            instance->move_originator_message_id = message_id;
            StorageSender sender(*sub, [&](const StoreResponse& response) { status = response.status; });
            auto sent = sender.send(*instance);
            auto finished = sent ? sender.finish() : Result<void>(std::unexpected(sent.error()));
            if (!finished) {  // the destination went away: the rest fail
                for (size_t rest = next; rest < files.size() && progress.remaining > 0; ++rest)
                    progress.record(net::status::UnableToProcess, files[rest].sop_instance_uid);
                break;
            }
        }
        progress.record(status.value_or(net::status::UnableToProcess), file.sop_instance_uid);
        if (progress.remaining > 0)
            ROENTGEN_TRY(send_pending(association, incoming, field, progress));
    }
    (void)std::move(*sub).release();
    return send_final(association, incoming, field, progress.final_status(cancelled), progress.final_counts(), {},
                      progress.failed_uids);
}

}  // namespace roentgen::services::internal
