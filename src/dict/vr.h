// dict/vr.h — the value representations of PS3.5 6.2 and their encoding properties.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace roentgen {

/// Every VR of PS3.5 Table 6.2-1. `None` marks items and delimiters, which have no VR.
enum class VR : uint8_t {
    None,
    AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW,
    PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV,
};

/// "PN" for VR::PN; "" for VR::None.
std::string_view vr_name(VR vr);
/// The VR spelled by two characters, or nothing if they spell none.
std::optional<VR> parse_vr(char first, char second);
inline std::optional<VR> parse_vr(std::string_view text)
{
    return text.size() == 2 ? parse_vr(text[0], text[1]) : std::nullopt;
}

/// PS3.5 7.1.2: these VRs use a 2-byte reserved field and a 4-byte length in explicit VR.
bool has_long_length(VR vr);
/// Character string VRs (their values are text, padded with a space; UI with NUL).
bool is_string(VR vr);
/// String VRs whose value may hold several values separated by backslash (PS3.5 6.4).
bool is_multi_valued_string(VR vr);
/// String VRs decoded with the Specific Character Set (PS3.5 6.1.2.3): SH LO ST LT UC UT PN.
bool uses_character_set(VR vr);
/// OB OD OF OL OV OW UN: raw byte or word arrays.
bool is_binary(VR vr);
/// Byte size of one value for fixed-size binary VRs (AT 4, FD 8, …); 0 for the others.
unsigned value_size(VR vr);
/// Word size to swap when changing byte order (OW 2, OF 4, AT 2, …); 0 or 1 means none.
unsigned swap_unit(VR vr);
/// Padding byte to reach even length: NUL for UI and binary VRs, space for other strings.
char padding_byte(VR vr);

}  // namespace roentgen
