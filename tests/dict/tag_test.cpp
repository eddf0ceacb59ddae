// tests/dict/tag_test.cpp — Tag ordering, classification (PS3.5 7.1, 7.8), formatting and parsing.
#include "dict/tag.h"

#include <gtest/gtest.h>

#include "dict/generated/tags.h"

namespace roentgen {
namespace {

TEST(Tag, PacksGroupAndElement)
{
    Tag t(0x0010, 0x0020);
    EXPECT_EQ(t.value, 0x00100020u);
    EXPECT_EQ(t.group(), 0x0010);
    EXPECT_EQ(t.element(), 0x0020);
    EXPECT_EQ(Tag(0x7FE00010u), Tag(0x7FE0, 0x0010));
    EXPECT_EQ(Tag(0xFFFE, 0xE000).group(), 0xFFFE);
    EXPECT_EQ(Tag(0xFFFE, 0xE000).element(), 0xE000);
}

TEST(Tag, OrdersByGroupThenElement)
{
    // PS3.5 7.1: ascending by group, then element — as unsigned numbers, so FFFE sorts last.
    EXPECT_LT(Tag(0x0008, 0xFFFF), Tag(0x0010, 0x0000));
    EXPECT_LT(Tag(0x0010, 0x0010), Tag(0x0010, 0x0020));
    EXPECT_LT(Tag(0x7FE0, 0x0010), Tag(0xFFFE, 0xE000));
    EXPECT_LT(Tag(0x0009, 0x1000), Tag(0x0009, 0x1001));
}

TEST(Tag, ClassifiesPrivateTags)
{
    EXPECT_TRUE(Tag(0x0009, 0x0010).is_private());
    EXPECT_TRUE(Tag(0x0029, 0x1010).is_private());
    EXPECT_TRUE(Tag(0xFFFD, 0x0010).is_private());
    EXPECT_FALSE(Tag(0x0010, 0x0010).is_private());
    // PS3.5 7.8: groups 0001, 0003, 0005, 0007 and FFFF are not private (they shall not be used).
    for (uint16_t g : {0x0001, 0x0003, 0x0005, 0x0007, 0xFFFF})
        EXPECT_FALSE(Tag(g, 0x0010).is_private()) << std::hex << g;

    EXPECT_TRUE(Tag(0x0009, 0x0010).is_private_creator());
    EXPECT_TRUE(Tag(0x0009, 0x00FF).is_private_creator());
    EXPECT_FALSE(Tag(0x0009, 0x000F).is_private_creator());
    EXPECT_FALSE(Tag(0x0009, 0x0100).is_private_creator());
    EXPECT_FALSE(Tag(0x0009, 0x1010).is_private_creator());
    EXPECT_FALSE(Tag(0x0010, 0x0010).is_private_creator()); // PatientName: even group

    EXPECT_TRUE(Tag(0x0008, 0x0000).is_group_length());
    EXPECT_TRUE(Tag(0x0009, 0x0000).is_group_length());
    EXPECT_FALSE(Tag(0x0008, 0x0001).is_group_length());
}

TEST(Tag, FormatsUpperCaseHex)
{
    EXPECT_EQ(to_string(Tag(0x0010, 0x0010)), "(0010,0010)");
    EXPECT_EQ(to_string(Tag(0x7FE0, 0x0010)), "(7FE0,0010)");
    EXPECT_EQ(to_string(Tag(0xFFFE, 0xE0DD)), "(FFFE,E0DD)");
    EXPECT_EQ(to_string(Tag(0, 0)), "(0000,0000)");
    EXPECT_EQ(to_string(tags::PatientName), "(0010,0010)");
}

TEST(Tag, ParsesTheThreeSpellings)
{
    struct Case {
        const char* text;
        uint32_t value;
    };
    const Case cases[] = {
        {"(0010,0010)", 0x00100010}, {"0010,0010", 0x00100010},   {"00100010", 0x00100010}, {"(7fe0,0010)", 0x7FE00010},
        {"7Fe0,001a", 0x7FE0001A},   {"(FFFE,E0DD)", 0xFFFEE0DD}, {"00000000", 0},
    };
    for (const auto& c : cases) {
        auto tag = parse_tag(c.text);
        ASSERT_TRUE(tag) << c.text;
        EXPECT_EQ(tag->value, c.value) << c.text;
    }
}

TEST(Tag, RejectsMalformedText)
{
    const char* bad[] = {
        "",           "()",        "(0010,001)", "0010,00100", "0010;0010",    "(0010,0010",
        "0010,0010)", "0010 0010", "001G0010",   "0x100010",   "(0010,0010) ", " 00100010",
        "0010001",    "001000100", "(00100010",  "0010,-010",  "+0100010",     "PatientName",
    };
    for (const char* text : bad)
        EXPECT_FALSE(parse_tag(text)) << '"' << text << '"';
}

TEST(Tag, FormatAndParseRoundTrip)
{
    for (uint32_t value : {0x00000000u, 0x00020010u, 0x0009ABCDu, 0x60003000u, 0x7FE00010u, 0xFFFEE000u, 0xFFFFFFFFu}) {
        Tag tag(value);
        auto parsed = parse_tag(to_string(tag));
        ASSERT_TRUE(parsed) << to_string(tag);
        EXPECT_EQ(*parsed, tag);
    }
}

} // namespace
} // namespace roentgen
