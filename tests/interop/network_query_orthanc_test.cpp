// tests/interop/network_query_orthanc_test.cpp — `roentgen find`, `move` and `get` against Orthanc 1.10
// holding eight corpus files (four patients, five studies), with Orthanc's REST view (/studies,
// /patients, /tools/find, /instances/ID/file) as the reference: C-FIND at every level with
// wildcards, ranges and JSON output; C-MOVE to `roentgen receive`, byte-identical to what DCMTK's
// storescp +B receives from the same Orthanc; C-GET; failures (unknown destination, a study Orthanc
// cannot send over C-GET). DCMTK's findscu and dcmqrscp are independent cross-checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "encoding/json_writer.h"
#include "interop/network_support.h"

namespace roentgen {
namespace {

using namespace network_testing;
using nlohmann::json;

/// The corpus files Orthanc holds, uploaded over REST (Orthanc then keeps their bytes unchanged).
struct CorpusInstance {
    const char* path;
    const char* sop_instance_uid;
};

// DOE^J1 (583295): one MR study of 2017-07-16, implicit VR, undefined-length sequences.
const std::string mr_study = "1.113654.3.13.1026";
// CompressedSamples^CT1 (1CT1): two CT studies, of 2004-01-19 (explicit VR, trailing padding) and of
// 2004-08-26 (JPEG 2000 lossless).
const std::string ct_study_january = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322";
const std::string ct_study_august = "1.3.6.1.4.1.5962.1.2.1.20040826185059.5457";
// CompressedSamples^US1 (13US1): two JPEG 2000 US images of 2004-08-26.
const std::string us_study = "1.3.6.1.4.1.5962.1.2.13.20040826185059.5457";
// CompressedSamples^MR1 (4MR1): one implicit VR MR image of 2004-08-26.
const std::string mr1_study = "1.3.6.1.4.1.5962.1.2.4.20040826185059.5457";

constexpr CorpusInstance corpus_instances[] = {
    {"dcm4che/assembly-testdata/MR01.dcm", "1.113654.5.15.1504"},
    {"dcm4che/assembly-testdata/MR02.dcm", "1.113654.5.15.1512"},
    {"dcm4che/assembly-testdata/MR03.dcm", "1.113654.5.15.1513"},
    {"pydicom/test_files/CT_small.dcm", "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322"},
    {"wearemothership-dicom-test-files/medical.nema.org/compsamples_j2k/IMAGES/J2KR/CT1_J2KR",
     "1.3.6.1.4.1.5962.1.1.1.1.2.20040826185059.5457"},
    {"pydicom-data/US1_J2KI.dcm", "1.3.6.1.4.1.5962.1.1.13.1.3.20040826185059.5457"},
    {"pydicom/test_files/examples_jpeg2k.dcm", "1.3.6.1.4.1.5962.1.1.13.1.2.20040826185059.5457"},
    {"pydicom/test_files/MR_small_implicit.dcm", "1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457"},
};

std::string corpus_file_of(const std::string& sop_instance_uid)
{
    for (const auto& instance : corpus_instances)
        if (instance.sop_instance_uid == sop_instance_uid)
            return corpus_path(instance.path);
    return {};
}

/// Orthanc with the corpus instances; `roentgen receive` (AE RCV) and DCMTK's storescp +B (AE
/// STORESCP) as the C-MOVE destinations in its DicomModalities. Started once for the suite.
struct Archive {
    Scratch scratch{"query-orthanc"};
    Process orthanc;
    Receiver receiver;
    Process storescp;
    std::string storescp_folder;
    uint16_t dicom_port = 0, http_port = 0, storescp_port = 0;
    std::string peer() const { return "ORTHANC@127.0.0.1:" + std::to_string(dicom_port); }
};

Archive* archive = nullptr;
std::string archive_error;

/// `curl -s -f` of a REST path of the archive's Orthanc; status 0 and the body when it answered 2xx.
Outcome rest(const std::string& path, const std::string& post = {}, const std::string& output = {})
{
    std::vector<std::string> argv = {"curl", "-s", "-f", "--max-time", "10"};
    if (!post.empty())
        argv.insert(argv.end(), {"-X", "POST", "--data-binary", post});
    if (!output.empty())
        argv.insert(argv.end(), {"-o", output});
    argv.push_back("http://127.0.0.1:" + std::to_string(archive->http_port) + path);
    return run(argv, archive->scratch.file("curl.log"), 20s);
}

/// A REST answer as JSON (null when Orthanc did not answer 2xx or the body is not JSON).
json rest_json(const std::string& path, const std::string& post = {})
{
    auto answer = rest(path, post);
    if (answer.status != 0)
        return nullptr;
    return json::parse(answer.output, nullptr, false);
}

::testing::AssertionResult start_archive(Archive& a)
{
    // The destinations first: Orthanc's configuration names their ports.
    if (auto started = start_receiver(a.receiver, a.scratch, "rcv", {"--aet", "RCV", "--no-fsync", "--quiet"});
        !started)
        return started;
    a.storescp_folder = a.scratch.folder("storescp");
    a.storescp_port = free_port();
    if (auto started = a.storescp.start({"storescp", "-aet", "STORESCP", "-od", a.storescp_folder, "+B",
                                         std::to_string(a.storescp_port)},
                                        a.scratch.file("storescp.log"));
        !started)
        return started;
    if (auto listening = wait_until_listening(a.storescp, a.storescp_port); !listening)
        return listening;

    a.dicom_port = free_port();
    a.http_port = free_port();
    if (a.dicom_port == a.http_port || a.dicom_port == a.storescp_port || a.http_port == a.storescp_port)
        return ::testing::AssertionFailure() << "free_port() gave the same port twice";
    const auto storage = a.scratch.folder("orthanc-storage");
    json configuration = {
        {"Name", "roentgen-query-test"},
        {"StorageDirectory", storage},
        {"IndexDirectory", storage},
        {"DicomAet", "ORTHANC"},
        {"DicomPort", a.dicom_port},
        {"HttpPort", a.http_port},
        {"RemoteAccessAllowed", false},
        {"DicomCheckCalledAet", false},
        {"Plugins", json::array()},
        {"DicomModalities",
         {{"RCV", {"RCV", "127.0.0.1", a.receiver.port}}, {"STORESCP", {"STORESCP", "127.0.0.1", a.storescp_port}}}},
        {"DicomAlwaysAllowEcho", true},
        {"DicomAlwaysAllowStore", true},
        {"DicomAlwaysAllowFind", true},
        {"DicomAlwaysAllowMove", true},
        {"DicomAlwaysAllowGet", true},
    };
    const auto configuration_path = a.scratch.file("orthanc.json");
    write_text(configuration_path, configuration.dump(2));
    if (auto started = a.orthanc.start({"Orthanc", configuration_path}, a.scratch.file("orthanc.log")); !started)
        return started;
    bool up = false;
    for (int attempt = 0; attempt < 400 && !up; ++attempt) {
        if (!a.orthanc.running())
            return ::testing::AssertionFailure() << "Orthanc exited: " << a.orthanc.log();
        up = rest("/system").status == 0;
        if (!up)
            std::this_thread::sleep_for(50ms);
    }
    if (!up)
        return ::testing::AssertionFailure() << "Orthanc's REST API did not answer: " << a.orthanc.log();
    if (auto listening = wait_until_listening(a.orthanc, a.dicom_port); !listening)
        return listening;

    for (const auto& instance : corpus_instances) {
        auto uploaded = rest("/instances", "@" + corpus_path(instance.path));
        auto answer = json::parse(uploaded.output, nullptr, false);
        if (uploaded.status != 0 || !answer.is_object() || answer.value("Status", "") != "Success")
            return ::testing::AssertionFailure() << "uploading " << instance.path << ": " << uploaded.output;
    }
    return ::testing::AssertionSuccess();
}

class NetworkQueryOrthanc : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        archive = new Archive;
        if (auto started = start_archive(*archive); !started)
            archive_error = started.message();
    }
    static void TearDownTestSuite()
    {
        archive->orthanc.stop(0ms);  // Orthanc takes seconds to stop cleanly; its storage is scratch
        archive->storescp.stop();
        archive->receiver.process.stop();
        delete archive;
        archive = nullptr;
    }
    void SetUp() override { ASSERT_EQ(archive_error, "") << "the archive did not start"; }
};

