// tests/index/sql_catalog_test.cpp — SqlCatalog on SQLite and on a real PostgreSQL server: levels, computed keys,
// prefilter against MemoryCatalog, replace, remove, schema versions, concurrency.
#include "index/sql_catalog.h"

#include <gtest/gtest.h>

#include <atomic>

#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "dict/generated/tags.h"
#include "index/internal/sql_database.h"
#include "index/memory_catalog.h"
#include "index/postgres/postgres_database.h"
#include "index/sqlite/sqlite_database.h"
#include "support/postgres_server.h"

namespace roentgen::index {
namespace {

constexpr std::string_view CtImage = "1.2.840.10008.5.1.4.1.1.2";
constexpr std::string_view MrImage = "1.2.840.10008.5.1.4.1.1.4";
constexpr std::string_view UsImage = "1.2.840.10008.5.1.4.1.1.6.1";

using Strings = std::vector<std::string>;

struct Instance {
    std::string patient_id, patient_name, study, study_date, series, modality, sop, sop_class;
    std::string accession = "";
};

DataSet attributes_of(const Instance& i)
{
    DataSet a;
    a.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 100");
    a.set_string(tags::SOPClassUID, VR::UI, i.sop_class);
    a.set_string(tags::SOPInstanceUID, VR::UI, i.sop);
    a.set_string(tags::StudyDate, VR::DA, i.study_date);
    a.set_string(tags::AccessionNumber, VR::SH, i.accession);
    a.set_string(tags::Modality, VR::CS, i.modality);
    a.set_string(tags::PatientName, VR::PN, i.patient_name);
    a.set_string(tags::PatientID, VR::LO, i.patient_id);
    a.set_string(tags::StudyInstanceUID, VR::UI, i.study);
    a.set_string(tags::SeriesInstanceUID, VR::UI, i.series);
    return a;
}

CatalogInstance catalog_instance(const Instance& i)
{
    return CatalogInstance{i.study + "/" + i.series + "/" + i.sop + ".dcm", 1000, "1.2.840.10008.1.2.1",
                           attributes_of(i)};
}

// P1 Doe^John: study S1 (series SE1 CT: I1, I2; SE2 MR: I3), study S2 (SE3 CT: I4).
// P2 Roe^Jane: study S3 (SE4 US: I5).
std::vector<Instance> sample()
{
    return {
        {"P1", "Doe^John", "1.1", "20240105", "1.1.1", "CT", "1.1.1.1", std::string(CtImage), "A1"},
        {"P1", "Doe^John", "1.1", "20240105", "1.1.1", "CT", "1.1.1.2", std::string(CtImage), "A1"},
        {"P1", "Doe^John", "1.1", "20240105", "1.1.2", "MR", "1.1.2.1", std::string(MrImage), "A1"},
        {"P1", "Doe^John", "1.2", "20240301", "1.2.1", "CT", "1.2.1.1", std::string(CtImage), "A2"},
        {"P2", "Roe^Jane", "2.1", "20231201", "2.1.1", "US", "2.1.1.1", std::string(UsImage), "B7"},
    };
}

DataSet query(std::string_view level, std::initializer_list<std::tuple<Tag, VR, std::string_view>> keys)
{
    DataSet identifier;
    identifier.set_string(tags::QueryRetrieveLevel, VR::CS, level);
    for (const auto& [tag, vr, value] : keys)
        identifier.set_string(tag, vr, value);
    return identifier;
}

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

Strings values(const std::vector<DataSet>& results, Tag tag)
{
    Strings out;
    for (const DataSet& result : results)
        out.push_back(value(result, tag));
    return out;
}

/// One PostgreSQL server for the whole test binary.
testing::PostgresServer& postgres() { return testing::shared_postgres_server(); }

enum class Backend { Sqlite, Postgresql };

class SqlCatalogTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override
    {
        m_folder = std::filesystem::temp_directory_path() /
                   ("roentgen-sql-catalog-" + std::to_string(::getpid()) + "-" + testing::database_name_for_current_test());
        std::filesystem::remove_all(m_folder);
        std::filesystem::create_directories(m_folder);
        if (GetParam() == Backend::Postgresql) {
            auto uri = postgres().create_database(testing::database_name_for_current_test());
            ASSERT_TRUE(uri) << uri.error().message;
            m_location = *uri;
        } else {
            m_location = (m_folder / "index.sqlite").string();
        }
        m_catalog = open();
        ASSERT_NE(m_catalog, nullptr);
    }
    void TearDown() override
    {
        m_catalog.reset();
        std::filesystem::remove_all(m_folder);
    }

