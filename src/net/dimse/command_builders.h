// net/dimse/command_builders.h — builders for every DIMSE request and response of PS3.7 9.3 and 10.3.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "dict/generated/uids.h"
#include "dict/tag.h"
#include "net/dimse/command.h"

namespace roentgen::net {

// Requests carry the fields of PS3.7 9.3.x.1 / 10.3.x.1 and a Command Data Set Type saying whether
// a data set follows. Responses (9.3.x.2 / 10.3.x.2) set Message ID Being Responded To from the
// request's Message ID and copy its SOP Class and Instance UIDs: the Affected ones, or for N-GET,
// N-SET, N-ACTION and N-DELETE the Requested ones as Affected (PS3.7 10.1.2.1.3 ff.). Warning and
// failure details are added afterwards with Command::set_error_comment() and the like.

/// C-ECHO-RQ (PS3.7 9.3.5.1).
Command make_c_echo_rq(uint16_t message_id, std::string_view sop_class_uid = uids::Verification);
/// C-ECHO-RSP (PS3.7 9.3.5.2).
Command make_c_echo_rsp(const Command& request, uint16_t status);

/// C-STORE-RQ (PS3.7 9.3.1.1); the data set is the SOP Instance. The move originator fields are
/// set when this C-STORE is a sub-operation of a C-MOVE (PS3.4 C.4.2.2).
Command make_c_store_rq(uint16_t message_id, std::string_view sop_class_uid, std::string_view sop_instance_uid,
                        Priority priority = Priority::Medium, std::string_view move_originator_ae_title = {},
                        std::optional<uint16_t> move_originator_message_id = {});
/// C-STORE-RSP (PS3.7 9.3.1.2).
Command make_c_store_rsp(const Command& request, uint16_t status);

/// C-FIND-RQ (PS3.7 9.3.2.1); the data set is the Identifier.
Command make_c_find_rq(uint16_t message_id, std::string_view sop_class_uid, Priority priority = Priority::Medium);
/// C-FIND-RSP (PS3.7 9.3.2.2): pending responses (FF00, FF01) carry a matching Identifier, the
/// others none (PS3.4 C.4.1.1.4).
Command make_c_find_rsp(const Command& request, uint16_t status);

/// C-GET-RQ (PS3.7 9.3.3.1); the data set is the Identifier.
Command make_c_get_rq(uint16_t message_id, std::string_view sop_class_uid, Priority priority = Priority::Medium);
/// C-GET-RSP (PS3.7 9.3.3.2). A data set (the Failed SOP Instance UID List) may follow a final
/// response (PS3.4 C.4.3.1.3.1).
Command make_c_get_rsp(const Command& request, uint16_t status, const SubOperations& counts = {},
                       DataSetPresence identifier = DataSetPresence::Absent);

/// C-MOVE-RQ (PS3.7 9.3.4.1); the data set is the Identifier.
Command make_c_move_rq(uint16_t message_id, std::string_view sop_class_uid, std::string_view move_destination,
                       Priority priority = Priority::Medium);
/// C-MOVE-RSP (PS3.7 9.3.4.2), as C-GET-RSP.
Command make_c_move_rsp(const Command& request, uint16_t status, const SubOperations& counts = {},
                        DataSetPresence identifier = DataSetPresence::Absent);

/// C-CANCEL-RQ (PS3.7 9.3.2.3, 9.3.3.3, 9.3.4.3): cancels the C-FIND, C-GET or C-MOVE whose
/// Message ID was `message_id_being_cancelled`. It has no response.
Command make_c_cancel_rq(uint16_t message_id_being_cancelled);

/// N-EVENT-REPORT-RQ (PS3.7 10.3.1.1); the data set, if any, is the Event Information.
Command make_n_event_report_rq(uint16_t message_id, std::string_view sop_class_uid, std::string_view sop_instance_uid,
                               uint16_t event_type_id, DataSetPresence event_information = DataSetPresence::Absent);
/// N-EVENT-REPORT-RSP (PS3.7 10.3.1.2), with the request's Event Type ID; the data set, if any, is
/// the Event Reply.
Command make_n_event_report_rsp(const Command& request, uint16_t status,
                                DataSetPresence event_reply = DataSetPresence::Absent);

/// N-GET-RQ (PS3.7 10.3.2.1). An empty attribute list asks for every attribute and is left out.
Command make_n_get_rq(uint16_t message_id, std::string_view sop_class_uid, std::string_view sop_instance_uid,
                      std::span<const Tag> attribute_identifiers = {});
/// N-GET-RSP (PS3.7 10.3.2.2); the data set, if any, is the Attribute List.
Command make_n_get_rsp(const Command& request, uint16_t status,
                       DataSetPresence attribute_list = DataSetPresence::Absent);

/// N-SET-RQ (PS3.7 10.3.3.1); the data set is the Modification List.
Command make_n_set_rq(uint16_t message_id, std::string_view sop_class_uid, std::string_view sop_instance_uid);
/// N-SET-RSP (PS3.7 10.3.3.2); the data set, if any, is the Attribute List.
Command make_n_set_rsp(const Command& request, uint16_t status,
                       DataSetPresence attribute_list = DataSetPresence::Absent);

/// N-ACTION-RQ (PS3.7 10.3.4.1); the data set, if any, is the Action Information.
Command make_n_action_rq(uint16_t message_id, std::string_view sop_class_uid, std::string_view sop_instance_uid,
                         uint16_t action_type_id, DataSetPresence action_information = DataSetPresence::Absent);
/// N-ACTION-RSP (PS3.7 10.3.4.2), with the request's Action Type ID; the data set, if any, is the
/// Action Reply.
Command make_n_action_rsp(const Command& request, uint16_t status,
                          DataSetPresence action_reply = DataSetPresence::Absent);

/// N-CREATE-RQ (PS3.7 10.3.5.1). Without an instance UID the SCP assigns one; the data set, if
/// any, is the Attribute List.
Command make_n_create_rq(uint16_t message_id, std::string_view sop_class_uid, std::string_view sop_instance_uid = {},
                         DataSetPresence attribute_list = DataSetPresence::Present);
/// N-CREATE-RSP (PS3.7 10.3.5.2). The Affected SOP Instance UID is the request's, else
/// `created_sop_instance_uid`: the one the SCP assigned (PS3.7 10.1.5.1.4).
Command make_n_create_rsp(const Command& request, uint16_t status, std::string_view created_sop_instance_uid = {},
                          DataSetPresence attribute_list = DataSetPresence::Absent);

/// N-DELETE-RQ (PS3.7 10.3.6.1).
Command make_n_delete_rq(uint16_t message_id, std::string_view sop_class_uid, std::string_view sop_instance_uid);
/// N-DELETE-RSP (PS3.7 10.3.6.2).
Command make_n_delete_rsp(const Command& request, uint16_t status);

} // namespace roentgen::net