// ---------------------------------------------------------------------------------------------
// Running roentgen, reading what it printed

/// A finished command with its standard output and standard error apart.
struct Printed {
    int status = -1;
    std::string out, err;
};

Printed roentgen_command(const std::vector<std::string>& arguments, const std::string& name)
{
    const auto out = archive->scratch.file(name + ".out"), err = archive->scratch.file(name + ".err");
    std::vector<std::string> argv = {"sh", "-c", "out=$1; shift; exec \"$@\" > \"$out\"", "sh", out,
                                     roentgen_binary().string()};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    auto outcome = run(argv, err, 30s);
    return {outcome.status, text_of(out), outcome.output};
}

std::string described(const Printed& printed)
{
    return "exit " + std::to_string(printed.status) + "\n--- stdout\n" + printed.out + "--- stderr\n" + printed.err;
}

/// `roentgen find` table: a header of keywords, then one line per match, columns left-aligned and
/// two spaces apart (cells may be empty). Rows as keyword -> value.
struct Table {
    std::vector<std::string> header;
    std::vector<std::map<std::string, std::string>> rows;
    std::set<std::string> column(const std::string& keyword) const
    {
        std::set<std::string> values;
        for (const auto& row : rows)
            values.insert(row.at(keyword));
        return values;
    }
};

std::string trimmed(std::string text)
{
    while (!text.empty() && text.back() == ' ')
        text.pop_back();
    return text;
}

