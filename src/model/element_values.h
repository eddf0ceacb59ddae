// model/element_values.h — typed reads of element values: strings split by VM, integers, floats, tags.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/data_set.h"

namespace roentgen {

/// The values of a string element split on backslash (PS3.5 6.4) for VRs that allow several,
/// each with its padding removed: trailing spaces (and NUL for UI, PS3.5 6.2), leading spaces too
/// for VRs where they are not significant. Bytes are raw: not decoded from the character set.
/// An empty value gives no values.
std::vector<std::string_view> string_values(const Element& element);
/// `raw` split and trimmed as string_values() does for `vr`.
std::vector<std::string_view> split_string_values(std::string_view raw, VR vr);
/// One value with its padding removed as string_values() does for `vr`: trailing spaces and NULs,
/// and leading spaces except in LT, ST, UT, UR and UC (PS3.5 6.2).
inline std::string_view trim_string_value(std::string_view value, VR vr)
{
    while (!value.empty() && (value.back() == ' ' || value.back() == '\0'))
        value.remove_suffix(1);
    if (vr != VR::LT && vr != VR::ST && vr != VR::UT && vr != VR::UR && vr != VR::UC)
        while (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);
    return value;
}
/// Calls `visit(std::string_view)` on each value split_string_values() would return, in order,
/// without allocating (for hot loops such as listings); returns how many there were.
template <typename Visit> size_t for_each_string_value(std::string_view raw, VR vr, Visit&& visit)
{
    if (trim_string_value(raw, vr).empty())
        return 0;
    if (!is_multi_valued_string(vr) && vr != VR::UN) {
        visit(trim_string_value(raw, vr));
        return 1;
    }
    size_t count = 0;
    while (true) {
        size_t pos = raw.find('\\');
        visit(trim_string_value(raw.substr(0, pos), vr));
        ++count;
        if (pos == std::string_view::npos)
            return count;
        raw.remove_prefix(pos + 1);
    }
}

/// Integers of US, SS, UL, SL, SV, UV, AT-less binary VRs and IS (parsed; PS3.5 6.2 IS rules).
/// Errors name the value that does not parse.
[[nodiscard]] Result<std::vector<int64_t>> integer_values(const Element& element);
/// UV (and UL/US) as unsigned 64-bit, for values past INT64_MAX.
[[nodiscard]] Result<std::vector<uint64_t>> unsigned_values(const Element& element);
/// Floats of FL, FD, OF, OD and DS (parsed), and integers of integer VRs converted.
[[nodiscard]] Result<std::vector<double>> float_values(const Element& element);
/// The tags of an AT element (PS3.5 6.2: group then element, each a 16-bit word).
[[nodiscard]] Result<std::vector<Tag>> tag_values(const Element& element);

/// Parses one IS value (PS3.5 6.2: optional sign, digits, surrounding spaces).
[[nodiscard]] Result<int64_t> parse_integer_string(std::string_view text);
/// Parses one DS value (PS3.5 6.2: fixed or exponential decimal, surrounding spaces).
[[nodiscard]] Result<double> parse_decimal_string(std::string_view text);

/// Raw bytes for a binary numeric VR from values, little endian (US, SS, UL, SL, SV, UV, FL, FD,
/// OB, OW, OL, OV, OF, OD, AT as group<<16|element).
std::string encode_integers(VR vr, const std::vector<int64_t>& values);
std::string encode_floats(VR vr, const std::vector<double>& values);
/// Joins values with backslash and pads to even length with the VR's padding byte.
std::string join_string_values(VR vr, const std::vector<std::string>& values);

}  // namespace roentgen
