// net/dimse/command_builders.cpp — the request and response builders.
#include "net/dimse/command_builders.h"

#include "dict/generated/tags.h"
#include "net/dimse/status.h"

namespace roentgen::net {

namespace {

Command request(CommandField field, uint16_t message_id, DataSetPresence data_set)
{
    Command command;
    command.set_us(tags::CommandField, static_cast<uint16_t>(field));
    command.set_us(tags::MessageID, message_id);
    command.set_data_set_presence(data_set);
    return command;
}

void set_uid(Command& command, Tag tag, std::string_view uid)
{
    if (!uid.empty())
        command.set_text(tag, VR::UI, uid);
}

// The N-services address an instance with Requested UIDs in some requests and Affected in others.
Command requested_request(CommandField field, uint16_t message_id, std::string_view sop_class_uid,
                          std::string_view sop_instance_uid, DataSetPresence data_set)
{
    Command command = request(field, message_id, data_set);
    set_uid(command, tags::RequestedSOPClassUID, sop_class_uid);
    set_uid(command, tags::RequestedSOPInstanceUID, sop_instance_uid);
    return command;
}

Command response(CommandField field, const Command& request, uint16_t status, DataSetPresence data_set)
{
    Command command;
    command.set_us(tags::CommandField, static_cast<uint16_t>(field));
    if (auto id = request.message_id())
        command.set_us(tags::MessageIDBeingRespondedTo, *id);
    command.set_data_set_presence(data_set);
    command.set_us(tags::Status, status);
    if (auto uid = request.sop_class_uid())
        set_uid(command, tags::AffectedSOPClassUID, *uid);
    if (auto uid = request.sop_instance_uid())
        set_uid(command, tags::AffectedSOPInstanceUID, *uid);
    return command;
}

Command retrieve_response(CommandField field, const Command& request, uint16_t status, const SubOperations& counts,
                          DataSetPresence identifier)
{
    Command command = response(field, request, status, identifier);
    command.set_sub_operations(counts);
    return command;
}

} // namespace

Command make_c_echo_rq(uint16_t message_id, std::string_view sop_class_uid)
{
    Command command = request(CommandField::C_ECHO_RQ, message_id, DataSetPresence::Absent);
    set_uid(command, tags::AffectedSOPClassUID, sop_class_uid);
    return command;
}

Command make_c_echo_rsp(const Command& request, uint16_t status)
{
    return response(CommandField::C_ECHO_RSP, request, status, DataSetPresence::Absent);
}

Command make_c_store_rq(uint16_t message_id, std::string_view sop_class_uid, std::string_view sop_instance_uid,
                        Priority priority, std::string_view move_originator_ae_title,
                        std::optional<uint16_t> move_originator_message_id)
{
    Command command = request(CommandField::C_STORE_RQ, message_id, DataSetPresence::Present);
    set_uid(command, tags::AffectedSOPClassUID, sop_class_uid);
    set_uid(command, tags::AffectedSOPInstanceUID, sop_instance_uid);
    command.set_us(tags::Priority, static_cast<uint16_t>(priority));
    if (!move_originator_ae_title.empty())
        command.set_text(tags::MoveOriginatorApplicationEntityTitle, VR::AE, move_originator_ae_title);
    if (move_originator_message_id)
        command.set_us(tags::MoveOriginatorMessageID, *move_originator_message_id);
    return command;
}

Command make_c_store_rsp(const Command& request, uint16_t status)
{
    return response(CommandField::C_STORE_RSP, request, status, DataSetPresence::Absent);
}

Command make_c_find_rq(uint16_t message_id, std::string_view sop_class_uid, Priority priority)
{
    Command command = request(CommandField::C_FIND_RQ, message_id, DataSetPresence::Present);
    set_uid(command, tags::AffectedSOPClassUID, sop_class_uid);
    command.set_us(tags::Priority, static_cast<uint16_t>(priority));
    return command;
}

Command make_c_find_rsp(const Command& request, uint16_t status)
{
    bool pending = status_category(status) == StatusCategory::Pending;
    return response(CommandField::C_FIND_RSP, request, status,
                    pending ? DataSetPresence::Present : DataSetPresence::Absent);
}

Command make_c_get_rq(uint16_t message_id, std::string_view sop_class_uid, Priority priority)
{
    Command command = request(CommandField::C_GET_RQ, message_id, DataSetPresence::Present);
    set_uid(command, tags::AffectedSOPClassUID, sop_class_uid);
    command.set_us(tags::Priority, static_cast<uint16_t>(priority));
    return command;
}

Command make_c_get_rsp(const Command& request, uint16_t status, const SubOperations& counts, DataSetPresence identifier)
{
    return retrieve_response(CommandField::C_GET_RSP, request, status, counts, identifier);
}

Command make_c_move_rq(uint16_t message_id, std::string_view sop_class_uid, std::string_view move_destination,
                       Priority priority)
{
    Command command = request(CommandField::C_MOVE_RQ, message_id, DataSetPresence::Present);
    set_uid(command, tags::AffectedSOPClassUID, sop_class_uid);
    command.set_text(tags::MoveDestination, VR::AE, move_destination);
    command.set_us(tags::Priority, static_cast<uint16_t>(priority));
    return command;
}

Command make_c_move_rsp(const Command& request, uint16_t status, const SubOperations& counts,
                        DataSetPresence identifier)
{
    return retrieve_response(CommandField::C_MOVE_RSP, request, status, counts, identifier);
}

Command make_c_cancel_rq(uint16_t message_id_being_cancelled)
{
    Command command;
    command.set_us(tags::CommandField, static_cast<uint16_t>(CommandField::C_CANCEL_RQ));
    command.set_us(tags::MessageIDBeingRespondedTo, message_id_being_cancelled);
    command.set_data_set_presence(DataSetPresence::Absent);
    return command;
}

Command make_n_event_report_rq(uint16_t message_id, std::string_view sop_class_uid, std::string_view sop_instance_uid,
                               uint16_t event_type_id, DataSetPresence event_information)
{
    Command command = request(CommandField::N_EVENT_REPORT_RQ, message_id, event_information);
    set_uid(command, tags::AffectedSOPClassUID, sop_class_uid);
    set_uid(command, tags::AffectedSOPInstanceUID, sop_instance_uid);
    command.set_us(tags::EventTypeID, event_type_id);
    return command;
}

Command make_n_event_report_rsp(const Command& request, uint16_t status, DataSetPresence event_reply)
{
    Command command = response(CommandField::N_EVENT_REPORT_RSP, request, status, event_reply);
    if (auto event = request.event_type_id())
        command.set_us(tags::EventTypeID, *event);
    return command;
}

Command make_n_get_rq(uint16_t message_id, std::string_view sop_class_uid, std::string_view sop_instance_uid,
                      std::span<const Tag> attribute_identifiers)
{
    Command command =
        requested_request(CommandField::N_GET_RQ, message_id, sop_class_uid, sop_instance_uid, DataSetPresence::Absent);
    if (!attribute_identifiers.empty())
        command.set_attribute_identifier_list(attribute_identifiers);
    return command;
}

Command make_n_get_rsp(const Command& request, uint16_t status, DataSetPresence attribute_list)
{
    return response(CommandField::N_GET_RSP, request, status, attribute_list);
}

Command make_n_set_rq(uint16_t message_id, std::string_view sop_class_uid, std::string_view sop_instance_uid)
{
    return requested_request(CommandField::N_SET_RQ, message_id, sop_class_uid, sop_instance_uid,
                             DataSetPresence::Present);
}

Command make_n_set_rsp(const Command& request, uint16_t status, DataSetPresence attribute_list)
{
    return response(CommandField::N_SET_RSP, request, status, attribute_list);
}

Command make_n_action_rq(uint16_t message_id, std::string_view sop_class_uid, std::string_view sop_instance_uid,
                         uint16_t action_type_id, DataSetPresence action_information)
{
    Command command =
        requested_request(CommandField::N_ACTION_RQ, message_id, sop_class_uid, sop_instance_uid, action_information);
    command.set_us(tags::ActionTypeID, action_type_id);
    return command;
}

Command make_n_action_rsp(const Command& request, uint16_t status, DataSetPresence action_reply)
{
    Command command = response(CommandField::N_ACTION_RSP, request, status, action_reply);
    if (auto action = request.action_type_id())
        command.set_us(tags::ActionTypeID, *action);
    return command;
}

Command make_n_create_rq(uint16_t message_id, std::string_view sop_class_uid, std::string_view sop_instance_uid,
                         DataSetPresence attribute_list)
{
    Command command = request(CommandField::N_CREATE_RQ, message_id, attribute_list);
    set_uid(command, tags::AffectedSOPClassUID, sop_class_uid);
    set_uid(command, tags::AffectedSOPInstanceUID, sop_instance_uid);
    return command;
}

Command make_n_create_rsp(const Command& request, uint16_t status, std::string_view created_sop_instance_uid,
                          DataSetPresence attribute_list)
{
    Command command = response(CommandField::N_CREATE_RSP, request, status, attribute_list);
    if (!request.sop_instance_uid())
        set_uid(command, tags::AffectedSOPInstanceUID, created_sop_instance_uid);
    return command;
}

Command make_n_delete_rq(uint16_t message_id, std::string_view sop_class_uid, std::string_view sop_instance_uid)
{
    return requested_request(CommandField::N_DELETE_RQ, message_id, sop_class_uid, sop_instance_uid,
                             DataSetPresence::Absent);
}

Command make_n_delete_rsp(const Command& request, uint16_t status)
{
    return response(CommandField::N_DELETE_RSP, request, status, DataSetPresence::Absent);
}

} // namespace roentgen::net