Table parse_table(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    Table table;
    if (lines.empty())
        return table;
    const std::string& header = lines.front();
    std::vector<size_t> starts;
    for (size_t i = 0; i < header.size(); ++i)
        if (header[i] != ' ' && (i == 0 || (i >= 2 && header[i - 1] == ' ' && header[i - 2] == ' ')))
            starts.push_back(i);
    for (size_t k = 0; k < starts.size(); ++k)
        table.header.push_back(
            trimmed(header.substr(starts[k], k + 1 < starts.size() ? starts[k + 1] - starts[k] : std::string::npos)));
    for (size_t n = 1; n < lines.size(); ++n) {
        auto& row = table.rows.emplace_back();
        for (size_t k = 0; k < starts.size(); ++k) {
            const auto& line = lines[n];
            const size_t end = k + 1 < starts.size() ? starts[k + 1] : line.size();
            row[table.header[k]] = starts[k] < line.size() ? trimmed(line.substr(starts[k], end - starts[k])) : "";
        }
    }
    return table;
}

/// The first value of a DICOM JSON attribute ("" when absent or empty); PN as its Alphabetic group.
std::string json_value(const json& object, const std::string& tag)
{
    if (!object.contains(tag) || !object[tag].contains("Value") || object[tag]["Value"].empty())
        return {};
    const auto& value = object[tag]["Value"][0];
    if (value.is_object())
        return value.value("Alphabetic", "");
    if (value.is_string())
        return value.get<std::string>();
    return value.dump();
}

/// The "vr" of a DICOM JSON attribute ("" when absent).
std::string json_vr(const json& object, const std::string& tag)
{
    return object.contains(tag) ? object[tag].value("vr", "") : "";
}

// ---------------------------------------------------------------------------------------------
// Orthanc's view

/// Every study Orthanc holds, expanded (/studies?expand), by Study Instance UID.
std::map<std::string, json> orthanc_studies()
{
    std::map<std::string, json> studies;
    for (const auto& study : rest_json("/studies?expand"))
        studies[study["MainDicomTags"].value("StudyInstanceUID", "")] = study;
    return studies;
}

/// The Study Instance UIDs of /tools/find at study level with `query` (Orthanc's own matching).
std::set<std::string> orthanc_find_studies(const json& query)
{
    std::set<std::string> uids;
    const json request = {{"Level", "Study"}, {"Query", query}, {"Expand", true}};
    for (const auto& study : rest_json("/tools/find", request.dump()))
        uids.insert(study["MainDicomTags"].value("StudyInstanceUID", ""));
    return uids;
}

/// SOP Instance UID -> Orthanc's instance ID, for the instances of the study `study_uid`.
std::map<std::string, std::string> orthanc_instances_of_study(const std::string& study_uid)
{
    std::map<std::string, std::string> instances;
    const auto studies = orthanc_studies();
    auto study = studies.find(study_uid);
    if (study == studies.end())
        return instances;
    for (const auto& instance : rest_json("/studies/" + study->second.value("ID", "") + "/instances"))
        instances[instance["MainDicomTags"].value("SOPInstanceUID", "")] = instance.value("ID", "");
    return instances;
}

/// Orthanc's file of one instance (/instances/ID/file), downloaded into the scratch folder.
std::string orthanc_file(const std::string& instance_id)
{
    const auto path = archive->scratch.file("orthanc-" + instance_id + ".dcm");
    if (!fs::exists(path))
        rest("/instances/" + instance_id + "/file", {}, path);
    return path;
}

/// The DICOM JSON of a file's data set without Data Set Trailing Padding (FFFC,FFFC), which DCMTK
/// drops when it sends a data set: the content, whatever the encoding (VR, sequence lengths).
std::string content_of(const std::string& path)
{
    auto file = read_part10_file(path);
    if (!file)
        return "error: " + file.error().message;
    auto text = write_json(file->data_set);
    if (!text)
        return "error: " + text.error().message;
    auto object = json::parse(*text);
    object.erase("FFFCFFFC");
    return object.dump();
}

template <typename T>
std::set<std::string> keys_of(const std::map<std::string, T>& map)
{
    std::set<std::string> keys;
    for (const auto& entry : map)
        keys.insert(entry.first);
    return keys;
}

void empty_folder(const std::string& folder)
{
    for (const auto& entry : fs::directory_iterator(folder))
        fs::remove_all(entry.path());
}

// ---------------------------------------------------------------------------------------------
// C-FIND

