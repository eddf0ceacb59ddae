// tests/dict/uid_registry_test.cpp — PS3.6 Annex A lookups by UID and by keyword.
#include "dict/uid_registry.h"

#include <gtest/gtest.h>

#include <set>

#include "dict/generated/uids.h"

namespace roentgen {
namespace {

TEST(UidRegistry, FindsByUid)
{
    const auto* e = find_uid("1.2.840.10008.1.2.1");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->name, "Explicit VR Little Endian");
    EXPECT_EQ(e->keyword, "ExplicitVRLittleEndian");
    EXPECT_EQ(e->type, "Transfer Syntax");
    EXPECT_FALSE(e->retired);

    const auto* ct = find_uid(uids::CTImageStorage);
    ASSERT_NE(ct, nullptr);
    EXPECT_EQ(ct->name, "CT Image Storage");
    EXPECT_EQ(ct->type, "SOP Class");

    const auto* big = find_uid("1.2.840.10008.1.2.2");
    ASSERT_NE(big, nullptr);
    EXPECT_TRUE(big->retired);
    // Table A-2 and the well-known UIDs are in the registry too.
    EXPECT_EQ(find_uid("1.2.840.10008.3.1.1.1")->type, "Application Context Name");
}

TEST(UidRegistry, MissesWhatIsNotRegistered)
{
    EXPECT_EQ(find_uid(""), nullptr);
    EXPECT_EQ(find_uid("1.2.840.10008.1.2.1 "), nullptr); // callers strip padding
    EXPECT_EQ(find_uid("1.2.840.10008.1.2.1.0"), nullptr);
    EXPECT_EQ(find_uid("1.2.840.10008.1"), nullptr);
    EXPECT_EQ(find_uid("1.2.3.4"), nullptr);
    EXPECT_EQ(find_uid("9.9.9"), nullptr);
}

TEST(UidRegistry, FindsByKeyword)
{
    const auto* e = find_uid_by_keyword("JPEGBaseline8Bit");
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->uid, "1.2.840.10008.1.2.4.50");
    EXPECT_EQ(find_uid_by_keyword("Verification")->uid, "1.2.840.10008.1.1");
    EXPECT_EQ(find_uid_by_keyword("verification"), nullptr);
    EXPECT_EQ(find_uid_by_keyword("NoSuchThing"), nullptr);
    // Five registry rows have no keyword; an empty keyword finds none of them.
    EXPECT_EQ(find_uid_by_keyword(""), nullptr);
}

TEST(UidRegistry, EveryEntryIsFoundBothWays)
{
    auto entries = uid_entries();
    EXPECT_EQ(entries.size(), 496u);
    std::set<std::string_view> uids_seen;
    size_t transfer_syntaxes = 0;
    for (const auto& e : entries) {
        EXPECT_TRUE(uids_seen.insert(e.uid).second) << "duplicate " << e.uid;
        EXPECT_EQ(find_uid(e.uid), &e) << e.uid;
        if (!e.keyword.empty()) {
            EXPECT_EQ(find_uid_by_keyword(e.keyword), &e) << e.keyword;
        }
        transfer_syntaxes += e.type == "Transfer Syntax";
    }
    EXPECT_EQ(transfer_syntaxes, 63u);
}

TEST(UidRegistry, ConstantsMatchTheRegistry)
{
    EXPECT_EQ(uids::ImplicitVRLittleEndian, "1.2.840.10008.1.2");
    EXPECT_EQ(uids::DeflatedExplicitVRLittleEndian, "1.2.840.10008.1.2.1.99");
    EXPECT_EQ(find_uid(uids::Verification)->keyword, "Verification");
    EXPECT_EQ(find_uid(uids::HTJ2KLossless)->name, "High-Throughput JPEG 2000 Image Compression (Lossless Only)");
}

} // namespace
} // namespace roentgen