    std::unique_ptr<Catalog> open()
    {
        auto catalog = GetParam() == Backend::Postgresql ? open_postgresql_catalog(m_location)
                                                         : open_sqlite_catalog(m_location, Durability::NoFsync);
        EXPECT_TRUE(catalog) << catalog.error().message;
        return catalog ? std::move(*catalog) : nullptr;
    }

    std::unique_ptr<internal::SqlDatabase> connect()
    {
        auto database = GetParam() == Backend::Postgresql
                            ? internal::open_postgres_database(m_location)
                            : internal::open_sqlite_database(m_location, Durability::NoFsync);
        EXPECT_TRUE(database) << database.error().message;
        return database ? std::move(*database) : nullptr;
    }

    void add(const Instance& instance)
    {
        auto added = m_catalog->add_instance(catalog_instance(instance));
        ASSERT_TRUE(added) << added.error().message;
    }
    void add_sample()
    {
        for (const Instance& instance : sample())
            add(instance);
    }

    std::vector<DataSet> find(QueryLevel level, const DataSet& identifier)
    {
        std::vector<DataSet> results;
        auto found = m_catalog->find(level, identifier, [&](const DataSet& result) {
            results.push_back(result);
            return true;
        });
        EXPECT_TRUE(found) << found.error().message;
        return results;
    }
    Strings locate(QueryLevel level, const DataSet& identifier)
    {
        auto located = m_catalog->locate(level, identifier);
        EXPECT_TRUE(located) << located.error().message;
        return located ? *located : Strings{};
    }

    std::filesystem::path m_folder;
    std::string m_location;
    std::unique_ptr<Catalog> m_catalog;
};

TEST_P(SqlCatalogTest, AddsAndCountsEntities)
{
    add_sample();
    auto counts = m_catalog->counts();
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->patients, 2u);
    EXPECT_EQ(counts->studies, 3u);
    EXPECT_EQ(counts->series, 4u);
    EXPECT_EQ(counts->instances, 5u);
    auto instance = m_catalog->find_instance("1.1.2.1");
    ASSERT_TRUE(instance && *instance);
    EXPECT_EQ((*instance)->storage_key, "1.1/1.1.2/1.1.2.1.dcm");
    EXPECT_EQ((*instance)->sop_class_uid, MrImage);
    EXPECT_EQ((*instance)->transfer_syntax_uid, "1.2.840.10008.1.2.1");
    EXPECT_EQ((*instance)->file_size, 1000u);
    auto missing = m_catalog->find_instance("9.9");
    ASSERT_TRUE(missing);
    EXPECT_FALSE(*missing);
}

TEST_P(SqlCatalogTest, RefusesInstancesWithoutUids)
{
    Instance instance = sample().front();
    instance.series = "";
    auto added = m_catalog->add_instance(catalog_instance(instance));
    ASSERT_FALSE(added);
    EXPECT_EQ(added.error().code, Errc::InvalidArgument);
    EXPECT_NE(added.error().message.find("0020,000E"), std::string::npos) << added.error().message;
}

