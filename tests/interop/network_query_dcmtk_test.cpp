// tests/interop/network_query_dcmtk_test.cpp — `roentgen receive --query` as a Query/Retrieve SCP for
// DCMTK 3.6.7's findscu, movescu and getscu: an archive of corpus files (some found in --dir at start,
// some sent with `roentgen store` afterwards), C-FIND at every level of Patient and Study Root (computed
// counts, wild cards, date ranges, UID lists, no match, a worklist it does not serve), C-MOVE to
// `roentgen receive` and storescp (byte-identical; a refused syntax listed in the Failed SOP Instance
// UID List; an unknown destination), C-GET (byte-identical;
// compressed files the SCU did not propose fail) and C-CANCEL of a C-FIND.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "interop/network_support.h"

namespace roentgen {
namespace {

using namespace network_testing;

/// A corpus file in the archive: copied to `in_folder` (relative to --dir) before the SCP starts, or
/// sent with `roentgen store` once it runs when `in_folder` is null.
struct ArchiveFile {
    const char* relative;
    const char* in_folder;
};

constexpr ArchiveFile archive_files[] = {
    {"pydicom/test_files/CT_small.dcm", "CT_small.dcm"},  // 1CT1, study of 2004-01-19, explicit VR LE
    {"wearemothership-dicom-test-files/medical.nema.org/compsamples_jpegls/IMAGES/JLSL/CT1_JLSL",
     "ct/CT1_JLSL.dcm"},                                    // 1CT1 again, another study, JPEG-LS lossless
    {"dcm4che/assembly-testdata/MR01.dcm", "mr/MR01.dcm"},  // DOE^J1, implicit VR LE
    {"dcm4che/assembly-testdata/MR02.dcm", "mr/MR02.dcm"},
    {"pydicom/test_files/rtplan.dcm", "rt/plan.dcm"},            // RTPLAN, implicit VR LE
    {"pydicom-data/liver_rle.dcm", "seg/liver_rle.dcm"},         // SEG, RLE lossless
    {"dcm4che/assembly-testdata/MR03.dcm", nullptr},             // DOE^J1's study, from both ways
    {"dcm4che/assembly-testdata/MR04.dcm", nullptr},
    {"pydicom/test_files/MR_small_implicit.dcm", nullptr},       // CompressedSamples^MR1
    {"pydicom-data/MR2_UNCR.dcm", nullptr},                      // CompressedSamples^MR2
    {"pydicom/test_files/test-SR.dcm", nullptr},                 // SR, empty Patient ID and Study Date
    {"pydicom-data/liver_expb.dcm", nullptr},                    // SEG, the RLE one's study, another series
};
constexpr size_t scanned_count = 6;

std::string text_of(const DataSet& data_set, Tag tag) { return trimmed_uid(data_set.find_string(tag)); }

/// One archived instance: its original file and the attributes queries are about.
struct Instance {
    std::string relative;
    std::string path;
    StoredObject object;
    std::string patient_id, patient_name, study_uid, study_date, series_uid, modality;
};

/// The archive's files, read from the corpus.
::testing::AssertionResult load_instances(std::vector<Instance>& instances)
{
    for (const auto& file : archive_files) {
        Instance instance{file.relative, corpus_path(file.relative), {}, {}, {}, {}, {}, {}, {}};
        instance.object = read_object(instance.path);
        auto header = read_part10_file(instance.path, ReadOptions().with_stop_before(tags::PixelData));
        if (!instance.object.error.empty() || !header)
            return ::testing::AssertionFailure() << file.relative << ": " << instance.object.error;
        const auto& data_set = header->data_set;
        instance.patient_id = text_of(data_set, tags::PatientID);
        instance.patient_name = text_of(data_set, tags::PatientName);
        instance.study_uid = text_of(data_set, tags::StudyInstanceUID);
        instance.study_date = text_of(data_set, tags::StudyDate);
        instance.series_uid = text_of(data_set, tags::SeriesInstanceUID);
        instance.modality = text_of(data_set, tags::Modality);
        if (instance.study_uid.empty() || instance.series_uid.empty() || instance.object.sop_instance_uid.empty())
            return ::testing::AssertionFailure() << file.relative << ": no Study, Series or SOP Instance UID";
        instances.push_back(std::move(instance));
    }
    return ::testing::AssertionSuccess();
}

/// The C-FIND responses findscu -X wrote (rsp0001.dcm, ...), in the order they came.
std::vector<DataSet> responses_in(const std::string& folder)
{
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder))
        names.push_back(entry.path().string());
    std::sort(names.begin(), names.end());
    std::vector<DataSet> responses;
    for (const auto& name : names) {
        auto file = read_part10_file(name);
        EXPECT_TRUE(file) << name << ": " << (file ? "" : file.error().message);
        if (file)
            responses.push_back(std::move(file->data_set));
    }
    return responses;
}

/// Responses by the value of `key`, which must be distinct.
std::map<std::string, DataSet> by(const std::vector<DataSet>& responses, Tag key)
{
    std::map<std::string, DataSet> found;
    for (const auto& response : responses)
        EXPECT_TRUE(found.emplace(text_of(response, key), response).second)
            << "two responses for " << text_of(response, key);
    return found;
}

std::set<std::string> keys_of(const std::map<std::string, DataSet>& map)
{
    std::set<std::string> keys;
    for (const auto& [key, value] : map)
        keys.insert(key);
    return keys;
}

