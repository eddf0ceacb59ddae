// tests/model/data_set_test.cpp — DataSet ordering, edits, typed lookups and private blocks (PS3.5 7.8.1).
#include "model/data_set.h"

#include <gtest/gtest.h>

#include <vector>

#include "dict/generated/tags.h"

namespace roentgen {
namespace {

std::vector<uint32_t> tag_values_of(const DataSet& ds)
{
    std::vector<uint32_t> out;
    for (const auto& e : ds)
        out.push_back(e.tag.value);
    return out;
}

std::string text_of(const Element* e)
{
    return e ? std::string(e->raw_text()) : std::string("(absent)");
}

TEST(DataSet, SetKeepsElementsSortedByTag)
{
    DataSet ds;
    ds.set_string(tags::PatientID, VR::LO, "ID1 ");
    ds.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 100");
    ds.set_string(Tag(0x0009, 0x0010), VR::LO, "ACME");
    ds.set_string(tags::PatientName, VR::PN, "Doe^John");
    ds.set(Element(Tag(0x7FE0, 0x0010), VR::OW, std::string(4, '\0')));
    ds.set_string(Tag(0x0008, 0x0000), VR::UL, std::string(4, '\0'));
    EXPECT_EQ(tag_values_of(ds),
              (std::vector<uint32_t>{0x00080000, 0x00080005, 0x00090010, 0x00100010, 0x00100020, 0x7FE00010}));
    EXPECT_EQ(ds.size(), 6u);
    EXPECT_FALSE(ds.empty());
}

TEST(DataSet, SetReplacesTheSameTag)
{
    DataSet ds;
    ds.set_string(tags::PatientName, VR::PN, "Doe^John");
    Element& replaced = ds.set(Element(tags::PatientName, VR::PN, std::string("Roe^Jane")));
    EXPECT_EQ(ds.size(), 1u);
    EXPECT_EQ(replaced.raw_text(), "Roe^Jane");
    EXPECT_EQ(text_of(ds.find(tags::PatientName)), "Roe^Jane");
    // The returned reference is the stored element.
    replaced.vr = VR::LO;
    EXPECT_EQ(ds.find(tags::PatientName)->vr, VR::LO);
}

TEST(DataSet, FindAndContains)
{
    DataSet ds;
    EXPECT_EQ(ds.find(tags::PatientName), nullptr);
    ds.set_string(tags::PatientName, VR::PN, "Doe^John");
    ds.set_string(tags::PatientID, VR::LO, "12");
    EXPECT_TRUE(ds.contains(tags::PatientName));
    EXPECT_FALSE(ds.contains(tags::StudyDescription));
    EXPECT_FALSE(ds.contains(Tag(0x0010, 0x0011))); // between two present tags
    EXPECT_FALSE(ds.contains(Tag(0x0010, 0x0021))); // after the last
    EXPECT_FALSE(ds.contains(Tag(0x0008, 0x0000))); // before the first
    const DataSet& cds = ds;
    EXPECT_EQ(text_of(cds.find(tags::PatientID)), "12");
}

TEST(DataSet, AppendFastPathAndFallback)
{
    DataSet ds;
    EXPECT_TRUE(ds.append(Element(Tag(0x0008, 0x0016), VR::UI, std::string("1.2"))));
    EXPECT_TRUE(ds.append(Element(Tag(0x0010, 0x0010), VR::PN, std::string("A^B "))));
    // Out of order: falls back to an ordered insert.
    EXPECT_TRUE(ds.append(Element(Tag(0x0008, 0x0060), VR::CS, std::string("CT"))));
    EXPECT_EQ(tag_values_of(ds), (std::vector<uint32_t>{0x00080016, 0x00080060, 0x00100010}));
    // A tag already present is replaced and reported.
    EXPECT_FALSE(ds.append(Element(Tag(0x0008, 0x0060), VR::CS, std::string("MR"))));
    EXPECT_FALSE(ds.append(Element(Tag(0x0010, 0x0010), VR::PN, std::string("C^D "))));
    EXPECT_EQ(ds.size(), 3u);
    EXPECT_EQ(text_of(ds.find(Tag(0x0008, 0x0060))), "MR");
    EXPECT_EQ(text_of(ds.find(Tag(0x0010, 0x0010))), "C^D ");
}

TEST(DataSet, EraseAndClear)
{
    DataSet ds;
    ds.set_string(tags::PatientName, VR::PN, "A");
    ds.set_string(tags::PatientID, VR::LO, "B");
    EXPECT_TRUE(ds.erase(tags::PatientName));
    EXPECT_FALSE(ds.erase(tags::PatientName));
    EXPECT_FALSE(ds.erase(tags::StudyDescription));
    EXPECT_EQ(tag_values_of(ds), (std::vector<uint32_t>{0x00100020}));
    ds.clear();
    EXPECT_TRUE(ds.empty());
}

TEST(DataSet, ExtractGroupTakesTheWholeGroup)
{
    DataSet ds;
    for (uint32_t t : {0x00080005u, 0x0009FFFFu, 0x00090000u, 0x00091010u, 0x00090010u, 0x00100010u, 0x0010FFFFu})
        ds.set_string(Tag(t), VR::LO, "x ");
    auto group = ds.extract_group(0x0009);
    std::vector<uint32_t> extracted;
    for (const auto& e : group)
        extracted.push_back(e.tag.value);
    EXPECT_EQ(extracted, (std::vector<uint32_t>{0x00090000, 0x00090010, 0x00091010, 0x0009FFFF}));
    EXPECT_EQ(tag_values_of(ds), (std::vector<uint32_t>{0x00080005, 0x00100010, 0x0010FFFF}));
    EXPECT_TRUE(ds.extract_group(0x0020).empty());
    EXPECT_EQ(ds.extract_group(0x0010).size(), 2u);
    EXPECT_EQ(tag_values_of(ds), (std::vector<uint32_t>{0x00080005}));
}

TEST(DataSet, FindStringGivesTheFirstValueWithoutPadding)
{
    DataSet ds;
    ds.set_string(tags::PatientName, VR::PN, "Doe^John ");
    ds.set_string(tags::ImageType, VR::CS, "ORIGINAL\\PRIMARY\\AXIAL ");
    ds.set_string(tags::SOPInstanceUID, VR::UI, std::string("1.2.3\0", 6));
    ds.set_string(tags::PatientID, VR::LO, "  ");
    ds.set_string(tags::StudyDescription, VR::LO, "");
    ds.set_string(Tag(0x0008, 0x0070), VR::LO, "\\second");
    EXPECT_EQ(ds.find_string(tags::PatientName), "Doe^John");
    EXPECT_EQ(ds.find_string(tags::ImageType), "ORIGINAL");
    EXPECT_EQ(ds.find_string(tags::SOPInstanceUID), "1.2.3");
    EXPECT_EQ(ds.find_string(tags::PatientID), std::nullopt);         // only padding
    EXPECT_EQ(ds.find_string(tags::StudyDescription), std::nullopt);  // empty
    EXPECT_EQ(ds.find_string(Tag(0x0008, 0x0070)), std::nullopt);     // empty first value
    EXPECT_EQ(ds.find_string(tags::SeriesDescription), std::nullopt); // absent
}

TEST(DataSet, FindIntegerReadsBinaryAndIntegerStrings)
{
    DataSet ds;
    ds.set(Element(tags::Rows, VR::US, std::string("\x00\x02", 2)));                  // 512
    ds.set(Element(Tag(0x0028, 0x0106), VR::SS, std::string("\x00\x80", 2)));         // -32768
    ds.set(Element(Tag(0x0018, 0x9219), VR::SL, std::string("\xFE\xFF\xFF\xFF", 4))); // -2
    ds.set_string(tags::InstanceNumber, VR::IS, " 42\\7 ");
    ds.set_string(tags::SeriesNumber, VR::IS, "4x");
    ds.set_string(tags::PatientID, VR::LO, "123");
    EXPECT_EQ(ds.find_integer(tags::Rows), 512);
    EXPECT_EQ(ds.find_integer(Tag(0x0028, 0x0106)), -32768);
    EXPECT_EQ(ds.find_integer(Tag(0x0018, 0x9219)), -2);
    EXPECT_EQ(ds.find_integer(tags::InstanceNumber), 42);
    EXPECT_EQ(ds.find_integer(tags::SeriesNumber), std::nullopt); // malformed IS
    EXPECT_EQ(ds.find_integer(tags::PatientID), std::nullopt);    // LO does not hold integers
    EXPECT_EQ(ds.find_integer(tags::Columns), std::nullopt);      // absent
}

TEST(DataSet, FindPrivateTagByCreator)
{
    DataSet ds;
    ds.set_string(Tag(0x0029, 0x0010), VR::LO, "SIEMENS CSA HEADER");
    ds.set_string(Tag(0x0029, 0x0011), VR::LO, "SIEMENS MEDCOM HEADER ");
    ds.set_string(Tag(0x0029, 0x0013), VR::LO, "ACME 1.0");
    EXPECT_EQ(ds.find_private_tag(0x0029, "SIEMENS CSA HEADER", 0x08), Tag(0x0029, 0x1008));
    EXPECT_EQ(ds.find_private_tag(0x0029, "SIEMENS MEDCOM HEADER", 0x10), Tag(0x0029, 0x1110)); // padding ignored
    EXPECT_EQ(ds.find_private_tag(0x0029, "ACME 1.0", 0xFF), Tag(0x0029, 0x13FF));
    EXPECT_EQ(ds.find_private_tag(0x0029, "ACME 1.0", 0x00), Tag(0x0029, 0x1300));
    EXPECT_EQ(ds.find_private_tag(0x0029, "acme 1.0", 0x00), std::nullopt); // creators are case-sensitive
    EXPECT_EQ(ds.find_private_tag(0x0029, "OTHER", 0x00), std::nullopt);
    EXPECT_EQ(ds.find_private_tag(0x0019, "ACME 1.0", 0x00), std::nullopt); // other group
    EXPECT_EQ(ds.find_private_tag(0x0028, "ACME 1.0", 0x00), std::nullopt); // even group
}

TEST(DataSet, ReservePrivateBlockReusesTheCreatorsBlock)
{
    DataSet ds;
    ds.set_string(Tag(0x0009, 0x0010), VR::LO, "OTHER ");
    ds.set_string(Tag(0x0009, 0x0012), VR::LO, "ACME");
    auto block = ds.reserve_private_block(0x0009, "ACME");
    ASSERT_TRUE(block) << block.error().message;
    EXPECT_EQ(*block, 0x12);
    EXPECT_EQ(ds.size(), 2u); // nothing added
    // LO padding is not significant on either side (PS3.5 6.2).
    EXPECT_EQ(ds.reserve_private_block(0x0009, " ACME "), uint8_t(0x12));
    EXPECT_EQ(ds.reserve_private_block(0x0009, "OTHER"), uint8_t(0x10));
    EXPECT_EQ(ds.find_private_tag(0x0009, "ACME ", 0x01), Tag(0x0009, 0x1201));
    EXPECT_EQ(ds.size(), 2u);
}

TEST(DataSet, ReservePrivateBlockTakesTheFirstFree)
{
    DataSet ds;
    ds.set_string(Tag(0x0009, 0x0010), VR::LO, "OTHER ");
    ds.set_string(Tag(0x0009, 0x0012), VR::LO, "THIRD ");
    auto block = ds.reserve_private_block(0x0009, "ACME");
    ASSERT_TRUE(block) << block.error().message;
    EXPECT_EQ(*block, 0x11);
    const Element* creator = ds.find(Tag(0x0009, 0x0011));
    ASSERT_NE(creator, nullptr);
    EXPECT_EQ(creator->vr, VR::LO);
    EXPECT_EQ(creator->raw_text(), "ACME");
    EXPECT_EQ(ds.find_private_tag(0x0009, "ACME", 0x01), Tag(0x0009, 0x1101));

    // Odd-length creators are padded to even length with a space (PS3.5 7.1.1).
    auto next = ds.reserve_private_block(0x0009, "ODD");
    ASSERT_TRUE(next);
    EXPECT_EQ(*next, 0x13);
    EXPECT_EQ(ds.find(Tag(0x0009, 0x0013))->raw_text(), "ODD ");
    EXPECT_EQ(ds.reserve_private_block(0x0009, "ODD"), uint8_t(0x13));

    // A fresh group starts at 0x10.
    EXPECT_EQ(ds.reserve_private_block(0x0011, "ACME"), uint8_t(0x10));
}

TEST(DataSet, ReservePrivateBlockErrors)
{
    DataSet ds;
    auto even = ds.reserve_private_block(0x0010, "ACME");
    ASSERT_FALSE(even);
    EXPECT_EQ(even.error().code, Errc::InvalidArgument);
    EXPECT_EQ(even.error().message, "group 0010 is not a private group");
    for (uint16_t group : {0x0001, 0x0003, 0x0007, 0xFFFF})
        EXPECT_FALSE(ds.reserve_private_block(group, "ACME")) << group;

    EXPECT_FALSE(ds.reserve_private_block(0x0009, ""));
    EXPECT_FALSE(ds.reserve_private_block(0x0009, "   ")); // blank: no value to find it by
    EXPECT_FALSE(ds.reserve_private_block(0x0009, "A\nB"));
    EXPECT_FALSE(ds.reserve_private_block(0x0009, std::string(65, 'A')));
    EXPECT_TRUE(ds.reserve_private_block(0x0009, std::string(64, 'A')));
    // A creator is one LO value: a backslash would make it two, and it could never be found again.
    auto backslash = ds.reserve_private_block(0x0009, "A\\B");
    ASSERT_FALSE(backslash);
    EXPECT_EQ(backslash.error().code, Errc::InvalidArgument);
    EXPECT_FALSE(ds.contains(Tag(0x0009, 0x0011)));
}

TEST(DataSet, ReservePrivateBlockWhenEveryBlockIsTaken)
{
    DataSet ds;
    for (uint16_t block = 0x10; block <= 0xFF; ++block)
        ds.set_string(Tag(0x0009, block), VR::LO, "C" + std::to_string(block));
    auto full = ds.reserve_private_block(0x0009, "NEW");
    ASSERT_FALSE(full);
    EXPECT_EQ(full.error().code, Errc::LimitExceeded);
    EXPECT_EQ(full.error().message, "every private block of group 0009 is taken");
    EXPECT_EQ(ds.reserve_private_block(0x0009, "C255"), uint8_t(0xFF));
}

TEST(DataSet, EqualityComparesValuesAndNestedItems)
{
    auto make = [](const std::string& name) {
        DataSet item;
        item.set_string(tags::ReferencedSOPInstanceUID, VR::UI, "1.2.3");
        Sequence seq;
        seq.items.push_back(Item{std::move(item)});
        DataSet ds;
        ds.set_string(tags::PatientName, VR::PN, name);
        ds.set(Element(tags::ReferencedImageSequence, VR::SQ, Value(std::move(seq))));
        return ds;
    };
    EXPECT_EQ(make("A^B "), make("A^B "));
    EXPECT_FALSE(make("A^B ") == make("A^C "));
    DataSet changed = make("A^B ");
    changed.find(tags::ReferencedImageSequence)
        ->sequence()
        ->items[0]
        .data_set.set_string(tags::ReferencedSOPInstanceUID, VR::UI, "1.2.4");
    EXPECT_FALSE(changed == make("A^B "));

    // The same bytes held as a string or as bulk data are the same value.
    DataSet as_string, as_bulk;
    as_string.set(Element(Tag(0x7FE0, 0x0010), VR::OB, std::string("\x01\x02", 2)));
    as_bulk.set(Element(Tag(0x7FE0, 0x0010), VR::OB, Value(BulkData::owned({1, 2}))));
    EXPECT_EQ(as_string, as_bulk);
    // A different VR is a different element.
    as_bulk.find(Tag(0x7FE0, 0x0010))->vr = VR::OW;
    EXPECT_FALSE(as_string == as_bulk);
}

} // namespace
} // namespace roentgen