TEST_F(NetworkQueryOrthanc, FindStudiesWithoutKeysListsEveryStudy)
{
    const auto studies = orthanc_studies();
    ASSERT_EQ(studies.size(), 5u);
    auto found = roentgen_command({"find", archive->peer()}, "find-studies");
    ASSERT_EQ(found.status, 0) << described(found);
    EXPECT_NE(found.err.find("5 match(es)"), std::string::npos) << described(found);
    const auto table = parse_table(found.out);
    EXPECT_EQ(table.header, (std::vector<std::string>{"PatientName", "PatientID", "StudyDate", "StudyDescription",
                                                      "AccessionNumber", "StudyInstanceUID", "ModalitiesInStudy",
                                                      "NumberOfStudyRelatedInstances"}))
        << found.out;
    ASSERT_EQ(table.rows.size(), studies.size()) << found.out;
    EXPECT_EQ(table.column("StudyInstanceUID"), keys_of(studies));
    for (const auto& row : table.rows) {
        SCOPED_TRACE(row.at("StudyInstanceUID"));
        auto study = studies.find(row.at("StudyInstanceUID"));
        ASSERT_NE(study, studies.end());
        const auto& tags = study->second["MainDicomTags"];
        const auto& patient = study->second["PatientMainDicomTags"];
        EXPECT_EQ(row.at("PatientName"), patient.value("PatientName", ""));
        EXPECT_EQ(row.at("PatientID"), patient.value("PatientID", ""));
        EXPECT_EQ(row.at("StudyDate"), tags.value("StudyDate", ""));
        EXPECT_EQ(row.at("AccessionNumber"), tags.value("AccessionNumber", ""));
        EXPECT_EQ(row.at("NumberOfStudyRelatedInstances"),
                  std::to_string(orthanc_instances_of_study(row.at("StudyInstanceUID")).size()));
    }
    // No cell is padded past the end of its line.
    std::istringstream lines(found.out);
    for (std::string line; std::getline(lines, line);)
        EXPECT_TRUE(line.empty() || line.back() != ' ') << "[" << line << "]";
}

TEST_F(NetworkQueryOrthanc, FindStudiesByPatientNameWildcard)
{
    const auto expected = orthanc_find_studies({{"PatientName", "CompressedSamples^C*"}});
    ASSERT_EQ(expected, (std::set<std::string>{ct_study_january, ct_study_august}));
    auto found = roentgen_command({"find", archive->peer(), "-k", "PatientName=CompressedSamples^C*", "-k",
                                   "StudyInstanceUID", "-k", "PatientID"},
                                  "find-wildcard");
    ASSERT_EQ(found.status, 0) << described(found);
    EXPECT_NE(found.err.find("2 match(es)"), std::string::npos) << described(found);
    const auto table = parse_table(found.out);
    EXPECT_EQ(table.header, (std::vector<std::string>{"PatientName", "StudyInstanceUID", "PatientID"}));
    EXPECT_EQ(table.column("StudyInstanceUID"), expected) << found.out;
    EXPECT_EQ(table.column("PatientName"), std::set<std::string>{"CompressedSamples^CT1"}) << found.out;
    EXPECT_EQ(table.column("PatientID"), std::set<std::string>{"1CT1"}) << found.out;
}

TEST_F(NetworkQueryOrthanc, FindStudiesByDateRange)
{
    struct Case {
        std::string range;
        std::set<std::string> studies;
    };
    const Case cases[] = {
        {"20040101-20040301", {ct_study_january}},
        {"20040801-20041231", {ct_study_august, us_study, mr1_study}},
        {"20050101-", {mr_study}},
        {"-20040119", {ct_study_january}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.range);
        EXPECT_EQ(orthanc_find_studies({{"StudyDate", c.range}}), c.studies);
        auto found = roentgen_command(
            {"find", archive->peer(), "-k", "StudyDate=" + c.range, "-k", "StudyInstanceUID"}, "find-range");
        ASSERT_EQ(found.status, 0) << described(found);
        const auto table = parse_table(found.out);
        EXPECT_EQ(table.column("StudyInstanceUID"), c.studies) << found.out;
        EXPECT_NE(found.err.find(std::to_string(c.studies.size()) + " match(es)"), std::string::npos) << found.err;
    }
}

TEST_F(NetworkQueryOrthanc, FindPatientsWithPatientRoot)
{
    std::map<std::string, json> patients;
    for (const auto& patient : rest_json("/patients?expand"))
        patients[patient["MainDicomTags"].value("PatientID", "")] = patient;
    ASSERT_EQ(patients.size(), 4u);
    auto found = roentgen_command({"find", archive->peer(), "--patient", "--level", "PATIENT"}, "find-patients");
    ASSERT_EQ(found.status, 0) << described(found);
    EXPECT_NE(found.err.find("4 match(es)"), std::string::npos) << described(found);
    const auto table = parse_table(found.out);
    EXPECT_EQ(table.header, (std::vector<std::string>{"PatientName", "PatientID", "PatientBirthDate", "PatientSex"}));
    ASSERT_EQ(table.rows.size(), 4u) << found.out;
    EXPECT_EQ(table.column("PatientID"), keys_of(patients)) << found.out;
    for (const auto& row : table.rows) {
        SCOPED_TRACE(row.at("PatientID"));
        const auto& tags = patients.at(row.at("PatientID"))["MainDicomTags"];
        EXPECT_EQ(row.at("PatientName"), tags.value("PatientName", ""));
        EXPECT_EQ(row.at("PatientSex"), tags.value("PatientSex", ""));
        EXPECT_EQ(row.at("PatientBirthDate"), tags.value("PatientBirthDate", ""));
    }

    // A patient's studies, at STUDY level under the patient: both CT studies of 1CT1.
    auto studies = roentgen_command(
        {"find", archive->peer(), "--patient", "--level", "STUDY", "-k", "PatientID=1CT1", "-k", "StudyInstanceUID"},
        "find-patient-studies");
    ASSERT_EQ(studies.status, 0) << described(studies);
    EXPECT_EQ(parse_table(studies.out).column("StudyInstanceUID"),
              (std::set<std::string>{ct_study_january, ct_study_august}))
        << studies.out;
}