/// The final C-FIND/C-MOVE status as findscu/movescu -v log it ("Received Final Find Response (Success)").
std::string final_status(const std::string& log, const std::string& what)
{
    const std::string marker = "Received Final " + what + " Response (";
    const auto at = log.rfind(marker);
    if (at == std::string::npos)
        return "(no final response)";
    const auto end = log.find(")\n", at);
    return log.substr(at + marker.size(), end == std::string::npos ? std::string::npos : end - at - marker.size());
}

/// The archive (`roentgen receive --query`, AE QR) and the C-MOVE destinations it knows: DEST
/// (`roentgen receive`), STORESCP (storescp +B +xa) and PLAIN (storescp +B, uncompressed syntaxes
/// only), for every test of the suite.
class NetworkQueryScp : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        scratch = std::make_unique<Scratch>("qrscp");
        ready = start();
    }
    static void TearDownTestSuite()
    {
        archive.process.stop();
        destination.process.stop();
        storescp.stop();
        plain.stop();
        scratch.reset();
    }
    void SetUp() override
    {
        ASSERT_TRUE(ready);
        ASSERT_TRUE(archive.process.running()) << archive.process.log();
    }

    static ::testing::AssertionResult start()
    {
        if (auto loaded = load_instances(instances); !loaded)
            return loaded;
        const auto folder = scratch->folder("archive");
        for (size_t i = 0; i < scanned_count; ++i) {
            const auto target = fs::path(folder) / archive_files[i].in_folder;
            fs::create_directories(target.parent_path());
            fs::copy_file(instances[i].path, target);
        }
        if (auto started = start_receiver(destination, *scratch, "dest", {"--aet", "DEST", "--no-fsync"}); !started)
            return started;
        storescp_folder = scratch->folder("storescp");
        storescp_port = free_port();
        if (auto started = storescp.start({"storescp", "-aet", "STORESCP", "-od", storescp_folder, "+B", "+xa",
                                           std::to_string(storescp_port)},
                                          scratch->file("storescp.log"));
            !started)
            return started;
        if (auto listening = wait_until_listening(storescp, storescp_port); !listening)
            return listening;
        plain_folder = scratch->folder("plain");
        plain_port = free_port();
        if (auto started = plain.start({"storescp", "-aet", "PLAIN", "-od", plain_folder, "+B",
                                        std::to_string(plain_port)},
                                       scratch->file("plain.log"));
            !started)
            return started;
        if (auto listening = wait_until_listening(plain, plain_port); !listening)
            return listening;
        if (auto started = start_receiver(archive, *scratch, "archive",
                                          {"--aet", "QR", "--query", "--destination",
                                           "DEST=127.0.0.1:" + std::to_string(destination.port), "--destination",
                                           "STORESCP=127.0.0.1:" + std::to_string(storescp_port), "--destination",
                                           "PLAIN=127.0.0.1:" + std::to_string(plain_port)});
            !started)
            return started;
        const auto log = archive.process.log();
        if (log.find(std::to_string(scanned_count) + " instance(s) in " + folder + " answer queries") ==
            std::string::npos)
            return ::testing::AssertionFailure() << "the scan did not find the copied files:\n" << log;
        std::vector<std::string> store = {roentgen_binary().string(), "store", archive.peer("QR")};
        for (size_t i = scanned_count; i < instances.size(); ++i)
            store.push_back(instances[i].path);
        auto stored = run(store, scratch->file("store.log"));
        if (stored.status != 0)
            return ::testing::AssertionFailure() << joined(store) << ":\n" << stored.output;
        return ::testing::AssertionSuccess();
    }

    /// findscu -v (information model option first) with `keys`, responses extracted to a new folder.
    struct Find {
        Outcome outcome;
        std::vector<DataSet> responses;
        std::string status;
    };
    static Find findscu(const std::vector<std::string>& options, const std::vector<std::string>& keys)
    {
        const std::string name = "find-" + std::to_string(++runs);
        const auto out = scratch->folder(name);
        std::vector<std::string> argv = {"findscu", "-v", "-aec", "QR"};
        argv.insert(argv.end(), options.begin(), options.end());
        for (const auto& key : keys)
            argv.insert(argv.end(), {"-k", key});
        argv.insert(argv.end(), {"-X", "-od", out, "127.0.0.1", std::to_string(archive.port)});
        Find find;
        find.outcome = run(argv, scratch->file(name + ".log"));
        find.outcome.output = joined(argv) + "\n" + find.outcome.output;
        find.responses = responses_in(out);
        find.status = final_status(find.outcome.output, "Find");
        return find;
    }

    /// movescu/getscu -v with `options` and `keys` against the archive.
    static Outcome retrieve(const std::string& tool, const std::vector<std::string>& options,
                            const std::vector<std::string>& keys)
    {
        const std::string name = tool + "-" + std::to_string(++runs);
        std::vector<std::string> argv = {tool, "-v", "-aec", "QR"};
        argv.insert(argv.end(), options.begin(), options.end());
        for (const auto& key : keys)
            argv.insert(argv.end(), {"-k", key});
        argv.insert(argv.end(), {"127.0.0.1", std::to_string(archive.port)});
        auto outcome = run(argv, scratch->file(name + ".log"));
        outcome.output = joined(argv) + "\n" + outcome.output;
        return outcome;
    }

    /// The instances `predicate` selects.
    template <typename Predicate>
    static std::vector<const Instance*> select(Predicate predicate)
    {
        std::vector<const Instance*> selected;
        for (const auto& instance : instances)
            if (predicate(instance))
                selected.push_back(&instance);
        return selected;
    }
    static std::set<std::string> studies_of(const std::vector<const Instance*>& selected)
    {
        std::set<std::string> uids;
        for (const auto* instance : selected)
            uids.insert(instance->study_uid);
        return uids;
    }
    static const Instance& archived(const std::string& relative_end)
    {
        for (const auto& instance : instances)
            if (instance.relative.ends_with(relative_end))
                return instance;
        throw std::runtime_error("no archive file " + relative_end);
    }

    /// Each selected instance is in `folder` (a retrieve's destination) once, in its own syntax with
    /// the same data set bytes, and nothing else is.
    static void expect_exactly(const std::string& folder, const std::vector<const Instance*>& expected)
    {
        auto received = received_objects(folder);
        EXPECT_EQ(received.size(), expected.size());
        for (const auto* instance : expected) {
            SCOPED_TRACE(instance->relative);
            auto found = received.find(instance->object.sop_instance_uid);
            if (found == received.end()) {
                ADD_FAILURE() << "did not arrive in " << folder;
                continue;
            }
            EXPECT_EQ(found->second.error, "");
            EXPECT_EQ(found->second.sop_class_uid, instance->object.sop_class_uid);
            EXPECT_EQ(found->second.transfer_syntax_uid, instance->object.transfer_syntax_uid);
            EXPECT_TRUE(same_data_set(instance->object.data_set, found->second.data_set));
        }
    }

    static void empty_folder(const std::string& folder)
    {
        for (const auto& entry : fs::directory_iterator(folder))
            fs::remove_all(entry.path());
    }

    static inline std::unique_ptr<Scratch> scratch;
    static inline std::vector<Instance> instances;
    static inline Receiver archive, destination;
    static inline Process storescp, plain;
    static inline uint16_t storescp_port = 0, plain_port = 0;
    static inline std::string storescp_folder, plain_folder;
    static inline int runs = 0;
    static inline ::testing::AssertionResult ready = ::testing::AssertionFailure();
};