TEST_P(SqlCatalogTest, PatientLevelWithComputedCounts)
{
    add_sample();
    auto results = find(QueryLevel::Patient, query("PATIENT", {{tags::PatientName, VR::PN, ""},
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
    EXPECT_EQ(values(results, tags::SpecificCharacterSet), (Strings{"ISO_IR 100", "ISO_IR 100"}));
}

TEST_P(SqlCatalogTest, StudyLevelWithDateRangeAndComputedAttributes)
{
    add_sample();
    auto results = find(QueryLevel::Study, query("STUDY", {{tags::StudyDate, VR::DA, "20240101-"},
                                                           {tags::StudyInstanceUID, VR::UI, ""},
                                                           {tags::PatientID, VR::LO, ""},
                                                           {tags::ModalitiesInStudy, VR::CS, ""},
                                                           {tags::SOPClassesInStudy, VR::UI, ""},
                                                           {tags::NumberOfStudyRelatedSeries, VR::IS, ""},
                                                           {tags::NumberOfStudyRelatedInstances, VR::IS, ""}}));
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(values(results, tags::StudyInstanceUID), (Strings{"1.1", "1.2"}));
    EXPECT_EQ(values(results, tags::PatientID), (Strings{"P1", "P1"}));
    EXPECT_EQ(values(results, tags::ModalitiesInStudy), (Strings{"CT\\MR", "CT"}));
    EXPECT_EQ(values(results, tags::SOPClassesInStudy),
              (Strings{std::string(CtImage) + "\\" + std::string(MrImage), std::string(CtImage)}));
    EXPECT_EQ(values(results, tags::NumberOfStudyRelatedSeries), (Strings{"2", "1"}));
    EXPECT_EQ(values(results, tags::NumberOfStudyRelatedInstances), (Strings{"3", "1"}));
    auto by_modality = find(QueryLevel::Study, query("STUDY", {{tags::ModalitiesInStudy, VR::CS, "US\\MR"},
                                                               {tags::StudyInstanceUID, VR::UI, ""}}));
    EXPECT_EQ(values(by_modality, tags::StudyInstanceUID), (Strings{"1.1", "2.1"}));
}

TEST_P(SqlCatalogTest, KeysBelowTheLevelAreIgnoredAndReturnedEmpty)
{
    add_sample();
    auto results = find(QueryLevel::Study, query("STUDY", {{tags::StudyInstanceUID, VR::UI, ""},
                                                           {tags::Modality, VR::CS, "MR"},
                                                           {tags::SOPInstanceUID, VR::UI, "9.9"}}));
    ASSERT_EQ(results.size(), 3u);
    for (const DataSet& result : results) {
        ASSERT_NE(result.find(tags::Modality), nullptr);
        EXPECT_EQ(result.find(tags::Modality)->length(), 0u);
    }
}

TEST_P(SqlCatalogTest, SeriesAndImageLevelsAreRelational)
{
    add_sample();
    auto series = find(QueryLevel::Series, query("SERIES", {{tags::PatientName, VR::PN, "roe^jane"},
                                                            {tags::SeriesInstanceUID, VR::UI, ""},
                                                            {tags::NumberOfSeriesRelatedInstances, VR::IS, ""}}));
    EXPECT_EQ(values(series, tags::SeriesInstanceUID), (Strings{"2.1.1"}));
    EXPECT_EQ(values(series, tags::NumberOfSeriesRelatedInstances), (Strings{"1"}));
    auto images = find(QueryLevel::Image, query("IMAGE", {{tags::SOPInstanceUID, VR::UI, "2.1.1.1\\1.2.1.1"},
                                                          {tags::Modality, VR::CS, ""}}));
    EXPECT_EQ(values(images, tags::SOPInstanceUID), (Strings{"1.2.1.1", "2.1.1.1"}));
    EXPECT_EQ(values(images, tags::Modality), (Strings{"CT", "US"}));
}

TEST_P(SqlCatalogTest, LocateListsEveryInstanceOfTheMatchingEntities)
{
    add_sample();
    EXPECT_EQ(locate(QueryLevel::Study, query("STUDY", {{tags::StudyInstanceUID, VR::UI, "1.1"}})),
              (Strings{"1.1/1.1.1/1.1.1.1.dcm", "1.1/1.1.1/1.1.1.2.dcm", "1.1/1.1.2/1.1.2.1.dcm"}));
    EXPECT_EQ(locate(QueryLevel::Patient, query("PATIENT", {{tags::PatientID, VR::LO, "P2"}})),
              (Strings{"2.1/2.1.1/2.1.1.1.dcm"}));
    EXPECT_EQ(locate(QueryLevel::Series, query("SERIES", {{tags::Modality, VR::CS, "CT"}})).size(), 3u);
    EXPECT_EQ(locate(QueryLevel::Image, query("IMAGE", {{tags::SOPInstanceUID, VR::UI, "1.1.2.1"}})),
              (Strings{"1.1/1.1.2/1.1.2.1.dcm"}));
    EXPECT_EQ(locate(QueryLevel::Study, query("STUDY", {{tags::StudyInstanceUID, VR::UI, "9.9"}})), Strings{});
}

TEST_P(SqlCatalogTest, EmitReturningFalseStopsTheSearch)
{
    for (int i = 0; i < 600; ++i) {
        std::string n = std::to_string(i);
        add({"P" + n, "Many^" + n, "5." + n, "20240101", "5." + n + ".1", "CT", "5." + n + ".1.1", std::string(CtImage)});
    }
    size_t seen = 0;
    auto found = m_catalog->find(QueryLevel::Study, query("STUDY", {{tags::StudyInstanceUID, VR::UI, ""}}),
                                 [&](const DataSet&) { return ++seen < 300; });
    ASSERT_TRUE(found);
    EXPECT_EQ(seen, 300u);
    EXPECT_EQ(find(QueryLevel::Study, query("STUDY", {{tags::PatientName, VR::PN, "many^5*"}})).size(), 111u);
}

TEST_P(SqlCatalogTest, ReplacingAnInstanceMovesItAndPrunesEmptyParents)
{
    add_sample();
    Instance moved = sample()[4];  // the only instance of P2's study 2.1
    moved.patient_id = "P1";
    moved.study = "1.2";
    moved.series = "1.2.9";
    auto replaced = m_catalog->add_instance(catalog_instance(moved));
    ASSERT_TRUE(replaced) << replaced.error().message;
    EXPECT_EQ(replaced->outcome, AddOutcome::Replaced);
    EXPECT_EQ(replaced->replaced_storage_key, "2.1/2.1.1/2.1.1.1.dcm");
    auto counts = m_catalog->counts();
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->patients, 1u);
    EXPECT_EQ(counts->studies, 2u);
    EXPECT_EQ(counts->series, 4u);
    EXPECT_EQ(counts->instances, 5u);
    EXPECT_EQ(locate(QueryLevel::Study, query("STUDY", {{tags::StudyInstanceUID, VR::UI, "1.2"}})),
              (Strings{"1.2/1.2.1/1.2.1.1.dcm", "1.2/1.2.9/2.1.1.1.dcm"}));
    auto again = m_catalog->add_instance(catalog_instance(moved));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->outcome, AddOutcome::Replaced);
    EXPECT_EQ(again->replaced_storage_key, "1.2/1.2.9/2.1.1.1.dcm");
}

TEST_P(SqlCatalogTest, RemoveDeletesEntitiesBelowAndEmptyParents)
{
    add_sample();
    auto series = m_catalog->remove(QueryLevel::Series, "1.1.1");
    ASSERT_TRUE(series) << series.error().message;
    EXPECT_EQ(*series, (Strings{"1.1/1.1.1/1.1.1.1.dcm", "1.1/1.1.1/1.1.1.2.dcm"}));
    auto instance = m_catalog->remove(QueryLevel::Image, "2.1.1.1");
    ASSERT_TRUE(instance);
    EXPECT_EQ(*instance, (Strings{"2.1/2.1.1/2.1.1.1.dcm"}));
    auto counts = m_catalog->counts();
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->patients, 1u);  // P2 had nothing else
    EXPECT_EQ(counts->studies, 2u);
    EXPECT_EQ(counts->series, 2u);
    EXPECT_EQ(counts->instances, 2u);
    auto study = m_catalog->remove(QueryLevel::Study, "1.1");
    ASSERT_TRUE(study);
    EXPECT_EQ(*study, (Strings{"1.1/1.1.2/1.1.2.1.dcm"}));
    auto patient = m_catalog->remove(QueryLevel::Patient, "P1");
    ASSERT_TRUE(patient);
    EXPECT_EQ(*patient, (Strings{"1.2/1.2.1/1.2.1.1.dcm"}));
    auto nothing = m_catalog->remove(QueryLevel::Study, "9.9");
    ASSERT_TRUE(nothing);
    EXPECT_TRUE(nothing->empty());
    counts = m_catalog->counts();
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->patients + counts->studies + counts->series + counts->instances, 0u);
}