TEST_F(NetworkQueryOrthanc, FindSeriesOfAStudy)
{
    const auto studies = orthanc_studies();
    ASSERT_TRUE(studies.contains(us_study));
    std::map<std::string, json> series;
    for (const auto& one : rest_json("/studies/" + studies.at(us_study).value("ID", "") + "/series"))
        series[one["MainDicomTags"].value("SeriesInstanceUID", "")] = one;
    ASSERT_EQ(series.size(), 1u);
    auto found = roentgen_command({"find", archive->peer(), "--level", "SERIES", "-k", "StudyInstanceUID=" + us_study,
                                   "-k", "SeriesInstanceUID", "-k", "Modality", "-k", "NumberOfSeriesRelatedInstances"},
                                  "find-series");
    ASSERT_EQ(found.status, 0) << described(found);
    const auto table = parse_table(found.out);
    ASSERT_EQ(table.rows.size(), 1u) << found.out;
    const auto& row = table.rows.front();
    EXPECT_EQ(row.at("StudyInstanceUID"), us_study);
    ASSERT_TRUE(series.contains(row.at("SeriesInstanceUID"))) << found.out;
    const auto& orthanc_series = series.at(row.at("SeriesInstanceUID"));
    EXPECT_EQ(row.at("Modality"), orthanc_series["MainDicomTags"].value("Modality", ""));
    EXPECT_EQ(row.at("NumberOfSeriesRelatedInstances"), std::to_string(orthanc_series["Instances"].size()));
    EXPECT_EQ(row.at("NumberOfSeriesRelatedInstances"), "2");

    // The default keys of the level when only the study is given: every series column.
    auto defaults = roentgen_command({"find", archive->peer(), "--level", "SERIES"}, "find-series-defaults");
    ASSERT_EQ(defaults.status, 0) << described(defaults);
    const auto all = parse_table(defaults.out);
    EXPECT_EQ(all.header, (std::vector<std::string>{"StudyInstanceUID", "SeriesInstanceUID", "Modality", "SeriesNumber",
                                                    "SeriesDescription", "NumberOfSeriesRelatedInstances"}));
    EXPECT_EQ(all.rows.size(), rest_json("/series").size()) << defaults.out;
}

TEST_F(NetworkQueryOrthanc, FindImages)
{
    // The images of one series, with unique keys for the levels above (Study Root, PS3.4 C.4.1.2.1).
    const auto expected = orthanc_instances_of_study(mr_study);
    ASSERT_EQ(expected.size(), 3u);
    auto found = roentgen_command({"find", archive->peer(), "--level", "IMAGE", "-k", "StudyInstanceUID=" + mr_study,
                                   "-k", "SeriesInstanceUID=1.113654.5.14.1035", "-k", "SOPInstanceUID", "-k",
                                   "InstanceNumber"},
                                  "find-images");
    ASSERT_EQ(found.status, 0) << described(found);
    const auto table = parse_table(found.out);
    EXPECT_EQ(table.column("SOPInstanceUID"), keys_of(expected)) << found.out;
    EXPECT_EQ(table.column("InstanceNumber"), (std::set<std::string>{"1", "2", "3"})) << found.out;

    // With no keys, the level's default keys; Orthanc answers every instance it holds.
    auto all = roentgen_command({"find", archive->peer(), "--level", "IMAGE"}, "find-all-images");
    ASSERT_EQ(all.status, 0) << described(all);
    const auto every = parse_table(all.out);
    EXPECT_EQ(every.header, (std::vector<std::string>{"StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID",
                                                      "SOPClassUID", "InstanceNumber"}));
    ASSERT_EQ(every.rows.size(), std::size(corpus_instances)) << all.out;
    for (const auto& row : every.rows) {
        SCOPED_TRACE(row.at("SOPInstanceUID"));
        const auto original = corpus_file_of(row.at("SOPInstanceUID"));
        ASSERT_NE(original, "");
        EXPECT_EQ(row.at("SOPClassUID"), read_object(original).sop_class_uid);
    }
}

