// tests/dict/vr_test.cpp — every VR of PS3.5 Table 6.2-1: names, length field size (7.1.2), classes.
#include "dict/vr.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace roentgen {
namespace {

// PS3.5 Table 6.2-1, in the table's order.
const char* const all_vr_names[] = {
    "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV",
    "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
};

VR vr(const char* name)
{
    auto parsed = parse_vr(name);
    EXPECT_TRUE(parsed) << name;
    return parsed.value_or(VR::None);
}

TEST(VR, EveryNameOfTable6_2_1RoundTrips)
{
    std::set<VR> seen;
    for (const char* name : all_vr_names) {
        auto parsed = parse_vr(name);
        ASSERT_TRUE(parsed) << name;
        EXPECT_EQ(vr_name(*parsed), name);
        EXPECT_TRUE(seen.insert(*parsed).second) << name << " maps to a VR another name has";
        EXPECT_EQ(parse_vr(name[0], name[1]), parsed);
    }
    EXPECT_EQ(seen.size(), 34u);
    EXPECT_EQ(vr_name(VR::None), "");
}

TEST(VR, RejectsWhatIsNotAVR)
{
    for (const char* text : {"", "P", "PNX", "pn", "Pn", "XX", "ZZ", "AA", "OX", "  ", "\x01\x02", "O\xC3"})
        EXPECT_FALSE(parse_vr(std::string_view(text))) << '"' << text << '"';
    EXPECT_FALSE(parse_vr('@', 'A'));
    EXPECT_FALSE(parse_vr('[', 'A'));
    EXPECT_FALSE(parse_vr('A', '['));
}

TEST(VR, LongLengthSetIsThatOf7_1_2)
{
    // PS3.5 7.1.2: these have a 2-byte reserved field and a 32-bit length; every other VR a 16-bit one.
    const std::set<std::string> long_length = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ",
                                               "SV", "UC", "UN", "UR", "UT", "UV"};
    for (const char* name : all_vr_names)
        EXPECT_EQ(has_long_length(vr(name)), long_length.count(name) == 1) << name;
}

TEST(VR, StringClasses)
{
    const std::set<std::string> strings = {"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT",
                                           "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"};
    // PS3.5 6.4: backslash separates values except in LT, ST, UT and UR, where it is a character.
    const std::set<std::string> single_valued = {"LT", "ST", "UT", "UR"};
    // PS3.5 6.1.2.3: the VRs Specific Character Set applies to.
    const std::set<std::string> character_set = {"SH", "LO", "ST", "LT", "UC", "UT", "PN"};
    for (const char* name : all_vr_names) {
        VR v = vr(name);
        bool is_str = strings.count(name) == 1;
        EXPECT_EQ(is_string(v), is_str) << name;
        EXPECT_EQ(is_multi_valued_string(v), is_str && single_valued.count(name) == 0) << name;
        EXPECT_EQ(uses_character_set(v), character_set.count(name) == 1) << name;
    }
}

TEST(VR, BinaryAndFixedSizes)
{
    const std::set<std::string> binary = {"OB", "OD", "OF", "OL", "OV", "OW", "UN"};
    for (const char* name : all_vr_names)
        EXPECT_EQ(is_binary(vr(name)), binary.count(name) == 1) << name;

    struct Size {
        const char* name;
        unsigned value_size;
        unsigned swap_unit;
    };
    // PS3.5 Table 6.2-1 fixed lengths; byte swapping works on words of these sizes (PS3.5 7.3).
    const Size sizes[] = {
        {"AT", 4, 2}, {"FL", 4, 4}, {"FD", 8, 8}, {"SL", 4, 4}, {"SS", 2, 2}, {"SV", 8, 8}, {"UL", 4, 4},
        {"US", 2, 2}, {"UV", 8, 8}, {"OB", 0, 0}, {"OW", 0, 2}, {"OL", 0, 4}, {"OF", 0, 4}, {"OD", 0, 8},
        {"OV", 0, 8}, {"UN", 0, 0}, {"SQ", 0, 0}, {"LO", 0, 0}, {"DS", 0, 0}, {"UI", 0, 0},
    };
    for (const auto& s : sizes) {
        EXPECT_EQ(value_size(vr(s.name)), s.value_size) << s.name;
        EXPECT_EQ(swap_unit(vr(s.name)), s.swap_unit) << s.name;
    }
}

TEST(VR, PaddingByte)
{
    // PS3.5 6.2: UI pads with NUL, other strings with a space; binary values with NUL (PS3.5 7.1).
    EXPECT_EQ(padding_byte(VR::UI), '\0');
    EXPECT_EQ(padding_byte(VR::OB), '\0');
    EXPECT_EQ(padding_byte(VR::UN), '\0');
    for (const char* name :
         {"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UR", "UT"})
        EXPECT_EQ(padding_byte(vr(name)), ' ') << name;
}

} // namespace
} // namespace roentgen