TEST_P(SqlCatalogTest, ReopeningKeepsEverything)
{
    add_sample();
    m_catalog.reset();
    m_catalog = open();
    ASSERT_NE(m_catalog, nullptr);
    auto counts = m_catalog->counts();
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->instances, 5u);
    EXPECT_EQ(values(find(QueryLevel::Patient, query("PATIENT", {{tags::PatientName, VR::PN, "Doe*"},
                                                                             {tags::PatientID, VR::LO, ""}})),
                     tags::PatientID),
              (Strings{"P1"}));
}

TEST_P(SqlCatalogTest, RecordsTheSchemaVersionAndRefusesANewerOne)
{
    auto database = connect();
    ASSERT_NE(database, nullptr);
    auto version = database->query("SELECT version FROM schema_version", {});
    ASSERT_TRUE(version) << version.error().message;
    ASSERT_EQ(version->size(), 1u);
    EXPECT_EQ(internal::as_integer(version->front().front()), 1);
    ASSERT_TRUE(database->execute("UPDATE schema_version SET version = 99"));
    m_catalog.reset();
    auto newer = GetParam() == Backend::Postgresql ? open_postgresql_catalog(m_location)
                                                   : open_sqlite_catalog(m_location, Durability::NoFsync);
    ASSERT_FALSE(newer);
    EXPECT_EQ(newer.error().code, Errc::Unsupported);
    EXPECT_NE(newer.error().message.find("99"), std::string::npos) << newer.error().message;
}