// ---------------------------------------------------------------------------------------------
// C-FIND

// Every study, from files found at start and files stored since (DOE^J1's study has two of each),
// with the values of the files and the counts computed over the archive.
TEST_F(NetworkQueryScp, StudyLevelFindsScannedAndStoredInstances)
{
    // The stored files are in the archive's folder now, as received.
    for (size_t i = scanned_count; i < instances.size(); ++i)
        EXPECT_TRUE(fs::exists(fs::path(archive.folder) / (instances[i].object.sop_instance_uid + ".dcm")))
            << instances[i].relative;

    auto find = findscu({"-S"}, {"QueryRetrieveLevel=STUDY", "StudyInstanceUID", "PatientName", "PatientID",
                                 "StudyDate", "NumberOfStudyRelatedInstances", "NumberOfStudyRelatedSeries",
                                 "ModalitiesInStudy"});
    EXPECT_EQ(find.outcome.status, 0) << find.outcome.output;
    EXPECT_EQ(find.status, "Success") << find.outcome.output;
    auto studies = by(find.responses, tags::StudyInstanceUID);
    EXPECT_EQ(studies.size(), find.responses.size());
    EXPECT_EQ(keys_of(studies), studies_of(select([](const Instance&) { return true; })));
    for (const auto& [uid, response] : studies) {
        SCOPED_TRACE(uid);
        auto members = select([&](const Instance& instance) { return instance.study_uid == uid; });
        ASSERT_FALSE(members.empty());
        std::set<std::string> series, modalities;
        for (const auto* member : members) {
            series.insert(member->series_uid);
            modalities.insert(member->modality);
        }
        std::string modalities_text;
        for (const auto& modality : modalities)
            modalities_text += (modalities_text.empty() ? "" : "\\") + modality;
        EXPECT_EQ(text_of(response, tags::QueryRetrieveLevel), "STUDY");
        EXPECT_EQ(text_of(response, tags::PatientName), members[0]->patient_name);
        EXPECT_EQ(text_of(response, tags::PatientID), members[0]->patient_id);
        EXPECT_EQ(text_of(response, tags::StudyDate), members[0]->study_date);
        EXPECT_EQ(text_of(response, tags::NumberOfStudyRelatedInstances), std::to_string(members.size()));
        EXPECT_EQ(text_of(response, tags::NumberOfStudyRelatedSeries), std::to_string(series.size()));
        EXPECT_EQ(text_of(response, tags::ModalitiesInStudy), modalities_text);
        // Keys not asked for are not returned.
        EXPECT_FALSE(response.contains(tags::SeriesInstanceUID));
        EXPECT_FALSE(response.contains(tags::SOPInstanceUID));
    }
    const auto& mr = archived("MR01.dcm");
    ASSERT_TRUE(studies.contains(mr.study_uid));
    EXPECT_EQ(text_of(studies[mr.study_uid], tags::NumberOfStudyRelatedInstances), "4");
    EXPECT_EQ(text_of(studies[mr.study_uid], tags::PatientName), "DOE^J1");
}

