// encoding/json_xml_values.h — value conversions shared by the DICOM JSON (PS3.18 F.2) and XML (PS3.19 A.1) models.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/character_set.h"
#include "model/data_set.h"

namespace roentgen {

/// One step from the top-level data set down to a nested element: the sequence and the item index
/// (0-based) within it.
struct ItemStep {
    Tag sequence;
    size_t item = 0;
};

/// What a bulk data URI maker is told about a value it is asked to name.
struct BulkDataRequest {
    const Element& element;
    /// The items enclosing the element, outermost first; empty at the top level.
    std::span<const ItemStep> parents;
    /// The value's length in bytes; for encapsulated Pixel Data the whole encapsulated value
    /// (PS3.5 A.4: offset table and fragment items with their item headers).
    uint64_t length = 0;
};

/// Makes the URI under which a large binary value will be served (PS3.18 F.2.6 BulkDataURI,
/// PS3.19 A.1.5 BulkData uri). Its error aborts the write.
using BulkDataUriMaker = std::function<Result<std::string>(const BulkDataRequest&)>;

/// What to do with an IS or DS value that is not a number, or a binary numeric value whose
/// length is not a whole number of values (PS3.5 6.2).
enum class InvalidNumberPolicy {
    /// IS/DS: write the element's values as JSON strings (all of them, trimmed, so that the
    /// array keeps one type), which PS3.18 F.2.3 allows for IS and DS "to preserve the original
    /// format". Binary VRs with a broken length: omit the element.
    AsString,
    /// Leave the element out, as pydicom's to_json_dict(suppress_invalid_tags=True) does.
    OmitElement,
    /// Fail the whole write with an error naming the element.
    Fail,
};

/// Binary VRs whose values are written as InlineBinary or BulkData: OB OD OF OL OV OW UN.
bool is_bulk_vr(VR vr);

/// `value` as the shortest decimal text that reads back as exactly `value`, in the layout of
/// Python's repr(float): "1.0", "0.001", "1e-05", "1.5e+16". Non-finite values give "NaN",
/// "Infinity", "-Infinity".
std::string format_double(double value);
/// A DS value of at most 16 characters (PS3.5 6.2) as close to `value` as that allows. Non-finite
/// values are not DS values; the caller must check.
std::string format_decimal_string(double value);

/// Standard base64 (RFC 4648 section 4) with padding.
std::string base64_encode(std::span<const uint8_t> bytes);
/// Decodes standard base64; whitespace is skipped, padding optional. Errors name the offending offset.
[[nodiscard]] Result<std::vector<uint8_t>> base64_decode(std::string_view text);

/// The bytes of a primitive value, viewed where the source is contiguous, else loaded.
class ValueBytes {
public:
    ValueBytes() = default;
    explicit ValueBytes(std::span<const uint8_t> view) : m_view(view) {}
    explicit ValueBytes(std::vector<uint8_t> owned) : m_owned(std::move(owned)), m_view(m_owned) {}
    ValueBytes(ValueBytes&& other) noexcept;
    ValueBytes& operator=(ValueBytes&& other) noexcept;
    std::span<const uint8_t> span() const { return m_view; }
    std::string_view text() const { return {reinterpret_cast<const char*>(m_view.data()), m_view.size()}; }

private:
    std::vector<uint8_t> m_owned;
    std::span<const uint8_t> m_view;
};

/// The value field of `element`: its bytes (read from the source when not contiguous), or for
/// fragments the encapsulated value of PS3.5 A.4 without the sequence delimiter (item tags and
/// lengths little endian). Empty for sequences.
[[nodiscard]] Result<ValueBytes> value_field(const Element& element);
/// The length value_field() would have, without reading anything.
uint64_t value_field_length(const Element& element);

/// The character set an item uses: its own (0008,0005) if it has one, else `inherited`
/// (PS3.5 7.5.3). An unusable (0008,0005) falls back to `inherited`.
CharacterSet character_set_of(const DataSet& data_set, const CharacterSet& inherited);

/// The values of a string element as UTF-8: decoded with `charset` for SH LO ST LT UC UT PN
/// (PS3.5 6.1.2.3), bytes above 0x7F of the other VRs read as ISO 8859-1; split on backslash for
/// multi-valued VRs (PS3.18 F.2.4) and trimmed of padding as PS3.5 6.2 allows per VR. An empty
/// value gives no values; an empty value between backslashes gives an empty string.
std::vector<std::string> text_values(const Element& element, const CharacterSet& charset);

/// The three component groups of one PN value (PS3.5 6.2.1.2): alphabetic, ideographic, phonetic.
struct PersonNameGroups {
    std::string_view groups[3];
};
PersonNameGroups split_person_name(std::string_view value);

/// One IS or DS value as a JSON number: canonical text ("12", "1.5", "1e-05"), or nothing when
/// the text is not a finite number of that VR (PS3.5 6.2).
std::optional<std::string> number_text(std::string_view value, VR vr);

/// Appends `text` with every invalid UTF-8 sequence replaced by U+FFFD.
void append_valid_utf8(std::string& out, std::string_view text);

}  // namespace roentgen
