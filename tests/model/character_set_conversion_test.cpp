// tests/model/character_set_conversion_test.cpp — convert_character_set: Latin-1, UTF-8, ISO 2022 JIS, items, failures.
#include "model/character_set_conversion.h"

#include <gtest/gtest.h>

#include "dict/generated/tags.h"

namespace roentgen {
namespace {

Sequence one_item(DataSet data_set)
{
    Sequence sequence;
    sequence.items.push_back(Item{std::move(data_set), LengthEncoding::Undefined});
    return sequence;
}

TEST(CharacterSetConversion, Latin1ToUtf8AndBack)
{
    DataSet latin;
    latin.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 100");
    latin.set_string(tags::PatientName, VR::PN, "M\xfcller^J\xfcrgen");
    latin.set_string(tags::StudyDescription, VR::LO, "K\xf6rper ");
    latin.set_string(tags::StudyInstanceUID, VR::UI, std::string("1.2.3\0", 6));
    auto utf8 = convert_character_set(latin, "ISO_IR 192");
    ASSERT_TRUE(utf8) << utf8.error().message;
    EXPECT_EQ(utf8->find(tags::SpecificCharacterSet)->raw_text(), "ISO_IR 192");
    EXPECT_EQ(utf8->find(tags::PatientName)->raw_text(), "M\xc3\xbcller^J\xc3\xbcrgen ");  // padded to even
    EXPECT_EQ(utf8->find(tags::StudyDescription)->raw_text(), "K\xc3\xb6rper ");
    EXPECT_EQ(utf8->find(tags::StudyInstanceUID)->raw_text(), std::string("1.2.3\0", 6));  // not text of the set
    auto back = convert_character_set(*utf8, "ISO_IR 100");
    ASSERT_TRUE(back);
    EXPECT_EQ(back->find(tags::PatientName)->raw_text(), "M\xfcller^J\xfcrgen ");
    EXPECT_EQ(back->find(tags::SpecificCharacterSet)->raw_text(), "ISO_IR 100");
}

TEST(CharacterSetConversion, Iso2022JapaneseFromUtf8)
{
    DataSet utf8;
    utf8.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 192");
    utf8.set_string(tags::PatientName, VR::PN, "Yamada^Tarou=\xe5\xb1\xb1\xe7\x94\xb0^\xe5\xa4\xaa\xe9\x83\x8e");
    auto jis = convert_character_set(utf8, "\\ISO 2022 IR 87");
    ASSERT_TRUE(jis) << jis.error().message;
    // PS3.5 H.3.1: ESC $ B switches to JIS X 0208 for the ideographic group, ESC ( B back before '^' and the end.
    EXPECT_EQ(jis->find(tags::PatientName)->raw_text(),
              "Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B");
}

TEST(CharacterSetConversion, ItemsAreConvertedAndLoseTheirOwnSet)
{
    DataSet item;
    item.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 148");  // Latin-5
    item.set_string(tags::PatientName, VR::PN, "\xdd\x61");            // Ya with a dotted capital I in Latin-5
    DataSet outer;
    outer.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 100");
    outer.set(Element(tags::OtherPatientIDsSequence, VR::SQ, one_item(item)));
    auto utf8 = convert_character_set(outer, "ISO_IR 192");
    ASSERT_TRUE(utf8) << utf8.error().message;
    const auto& converted = utf8->find(tags::OtherPatientIDsSequence)->sequence()->items.front().data_set;
    EXPECT_FALSE(converted.contains(tags::SpecificCharacterSet));
    EXPECT_EQ(converted.find(tags::PatientName)->raw_text(), "\xc4\xb0" "a ");
}

TEST(CharacterSetConversion, UnrepresentableCharactersFail)
{
    DataSet utf8;
    utf8.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 192");
    utf8.set_string(tags::PatientName, VR::PN, "\xe5\xb1\xb1\xe7\x94\xb0");
    auto latin = convert_character_set(utf8, "ISO_IR 100");
    EXPECT_FALSE(latin);
    auto unknown = convert_character_set(utf8, "ISO_IR 999");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, Errc::Unsupported);
}

}  // namespace
}  // namespace roentgen