// Patient Root, PATIENT level: one response per Patient ID (the SR's empty one included), with its
// studies and instances counted; Study Root has no PATIENT level (A900).
TEST_F(NetworkQueryScp, PatientLevelInPatientRootOnly)
{
    auto find = findscu({"-P"}, {"QueryRetrieveLevel=PATIENT", "PatientID", "PatientName",
                                 "NumberOfPatientRelatedStudies", "NumberOfPatientRelatedInstances"});
    EXPECT_EQ(find.outcome.status, 0) << find.outcome.output;
    EXPECT_EQ(find.status, "Success") << find.outcome.output;
    auto patients = by(find.responses, tags::PatientID);
    std::set<std::string> expected;
    for (const auto& instance : instances)
        expected.insert(instance.patient_id);
    EXPECT_EQ(keys_of(patients), expected);
    for (const auto& [id, response] : patients) {
        SCOPED_TRACE(id);
        auto members = select([&](const Instance& instance) { return instance.patient_id == id; });
        ASSERT_FALSE(members.empty());
        EXPECT_EQ(text_of(response, tags::QueryRetrieveLevel), "PATIENT");
        EXPECT_EQ(text_of(response, tags::PatientName), members[0]->patient_name);
        EXPECT_EQ(text_of(response, tags::NumberOfPatientRelatedStudies), std::to_string(studies_of(members).size()));
        EXPECT_EQ(text_of(response, tags::NumberOfPatientRelatedInstances), std::to_string(members.size()));
        EXPECT_FALSE(response.contains(tags::StudyInstanceUID));
    }
    ASSERT_TRUE(patients.contains("1CT1"));
    EXPECT_EQ(text_of(patients["1CT1"], tags::NumberOfPatientRelatedStudies), "2");

    // The same identifier in Study Root: refused, nothing matched.
    auto study_root = findscu({"-S"}, {"QueryRetrieveLevel=PATIENT", "PatientID"});
    EXPECT_TRUE(study_root.responses.empty()) << study_root.outcome.output;
    EXPECT_EQ(study_root.status, "Error: DataSetDoesNotMatchSOPClass") << study_root.outcome.output;
}

// SERIES and IMAGE levels under a given study (and series): the SEG study has two series of one
// instance each, DOE^J1's one series of four, two found at start and two stored.
TEST_F(NetworkQueryScp, SeriesAndImageLevelsUnderTheirParents)
{
    const auto& rle = archived("liver_rle.dcm");
    const auto& big_endian = archived("liver_expb.dcm");
    ASSERT_EQ(rle.study_uid, big_endian.study_uid);
    ASSERT_NE(rle.series_uid, big_endian.series_uid);
    auto seg = findscu({"-S"}, {"QueryRetrieveLevel=SERIES", "StudyInstanceUID=" + rle.study_uid, "SeriesInstanceUID",
                                "Modality", "NumberOfSeriesRelatedInstances"});
    EXPECT_EQ(seg.status, "Success") << seg.outcome.output;
    auto series = by(seg.responses, tags::SeriesInstanceUID);
    EXPECT_EQ(keys_of(series), (std::set<std::string>{rle.series_uid, big_endian.series_uid}));
    for (const auto& [uid, response] : series) {
        EXPECT_EQ(text_of(response, tags::QueryRetrieveLevel), "SERIES");
        EXPECT_EQ(text_of(response, tags::StudyInstanceUID), rle.study_uid);
        EXPECT_EQ(text_of(response, tags::Modality), "SEG");
        EXPECT_EQ(text_of(response, tags::NumberOfSeriesRelatedInstances), "1");
    }

    const auto& mr = archived("MR01.dcm");
    auto mr_series = findscu({"-S"}, {"QueryRetrieveLevel=SERIES", "StudyInstanceUID=" + mr.study_uid,
                                      "SeriesInstanceUID", "NumberOfSeriesRelatedInstances"});
    ASSERT_EQ(mr_series.responses.size(), 1u) << mr_series.outcome.output;
    EXPECT_EQ(text_of(mr_series.responses[0], tags::SeriesInstanceUID), mr.series_uid);
    EXPECT_EQ(text_of(mr_series.responses[0], tags::NumberOfSeriesRelatedInstances), "4");

    auto members = select([&](const Instance& instance) { return instance.series_uid == mr.series_uid; });
    ASSERT_EQ(members.size(), 4u);
    // Patient Root with every unique key above; Study Root with the study and series.
    for (const auto& [model, parents] :
         std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"-P", {"PatientID=" + mr.patient_id, "StudyInstanceUID=" + mr.study_uid,
                     "SeriesInstanceUID=" + mr.series_uid}},
             {"-S", {"StudyInstanceUID=" + mr.study_uid, "SeriesInstanceUID=" + mr.series_uid}}}) {
        SCOPED_TRACE(model);
        std::vector<std::string> keys = {"QueryRetrieveLevel=IMAGE", "SOPInstanceUID", "SOPClassUID"};
        keys.insert(keys.end(), parents.begin(), parents.end());
        auto images = findscu({model}, keys);
        EXPECT_EQ(images.status, "Success") << images.outcome.output;
        auto found = by(images.responses, tags::SOPInstanceUID);
        EXPECT_EQ(found.size(), 4u) << images.outcome.output;
        for (const auto* member : members) {
            auto it = found.find(member->object.sop_instance_uid);
            ASSERT_NE(it, found.end()) << member->relative;
            EXPECT_EQ(text_of(it->second, tags::QueryRetrieveLevel), "IMAGE");
            EXPECT_EQ(text_of(it->second, tags::SOPClassUID), member->object.sop_class_uid);
            EXPECT_EQ(text_of(it->second, tags::SeriesInstanceUID), mr.series_uid);
        }
    }

    // One SOP Instance UID at IMAGE level: that instance only.
    auto one =
        findscu({"-S"}, {"QueryRetrieveLevel=IMAGE", "StudyInstanceUID=" + rle.study_uid,
                         "SeriesInstanceUID=" + rle.series_uid, "SOPInstanceUID=" + rle.object.sop_instance_uid});
    ASSERT_EQ(one.responses.size(), 1u) << one.outcome.output;
    EXPECT_EQ(text_of(one.responses[0], tags::SOPInstanceUID), rle.object.sop_instance_uid);
}