TEST_F(NetworkQueryOrthanc, FindJsonHoldsTheMatches)
{
    auto found = roentgen_command({"find", archive->peer(), "--json", "-k", "PatientID=583295", "-k",
                                   "StudyInstanceUID", "-k", "StudyDate", "-k", "PatientName", "-k",
                                   "NumberOfStudyRelatedInstances", "-k", "StudyDescription"},
                                  "find-json");
    ASSERT_EQ(found.status, 0) << described(found);
    auto matches = json::parse(found.out, nullptr, false);
    ASSERT_TRUE(matches.is_array()) << found.out;
    ASSERT_EQ(matches.size(), 1u) << found.out;
    const auto& match = matches[0];
    EXPECT_EQ(json_value(match, "00080052"), "STUDY");
    EXPECT_EQ(json_value(match, "00100020"), "583295");
    EXPECT_EQ(json_value(match, "0020000D"), mr_study);
    EXPECT_EQ(json_vr(match, "0020000D"), "UI");
    EXPECT_EQ(json_value(match, "00080020"), "20170716");
    EXPECT_EQ(json_vr(match, "00080020"), "DA");
    EXPECT_EQ(json_value(match, "00100010"), "DOE^J1");  // PN as {"Alphabetic": ...} (PS3.18 F.2.2)
    EXPECT_EQ(json_vr(match, "00100010"), "PN");
    EXPECT_EQ(json_value(match, "00081030"), "LEFT WRIST");
    ASSERT_TRUE(match.contains("00201208")) << match.dump();
    EXPECT_EQ(match["00201208"].value("Value", json()), json::array({3}));  // IS as a number (PS3.18 F.2.3)
    const auto study = orthanc_studies().at(mr_study);
    EXPECT_EQ(json_value(match, "00080020"), study["MainDicomTags"].value("StudyDate", ""));
    EXPECT_EQ(json_value(match, "00081030"), study["MainDicomTags"].value("StudyDescription", ""));

    // Every study, as JSON: the same UIDs as Orthanc's.
    auto all = roentgen_command({"find", archive->peer(), "--json"}, "find-json-all");
    ASSERT_EQ(all.status, 0) << described(all);
    auto every = json::parse(all.out, nullptr, false);
    ASSERT_TRUE(every.is_array()) << all.out;
    std::set<std::string> uids;
    for (const auto& one : every)
        uids.insert(json_value(one, "0020000D"));
    EXPECT_EQ(uids, keys_of(orthanc_studies()));
}

TEST_F(NetworkQueryOrthanc, FindWithNoMatchSucceedsEmpty)
{
    EXPECT_TRUE(orthanc_find_studies({{"PatientName", "NOBODY*"}}).empty());
    auto found = roentgen_command({"find", archive->peer(), "-k", "PatientName=NOBODY*", "-k", "StudyInstanceUID"},
                                  "find-none");
    EXPECT_EQ(found.status, 0) << described(found);
    EXPECT_NE(found.err.find("0 match(es)"), std::string::npos) << described(found);
    const auto table = parse_table(found.out);
    EXPECT_EQ(table.header, (std::vector<std::string>{"PatientName", "StudyInstanceUID"})) << found.out;
    EXPECT_TRUE(table.rows.empty()) << found.out;

    auto as_json =
        roentgen_command({"find", archive->peer(), "--json", "-k", "StudyInstanceUID=1.2.3.4"}, "find-none-json");
    EXPECT_EQ(as_json.status, 0) << described(as_json);
    EXPECT_EQ(json::parse(as_json.out, nullptr, false), json::array()) << as_json.out;
}

// ---------------------------------------------------------------------------------------------
// C-MOVE

TEST_F(NetworkQueryOrthanc, MoveStudyToReceiveArrivesAsOrthancSendsIt)
{
    const auto expected = orthanc_instances_of_study(mr_study);
    ASSERT_EQ(expected.size(), 3u);
    empty_folder(archive->receiver.folder);
    empty_folder(archive->storescp_folder);
    auto moved = roentgen_command({"move", archive->peer(), "--dest", "RCV", "-k", "StudyInstanceUID=" + mr_study},
                                  "move-study");
    ASSERT_EQ(moved.status, 0) << described(moved);
    EXPECT_NE(moved.out.find("moved to RCV: 3 completed, 0 failed, 0 warning"), std::string::npos) << described(moved);
    const auto received = received_objects(archive->receiver.folder);
    EXPECT_EQ(keys_of(received), keys_of(expected));

    // The same C-MOVE to DCMTK's storescp +B (bit-preserving): what came over the wire.
    auto to_dcmtk = roentgen_command(
        {"move", archive->peer(), "--dest", "STORESCP", "-k", "StudyInstanceUID=" + mr_study}, "move-study-dcmtk");
    ASSERT_EQ(to_dcmtk.status, 0) << described(to_dcmtk);
    EXPECT_NE(to_dcmtk.out.find("moved to STORESCP: 3 completed"), std::string::npos) << described(to_dcmtk);
    const auto reference = received_objects(archive->storescp_folder);
    ASSERT_EQ(keys_of(reference), keys_of(expected));

    for (const auto& [uid, id] : expected) {
        SCOPED_TRACE(uid);
        ASSERT_TRUE(received.contains(uid));
        const auto& object = received.at(uid);
        ASSERT_EQ(object.error, "");
        // Byte-identical to what storescp received from the same Orthanc.
        EXPECT_EQ(object.transfer_syntax_uid, reference.at(uid).transfer_syntax_uid);
        EXPECT_TRUE(same_data_set(reference.at(uid).data_set, object.data_set));
        EXPECT_EQ(object.meta_sop_instance_uid, uid);
        // Orthanc keeps an upload's bytes: its file is the corpus file. It sends the data set
        // re-encoded by DCMTK (undefined-length sequences given lengths, trailing padding
        // dropped), so what arrives has the content of that file, not its bytes.
        const auto stored = orthanc_file(id);
        EXPECT_EQ(text_of(stored), text_of(corpus_file_of(uid)));
        EXPECT_EQ(object.transfer_syntax_uid, read_object(stored).transfer_syntax_uid);
        EXPECT_EQ(content_of(object.path), content_of(stored));
    }
}

