// net/dimse/command.cpp — command set fields, the PS3.7 required-field table, encoding and decoding.
#include "net/dimse/command.h"

#include <array>
#include <limits>
#include <memory>

#include <fmt/format.h>

#include "base/assert.h"
#include "base/byte_sink.h"
#include "base/byte_source.h"
#include "dict/dictionary.h"
#include "dict/generated/tags.h"
#include "dict/transfer_syntax.h"
#include "dict/uid_registry.h"
#include "encoding/part10_file.h"
#include "model/element_values.h"
#include "net/dimse/status.h"

namespace roentgen::net {

namespace {

// Implicit VR Little Endian: tag, 32-bit length, value (PS3.5 7.1.3).
constexpr uint64_t element_header_size = 8;

std::vector<Tag> find_tags(const DataSet& elements, Tag tag)
{
    const Element* e = elements.find(tag);
    if (!e)
        return {};
    auto values = tag_values(*e);
    return values ? std::move(*values) : std::vector<Tag>{};
}

void set_tags(DataSet& elements, Tag tag, std::span<const Tag> tags)
{
    std::vector<int64_t> values;
    for (Tag t : tags)
        values.push_back(int64_t(t.value));
    elements.set(Element(tag, VR::AT, encode_integers(VR::AT, values)));
}

void set_optional_us(Command& command, Tag tag, std::optional<uint16_t> value)
{
    if (value)
        command.set_us(tag, *value);
    else
        command.elements.erase(tag);
}

std::string field_label(Tag tag)
{
    const DictionaryEntry* entry = find_entry(tag);
    return fmt::format("{} {}", entry ? entry->name : std::string_view("element"), to_string(tag));
}

} // namespace

CommandField Command::field() const
{
    auto value = find_us(tags::CommandField);
    ROENTGEN_ASSERT(value && find_command_field(*value));
    return static_cast<CommandField>(*value);
}

std::optional<uint16_t> Command::message_id() const
{
    return find_us(tags::MessageID);
}
std::optional<uint16_t> Command::message_id_being_responded_to() const
{
    return find_us(tags::MessageIDBeingRespondedTo);
}
std::optional<uint16_t> Command::status() const
{
    return find_us(tags::Status);
}

std::optional<std::string_view> Command::affected_sop_class_uid() const
{
    return find_text(tags::AffectedSOPClassUID);
}
std::optional<std::string_view> Command::affected_sop_instance_uid() const
{
    return find_text(tags::AffectedSOPInstanceUID);
}
std::optional<std::string_view> Command::requested_sop_class_uid() const
{
    return find_text(tags::RequestedSOPClassUID);
}
std::optional<std::string_view> Command::requested_sop_instance_uid() const
{
    return find_text(tags::RequestedSOPInstanceUID);
}
std::optional<std::string_view> Command::sop_class_uid() const
{
    auto affected = affected_sop_class_uid();
    return affected ? affected : requested_sop_class_uid();
}
std::optional<std::string_view> Command::sop_instance_uid() const
{
    auto affected = affected_sop_instance_uid();
    return affected ? affected : requested_sop_instance_uid();
}

std::optional<Priority> Command::priority() const
{
    auto value = find_us(tags::Priority);
    if (!value)
        return std::nullopt;
    return static_cast<Priority>(*value);
}
std::optional<std::string_view> Command::move_destination() const
{
    return find_text(tags::MoveDestination);
}
std::optional<std::string_view> Command::move_originator_ae_title() const
{
    return find_text(tags::MoveOriginatorApplicationEntityTitle);
}
std::optional<uint16_t> Command::move_originator_message_id() const
{
    return find_us(tags::MoveOriginatorMessageID);
}
std::optional<uint16_t> Command::event_type_id() const
{
    return find_us(tags::EventTypeID);
}
std::optional<uint16_t> Command::action_type_id() const
{
    return find_us(tags::ActionTypeID);
}
std::vector<Tag> Command::attribute_identifier_list() const
{
    return find_tags(elements, tags::AttributeIdentifierList);
}

SubOperations Command::sub_operations() const
{
    return SubOperations{find_us(tags::NumberOfRemainingSuboperations), find_us(tags::NumberOfCompletedSuboperations),
                         find_us(tags::NumberOfFailedSuboperations), find_us(tags::NumberOfWarningSuboperations)};
}

std::optional<std::string_view> Command::error_comment() const
{
    return find_text(tags::ErrorComment);
}
std::vector<Tag> Command::offending_elements() const
{
    return find_tags(elements, tags::OffendingElement);
}
std::optional<uint16_t> Command::error_id() const
{
    return find_us(tags::ErrorID);
}

bool Command::has_data_set() const
{
    auto type = find_us(tags::CommandDataSetType);
    return type && *type != command_data_set_absent;
}

void Command::set_data_set_presence(DataSetPresence presence)
{
    set_us(tags::CommandDataSetType,
           presence == DataSetPresence::Present ? command_data_set_present : command_data_set_absent);
}

void Command::set_sub_operations(const SubOperations& counts)
{
    set_optional_us(*this, tags::NumberOfRemainingSuboperations, counts.remaining);
    set_optional_us(*this, tags::NumberOfCompletedSuboperations, counts.completed);
    set_optional_us(*this, tags::NumberOfFailedSuboperations, counts.failed);
    set_optional_us(*this, tags::NumberOfWarningSuboperations, counts.warning);
}

void Command::set_error_comment(std::string_view comment)
{
    set_text(tags::ErrorComment, VR::LO, comment);
}
void Command::set_offending_elements(std::span<const Tag> tags)
{
    set_tags(elements, tags::OffendingElement, tags);
}
void Command::set_error_id(uint16_t id)
{
    set_us(tags::ErrorID, id);
}
void Command::set_attribute_identifier_list(std::span<const Tag> tags)
{
    set_tags(elements, tags::AttributeIdentifierList, tags);
}

std::optional<uint16_t> Command::find_us(Tag tag) const
{
    const Element* e = elements.find(tag);
    if (!e)
        return std::nullopt;
    auto bytes = e->bytes();
    if (bytes.size() != 2)
        return std::nullopt;
    return uint16_t(bytes[0] | bytes[1] << 8);
}

std::optional<std::string_view> Command::find_text(Tag tag) const
{
    return elements.find_string(tag);
}

void Command::set_us(Tag tag, uint16_t value)
{
    elements.set(Element(tag, VR::US, encode_integers(VR::US, {int64_t(value)})));
}

void Command::set_text(Tag tag, VR vr, std::string_view value)
{
    elements.set(Element(tag, vr, join_string_values(vr, {std::string(value)})));
}

std::span<const Tag> required_fields(CommandField field)
{
    namespace t = tags;
    // Common to all: Command Field and Command Data Set Type; requests add Message ID, responses
    // and C-CANCEL-RQ Message ID Being Responded To, responses Status (PS3.7 9.3, 10.3).
    static constexpr std::array c_store_rq{t::AffectedSOPClassUID, t::CommandField,          t::MessageID, t::Priority,
                                           t::CommandDataSetType,  t::AffectedSOPInstanceUID};
    static constexpr std::array c_find_rq{t::AffectedSOPClassUID, t::CommandField, t::MessageID, t::Priority,
                                          t::CommandDataSetType};
    static constexpr std::array c_move_rq{t::AffectedSOPClassUID, t::CommandField, t::MessageID,
                                          t::MoveDestination,     t::Priority,     t::CommandDataSetType};
    static constexpr std::array c_echo_rq{t::AffectedSOPClassUID, t::CommandField, t::MessageID, t::CommandDataSetType};
    static constexpr std::array c_cancel_rq{t::CommandField, t::MessageIDBeingRespondedTo, t::CommandDataSetType};
    static constexpr std::array n_event_report_rq{t::AffectedSOPClassUID, t::CommandField,           t::MessageID,
                                                  t::CommandDataSetType,  t::AffectedSOPInstanceUID, t::EventTypeID};
    static constexpr std::array n_requested_rq{t::RequestedSOPClassUID, t::CommandField, t::MessageID,
                                               t::CommandDataSetType, t::RequestedSOPInstanceUID};
    static constexpr std::array n_action_rq{
        t::RequestedSOPClassUID,    t::CommandField, t::MessageID, t::CommandDataSetType,
        t::RequestedSOPInstanceUID, t::ActionTypeID};
    static constexpr std::array n_create_rq{t::AffectedSOPClassUID, t::CommandField, t::MessageID,
                                            t::CommandDataSetType};
    static constexpr std::array response{t::CommandField, t::MessageIDBeingRespondedTo, t::CommandDataSetType,
                                         t::Status};
    switch (field) {
    case CommandField::C_STORE_RQ:
        return c_store_rq;
    case CommandField::C_FIND_RQ:
    case CommandField::C_GET_RQ:
        return c_find_rq;
    case CommandField::C_MOVE_RQ:
        return c_move_rq;
    case CommandField::C_ECHO_RQ:
        return c_echo_rq;
    case CommandField::C_CANCEL_RQ:
        return c_cancel_rq;
    case CommandField::N_EVENT_REPORT_RQ:
        return n_event_report_rq;
    case CommandField::N_GET_RQ:
    case CommandField::N_SET_RQ:
    case CommandField::N_DELETE_RQ:
        return n_requested_rq;
    case CommandField::N_ACTION_RQ:
        return n_action_rq;
    case CommandField::N_CREATE_RQ:
        return n_create_rq;
    default:
        return response;
    }
}

namespace {

Result<void> check_value_lengths(const Command& command, std::string_view message)
{
    for (const Element& e : command.elements) {
        const DictionaryEntry* entry = find_entry(e.tag);
        if (!entry || e.tag.is_group_length())
            continue;
        uint64_t length = e.length();
        if (entry->vr == VR::US && length != 2)
            return make_error(Errc::Malformed,
                              fmt::format("{}: {} is {} bytes long, not 2 (US)", message, field_label(e.tag), length));
        if (entry->vr == VR::AT && length % 4 != 0)
            return make_error(Errc::Malformed, fmt::format("{}: {} is {} bytes long, not a multiple of 4 (AT)", message,
                                                           field_label(e.tag), length));
    }
    return {};
}

bool requires_data_set(CommandField field)
{
    return field == CommandField::C_STORE_RQ || field == CommandField::C_FIND_RQ || field == CommandField::C_GET_RQ ||
           field == CommandField::C_MOVE_RQ || field == CommandField::N_SET_RQ;
}

} // namespace

Result<void> validate_command(const Command& command)
{
    const Element* field_element = command.elements.find(tags::CommandField);
    if (!field_element)
        return make_error(Errc::Malformed, "command set lacks " + field_label(tags::CommandField));
    auto value = command.find_us(tags::CommandField);
    if (!value)
        return make_error(Errc::Malformed, fmt::format("{} is {} bytes long, not 2 (US)",
                                                       field_label(tags::CommandField), field_element->length()));
    auto field = find_command_field(*value);
    if (!field)
        return make_error(Errc::Malformed, fmt::format("unknown {} {:04X}H", field_label(tags::CommandField), *value));
    std::string_view message = name(*field);
    ROENTGEN_TRY(check_value_lengths(command, message));
    for (Tag tag : required_fields(*field)) {
        const Element* e = command.elements.find(tag);
        if (!e || e->length() == 0 || (e->vr != VR::US && !command.find_text(tag)))
            return make_error(Errc::Malformed, fmt::format("{} lacks {}", message, field_label(tag)));
    }
    if (requires_data_set(*field) && !command.has_data_set())
        return make_error(Errc::Malformed, fmt::format("{} has {} 0101H (no data set), but PS3.7 requires one", message,
                                                       field_label(tags::CommandDataSetType)));
    return {};
}

std::vector<uint8_t> encode_command(const Command& command)
{
    DataSet elements = command.elements;
    // The writer recomputes a 4-byte group length from the elements that follow it (PS3.5 7.2).
    elements.set(Element(tags::CommandGroupLength, VR::UL, std::string(4, '\0')));
    VectorSink sink;
    auto written = write_data_set(elements, transfer_syntaxes::implicit_vr_little_endian(), sink);
    // Writing primitive values of a few bytes into memory cannot fail.
    ROENTGEN_ASSERT(written.has_value());
    return std::move(sink.bytes());
}

namespace {

Result<void> check_layout(const DataSet& elements, uint64_t size)
{
    uint64_t total = 0;
    uint64_t command_group = 0;  // bytes of group 0000 elements after the group length
    std::optional<uint64_t> group_length;
    for (const Element& e : elements) {
        if (e.is_sequence() || e.is_fragments())
            return make_error(Errc::Malformed, to_string(e.tag) + ": a command set holds no sequences");
        total += element_header_size + e.length();
        // PS3.7 6.3.1 has group 0000 only, but DCMTK (and Orthanc) append status detail such as
        // Failed SOP Instance UID List (0008,0058) to C-GET/C-MOVE responses: tolerated, outside
        // the group length.
        if (e.tag.group() == 0x0000 && e.tag != tags::CommandGroupLength)
            command_group += element_header_size + e.length();
        if (e.tag == tags::CommandGroupLength) {
            auto bytes = e.bytes();
            if (bytes.size() != 4)
                return make_error(Errc::Malformed,
                                  fmt::format("{} is {} bytes long, not 4 (UL)", field_label(e.tag), bytes.size()));
            group_length =
                uint64_t(bytes[0]) | uint64_t(bytes[1]) << 8 | uint64_t(bytes[2]) << 16 | uint64_t(bytes[3]) << 24;
        }
    }
    // The parser drops repeated elements and tolerates trailing zeros; neither belongs in a command.
    if (total != size)
        return make_error(Errc::Malformed,
                          fmt::format("the elements account for {} of the command set's {} bytes (bytes after "
                                      "the last element, or an element repeated)",
                                      total, size));
    uint64_t following = command_group;
    if (group_length && *group_length != following)
        return make_error(Errc::Malformed,
                          fmt::format("{} says {} bytes, but {} follow it", field_label(tags::CommandGroupLength),
                                      *group_length, following));
    return {};
}

} // namespace

Result<Command> decode_command(std::span<const uint8_t> bytes)
{
    auto source = std::make_shared<MemorySource>(std::vector<uint8_t>(bytes.begin(), bytes.end()), "command set");
    ReadOptions options;
    options.bulk_threshold = std::numeric_limits<uint64_t>::max(); // keep every value in the Command
    auto read = read_data_set(source, transfer_syntaxes::implicit_vr_little_endian(), options);
    if (!read)
        return make_error(Errc::Malformed, "decoding command set: " + read.error().message);
    Command command{std::move(*read)};
    if (auto layout = check_layout(command.elements, bytes.size()); !layout)
        return make_error(Errc::Malformed, "decoding command set: " + layout.error().message);
    if (auto valid = validate_command(command); !valid)
        return make_error(Errc::Malformed, "decoding command set: " + valid.error().message);
    return command;
}

namespace {

std::string uid_label(std::string_view uid)
{
    const UidEntry* entry = find_uid(uid);
    return entry ? std::string(entry->name) : std::string(uid);
}

} // namespace

std::string describe(const Command& command)
{
    auto value = command.find_us(tags::CommandField);
    if (!value || !find_command_field(*value))
        return "command set without a known Command Field";
    CommandField field = static_cast<CommandField>(*value);
    std::string out(name(field));
    auto id = is_response(field) || field == CommandField::C_CANCEL_RQ ? command.message_id_being_responded_to()
                                                                       : command.message_id();
    if (id)
        out += fmt::format(" id={}", *id);
    if (auto status = command.status()) {
        auto meaning = status_name(*status, field);
        out += fmt::format(" status={:04X}H ({})", *status, meaning.empty() ? name(status_category(*status)) : meaning);
    }
    if (auto uid = command.sop_class_uid())
        out += " " + uid_label(*uid);
    if (auto uid = command.sop_instance_uid())
        out += fmt::format(" {}", *uid);
    if (auto destination = command.move_destination())
        out += fmt::format(" to {}", *destination);
    auto counts = command.sub_operations();
    if (counts != SubOperations{})
        out += fmt::format(" remaining={} completed={} failed={} warning={}", counts.remaining.value_or(0),
                           counts.completed.value_or(0), counts.failed.value_or(0), counts.warning.value_or(0));
    if (auto comment = command.error_comment())
        out += fmt::format(" \"{}\"", *comment);
    // Messages that always carry a data set do not say so.
    if (command.has_data_set() && !requires_data_set(field))
        out += " with data set";
    return out;
}

} // namespace roentgen::net
