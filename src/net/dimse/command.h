// net/dimse/command.h — a DIMSE command set (group 0000): typed fields, encoding and validated decoding.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "dict/tag.h"
#include "dict/vr.h"
#include "model/data_set.h"
#include "net/dimse/command_field.h"

namespace roentgen::net {

/// Priority (0000,0700) of C-STORE, C-FIND, C-GET and C-MOVE requests (PS3.7 E.1-1).
enum class Priority : uint16_t { Medium = 0x0000, High = 0x0001, Low = 0x0002 };

/// Whether a message carries a data set after its command set (Command Data Set Type, PS3.7 E.1-1).
enum class DataSetPresence { Absent, Present };

/// Command Data Set Type (0000,0800) values. PS3.7 E.1-1: 0101H means no data set, any other value
/// means one follows; we write 0001H for "present", as DCMTK does.
inline constexpr uint16_t command_data_set_absent = 0x0101;
inline constexpr uint16_t command_data_set_present = 0x0001;

/// The sub-operation counts (0000,1020)–(0000,1023) of C-GET and C-MOVE responses; which ones are
/// present depends on the status (PS3.4 C.4.2.1.6–C.4.2.1.9).
struct SubOperations {
    std::optional<uint16_t> remaining;
    std::optional<uint16_t> completed;
    std::optional<uint16_t> failed;
    std::optional<uint16_t> warning;
    bool operator==(const SubOperations&) const = default;
};

/// A command set (group 0000) as carried in command PDVs: always Implicit VR Little Endian
/// (PS3.7 6.3.1). The elements are the source of truth; the getters read them and say nothing when
/// a field is absent (or, for integers, not a 2-byte US value). String values are stored padded to
/// even length as they are encoded.
struct Command {
    DataSet elements;

    /// Command Field (0000,0100). Every command from decode_command() or a builder has a known one;
    /// asserts otherwise (a bug).
    CommandField field() const;
    /// Message ID (0000,0110): in every request but C-CANCEL-RQ.
    std::optional<uint16_t> message_id() const;
    /// Message ID Being Responded To (0000,0120): in every response, and in C-CANCEL-RQ the ID of
    /// the request to cancel.
    std::optional<uint16_t> message_id_being_responded_to() const;
    /// Status (0000,0900) of a response; see status.h.
    std::optional<uint16_t> status() const;

    std::optional<std::string_view> affected_sop_class_uid() const;
    std::optional<std::string_view> affected_sop_instance_uid() const;
    std::optional<std::string_view> requested_sop_class_uid() const;
    std::optional<std::string_view> requested_sop_instance_uid() const;
    /// The Affected SOP Class UID, else the Requested one (N-GET, N-SET, N-ACTION, N-DELETE requests).
    std::optional<std::string_view> sop_class_uid() const;
    /// The Affected SOP Instance UID, else the Requested one.
    std::optional<std::string_view> sop_instance_uid() const;

    /// Priority (0000,0700); a value outside 0–2 is returned as it is.
    std::optional<Priority> priority() const;
    /// Move Destination (0000,0600) of C-MOVE-RQ: the AE title that receives the C-STOREs.
    std::optional<std::string_view> move_destination() const;
    /// Move Originator Application Entity Title (0000,1030) of a C-STORE-RQ made for a C-MOVE.
    std::optional<std::string_view> move_originator_ae_title() const;
    /// Move Originator Message ID (0000,1031): the Message ID of that C-MOVE-RQ.
    std::optional<uint16_t> move_originator_message_id() const;
    /// Event Type ID (0000,1002) of N-EVENT-REPORT.
    std::optional<uint16_t> event_type_id() const;
    /// Action Type ID (0000,1008) of N-ACTION.
    std::optional<uint16_t> action_type_id() const;
    /// Attribute Identifier List (0000,1005) of N-GET-RQ (and of some failure statuses); empty
    /// when absent (N-GET then asks for every attribute, PS3.7 10.1.2.1.4).
    std::vector<Tag> attribute_identifier_list() const;
    SubOperations sub_operations() const;

    /// Error Comment (0000,0902): free text (LO, at most 64 characters) on a warning or failure.
    std::optional<std::string_view> error_comment() const;
    /// Offending Element (0000,0901): the tags a warning or failure refers to; empty when absent.
    std::vector<Tag> offending_elements() const;
    /// Error ID (0000,0903): an implementation-specific code on a warning or failure.
    std::optional<uint16_t> error_id() const;

    /// True unless Command Data Set Type (0000,0800) is 0101H (PS3.7 E.1-1); false when absent.
    bool has_data_set() const;

    void set_data_set_presence(DataSetPresence presence);
    /// Writes the counts that are present and removes the ones that are not.
    void set_sub_operations(const SubOperations& counts);
    /// Sets Error Comment; callers keep it within LO's 64 characters and free of backslashes.
    void set_error_comment(std::string_view comment);
    void set_offending_elements(std::span<const Tag> tags);
    void set_error_id(uint16_t id);
    void set_attribute_identifier_list(std::span<const Tag> tags);

    /// A US value of one element, nothing when absent or not 2 bytes long.
    std::optional<uint16_t> find_us(Tag tag) const;
    /// A string value without its padding, nothing when absent or empty.
    std::optional<std::string_view> find_text(Tag tag) const;
    void set_us(Tag tag, uint16_t value);
    /// Sets a string element, padded to even length with the VR's padding (NUL for UI, PS3.5 6.2).
    void set_text(Tag tag, VR vr, std::string_view value);

    bool operator==(const Command&) const = default;
};

/// The fields PS3.7 requires in a command (9.3, 10.3 and the service definitions of 9.1 and 10.1,
/// mandatory "M" parameters), in tag order; Command Group Length is not among them.
std::span<const Tag> required_fields(CommandField field);

/// Checks what decode_command() checks beyond the bytes: a known Command Field, every required
/// field present with a value, US fields 2 bytes long, and a data set where PS3.7 demands one
/// (C-STORE, C-FIND, C-GET, C-MOVE and N-SET requests). Errors are Errc::Malformed and name the
/// message and the field: "C-STORE-RQ lacks Affected SOP Instance UID (0000,1000)".
[[nodiscard]] Result<void> validate_command(const Command& command);

/// Encodes with (0000,0000) Command Group Length computed, elements in tag order, Implicit VR
/// Little Endian, every value padded to even length.
std::vector<uint8_t> encode_command(const Command& command);

/// Decodes a whole command set (the reassembled command fragments of one message) and validates it
/// (see validate_command()). Command Group Length, when present, must equal the bytes that follow
/// it; a missing one is tolerated (some peers omit it). Elements outside group 0000, sequences and
/// bytes past the last element are errors. Every error is Errc::Malformed.
[[nodiscard]] Result<Command> decode_command(std::span<const uint8_t> bytes);

/// One line for logs: "C-STORE-RQ id=3 CT Image Storage 1.2.3", "C-FIND-RSP id=7 status=FF00H
/// (Pending: …) Study Root Query/Retrieve Information Model - FIND with data set".
std::string describe(const Command& command);

} // namespace roentgen::net
