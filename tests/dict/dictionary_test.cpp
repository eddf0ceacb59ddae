// tests/dict/dictionary_test.cpp — PS3.6/PS3.7 dictionary lookups by tag and keyword, repeating groups, default VRs.
#include "dict/dictionary.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "dict/generated/tags.h"

namespace roentgen {
namespace {

TEST(Dictionary, FindsPlainTags)
{
    const auto* e = find_entry(Tag(0x0010, 0x0010));
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->keyword, "PatientName");
    EXPECT_EQ(e->name, "Patient's Name");
    EXPECT_EQ(e->vr, VR::PN);
    EXPECT_EQ(e->alternative_vr, VR::None);
    EXPECT_EQ(e->vm, "1");
    EXPECT_FALSE(e->retired);

    const auto* spacing = find_entry(tags::PixelSpacing);
    ASSERT_NE(spacing, nullptr);
    EXPECT_EQ(spacing->vm_min, 2);
    EXPECT_EQ(spacing->vm_max, 2);

    const auto* pixel = find_entry(Tag(0x7FE0, 0x0010));
    ASSERT_NE(pixel, nullptr);
    EXPECT_EQ(pixel->keyword, "PixelData");
    EXPECT_EQ(pixel->vr, VR::OB);
    EXPECT_EQ(pixel->alternative_vr, VR::OW);
}

TEST(Dictionary, ParsesVmForms)
{
    const auto* list = find_entry("ImageType"); // 2-n
    ASSERT_NE(list, nullptr);
    EXPECT_EQ(list->vm_min, 2);
    EXPECT_EQ(list->vm_max, 0);
    EXPECT_EQ(list->vm_step, 1);

    const auto* pairs = find_entry("VerticesOfThePolygonalShutter"); // 2-2n
    ASSERT_NE(pairs, nullptr);
    EXPECT_EQ(pairs->vm_min, 2);
    EXPECT_EQ(pairs->vm_max, 0);
    EXPECT_EQ(pairs->vm_step, 2);

    const auto* triplets = find_entry("CalculatedFrameList"); // 3-3n
    ASSERT_NE(triplets, nullptr);
    EXPECT_EQ(triplets->vm_step, 3);

    const auto* either = find_entry("LUTData"); // "1-n or 1", "US or OW"
    ASSERT_NE(either, nullptr);
    EXPECT_EQ(either->vm, "1-n or 1");
    EXPECT_EQ(either->vm_min, 1);
    EXPECT_EQ(either->vm_max, 0);
    EXPECT_EQ(either->vr, VR::US);
    EXPECT_EQ(either->alternative_vr, VR::OW);

    const auto* three = find_entry("GrayLookupTableData"); // "US or SS or OW"
    ASSERT_NE(three, nullptr);
    EXPECT_EQ(three->vr, VR::US);
    EXPECT_EQ(three->alternative_vr, VR::SS);
    EXPECT_EQ(three->second_alternative_vr, VR::OW);
}

TEST(Dictionary, FindsRepeatingGroups)
{
    // PS3.5 7.6: 60xx, 50xx, 7Fxx with xx even.
    const auto* overlay = find_entry(Tag(0x6002, 0x3000));
    ASSERT_NE(overlay, nullptr);
    EXPECT_EQ(overlay->keyword, "OverlayData");
    EXPECT_EQ(overlay->tag, 0x60003000u);
    EXPECT_EQ(overlay->mask, 0xFF00FFFFu);
    EXPECT_EQ(find_entry(Tag(0x6000, 0x3000)), overlay);
    EXPECT_EQ(find_entry(Tag(0x60FE, 0x3000)), overlay);
    EXPECT_EQ(find_entry(Tag(0x601E, 0x0010))->keyword, "OverlayRows");
    EXPECT_EQ(find_entry(Tag(0x5004, 0x3000))->keyword, "CurveData");
    EXPECT_EQ(find_entry(Tag(0x7F02, 0x0010))->keyword, "VariablePixelData");

    // Odd groups are private: (6001,3000) is not Overlay Data, nor anything in the standard.
    EXPECT_EQ(find_entry(Tag(0x6001, 0x3000)), nullptr);
    EXPECT_EQ(find_entry(Tag(0x60FF, 0x3000)), nullptr);
    EXPECT_EQ(find_entry(Tag(0x5001, 0x0005)), nullptr);
    // Outside the repeating range.
    EXPECT_EQ(find_entry(Tag(0x6100, 0x3000)), nullptr);
}

TEST(Dictionary, FindsRepeatingElements)
{
    // 0020,31xx and 0028,04x0..04x3: a plain entry with the same numbers wins.
    EXPECT_EQ(find_entry(Tag(0x0020, 0x3100))->keyword, "SourceImageIDs");
    EXPECT_EQ(find_entry(Tag(0x0020, 0x31FF))->keyword, "SourceImageIDs");
    EXPECT_EQ(find_entry(Tag(0x0028, 0x0400))->keyword, "TransformLabel");
    EXPECT_EQ(find_entry(Tag(0x0028, 0x0410))->keyword, "RowsForNthOrderCoefficients");
    EXPECT_EQ(find_entry(Tag(0x0028, 0x04F1))->keyword, "ColumnsForNthOrderCoefficients");
    EXPECT_EQ(find_entry(Tag(0x1000, 0x1230))->keyword, "EscapeTriplet");
    EXPECT_EQ(find_entry(Tag(0x1010, 0x1234))->keyword, "ZonalMap");
}

TEST(Dictionary, FindsTheCommandGroup)
{
    // PS3.7 E.1-1 and the retired E.2-1.
    const auto* length = find_entry(Tag(0x0000, 0x0000));
    ASSERT_NE(length, nullptr);
    EXPECT_EQ(length->keyword, "CommandGroupLength");
    EXPECT_EQ(length->vr, VR::UL);
    EXPECT_EQ(find_entry(Tag(0x0000, 0x0100))->keyword, "CommandField");
    EXPECT_EQ(find_entry(Tag(0x0000, 0x0100))->vr, VR::US);
    EXPECT_EQ(find_entry(Tag(0x0000, 0x0800))->keyword, "CommandDataSetType");
    EXPECT_EQ(find_entry(Tag(0x0000, 0x0900))->keyword, "Status");
    EXPECT_EQ(find_entry("AffectedSOPClassUID")->vr, VR::UI);
    EXPECT_EQ(find_entry("AffectedSOPClassUID")->tag, 0x00000002u);
    const auto* retired = find_entry(Tag(0x0000, 0x0001));
    ASSERT_NE(retired, nullptr);
    EXPECT_EQ(retired->keyword, "CommandLengthToEnd");
    EXPECT_TRUE(retired->retired);
}

TEST(Dictionary, MarksRetiredEntries)
{
    EXPECT_TRUE(find_entry("DataSetType")->retired);        // (0008,0040)
    EXPECT_TRUE(find_entry("EthnicGroup")->retired);        // retired in 2025a
    EXPECT_FALSE(find_entry("DoseValue")->retired);         // no longer retired
    EXPECT_TRUE(find_entry(Tag(0x6000, 0x4000))->retired);  // OverlayComments
    EXPECT_FALSE(find_entry(Tag(0x6000, 0x3000))->retired); // OverlayData
    size_t retired = 0;
    for (const auto& e : dictionary_entries())
        retired += e.retired;
    // 496 retired rows in the tables, less the 7 unnamed placeholders the generator skips.
    EXPECT_EQ(retired, 489u);
}

TEST(Dictionary, FindsKeywordsCaseSensitively)
{
    const auto* e = find_entry("StudyInstanceUID");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->tag, 0x0020000Du);
    EXPECT_EQ(find_entry("studyinstanceuid"), nullptr);
    EXPECT_EQ(find_entry("StudyInstanceUid"), nullptr);
    EXPECT_EQ(find_entry(""), nullptr);
    EXPECT_EQ(find_entry("NoSuchKeyword"), nullptr);
    EXPECT_EQ(find_entry("PatientNam"), nullptr);
    EXPECT_EQ(find_entry("PatientNameX"), nullptr);
}