TEST_P(SqlCatalogTest, NamesInOtherCharacterSetsMatchAfterDecoding)
{
    Instance latin = sample().front();
    DataSet attributes = attributes_of(latin);
    attributes.set_string(tags::PatientName, VR::PN, "M\xfcller^J\xfcrgen");  // ISO_IR 100
    ASSERT_TRUE(m_catalog->add_instance(CatalogInstance{"a.dcm", 1, "1.2.840.10008.1.2.1", attributes}));
    DataSet identifier = query("PATIENT", {{tags::PatientName, VR::PN, "M\xc3\xbcller*"}, {tags::PatientID, VR::LO, ""}});
    identifier.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 192");
    EXPECT_EQ(values(find(QueryLevel::Patient, identifier), tags::PatientID), (Strings{"P1"}));
    EXPECT_EQ(values(find(QueryLevel::Patient, query("PATIENT", {{tags::PatientName, VR::PN, "m\xfcller^j\xfcrgen^^"}})),
                     tags::PatientName),
              (Strings{"M\xfcller^J\xfcrgen"}));
}

/// Every key form of PS3.4 C.2.2.2 on the indexed columns gives what MemoryCatalog (a scan with no
/// prefilter) gives: the SQL conditions only ever narrow to a superset.
TEST_P(SqlCatalogTest, AgreesWithTheMemoryCatalogOnEveryKeyForm)
{
    MemoryCatalog memory;
    const std::vector<std::string> names{"Smith^John", "SMITH^Anne", "Smithers^Waylon", "Smyth^Joan", "O'Brien^Pat",
                                         "de Smith^Jo", "Smith", "Sm^Tiny"};
    const std::vector<std::string> modalities{"CT", "MR", "US", "CR"};
    for (int p = 0; p < 8; ++p)
        for (int s = 0; s < 3; ++s)
            for (int se = 0; se < 2; ++se) {
                const std::string study = "7." + std::to_string(p) + "." + std::to_string(s);
                const std::string series = study + "." + std::to_string(se);
                const std::string sop = series + ".1";
                Instance instance{"ID" + std::to_string(p), names[p], study,
                                  "2024" + std::string(p % 2 ? "01" : "11") + std::to_string(10 + s + p),
                                  series, modalities[(p + s + se) % 4], sop, std::string(se ? MrImage : CtImage),
                                  "ACC" + std::to_string(p * 10 + s)};
                add(instance);
                memory.add(InstanceRecord{instance.sop, attributes_of(instance)});
            }
    struct Case {
        QueryLevel level;
        DataSet identifier;
    };
    auto study = [](std::initializer_list<std::tuple<Tag, VR, std::string_view>> keys) {
        return Case{QueryLevel::Study, query("STUDY", keys)};
    };
    const std::vector<Case> cases{
        study({{tags::PatientName, VR::PN, "SMITH*"}}),
        study({{tags::PatientName, VR::PN, "smith"}}),
        study({{tags::PatientName, VR::PN, "Smith^John^^"}}),
        study({{tags::PatientName, VR::PN, "Sm?th*"}}),
        study({{tags::PatientName, VR::PN, "*smith*"}}),
        study({{tags::PatientName, VR::PN, "Sm"}}),
        study({{tags::PatientName, VR::PN, "*"}}),
        study({{tags::PatientID, VR::LO, "ID3"}}),
        study({{tags::PatientID, VR::LO, "id3"}}),
        study({{tags::PatientID, VR::LO, "ID*"}}),
        study({{tags::StudyDate, VR::DA, "20240112"}}),
        study({{tags::StudyDate, VR::DA, "20240101-20240115"}}),
        study({{tags::StudyDate, VR::DA, "-20240113"}}),
        study({{tags::StudyDate, VR::DA, "20241115-"}}),
        study({{tags::StudyDate, VR::DA, "2024"}}),
        study({{tags::AccessionNumber, VR::SH, "ACC1*"}}),
        study({{tags::AccessionNumber, VR::SH, "ACC21"}}),
        study({{tags::StudyInstanceUID, VR::UI, "7.1.1\\7.2.2\\7.9.9"}}),
        study({{tags::ModalitiesInStudy, VR::CS, "CR"}}),
        Case{QueryLevel::Series, query("SERIES", {{tags::Modality, VR::CS, "MR"}, {tags::PatientName, VR::PN, "S*"}})},
        Case{QueryLevel::Series, query("SERIES", {{tags::Modality, VR::CS, "M?"}})},
        Case{QueryLevel::Series, query("SERIES", {{tags::StudyInstanceUID, VR::UI, "7.4.2"}})},
        Case{QueryLevel::Image, query("IMAGE", {{tags::SOPClassUID, VR::UI, MrImage}, {tags::StudyDate, VR::DA, "-20240111"}})},
        Case{QueryLevel::Image, query("IMAGE", {{tags::SOPInstanceUID, VR::UI, "7.3.0.1.1\\7.5.2.0.1"}})},
        Case{QueryLevel::Patient, query("PATIENT", {{tags::PatientName, VR::PN, "*o*"}})},
    };
    for (const Case& c : cases) {
        Tag key = unique_key(c.level);
        DataSet identifier = c.identifier;
        identifier.set_string(key, key == tags::PatientID ? VR::LO : VR::UI, "");
        Strings expected = values(memory.find(c.level, identifier), key);
        EXPECT_EQ(values(find(c.level, identifier), key), expected)
            << "level " << to_string(c.level) << ", first key " << to_string(c.identifier.begin()->tag);
    }
}