TEST_F(NetworkQueryOrthanc, MovePatientToReceive)
{
    auto expected = orthanc_instances_of_study(ct_study_january);
    expected.merge(orthanc_instances_of_study(ct_study_august));
    ASSERT_EQ(expected.size(), 2u);
    empty_folder(archive->receiver.folder);
    auto moved = roentgen_command({"move", archive->peer(), "--dest", "RCV", "--patient", "-k", "PatientID=1CT1"},
                                  "move-patient");
    ASSERT_EQ(moved.status, 0) << described(moved);
    EXPECT_NE(moved.out.find("moved to RCV: 2 completed, 0 failed, 0 warning"), std::string::npos) << described(moved);
    const auto received = received_objects(archive->receiver.folder);
    EXPECT_EQ(keys_of(received), keys_of(expected));
    for (const auto& [uid, id] : expected) {
        SCOPED_TRACE(uid);
        ASSERT_TRUE(received.contains(uid));
        const auto stored = orthanc_file(id);
        // JPEG 2000 included: in the stored syntax, with the stored content.
        EXPECT_EQ(received.at(uid).transfer_syntax_uid, read_object(stored).transfer_syntax_uid);
        EXPECT_EQ(content_of(received.at(uid).path), content_of(stored));
    }
}

TEST_F(NetworkQueryOrthanc, MoveToUnknownDestinationFails)
{
    empty_folder(archive->receiver.folder);
    auto moved = roentgen_command({"move", archive->peer(), "--dest", "NOWHERE", "-k", "StudyInstanceUID=" + mr_study},
                                  "move-unknown");
    EXPECT_NE(moved.status, 0) << described(moved);
    // Orthanc 1.10 answers an unknown destination with C000 (Unable to process), not A801 (its log:
    // "Unknown modality for AET: NOWHERE"); NetworkQueryDcmqrscp checks A801.
    EXPECT_NE(moved.err.find("status 0xC000"), std::string::npos) << described(moved);
    EXPECT_NE(moved.out.find("moved to NOWHERE: 0 completed"), std::string::npos) << described(moved);
    EXPECT_TRUE(fs::is_empty(archive->receiver.folder));

    // A study Orthanc does not hold: Orthanc refuses the C-MOVE (C000) rather than moving nothing.
    auto nothing = roentgen_command({"move", archive->peer(), "--dest", "RCV", "-k", "StudyInstanceUID=1.2.3.4"},
                                    "move-nothing");
    EXPECT_NE(nothing.status, 0) << described(nothing);
    EXPECT_NE(nothing.err.find("status 0xC000"), std::string::npos) << described(nothing);
    EXPECT_TRUE(fs::is_empty(archive->receiver.folder));
}

// ---------------------------------------------------------------------------------------------
// C-GET

TEST_F(NetworkQueryOrthanc, GetUncompressedStudy)
{
    const auto expected = orthanc_instances_of_study(mr_study);
    ASSERT_EQ(expected.size(), 3u);
    const auto folder = archive->scratch.folder("get-study");
    auto got = roentgen_command({"get", archive->peer(), "--dir", folder, "-k", "StudyInstanceUID=" + mr_study},
                                "get-study");
    ASSERT_EQ(got.status, 0) << described(got);
    EXPECT_NE(got.out.find("retrieved into " + folder + ": 3 completed, 0 failed, 0 warning"), std::string::npos)
        << described(got);
    const auto received = received_objects(folder);
    EXPECT_EQ(keys_of(received), keys_of(expected));
    for (const auto& [uid, id] : expected) {
        SCOPED_TRACE(uid);
        EXPECT_TRUE(fs::exists(fs::path(folder) / (uid + ".dcm")));
        ASSERT_TRUE(received.contains(uid));
        const auto& object = received.at(uid);
        ASSERT_EQ(object.error, "");
        EXPECT_EQ(object.sop_class_uid, "1.2.840.10008.5.1.4.1.1.4");
        // Orthanc accepts one syntax per storage context and prefers explicit VR little endian:
        // the implicit VR files arrive converted, with the same content.
        EXPECT_TRUE(is_uncompressed_little_endian(object.transfer_syntax_uid)) << object.transfer_syntax_uid;
        EXPECT_EQ(content_of(object.path), content_of(orthanc_file(id)));
    }

    // Patient Root, by Patient ID.
    const auto patient_folder = archive->scratch.folder("get-patient");
    auto patient = roentgen_command(
        {"get", archive->peer(), "--dir", patient_folder, "--patient", "-k", "PatientID=4MR1"}, "get-patient");
    ASSERT_EQ(patient.status, 0) << described(patient);
    EXPECT_NE(patient.out.find(": 1 completed, 0 failed, 0 warning"), std::string::npos) << described(patient);
    EXPECT_EQ(keys_of(received_objects(patient_folder)), keys_of(orthanc_instances_of_study(mr1_study)));
}

