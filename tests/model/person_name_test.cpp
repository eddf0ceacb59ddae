// tests/model/person_name_test.cpp — PN component groups and components: parse, format, validate.
#include "model/person_name.h"

#include <gtest/gtest.h>

namespace roentgen {
namespace {

using G = PersonNameGroup;
using C = PersonNameComponent;

TEST(PersonName, SplitsComponents)
{
    auto pn = PersonName::parse("Adams^John Robert Quincy^^Rev.^B.A. M.Div.");
    ASSERT_TRUE(pn) << pn.error().message;
    EXPECT_EQ(pn->family(), "Adams");
    EXPECT_EQ(pn->given(), "John Robert Quincy");
    EXPECT_EQ(pn->component(G::Alphabetic, C::Middle), "");
    EXPECT_EQ(pn->component(G::Alphabetic, C::Prefix), "Rev.");
    EXPECT_EQ(pn->component(G::Alphabetic, C::Suffix), "B.A. M.Div.");
    EXPECT_TRUE(pn->group(G::Ideographic).empty());
    EXPECT_TRUE(pn->group(G::Phonetic).empty());
}

TEST(PersonName, SplitsGroups)
{
    // PS3.5 H.3.1 (Japanese): alphabetic, ideographic and phonetic groups.
    auto pn = PersonName::parse("Yamada^Tarou=山田^太郎=やまだ^たろう");
    ASSERT_TRUE(pn) << pn.error().message;
    EXPECT_EQ(pn->family(), "Yamada");
    EXPECT_EQ(pn->component(G::Ideographic, C::Family), "山田");
    EXPECT_EQ(pn->component(G::Ideographic, C::Given), "太郎");
    EXPECT_EQ(pn->group(G::Phonetic).family(), "やまだ");
    EXPECT_EQ(pn->group(G::Phonetic).given(), "たろう");
    EXPECT_EQ(to_string(*pn), "Yamada^Tarou=山田^太郎=やまだ^たろう");
}

TEST(PersonName, KeepsEmptyInteriorGroups)
{
    auto pn = PersonName::parse("Hong^Gildong==홍^길동");
    ASSERT_TRUE(pn) << pn.error().message;
    EXPECT_TRUE(pn->group(G::Ideographic).empty());
    EXPECT_EQ(pn->component(G::Phonetic, C::Family), "홍");
    EXPECT_EQ(to_string(*pn), "Hong^Gildong==홍^길동");

    auto ideographic_only = PersonName::parse("=山田^太郎");
    ASSERT_TRUE(ideographic_only);
    EXPECT_TRUE(ideographic_only->group(G::Alphabetic).empty());
    EXPECT_EQ(to_string(*ideographic_only), "=山田^太郎");
}

TEST(PersonName, FormatDropsTrailingEmptyComponentsAndGroups)
{
    struct Case {
        const char* in;
        const char* out;
    };
    const Case cases[] = {
        {"Smith^John^^^", "Smith^John"},
        {"Smith^^^^", "Smith"},
        {"Smith^John==", "Smith^John"},
        {"Smith^John=^=", "Smith^John"},
        {"^John", "^John"}, // leading empty components stay: they place the others
        {"^^^Dr", "^^^Dr"},
        {"Smith^John ", "Smith^John"}, // trailing padding
        {"", ""},
        {"==", ""},
        {"Smith^ John", "Smith^ John"}, // spaces inside components are data
    };
    for (const auto& c : cases) {
        auto pn = PersonName::parse(c.in);
        ASSERT_TRUE(pn) << c.in;
        EXPECT_EQ(to_string(*pn), c.out) << "from \"" << c.in << "\"";
    }
}

TEST(PersonName, ParseErrorsNameTheValue)
{
    auto groups = PersonName::parse("A=B=C=D");
    ASSERT_FALSE(groups);
    EXPECT_EQ(groups.error().message,
              "PN value \"A=B=C=D\" has more than 3 component groups (alphabetic=ideographic=phonetic)");

    auto components = PersonName::parse("A^B^C^D^E^F");
    ASSERT_FALSE(components);
    EXPECT_EQ(components.error().message, "PN value \"A^B^C^D^E^F\" has more than 5 components in its alphabetic "
                                          "group (family^given^middle^prefix^suffix)");

    auto phonetic = PersonName::parse("A==a^b^c^d^e^f");
    ASSERT_FALSE(phonetic);
    EXPECT_NE(phonetic.error().message.find("in its phonetic group"), std::string::npos);

    auto several = PersonName::parse("Smith^John\\Doe^Jane");
    ASSERT_FALSE(several);
    EXPECT_NE(several.error().message.find("holds several values"), std::string::npos);

    EXPECT_TRUE(PersonName::parse("A^B^C^D^E=A^B^C^D^E=A^B^C^D^E"));
}

TEST(PersonName, SetComponentAndFormat)
{
    PersonName pn;
    EXPECT_TRUE(pn.empty());
    EXPECT_EQ(to_string(pn), "");
    pn.set_component(G::Alphabetic, C::Given, "John");
    EXPECT_FALSE(pn.empty());
    EXPECT_EQ(to_string(pn), "^John");
    pn.set_component(G::Alphabetic, C::Family, "Smith");
    pn.set_component(G::Phonetic, C::Family, "Smyth");
    EXPECT_EQ(to_string(pn), "Smith^John==Smyth");
    pn.group(G::Alphabetic)[C::Suffix] = "Jr";
    EXPECT_EQ(to_string(pn), "Smith^John^^^Jr==Smyth");
    EXPECT_EQ(pn, *PersonName::parse("Smith^John^^^Jr==Smyth"));
}

TEST(PersonName, ValidateLimitsEachGroupTo64Characters)
{
    std::string sixty_four(64, 'a');
    EXPECT_TRUE(PersonName::parse(sixty_four)->validate());
    // 30 + '^' + 33 = 64 characters: at the limit.
    EXPECT_TRUE(PersonName::parse(std::string(30, 'a') + "^" + std::string(33, 'b'))->validate());

    auto long_alphabetic = PersonName::parse(std::string(30, 'a') + "^" + std::string(34, 'b'));
    auto result = long_alphabetic->validate();
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, Errc::LimitExceeded);
    EXPECT_NE(result.error().message.find("has 65 characters in its alphabetic group; at most 64"), std::string::npos)
        << result.error().message;

