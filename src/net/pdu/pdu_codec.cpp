// net/pdu/pdu_codec.cpp — decoding and encoding of the seven PDUs of PS3.8 9.3.
#include "net/pdu/pdu_codec.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <type_traits>

#include <fmt/format.h>

#include "base/assert.h"
#include "base/endian.h"
#include "net/pdu/internal/pdu_reader.h"
#include "net/pdu/internal/pdu_writer.h"
#include "net/pdu/internal/user_information.h"

namespace roentgen::net {
namespace {

using pdu_detail::Item;
using pdu_detail::pdu_error;
using pdu_detail::Reader;
using pdu_detail::Where;
using pdu_detail::Writer;

namespace items {
inline constexpr uint8_t ApplicationContext = 0x10;
inline constexpr uint8_t PresentationContextRequest = 0x20;
inline constexpr uint8_t PresentationContextAccept = 0x21;
inline constexpr uint8_t AbstractSyntax = 0x30;
inline constexpr uint8_t TransferSyntax = 0x40;
inline constexpr uint8_t UserInformation = 0x50;
}  // namespace items

std::string_view item_name(uint8_t type)
{
    switch (type) {
    case items::ApplicationContext: return "application context item (10h)";
    case items::PresentationContextRequest: return "presentation context item (20h)";
    case items::PresentationContextAccept: return "presentation context item (21h)";
    case items::AbstractSyntax: return "abstract syntax sub-item (30h)";
    case items::TransferSyntax: return "transfer syntax sub-item (40h)";
    case items::UserInformation: return "user information item (50h)";
    }
    return "unknown item";
}

std::string_view name_of(PduType type) { return pdu_name(type); }

// ---- decoding -------------------------------------------------------------------------------------

Result<uint8_t> read_context_id(Reader& value)
{
    const size_t at = value.offset();
    ROENTGEN_TRY(auto id, value.u8("presentation context ID"));
    if (id % 2 == 0)
        return value.fail(Errc::Malformed, at,
                          fmt::format("presentation context ID {} is not odd (PS3.8 9.3.2.2)", id));
    return id;
}

std::unexpected<Error> repeated(const Item& item, std::string_view pdu)
{
    return pdu_error(Errc::Malformed, pdu, item_name(item.type), item.offset, "appears more than once");
}

// PS3.8 9.3.2.2: ID, three reserved bytes, one abstract syntax, one or more transfer syntaxes.
Result<PresentationContextProposal> decode_proposal(Item& item)
{
    Reader& value = item.value;
    PresentationContextProposal proposal;
    ROENTGEN_TRY(proposal.id, read_context_id(value));
    ROENTGEN_TRY(value.bytes(3, "reserved bytes"));
    bool have_abstract_syntax = false;
    while (!value.at_end()) {
        ROENTGEN_TRY(auto sub_item, value.item(item_name));
        if (sub_item.type == items::AbstractSyntax) {
            if (have_abstract_syntax)
                return repeated(sub_item, value.where().pdu);
            proposal.abstract_syntax = pdu_detail::uid_text(sub_item.value.rest());
            have_abstract_syntax = true;
        } else if (sub_item.type == items::TransferSyntax) {
            proposal.transfer_syntaxes.push_back(pdu_detail::uid_text(sub_item.value.rest()));
        }
        // Other sub-item types: PS3.8 9.3.1, ignored and skipped.
    }
    if (!have_abstract_syntax)
        return value.fail(Errc::Malformed, item.offset, "has no abstract syntax sub-item (30h)");
    return proposal;
}

Result<std::string> decode_result_transfer_syntax(Reader value)
{
    std::optional<std::string> transfer_syntax;
    while (!value.at_end()) {
        ROENTGEN_TRY(auto sub_item, value.item(item_name));
        if (sub_item.type != items::TransferSyntax)
            continue;  // PS3.8 9.3.1
        if (transfer_syntax)
            return repeated(sub_item, value.where().pdu);
        transfer_syntax = pdu_detail::uid_text(sub_item.value.rest());
    }
    return transfer_syntax.value_or(std::string());
}

// PS3.8 9.3.3.2: ID, reserved, result/reason, reserved, one transfer syntax sub-item.
Result<PresentationContextResult> decode_result(Item& item)
{
    Reader& value = item.value;
    PresentationContextResult result;
    ROENTGEN_TRY(result.id, read_context_id(value));
    ROENTGEN_TRY(value.bytes(1, "reserved byte"));
    ROENTGEN_TRY(auto reason, value.u8("result/reason"));
    ROENTGEN_TRY(value.bytes(1, "reserved byte"));
    result.result = static_cast<PresentationContextResultReason>(reason);
    if (result.result == PresentationContextResultReason::Acceptance) {
        ROENTGEN_TRY(result.transfer_syntax, decode_result_transfer_syntax(value));
    } else {
        // The transfer syntax of a rejected context "shall not be tested": peers send it empty, absent
        // or as proposed; whatever stands there, a broken one is not an error.
        result.transfer_syntax = decode_result_transfer_syntax(value).value_or(std::string());
    }
    return result;
}

// Bytes 7-74 of A-ASSOCIATE-RQ and -AC (PS3.8 9.3.2, 9.3.3).
template <typename Associate>
Result<void> decode_associate_fixed(Reader& fixed, Associate& pdu)
{
    ROENTGEN_TRY(pdu.protocol_version, fixed.u16("protocol version"));
    ROENTGEN_TRY(fixed.bytes(2, "reserved bytes"));
    ROENTGEN_TRY(auto called, fixed.bytes(16, "called AE title"));
    ROENTGEN_TRY(auto calling, fixed.bytes(16, "calling AE title"));
    ROENTGEN_TRY(fixed.bytes(32, "reserved bytes"));
    pdu.called_ae_title = pdu_detail::ae_title_text(called);
    pdu.calling_ae_title = pdu_detail::ae_title_text(calling);
    return {};
}

template <typename Associate>
Result<void> decode_associate_item(Item& item, Associate& pdu)
{
    constexpr bool request = std::is_same_v<Associate, AssociateRequest>;
    if (item.type == items::ApplicationContext) {
        pdu.application_context = pdu_detail::uid_text(item.value.rest());
        if (pdu.application_context.empty())
            return item.value.fail(Errc::Malformed, item.offset, "is empty");
    } else if (item.type == (request ? items::PresentationContextRequest : items::PresentationContextAccept)) {
        if constexpr (request) {
            ROENTGEN_TRY(auto proposal, decode_proposal(item));
            pdu.presentation_contexts.push_back(std::move(proposal));
        } else {
            ROENTGEN_TRY(auto result, decode_result(item));
            pdu.presentation_contexts.push_back(std::move(result));
        }
    } else if (item.type == items::UserInformation) {
        ROENTGEN_TRY(pdu.user_information, pdu_detail::decode_user_information(item.value));
    }
    // Any other item type: PS3.8 9.3.1, "items of unrecognized types shall be ignored and skipped".
    return {};
}

// One application context item, presentation context items, one user information item.
template <typename Associate>
Result<Pdu> decode_associate(PduType type, std::span<const uint8_t> body)
{
    const std::string_view name = name_of(type);
    Reader fixed(body.first(std::min<size_t>(body.size(), 68)), pdu_header_size, Where{name, "fixed fields"});
    Associate pdu;
    ROENTGEN_TRY(decode_associate_fixed(fixed, pdu));
    Reader variable(body.subspan(68), pdu_header_size + 68, Where{name, "variable items"});
    bool have_context = false;
    bool have_user_information = false;
    while (!variable.at_end()) {
        ROENTGEN_TRY(auto item, variable.item(item_name));
        bool& seen = item.type == items::ApplicationContext ? have_context : have_user_information;
        if (item.type == items::ApplicationContext || item.type == items::UserInformation) {
            if (seen)
                return repeated(item, name);
            seen = true;
        }
        ROENTGEN_TRY(decode_associate_item(item, pdu));
    }
    const size_t end = pdu_header_size + body.size();
    if (!have_context)
        return pdu_error(Errc::Malformed, name, "variable items", end, "no application context item (10h)");
    if (!have_user_information)
        return pdu_error(Errc::Malformed, name, "variable items", end, "no user information item (50h)");
    return Pdu{std::move(pdu)};
}

// A-ASSOCIATE-RJ, A-RELEASE-RQ/RP and A-ABORT have a body of exactly 4 bytes.
Result<std::span<const uint8_t, 4>> fixed_body(PduType type, std::span<const uint8_t> body)
{
    if (body.size() != 4)
        return pdu_error(body.size() < 4 ? Errc::Truncated : Errc::Malformed, name_of(type), "PDU-length", 2,
                         fmt::format("{} bytes follow the header, PS3.8 9.3 fixes 4", body.size()));
    return body.first<4>();
}

Result<Pdu> decode_reject(std::span<const uint8_t> body)
{
    ROENTGEN_TRY(auto fields, fixed_body(PduType::AssociateReject, body));
    return AssociateReject{static_cast<RejectResult>(fields[1]), static_cast<RejectSource>(fields[2]), fields[3]};
}

Result<Pdu> decode_abort(std::span<const uint8_t> body)
{
    ROENTGEN_TRY(auto fields, fixed_body(PduType::Abort, body));
    Abort abort{static_cast<AbortSource>(fields[2]), static_cast<AbortReason>(fields[3])};
    // PS3.8 9.3.8: the reason of a service-user abort is not significant and is not tested.
    if (abort.source == AbortSource::ServiceUser)
        abort.reason = AbortReason::NotSpecified;
    return abort;
}

// PS3.8 9.3.5.1: 4-byte item length, context ID, then the PDV with its message control header.
Result<Pdu> decode_data_transfer(std::span<const uint8_t> body)
{
    Reader reader(body, pdu_header_size, Where{"P-DATA-TF", "presentation data value item"});
    if (reader.at_end())
        return reader.fail(Errc::Malformed, reader.offset(), "none present, PS3.8 9.3.5 requires one or more");
    DataTransfer pdu;
    while (!reader.at_end()) {
        const size_t at = reader.offset();
        ROENTGEN_TRY(auto length, reader.u32("item length"));
        if (length < 2)
            return reader.fail(Errc::Malformed, at,
                               fmt::format("item length {} leaves no room for the presentation context ID and "
                                           "message control header",
                                           length));
        ROENTGEN_TRY(auto value, reader.bytes(length, "presentation data value"));
        if (value[0] % 2 == 0)
            return reader.fail(Errc::Malformed, at + 4,
                               fmt::format("presentation context ID {} is not odd (PS3.8 9.3.5.1)", value[0]));
        pdu.values.push_back(PresentationDataValue{value[0], value[1], value.subspan(2)});
    }
    return pdu;
}

// ---- encoding -------------------------------------------------------------------------------------

Result<void> write_ae_title(Writer& writer, std::string_view title, std::string_view what)
{
    if (title.size() > 16)
        return make_error(Errc::InvalidArgument,
                          fmt::format("{} \"{}\" is over 16 characters (PS3.8 9.3.2)", what, title));
    if (title.find_first_not_of(' ') == std::string_view::npos)
        return make_error(Errc::InvalidArgument, fmt::format("{} is empty (PS3.8 9.3.2)", what));
    writer.append(title);
    writer.bytes().insert(writer.bytes().end(), 16 - title.size(), ' ');
    return {};
}

Result<void> write_uid_item(Writer& writer, uint8_t type, std::string_view uid)
{
    ROENTGEN_TRY(pdu_detail::check_uid(uid, item_name(type)));
    const size_t at = writer.begin_item(type);
    writer.append(uid);
    return writer.end_length16(at, item_name(type));
}

Result<void> check_context_id(uint8_t id)
{
    if (id % 2 == 0)
        return make_error(Errc::InvalidArgument,
                          fmt::format("presentation context ID {} is not odd (PS3.8 9.3.2.2)", id));
    return {};
}

template <typename Associate>
Result<void> encode_associate_fixed(Writer& writer, const Associate& pdu)
{
    writer.u16(pdu.protocol_version);
    writer.zeros(2);
    ROENTGEN_TRY(write_ae_title(writer, pdu.called_ae_title, "called AE title"));
    ROENTGEN_TRY(write_ae_title(writer, pdu.calling_ae_title, "calling AE title"));
    writer.zeros(32);
    return write_uid_item(writer, items::ApplicationContext, pdu.application_context);
}

Result<void> encode_proposal(Writer& writer, const PresentationContextProposal& proposal)
{
    ROENTGEN_TRY(check_context_id(proposal.id));
    if (proposal.transfer_syntaxes.empty())
        return make_error(Errc::InvalidArgument,
                          fmt::format("presentation context {} proposes no transfer syntax (PS3.8 9.3.2.2)",
                                      proposal.id));
    const size_t at = writer.begin_item(items::PresentationContextRequest);
    writer.u8(proposal.id);
    writer.zeros(3);
    ROENTGEN_TRY(write_uid_item(writer, items::AbstractSyntax, proposal.abstract_syntax));
    for (const auto& transfer_syntax : proposal.transfer_syntaxes)
        ROENTGEN_TRY(write_uid_item(writer, items::TransferSyntax, transfer_syntax));
    return writer.end_length16(at, item_name(items::PresentationContextRequest));
}

Result<void> encode_result(Writer& writer, const PresentationContextResult& result)
{
    ROENTGEN_TRY(check_context_id(result.id));
    const size_t at = writer.begin_item(items::PresentationContextAccept);
    writer.u8(result.id);
    writer.u8(0);
    writer.u8(static_cast<uint8_t>(result.result));
    writer.u8(0);
    if (result.result == PresentationContextResultReason::Acceptance) {
        ROENTGEN_TRY(write_uid_item(writer, items::TransferSyntax, result.transfer_syntax));
    } else {
        // Not significant for a rejected context (PS3.8 9.3.3.2): written as given, possibly empty.
        if (result.transfer_syntax.size() > 64)
            ROENTGEN_TRY(pdu_detail::check_uid(result.transfer_syntax, item_name(items::TransferSyntax)));
        const size_t sub_item = writer.begin_item(items::TransferSyntax);
        writer.append(result.transfer_syntax);
        ROENTGEN_TRY(writer.end_length16(sub_item, item_name(items::TransferSyntax)));
    }
    return writer.end_length16(at, item_name(items::PresentationContextAccept));
}

Result<void> encode_body(Writer& writer, const AssociateRequest& pdu)
{
    ROENTGEN_TRY(encode_associate_fixed(writer, pdu));
    if (pdu.presentation_contexts.empty())
        return make_error(Errc::InvalidArgument, "no presentation context proposed (PS3.8 9.3.2)");
    for (const auto& proposal : pdu.presentation_contexts)
        ROENTGEN_TRY(encode_proposal(writer, proposal));
    return pdu_detail::encode_user_information(writer, pdu.user_information);
}

Result<void> encode_body(Writer& writer, const AssociateAccept& pdu)
{
    ROENTGEN_TRY(encode_associate_fixed(writer, pdu));
    for (const auto& result : pdu.presentation_contexts)
        ROENTGEN_TRY(encode_result(writer, result));
    return pdu_detail::encode_user_information(writer, pdu.user_information);
}

Result<void> encode_body(Writer& writer, const AssociateReject& pdu)
{
    writer.u8(0);
    writer.u8(static_cast<uint8_t>(pdu.result));
    writer.u8(static_cast<uint8_t>(pdu.source));
    writer.u8(pdu.reason);
    return {};
}

Result<void> encode_body(Writer& writer, const DataTransfer& pdu)
{
    if (pdu.values.empty())
        return make_error(Errc::InvalidArgument, "no presentation data value (PS3.8 9.3.5 requires one or more)");
    size_t total = pdu_header_size;
    for (const auto& value : pdu.values)
        total += 6 + value.data.size();
    writer.bytes().reserve(total);
    for (const auto& value : pdu.values) {
        ROENTGEN_TRY(check_context_id(value.context_id));
        const size_t at = writer.begin_length32();
        writer.u8(value.context_id);
        writer.u8(value.message_control_header);
        writer.append(value.data);
        ROENTGEN_TRY(writer.end_length32(at, "presentation data value item"));
    }
    return {};
}

Result<void> encode_body(Writer& writer, const ReleaseRequest&)
{
    writer.zeros(4);
    return {};
}

Result<void> encode_body(Writer& writer, const ReleaseResponse&)
{
    writer.zeros(4);
    return {};
}

Result<void> encode_body(Writer& writer, const Abort& pdu)
{
    writer.zeros(2);
    writer.u8(static_cast<uint8_t>(pdu.source));
    writer.u8(static_cast<uint8_t>(pdu.reason));
    return {};
}

}  // namespace

PduHeader decode_pdu_header(std::span<const uint8_t, pdu_header_size> bytes)
{
    return PduHeader{bytes[0], load<uint32_t>(bytes.data() + 2, ByteOrder::Big)};
}

Result<Pdu> decode_pdu(uint8_t type, std::span<const uint8_t> body)
{
    switch (static_cast<PduType>(type)) {
    case PduType::AssociateRequest: return decode_associate<AssociateRequest>(PduType::AssociateRequest, body);
    case PduType::AssociateAccept: return decode_associate<AssociateAccept>(PduType::AssociateAccept, body);
    case PduType::AssociateReject: return decode_reject(body);
    case PduType::DataTransfer: return decode_data_transfer(body);
    case PduType::ReleaseRequest: {
        ROENTGEN_TRY(fixed_body(PduType::ReleaseRequest, body));
        return ReleaseRequest{};
    }
    case PduType::ReleaseResponse: {
        ROENTGEN_TRY(fixed_body(PduType::ReleaseResponse, body));
        return ReleaseResponse{};
    }
    case PduType::Abort: return decode_abort(body);
    }
    return make_error(Errc::Unsupported, fmt::format("unknown PDU type {:02X}h (PS3.8 9.3.1)", type));
}

Result<Pdu> decode_pdu(std::span<const uint8_t> pdu)
{
    if (pdu.size() < pdu_header_size)
        return make_error(Errc::Truncated,
                          fmt::format("PDU header needs {} bytes, {} given", pdu_header_size, pdu.size()));
    const PduHeader header = decode_pdu_header(pdu.first<pdu_header_size>());
    const size_t follows = pdu.size() - pdu_header_size;
    if (follows != header.length)
        return make_error(follows < header.length ? Errc::Truncated : Errc::Malformed,
                          fmt::format("PDU type {:02X}h: PDU-length is {} but {} bytes follow the header",
                                      header.type, header.length, follows));
    return decode_pdu(header.type, pdu.subspan(pdu_header_size));
}

Result<std::vector<uint8_t>> encode_pdu(const Pdu& pdu)
{
    const PduType type = pdu_type(pdu);
    Writer writer;
    writer.u8(static_cast<uint8_t>(type));
    writer.u8(0);
    const size_t length = writer.begin_length32();
    auto body = std::visit([&](const auto& alternative) { return encode_body(writer, alternative); }, pdu);
    if (body)
        body = writer.end_length32(length, "PDU");
    if (!body)
        return add_context(std::move(body).error(), fmt::format("encoding {}", pdu_name(type)));
    return std::move(writer.bytes());
}

void encode_data_transfer_header(std::span<uint8_t, 12> out, uint8_t context_id, uint8_t message_control_header,
                                 uint32_t data_length)
{
    ROENTGEN_ASSERT(data_length <= std::numeric_limits<uint32_t>::max() - 6);
    out[0] = static_cast<uint8_t>(PduType::DataTransfer);
    out[1] = 0;
    store<uint32_t>(out.data() + 2, data_length + 6, ByteOrder::Big);
    store<uint32_t>(out.data() + 6, data_length + 2, ByteOrder::Big);
    out[10] = context_id;
    out[11] = message_control_header;
}

}  // namespace roentgen::net
