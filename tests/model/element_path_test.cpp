// tests/model/element_path_test.cpp — keys by keyword, tag and path through sequence items; lookup and creation.
#include <gtest/gtest.h>

#include "dict/generated/tags.h"
#include "model/data_set.h"
#include "model/element_path.h"

namespace roentgen {
namespace {

TEST(ElementPath, KeywordAndEveryTagForm)
{
    for (const char* key : {"PatientName", "(0010,0010)", "0010,0010", "00100010", "(0010,0010)"}) {
        auto path = parse_element_path(key);
        ASSERT_TRUE(path) << key << ": " << path.error().message;
        ASSERT_EQ(path->steps.size(), 1u) << key;
        EXPECT_EQ(path->tag(), tags::PatientName) << key;
        EXPECT_FALSE(path->steps[0].item.has_value()) << key;
    }
    auto private_tag = parse_element_path("(0009,1001)");
    ASSERT_TRUE(private_tag);
    EXPECT_EQ(private_tag->tag(), Tag(0x0009, 0x1001));
}

TEST(ElementPath, PathThroughItems)
{
    auto path = parse_element_path("ReferencedSeriesSequence[2].(0008,1140)[0].ReferencedSOPInstanceUID");
    ASSERT_TRUE(path) << path.error().message;
    ASSERT_EQ(path->steps.size(), 3u);
    EXPECT_EQ(path->steps[0].tag, tags::ReferencedSeriesSequence);
    EXPECT_EQ(path->steps[0].item, 2u);
    EXPECT_EQ(path->steps[1].tag, tags::ReferencedImageSequence);
    EXPECT_EQ(path->steps[1].item, 0u);
    EXPECT_EQ(path->tag(), tags::ReferencedSOPInstanceUID);
}

TEST(ElementPath, ErrorsNameThePartThatIsWrong)
{
    for (const char* key : {"NoSuchKeyword", "ReferencedSeriesSequence[0].Nope", "(0010,00G0)", "PatientName[x]",
                            "ReferencedSeriesSequence[0]", "", "ReferencedSeriesSequence[0]."}) {
        auto path = parse_element_path(key);
        EXPECT_FALSE(path) << key;
    }
    auto wrong = parse_element_path("ReferencedSeriesSequence[0].Nope");
    ASSERT_FALSE(wrong);
    EXPECT_NE(wrong.error().message.find("Nope"), std::string::npos) << wrong.error().message;
}

TEST(ElementPath, FindAndCreate)
{
    DataSet data_set;
    auto path = parse_element_path("ReferencedSeriesSequence[0].SeriesInstanceUID");
    ASSERT_TRUE(path);
    EXPECT_EQ(find_element(data_set, *path), nullptr);
    EXPECT_FALSE(resolve_parent(data_set, *path, false));
    // Index 0 of a missing sequence: created with one item.
    auto parent = resolve_parent(data_set, *path, true);
    ASSERT_TRUE(parent) << parent.error().message;
    (*parent)->set(Element(tags::SeriesInstanceUID, VR::UI, std::string("1.2")));
    const Element* found = find_element(data_set, *path);
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->raw_text(), "1.2");
    // Index = item count appends; past it is an error.
    auto second = parse_element_path("ReferencedSeriesSequence[1].SeriesInstanceUID");
    ASSERT_TRUE(second);
    ASSERT_TRUE(resolve_parent(data_set, *second, true));
    EXPECT_EQ(data_set.find(tags::ReferencedSeriesSequence)->sequence()->items.size(), 2u);
    auto far = parse_element_path("ReferencedSeriesSequence[5].SeriesInstanceUID");
    ASSERT_TRUE(far);
    EXPECT_FALSE(resolve_parent(data_set, *far, true));
    EXPECT_EQ(data_set.find(tags::ReferencedSeriesSequence)->sequence()->items.size(), 2u);
}

TEST(ElementPath, CharacterSetIsInheritedByItems)
{
    // PS3.5 6.1.2.5.4: an item without (0008,0005) uses its parent's.
    DataSet data_set;
    data_set.set(Element(tags::SpecificCharacterSet, VR::CS, std::string("ISO_IR 100")));
    auto path = parse_element_path("ReferencedSeriesSequence[0].SeriesDescription");
    ASSERT_TRUE(path);
    auto parent = resolve_parent(data_set, *path, true);
    ASSERT_TRUE(parent);
    EXPECT_EQ(specific_character_set_along(data_set, *path), "ISO_IR 100");
    (*parent)->set(Element(tags::SpecificCharacterSet, VR::CS, std::string("ISO_IR 192")));
    EXPECT_EQ(specific_character_set_along(data_set, *path), "ISO_IR 192");
}

}  // namespace
}  // namespace roentgen
