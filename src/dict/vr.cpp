// dict/vr.cpp — VR names and encoding properties (PS3.5 Table 6.2-1, 7.1.2).
#include "dict/vr.h"

#include <array>

namespace roentgen {

namespace {
constexpr std::array<std::string_view, 35> names = {
    "",   "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO",
    "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS",
    "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
};
}  // namespace

std::string_view vr_name(VR vr) { return names[static_cast<size_t>(vr)]; }

std::optional<VR> parse_vr(char first, char second)
{
    // A perfect lookup over the 34 names; a 26x26 table built once.
    static const auto table = [] {
        std::array<uint8_t, 26 * 26> t{};
        for (size_t i = 1; i < names.size(); ++i)
            t[size_t(names[i][0] - 'A') * 26 + size_t(names[i][1] - 'A')] = uint8_t(i);
        return t;
    }();
    if (first < 'A' || first > 'Z' || second < 'A' || second > 'Z')
        return std::nullopt;
    uint8_t index = table[size_t(first - 'A') * 26 + size_t(second - 'A')];
    if (index == 0)
        return std::nullopt;
    return static_cast<VR>(index);
}

bool has_long_length(VR vr)
{
    switch (vr) {
    case VR::OB: case VR::OD: case VR::OF: case VR::OL: case VR::OV: case VR::OW:
    case VR::SQ: case VR::SV: case VR::UC: case VR::UN: case VR::UR: case VR::UT: case VR::UV:
        return true;
    default:
        return false;
    }
}

bool is_string(VR vr)
{
    switch (vr) {
    case VR::AE: case VR::AS: case VR::CS: case VR::DA: case VR::DS: case VR::DT: case VR::IS:
    case VR::LO: case VR::LT: case VR::PN: case VR::SH: case VR::ST: case VR::TM: case VR::UC:
    case VR::UI: case VR::UR: case VR::UT:
        return true;
    default:
        return false;
    }
}

bool is_multi_valued_string(VR vr)
{
    return is_string(vr) && vr != VR::LT && vr != VR::ST && vr != VR::UT && vr != VR::UR;
}

bool uses_character_set(VR vr)
{
    switch (vr) {
    case VR::SH: case VR::LO: case VR::ST: case VR::LT: case VR::UC: case VR::UT: case VR::PN:
        return true;
    default:
        return false;
    }
}

bool is_binary(VR vr)
{
    switch (vr) {
    case VR::OB: case VR::OD: case VR::OF: case VR::OL: case VR::OV: case VR::OW: case VR::UN:
        return true;
    default:
        return false;
    }
}

unsigned value_size(VR vr)
{
    switch (vr) {
    case VR::US: case VR::SS: return 2;
    case VR::UL: case VR::SL: case VR::FL: case VR::AT: return 4;
    case VR::FD: case VR::SV: case VR::UV: return 8;
    default: return 0;
    }
}

unsigned swap_unit(VR vr)
{
    switch (vr) {
    case VR::US: case VR::SS: case VR::OW: case VR::AT: return 2;
    case VR::UL: case VR::SL: case VR::FL: case VR::OF: case VR::OL: return 4;
    case VR::FD: case VR::SV: case VR::UV: case VR::OD: case VR::OV: return 8;
    default: return 0;
    }
}

char padding_byte(VR vr) { return (vr == VR::UI || !is_string(vr)) ? '\0' : ' '; }

}  // namespace roentgen
