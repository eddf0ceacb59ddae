// tests/index/memory_catalog_test.cpp — MemoryCatalog: hierarchical C-FIND per level, computed counts, locate,
// replacement.
#include "index/memory_catalog.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "dict/generated/tags.h"

namespace roentgen::index {
namespace {

constexpr std::string_view CtImage = "1.2.840.10008.5.1.4.1.1.2";
constexpr std::string_view MrImage = "1.2.840.10008.5.1.4.1.1.4";
constexpr std::string_view UsImage = "1.2.840.10008.5.1.4.1.1.6.1";

struct Instance {
    std::string_view patient_id, patient_name, study, study_date, series, modality, sop, sop_class;
};

InstanceRecord record(const Instance& i)
{
    InstanceRecord r;
    r.path = std::string("/data/") + std::string(i.sop) + ".dcm";
    DataSet& a = r.attributes;
    a.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 100");
    a.set_string(tags::SOPClassUID, VR::UI, i.sop_class);
    a.set_string(tags::SOPInstanceUID, VR::UI, i.sop);
    a.set_string(tags::StudyDate, VR::DA, i.study_date);
    a.set_string(tags::Modality, VR::CS, i.modality);
    a.set_string(tags::PatientName, VR::PN, i.patient_name);
    a.set_string(tags::PatientID, VR::LO, i.patient_id);
    a.set_string(tags::StudyInstanceUID, VR::UI, i.study);
    a.set_string(tags::SeriesInstanceUID, VR::UI, i.series);
    return r;
}

// P1 Doe^John: study S1 (series SE1 CT: I1, I2; SE2 MR: I3), study S2 (SE3 CT: I4).
// P2 Roe^Jane: study S3 (SE4 US: I5).
void add_sample(MemoryCatalog& catalog)
{
    catalog.add(record({"P1", "Doe^John", "1.1", "20240105", "1.1.1", "CT", "1.1.1.1", CtImage}));
    catalog.add(record({"P1", "Doe^John", "1.1", "20240105", "1.1.1", "CT", "1.1.1.2", CtImage}));
    catalog.add(record({"P1", "Doe^John", "1.1", "20240105", "1.1.2", "MR", "1.1.2.1", MrImage}));
    catalog.add(record({"P1", "Doe^John", "1.2", "20240301", "1.2.1", "CT", "1.2.1.1", CtImage}));
    catalog.add(record({"P2", "Roe^Jane", "2.1", "20231201", "2.1.1", "US", "2.1.1.1", UsImage}));
}

DataSet query(std::string_view level, std::initializer_list<std::tuple<Tag, VR, std::string_view>> keys)
{
    DataSet identifier;
    identifier.set_string(tags::QueryRetrieveLevel, VR::CS, level);
    for (const auto& [tag, vr, value] : keys)
        identifier.set_string(tag, vr, value);
    return identifier;
}

/// The raw value without its padding, every value kept ("CT\\MR"); "(absent)" when missing.
std::string value(const DataSet& data_set, Tag tag)
{
    const Element* element = data_set.find(tag);
    if (element == nullptr)
        return "(absent)";
    std::string_view raw = element->raw_text();
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\0'))
        raw.remove_suffix(1);
    return std::string(raw);
}

std::vector<std::string> values(const std::vector<DataSet>& results, Tag tag)
{
    std::vector<std::string> out;
    for (const DataSet& result : results)
        out.push_back(value(result, tag));
    return out;
}

using Strings = std::vector<std::string>;

TEST(MemoryCatalog, AddCountsInstancesAndReplacesBySopInstanceUid)
{
    MemoryCatalog catalog;
    add_sample(catalog);
    EXPECT_EQ(catalog.size(), 5u);
    InstanceRecord moved = record({"P1", "Doe^John", "1.1", "20240105", "1.1.1", "CT", "1.1.1.1", CtImage});
    moved.path = "/elsewhere/I1.dcm";
    catalog.add(std::move(moved));
    EXPECT_EQ(catalog.size(), 5u);
    EXPECT_EQ(catalog.locate(QueryLevel::Series, query("SERIES", {{tags::SeriesInstanceUID, VR::UI, "1.1.1"}})),
              (Strings{"/elsewhere/I1.dcm", "/data/1.1.1.2.dcm"}));
}

TEST(MemoryCatalog, PatientLevelGivesOneResultPerPatientId)
{
    MemoryCatalog catalog;
    add_sample(catalog);
    auto results =
        catalog.find(QueryLevel::Patient, query("PATIENT", {{tags::PatientName, VR::PN, ""},
                                                            {tags::PatientID, VR::LO, ""},
                                                            {tags::NumberOfPatientRelatedStudies, VR::IS, ""},
                                                            {tags::NumberOfPatientRelatedSeries, VR::IS, ""},
                                                            {tags::NumberOfPatientRelatedInstances, VR::IS, ""}}));
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(values(results, tags::PatientID), (Strings{"P1", "P2"}));
    EXPECT_EQ(values(results, tags::PatientName), (Strings{"Doe^John", "Roe^Jane"}));
    EXPECT_EQ(values(results, tags::NumberOfPatientRelatedStudies), (Strings{"2", "1"}));
    EXPECT_EQ(values(results, tags::NumberOfPatientRelatedSeries), (Strings{"3", "1"}));
    EXPECT_EQ(values(results, tags::NumberOfPatientRelatedInstances), (Strings{"4", "1"}));
    EXPECT_EQ(values(results, tags::QueryRetrieveLevel), (Strings{"PATIENT", "PATIENT"}));
    EXPECT_EQ(values(results, tags::SpecificCharacterSet), (Strings{"ISO_IR 100", "ISO_IR 100"}));
    EXPECT_EQ(results[0].size(), 7u);
}

TEST(MemoryCatalog, PatientLevelMatchesNamesWithWildCards)
{
    MemoryCatalog catalog;
    add_sample(catalog);
    auto results = catalog.find(QueryLevel::Patient,
                                query("PATIENT", {{tags::PatientName, VR::PN, "roe*"}, {tags::PatientID, VR::LO, ""}}));
    EXPECT_EQ(values(results, tags::PatientID), (Strings{"P2"}));
}

TEST(MemoryCatalog, StudyLevelWithDateRangeAndComputedAttributes)
{
    MemoryCatalog catalog;
    add_sample(catalog);
    auto results = catalog.find(QueryLevel::Study, query("STUDY", {{tags::StudyDate, VR::DA, "20240101-"},
                                                                   {tags::StudyInstanceUID, VR::UI, ""},
                                                                   {tags::PatientID, VR::LO, ""},
                                                                   {tags::ModalitiesInStudy, VR::CS, ""},
                                                                   {tags::SOPClassesInStudy, VR::UI, ""},
                                                                   {tags::NumberOfStudyRelatedSeries, VR::IS, ""},
                                                                   {tags::NumberOfStudyRelatedInstances, VR::IS, ""}}));
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(values(results, tags::StudyInstanceUID), (Strings{"1.1", "1.2"}));
    EXPECT_EQ(values(results, tags::StudyDate), (Strings{"20240105", "20240301"}));
    EXPECT_EQ(values(results, tags::PatientID), (Strings{"P1", "P1"}));
    EXPECT_EQ(values(results, tags::ModalitiesInStudy), (Strings{"CT\\MR", "CT"}));
    EXPECT_EQ(values(results, tags::SOPClassesInStudy),
              (Strings{std::string(CtImage) + "\\" + std::string(MrImage), std::string(CtImage)}));
    EXPECT_EQ(values(results, tags::NumberOfStudyRelatedSeries), (Strings{"2", "1"}));
    EXPECT_EQ(values(results, tags::NumberOfStudyRelatedInstances), (Strings{"3", "1"}));
}

TEST(MemoryCatalog, ComputedAttributesAreMatchingKeys)
{
    MemoryCatalog catalog;
    add_sample(catalog);
    auto by_modality = [&](std::string_view modalities) {
        return values(catalog.find(QueryLevel::Study, query("STUDY", {{tags::ModalitiesInStudy, VR::CS, modalities},
                                                                      {tags::StudyInstanceUID, VR::UI, ""}})),
                      tags::StudyInstanceUID);
    };
    EXPECT_EQ(by_modality("MR"), (Strings{"1.1"}));
    EXPECT_EQ(by_modality("CT"), (Strings{"1.1", "1.2"}));
    EXPECT_EQ(by_modality("US\\MR"), (Strings{"1.1", "2.1"}));
    EXPECT_EQ(by_modality("XA"), Strings{});
    auto by_count = catalog.find(QueryLevel::Study, query("STUDY", {{tags::NumberOfStudyRelatedInstances, VR::IS, "3"},
                                                                    {tags::StudyInstanceUID, VR::UI, ""}}));
    EXPECT_EQ(values(by_count, tags::StudyInstanceUID), (Strings{"1.1"}));
}

TEST(MemoryCatalog, KeysBelowTheLevelAreIgnoredAndReturnedEmpty)
{
    MemoryCatalog catalog;
    add_sample(catalog);
    auto results =
        catalog.find(QueryLevel::Study, query("STUDY", {{tags::StudyInstanceUID, VR::UI, ""},
                                                        {tags::Modality, VR::CS, "MR"},
                                                        {tags::SOPInstanceUID, VR::UI, "9.9"},
                                                        {tags::NumberOfSeriesRelatedInstances, VR::IS, ""}}));
    ASSERT_EQ(results.size(), 3u);
    EXPECT_EQ(values(results, tags::StudyInstanceUID), (Strings{"1.1", "1.2", "2.1"}));
    for (const DataSet& result : results) {
        ASSERT_NE(result.find(tags::Modality), nullptr);
        EXPECT_EQ(result.find(tags::Modality)->length(), 0u);
        ASSERT_NE(result.find(tags::SOPInstanceUID), nullptr);
        EXPECT_EQ(result.find(tags::SOPInstanceUID)->length(), 0u);
        ASSERT_NE(result.find(tags::NumberOfSeriesRelatedInstances), nullptr);
        EXPECT_EQ(result.find(tags::NumberOfSeriesRelatedInstances)->length(), 0u);
    }
}

TEST(MemoryCatalog, SeriesLevelWithinAStudy)
{
    MemoryCatalog catalog;
    add_sample(catalog);
    auto results =
        catalog.find(QueryLevel::Series, query("SERIES", {{tags::StudyInstanceUID, VR::UI, "1.1"},
                                                          {tags::SeriesInstanceUID, VR::UI, ""},
                                                          {tags::Modality, VR::CS, ""},
                                                          {tags::NumberOfSeriesRelatedInstances, VR::IS, ""},
                                                          {tags::NumberOfStudyRelatedInstances, VR::IS, ""}}));
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(values(results, tags::SeriesInstanceUID), (Strings{"1.1.1", "1.1.2"}));
    EXPECT_EQ(values(results, tags::Modality), (Strings{"CT", "MR"}));
    EXPECT_EQ(values(results, tags::NumberOfSeriesRelatedInstances), (Strings{"2", "1"}));
    // Study attributes are of the series' study.
    EXPECT_EQ(values(results, tags::NumberOfStudyRelatedInstances), (Strings{"3", "3"}));
}

TEST(MemoryCatalog, SeriesLevelIsRelational)
{
    MemoryCatalog catalog;
    add_sample(catalog);
    auto results =
        catalog.find(QueryLevel::Series,
                     query("SERIES", {{tags::PatientName, VR::PN, "Roe^Jane"}, {tags::SeriesInstanceUID, VR::UI, ""}}));
    EXPECT_EQ(values(results, tags::SeriesInstanceUID), (Strings{"2.1.1"}));
    auto ct = catalog.find(QueryLevel::Series,
                           query("SERIES", {{tags::Modality, VR::CS, "CT"}, {tags::SeriesInstanceUID, VR::UI, ""}}));
    EXPECT_EQ(values(ct, tags::SeriesInstanceUID), (Strings{"1.1.1", "1.2.1"}));
}

TEST(MemoryCatalog, ImageLevelWithinASeries)
{
    MemoryCatalog catalog;
    add_sample(catalog);
    auto results = catalog.find(QueryLevel::Image, query("IMAGE", {{tags::SeriesInstanceUID, VR::UI, "1.1.1"},
                                                                   {tags::SOPInstanceUID, VR::UI, ""},
                                                                   {tags::SOPClassUID, VR::UI, ""}}));
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(values(results, tags::SOPInstanceUID), (Strings{"1.1.1.1", "1.1.1.2"}));
    EXPECT_EQ(values(results, tags::SOPClassUID), (Strings{std::string(CtImage), std::string(CtImage)}));
    auto listed = catalog.find(QueryLevel::Image, query("IMAGE", {{tags::SOPInstanceUID, VR::UI, "2.1.1.1\\1.2.1.1"}}));
    EXPECT_EQ(values(listed, tags::SOPInstanceUID), (Strings{"1.2.1.1", "2.1.1.1"}));
}

TEST(MemoryCatalog, LocateListsEveryInstanceOfTheMatchingEntities)
{
    MemoryCatalog catalog;
    add_sample(catalog);
    EXPECT_EQ(catalog.locate(QueryLevel::Study, query("STUDY", {{tags::StudyInstanceUID, VR::UI, "1.1"}})),
              (Strings{"/data/1.1.1.1.dcm", "/data/1.1.1.2.dcm", "/data/1.1.2.1.dcm"}));
    EXPECT_EQ(catalog.locate(QueryLevel::Patient, query("PATIENT", {{tags::PatientID, VR::LO, "P2"}})),
              (Strings{"/data/2.1.1.1.dcm"}));
    EXPECT_EQ(catalog.locate(QueryLevel::Series, query("SERIES", {{tags::Modality, VR::CS, "CT"}})),
              (Strings{"/data/1.1.1.1.dcm", "/data/1.1.1.2.dcm", "/data/1.2.1.1.dcm"}));
    EXPECT_EQ(catalog.locate(QueryLevel::Image, query("IMAGE", {{tags::SOPInstanceUID, VR::UI, "1.1.2.1"}})),
              (Strings{"/data/1.1.2.1.dcm"}));
    EXPECT_EQ(catalog.locate(QueryLevel::Study, query("STUDY", {{tags::StudyInstanceUID, VR::UI, "9.9"}})), Strings{});
    // A study matched on a patient key brings all its instances, not only those the key was read from.
    EXPECT_EQ(catalog.locate(QueryLevel::Study, query("STUDY", {{tags::ModalitiesInStudy, VR::CS, "MR"}})).size(), 3u);
}

TEST(MemoryCatalog, InstancesWithoutTheLevelKeyAreSkippedAtThatLevel)
{
    MemoryCatalog catalog;
    add_sample(catalog);
    InstanceRecord orphan = record({"P3", "Poe^Ed", "", "20240101", "", "OT", "3.1", CtImage});
    catalog.add(std::move(orphan));
    EXPECT_EQ(catalog.size(), 6u);
    auto patients = catalog.find(QueryLevel::Patient, query("PATIENT", {{tags::PatientID, VR::LO, ""}}));
    EXPECT_EQ(values(patients, tags::PatientID), (Strings{"P1", "P2", "P3"}));
    auto studies = catalog.find(QueryLevel::Study, query("STUDY", {{tags::PatientID, VR::LO, "P3"}}));
    EXPECT_TRUE(studies.empty());
    auto images = catalog.find(QueryLevel::Image,
                               query("IMAGE", {{tags::PatientID, VR::LO, "P3"}, {tags::SOPInstanceUID, VR::UI, ""}}));
    EXPECT_EQ(values(images, tags::SOPInstanceUID), (Strings{"3.1"}));
}

TEST(MemoryCatalog, PixelDataIsDroppedOnAdd)
{
    MemoryCatalog catalog;
    InstanceRecord r = record({"P1", "Doe^John", "1.1", "20240105", "1.1.1", "CT", "1.1.1.1", CtImage});
    r.attributes.set(Element(tags::PixelData, VR::OW, std::string(8, '\x7f')));
    catalog.add(std::move(r));
    auto results = catalog.find(QueryLevel::Image, query("IMAGE", {{tags::PixelData, VR::OW, ""}}));
    ASSERT_EQ(results.size(), 1u);
    ASSERT_NE(results[0].find(tags::PixelData), nullptr);
    EXPECT_EQ(results[0].find(tags::PixelData)->length(), 0u);
}

TEST(MemoryCatalog, AnEntityMatchesWhenAnyOfItsInstancesDoes)
{
    MemoryCatalog catalog;
    add_sample(catalog);
    // A later instance of study 1.1 spells the name differently; the study matches on either spelling.
    catalog.add(record({"P1", "DOE^JOHN^^MR", "1.1", "20240105", "1.1.2", "MR", "1.1.2.2", MrImage}));
    auto results = catalog.find(QueryLevel::Study, query("STUDY", {{tags::PatientName, VR::PN, "doe^john^^mr"},
                                                                   {tags::StudyInstanceUID, VR::UI, ""}}));
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(value(results[0], tags::StudyInstanceUID), "1.1");
    EXPECT_EQ(value(results[0], tags::PatientName), "DOE^JOHN^^MR");
}

TEST(MemoryCatalog, ConcurrentAddsAndFinds)
{
    MemoryCatalog catalog;
    auto writer = [&](int base) {
        for (int i = 0; i < 200; ++i) {
            std::string sop = std::to_string(base) + "." + std::to_string(i);
            catalog.add(record({"P1", "Doe^John", "1.1", "20240105", "1.1.1", "CT", sop, CtImage}));
            (void)catalog.find(QueryLevel::Study, query("STUDY", {{tags::StudyInstanceUID, VR::UI, "1.1"}}));
        }
    };
    std::thread a(writer, 1);
    std::thread b(writer, 2);
    a.join();
    b.join();
    EXPECT_EQ(catalog.size(), 400u);
    auto results =
        catalog.find(QueryLevel::Series, query("SERIES", {{tags::NumberOfSeriesRelatedInstances, VR::IS, ""}}));
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(value(results[0], tags::NumberOfSeriesRelatedInstances), "400");
}

} // namespace
} // namespace roentgen::index