TEST_P(SqlCatalogTest, ConcurrentAddsOfOneStudyFromTwoCatalogsConverge)
{
    auto other = open();
    ASSERT_NE(other, nullptr);
    auto writer = [&](Catalog* catalog, int base) {
        for (int i = 0; i < 100; ++i) {
            const std::string sop = "8.1.1." + std::to_string(base) + "." + std::to_string(i);
            auto added = catalog->add_instance(
                catalog_instance({"P8", "Same^Patient", "8.1", "20240101", "8.1." + std::to_string(i % 3), "CT", sop,
                                  std::string(CtImage)}));
            EXPECT_TRUE(added) << added.error().message;
        }
    };
    std::thread a(writer, m_catalog.get(), 1);
    std::thread b(writer, other.get(), 2);
    std::thread c(writer, m_catalog.get(), 1);  // the same instances again: replaced, not duplicated
    a.join();
    b.join();
    c.join();
    auto counts = m_catalog->counts();
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->patients, 1u);
    EXPECT_EQ(counts->studies, 1u);
    EXPECT_EQ(counts->series, 3u);
    EXPECT_EQ(counts->instances, 200u);
}

TEST_P(SqlCatalogTest, ManyWritersOfOneCatalogAllCommit)
{
    // On SQLite the writers of one catalog share commits (group commit); each must still get its
    // own outcome, and every instance must be there afterwards.
    constexpr int writers = 6, each = 40;
    std::vector<std::thread> threads;
    std::atomic<int> failed{0};
    for (int w = 0; w < writers; ++w)
        threads.emplace_back([&, w] {
            for (int i = 0; i < each; ++i) {
                const std::string sop = "9.1." + std::to_string(w) + "." + std::to_string(i);
                auto added = m_catalog->add_instance(catalog_instance(
                    {"P9" + std::to_string(i % 2), "Many^Writers", "9." + std::to_string(i % 4), "20240102",
                     "9." + std::to_string(i % 4) + ".1", "CT", sop, std::string(CtImage)}));
                if (!added || added->outcome != AddOutcome::Added)
                    ++failed;
            }
        });
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(failed.load(), 0);
    auto counts = m_catalog->counts();
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->patients, 2u);
    EXPECT_EQ(counts->studies, 4u);
    EXPECT_EQ(counts->instances, uint64_t(writers * each));
    for (int w = 0; w < writers; ++w) {
        auto found = m_catalog->find_instance("9.1." + std::to_string(w) + "." + std::to_string(each - 1));
        ASSERT_TRUE(found);
        EXPECT_TRUE(found->has_value());
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, SqlCatalogTest, ::testing::Values(Backend::Sqlite, Backend::Postgresql),
                         [](const auto& info) { return info.param == Backend::Sqlite ? "Sqlite" : "Postgresql"; });

}  // namespace
}  // namespace roentgen::index