// Wild cards, date ranges, UID lists and a computed attribute as keys, each against the files' values.
TEST_F(NetworkQueryScp, WildcardDateRangeAndUidListMatching)
{
    auto studies_for = [](const std::vector<std::string>& keys) {
        std::vector<std::string> all = {"QueryRetrieveLevel=STUDY", "StudyInstanceUID", "PatientName", "StudyDate"};
        all.insert(all.end(), keys.begin(), keys.end());
        auto find = findscu({"-S"}, all);
        EXPECT_EQ(find.status, "Success") << find.outcome.output;
        return std::pair(keys_of(by(find.responses, tags::StudyInstanceUID)), find.outcome.output);
    };
    {
        auto [found, log] = studies_for({"PatientName=Comp*"});
        EXPECT_EQ(found, studies_of(select([](const Instance& i) { return i.patient_name.starts_with("Comp"); })))
            << log;
        EXPECT_EQ(found.size(), 4u) << log;
    }
    {
        auto [found, log] = studies_for({"PatientName=*MR?"});
        EXPECT_EQ(found, studies_of(select([](const Instance& i) {
                      return i.patient_name == "CompressedSamples^MR1" || i.patient_name == "CompressedSamples^MR2";
                  })))
            << log;
        EXPECT_EQ(found.size(), 2u) << log;
    }
    {
        // Person names match insensitively to case (PS3.4 C.2.2.2.1 allows it; DCMTK does), code
        // strings exactly.
        auto [found, log] = studies_for({"PatientName=doe^j1"});
        EXPECT_EQ(found, std::set<std::string>{archived("MR01.dcm").study_uid}) << log;
        auto [none, none_log] = studies_for({"ModalitiesInStudy=seg"});
        EXPECT_TRUE(none.empty()) << none_log;
    }
    {
        auto [found, log] = studies_for({"StudyDate=20040101-20041231"});
        EXPECT_EQ(found, studies_of(select([](const Instance& i) {
                      return !i.study_date.empty() && i.study_date >= "20040101" && i.study_date <= "20041231";
                  })))
            << log;
        EXPECT_EQ(found.size(), 4u) << log;
    }
    {
        auto [found, log] = studies_for({"StudyDate=-20031231"});
        EXPECT_EQ(found, studies_of(select([](const Instance& i) {
                      return !i.study_date.empty() && i.study_date <= "20031231";
                  })))
            << log;
        EXPECT_EQ(found.size(), 2u) << log;  // the plan (2003-07-16) and the SEG study (2003-04-17)
    }
    {
        auto [found, log] = studies_for({"StudyDate=20170716"});
        EXPECT_EQ(found, std::set<std::string>{archived("MR01.dcm").study_uid}) << log;
    }
    {
        const auto a = archived("CT_small.dcm").study_uid, b = archived("MR01.dcm").study_uid;
        auto [found, log] = studies_for({"StudyInstanceUID=" + a + "\\" + b + "\\1.2.3.4.5.6.7.8.9"});
        EXPECT_EQ(found, (std::set<std::string>{a, b})) << log;
    }
    {
        auto [found, log] = studies_for({"ModalitiesInStudy=SEG"});
        EXPECT_EQ(found, std::set<std::string>{archived("liver_rle.dcm").study_uid}) << log;
    }
    {
        // Wild card and range together: all keys must match.
        auto [found, log] = studies_for({"PatientName=CompressedSamples^CT*", "StudyDate=20040801-"});
        EXPECT_EQ(found, std::set<std::string>{archived("CT1_JLSL").study_uid}) << log;
    }
}

TEST_F(NetworkQueryScp, QueryWithoutMatchSucceedsWithNoResponse)
{
    auto find = findscu({"-S"}, {"QueryRetrieveLevel=STUDY", "StudyInstanceUID", "PatientName=Nobody*"});
    EXPECT_EQ(find.outcome.status, 0) << find.outcome.output;
    EXPECT_TRUE(find.responses.empty()) << find.outcome.output;
    EXPECT_EQ(find.status, "Success") << find.outcome.output;
    auto series =
        findscu({"-S"}, {"QueryRetrieveLevel=SERIES", "StudyInstanceUID=1.2.3.4.5.6.7.8.9", "SeriesInstanceUID"});
    EXPECT_TRUE(series.responses.empty()) << series.outcome.output;
    EXPECT_EQ(series.status, "Success") << series.outcome.output;
}