    // Each group has its own limit: three groups of 64 are fine.
    EXPECT_TRUE(PersonName::parse(sixty_four + "=" + sixty_four + "=" + sixty_four)->validate());

    // Characters, not bytes: 64 kanji (192 bytes of UTF-8) pass, 65 do not.
    std::string kanji;
    for (int i = 0; i < 64; ++i)
        kanji += "山";
    EXPECT_TRUE(PersonName::parse("=" + kanji)->validate());
    auto too_long = PersonName::parse("=" + kanji + "山")->validate();
    ASSERT_FALSE(too_long);
    EXPECT_NE(too_long.error().message.find("has 65 characters in its ideographic group"), std::string::npos);

    // Trailing empty components do not count: they are not written.
    EXPECT_TRUE(PersonName::parse(std::string(60, 'a') + "^^^^")->validate());
}

TEST(PersonName, ValidateRejectsDelimitersAndControlsInComponents)
{
    PersonName caret;
    caret.set_component(G::Alphabetic, C::Family, "Smith^John");
    ASSERT_FALSE(caret.validate());
    EXPECT_NE(caret.validate().error().message.find("'^' inside a component of its alphabetic group"),
              std::string::npos);

    PersonName equals;
    equals.set_component(G::Phonetic, C::Given, "a=b");
    ASSERT_FALSE(equals.validate());
    EXPECT_NE(equals.validate().error().message.find("phonetic group"), std::string::npos);

    PersonName backslash;
    backslash.set_component(G::Alphabetic, C::Given, "a\\b");
    EXPECT_FALSE(backslash.validate());

    PersonName newline;
    newline.set_component(G::Alphabetic, C::Family, "Smith\nJohn");
    ASSERT_FALSE(newline.validate());
    EXPECT_NE(newline.validate().error().message.find("control character"), std::string::npos);

    PersonName fine;
    fine.set_component(G::Alphabetic, C::Family, "O'Brien-Smith");
    EXPECT_TRUE(fine.validate());
}

} // namespace
} // namespace roentgen
