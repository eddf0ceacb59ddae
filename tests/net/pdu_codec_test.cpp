// tests/net/pdu_codec_test.cpp — PS3.8 9.3 PDUs from bytes spelled out by hand, round trips, and broken input.
#include "net/pdu/pdu_codec.h"

#include "base/endian.h"

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

namespace roentgen::net {
namespace {

using Bytes = std::vector<uint8_t>;

/// Raw bytes or ASCII text, so that a PDU can be written field by field.
struct Piece {
    Piece(std::initializer_list<uint8_t> raw) : bytes(raw) {}
    Piece(const char* text) : bytes(text, text + std::strlen(text)) {}
    Piece(Bytes raw) : bytes(std::move(raw)) {}
    Bytes bytes;
};

Bytes concat(std::initializer_list<Piece> pieces)
{
    Bytes result;
    for (const auto& piece : pieces)
        result.insert(result.end(), piece.bytes.begin(), piece.bytes.end());
    return result;
}

Bytes zeros(size_t count) { return Bytes(count, 0); }

/// Rewrites the PDU-length after a test changed the bytes.
void fix_pdu_length(Bytes& pdu) { store<uint32_t>(pdu.data() + 2, static_cast<uint32_t>(pdu.size() - 6), ByteOrder::Big); }

// A-ASSOCIATE-RQ as DCMTK 3.6.7 echoscu sends it with default options (PS3.8 9.3.2).
const Bytes echoscu_request = concat({
    {0x01},                    // PDU-type: A-ASSOCIATE-RQ
    {0x00},                    // reserved
    {0x00, 0x00, 0x00, 0xCD},  // PDU-length: 205
    {0x00, 0x01},              // protocol version: bit 0 = version 1
    {0x00, 0x00},              // reserved
    "ANY-SCP         ",        // called AE title, space-padded to 16 bytes
    "ECHOSCU         ",        // calling AE title
    zeros(32),                 // reserved (bytes 43-74)
    // offset 74: application context item (PS3.8 9.3.2.1)
    {0x10, 0x00},              // item type 10h, reserved
    {0x00, 0x15},              // item length 21
    "1.2.840.10008.3.1.1.1",   // DICOM application context name
    // offset 99: presentation context item (PS3.8 9.3.2.2)
    {0x20, 0x00},              // item type 20h, reserved
    {0x00, 0x2E},              // item length 46
    {0x01},                    // presentation context ID 1
    {0x00, 0xFF, 0x00},        // reserved: DCMTK sends FFh in the second one, which must not be tested
    // offset 107: abstract syntax sub-item (PS3.8 9.3.2.2.1)
    {0x30, 0x00, 0x00, 0x11},  // item type 30h, reserved, length 17
    "1.2.840.10008.1.1",       // Verification SOP Class
    // offset 128: transfer syntax sub-item (PS3.8 9.3.2.2.2)
    {0x40, 0x00, 0x00, 0x11},  // item type 40h, reserved, length 17
    "1.2.840.10008.1.2",       // Implicit VR Little Endian
    // offset 149: user information item (PS3.8 9.3.2.3)
    {0x50, 0x00, 0x00, 0x3A},  // item type 50h, reserved, length 58
    {0x51, 0x00, 0x00, 0x04},  // maximum length sub-item (PS3.7 D.3.3.1), length 4
    {0x00, 0x00, 0x40, 0x00},  // maximum length received: 16384
    {0x52, 0x00, 0x00, 0x1B},  // implementation class UID sub-item (PS3.7 D.3.3.2), length 27
    "1.2.276.0.7230010.3.0.3.6.7",
    {0x55, 0x00, 0x00, 0x0F},  // implementation version name sub-item, length 15
    "OFFIS_DCMTK_367",
});

// What storescp could answer to a request proposing contexts 1, 3 and 5 (PS3.8 9.3.3).
const Bytes storescp_accept = concat({
    {0x02, 0x00},              // PDU-type: A-ASSOCIATE-AC, reserved
    {0x00, 0x00, 0x00, 0xCC},  // PDU-length: 204
    {0x00, 0x01},              // protocol version
    {0x00, 0x00},              // reserved
    "ANY-SCP         ",        // reserved, echoes the RQ's called AE title
    "ECHOSCU         ",        // reserved, echoes the RQ's calling AE title
    zeros(32),                 // reserved
    {0x10, 0x00, 0x00, 0x15},  // application context item, length 21
    "1.2.840.10008.3.1.1.1",
    // presentation context item (PS3.8 9.3.3.2) accepted
    {0x21, 0x00, 0x00, 0x19},  // item type 21h, reserved, length 25
    {0x01, 0x00},              // presentation context ID 1, reserved
    {0x00, 0x00},              // result/reason 0: acceptance, reserved
    {0x40, 0x00, 0x00, 0x11},  // transfer syntax sub-item, length 17
    "1.2.840.10008.1.2",
    // rejected without a transfer syntax sub-item at all
    {0x21, 0x00, 0x00, 0x04},  // item type 21h, reserved, length 4
    {0x03, 0x00, 0x03, 0x00},  // ID 3, reserved, 3: abstract-syntax-not-supported, reserved
    // rejected with an empty transfer syntax sub-item
    {0x21, 0x00, 0x00, 0x08},  // item type 21h, reserved, length 8
    {0x05, 0x00, 0x04, 0x00},  // ID 5, reserved, 4: transfer-syntaxes-not-supported, reserved
    {0x40, 0x00, 0x00, 0x00},  // transfer syntax sub-item, length 0
    {0x50, 0x00, 0x00, 0x3A},  // user information item, length 58
    {0x51, 0x00, 0x00, 0x04},  // maximum length sub-item
    {0x00, 0x00, 0x40, 0x00},  // 16384
    {0x52, 0x00, 0x00, 0x1B},  // implementation class UID sub-item
    "1.2.276.0.7230010.3.0.3.6.7",
    {0x55, 0x00, 0x00, 0x0F},  // implementation version name sub-item
    "OFFIS_DCMTK_367",
});

// P-DATA-TF with a command fragment and a data set fragment (PS3.8 9.3.5, E.2).
const Bytes data_transfer = concat({
    {0x04, 0x00},              // PDU-type: P-DATA-TF, reserved
    {0x00, 0x00, 0x00, 0x11},  // PDU-length: 17
    {0x00, 0x00, 0x00, 0x06},  // offset 6: PDV item length 6
    {0x01},                    // presentation context ID 1
    {0x03},                    // message control header: command, last fragment
    {0xAA, 0xBB, 0xCC, 0xDD},  // command bytes
    {0x00, 0x00, 0x00, 0x03},  // offset 16: PDV item length 3
    {0x03},                    // presentation context ID 3
    {0x00},                    // message control header: data set, not last
    {0xEE},                    // data set bytes
});

Result<Pdu> decode_whole(const Bytes& pdu) { return decode_pdu(std::span<const uint8_t>(pdu)); }

template <typename T>
T decoded(const Bytes& pdu)
{
    auto result = decode_whole(pdu);
    if (!result) {
        ADD_FAILURE() << result.error().message;
        return T{};
    }
    if (!std::holds_alternative<T>(*result)) {
        ADD_FAILURE() << "decoded as another PDU: " << pdu_name(pdu_type(*result));
        return T{};
    }
    return std::get<T>(std::move(*result));
}

Bytes encoded(const Pdu& pdu)
{
    auto result = encode_pdu(pdu);
    if (!result) {
        ADD_FAILURE() << result.error().message;
        return {};
    }
    return *result;
}

Error encode_error(const Pdu& pdu)
{
    auto result = encode_pdu(pdu);
    if (result) {
        ADD_FAILURE() << "encoded although it should not";
        return {};
    }
    return result.error();
}

Error decode_error(const Bytes& pdu)
{
    auto result = decode_whole(pdu);
    if (result) {
        ADD_FAILURE() << "decoded although it should not";
        return {};
    }
    return result.error();
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

AssociateRequest minimal_request()
{
    AssociateRequest request;
    request.called_ae_title = "STORESCP";
    request.calling_ae_title = "ROENTGEN";
    request.presentation_contexts.push_back({1, "1.2.840.10008.1.1", {"1.2.840.10008.1.2"}});
    request.user_information.maximum_length = 16384;
    request.user_information.implementation_class_uid = "1.2.826.0.1.3680043.10.1";
    return request;
}

// ---- A-ASSOCIATE-RQ ----------------------------------------------------------------------------

TEST(PduCodec, DecodesTheAssociateRequestOfEchoscu)
{
    const auto request = decoded<AssociateRequest>(echoscu_request);
    EXPECT_EQ(request.protocol_version, 1);
    EXPECT_EQ(request.called_ae_title, "ANY-SCP");
    EXPECT_EQ(request.calling_ae_title, "ECHOSCU");
    EXPECT_EQ(request.application_context, "1.2.840.10008.3.1.1.1");
    ASSERT_EQ(request.presentation_contexts.size(), 1u);
    EXPECT_EQ(request.presentation_contexts[0].id, 1);
    EXPECT_EQ(request.presentation_contexts[0].abstract_syntax, "1.2.840.10008.1.1");
    EXPECT_EQ(request.presentation_contexts[0].transfer_syntaxes, std::vector<std::string>{"1.2.840.10008.1.2"});
    const auto& information = request.user_information;
    EXPECT_EQ(information.maximum_length, 16384u);
    EXPECT_EQ(information.implementation_class_uid, "1.2.276.0.7230010.3.0.3.6.7");
    EXPECT_EQ(information.implementation_version_name, "OFFIS_DCMTK_367");
    EXPECT_FALSE(information.asynchronous_operations_window);
    EXPECT_TRUE(information.role_selections.empty());
    EXPECT_FALSE(information.user_identity_request);
    EXPECT_TRUE(information.unknown_sub_items.empty());
}

TEST(PduCodec, EncodesTheAssociateRequestOfEchoscuByteForByte)
{
    Bytes expected = echoscu_request;
    expected[105] = 0x00;  // the reserved byte DCMTK sets to FFh is sent as 00h
    EXPECT_EQ(encoded(decoded<AssociateRequest>(echoscu_request)), expected);
}

TEST(PduCodec, HeaderGivesTypeAndLength)
{
    const auto header = decode_pdu_header(std::span<const uint8_t, pdu_header_size>(echoscu_request.data(), 6));
    EXPECT_EQ(header.type, 0x01);
    EXPECT_EQ(header.length, 205u);
    const Bytes unknown = {0x7F, 0x00, 0x01, 0x02, 0x03, 0x04};
    const auto other = decode_pdu_header(std::span<const uint8_t, pdu_header_size>(unknown.data(), 6));
    EXPECT_EQ(other.type, 0x7F);
    EXPECT_EQ(other.length, 0x01020304u);
}

TEST(PduCodec, EveryTruncationOfAnAssociateRequestIsAnError)
{
    const auto body = std::span<const uint8_t>(echoscu_request).subspan(pdu_header_size);
    for (size_t length = 0; length < body.size(); ++length) {
        const Bytes prefix(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(length));  // exact size for ASan
        auto result = decode_pdu(0x01, prefix);
        ASSERT_FALSE(result) << "body cut to " << length << " bytes decoded";
        EXPECT_TRUE(result.error().code == Errc::Truncated || result.error().code == Errc::Malformed)
            << result.error().message;
    }
    for (size_t length = 0; length < echoscu_request.size(); ++length) {
        const Bytes prefix(echoscu_request.begin(), echoscu_request.begin() + static_cast<std::ptrdiff_t>(length));
        auto result = decode_whole(prefix);
        ASSERT_FALSE(result) << "PDU cut to " << length << " bytes decoded";
        EXPECT_EQ(result.error().code, Errc::Truncated) << result.error().message;
    }
}

TEST(PduCodec, TruncationInsideAnItemIsTruncated)
{
    // The body stops 10 bytes into the presentation context item at offset 99.
    const auto body = std::span<const uint8_t>(echoscu_request).subspan(pdu_header_size, 99 + 10 - 6);
    auto result = decode_pdu(0x01, body);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, Errc::Truncated);
    EXPECT_TRUE(contains(result.error().message, "A-ASSOCIATE-RQ: presentation context item (20h), offset 99"))
        << result.error().message;
}

TEST(PduCodec, EveryByteFlippedIsDecodedOrRejectedWithoutCrashing)
{
    for (const Bytes* pdu : {&echoscu_request, &storescp_accept, &data_transfer}) {
        for (size_t at = 0; at < pdu->size(); ++at) {
            for (uint8_t value : {uint8_t{0x00}, uint8_t{0x01}, uint8_t{0x7F}, uint8_t{0xFF}}) {
                Bytes changed = *pdu;
                changed[at] = value;
                const Bytes body(changed.begin() + pdu_header_size, changed.end());
                (void)decode_pdu(changed[0], body);
            }
        }
    }
}

TEST(PduCodec, SubItemPastItsParentIsMalformed)
{
    Bytes pdu = echoscu_request;
    pdu[107 + 3] = 0x40;  // abstract syntax sub-item length 64, past the end of its presentation context item
    const auto error = decode_error(pdu);
    EXPECT_EQ(error.code, Errc::Malformed);
    EXPECT_TRUE(contains(error.message, "A-ASSOCIATE-RQ: abstract syntax sub-item (30h), offset 107"))
        << error.message;
}

TEST(PduCodec, ItemPastThePduIsTruncated)
{
    Bytes pdu = echoscu_request;
    pdu[149 + 3] = 0x3B;  // user information item one byte longer than the PDU holds
    const auto error = decode_error(pdu);
    EXPECT_EQ(error.code, Errc::Truncated);
    EXPECT_TRUE(contains(error.message, "user information item (50h), offset 149")) << error.message;
}

TEST(PduCodec, UserInformationSubItemPastItsItemIsMalformed)
{
    Bytes pdu = echoscu_request;
    pdu[153 + 3] = 0x40;  // maximum length sub-item length 64
    const auto error = decode_error(pdu);
    EXPECT_EQ(error.code, Errc::Malformed);
    EXPECT_TRUE(contains(error.message, "maximum length sub-item (51h), offset 153")) << error.message;
}

TEST(PduCodec, UnknownItemsAreSkipped)
{
    // PS3.8 9.3.1: an item of unrecognized type between the presentation context and the user
    // information, and an unknown sub-item inside the presentation context, are ignored.
    Bytes pdu = echoscu_request;
    const Bytes unknown_item = {0x60, 0x00, 0x00, 0x03, 0x01, 0x02, 0x03};
    pdu.insert(pdu.begin() + 149, unknown_item.begin(), unknown_item.end());
    const Bytes unknown_sub_item = {0x31, 0x00, 0x00, 0x01, 0x09};
    pdu.insert(pdu.begin() + 149, unknown_sub_item.begin(), unknown_sub_item.end());
    pdu[99 + 3] += 5;   // presentation context item length
    fix_pdu_length(pdu);
    const auto request = decoded<AssociateRequest>(pdu);
    EXPECT_EQ(request, decoded<AssociateRequest>(echoscu_request));
}

TEST(PduCodec, MandatoryItemsAreChecked)
{
    // Without the application context item (offset 74, 25 bytes).
    Bytes pdu = echoscu_request;
    pdu.erase(pdu.begin() + 74, pdu.begin() + 99);
    fix_pdu_length(pdu);
    auto error = decode_error(pdu);
    EXPECT_EQ(error.code, Errc::Malformed);
    EXPECT_TRUE(contains(error.message, "no application context item (10h)")) << error.message;

    // With the user information item twice.
    pdu = echoscu_request;
    pdu.insert(pdu.end(), echoscu_request.begin() + 149, echoscu_request.end());
    fix_pdu_length(pdu);
    error = decode_error(pdu);
    EXPECT_EQ(error.code, Errc::Malformed);
    EXPECT_TRUE(contains(error.message, "user information item (50h), offset 211: appears more than once"))
        << error.message;

    // Presentation context without its abstract syntax: turn the 30h sub-item into an unknown 31h.
    pdu = echoscu_request;
    pdu[107] = 0x31;
    error = decode_error(pdu);
    EXPECT_EQ(error.code, Errc::Malformed);
    EXPECT_TRUE(contains(error.message, "presentation context item (20h), offset 99: has no abstract syntax"))
        << error.message;
}

TEST(PduCodec, EvenPresentationContextIdIsMalformed)
{
    Bytes pdu = echoscu_request;
    pdu[103] = 0x02;
    auto error = decode_error(pdu);
    EXPECT_EQ(error.code, Errc::Malformed);
    EXPECT_TRUE(contains(error.message, "offset 103: presentation context ID 2 is not odd")) << error.message;
    pdu[103] = 0x00;
    EXPECT_EQ(decode_error(pdu).code, Errc::Malformed);
}

TEST(PduCodec, AeTitlesAreTrimmedOnDecode)
{
    Bytes pdu = echoscu_request;
    const char called[] = "  ANY SCP   \0\0\0\0";  // leading spaces, an inner space, NUL padding
    std::memcpy(pdu.data() + 10, called, 16);
    const auto request = decoded<AssociateRequest>(pdu);
    EXPECT_EQ(request.called_ae_title, "ANY SCP");
}

TEST(PduCodec, UidsPaddedWithNulOrSpaceAreStripped)
{
    Bytes pdu = echoscu_request;
    // The transfer syntax sub-item at 128 gets "1.2.840.10008.1.2\0" (PS3.5 UI padding) by taking
    // one byte more: rewrite lengths of the sub-item, its item and the PDU.
    pdu.insert(pdu.begin() + 149, 0x00);
    pdu[128 + 3] += 1;
    pdu[99 + 3] += 1;
    fix_pdu_length(pdu);
    pdu[74 + 4 + 20] = ' ';  // application context name ends in a space instead of "1"
    const auto request = decoded<AssociateRequest>(pdu);
    EXPECT_EQ(request.presentation_contexts[0].transfer_syntaxes[0], "1.2.840.10008.1.2");
    EXPECT_EQ(request.application_context, "1.2.840.10008.3.1.1.");
}

TEST(PduCodec, AssociateRequestRoundTripsWithSeveralContexts)
{
    AssociateRequest request = minimal_request();
    request.protocol_version = 3;
    request.called_ae_title = "SIXTEEN_CHARS_AE";
    request.presentation_contexts.push_back(
        {3, "1.2.840.10008.5.1.4.1.1.2", {"1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.4.70"}});
    request.presentation_contexts.push_back({255, "1.2.840.10008.5.1.4.1.1.4", {"1.2.840.10008.1.2.1"}});
    const Bytes bytes = encoded(request);
    EXPECT_EQ(bytes[0], 0x01);
    EXPECT_EQ(load<uint32_t>(bytes.data() + 2, ByteOrder::Big), bytes.size() - 6);
    EXPECT_EQ(std::string(bytes.begin() + 26, bytes.begin() + 42), "ROENTGEN        ");
    EXPECT_EQ(decoded<AssociateRequest>(bytes), request);
}

// ---- encoding refusals ------------------------------------------------------------------------

TEST(PduCodec, AeTitlesAreCheckedOnEncode)
{
    AssociateRequest request = minimal_request();
    request.called_ae_title = "SEVENTEEN_CHARS_A";
    auto error = encode_error(request);
    EXPECT_EQ(error.code, Errc::InvalidArgument);
    EXPECT_TRUE(contains(error.message, "encoding A-ASSOCIATE-RQ: called AE title \"SEVENTEEN_CHARS_A\""))
        << error.message;
    request.called_ae_title = "";
    EXPECT_EQ(encode_error(request).code, Errc::InvalidArgument);
    request.called_ae_title = "   ";
    EXPECT_EQ(encode_error(request).code, Errc::InvalidArgument);
    request.called_ae_title = "STORESCP";
    request.calling_ae_title = "";
    EXPECT_TRUE(contains(encode_error(request).message, "calling AE title is empty"));

    AssociateAccept accept;
    accept.called_ae_title = "SEVENTEEN_CHARS_A";
    accept.calling_ae_title = "X";
    accept.user_information.implementation_class_uid = "1.2.3";
    EXPECT_EQ(encode_error(accept).code, Errc::InvalidArgument);
}

TEST(PduCodec, PresentationContextIdsAreCheckedOnEncode)
{
    AssociateRequest request = minimal_request();
    request.presentation_contexts[0].id = 2;
    auto error = encode_error(request);
    EXPECT_EQ(error.code, Errc::InvalidArgument);
    EXPECT_TRUE(contains(error.message, "presentation context ID 2 is not odd")) << error.message;
    request.presentation_contexts[0].id = 0;
    EXPECT_EQ(encode_error(request).code, Errc::InvalidArgument);

    DataTransfer transfer;
    const uint8_t data[] = {1, 2};
    transfer.values.push_back({4, 0, data});
    EXPECT_EQ(encode_error(transfer).code, Errc::InvalidArgument);
}

TEST(PduCodec, UidsAreCheckedOnEncode)
{
    AssociateRequest request = minimal_request();
    const std::string uid64 = "1.2.3." + std::string(58, '4');
    ASSERT_EQ(uid64.size(), 64u);
    request.presentation_contexts[0].abstract_syntax = uid64;
    EXPECT_EQ(decoded<AssociateRequest>(encoded(request)).presentation_contexts[0].abstract_syntax, uid64);

    request.presentation_contexts[0].abstract_syntax = uid64 + "5";
    auto error = encode_error(request);
    EXPECT_EQ(error.code, Errc::InvalidArgument);
    EXPECT_TRUE(contains(error.message, "abstract syntax sub-item (30h)")) << error.message;
    EXPECT_TRUE(contains(error.message, "is 65 characters")) << error.message;

    request = minimal_request();
    request.application_context = "";
    EXPECT_EQ(encode_error(request).code, Errc::InvalidArgument);
    request = minimal_request();
    request.presentation_contexts[0].transfer_syntaxes.clear();
    EXPECT_TRUE(contains(encode_error(request).message, "proposes no transfer syntax"));
    request = minimal_request();
    request.presentation_contexts.clear();
    EXPECT_EQ(encode_error(request).code, Errc::InvalidArgument);
    request = minimal_request();
    request.user_information.implementation_class_uid = "";
    EXPECT_TRUE(contains(encode_error(request).message, "implementation class UID (52h) is empty"));
}

// ---- A-ASSOCIATE-AC ----------------------------------------------------------------------------

TEST(PduCodec, DecodesAnAcceptWithRejectedContextsWithAndWithoutTransferSyntax)
{
    const auto accept = decoded<AssociateAccept>(storescp_accept);
    EXPECT_EQ(accept.called_ae_title, "ANY-SCP");
    EXPECT_EQ(accept.calling_ae_title, "ECHOSCU");
    EXPECT_EQ(accept.application_context, "1.2.840.10008.3.1.1.1");
    ASSERT_EQ(accept.presentation_contexts.size(), 3u);
    EXPECT_EQ(accept.presentation_contexts[0],
              (PresentationContextResult{1, PresentationContextResultReason::Acceptance, "1.2.840.10008.1.2"}));
    EXPECT_EQ(accept.presentation_contexts[1],
              (PresentationContextResult{3, PresentationContextResultReason::AbstractSyntaxNotSupported, ""}));
    EXPECT_EQ(accept.presentation_contexts[2],
              (PresentationContextResult{5, PresentationContextResultReason::TransferSyntaxesNotSupported, ""}));
    EXPECT_EQ(accept.user_information.maximum_length, 16384u);
    EXPECT_EQ(accept.user_information.implementation_version_name, "OFFIS_DCMTK_367");
}

TEST(PduCodec, RejectedContextWithABrokenTransferSyntaxIsNotTested)
{
    // PS3.8 9.3.3.2: the transfer syntax of a rejected context is not significant. Context 3 gets
    // a sub-item header that claims more than its item holds.
    Bytes pdu = storescp_accept;
    const size_t context3 = 74 + 25 + 29;
    ASSERT_EQ(pdu[context3], 0x21);
    ASSERT_EQ(pdu[context3 + 4], 0x03);
    const Bytes broken = {0x40, 0x00, 0x00, 0x09};
    pdu.insert(pdu.begin() + static_cast<std::ptrdiff_t>(context3 + 8), broken.begin(), broken.end());
    pdu[context3 + 3] += 4;
    fix_pdu_length(pdu);
    const auto accept = decoded<AssociateAccept>(pdu);
    ASSERT_EQ(accept.presentation_contexts.size(), 3u);
    EXPECT_EQ(accept.presentation_contexts[1].transfer_syntax, "");

    // The same in an accepted context is an error.
    pdu[context3 + 6] = 0x00;
    EXPECT_EQ(decode_error(pdu).code, Errc::Malformed);
}

TEST(PduCodec, EncodesTheAcceptByteForByte)
{
    AssociateAccept accept = decoded<AssociateAccept>(storescp_accept);
    // Context 3 was decoded without a transfer syntax; encoding always writes the sub-item, empty.
    Bytes expected = storescp_accept;
    const size_t context3 = 74 + 25 + 29;
    const Bytes empty_sub_item = {0x40, 0x00, 0x00, 0x00};
    expected.insert(expected.begin() + static_cast<std::ptrdiff_t>(context3 + 8), empty_sub_item.begin(),
                    empty_sub_item.end());
    expected[context3 + 3] += 4;
    fix_pdu_length(expected);
    EXPECT_EQ(encoded(accept), expected);
}

TEST(PduCodec, AcceptRefusesAnAcceptedContextWithoutTransferSyntax)
{
    AssociateAccept accept;
    accept.called_ae_title = "A";
    accept.calling_ae_title = "B";
    accept.user_information.implementation_class_uid = "1.2.3";
    accept.presentation_contexts.push_back({1, PresentationContextResultReason::Acceptance, ""});
    EXPECT_EQ(encode_error(accept).code, Errc::InvalidArgument);
    accept.presentation_contexts[0].result = PresentationContextResultReason::UserRejection;
    EXPECT_EQ(decoded<AssociateAccept>(encoded(accept)), accept);
}

// ---- A-ASSOCIATE-RJ -----------------------------------------------------------------------------

TEST(PduCodec, DecodesAndEncodesAReject)
{
    const Bytes pdu = {
        0x03, 0x00,              // PDU-type A-ASSOCIATE-RJ, reserved
        0x00, 0x00, 0x00, 0x04,  // PDU-length 4
        0x00,                    // reserved
        0x01,                    // result: rejected-permanent
        0x01,                    // source: DICOM UL service-user
        0x07,                    // reason: called-AE-title-not-recognized
    };
    const auto reject = decoded<AssociateReject>(pdu);
    EXPECT_EQ(reject.result, RejectResult::Permanent);
    EXPECT_EQ(reject.source, RejectSource::ServiceUser);
    EXPECT_EQ(reject.reason, reject_reasons::CalledAeTitleNotRecognized);
    EXPECT_EQ(encoded(reject), pdu);
    EXPECT_EQ(describe(reject), "rejected-permanent by DICOM UL service-user: called-AE-title-not-recognized");
}

TEST(PduCodec, DescribesRejectsInTheStandardsWords)
{
    using reject_reasons::LocalLimitExceeded;
    using reject_reasons::ProtocolVersionNotSupported;
    EXPECT_EQ(describe({RejectResult::Transient, RejectSource::ServiceProviderPresentation, LocalLimitExceeded}),
              "rejected-transient by DICOM UL service-provider (Presentation related function): "
              "local-limit-exceeded");
    EXPECT_EQ(describe({RejectResult::Permanent, RejectSource::ServiceProviderAcse, ProtocolVersionNotSupported}),
              "rejected-permanent by DICOM UL service-provider (ACSE related function): "
              "protocol-version-not-supported");
    EXPECT_EQ(describe({RejectResult::Permanent, RejectSource::ServiceUser, 2}),
              "rejected-permanent by DICOM UL service-user: application-context-name-not-supported");
    EXPECT_EQ(describe({RejectResult::Permanent, RejectSource::ServiceUser, 5}),
              "rejected-permanent by DICOM UL service-user: reserved (5)");
    EXPECT_EQ(describe({static_cast<RejectResult>(9), static_cast<RejectSource>(4), 1}),
              "reserved (9) by reserved (4): reserved (1)");
}

TEST(PduCodec, FixedLengthPdusRefuseOtherLengths)
{
    const Bytes short_reject = {0x03, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x01, 0x01};
    auto error = decode_error(short_reject);
    EXPECT_EQ(error.code, Errc::Truncated);
    EXPECT_TRUE(contains(error.message, "A-ASSOCIATE-RJ")) << error.message;
    const Bytes long_release = {0x05, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00};
    EXPECT_EQ(decode_error(long_release).code, Errc::Malformed);
    EXPECT_EQ(decode_pdu(0x07, std::span<const uint8_t>()).error().code, Errc::Truncated);
}

// ---- P-DATA-TF ----------------------------------------------------------------------------------

TEST(PduCodec, DecodesDataTransferAsViews)
{
    const auto transfer = decoded<DataTransfer>(data_transfer);
    ASSERT_EQ(transfer.values.size(), 2u);
    const auto& command = transfer.values[0];
    EXPECT_EQ(command.context_id, 1);
    EXPECT_TRUE(command.is_command());
    EXPECT_TRUE(command.is_last());
    EXPECT_EQ(command.data.data(), data_transfer.data() + 12);
    EXPECT_EQ(Bytes(command.data.begin(), command.data.end()), (Bytes{0xAA, 0xBB, 0xCC, 0xDD}));
    const auto& data_set = transfer.values[1];
    EXPECT_EQ(data_set.context_id, 3);
    EXPECT_FALSE(data_set.is_command());
    EXPECT_FALSE(data_set.is_last());
    EXPECT_EQ(data_set.data.data(), data_transfer.data() + 22);
    EXPECT_EQ(data_set.data.size(), 1u);
    EXPECT_EQ(encoded(transfer), data_transfer);
}

TEST(PduCodec, PdvShorterThanTwoBytesIsMalformed)
{
    for (uint8_t length : {uint8_t{0}, uint8_t{1}}) {
        Bytes pdu = {0x04, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, length, 0x01, 0x03};
        const auto error = decode_error(pdu);
        EXPECT_EQ(error.code, Errc::Malformed);
        EXPECT_TRUE(contains(error.message, "P-DATA-TF: presentation data value item, offset 6: item length"))
            << error.message;
    }
    // An empty PDV (length 2: context ID and header only) is allowed.
    const Bytes empty = {0x04, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x02, 0x01, 0x02};
    const auto transfer = decoded<DataTransfer>(empty);
    ASSERT_EQ(transfer.values.size(), 1u);
    EXPECT_TRUE(transfer.values[0].data.empty());
}

TEST(PduCodec, BrokenDataTransfersAreErrors)
{
    Bytes past_end = data_transfer;
    past_end[19] = 0x04;  // second PDV claims 4 bytes, 3 remain
    auto error = decode_error(past_end);
    EXPECT_EQ(error.code, Errc::Truncated);
    EXPECT_TRUE(contains(error.message, "presentation data value needs 4 bytes, 3 left")) << error.message;

    Bytes even = data_transfer;
    even[20] = 0x02;
    error = decode_error(even);
    EXPECT_EQ(error.code, Errc::Malformed);
    EXPECT_TRUE(contains(error.message, "offset 20: presentation context ID 2 is not odd")) << error.message;

    const Bytes no_pdv = {0x04, 0x00, 0x00, 0x00, 0x00, 0x00};
    EXPECT_EQ(decode_error(no_pdv).code, Errc::Malformed);
    EXPECT_EQ(encode_error(DataTransfer{}).code, Errc::InvalidArgument);

    const Bytes half_length = {0x04, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00};
    EXPECT_EQ(decode_error(half_length).code, Errc::Truncated);
}

TEST(PduCodec, DataTransferHeaderMatchesTheFullEncoder)
{
    const Bytes data(1000, 0x5A);
    std::array<uint8_t, 12> header{};
    encode_data_transfer_header(header, 7, 0x02, 1000);
    const Bytes expected_header = {
        0x04, 0x00,              // P-DATA-TF, reserved
        0x00, 0x00, 0x03, 0xEE,  // PDU-length 1006
        0x00, 0x00, 0x03, 0xEA,  // PDV item length 1002
        0x07, 0x02,              // context ID 7, data set, last fragment
    };
    EXPECT_EQ(Bytes(header.begin(), header.end()), expected_header);

    DataTransfer transfer;
    transfer.values.push_back({7, 0x02, data});
    const Bytes full = encoded(transfer);
    ASSERT_EQ(full.size(), 1012u);
    EXPECT_EQ(Bytes(full.begin(), full.begin() + 12), expected_header);
    EXPECT_EQ(Bytes(full.begin() + 12, full.end()), data);
}

// ---- release and abort -------------------------------------------------------------------------

TEST(PduCodec, ReleasePdus)
{
    const Bytes request = {0x05, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00};
    const Bytes response = {0x06, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00};
    EXPECT_EQ(decoded<ReleaseRequest>(request), ReleaseRequest{});
    EXPECT_EQ(decoded<ReleaseResponse>(response), ReleaseResponse{});
    EXPECT_EQ(encoded(ReleaseRequest{}), request);
    EXPECT_EQ(encoded(ReleaseResponse{}), response);
    // Reserved bytes are not tested.
    const Bytes dirty = {0x05, 0xFF, 0x00, 0x00, 0x00, 0x04, 0x01, 0x02, 0x03, 0x04};
    EXPECT_EQ(decoded<ReleaseRequest>(dirty), ReleaseRequest{});
}

TEST(PduCodec, AbortPdus)
{
    const Bytes provider = {
        0x07, 0x00,              // A-ABORT, reserved
        0x00, 0x00, 0x00, 0x04,  // PDU-length 4
        0x00, 0x00,              // reserved
        0x02,                    // source: DICOM UL service-provider
        0x06,                    // reason: invalid-PDU-parameter-value
    };
    const auto abort = decoded<Abort>(provider);
    EXPECT_EQ(abort.source, AbortSource::ServiceProvider);
    EXPECT_EQ(abort.reason, AbortReason::InvalidPduParameterValue);
    EXPECT_EQ(encoded(abort), provider);

    // A service-user abort's reason is not significant (PS3.8 9.3.8).
    const Bytes user = {0x07, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x05};
    const auto user_abort = decoded<Abort>(user);
    EXPECT_EQ(user_abort.source, AbortSource::ServiceUser);
    EXPECT_EQ(user_abort.reason, AbortReason::NotSpecified);
}

// ---- dispatch ----------------------------------------------------------------------------------

TEST(PduCodec, UnknownPduTypeIsUnsupported)
{
    const Bytes pdu = {0x08, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00};
    const auto error = decode_error(pdu);
    EXPECT_EQ(error.code, Errc::Unsupported);
    EXPECT_TRUE(contains(error.message, "unknown PDU type 08h")) << error.message;
    EXPECT_EQ(decode_pdu(0x00, std::span<const uint8_t>()).error().code, Errc::Unsupported);
}

TEST(PduCodec, WholePduLengthMustMatch)
{
    Bytes longer = echoscu_request;
    longer.push_back(0x00);
    EXPECT_EQ(decode_error(longer).code, Errc::Malformed);
}

TEST(PduCodec, NamesAndTypes)
{
    EXPECT_EQ(pdu_name(PduType::AssociateRequest), "A-ASSOCIATE-RQ");
    EXPECT_EQ(pdu_name(PduType::AssociateAccept), "A-ASSOCIATE-AC");
    EXPECT_EQ(pdu_name(PduType::AssociateReject), "A-ASSOCIATE-RJ");
    EXPECT_EQ(pdu_name(PduType::DataTransfer), "P-DATA-TF");
    EXPECT_EQ(pdu_name(PduType::ReleaseRequest), "A-RELEASE-RQ");
    EXPECT_EQ(pdu_name(PduType::ReleaseResponse), "A-RELEASE-RP");
    EXPECT_EQ(pdu_name(PduType::Abort), "A-ABORT");
    EXPECT_EQ(pdu_name(static_cast<PduType>(9)), "unknown PDU");
    EXPECT_EQ(pdu_type(Pdu{AssociateAccept{}}), PduType::AssociateAccept);
    EXPECT_EQ(pdu_type(Pdu{Abort{}}), PduType::Abort);
}

}  // namespace
}  // namespace roentgen::net