TEST(Dictionary, EveryEntryIsFoundByItsKeywordAndTag)
{
    auto entries = dictionary_entries();
    ASSERT_GT(entries.size(), 5000u);
    std::set<std::string_view> keywords;
    uint32_t previous_plain = 0;
    bool in_plain = true;
    for (const auto& e : entries) {
        EXPECT_TRUE(keywords.insert(e.keyword).second) << "duplicate keyword " << e.keyword;
        EXPECT_EQ(find_entry(e.keyword), &e) << e.keyword;
        if (e.mask == 0xFFFFFFFF) {
            EXPECT_TRUE(in_plain) << e.keyword << ": plain entry after a repeating one";
            EXPECT_TRUE(e.tag > previous_plain || &e == entries.data()) << e.keyword << " out of order";
            previous_plain = e.tag;
            EXPECT_EQ(find_entry(Tag(e.tag)), &e) << e.keyword;
        } else {
            in_plain = false;
            EXPECT_EQ(e.tag & ~e.mask, 0u) << e.keyword;
            // Every repeating entry matches its pattern with a non-zero x (plain entries may
            // shadow x = 0, as TransformLabel does (0028,04x0)).
            uint32_t x = 0x00020020 & ~e.mask;
            EXPECT_EQ(find_entry(Tag(e.tag | x)), &e) << e.keyword;
        }
    }
}

TEST(Dictionary, DefaultVRForImplicitReading)
{
    EXPECT_EQ(default_vr(tags::PatientName), VR::PN);
    EXPECT_EQ(default_vr(Tag(0x6002, 0x3000)), VR::OB);           // first of "OB or OW"
    EXPECT_EQ(default_vr(tags::SmallestImagePixelValue), VR::US); // first of "US or SS"
    // Group lengths are UL in every group, standard or private (PS3.5 7.2).
    EXPECT_EQ(default_vr(Tag(0x0008, 0x0000)), VR::UL);
    EXPECT_EQ(default_vr(Tag(0x0009, 0x0000)), VR::UL);
    EXPECT_EQ(default_vr(Tag(0x0000, 0x0000)), VR::UL);
    // Private Creator Data Elements are LO (PS3.5 7.8.1).
    EXPECT_EQ(default_vr(Tag(0x0009, 0x0010)), VR::LO);
    EXPECT_EQ(default_vr(Tag(0x6001, 0x0010)), VR::LO); // not OverlayRows: odd group
    EXPECT_EQ(default_vr(Tag(0x0029, 0x00FF)), VR::LO);
    // Private data elements and unknown tags are UN.
    EXPECT_EQ(default_vr(Tag(0x0009, 0x1010)), VR::UN);
    EXPECT_EQ(default_vr(Tag(0x6001, 0x3000)), VR::UN);
    EXPECT_EQ(default_vr(Tag(0x0009, 0x0001)), VR::UN);
    EXPECT_EQ(default_vr(Tag(0x0010, 0x0001)), VR::UN);
    EXPECT_EQ(default_vr(tags::Item), VR::UN);
}

} // namespace
} // namespace roentgen
