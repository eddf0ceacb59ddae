// tests/net/pdu_user_information_test.cpp — user-information sub-items of PS3.7 D.3.3, spelled out and round-tripped.
#include "net/pdu/pdu_codec.h"

#include <gtest/gtest.h>

#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

#include "base/endian.h"

namespace roentgen::net {
namespace {

using Bytes = std::vector<uint8_t>;

struct Piece {
    Piece(std::initializer_list<uint8_t> raw) : bytes(raw) {}
    Piece(const char* text) : bytes(text, text + std::strlen(text)) {}
    Bytes bytes;
};

Bytes concat(std::initializer_list<Piece> pieces)
{
    Bytes result;
    for (const auto& piece : pieces)
        result.insert(result.end(), piece.bytes.begin(), piece.bytes.end());
    return result;
}

Bytes text(std::string_view value) { return Bytes(value.begin(), value.end()); }

constexpr size_t user_information_offset = 74 + 25 + 50;  // in the PDUs made by pdu_with_user_information

/// An A-ASSOCIATE-RQ (type 01h) or -AC (02h) with one context whose user information item holds
/// `sub_items`, lengths computed.
Bytes pdu_with_user_information(uint8_t type, const Bytes& sub_items)
{
    Bytes pdu = concat({
        {type, 0x00, 0, 0, 0, 0},  // PDU-type, reserved, PDU-length (set below)
        {0x00, 0x01, 0x00, 0x00},  // protocol version 1, reserved
        "CALLED          ",        // called AE title
        "CALLING         ",        // calling AE title
    });
    pdu.resize(74, 0);  // reserved
    const Bytes context = concat({
        {0x10, 0x00, 0x00, 0x15}, "1.2.840.10008.3.1.1.1",  // application context item
    });
    pdu.insert(pdu.end(), context.begin(), context.end());
    const Bytes presentation_context = type == 0x01 ? concat({
        {0x20, 0x00, 0x00, 0x2E, 0x01, 0x00, 0x00, 0x00},    // 20h item, length 46, ID 1
        {0x30, 0x00, 0x00, 0x11}, "1.2.840.10008.1.1",       // abstract syntax sub-item
        {0x40, 0x00, 0x00, 0x11}, "1.2.840.10008.1.2",       // transfer syntax sub-item
    }) : concat({
        {0x21, 0x00, 0x00, 0x2E, 0x01, 0x00, 0x00, 0x00},    // 21h item, length 46, ID 1, accepted
        {0x40, 0x00, 0x00, 0x11}, "1.2.840.10008.1.2",       // transfer syntax sub-item
        {0x77, 0x00, 0x00, 0x11}, "ignored unknown!!",       // an unknown sub-item, skipped (PS3.8 9.3.1)
    });
    pdu.insert(pdu.end(), presentation_context.begin(), presentation_context.end());
    pdu.insert(pdu.end(), {0x50, 0x00, 0, 0});
    store<uint16_t>(pdu.data() + pdu.size() - 2, static_cast<uint16_t>(sub_items.size()), ByteOrder::Big);
    pdu.insert(pdu.end(), sub_items.begin(), sub_items.end());
    store<uint32_t>(pdu.data() + 2, static_cast<uint32_t>(pdu.size() - 6), ByteOrder::Big);
    return pdu;
}

Result<UserInformation> user_information_of(const Bytes& pdu)
{
    auto result = decode_pdu(std::span<const uint8_t>(pdu));
    if (!result)
        return std::unexpected(result.error());
    if (auto* request = std::get_if<AssociateRequest>(&*result))
        return request->user_information;
    return std::get<AssociateAccept>(*result).user_information;
}

UserInformation decoded(const Bytes& sub_items, uint8_t type = 0x01)
{
    auto result = user_information_of(pdu_with_user_information(type, sub_items));
    if (!result) {
        ADD_FAILURE() << result.error().message;
        return {};
    }
    return *result;
}

Error decode_error(const Bytes& sub_items)
{
    auto result = user_information_of(pdu_with_user_information(0x01, sub_items));
    if (result) {
        ADD_FAILURE() << "decoded although it should not";
        return {};
    }
    return result.error();
}

bool contains(const std::string& message, std::string_view part) { return message.find(part) != std::string::npos; }

const Bytes identification = concat({
    {0x51, 0x00, 0x00, 0x04, 0x00, 0x01, 0x00, 0x00},  // maximum length 65536
    {0x52, 0x00, 0x00, 0x05}, "1.2.3",                 // implementation class UID
});

Bytes with_identification(const Bytes& more)
{
    Bytes result = identification;
    result.insert(result.end(), more.begin(), more.end());
    return result;
}

TEST(PduUserInformation, MaximumLengthAndImplementationIdentification)
{
    const auto information = decoded(concat({
        {0x51, 0x00, 0x00, 0x04},            // maximum length sub-item (PS3.7 D.3.3.1)
        {0x00, 0x01, 0x00, 0x00},            // 65536
        {0x52, 0x00, 0x00, 0x08},            // implementation class UID sub-item (D.3.3.2), length 8
        {'1', '.', '2', '.', '3', 0x00, ' ', 0x00},  // padded with NUL and space: stripped
        {0x55, 0x00, 0x00, 0x08},            // implementation version name sub-item, length 8
        "ROENTGEN",
    }));
    EXPECT_EQ(information.maximum_length, 65536u);
    EXPECT_EQ(information.implementation_class_uid, "1.2.3");
    EXPECT_EQ(information.implementation_version_name, "ROENTGEN");
}

TEST(PduUserInformation, AsynchronousOperationsWindow)
{
    const auto information = decoded(with_identification(concat({
        {0x53, 0x00, 0x00, 0x04},  // asynchronous operations window sub-item (PS3.7 D.3.3.3)
        {0x00, 0x05},              // maximum number of operations invoked: 5
        {0x00, 0x00},              // maximum number of operations performed: 0 = unlimited
    })));
    ASSERT_TRUE(information.asynchronous_operations_window);
    EXPECT_EQ(information.asynchronous_operations_window->maximum_invoked, 5);
    EXPECT_EQ(information.asynchronous_operations_window->maximum_performed, 0);
}

TEST(PduUserInformation, RoleSelections)
{
    const auto information = decoded(with_identification(concat({
        {0x54, 0x00, 0x00, 0x1D},  // SCP/SCU role selection sub-item (PS3.7 D.3.3.4), length 29
        {0x00, 0x19},              // UID-length 25
        "1.2.840.10008.5.1.4.1.1.2",  // CT Image Storage
        {0x00},                    // SCU-role: non-support
        {0x01},                    // SCP-role: support
        {0x54, 0x00, 0x00, 0x15},  // another, length 21
        {0x00, 0x11}, "1.2.840.10008.1.1",
        {0x01, 0x01},              // both roles
    })));
    ASSERT_EQ(information.role_selections.size(), 2u);
    EXPECT_EQ(information.role_selections[0], (RoleSelection{"1.2.840.10008.5.1.4.1.1.2", false, true}));
    EXPECT_EQ(information.role_selections[1], (RoleSelection{"1.2.840.10008.1.1", true, true}));
}

TEST(PduUserInformation, ExtendedNegotiations)
{
    const auto information = decoded(with_identification(concat({
        {0x56, 0x00, 0x00, 0x16},  // SOP class extended negotiation sub-item (PS3.7 D.3.3.5), length 22
        {0x00, 0x11}, "1.2.840.10008.1.1",
        {0x01, 0x00, 0x01},        // service class application information: 3 bytes
        {0x57, 0x00, 0x00, 0x50},  // SOP class common extended negotiation (D.3.3.6), version 0, length 80
        {0x00, 0x1B}, "1.2.840.10008.5.1.4.1.1.1.2",  // SOP class UID: Digital Mammography For Presentation
        {0x00, 0x11}, "1.2.840.10008.4.2",            // service class UID: Storage
        {0x00, 0x1D},                                 // related general SOP class identification length 29
        {0x00, 0x1B}, "1.2.840.10008.5.1.4.1.1.1.1",  // Digital X-Ray For Presentation
        {0xAB},                                       // reserved: ignored
    })));
    ASSERT_EQ(information.extended_negotiations.size(), 1u);
    EXPECT_EQ(information.extended_negotiations[0].sop_class_uid, "1.2.840.10008.1.1");
    EXPECT_EQ(information.extended_negotiations[0].application_information, (Bytes{0x01, 0x00, 0x01}));
    ASSERT_EQ(information.common_extended_negotiations.size(), 1u);
    const auto& common = information.common_extended_negotiations[0];
    EXPECT_EQ(common.sop_class_uid, "1.2.840.10008.5.1.4.1.1.1.2");
    EXPECT_EQ(common.service_class_uid, "1.2.840.10008.4.2");
    EXPECT_EQ(common.related_general_sop_classes, std::vector<std::string>{"1.2.840.10008.5.1.4.1.1.1.1"});
}

TEST(PduUserInformation, UserIdentityRequestAndResponse)
{
    const auto request = decoded(with_identification(concat({
        {0x58, 0x00, 0x00, 0x10},  // user identity sub-item (PS3.7 D.3.3.7.1), length 16
        {0x02},                    // user identity type: username and passcode
        {0x01},                    // positive response requested
        {0x00, 0x05}, "alice",     // primary field
        {0x00, 0x05}, "s3cr3",     // secondary field
    })));
    ASSERT_TRUE(request.user_identity_request);
    EXPECT_EQ(request.user_identity_request->type, UserIdentityType::UsernameAndPasscode);
    EXPECT_TRUE(request.user_identity_request->positive_response_requested);
    EXPECT_EQ(request.user_identity_request->primary_field, text("alice"));
    EXPECT_EQ(request.user_identity_request->secondary_field, text("s3cr3"));

    const auto accept = decoded(with_identification(concat({
        {0x59, 0x00, 0x00, 0x06},  // user identity server response sub-item (D.3.3.7.2), length 6
        {0x00, 0x04}, "tkt!",      // server response
    })), 0x02);
    ASSERT_TRUE(accept.user_identity_response);
    EXPECT_EQ(accept.user_identity_response->server_response, text("tkt!"));
    EXPECT_FALSE(accept.user_identity_request);
}

TEST(PduUserInformation, UnknownSubItemsAreKept)
{
    const auto information = decoded(with_identification(concat({
        {0x5F, 0x00, 0x00, 0x03, 0x0A, 0x0B, 0x0C},  // an unknown type, 3 bytes
        {0x90, 0x00, 0x00, 0x00},                    // another, empty
    })));
    ASSERT_EQ(information.unknown_sub_items.size(), 2u);
    EXPECT_EQ(information.unknown_sub_items[0], (UnknownSubItem{0x5F, {0x0A, 0x0B, 0x0C}}));
    EXPECT_EQ(information.unknown_sub_items[1], (UnknownSubItem{0x90, {}}));
    EXPECT_EQ(information.implementation_class_uid, "1.2.3");
}

TEST(PduUserInformation, BrokenSubItemsAreMalformed)
{
    ASSERT_EQ(pdu_with_user_information(0x01, {})[user_information_offset], 0x50);
    // The user information item starts at 149, its first sub-item at 153.
    auto error = decode_error(concat({{0x51, 0x00, 0x00, 0x02, 0x00, 0x01}}));
    EXPECT_EQ(error.code, Errc::Malformed);
    EXPECT_TRUE(contains(error.message, "maximum length sub-item (51h), offset 157: maximum length received "
                                        "needs 4 bytes, 2 left"))
        << error.message;

    error = decode_error(with_identification(concat({{0x54, 0x00, 0x00, 0x04, 0x00, 0x09, 0x01, 0x01}})));
    EXPECT_EQ(error.code, Errc::Malformed);
    EXPECT_TRUE(contains(error.message, "SCP/SCU role selection sub-item (54h)")) << error.message;

    error = decode_error(with_identification(concat({
        {0x57, 0x00, 0x00, 0x0B},
        {0x00, 0x01}, "1",
        {0x00, 0x01}, "2",
        {0x00, 0x03}, {0x00, 0x05}, "3",  // a related UID claiming 5 bytes within 3
    })));
    EXPECT_EQ(error.code, Errc::Malformed);
    EXPECT_TRUE(contains(error.message, "related general SOP class UID needs 5 bytes, 1 left")) << error.message;

    error = decode_error(with_identification(concat({{0x58, 0x00, 0x00, 0x04, 0x01, 0x00, 0x00, 0x08}})));
    EXPECT_EQ(error.code, Errc::Malformed);

    error = decode_error(concat({{0x51, 0x00, 0x00, 0x04, 0x00, 0x00, 0x40, 0x00}, {0x51, 0x00, 0x00, 0x04, 0, 0, 0, 0}}));
    EXPECT_EQ(error.code, Errc::Malformed);
    EXPECT_TRUE(contains(error.message, "maximum length sub-item (51h), offset 161: appears more than once"))
        << error.message;
}

TEST(PduUserInformation, AbsentSubItemsKeepDefaults)
{
    const auto information = decoded(Bytes{});
    EXPECT_EQ(information, UserInformation{});
}

UserInformation everything()
{
    UserInformation information;
    information.maximum_length = 0;  // no limit
    information.implementation_class_uid = "1.2.826.0.1.3680043.10.1";
    information.implementation_version_name = "ROENTGEN_0_1_0";
    information.asynchronous_operations_window = AsynchronousOperationsWindow{3, 2};
    information.role_selections = {{"1.2.840.10008.5.1.4.1.1.2", true, false}, {"1.2.840.10008.5.1.4.1.1.4", false, true}};
    information.extended_negotiations = {{"1.2.840.10008.5.1.4.1.2.1.1", {0x01, 0x01, 0x00}}};
    information.common_extended_negotiations = {
        {"1.2.840.10008.5.1.4.1.1.1.2", "1.2.840.10008.4.2", {"1.2.840.10008.5.1.4.1.1.1.1", "1.2.3.4"}},
        {"1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.4.2", {}}};
    information.user_identity_request = UserIdentityRequest{UserIdentityType::Jwt, true, text("eyJhbGciOi"), {}};
    information.user_identity_response = UserIdentityResponse{text("ok")};
    information.unknown_sub_items = {{0x6A, {0x01, 0x02}}};
    return information;
}

TEST(PduUserInformation, EverySubItemRoundTripsInARequestAndAnAccept)
{
    AssociateRequest request;
    request.called_ae_title = "PACS";
    request.calling_ae_title = "MODALITY";
    request.presentation_contexts.push_back({1, "1.2.840.10008.5.1.4.1.1.2", {"1.2.840.10008.1.2.1"}});
    request.user_information = everything();
    auto bytes = encode_pdu(request);
    ASSERT_TRUE(bytes) << bytes.error().message;
    auto back = decode_pdu(std::span<const uint8_t>(*bytes));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(std::get<AssociateRequest>(*back), request);

    AssociateAccept accept;
    accept.called_ae_title = "PACS";
    accept.calling_ae_title = "MODALITY";
    accept.presentation_contexts.push_back(
        {1, PresentationContextResultReason::Acceptance, "1.2.840.10008.1.2.1"});
    accept.user_information = everything();
    bytes = encode_pdu(accept);
    ASSERT_TRUE(bytes) << bytes.error().message;
    back = decode_pdu(std::span<const uint8_t>(*bytes));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(std::get<AssociateAccept>(*back), accept);
}

TEST(PduUserInformation, SubItemsAreEncodedInAscendingOrder)
{
    AssociateRequest request;
    request.called_ae_title = "PACS";
    request.calling_ae_title = "MODALITY";
    request.presentation_contexts.push_back({1, "1.2.840.10008.1.1", {"1.2.840.10008.1.2"}});
    request.user_information = everything();
    auto bytes = encode_pdu(request);
    ASSERT_TRUE(bytes) << bytes.error().message;
    // Walk the user information item, the last item of the PDU.
    size_t at = 74;
    while ((*bytes)[at] != 0x50)
        at += 4 + load<uint16_t>(bytes->data() + at + 2, ByteOrder::Big);
    const size_t end = at + 4 + load<uint16_t>(bytes->data() + at + 2, ByteOrder::Big);
    EXPECT_EQ(end, bytes->size());
    std::vector<uint8_t> types;
    for (at += 4; at < end; at += 4 + load<uint16_t>(bytes->data() + at + 2, ByteOrder::Big))
        types.push_back((*bytes)[at]);
    EXPECT_EQ(types, (std::vector<uint8_t>{0x51, 0x52, 0x53, 0x54, 0x54, 0x55, 0x56, 0x57, 0x57, 0x58, 0x59, 0x6A}));
}

TEST(PduUserInformation, EncodesSubItemsAsTheStandardLaysThemOut)
{
    AssociateRequest request;
    request.called_ae_title = "PACS";
    request.calling_ae_title = "MODALITY";
    request.presentation_contexts.push_back({1, "1.2.840.10008.1.1", {"1.2.840.10008.1.2"}});
    request.user_information.maximum_length = 32768;
    request.user_information.implementation_class_uid = "1.2.3";
    request.user_information.role_selections = {{"1.2.4", false, true}};
    request.user_information.common_extended_negotiations = {{"1.5", "1.6", {"1.7", "1.88"}}};
    request.user_information.user_identity_request =
        UserIdentityRequest{UserIdentityType::Username, false, text("bob"), {}};
    auto bytes = encode_pdu(request);
    ASSERT_TRUE(bytes) << bytes.error().message;
    const Bytes expected = concat({
        {0x50, 0x00, 0x00, 0x46},                          // user information item, length 70
        {0x51, 0x00, 0x00, 0x04, 0x00, 0x00, 0x80, 0x00},  // maximum length 32768
        {0x52, 0x00, 0x00, 0x05}, "1.2.3",                 // implementation class UID
        {0x54, 0x00, 0x00, 0x09},                          // role selection, length 9
        {0x00, 0x05}, "1.2.4", {0x00, 0x01},               // UID, SCU-role 0, SCP-role 1
        {0x57, 0x00, 0x00, 0x17},                          // common extended negotiation, version 0, length 23
        {0x00, 0x03}, "1.5", {0x00, 0x03}, "1.6",          // SOP class, service class
        {0x00, 0x0B}, {0x00, 0x03}, "1.7", {0x00, 0x04}, "1.88",  // related general SOP classes
        {0x58, 0x00, 0x00, 0x09},                          // user identity, length 9
        {0x01, 0x00}, {0x00, 0x03}, "bob", {0x00, 0x00},   // username, no response, primary, no secondary
    });
    ASSERT_GE(bytes->size(), expected.size());
    EXPECT_EQ(Bytes(bytes->end() - static_cast<std::ptrdiff_t>(expected.size()), bytes->end()), expected);
}

TEST(PduUserInformation, EncodingRefusesOversizedFields)
{
    AssociateRequest request;
    request.called_ae_title = "PACS";
    request.calling_ae_title = "MODALITY";
    request.presentation_contexts.push_back({1, "1.2.840.10008.1.1", {"1.2.840.10008.1.2"}});
    request.user_information.implementation_class_uid = "1.2.3";
    request.user_information.user_identity_request =
        UserIdentityRequest{UserIdentityType::Saml, false, Bytes(65536, 'x'), {}};
    auto bytes = encode_pdu(request);
    ASSERT_FALSE(bytes);
    EXPECT_EQ(bytes.error().code, Errc::InvalidArgument);
    EXPECT_TRUE(contains(bytes.error().message, "user identity primary field (58h) is 65536 bytes"))
        << bytes.error().message;

    // Each field fits, the user information item (2-byte length) does not.
    request.user_information.user_identity_request->primary_field.resize(40000);
    request.user_information.extended_negotiations = {{"1.2.3", Bytes(40000, 0)}};
    bytes = encode_pdu(request);
    ASSERT_FALSE(bytes);
    EXPECT_TRUE(contains(bytes.error().message, "user information item (50h) is")) << bytes.error().message;

    request.user_information = {};
    request.user_information.implementation_class_uid = "1.2.3";
    request.user_information.implementation_version_name = "SEVENTEEN_CHARS_V";
    bytes = encode_pdu(request);
    ASSERT_FALSE(bytes);
    EXPECT_TRUE(contains(bytes.error().message, "implementation version name")) << bytes.error().message;
    request.user_information.implementation_version_name = "SIXTEEN_CHARS_VN";
    EXPECT_TRUE(encode_pdu(request));

    request.user_information.role_selections = {{"", true, true}};
    EXPECT_EQ(encode_pdu(request).error().code, Errc::InvalidArgument);
}

}  // namespace
}  // namespace roentgen::net
