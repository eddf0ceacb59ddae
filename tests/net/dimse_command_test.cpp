// tests/net/dimse_command_test.cpp — DIMSE command sets: DCMTK's bytes, builders, required fields, damaged input.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dict/generated/tags.h"
#include "dict/generated/uids.h"
#include "net/dimse/command.h"
#include "net/dimse/command_builders.h"
#include "net/dimse/status.h"

namespace roentgen::net {
namespace {

// A C-ECHO-RQ as DCMTK's echoscu sends it (Implicit VR Little Endian, PS3.7 9.3.5.1): 68 bytes.
// clang-format off
constexpr uint8_t echoscu_c_echo_rq[] = {
    // (0000,0000) Command Group Length, UL, length 4: 56 bytes follow
    0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x38, 0x00, 0x00, 0x00,
    // (0000,0002) Affected SOP Class UID, UI, length 18: "1.2.840.10008.1.1" padded with NUL
    0x00, 0x00, 0x02, 0x00, 0x12, 0x00, 0x00, 0x00, '1', '.', '2', '.', '8', '4', '0', '.', '1', '0', '0', '0', '8',
    '.', '1', '.', '1', 0x00,
    // (0000,0100) Command Field, US, length 2: 0030H C-ECHO-RQ
    0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x30, 0x00,
    // (0000,0110) Message ID, US, length 2: 1
    0x00, 0x00, 0x10, 0x01, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00,
    // (0000,0800) Command Data Set Type, US, length 2: 0101H, no data set
    0x00, 0x00, 0x00, 0x08, 0x02, 0x00, 0x00, 0x00, 0x01, 0x01,
};
// clang-format on

// The C-ECHO-RSP answering it with Success (PS3.7 9.3.5.2), as make_c_echo_rsp() writes it: 78 bytes.
// clang-format off
constexpr uint8_t c_echo_rsp_success[] = {
    // (0000,0000) Command Group Length, UL, length 4: 66 bytes follow
    0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x42, 0x00, 0x00, 0x00,
    // (0000,0002) Affected SOP Class UID, UI, length 18: "1.2.840.10008.1.1" padded with NUL
    0x00, 0x00, 0x02, 0x00, 0x12, 0x00, 0x00, 0x00, '1', '.', '2', '.', '8', '4', '0', '.', '1', '0', '0', '0', '8',
    '.', '1', '.', '1', 0x00,
    // (0000,0100) Command Field, US, length 2: 8030H C-ECHO-RSP
    0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x30, 0x80,
    // (0000,0120) Message ID Being Responded To, US, length 2: 1
    0x00, 0x00, 0x20, 0x01, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00,
    // (0000,0800) Command Data Set Type, US, length 2: 0101H, no data set
    0x00, 0x00, 0x00, 0x08, 0x02, 0x00, 0x00, 0x00, 0x01, 0x01,
    // (0000,0900) Status, US, length 2: 0000H Success
    0x00, 0x00, 0x00, 0x09, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
};
// clang-format on

std::vector<uint8_t> bytes_of(std::span<const uint8_t> bytes)
{
    return {bytes.begin(), bytes.end()};
}

Command decoded(std::span<const uint8_t> bytes)
{
    auto command = decode_command(bytes);
    EXPECT_TRUE(command.has_value()) << command.error().message;
    return command ? std::move(*command) : Command{};
}

std::string decode_error(std::span<const uint8_t> bytes)
{
    auto command = decode_command(bytes);
    EXPECT_FALSE(command.has_value());
    if (command)
        return "";
    EXPECT_EQ(command.error().code, Errc::Malformed);
    return command.error().message;
}

Command without(Command command, Tag tag)
{
    command.elements.erase(tag);
    return command;
}

// Every builder once, with every optional field set somewhere.
std::vector<Command> every_builder()
{
    const std::array<Tag, 2> attributes{Tag(0x0010, 0x0010), Tag(0x0010, 0x0020)};
    Command echo = make_c_echo_rq(1);
    Command store = make_c_store_rq(2, uids::CTImageStorage, "1.2.3.4", Priority::High, "MOVESCU", 77);
    Command find = make_c_find_rq(3, uids::StudyRootQueryRetrieveInformationModelFind, Priority::Low);
    Command get = make_c_get_rq(4, uids::StudyRootQueryRetrieveInformationModelGet);
    Command move = make_c_move_rq(5, uids::StudyRootQueryRetrieveInformationModelMove, "STORESCP");
    Command event = make_n_event_report_rq(6, uids::StorageCommitmentPushModel,
                                           uids::StorageCommitmentPushModelInstance, 2, DataSetPresence::Present);
    Command n_get = make_n_get_rq(7, "1.2.840.10008.5.1.1.16", "1.2.840.10008.5.1.1.17", attributes);
    Command n_set = make_n_set_rq(8, "1.2.840.10008.3.1.2.3.3", "1.2.3.8");
    Command action = make_n_action_rq(9, uids::StorageCommitmentPushModel, uids::StorageCommitmentPushModelInstance, 1,
                                      DataSetPresence::Present);
    Command create = make_n_create_rq(10, "1.2.840.10008.3.1.2.3.3", "1.2.3.10");
    Command created = make_n_create_rq(11, "1.2.840.10008.3.1.2.3.3");
    Command n_delete = make_n_delete_rq(12, "1.2.840.10008.5.1.1.1", "1.2.3.12");
    return {
        echo,
        make_c_echo_rsp(echo, status::Success),
        store,
        make_c_store_rsp(store, status::CoercionOfDataElements),
        find,
        make_c_find_rsp(find, status::Pending),
        make_c_find_rsp(find, status::Success),
        get,
        make_c_get_rsp(get, status::Pending, SubOperations{3, 1, 0, 0}),
        make_c_get_rsp(get, status::SubOperationsCompleteWithFailures, SubOperations{std::nullopt, 3, 1, 0},
                       DataSetPresence::Present),
        move,
        make_c_move_rsp(move, status::Success, SubOperations{std::nullopt, 4, 0, 0}),
        make_c_cancel_rq(5),
        event,
        make_n_event_report_rsp(event, status::Success),
        n_get,
        make_n_get_rsp(n_get, status::Success, DataSetPresence::Present),
        n_set,
        make_n_set_rsp(n_set, status::AttributeValueOutOfRange),
        action,
        make_n_action_rsp(action, status::Success),
        create,
        make_n_create_rsp(create, status::Success),
        created,
        make_n_create_rsp(created, status::Success, "1.2.3.11.99"),
        n_delete,
        make_n_delete_rsp(n_delete, status::NoSuchSopInstance),
    };
}

TEST(DimseCommand, DecodesEchoscuCEchoRq)
{
    Command command = decoded(echoscu_c_echo_rq);
    EXPECT_EQ(command.field(), CommandField::C_ECHO_RQ);
    EXPECT_EQ(command.message_id(), 1);
    EXPECT_EQ(command.affected_sop_class_uid(), uids::Verification);
    EXPECT_EQ(command.sop_class_uid(), uids::Verification);
    EXPECT_FALSE(command.has_data_set());
    EXPECT_EQ(command.status(), std::nullopt);
    EXPECT_EQ(command.message_id_being_responded_to(), std::nullopt);
    EXPECT_EQ(command.priority(), std::nullopt);
    EXPECT_EQ(command.sop_instance_uid(), std::nullopt);
    EXPECT_TRUE(command.elements.contains(tags::CommandGroupLength));
}

TEST(DimseCommand, EncodesCEchoRqAsEchoscuDoes)
{
    EXPECT_EQ(encode_command(make_c_echo_rq(1)), bytes_of(echoscu_c_echo_rq));
    EXPECT_EQ(encode_command(decoded(echoscu_c_echo_rq)), bytes_of(echoscu_c_echo_rq));
}

TEST(DimseCommand, EncodesCEchoRspToTheSpelledBytes)
{
    Command response = make_c_echo_rsp(decoded(echoscu_c_echo_rq), status::Success);
    EXPECT_EQ(encode_command(response), bytes_of(c_echo_rsp_success));
    Command back = decoded(c_echo_rsp_success);
    EXPECT_EQ(back.field(), CommandField::C_ECHO_RSP);
    EXPECT_EQ(back.message_id_being_responded_to(), 1);
    EXPECT_EQ(back.message_id(), std::nullopt);
    EXPECT_EQ(back.status(), status::Success);
}

TEST(DimseCommand, GroupLengthIsRecomputedNotTrusted)
{
    Command command = make_c_echo_rq(1);
    command.elements.set(Element(tags::CommandGroupLength, VR::UL, std::string("\x99\x00\x00\x00", 4)));
    EXPECT_EQ(encode_command(command), bytes_of(echoscu_c_echo_rq));
}

TEST(DimseCommand, EveryBuilderRoundTrips)
{
    for (const Command& built : every_builder()) {
        SCOPED_TRACE(describe(built));
        auto valid = validate_command(built);
        EXPECT_TRUE(valid.has_value()) << valid.error().message;
        std::vector<uint8_t> bytes = encode_command(built);
        Command back = decoded(bytes);
        EXPECT_TRUE(without(back, tags::CommandGroupLength) == built);
        EXPECT_EQ(encode_command(back), bytes);
        EXPECT_EQ(describe(back), describe(built));
    }
}

TEST(DimseCommand, RequestFieldsReadBack)
{
    Command store =
        decoded(encode_command(make_c_store_rq(2, uids::CTImageStorage, "1.2.3.4", Priority::High, "MOVESCU", 77)));
    EXPECT_EQ(store.field(), CommandField::C_STORE_RQ);
    EXPECT_EQ(store.message_id(), 2);
    EXPECT_EQ(store.affected_sop_class_uid(), uids::CTImageStorage);
    EXPECT_EQ(store.affected_sop_instance_uid(), "1.2.3.4");
    EXPECT_EQ(store.priority(), Priority::High);
    EXPECT_EQ(store.move_originator_ae_title(), "MOVESCU");
    EXPECT_EQ(store.move_originator_message_id(), 77);
    EXPECT_TRUE(store.has_data_set());

    Command plain_store = make_c_store_rq(2, uids::CTImageStorage, "1.2.3.4");
    EXPECT_EQ(plain_store.priority(), Priority::Medium);
    EXPECT_FALSE(plain_store.elements.contains(tags::MoveOriginatorApplicationEntityTitle));
    EXPECT_FALSE(plain_store.elements.contains(tags::MoveOriginatorMessageID));

    Command move = decoded(encode_command(make_c_move_rq(5, uids::StudyRootQueryRetrieveInformationModelMove, "DEST")));
    EXPECT_EQ(move.move_destination(), "DEST");
    // AE is padded with a space, not NUL (PS3.5 6.2).
    EXPECT_EQ(move.elements.find(tags::MoveDestination)->raw_text(), "DEST");
    Command odd_move = make_c_move_rq(5, uids::StudyRootQueryRetrieveInformationModelMove, "DST");
    EXPECT_EQ(odd_move.elements.find(tags::MoveDestination)->raw_text(), "DST ");
    EXPECT_EQ(odd_move.move_destination(), "DST");

    Command cancel = decoded(encode_command(make_c_cancel_rq(5)));
    EXPECT_EQ(cancel.field(), CommandField::C_CANCEL_RQ);
    EXPECT_EQ(cancel.message_id_being_responded_to(), 5);
    EXPECT_EQ(cancel.message_id(), std::nullopt);
    EXPECT_FALSE(cancel.has_data_set());

    const std::array<Tag, 2> attributes{Tag(0x0010, 0x0010), Tag(0x0010, 0x0020)};
    Command n_get = decoded(encode_command(make_n_get_rq(7, "1.2.840.10008.5.1.1.16", "1.2.3.7", attributes)));
    EXPECT_EQ(n_get.requested_sop_class_uid(), "1.2.840.10008.5.1.1.16");
    EXPECT_EQ(n_get.requested_sop_instance_uid(), "1.2.3.7");
    EXPECT_EQ(n_get.affected_sop_class_uid(), std::nullopt);
    EXPECT_EQ(n_get.attribute_identifier_list(), std::vector<Tag>(attributes.begin(), attributes.end()));
    EXPECT_TRUE(make_n_get_rq(7, "1.2.840.10008.5.1.1.16", "1.2.3.7").attribute_identifier_list().empty());
    EXPECT_FALSE(
        make_n_get_rq(7, "1.2.840.10008.5.1.1.16", "1.2.3.7").elements.contains(tags::AttributeIdentifierList));

    EXPECT_EQ(make_n_event_report_rq(6, "1.2", "1.2.3", 2).event_type_id(), 2);
    EXPECT_EQ(make_n_action_rq(9, "1.2", "1.2.3", 1).action_type_id(), 1);
    EXPECT_FALSE(make_n_action_rq(9, "1.2", "1.2.3", 1).has_data_set());
    EXPECT_TRUE(make_n_set_rq(8, "1.2", "1.2.3").has_data_set());
    EXPECT_FALSE(make_n_create_rq(10, "1.2").elements.contains(tags::AffectedSOPInstanceUID));
}

TEST(DimseCommand, ResponsesAnswerTheirRequest)
{
    Command store = make_c_store_rq(2, uids::CTImageStorage, "1.2.3.4");
    Command store_rsp = make_c_store_rsp(store, status::OutOfResources);
    EXPECT_EQ(store_rsp.field(), CommandField::C_STORE_RSP);
    EXPECT_EQ(store_rsp.message_id_being_responded_to(), 2);
    EXPECT_EQ(store_rsp.message_id(), std::nullopt);
    EXPECT_EQ(store_rsp.status(), status::OutOfResources);
    EXPECT_EQ(store_rsp.affected_sop_class_uid(), uids::CTImageStorage);
    EXPECT_EQ(store_rsp.affected_sop_instance_uid(), "1.2.3.4");
    EXPECT_FALSE(store_rsp.has_data_set());
    EXPECT_FALSE(store_rsp.elements.contains(tags::Priority));

    Command find = make_c_find_rq(3, uids::StudyRootQueryRetrieveInformationModelFind);
    EXPECT_TRUE(make_c_find_rsp(find, status::Pending).has_data_set());
    EXPECT_TRUE(make_c_find_rsp(find, status::PendingWithWarnings).has_data_set());
    EXPECT_FALSE(make_c_find_rsp(find, status::Success).has_data_set());
    EXPECT_FALSE(make_c_find_rsp(find, status::Cancel).has_data_set());
    EXPECT_FALSE(make_c_find_rsp(find, status::UnableToProcess).has_data_set());

    Command move = make_c_move_rq(5, uids::StudyRootQueryRetrieveInformationModelMove, "DEST");
    Command move_rsp = make_c_move_rsp(move, status::Pending, SubOperations{7, 2, 1, 0});
    EXPECT_EQ(move_rsp.sub_operations(), (SubOperations{7, 2, 1, 0}));
    EXPECT_FALSE(move_rsp.elements.contains(tags::MoveDestination));
    Command final_rsp = make_c_move_rsp(move, status::Success, SubOperations{std::nullopt, 10, 0, 0});
    EXPECT_FALSE(final_rsp.elements.contains(tags::NumberOfRemainingSuboperations));
    EXPECT_EQ(decoded(encode_command(final_rsp)).sub_operations(), (SubOperations{std::nullopt, 10, 0, 0}));
    EXPECT_EQ(make_c_move_rsp(move, status::MoveDestinationUnknown).sub_operations(), SubOperations{});

    // N-GET, N-SET, N-ACTION and N-DELETE answer with Affected UIDs equal to the Requested ones.
    Command n_set = make_n_set_rq(8, "1.2.840.10008.3.1.2.3.3", "1.2.3.8");
    Command n_set_rsp = make_n_set_rsp(n_set, status::Success);
    EXPECT_EQ(n_set_rsp.affected_sop_class_uid(), "1.2.840.10008.3.1.2.3.3");
    EXPECT_EQ(n_set_rsp.affected_sop_instance_uid(), "1.2.3.8");
    EXPECT_EQ(n_set_rsp.requested_sop_class_uid(), std::nullopt);

    Command action = make_n_action_rq(9, "1.2.840.10008.1.20.1", "1.2.840.10008.1.20.1.1", 1);
    EXPECT_EQ(make_n_action_rsp(action, status::Success).action_type_id(), 1);
    Command event = make_n_event_report_rq(6, "1.2.840.10008.1.20.1", "1.2.840.10008.1.20.1.1", 2);
    EXPECT_EQ(make_n_event_report_rsp(event, status::Success).event_type_id(), 2);

    Command created = make_n_create_rq(11, "1.2.840.10008.3.1.2.3.3");
    EXPECT_EQ(make_n_create_rsp(created, status::Success, "1.2.3.99").affected_sop_instance_uid(), "1.2.3.99");
    Command named = make_n_create_rq(11, "1.2.840.10008.3.1.2.3.3", "1.2.3.11");
    EXPECT_EQ(make_n_create_rsp(named, status::Success, "1.2.3.99").affected_sop_instance_uid(), "1.2.3.11");
}

TEST(DimseCommand, ErrorFieldsRoundTrip)
{
    Command response = make_c_store_rsp(make_c_store_rq(2, uids::CTImageStorage, "1.2.3.4"), status::CannotUnderstand);
    const std::array<Tag, 2> offending{Tag(0x0010, 0x0010), Tag(0x7FE0, 0x0010)};
    response.set_offending_elements(offending);
    response.set_error_comment("Pixel Data unreadable");
    response.set_error_id(42);
    // AT: group then element, each little endian (PS3.5 6.2).
    EXPECT_EQ(response.elements.find(tags::OffendingElement)->raw_text(),
              std::string("\x10\x00\x10\x00\xE0\x7F\x10\x00", 8));
    EXPECT_EQ(response.elements.find(tags::ErrorComment)->raw_text(), "Pixel Data unreadable ");
    Command back = decoded(encode_command(response));
    EXPECT_EQ(back.offending_elements(), std::vector<Tag>(offending.begin(), offending.end()));
    EXPECT_EQ(back.error_comment(), "Pixel Data unreadable");
    EXPECT_EQ(back.error_id(), 42);
    Command plain = make_c_store_rsp(make_c_store_rq(2, uids::CTImageStorage, "1.2.3.4"), status::Success);
    EXPECT_TRUE(plain.offending_elements().empty());
    EXPECT_EQ(plain.error_comment(), std::nullopt);
    EXPECT_EQ(plain.error_id(), std::nullopt);
}

TEST(DimseCommand, AnyDataSetTypeButNullMeansADataSet)
{
    Command command = make_c_echo_rq(1);
    EXPECT_FALSE(command.has_data_set());
    for (uint16_t type : {0x0000, 0x0001, 0x0102, 0xFEFE}) {
        command.set_us(tags::CommandDataSetType, type);
        EXPECT_TRUE(command.has_data_set()) << type;
    }
    command.set_data_set_presence(DataSetPresence::Present);
    EXPECT_EQ(command.find_us(tags::CommandDataSetType), command_data_set_present);
    command.set_data_set_presence(DataSetPresence::Absent);
    EXPECT_EQ(command.find_us(tags::CommandDataSetType), 0x0101);
    EXPECT_FALSE(without(command, tags::CommandDataSetType).has_data_set());
}

TEST(DimseCommand, MissingGroupLengthIsTolerated)
{
    std::span<const uint8_t> all(echoscu_c_echo_rq);
    Command command = decoded(all.subspan(12));
    EXPECT_EQ(command.field(), CommandField::C_ECHO_RQ);
    EXPECT_EQ(command.message_id(), 1);
    EXPECT_FALSE(command.elements.contains(tags::CommandGroupLength));
    EXPECT_EQ(encode_command(command), bytes_of(echoscu_c_echo_rq));
}

TEST(DimseCommand, WrongGroupLengthIsAnError)
{
    std::vector<uint8_t> bytes = bytes_of(echoscu_c_echo_rq);
    bytes[8] = 0x36;
    EXPECT_EQ(decode_error(bytes),
              "decoding command set: Command Group Length (0000,0000) says 54 bytes, but 56 follow it");
    bytes = bytes_of(echoscu_c_echo_rq);
    bytes[4] = 0x02; // a 2-byte group length; the 2 bytes after it then read as a bogus header
    EXPECT_FALSE(decode_command(bytes).has_value());
}

TEST(DimseCommand, MissingRequiredFieldsAreNamed)
{
    EXPECT_EQ(decode_error(encode_command(
                  without(make_c_store_rq(3, uids::CTImageStorage, "1.2.3"), tags::AffectedSOPInstanceUID))),
              "decoding command set: C-STORE-RQ lacks Affected SOP Instance UID (0000,1000)");
    EXPECT_EQ(decode_error(encode_command(without(
                  make_c_move_rq(3, uids::StudyRootQueryRetrieveInformationModelMove, "DEST"), tags::MoveDestination))),
              "decoding command set: C-MOVE-RQ lacks Move Destination (0000,0600)");
    EXPECT_EQ(decode_error(encode_command(without(make_c_echo_rq(1), tags::CommandField))),
              "decoding command set: command set lacks Command Field (0000,0100)");
    // An empty UID is as good as none.
    Command empty_uid = make_c_echo_rq(1);
    empty_uid.elements.set_string(tags::AffectedSOPClassUID, VR::UI, "");
    EXPECT_EQ(decode_error(encode_command(empty_uid)),
              "decoding command set: C-ECHO-RQ lacks Affected SOP Class UID (0000,0002)");

    // Every required field of every message, taken away one at a time.
    for (const Command& built : every_builder()) {
        CommandField field = built.field();
        for (Tag tag : required_fields(field)) {
            if (tag == tags::CommandField)
                continue;
            SCOPED_TRACE(describe(built) + " without " + to_string(tag));
            std::string message = decode_error(encode_command(without(built, tag)));
            EXPECT_NE(message.find(std::string(name(field)) + " lacks "), std::string::npos) << message;
            EXPECT_NE(message.find(to_string(tag)), std::string::npos) << message;
            EXPECT_FALSE(validate_command(without(built, tag)).has_value());
        }
    }
}

TEST(DimseCommand, RequiredFieldsFollowPs37)
{
    auto has = [](CommandField field, Tag tag) {
        for (Tag t : required_fields(field))
            if (t == tag)
                return true;
        return false;
    };
    EXPECT_TRUE(has(CommandField::C_STORE_RQ, tags::Priority));
    EXPECT_TRUE(has(CommandField::C_STORE_RQ, tags::AffectedSOPInstanceUID));
    EXPECT_FALSE(has(CommandField::C_STORE_RQ, tags::MoveOriginatorApplicationEntityTitle));
    EXPECT_FALSE(has(CommandField::C_STORE_RSP, tags::AffectedSOPInstanceUID));
    EXPECT_TRUE(has(CommandField::C_STORE_RSP, tags::Status));
    EXPECT_TRUE(has(CommandField::C_MOVE_RQ, tags::MoveDestination));
    EXPECT_FALSE(has(CommandField::C_GET_RQ, tags::MoveDestination));
    EXPECT_TRUE(has(CommandField::C_CANCEL_RQ, tags::MessageIDBeingRespondedTo));
    EXPECT_FALSE(has(CommandField::C_CANCEL_RQ, tags::MessageID));
    EXPECT_TRUE(has(CommandField::N_ACTION_RQ, tags::ActionTypeID));
    EXPECT_TRUE(has(CommandField::N_ACTION_RQ, tags::RequestedSOPInstanceUID));
    EXPECT_TRUE(has(CommandField::N_EVENT_REPORT_RQ, tags::EventTypeID));
    EXPECT_TRUE(has(CommandField::N_EVENT_REPORT_RQ, tags::AffectedSOPInstanceUID));
    EXPECT_FALSE(has(CommandField::N_CREATE_RQ, tags::AffectedSOPInstanceUID));
    EXPECT_TRUE(has(CommandField::N_DELETE_RQ, tags::RequestedSOPClassUID));
    for (CommandField field : {CommandField::C_ECHO_RQ, CommandField::N_GET_RSP, CommandField::C_CANCEL_RQ}) {
        auto fields = required_fields(field);
        for (size_t i = 1; i < fields.size(); ++i)
            EXPECT_LT(fields[i - 1], fields[i]) << "tag order";
        EXPECT_TRUE(has(field, tags::CommandDataSetType));
    }
}

TEST(DimseCommand, RequestsThatCarryADataSetMustSaySo)
{
    Command store = make_c_store_rq(3, uids::CTImageStorage, "1.2.3");
    store.set_data_set_presence(DataSetPresence::Absent);
    EXPECT_EQ(decode_error(encode_command(store)),
              "decoding command set: C-STORE-RQ has Command Data Set Type (0000,0800) 0101H (no data set), but "
              "PS3.7 requires one");
    Command n_set = make_n_set_rq(8, "1.2", "1.2.3");
    n_set.set_data_set_presence(DataSetPresence::Absent);
    EXPECT_FALSE(decode_command(encode_command(n_set)).has_value());
}

TEST(DimseCommand, UnknownCommandFieldIsAnError)
{
    Command command = make_c_echo_rq(1);
    command.set_us(tags::CommandField, 0x1234);
    EXPECT_EQ(decode_error(encode_command(command)), "decoding command set: unknown Command Field (0000,0100) 1234H");
    command.set_us(tags::CommandField, 0x8FFF); // C-CANCEL has no response
    EXPECT_FALSE(decode_command(encode_command(command)).has_value());
}

TEST(DimseCommand, MalformedValuesAreErrors)
{
    Command long_id = make_c_echo_rq(1);
    long_id.elements.set(Element(tags::MessageID, VR::US, std::string("\x01\x00\x02\x00", 4)));
    EXPECT_EQ(decode_error(encode_command(long_id)),
              "decoding command set: C-ECHO-RQ: Message ID (0000,0110) is 4 bytes long, not 2 (US)");
    EXPECT_EQ(long_id.message_id(), std::nullopt);

    // A 1-byte Command Field (the encoder would pad it, so the bytes are edited).
    std::vector<uint8_t> short_field = bytes_of(std::span<const uint8_t>(echoscu_c_echo_rq).subspan(12));
    ASSERT_EQ(short_field[26 + 2], 0x00); // (0000,0100) starts after the 26 bytes of (0000,0002)
    ASSERT_EQ(short_field[26 + 3], 0x01);
    short_field[26 + 4] = 0x01;
    short_field.erase(short_field.begin() + 26 + 9);
    EXPECT_EQ(decode_error(short_field), "decoding command set: Command Field (0000,0100) is 1 bytes long, not 2 (US)");

    Command odd_at = make_n_get_rq(7, "1.2", "1.2.3");
    odd_at.elements.set(Element(tags::AttributeIdentifierList, VR::AT, std::string("\x10\x00", 2)));
    EXPECT_FALSE(decode_command(encode_command(odd_at)).has_value());
}

// DCMTK and Orthanc append status detail such as Failed SOP Instance UID List (0008,0058) to the
// command set of a failed C-GET-RSP (seen from Orthanc 1.10): kept, outside the group length.
TEST(DimseCommand, StatusDetailOutsideGroupZeroIsTolerated)
{
    Command response = make_c_get_rsp(make_c_get_rq(1, "1.2.840.10008.5.1.4.1.2.1.3"), 0xC000);
    std::vector<uint8_t> bytes = encode_command(response);
    const uint8_t detail[] = {0x08, 0x00, 0x58, 0x00, 0x04, 0x00, 0x00, 0x00, '1', '.', '2', 0x00};
    bytes.insert(bytes.end(), std::begin(detail), std::end(detail));
    auto decoded = decode_command(bytes);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(decoded->status(), 0xC000);
    EXPECT_EQ(decoded->elements.find_string(Tag(0x0008, 0x0058)), "1.2");
    // The group length still has to match the group 0000 elements.
    bytes[8] ^= 0x01;
    EXPECT_FALSE(decode_command(bytes).has_value());
}

TEST(DimseCommand, TrailingBytesAreErrors)
{
    for (size_t extra = 1; extra <= 9; ++extra) {
        std::vector<uint8_t> bytes = bytes_of(std::span<const uint8_t>(echoscu_c_echo_rq).subspan(12));
        bytes.resize(bytes.size() + extra, 0x00);
        EXPECT_FALSE(decode_command(bytes).has_value()) << extra;
        std::vector<uint8_t> with_length = bytes_of(echoscu_c_echo_rq);
        with_length.resize(with_length.size() + extra, 0x00);
        EXPECT_FALSE(decode_command(with_length).has_value()) << extra;
    }
}

TEST(DimseCommand, RepeatedElementIsAnError)
{
    std::vector<uint8_t> bytes = bytes_of(std::span<const uint8_t>(echoscu_c_echo_rq).subspan(12));
    // (0000,0800) Command Data Set Type again
    const uint8_t repeated[] = {0x00, 0x00, 0x00, 0x08, 0x02, 0x00, 0x00, 0x00, 0x01, 0x01};
    bytes.insert(bytes.end(), std::begin(repeated), std::end(repeated));
    EXPECT_FALSE(decode_command(bytes).has_value());
}

TEST(DimseCommand, TruncatedBytesAreErrorsAtEveryLength)
{
    for (const Command& built : every_builder()) {
        SCOPED_TRACE(describe(built));
        std::vector<uint8_t> bytes = encode_command(built);
        ASSERT_TRUE(decode_command(bytes).has_value());
        for (size_t length = 0; length < bytes.size(); ++length) {
            auto prefix = std::span<const uint8_t>(bytes).first(length);
            auto result = decode_command(prefix);
            EXPECT_FALSE(result.has_value()) << length;
            if (!result) {
                EXPECT_EQ(result.error().code, Errc::Malformed);
            }
        }
        // Without the group length a cut between elements may leave a valid shorter command (the
        // optional fields come last); a cut inside an element never does.
        std::vector<uint8_t> bare(bytes.begin() + 12, bytes.end());
        std::vector<size_t> boundaries{0};
        for (const Element& e : decoded(bare).elements)
            boundaries.push_back(boundaries.back() + 8 + e.length());
        for (size_t length = 0; length < bare.size(); ++length) {
            if (std::find(boundaries.begin(), boundaries.end(), length) != boundaries.end())
                continue;
            EXPECT_FALSE(decode_command(std::span<const uint8_t>(bare).first(length)).has_value()) << length;
        }
    }
}

TEST(DimseCommand, HugeDeclaredLengthIsAnError)
{
    std::vector<uint8_t> bytes = bytes_of(std::span<const uint8_t>(echoscu_c_echo_rq).subspan(12));
    bytes[4] = 0xF0; // Affected SOP Class UID claims 0xF0 + 18 bytes... far past the end
    bytes[6] = 0xFF;
    EXPECT_FALSE(decode_command(bytes).has_value());
    bytes[4] = bytes[5] = bytes[6] = bytes[7] = 0xFF; // undefined length: a sequence
    EXPECT_FALSE(decode_command(bytes).has_value());
}

TEST(DimseCommand, DescribeForLogs)
{
    Command store = make_c_store_rq(3, uids::CTImageStorage, "1.2.3");
    EXPECT_EQ(describe(store), "C-STORE-RQ id=3 CT Image Storage 1.2.3");
    EXPECT_EQ(describe(make_c_store_rsp(store, status::CoercionOfDataElements)),
              "C-STORE-RSP id=3 status=B000H (Warning: Coercion of Data Elements) CT Image Storage 1.2.3");
    EXPECT_EQ(describe(make_c_echo_rq(1, "1.2.3.4.5")), "C-ECHO-RQ id=1 1.2.3.4.5");
    Command move = make_c_move_rq(5, uids::StudyRootQueryRetrieveInformationModelMove, "DEST");
    EXPECT_EQ(describe(make_c_move_rsp(move, status::Pending, SubOperations{7, 2, 1, 0})),
              "C-MOVE-RSP id=5 status=FF00H (Pending: Sub-operations are continuing) Study Root Query/Retrieve "
              "Information Model - MOVE remaining=7 completed=2 failed=1 warning=0");
    EXPECT_EQ(describe(make_c_cancel_rq(5)), "C-CANCEL-RQ id=5");
    Command failed = make_c_store_rsp(store, 0xD123);
    failed.set_error_comment("disk full");
    EXPECT_EQ(describe(failed), "C-STORE-RSP id=3 status=D123H (Failure) CT Image Storage 1.2.3 \"disk full\"");
    EXPECT_EQ(describe(make_n_get_rsp(make_n_get_rq(7, "1.2", "1.2.3"), status::Success, DataSetPresence::Present)),
              "N-GET-RSP id=7 status=0000H (Success) 1.2 1.2.3 with data set");
    EXPECT_EQ(describe(Command{}), "command set without a known Command Field");
}

} // namespace
} // namespace roentgen::net
