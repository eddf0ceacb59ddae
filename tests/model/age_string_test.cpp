// tests/model/age_string_test.cpp — AS values: parse, format, approximate days.
#include "model/age_string.h"

#include <gtest/gtest.h>

namespace roentgen {
namespace {

TEST(AgeString, ParsesEveryUnit)
{
    struct Case {
        const char* text;
        int count;
        AgeUnit unit;
    };
    const Case cases[] = {
        {"000D", 0, AgeUnit::Days},   {"006W", 6, AgeUnit::Weeks},   {"018M", 18, AgeUnit::Months},
        {"045Y", 45, AgeUnit::Years}, {"999Y", 999, AgeUnit::Years}, {"100D", 100, AgeUnit::Days},
    };
    for (const auto& c : cases) {
        auto age = parse_age(c.text);
        ASSERT_TRUE(age) << c.text << ": " << age.error().message;
        EXPECT_EQ(age->count, c.count) << c.text;
        EXPECT_EQ(age->unit, c.unit) << c.text;
        EXPECT_EQ(to_string(*age), c.text);
    }
}

TEST(AgeString, FormatsWithThreeDigits)
{
    EXPECT_EQ(to_string(Age{7, AgeUnit::Days}), "007D");
    EXPECT_EQ(to_string(Age{52, AgeUnit::Weeks}), "052W");
    EXPECT_EQ(to_string(Age{0, AgeUnit::Months}), "000M");
    EXPECT_EQ(to_string(Age{123, AgeUnit::Years}), "123Y");
}

TEST(AgeString, ErrorsNameTheValue)
{
    struct Case {
        const char* text;
        const char* expected;
    };
    const Case cases[] = {
        {"45Y", "AS value \"45Y\" must be 4 characters"},
        {"045", "AS value \"045\" must be 4 characters"},
        {"0045Y", "must be 4 characters"},
        {"", "must be 4 characters"},
        {"045y", "AS value \"045y\" has unit 'y'; units are D, W, M and Y"},
        {"045X", "has unit 'X'"},
        {"04 Y", "must start with 3 digits"},
        {"-45Y", "must start with 3 digits"},
        {"Y045", "must start with 3 digits"},
    };
    for (const auto& c : cases) {
        auto age = parse_age(c.text);
        ASSERT_FALSE(age) << c.text;
        EXPECT_EQ(age.error().code, Errc::Malformed);
        EXPECT_NE(age.error().message.find(c.expected), std::string::npos) << age.error().message;
    }
}

TEST(AgeString, DifferentUnitsAreDifferentValues)
{
    EXPECT_NE(*parse_age("012M"), *parse_age("001Y"));
    EXPECT_EQ(*parse_age("012M"), (Age{12, AgeUnit::Months}));
}

TEST(AgeString, ApproximateDaysSortsAcrossUnits)
{
    EXPECT_EQ(parse_age("010D")->approximate_days(), 10.0);
    EXPECT_EQ(parse_age("002W")->approximate_days(), 14.0);
    EXPECT_NEAR(parse_age("012M")->approximate_days(), parse_age("001Y")->approximate_days(), 1e-9);
    EXPECT_NEAR(parse_age("001Y")->approximate_days(), 365.2425, 1e-9);
    EXPECT_LT(parse_age("051W")->approximate_days(), parse_age("001Y")->approximate_days());
    EXPECT_GT(parse_age("053W")->approximate_days(), parse_age("001Y")->approximate_days());
    EXPECT_LT(parse_age("030D")->approximate_days(), parse_age("001M")->approximate_days());
}

} // namespace
} // namespace roentgen
