// tests/model/uid_generator_test.cpp — 2.25 UIDs (PS3.5 B.2): form, length, uniqueness.
#include <gtest/gtest.h>

#include <set>

#include "model/uid_generator.h"

namespace roentgen {
namespace {

TEST(UidGenerator, TwoTwentyFiveFormWithinSixtyFourCharacters)
{
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        std::string uid = generate_uid();
        ASSERT_TRUE(uid.starts_with("2.25.")) << uid;
        ASSERT_LE(uid.size(), 44u) << uid;
        std::string digits = uid.substr(5);
        ASSERT_FALSE(digits.empty());
        EXPECT_NE(digits[0], '0') << uid;  // PS3.5 9.1: no leading zero in a component
        EXPECT_EQ(digits.find_first_not_of("0123456789"), std::string::npos) << uid;
        seen.insert(uid);
    }
    EXPECT_EQ(seen.size(), 1000u);
}

}  // namespace
}  // namespace roentgen