// The SCP offers no Modality Worklist: the association is accepted with that (only) presentation
// context rejected as "abstract syntax not supported", findscu gives up, and the SCP goes on.
TEST_F(NetworkQueryScp, ModalityWorklistIsNotOfferedAndTheScpKeepsServing)
{
    const std::string name = "worklist";
    const auto out = scratch->folder(name);
    std::vector<std::string> argv = {"findscu", "-d", "-W", "-aec", "QR", "-k", "PatientName", "-k",
                                     "ScheduledProcedureStepSequence[0].Modality", "-X", "-od", out,
                                     "127.0.0.1", std::to_string(archive.port)};
    auto worklist = run(argv, scratch->file(name + ".log"));
    EXPECT_NE(worklist.status, 0) << worklist.output;
    EXPECT_NE(worklist.output.find("Associate Accept"), std::string::npos) << worklist.output;
    EXPECT_NE(worklist.output.find("(Abstract Syntax Not Supported)"), std::string::npos) << worklist.output;
    EXPECT_NE(worklist.output.find("No Acceptable Presentation Contexts"), std::string::npos) << worklist.output;
    EXPECT_TRUE(fs::is_empty(out));

    EXPECT_TRUE(archive.process.running());
    auto find = findscu({"-S"}, {"QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + archived("MR01.dcm").study_uid});
    EXPECT_EQ(find.status, "Success") << find.outcome.output;
    EXPECT_EQ(find.responses.size(), 1u) << find.outcome.output;
}

// ---------------------------------------------------------------------------------------------
// C-MOVE

// A study to `roentgen receive`: its four instances, two found at start and two stored, arrive as
// they are in the archive, and nothing else does.
TEST_F(NetworkQueryScp, MoveStudyToRoentgenReceive)
{
    empty_folder(destination.folder);
    const auto& mr = archived("MR01.dcm");
    auto move =
        retrieve("movescu", {"-S", "-aem", "DEST"}, {"QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + mr.study_uid});
    EXPECT_EQ(move.status, 0) << move.output;
    EXPECT_EQ(final_status(move.output, "Move"), "Success") << move.output;
    expect_exactly(destination.folder, select([&](const Instance& i) { return i.study_uid == mr.study_uid; }));

    // SERIES level in Study Root: one series of the SEG study, big endian as it is.
    empty_folder(destination.folder);
    const auto& big_endian = archived("liver_expb.dcm");
    auto series = retrieve("movescu", {"-S", "-aem", "DEST"},
                           {"QueryRetrieveLevel=SERIES", "StudyInstanceUID=" + big_endian.study_uid,
                            "SeriesInstanceUID=" + big_endian.series_uid});
    EXPECT_EQ(series.status, 0) << series.output;
    expect_exactly(destination.folder, {&big_endian});
}

// Patient Root, PATIENT level, to storescp: both of 1CT1's studies (one of them JPEG-LS, which storescp
// +xa accepts) and both SEG series (big endian and RLE), each byte for byte.
TEST_F(NetworkQueryScp, MovePatientsToStorescp)
{
    for (const std::string id : {"1CT1", "99000"}) {
        SCOPED_TRACE(id);
        empty_folder(storescp_folder);
        auto move = retrieve("movescu", {"-P", "-aem", "STORESCP"}, {"QueryRetrieveLevel=PATIENT", "PatientID=" + id});
        EXPECT_EQ(move.status, 0) << move.output;
        EXPECT_EQ(final_status(move.output, "Move"), "Success") << move.output;
        auto expected = select([&](const Instance& i) { return i.patient_id == id; });
        EXPECT_EQ(expected.size(), 2u);
        expect_exactly(storescp_folder, expected);
    }
    EXPECT_TRUE(storescp.running()) << storescp.log();
}

// storescp without +xa accepts uncompressed syntaxes only, and our services decode no pixels: the
// RLE file fails, the big endian one arrives; a warning (B000) whose identifier lists the failed
// instance (Failed SOP Instance UID List, PS3.4 C.4.2.1.3.1).
TEST_F(NetworkQueryScp, MoveOfCompressedFileToUncompressedOnlyStorescpFails)
{
    empty_folder(plain_folder);
    const auto& rle = archived("liver_rle.dcm");
    const auto& big_endian = archived("liver_expb.dcm");
    auto move = retrieve("movescu", {"-d", "-P", "-aem", "PLAIN"},
                         {"QueryRetrieveLevel=PATIENT", "PatientID=" + rle.patient_id});
    EXPECT_EQ(move.status, 68) << move.output;  // movescu's EXITCODE_CMOVE_WARNING
    const auto final_at = move.output.find("Received Final Move Response");
    ASSERT_NE(final_at, std::string::npos) << move.output;
    const auto final_response = move.output.substr(final_at);
    EXPECT_NE(final_response.find("DIMSE Status                  : 0xb000"), std::string::npos) << final_response;
    EXPECT_NE(final_response.find("Completed Suboperations       : 1\n"), std::string::npos) << final_response;
    EXPECT_NE(final_response.find("Failed Suboperations          : 1\n"), std::string::npos) << final_response;
    EXPECT_NE(final_response.find("Data Set                      : present"), std::string::npos) << final_response;
    EXPECT_NE(final_response.find("(0008,0058) UI [" + rle.object.sop_instance_uid + "]"), std::string::npos)
        << final_response;
    expect_exactly(plain_folder, {&big_endian});
    EXPECT_TRUE(plain.running()) << plain.log();
}

// A destination the archive does not know: A801, movescu fails, nothing is sent anywhere.
TEST_F(NetworkQueryScp, MoveToUnknownDestinationIsRefused)
{
    empty_folder(destination.folder);
    empty_folder(storescp_folder);
    auto move = retrieve("movescu", {"-S", "-aem", "NOBODY"},
                         {"QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + archived("MR01.dcm").study_uid});
    EXPECT_EQ(move.status, 69) << move.output;  // movescu's EXITCODE_CMOVE_ERROR
    EXPECT_EQ(final_status(move.output, "Move"), "Refused: MoveDestinationUnknown") << move.output;
    EXPECT_TRUE(fs::is_empty(destination.folder));
    EXPECT_TRUE(fs::is_empty(storescp_folder));

    // Study Root has no PATIENT level for C-MOVE either.
    auto patient = retrieve("movescu", {"-S", "-aem", "DEST"}, {"QueryRetrieveLevel=PATIENT", "PatientID=1CT1"});
    EXPECT_NE(patient.status, 0) << patient.output;
    EXPECT_EQ(final_status(patient.output, "Move"), "Error: DataSetDoesNotMatchSOPClass") << patient.output;
    EXPECT_TRUE(fs::is_empty(destination.folder));
}

// ---------------------------------------------------------------------------------------------
// C-GET

/// getscu +B (bit-preserving) into a new folder; the folder.
std::pair<Outcome, std::string> getscu_into(const Scratch& scratch, int& runs, uint16_t port,
                                            const std::vector<std::string>& options,
                                            const std::vector<std::string>& keys)
{
    const std::string name = "get-" + std::to_string(++runs);
    const auto out = scratch.folder(name);
    std::vector<std::string> argv = {"getscu", "-v", "-aec", "QR", "+B", "-od", out};
    argv.insert(argv.end(), options.begin(), options.end());
    for (const auto& key : keys)
        argv.insert(argv.end(), {"-k", key});
    argv.insert(argv.end(), {"127.0.0.1", std::to_string(port)});
    auto outcome = run(argv, scratch.file(name + ".log"));
    outcome.output = joined(argv) + "\n" + outcome.output;
    return {std::move(outcome), out};
}

/// getscu's summary of the last C-GET response.
std::string sub_operations(size_t completed, size_t failed)
{
    return "Number of Remaining Suboperations : 0\nI:   Number of Completed Suboperations : " +
           std::to_string(completed) + "\nI:   Number of Failed Suboperations    : " + std::to_string(failed) +
           "\nI:   Number of Warning Suboperations   : 0";
}

// The C-STOREs come on getscu's own association, in the syntax we accepted for the SOP class's
// context: getscu offers one context per storage SOP class and we take its first syntax. Files in
// that syntax arrive byte for byte (explicit VR little endian by default, big endian with +xb); the
// implicit VR ones are converted to explicit VR (getscu 3.6.7's +xi proposes explicit VR only too).
TEST_F(NetworkQueryScp, GetOnTheSameAssociation)
{
    const auto& ct = archived("CT_small.dcm");
    auto [explicit_get, explicit_folder] = getscu_into(
        *scratch, runs, archive.port, {"-S"}, {"QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + ct.study_uid});
    EXPECT_EQ(explicit_get.status, 0) << explicit_get.output;
    EXPECT_NE(explicit_get.output.find("Received C-GET Response (Success)"), std::string::npos) << explicit_get.output;
    EXPECT_NE(explicit_get.output.find(sub_operations(1, 0)), std::string::npos) << explicit_get.output;
    expect_exactly(explicit_folder, {&ct});

    // Patient Root, SERIES level (a stored file).
    const auto& mr2 = archived("MR2_UNCR.dcm");
    auto [series_get, series_folder] =
        getscu_into(*scratch, runs, archive.port, {"-P"},
                    {"QueryRetrieveLevel=SERIES", "PatientID=" + mr2.patient_id, "StudyInstanceUID=" + mr2.study_uid,
                     "SeriesInstanceUID=" + mr2.series_uid});
    EXPECT_EQ(series_get.status, 0) << series_get.output;
    EXPECT_NE(series_get.output.find(sub_operations(1, 0)), std::string::npos) << series_get.output;
    expect_exactly(series_folder, {&mr2});

    const auto& big_endian = archived("liver_expb.dcm");
    auto [big_get, big_folder] = getscu_into(*scratch, runs, archive.port, {"-S", "+xb"},
                                             {"QueryRetrieveLevel=IMAGE", "StudyInstanceUID=" + big_endian.study_uid,
                                              "SeriesInstanceUID=" + big_endian.series_uid,
                                              "SOPInstanceUID=" + big_endian.object.sop_instance_uid});
    EXPECT_EQ(big_get.status, 0) << big_get.output;
    EXPECT_NE(big_get.output.find(sub_operations(1, 0)), std::string::npos) << big_get.output;
    expect_exactly(big_folder, {&big_endian});

    // DOE^J1's four implicit VR instances, two found at start and two stored.
    const auto& mr = archived("MR01.dcm");
    auto study = select([&](const Instance& i) { return i.study_uid == mr.study_uid; });
    ASSERT_EQ(study.size(), 4u);
    auto [converted_get, converted_folder] = getscu_into(*scratch, runs, archive.port, {"-P"},
                                                         {"QueryRetrieveLevel=PATIENT", "PatientID=" + mr.patient_id});
    EXPECT_EQ(converted_get.status, 0) << converted_get.output;
    EXPECT_NE(converted_get.output.find(sub_operations(4, 0)), std::string::npos) << converted_get.output;
    auto received = received_objects(converted_folder);
    EXPECT_EQ(received.size(), study.size());
    for (const auto* member : study) {
        SCOPED_TRACE(member->relative);
        auto found = received.find(member->object.sop_instance_uid);
        ASSERT_NE(found, received.end());
        EXPECT_EQ(found->second.sop_class_uid, member->object.sop_class_uid);
        EXPECT_EQ(found->second.transfer_syntax_uid, "1.2.840.10008.1.2.1");
        EXPECT_TRUE(transcoded_with_same_pixels(member->path, found->second));
    }
}

// getscu proposes uncompressed syntaxes only by default, and our services decode no pixels: the
// JPEG-LS and RLE files fail (a warning with the failed count), the others of the request arrive;
// with getscu's option for the file's syntax, it arrives as it is.
TEST_F(NetworkQueryScp, GetCompressedInstancesNeedsTheirSyntaxProposed)
{
    const auto& jpeg_ls = archived("CT1_JLSL");
    const std::vector<std::string> study = {"QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + jpeg_ls.study_uid};
    auto [refused, refused_folder] = getscu_into(*scratch, runs, archive.port, {"-S"}, study);
    EXPECT_NE(refused.output.find("Received C-GET Response (Warning: SubOperationsCompleteOneOrMoreFailures)"),
              std::string::npos)
        << refused.output;
    EXPECT_NE(refused.output.find(sub_operations(0, 1)), std::string::npos) << refused.output;
    EXPECT_TRUE(fs::is_empty(refused_folder));

    auto [accepted, accepted_folder] = getscu_into(*scratch, runs, archive.port, {"-S", "+xt"}, study);
    EXPECT_EQ(accepted.status, 0) << accepted.output;
    EXPECT_NE(accepted.output.find("Received C-GET Response (Success)"), std::string::npos) << accepted.output;
    EXPECT_NE(accepted.output.find(sub_operations(1, 0)), std::string::npos) << accepted.output;
    expect_exactly(accepted_folder, {&jpeg_ls});

    // The SEG patient: with big endian first, that file arrives and the RLE one fails; with RLE
    // first (+xr), the other way round (we neither compress nor decompress).
    const auto& rle = archived("liver_rle.dcm");
    const auto& big_endian = archived("liver_expb.dcm");
    const std::vector<std::string> patient = {"QueryRetrieveLevel=PATIENT", "PatientID=" + rle.patient_id};
    auto [partial, partial_folder] = getscu_into(*scratch, runs, archive.port, {"-P", "+xb"}, patient);
    EXPECT_NE(partial.output.find("Received C-GET Response (Warning: SubOperationsCompleteOneOrMoreFailures)"),
              std::string::npos)
        << partial.output;
    EXPECT_NE(partial.output.find(sub_operations(1, 1)), std::string::npos) << partial.output;
    expect_exactly(partial_folder, {&big_endian});

    auto [rle_first, rle_folder] = getscu_into(*scratch, runs, archive.port, {"-P", "+xr"}, patient);
    EXPECT_NE(rle_first.output.find(sub_operations(1, 1)), std::string::npos) << rle_first.output;
    expect_exactly(rle_folder, {&rle});
}

// ---------------------------------------------------------------------------------------------
// C-CANCEL

// findscu --cancel 1 sends a C-CANCEL-RQ after the first response of a query with a thousand
// matches: the SCP stops sending matches and ends with Cancel (FE00), then answers the next query.
TEST(NetworkQueryScpCancel, FindscuCancelEndsTheQueryAndTheScpGoesOn)
{
    Scratch scratch("qrscp-cancel");
    const auto folder = scratch.folder("archive");
    auto file = read_part10_file(corpus_path("pydicom/test_files/CT_small.dcm"));
    ASSERT_TRUE(file) << file.error().message;
    file->data_set.erase(tags::PixelData);  // headers are all a query needs
    // One file written by the library, then copies with another SOP Instance UID of the same length
    // (written without the fsync of write_part10_file()).
    const std::string prefix = "1.2.826.0.1.3680043.9.7433.77.", first_uid = prefix + "10000";
    file->data_set.set_string(tags::SOPInstanceUID, VR::UI, first_uid);
    file->meta.set_string(tags::MediaStorageSOPInstanceUID, VR::UI, first_uid);
    const auto model = scratch.file("model.dcm");
    ASSERT_TRUE(write_part10_file(*file, model));
    const std::string bytes = network_testing::text_of(model);
    std::vector<size_t> at;
    for (auto found = bytes.find(first_uid); found != std::string::npos; found = bytes.find(first_uid, found + 1))
        at.push_back(found);
    ASSERT_EQ(at.size(), 2u);  // meta and data set
    constexpr int count = 1000;
    for (int i = 0; i < count; ++i) {
        std::string copy = bytes;
        const auto uid = prefix + std::to_string(10000 + i);
        for (auto offset : at)
            copy.replace(offset, uid.size(), uid);
        write_text(fs::path(folder) / (std::to_string(i) + ".dcm"), copy);
    }
    Receiver archive;
    ASSERT_TRUE(start_receiver(archive, scratch, "archive", {"--aet", "QR", "--query"}));
    const auto port = std::to_string(archive.port);
    auto find = [&](const std::string& name, std::vector<std::string> options) {
        const auto out = scratch.folder(name);
        std::vector<std::string> argv = {"findscu", "-v", "-S", "-aec", "QR"};
        argv.insert(argv.end(), options.begin(), options.end());
        argv.insert(argv.end(), {"-X", "-od", out, "127.0.0.1", port});
        auto outcome = run(argv, scratch.file(name + ".log"));
        outcome.output = joined(argv) + "\n" + outcome.output;
        return std::pair(outcome, size_t(std::distance(fs::directory_iterator(out), fs::directory_iterator())));
    };
    const std::vector<std::string> images = {"-k", "QueryRetrieveLevel=IMAGE", "-k", "SOPInstanceUID"};
    auto with_cancel = images;
    with_cancel.insert(with_cancel.begin(), {"--cancel", "1"});
    auto [cancelled, cancelled_count] = find("cancelled", with_cancel);
    EXPECT_EQ(cancelled.status, 0) << cancelled.output;
    EXPECT_NE(cancelled.output.find("Sending Cancel Request (MsgID 1"), std::string::npos) << cancelled.output;
    EXPECT_EQ(final_status(cancelled.output, "Find"), "Cancel: MatchingTerminatedDueToCancelRequest")
        << cancelled.output.substr(cancelled.output.size() - std::min<size_t>(cancelled.output.size(), 2000));
    EXPECT_GE(cancelled_count, 1u);
    EXPECT_LT(cancelled_count, size_t(count));

    auto [study, study_count] = find("study", {"-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID", "-k",
                                               "NumberOfStudyRelatedInstances"});
    EXPECT_EQ(final_status(study.output, "Find"), "Success") << study.output;
    ASSERT_EQ(study_count, 1u) << study.output;
    auto response = read_part10_file(scratch.file("study/rsp0001.dcm"));
    ASSERT_TRUE(response);
    EXPECT_EQ(text_of(response->data_set, tags::NumberOfStudyRelatedInstances), std::to_string(count));
    EXPECT_EQ(archive.process.stop(), 0) << archive.process.log();
}

}  // namespace
}  // namespace roentgen
