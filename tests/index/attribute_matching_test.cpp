// tests/index/attribute_matching_test.cpp — PS3.4 C.2.2.2 matching rules, response identifiers, identifier checks.
#include "index/attribute_matching.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "dict/generated/tags.h"

namespace roentgen::index {
namespace {

DataSet with(Tag tag, VR vr, std::string_view value)
{
    DataSet data_set;
    data_set.set_string(tag, vr, value);
    return data_set;
}

bool match(Tag tag, VR vr, std::string_view key, std::string_view candidate, MatchOptions options = {})
{
    return matches(Element(tag, vr, std::string(key)), with(tag, vr, candidate), options);
}

bool match_absent(Tag tag, VR vr, std::string_view key)
{
    return matches(Element(tag, vr, std::string(key)), DataSet());
}

Item item_of(std::initializer_list<std::tuple<Tag, VR, std::string_view>> elements)
{
    Item item;
    for (const auto& [tag, vr, value] : elements)
        item.data_set.set_string(tag, vr, value);
    return item;
}

Element sequence_of(Tag tag, std::vector<Item> items)
{
    Sequence sequence;
    sequence.items = std::move(items);
    return Element(tag, VR::SQ, Value(std::move(sequence)));
}

std::string text(const DataSet& data_set, Tag tag)
{
    const Element* element = data_set.find(tag);
    return element ? std::string(element->raw_text()) : std::string("(absent)");
}

// --- Universal matching (C.2.2.2.3) ---------------------------------------------------------------

TEST(AttributeMatching, ZeroLengthKeyMatchesEverythingIncludingAbsentAndEmpty)
{
    EXPECT_TRUE(match(tags::PatientName, VR::PN, "", "Doe^John"));
    EXPECT_TRUE(match(tags::PatientName, VR::PN, "", ""));
    EXPECT_TRUE(match_absent(tags::PatientName, VR::PN, ""));
    EXPECT_TRUE(match_absent(tags::StudyDate, VR::DA, ""));
    EXPECT_TRUE(match_absent(tags::StudyInstanceUID, VR::UI, ""));
}

TEST(AttributeMatching, KeyOfPaddingOnlyIsUniversal)
{
    EXPECT_TRUE(match_absent(tags::Modality, VR::CS, "  "));
    EXPECT_TRUE(match(tags::StudyInstanceUID, VR::UI, std::string_view("\0\0", 2), "1.2.3"));
}

TEST(AttributeMatching, StarAloneIsUniversalForWildCardVRs)
{
    EXPECT_TRUE(match_absent(tags::PatientName, VR::PN, "*"));
    EXPECT_TRUE(match(tags::AccessionNumber, VR::SH, "*", ""));
    EXPECT_TRUE(match(tags::StudyDescription, VR::LO, "**", "anything"));
    // '?' needs a character: it is not universal.
    EXPECT_FALSE(match(tags::Modality, VR::CS, "?", ""));
    EXPECT_FALSE(match_absent(tags::Modality, VR::CS, "?"));
}

// --- Single value matching (C.2.2.2.1) ------------------------------------------------------------

TEST(AttributeMatching, NonEmptyKeyNeedsAValue)
{
    EXPECT_FALSE(match_absent(tags::PatientID, VR::LO, "ID1"));
    EXPECT_FALSE(match(tags::PatientID, VR::LO, "ID1", ""));
    EXPECT_FALSE(match(tags::PatientID, VR::LO, "ID1", "  "));
    EXPECT_FALSE(match_absent(tags::StudyDate, VR::DA, "20240101-"));
}

TEST(AttributeMatching, SingleValueIsExactAndCaseSensitiveOutsidePN)
{
    EXPECT_TRUE(match(tags::PatientID, VR::LO, "ID1", "ID1"));
    EXPECT_FALSE(match(tags::PatientID, VR::LO, "ID1", "ID10"));
    EXPECT_FALSE(match(tags::PatientID, VR::LO, "ID1", "id1"));
    EXPECT_FALSE(match(tags::Modality, VR::CS, "CT", "ct"));
    EXPECT_FALSE(match(tags::StudyDescription, VR::LO, "Chest", "Chest CT"));
}

TEST(AttributeMatching, PaddingIsInsignificant)
{
    EXPECT_TRUE(match(tags::PatientID, VR::LO, "ID1 ", "ID1"));
    EXPECT_TRUE(match(tags::PatientID, VR::LO, "ID1", "  ID1 "));
    EXPECT_TRUE(match(tags::Modality, VR::CS, "CT", "CT "));
    EXPECT_TRUE(match(tags::StudyInstanceUID, VR::UI, "1.2.3", std::string_view("1.2.3\0", 6)));
    // Leading spaces are significant in ST (PS3.5 6.2).
    EXPECT_FALSE(match(tags::ImageComments, VR::LT, "note", " note"));
}

TEST(AttributeMatching, IntegerAndDecimalStringsCompareAsNumbers)
{
    EXPECT_TRUE(match(tags::SeriesNumber, VR::IS, "7", "+7"));
    EXPECT_TRUE(match(tags::SeriesNumber, VR::IS, "7", "007 "));
    EXPECT_FALSE(match(tags::SeriesNumber, VR::IS, "7", "8"));
    EXPECT_FALSE(match(tags::SeriesNumber, VR::IS, "7", "17"));
    EXPECT_TRUE(match(tags::PatientWeight, VR::DS, "1.50", "1.5"));
    EXPECT_FALSE(match(tags::PatientWeight, VR::DS, "1.5", "1.55"));
}

TEST(AttributeMatching, BinaryValuesCompareValueByValue)
{
    auto us = [](uint16_t v) { return std::string{char(v & 0xFF), char(v >> 8)}; };
    DataSet candidate = with(tags::Rows, VR::US, us(512));
    EXPECT_TRUE(matches(Element(tags::Rows, VR::US, us(512)), candidate));
    EXPECT_FALSE(matches(Element(tags::Rows, VR::US, us(256)), candidate));
    EXPECT_TRUE(matches(Element(tags::Rows, VR::US, us(256) + us(512)), candidate));
    EXPECT_TRUE(matches(Element(tags::Rows, VR::US, std::string()), DataSet()));
    EXPECT_FALSE(matches(Element(tags::Rows, VR::US, us(512)), DataSet()));
}

// --- Person names ---------------------------------------------------------------------------------

TEST(AttributeMatching, PersonNamesIgnoreCaseByDefault)
{
    EXPECT_TRUE(match(tags::PatientName, VR::PN, "doe^john", "Doe^John"));
    EXPECT_TRUE(match(tags::PatientName, VR::PN, "DOE^J*", "Doe^John"));
    MatchOptions sensitive{PersonNameCase::Sensitive};
    EXPECT_FALSE(match(tags::PatientName, VR::PN, "doe^john", "Doe^John", sensitive));
    EXPECT_FALSE(match(tags::PatientName, VR::PN, "DOE^J*", "Doe^John", sensitive));
    EXPECT_TRUE(match(tags::PatientName, VR::PN, "Doe^John", "Doe^John", sensitive));
    // Other VRs stay case-sensitive whatever the option.
    EXPECT_FALSE(match(tags::StudyDescription, VR::LO, "chest", "CHEST"));
}

TEST(AttributeMatching, PersonNamesMatchTheWholeValueWithoutEmptyTrailingComponents)
{
    EXPECT_TRUE(match(tags::PatientName, VR::PN, "Doe^John^^^", "Doe^John"));
    EXPECT_TRUE(match(tags::PatientName, VR::PN, "Doe^John", "Doe^John^^^"));
    EXPECT_TRUE(match(tags::PatientName, VR::PN, "Doe^John", "Doe^John=="));
    EXPECT_FALSE(match(tags::PatientName, VR::PN, "Doe", "Doe^John"));
    EXPECT_FALSE(match(tags::PatientName, VR::PN, "Doe^John", "Doe^John^A"));
    EXPECT_TRUE(match(tags::PatientName, VR::PN, "Doe", "Doe^"));
}

TEST(AttributeMatching, AlphabeticKeyMatchesTheAlphabeticGroupOfAMultiGroupName)
{
    const std::string_view name = "Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B";
    EXPECT_TRUE(match(tags::PatientName, VR::PN, "Yamada^Tarou", name));
    EXPECT_TRUE(match(tags::PatientName, VR::PN, "yamada*", name));
    EXPECT_FALSE(match(tags::PatientName, VR::PN, "Tarou", name));
    // A key with groups compares whole.
    EXPECT_FALSE(match(tags::PatientName, VR::PN, "Yamada^Tarou=X", "Yamada^Tarou"));
}

// --- Wild card matching (C.2.2.2.4) ---------------------------------------------------------------

TEST(AttributeMatching, StarMatchesAnyRunAndQuestionMarkOneCharacter)
{
    EXPECT_TRUE(match(tags::PatientName, VR::PN, "Do*", "Doe^John"));
    EXPECT_TRUE(match(tags::PatientName, VR::PN, "*John", "Doe^John"));
    EXPECT_TRUE(match(tags::PatientName, VR::PN, "D*e*n", "Doe^John"));
    EXPECT_TRUE(match(tags::PatientName, VR::PN, "Doe*John", "Doe^John"));
    EXPECT_FALSE(match(tags::PatientName, VR::PN, "*x*", "Doe^John"));
    EXPECT_TRUE(match(tags::PatientName, VR::PN, "D?e^John", "Doe^John"));
    EXPECT_FALSE(match(tags::PatientName, VR::PN, "D?^John", "Doe^John"));
    EXPECT_TRUE(match(tags::Modality, VR::CS, "?", "M"));
    EXPECT_FALSE(match(tags::Modality, VR::CS, "?", "MR"));
    EXPECT_TRUE(match(tags::Modality, VR::CS, "??", "MR"));
    EXPECT_TRUE(match(tags::StudyDescription, VR::LO, "*CT*", "Chest CT with contrast"));
    EXPECT_TRUE(match(tags::StudyDescription, VR::LO, "a*a", "aa"));
    EXPECT_FALSE(match(tags::StudyDescription, VR::LO, "a*a", "a"));
    EXPECT_TRUE(match(tags::StudyDescription, VR::LO, "*b", "abab"));
}

TEST(AttributeMatching, QuestionMarkIsOneCharacterOfTheDecodedText)
{
    DataSet utf8;
    utf8.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 192");
    utf8.set_string(tags::PatientName, VR::PN, "M\xc3\xbcller");
    EXPECT_TRUE(matches(Element(tags::PatientName, VR::PN, std::string("M?ller")), utf8));
    EXPECT_FALSE(matches(Element(tags::PatientName, VR::PN, std::string("M??ller")), utf8));
    DataSet latin1;
    latin1.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 100");
    latin1.set_string(tags::PatientName, VR::PN, "M\xfcller");
    EXPECT_TRUE(matches(Element(tags::PatientName, VR::PN, std::string("M?ller")), latin1));
}

TEST(AttributeMatching, WildCardsAreLiteralInUIDatesAndNumbers)
{
    EXPECT_FALSE(match(tags::StudyInstanceUID, VR::UI, "1.2.*", "1.2.3"));
    EXPECT_FALSE(match(tags::StudyInstanceUID, VR::UI, "*", "1.2.3"));
    EXPECT_FALSE(match_absent(tags::StudyInstanceUID, VR::UI, "*"));
    EXPECT_FALSE(match(tags::StudyDate, VR::DA, "2024*", "20240101"));
    EXPECT_FALSE(match(tags::SeriesNumber, VR::IS, "1?", "12"));
}

// --- List of UID matching, multiple values (C.2.2.2.2) --------------------------------------------

TEST(AttributeMatching, UidListMatchesAnyOfItsUids)
{
    EXPECT_TRUE(match(tags::SOPInstanceUID, VR::UI, "1.2.3\\1.2.4", "1.2.4"));
    EXPECT_TRUE(match(tags::SOPInstanceUID, VR::UI, "1.2.3\\1.2.4", "1.2.3"));
    EXPECT_FALSE(match(tags::SOPInstanceUID, VR::UI, "1.2.3\\1.2.4", "1.2.5"));
    EXPECT_FALSE(match(tags::SOPInstanceUID, VR::UI, "1.2.3\\1.2.4", "1.2.3.4"));
}

TEST(AttributeMatching, MultiValuedCandidateMatchesWhenAnyValueDoes)
{
    EXPECT_TRUE(match(tags::ImageType, VR::CS, "AXIAL", "ORIGINAL\\PRIMARY\\AXIAL"));
    EXPECT_TRUE(match(tags::ImageType, VR::CS, "PRIM*", "ORIGINAL\\PRIMARY\\AXIAL"));
    EXPECT_FALSE(match(tags::ImageType, VR::CS, "SECONDARY", "ORIGINAL\\PRIMARY\\AXIAL"));
    EXPECT_TRUE(match(tags::OtherPatientIDs, VR::LO, "B", "A\\B"));
}

TEST(AttributeMatching, MultiValuedKeyMatchesAnyOfItsValues)
{
    EXPECT_TRUE(match(tags::ModalitiesInStudy, VR::CS, "CT\\MR", "MR\\US"));
    EXPECT_FALSE(match(tags::ModalitiesInStudy, VR::CS, "CT\\MR", "US"));
    EXPECT_TRUE(match(tags::StudyDate, VR::DA, "20240101\\20240301", "20240301"));
    EXPECT_FALSE(match(tags::StudyDate, VR::DA, "20240101\\20240301", "20240201"));
}

// --- Range matching (C.2.2.2.5) -------------------------------------------------------------------

TEST(AttributeMatching, DateRangesIncludeTheirBoundsAndMayBeOpen)
{
    EXPECT_TRUE(match(tags::StudyDate, VR::DA, "20240101-20241231", "20240615"));
    EXPECT_TRUE(match(tags::StudyDate, VR::DA, "20240101-20241231", "20240101"));
    EXPECT_TRUE(match(tags::StudyDate, VR::DA, "20240101-20241231", "20241231"));
    EXPECT_FALSE(match(tags::StudyDate, VR::DA, "20240101-20241231", "20250101"));
    EXPECT_FALSE(match(tags::StudyDate, VR::DA, "20240101-20241231", "20231231"));
    EXPECT_TRUE(match(tags::StudyDate, VR::DA, "20240101-", "20991231"));
    EXPECT_FALSE(match(tags::StudyDate, VR::DA, "20240101-", "20231231"));
    EXPECT_TRUE(match(tags::StudyDate, VR::DA, "-20240101", "19000101"));
    EXPECT_TRUE(match(tags::StudyDate, VR::DA, "-20240101", "20240101"));
    EXPECT_FALSE(match(tags::StudyDate, VR::DA, "-20240101", "20240102"));
}

TEST(AttributeMatching, SingleDateMatchesThatDayInEitherNotation)
{
    EXPECT_TRUE(match(tags::StudyDate, VR::DA, "20240101", "20240101"));
    EXPECT_TRUE(match(tags::StudyDate, VR::DA, "20240101", "2024.01.01"));
    EXPECT_FALSE(match(tags::StudyDate, VR::DA, "20240101", "20240102"));
    EXPECT_FALSE(match(tags::StudyDate, VR::DA, "20240101", "garbage"));
}

TEST(AttributeMatching, TimeRangesCoverTheWholePeriodOfTheirBounds)
{
    EXPECT_TRUE(match(tags::StudyTime, VR::TM, "0800-1200", "0800"));
    EXPECT_TRUE(match(tags::StudyTime, VR::TM, "0800-1200", "115959.999"));
    EXPECT_TRUE(match(tags::StudyTime, VR::TM, "0800-1200", "120030"));
    EXPECT_FALSE(match(tags::StudyTime, VR::TM, "0800-1200", "1201"));
    EXPECT_FALSE(match(tags::StudyTime, VR::TM, "0800-1200", "075959"));
    EXPECT_TRUE(match(tags::StudyTime, VR::TM, "-0100", "005959"));
    EXPECT_TRUE(match(tags::StudyTime, VR::TM, "2200-", "235959"));
    EXPECT_FALSE(match(tags::StudyTime, VR::TM, "2200-", "215959"));
    // A single time is the period it names.
    EXPECT_TRUE(match(tags::StudyTime, VR::TM, "10", "1030"));
    EXPECT_TRUE(match(tags::StudyTime, VR::TM, "1030", "103045.5"));
    EXPECT_FALSE(match(tags::StudyTime, VR::TM, "1030", "10"));
    EXPECT_FALSE(match(tags::StudyTime, VR::TM, "1030", "1031"));
    // Crossing midnight is not supported (C.2.2.2.5.2): nothing matches.
    EXPECT_FALSE(match(tags::StudyTime, VR::TM, "2200-0200", "2300"));
}

TEST(AttributeMatching, DateTimeRangesAndReducedPrecision)
{
    EXPECT_TRUE(match(tags::AcquisitionDateTime, VR::DT, "20240101-20240131", "20240115103000"));
    EXPECT_TRUE(match(tags::AcquisitionDateTime, VR::DT, "20240101-20240131", "20240131235959.999999"));
    EXPECT_FALSE(match(tags::AcquisitionDateTime, VR::DT, "20240101-20240131", "20240201"));
    EXPECT_TRUE(match(tags::AcquisitionDateTime, VR::DT, "2024", "20241231235959"));
    EXPECT_FALSE(match(tags::AcquisitionDateTime, VR::DT, "2025", "20241231235959"));
    EXPECT_TRUE(match(tags::AcquisitionDateTime, VR::DT, "202401011200-", "20240101120000"));
    EXPECT_FALSE(match(tags::AcquisitionDateTime, VR::DT, "202401011200-", "20240101115959"));
}

TEST(AttributeMatching, DateTimeOffsetsAreHonoured)
{
    // 13:00 at +01:00 is 12:00 UTC.
    EXPECT_TRUE(match(tags::AcquisitionDateTime, VR::DT, "20240101120000+0000", "20240101130000+0100"));
    EXPECT_FALSE(match(tags::AcquisitionDateTime, VR::DT, "20240101120000+0000", "20240101120000+0100"));
    // A candidate without an offset is read at its data set's Timezone Offset From UTC.
    DataSet candidate;
    candidate.set_string(tags::TimezoneOffsetFromUTC, VR::SH, "+0100");
    candidate.set_string(tags::AcquisitionDateTime, VR::DT, "20240101130000");
    EXPECT_TRUE(matches(Element(tags::AcquisitionDateTime, VR::DT, std::string("20240101120000+0000")), candidate));
    // Without an offset of its own the key is read in the candidate's zone: equal local times match.
    EXPECT_TRUE(matches(Element(tags::AcquisitionDateTime, VR::DT, std::string("20240101130000")), candidate));
    // The identifier's Timezone Offset From UTC applies to its keys.
    DataSet identifier;
    identifier.set_string(tags::TimezoneOffsetFromUTC, VR::SH, "-0500");
    identifier.set_string(tags::AcquisitionDateTime, VR::DT, "20240101070000");
    EXPECT_TRUE(matches_all(identifier, candidate));
    identifier.set_string(tags::AcquisitionDateTime, VR::DT, "20240101130000");
    EXPECT_FALSE(matches_all(identifier, candidate));
}

// --- Sequence matching (C.2.2.2.6) ----------------------------------------------------------------

DataSet candidate_with_codes()
{
    DataSet candidate;
    candidate.set(sequence_of(tags::ProcedureCodeSequence, {item_of({{tags::CodeValue, VR::SH, "P1"},
                                                                     {tags::CodingSchemeDesignator, VR::SH, "LN"},
                                                                     {tags::CodeMeaning, VR::LO, "First"}}),
                                                            item_of({{tags::CodeValue, VR::SH, "P2"},
                                                                     {tags::CodingSchemeDesignator, VR::SH, "DCM"},
                                                                     {tags::CodeMeaning, VR::LO, "Second"}})}));
    return candidate;
}

TEST(AttributeMatching, SequenceKeyNeedsOneItemMatchingAllItsKeys)
{
    DataSet candidate = candidate_with_codes();
    EXPECT_TRUE(
        matches(sequence_of(tags::ProcedureCodeSequence, {item_of({{tags::CodeValue, VR::SH, "P2"}})}), candidate));
    EXPECT_FALSE(
        matches(sequence_of(tags::ProcedureCodeSequence, {item_of({{tags::CodeValue, VR::SH, "P3"}})}), candidate));
    EXPECT_TRUE(
        matches(sequence_of(tags::ProcedureCodeSequence,
                            {item_of({{tags::CodeValue, VR::SH, "P1"}, {tags::CodingSchemeDesignator, VR::SH, "LN"}})}),
                candidate));
    // Both keys must hold in the same item.
    EXPECT_FALSE(matches(
        sequence_of(tags::ProcedureCodeSequence,
                    {item_of({{tags::CodeValue, VR::SH, "P1"}, {tags::CodingSchemeDesignator, VR::SH, "DCM"}})}),
        candidate));
    EXPECT_TRUE(
        matches(sequence_of(tags::ProcedureCodeSequence, {item_of({{tags::CodeMeaning, VR::LO, "Sec*"}})}), candidate));
    EXPECT_FALSE(
        matches(sequence_of(tags::ProcedureCodeSequence, {item_of({{tags::CodeValue, VR::SH, "P1"}})}), DataSet()));
}

TEST(AttributeMatching, SequenceKeyWithoutConstraintsIsUniversal)
{
    EXPECT_TRUE(matches(sequence_of(tags::ProcedureCodeSequence, {}), DataSet()));
    EXPECT_TRUE(matches(sequence_of(tags::ProcedureCodeSequence, {Item{}}), DataSet()));
    EXPECT_TRUE(matches(sequence_of(tags::ProcedureCodeSequence,
                                    {item_of({{tags::CodeValue, VR::SH, ""}, {tags::CodeMeaning, VR::LO, ""}})}),
                        DataSet()));
}

// --- matches_all ----------------------------------------------------------------------------------

TEST(AttributeMatching, MatchesAllSkipsElementsThatAreNotKeys)
{
    DataSet identifier;
    identifier.set_string(Tag(0x0002, 0x0010), VR::UI, "1.2.840.10008.1.2");
    identifier.set_string(Tag(0x0008, 0x0000), VR::UL, std::string("\x04\0\0\0", 4));
    identifier.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 100");
    identifier.set_string(tags::QueryRetrieveLevel, VR::CS, "STUDY");
    identifier.set_string(tags::QueryRetrieveView, VR::CS, "CLASSIC");
    identifier.set_string(tags::PatientID, VR::LO, "ID1");
    DataSet candidate = with(tags::PatientID, VR::LO, "ID1");
    EXPECT_TRUE(matches_all(identifier, candidate));
    identifier.set_string(tags::StudyDate, VR::DA, "20240101");
    EXPECT_FALSE(matches_all(identifier, candidate));
    candidate.set_string(tags::StudyDate, VR::DA, "20240101");
    EXPECT_TRUE(matches_all(identifier, candidate));
    candidate.set_string(tags::PatientID, VR::LO, "ID2");
    EXPECT_FALSE(matches_all(identifier, candidate));
}

TEST(AttributeMatching, KeysAndCandidatesAreComparedAsDecodedText)
{
    DataSet identifier;
    identifier.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 100");
    identifier.set_string(tags::PatientName, VR::PN, "M\xfcller^Hans");
    DataSet candidate;
    candidate.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 192");
    candidate.set_string(tags::PatientName, VR::PN, "M\xc3\xbcller^Hans");
    EXPECT_TRUE(matches_all(identifier, candidate));
    candidate.set_string(tags::PatientName, VR::PN, "Muller^Hans");
    EXPECT_FALSE(matches_all(identifier, candidate));
}

// --- response_for (C.4.1.2.3) ---------------------------------------------------------------------

TEST(ResponseFor, FillsEveryKeyFromTheCandidate)
{
    DataSet identifier;
    identifier.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 192");
    identifier.set_string(tags::QueryRetrieveLevel, VR::CS, "STUDY");
    identifier.set_string(tags::AccessionNumber, VR::SH, "");
    identifier.set_string(tags::PatientName, VR::PN, "Doe*");
    identifier.set_string(tags::StudyInstanceUID, VR::UI, "");
    identifier.set_string(Tag(0x0002, 0x0010), VR::UI, "1.2.840.10008.1.2");

    DataSet candidate;
    candidate.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 100");
    candidate.set_string(tags::Modality, VR::CS, "CT");
    candidate.set_string(tags::PatientName, VR::PN, "Doe^John");
    candidate.set_string(tags::StudyInstanceUID, VR::UI, "1.2.3");

    DataSet response = response_for(identifier, candidate);
    EXPECT_EQ(response.size(), 5u);
    EXPECT_EQ(text(response, tags::SpecificCharacterSet), "ISO_IR 100");
    EXPECT_EQ(text(response, tags::QueryRetrieveLevel), "STUDY");
    EXPECT_EQ(text(response, tags::PatientName), "Doe^John");
    EXPECT_EQ(text(response, tags::StudyInstanceUID), "1.2.3");
    ASSERT_NE(response.find(tags::AccessionNumber), nullptr);
    EXPECT_EQ(response.find(tags::AccessionNumber)->length(), 0u);
    EXPECT_EQ(response.find(tags::AccessionNumber)->vr, VR::SH);
    EXPECT_FALSE(response.contains(tags::Modality));
    EXPECT_FALSE(response.contains(Tag(0x0002, 0x0010)));
}

TEST(ResponseFor, NoSpecificCharacterSetWhenTheCandidateHasNone)
{
    DataSet identifier;
    identifier.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 100");
    identifier.set_string(tags::PatientID, VR::LO, "");
    DataSet response = response_for(identifier, with(tags::PatientID, VR::LO, "ID1"));
    EXPECT_EQ(response.size(), 1u);
    EXPECT_EQ(text(response, tags::PatientID), "ID1");
}

TEST(ResponseFor, SequenceKeysAreFilledItemByItem)
{
    DataSet candidate = candidate_with_codes();
    DataSet identifier;
    identifier.set(sequence_of(tags::ProcedureCodeSequence, {item_of({{tags::CodeValue, VR::SH, ""}})}));
    DataSet response = response_for(identifier, candidate);
    const Element* sequence = response.find(tags::ProcedureCodeSequence);
    ASSERT_NE(sequence, nullptr);
    ASSERT_NE(sequence->sequence(), nullptr);
    ASSERT_EQ(sequence->sequence()->items.size(), 2u);
    EXPECT_EQ(sequence->sequence()->items[0].data_set.size(), 1u);
    EXPECT_EQ(text(sequence->sequence()->items[0].data_set, tags::CodeValue), "P1");
    EXPECT_EQ(text(sequence->sequence()->items[1].data_set, tags::CodeValue), "P2");
    EXPECT_FALSE(sequence->sequence()->items[1].data_set.contains(tags::CodeMeaning));
}

TEST(ResponseFor, SequenceKeyWithoutItemsGetsTheCandidateItemsWhole)
{
    DataSet identifier;
    identifier.set(sequence_of(tags::ProcedureCodeSequence, {}));
    DataSet response = response_for(identifier, candidate_with_codes());
    const Element* sequence = response.find(tags::ProcedureCodeSequence);
    ASSERT_NE(sequence, nullptr);
    ASSERT_EQ(sequence->sequence()->items.size(), 2u);
    EXPECT_EQ(text(sequence->sequence()->items[1].data_set, tags::CodeMeaning), "Second");

    DataSet empty_response = response_for(identifier, DataSet());
    const Element* empty = empty_response.find(tags::ProcedureCodeSequence);
    ASSERT_NE(empty, nullptr);
    ASSERT_NE(empty->sequence(), nullptr);
    EXPECT_TRUE(empty->sequence()->items.empty());
}

// --- validate_identifier --------------------------------------------------------------------------

DataSet identifier_at(std::string_view level)
{
    return with(tags::QueryRetrieveLevel, VR::CS, level);
}

TEST(ValidateIdentifier, ReturnsTheLevel)
{
    for (auto [text, level] : {std::pair{"PATIENT", QueryLevel::Patient}, std::pair{"STUDY ", QueryLevel::Study},
                               std::pair{"SERIES", QueryLevel::Series}, std::pair{"IMAGE ", QueryLevel::Image}}) {
        auto result = validate_identifier(identifier_at(text));
        ASSERT_TRUE(result) << text << ": " << result.error().message;
        EXPECT_EQ(*result, level);
    }
}

TEST(ValidateIdentifier, NamesAMissingOrUnknownLevel)
{
    auto missing = validate_identifier(with(tags::PatientID, VR::LO, "X"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::InvalidArgument);
    EXPECT_EQ(missing.error().message, "QueryRetrieveLevel (0008,0052) is missing");

    auto unknown = validate_identifier(identifier_at("FRAME "));
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().message,
              "QueryRetrieveLevel (0008,0052) \"FRAME\" is not PATIENT, STUDY, SERIES or IMAGE");
    EXPECT_FALSE(validate_identifier(identifier_at("study")));
    EXPECT_FALSE(validate_identifier(identifier_at("")));

    auto several = validate_identifier(identifier_at("STUDY\\SERIES"));
    ASSERT_FALSE(several);
    EXPECT_EQ(several.error().message, "QueryRetrieveLevel (0008,0052) has 2 values; it takes one");
}

TEST(ValidateIdentifier, NamesMalformedKeys)
{
    DataSet bad_date = identifier_at("STUDY");
    bad_date.set_string(tags::StudyDate, VR::DA, "20241301-");
    auto date = validate_identifier(bad_date);
    ASSERT_FALSE(date);
    EXPECT_EQ(date.error().code, Errc::InvalidArgument);
    EXPECT_EQ(date.error().message.rfind("StudyDate (0008,0020): ", 0), 0u) << date.error().message;

    DataSet midnight = identifier_at("STUDY");
    midnight.set_string(tags::StudyTime, VR::TM, "2200-0200");
    auto time = validate_identifier(midnight);
    ASSERT_FALSE(time);
    EXPECT_EQ(time.error().message.rfind("StudyTime (0008,0030): ", 0), 0u) << time.error().message;

    DataSet wild_uid = identifier_at("SERIES");
    wild_uid.set_string(tags::StudyInstanceUID, VR::UI, "1.2.*");
    auto uid = validate_identifier(wild_uid);
    ASSERT_FALSE(uid);
    EXPECT_EQ(uid.error().message,
              "StudyInstanceUID (0020,000D): \"1.2.*\" has a wild card, which UI keys do not take (PS3.4 C.2.2.2.4)");

    DataSet two_items = identifier_at("STUDY");
    two_items.set(sequence_of(tags::ProcedureCodeSequence, {Item{}, Item{}}));
    auto items = validate_identifier(two_items);
    ASSERT_FALSE(items);
    EXPECT_EQ(items.error().message,
              "ProcedureCodeSequence (0008,1032): a sequence key holds at most one item, not 2 (PS3.4 C.2.2.2.6)");

    DataSet nested = identifier_at("STUDY");
    nested.set(sequence_of(tags::RequestAttributesSequence,
                           {item_of({{tags::ScheduledProcedureStepStartDate, VR::DA, "2024"}})}));
    auto inner = validate_identifier(nested);
    ASSERT_FALSE(inner);
    EXPECT_EQ(inner.error().message.rfind(
                  "RequestAttributesSequence (0040,0275): ScheduledProcedureStepStartDate (0040,0002): ", 0),
              0u)
        << inner.error().message;
}

TEST(ValidateIdentifier, AcceptsWellFormedKeys)
{
    DataSet identifier = identifier_at("STUDY");
    identifier.set_string(tags::StudyDate, VR::DA, "20240101-20241231");
    identifier.set_string(tags::StudyTime, VR::TM, "-1200");
    identifier.set_string(tags::PatientName, VR::PN, "Doe*");
    identifier.set_string(tags::StudyInstanceUID, VR::UI, "1.2.3\\1.2.4");
    identifier.set_string(tags::AcquisitionDateTime, VR::DT, "20240101-0500-20240102-0500");
    identifier.set(sequence_of(tags::ProcedureCodeSequence, {item_of({{tags::CodeValue, VR::SH, ""}})}));
    auto result = validate_identifier(identifier);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(*result, QueryLevel::Study);
}

// --- Levels ---------------------------------------------------------------------------------------

TEST(QueryLevels, ParseAndFormat)
{
    EXPECT_EQ(parse_query_level("PATIENT"), QueryLevel::Patient);
    EXPECT_EQ(parse_query_level(" IMAGE "), QueryLevel::Image);
    EXPECT_EQ(parse_query_level("Image"), std::nullopt);
    EXPECT_EQ(parse_query_level("WORKLIST"), std::nullopt);
    EXPECT_EQ(to_string(QueryLevel::Series), "SERIES");
    EXPECT_EQ(to_string(QueryLevel::Study), "STUDY");
}

TEST(QueryLevels, AttributesBelongToTheirEntity)
{
    EXPECT_EQ(find_attribute_level(tags::PatientBirthDate), QueryLevel::Patient);
    EXPECT_EQ(find_attribute_level(tags::AccessionNumber), QueryLevel::Study);
    EXPECT_EQ(find_attribute_level(tags::PatientAge), QueryLevel::Study);
    EXPECT_EQ(find_attribute_level(tags::Modality), QueryLevel::Series);
    EXPECT_EQ(find_attribute_level(tags::SOPInstanceUID), QueryLevel::Image);
    EXPECT_EQ(find_attribute_level(tags::WindowCenter), std::nullopt);
    EXPECT_EQ(unique_key(QueryLevel::Patient), tags::PatientID);
    EXPECT_EQ(unique_key(QueryLevel::Series), tags::SeriesInstanceUID);
}

} // namespace
} // namespace roentgen::index