TEST_F(NetworkQueryOrthanc, GetOfJpeg2000StudyReportsFailedSubOperations)
{
    // Orthanc 1.10 accepted an uncompressed syntax for the US storage context and cannot transcode
    // JPEG 2000 to it ("C-GET SCP: Cannot transcode ..."): it fails the sub-operation and ends
    // the C-GET with C000.
    ASSERT_EQ(orthanc_instances_of_study(us_study).size(), 2u);
    const auto folder = archive->scratch.folder("get-j2k");
    auto got = roentgen_command({"get", archive->peer(), "--dir", folder, "-k", "StudyInstanceUID=" + us_study},
                                "get-j2k");
    EXPECT_EQ(got.status, 1) << described(got);
    EXPECT_NE(got.out.find("retrieved into " + folder + ": 0 completed, "), std::string::npos) << described(got);
    const auto counts = got.out.find(" completed, ");
    ASSERT_NE(counts, std::string::npos) << described(got);
    EXPECT_GE(std::atoi(got.out.c_str() + counts + std::strlen(" completed, ")), 1) << described(got);
    EXPECT_NE(got.err.find("status 0xC000"), std::string::npos) << described(got);
    EXPECT_TRUE(fs::is_empty(folder));
}

// ---------------------------------------------------------------------------------------------
// DCMTK's findscu as an independent client

TEST_F(NetworkQueryOrthanc, FindscuFindsTheSameStudies)
{
    const auto folder = archive->scratch.folder("findscu");
    auto findscu = run({"findscu", "-S", "-aec", "ORTHANC", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID",
                        "-X", "-od", folder, "127.0.0.1", std::to_string(archive->dicom_port)},
                       archive->scratch.file("findscu.log"));
    ASSERT_EQ(findscu.status, 0) << findscu.output;
    std::set<std::string> dcmtk;
    for (const auto& entry : fs::directory_iterator(folder)) {
        auto file = read_part10_file(entry.path().string());
        ASSERT_TRUE(file) << entry.path() << ": " << file.error().message;
        dcmtk.insert(trimmed_uid(file->data_set.find_string(tags::StudyInstanceUID)));
    }
    auto found = roentgen_command({"find", archive->peer(), "--json", "-k", "StudyInstanceUID"}, "find-json-uids");
    ASSERT_EQ(found.status, 0) << described(found);
    auto matches = json::parse(found.out, nullptr, false);
    ASSERT_TRUE(matches.is_array()) << found.out;
    std::set<std::string> ours;
    for (const auto& match : matches)
        ours.insert(json_value(match, "0020000D"));
    EXPECT_EQ(matches.size(), dcmtk.size());
    EXPECT_EQ(ours, dcmtk);
    EXPECT_EQ(ours, keys_of(orthanc_studies()));
}

// ---------------------------------------------------------------------------------------------
// DCMTK's dcmqrscp, which does answer an unknown move destination with A801

TEST(NetworkQueryDcmqrscp, MoveToUnknownDestinationReportsA801)
{
    Scratch scratch("query-dcmqrscp");
    const auto database = scratch.folder("db");
    const uint16_t port = free_port();
    const auto configuration = scratch.file("dcmqrscp.cfg");
    write_text(configuration, "NetworkTCPPort = " + std::to_string(port) +
                                  "\nMaxPDUSize = 16384\nMaxAssociations = 16\n"
                                  "HostTable BEGIN\nHostTable END\nVendorTable BEGIN\nVendorTable END\n"
                                  "AETable BEGIN\nDCMQR " + database + " RW (10, 1024mb) ANY\nAETable END\n");
    Process dcmqrscp;
    ASSERT_TRUE(dcmqrscp.start({"dcmqrscp", "-c", configuration}, scratch.file("dcmqrscp.log")));
    ASSERT_TRUE(wait_until_listening(dcmqrscp, port));
    const std::string peer = "DCMQR@127.0.0.1:" + std::to_string(port);
    auto stored = run({roentgen_binary().string(), "store", peer, corpus_path("dcm4che/assembly-testdata/MR01.dcm")},
                      scratch.file("store.log"));
    ASSERT_EQ(stored.status, 0) << stored.output;
    auto moved = run(
        {roentgen_binary().string(), "move", peer, "--dest", "NOWHERE", "-k", "StudyInstanceUID=" + mr_study},
        scratch.file("move.log"));
    EXPECT_EQ(moved.status, 1) << moved.output;
    EXPECT_NE(moved.output.find("status 0xA801 Refused: Move Destination unknown"), std::string::npos) << moved.output;
    EXPECT_NE(moved.output.find("moved to NOWHERE: 0 completed, 0 failed, 0 warning"), std::string::npos)
        << moved.output;
    dcmqrscp.stop();
}

}  // namespace
}  // namespace roentgen
