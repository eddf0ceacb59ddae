// net/pdu/internal/user_information.cpp — decoding and encoding of the user-information sub-items of PS3.7 D.3.3.
#include "net/pdu/internal/user_information.h"

#include <fmt/format.h>

namespace roentgen::net::pdu_detail {
namespace {

namespace sub_items {
inline constexpr uint8_t UserInformation = 0x50;
inline constexpr uint8_t MaximumLength = 0x51;
inline constexpr uint8_t ImplementationClassUid = 0x52;
inline constexpr uint8_t AsynchronousOperationsWindow = 0x53;
inline constexpr uint8_t RoleSelection = 0x54;
inline constexpr uint8_t ImplementationVersionName = 0x55;
inline constexpr uint8_t ExtendedNegotiation = 0x56;
inline constexpr uint8_t CommonExtendedNegotiation = 0x57;
inline constexpr uint8_t UserIdentityRequest = 0x58;
inline constexpr uint8_t UserIdentityResponse = 0x59;
}  // namespace sub_items

std::string_view sub_item_name(uint8_t type)
{
    switch (type) {
    case sub_items::MaximumLength: return "maximum length sub-item (51h)";
    case sub_items::ImplementationClassUid: return "implementation class UID sub-item (52h)";
    case sub_items::AsynchronousOperationsWindow: return "asynchronous operations window sub-item (53h)";
    case sub_items::RoleSelection: return "SCP/SCU role selection sub-item (54h)";
    case sub_items::ImplementationVersionName: return "implementation version name sub-item (55h)";
    case sub_items::ExtendedNegotiation: return "SOP class extended negotiation sub-item (56h)";
    case sub_items::CommonExtendedNegotiation: return "SOP class common extended negotiation sub-item (57h)";
    case sub_items::UserIdentityRequest: return "user identity sub-item (58h)";
    case sub_items::UserIdentityResponse: return "user identity server response sub-item (59h)";
    }
    return "unknown user information sub-item";
}

bool single_valued(uint8_t type)
{
    return type == sub_items::MaximumLength || type == sub_items::ImplementationClassUid ||
           type == sub_items::AsynchronousOperationsWindow || type == sub_items::ImplementationVersionName ||
           type == sub_items::UserIdentityRequest || type == sub_items::UserIdentityResponse;
}

std::vector<uint8_t> to_vector(std::span<const uint8_t> bytes) { return {bytes.begin(), bytes.end()}; }

// PS3.7 D.3.3.4: UID-length, SOP-class-uid, SCU-role, SCP-role.
Result<RoleSelection> decode_role_selection(Reader& value)
{
    RoleSelection role;
    ROENTGEN_TRY(auto uid, value.field16("SOP class UID"));
    ROENTGEN_TRY(auto scu, value.u8("SCU-role"));
    ROENTGEN_TRY(auto scp, value.u8("SCP-role"));
    role.sop_class_uid = uid_text(uid);
    role.scu_role = scu != 0;
    role.scp_role = scp != 0;
    return role;
}

// PS3.7 D.3.3.6: the sub-item version byte sits where other items have their reserved byte; what
// follows the related general SOP classes is reserved and ignored.
Result<SopClassCommonExtendedNegotiation> decode_common_extended_negotiation(Reader& value)
{
    SopClassCommonExtendedNegotiation negotiation;
    ROENTGEN_TRY(auto sop_class, value.field16("SOP class UID"));
    ROENTGEN_TRY(auto service_class, value.field16("service class UID"));
    const size_t related_offset = value.offset();
    ROENTGEN_TRY(auto related, value.field16("related general SOP class identification"));
    negotiation.sop_class_uid = uid_text(sop_class);
    negotiation.service_class_uid = uid_text(service_class);
    Reader uids(related, related_offset + 2, value.where());
    while (!uids.at_end()) {
        ROENTGEN_TRY(auto uid, uids.field16("related general SOP class UID"));
        negotiation.related_general_sop_classes.push_back(uid_text(uid));
    }
    return negotiation;
}

// PS3.7 D.3.3.7.1: type, positive-response-requested, primary field, secondary field.
Result<UserIdentityRequest> decode_user_identity_request(Reader& value)
{
    UserIdentityRequest identity;
    ROENTGEN_TRY(auto type, value.u8("user identity type"));
    ROENTGEN_TRY(auto positive, value.u8("positive response requested"));
    ROENTGEN_TRY(auto primary, value.field16("primary field"));
    ROENTGEN_TRY(auto secondary, value.field16("secondary field"));
    identity.type = static_cast<UserIdentityType>(type);
    identity.positive_response_requested = positive != 0;
    identity.primary_field = to_vector(primary);
    identity.secondary_field = to_vector(secondary);
    return identity;
}

Result<AsynchronousOperationsWindow> decode_asynchronous_operations_window(Reader& value)
{
    ROENTGEN_TRY(auto invoked, value.u16("maximum number of operations invoked"));
    ROENTGEN_TRY(auto performed, value.u16("maximum number of operations performed"));
    return AsynchronousOperationsWindow{invoked, performed};
}

// Bytes left over after the fields a sub-item defines are not tested: its length bounds it.
Result<void> decode_sub_item(Item& item, UserInformation& information)
{
    Reader& value = item.value;
    switch (item.type) {
    case sub_items::MaximumLength: {
        ROENTGEN_TRY(information.maximum_length, value.u32("maximum length received"));
        return {};
    }
    case sub_items::ImplementationClassUid: information.implementation_class_uid = uid_text(value.rest()); return {};
    case sub_items::ImplementationVersionName:
        information.implementation_version_name = uid_text(value.rest());
        return {};
    case sub_items::AsynchronousOperationsWindow: {
        ROENTGEN_TRY(information.asynchronous_operations_window, decode_asynchronous_operations_window(value));
        return {};
    }
    case sub_items::RoleSelection: {
        ROENTGEN_TRY(auto role, decode_role_selection(value));
        information.role_selections.push_back(std::move(role));
        return {};
    }
    case sub_items::ExtendedNegotiation: {
        ROENTGEN_TRY(auto uid, value.field16("SOP class UID"));
        information.extended_negotiations.push_back({uid_text(uid), to_vector(value.rest())});
        return {};
    }
    case sub_items::CommonExtendedNegotiation: {
        ROENTGEN_TRY(auto negotiation, decode_common_extended_negotiation(value));
        information.common_extended_negotiations.push_back(std::move(negotiation));
        return {};
    }
    case sub_items::UserIdentityRequest: {
        ROENTGEN_TRY(information.user_identity_request, decode_user_identity_request(value));
        return {};
    }
    case sub_items::UserIdentityResponse: {
        ROENTGEN_TRY(auto response, value.field16("server response"));
        information.user_identity_response = UserIdentityResponse{to_vector(response)};
        return {};
    }
    }
    // PS3.7 D.3.3: unknown sub-items are ignored; kept for logging.
    information.unknown_sub_items.push_back({item.type, to_vector(value.rest())});
    return {};
}

Result<void> encode_role_selection(Writer& writer, const RoleSelection& role)
{
    ROENTGEN_TRY(check_uid(role.sop_class_uid, "role selection SOP class UID (54h)"));
    const size_t at = writer.begin_item(sub_items::RoleSelection);
    ROENTGEN_TRY(writer.field16(role.sop_class_uid, "role selection SOP class UID (54h)"));
    writer.u8(role.scu_role ? 1 : 0);
    writer.u8(role.scp_role ? 1 : 0);
    return writer.end_length16(at, sub_item_name(sub_items::RoleSelection));
}

Result<void> encode_extended_negotiation(Writer& writer, const SopClassExtendedNegotiation& negotiation)
{
    ROENTGEN_TRY(check_uid(negotiation.sop_class_uid, "extended negotiation SOP class UID (56h)"));
    const size_t at = writer.begin_item(sub_items::ExtendedNegotiation);
    ROENTGEN_TRY(writer.field16(negotiation.sop_class_uid, "extended negotiation SOP class UID (56h)"));
    writer.append(negotiation.application_information);
    return writer.end_length16(at, sub_item_name(sub_items::ExtendedNegotiation));
}

Result<void> encode_common_extended_negotiation(Writer& writer, const SopClassCommonExtendedNegotiation& negotiation)
{
    ROENTGEN_TRY(check_uid(negotiation.sop_class_uid, "common extended negotiation SOP class UID (57h)"));
    ROENTGEN_TRY(check_uid(negotiation.service_class_uid, "common extended negotiation service class UID (57h)"));
    // begin_item writes 00h in the second byte: the sub-item version, 0 (PS3.7 D.3.3.6).
    const size_t at = writer.begin_item(sub_items::CommonExtendedNegotiation);
    ROENTGEN_TRY(writer.field16(negotiation.sop_class_uid, "SOP class UID"));
    ROENTGEN_TRY(writer.field16(negotiation.service_class_uid, "service class UID"));
    const size_t related = writer.begin_length16();
    for (const auto& uid : negotiation.related_general_sop_classes) {
        ROENTGEN_TRY(check_uid(uid, "related general SOP class UID (57h)"));
        ROENTGEN_TRY(writer.field16(uid, "related general SOP class UID"));
    }
    ROENTGEN_TRY(writer.end_length16(related, "related general SOP class identification (57h)"));
    return writer.end_length16(at, sub_item_name(sub_items::CommonExtendedNegotiation));
}

Result<void> encode_user_identity(Writer& writer, const UserInformation& information)
{
    if (const auto& identity = information.user_identity_request) {
        const size_t at = writer.begin_item(sub_items::UserIdentityRequest);
        writer.u8(static_cast<uint8_t>(identity->type));
        writer.u8(identity->positive_response_requested ? 1 : 0);
        ROENTGEN_TRY(writer.field16(identity->primary_field, "user identity primary field (58h)"));
        ROENTGEN_TRY(writer.field16(identity->secondary_field, "user identity secondary field (58h)"));
        ROENTGEN_TRY(writer.end_length16(at, sub_item_name(sub_items::UserIdentityRequest)));
    }
    if (const auto& response = information.user_identity_response) {
        const size_t at = writer.begin_item(sub_items::UserIdentityResponse);
        ROENTGEN_TRY(writer.field16(response->server_response, "user identity server response (59h)"));
        ROENTGEN_TRY(writer.end_length16(at, sub_item_name(sub_items::UserIdentityResponse)));
    }
    return {};
}

Result<void> encode_identification(Writer& writer, const UserInformation& information)
{
    const size_t maximum = writer.begin_item(sub_items::MaximumLength);
    writer.u32(information.maximum_length);
    ROENTGEN_TRY(writer.end_length16(maximum, sub_item_name(sub_items::MaximumLength)));

    // PS3.7 D.3.3.2: every A-ASSOCIATE-RQ and -AC carries an implementation class UID.
    ROENTGEN_TRY(check_uid(information.implementation_class_uid, "implementation class UID (52h)"));
    const size_t uid = writer.begin_item(sub_items::ImplementationClassUid);
    writer.append(information.implementation_class_uid);
    ROENTGEN_TRY(writer.end_length16(uid, sub_item_name(sub_items::ImplementationClassUid)));

    if (const auto& window = information.asynchronous_operations_window) {
        const size_t at = writer.begin_item(sub_items::AsynchronousOperationsWindow);
        writer.u16(window->maximum_invoked);
        writer.u16(window->maximum_performed);
        ROENTGEN_TRY(writer.end_length16(at, sub_item_name(sub_items::AsynchronousOperationsWindow)));
    }
    return {};
}

}  // namespace

Result<UserInformation> decode_user_information(Reader items)
{
    UserInformation information;
    uint16_t seen = 0;  // bit (type - 51h) of each single-valued sub-item met
    while (!items.at_end()) {
        ROENTGEN_TRY(auto item, items.item(sub_item_name));
        if (single_valued(item.type)) {
            const auto bit = static_cast<uint16_t>(1u << (item.type - sub_items::MaximumLength));
            if (seen & bit)
                return pdu_error(Errc::Malformed, items.where().pdu, sub_item_name(item.type), item.offset,
                                 "appears more than once");
            seen |= bit;
        }
        ROENTGEN_TRY(decode_sub_item(item, information));
    }
    return information;
}

Result<void> encode_user_information(Writer& writer, const UserInformation& information)
{
    const size_t at = writer.begin_item(sub_items::UserInformation);
    ROENTGEN_TRY(encode_identification(writer, information));
    for (const auto& role : information.role_selections)
        ROENTGEN_TRY(encode_role_selection(writer, role));
    if (const auto& name = information.implementation_version_name; !name.empty()) {
        // PS3.7 D.3.3.2: 1 to 16 characters.
        if (name.size() > 16)
            return make_error(Errc::InvalidArgument,
                              fmt::format("implementation version name \"{}\" is over 16 characters", name));
        const size_t item = writer.begin_item(sub_items::ImplementationVersionName);
        writer.append(name);
        ROENTGEN_TRY(writer.end_length16(item, sub_item_name(sub_items::ImplementationVersionName)));
    }
    for (const auto& negotiation : information.extended_negotiations)
        ROENTGEN_TRY(encode_extended_negotiation(writer, negotiation));
    for (const auto& negotiation : information.common_extended_negotiations)
        ROENTGEN_TRY(encode_common_extended_negotiation(writer, negotiation));
    ROENTGEN_TRY(encode_user_identity(writer, information));
    for (const auto& unknown : information.unknown_sub_items) {
        const size_t item = writer.begin_item(unknown.type);
        writer.append(unknown.value);
        ROENTGEN_TRY(writer.end_length16(item, fmt::format("user information sub-item {:02X}h", unknown.type)));
    }
    return writer.end_length16(at, "user information item (50h)");
}

}  // namespace roentgen::net::pdu_detail
