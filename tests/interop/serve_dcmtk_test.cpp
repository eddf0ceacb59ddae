// tests/interop/serve_dcmtk_test.cpp — `roentgen serve` on SQLite and on PostgreSQL against DCMTK 3.6.7: storescu
// ingest (files as received, under their UIDs), findscu at every level, movescu to storescp and getscu
// byte-identical, the duplicate policy, restart, and two nodes sharing one PostgreSQL index and storage.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "interop/network_support.h"
#include "support/postgres_server.h"

namespace roentgen {
namespace {

using namespace network_testing;

// Uncompressed corpus files: four studies. The first is explicit VR LE, the others implicit VR LE,
// sent with storescu -xi so that storescu does not convert them.
constexpr const char* sent_files[] = {
    "pydicom/test_files/CT_small.dcm",          // 1CT1
    "dcm4che/assembly-testdata/MR01.dcm",       // DOE^J1's study
    "dcm4che/assembly-testdata/MR02.dcm",
    "dcm4che/assembly-testdata/MR03.dcm",
    "dcm4che/assembly-testdata/MR04.dcm",
    "pydicom/test_files/MR_small_implicit.dcm", // CompressedSamples^MR1
    "pydicom/test_files/rtplan.dcm",
};

/// The stored file of an instance under <data>/storage.
fs::path stored_path(const std::string& data, const std::string& study, const std::string& series, const std::string& sop)
{
    return fs::path(data) / "storage" / study / series / (sop + ".dcm");
}

std::string text_of(const DataSet& data_set, Tag tag) { return trimmed_uid(data_set.find_string(tag)); }

struct Sent {
    std::string path;
    StoredObject object;
    std::string patient_id, patient_name, study_uid, series_uid;
};

std::vector<Sent> load_sent()
{
    std::vector<Sent> sent;
    for (const char* relative : sent_files) {
        Sent s;
        s.path = corpus_path(relative);
        s.object = read_object(s.path);
        auto header = read_part10_file(s.path, ReadOptions().with_stop_before(tags::PixelData));
        EXPECT_TRUE(header) << relative;
        if (!header)
            continue;
        s.patient_id = text_of(header->data_set, tags::PatientID);
        s.patient_name = text_of(header->data_set, tags::PatientName);
        s.study_uid = text_of(header->data_set, tags::StudyInstanceUID);
        s.series_uid = text_of(header->data_set, tags::SeriesInstanceUID);
        sent.push_back(std::move(s));
    }
    return sent;
}

std::vector<DataSet> responses_in(const std::string& folder)
{
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder))
        names.push_back(entry.path().string());
    std::sort(names.begin(), names.end());
    std::vector<DataSet> responses;
    for (const auto& name : names)
        if (auto file = read_part10_file(name))
            responses.push_back(std::move(file->data_set));
    return responses;
}

std::multiset<std::string> values_of(const std::vector<DataSet>& responses, Tag tag)
{
    std::multiset<std::string> values;
    for (const auto& response : responses)
        values.insert(text_of(response, tag));
    return values;
}

/// The data set of a file written with undefined sequence and item lengths throughout, so that
/// files that differ only in how a writer chose lengths compare equal (getscu writes undefined
/// lengths whatever came over the wire).
std::vector<uint8_t> with_undefined_lengths(const std::string& path)
{
    auto file = read_part10_file(path);
    EXPECT_TRUE(file) << path;
    if (!file)
        return {};
    VectorSink sink;
    EXPECT_TRUE(write_data_set(file->data_set, *file->transfer_syntax, sink, SequenceLengths::Undefined));
    return std::move(sink.bytes());
}

testing::PostgresServer& postgres() { return testing::shared_postgres_server(); }

/// One `roentgen serve` process.
struct ServeNode {
    Process process;
    uint16_t port = 0;

    ::testing::AssertionResult start(const Scratch& scratch, const std::string& name, const std::string& data,
                                     const std::vector<std::string>& extra)
    {
        std::vector<std::string> argv = {roentgen_binary().string(), "serve", "--port", "0", "--host", "127.0.0.1",
                                         "--aet", "QR", "--data", data};
        argv.insert(argv.end(), extra.begin(), extra.end());
        if (auto started = process.start(argv, scratch.file(name + ".log")); !started)
            return started;
        const std::string marker = "listening for DIMSE on 127.0.0.1:";
        const auto deadline = std::chrono::steady_clock::now() + 20s;
        while (std::chrono::steady_clock::now() < deadline) {
            const std::string log = process.log();
            if (auto at = log.find(marker); at != std::string::npos) {
                port = uint16_t(std::strtoul(log.c_str() + at + marker.size(), nullptr, 10));
                if (port != 0)
                    return ::testing::AssertionSuccess();
            }
            if (!process.running())
                return ::testing::AssertionFailure() << "roentgen serve exited: " << log;
            std::this_thread::sleep_for(10ms);
        }
        return ::testing::AssertionFailure() << "roentgen serve printed no port: " << process.log();
    }
};

enum class Backend { Sqlite, Postgresql };

class ServeDcmtk : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override
    {
        scratch = std::make_unique<Scratch>("serve-" + testing::database_name_for_current_test());
        data = scratch->folder("data");
        if (GetParam() == Backend::Postgresql) {
            auto uri = postgres().create_database(testing::database_name_for_current_test());
            ASSERT_TRUE(uri) << uri.error().message;
            index = {"--index", *uri};
        }
        sent = load_sent();
        ASSERT_EQ(sent.size(), std::size(sent_files));
        storescp_folder = scratch->folder("storescp");
        storescp_port = free_port();
        ASSERT_TRUE(storescp.start({"storescp", "-aet", "DEST", "-od", storescp_folder, "+B", "+xa",
                                    std::to_string(storescp_port)},
                                   scratch->file("storescp.log")));
        ASSERT_TRUE(wait_until_listening(storescp, storescp_port));
    }
    void TearDown() override
    {
        storescp.stop();
        scratch.reset();
    }

    std::vector<std::string> node_options() const
    {
        std::vector<std::string> options = index;
        options.insert(options.end(), {"--peer", "dest=DEST@127.0.0.1:" + std::to_string(storescp_port)});
        return options;
    }

    Outcome tool(const std::string& name, std::vector<std::string> argv, uint16_t port)
    {
        argv.insert(argv.end(), {"127.0.0.1", std::to_string(port)});
        auto outcome = run(argv, scratch->file(name + "-" + std::to_string(++runs) + ".log"), 60s);
        outcome.output = joined(argv) + "\n" + outcome.output;
        return outcome;
    }

    Outcome storescu(const std::vector<std::string>& files, uint16_t port, const std::vector<std::string>& options = {})
    {
        std::vector<std::string> argv = {"storescu", "-v", "-aec", "QR"};
        argv.insert(argv.end(), options.begin(), options.end());
        argv.insert(argv.end(), {"127.0.0.1", std::to_string(port)});
        argv.insert(argv.end(), files.begin(), files.end());
        auto outcome = run(argv, scratch->file("storescu-" + std::to_string(++runs) + ".log"), 60s);
        outcome.output = joined(argv) + "\n" + outcome.output;
        return outcome;
    }

    /// Every file through storescu, to the node and to storescp +B, whose bit-preserved copies
    /// (what went over the wire: DCMTK re-encodes what it sends) become the reference.
    void ingest(uint16_t port)
    {
        const std::vector<std::string> explicit_files{sent[0].path};
        std::vector<std::string> implicit_files;
        for (size_t i = 1; i < sent.size(); ++i)
            implicit_files.push_back(sent[i].path);
        for (uint16_t to : {port, storescp_port}) {
            auto first = storescu(explicit_files, to);
            ASSERT_EQ(first.status, 0) << first.output;
            auto second = storescu(implicit_files, to, {"-xi"});
            ASSERT_EQ(second.status, 0) << second.output;
        }
        const auto reference_folder = scratch->folder("reference");
        for (const auto& entry : fs::directory_iterator(storescp_folder))
            fs::rename(entry.path(), fs::path(reference_folder) / entry.path().filename());
        reference = received_objects(reference_folder);
        ASSERT_EQ(reference.size(), sent.size());
    }

    /// What the node stored for an instance.
    StoredObject stored(const Sent& s) const
    {
        return read_object(stored_path(data, s.study_uid, s.series_uid, s.object.sop_instance_uid).string());
    }

    std::vector<DataSet> findscu(const std::vector<std::string>& keys, uint16_t port, bool patient_root = false)
    {
        const auto out = scratch->folder("find-" + std::to_string(++runs));
        std::vector<std::string> argv = {"findscu", "-v", patient_root ? "-P" : "-S", "-aec", "QR", "-X", "-od", out};
        for (const auto& key : keys)
            argv.insert(argv.end(), {"-k", key});
        auto outcome = tool("findscu", argv, port);
        EXPECT_EQ(outcome.status, 0) << outcome.output;
        return responses_in(out);
    }

    size_t studies_count() const { return studies().size(); }
    std::set<std::string> studies() const
    {
        std::set<std::string> uids;
        for (const auto& s : sent)
            uids.insert(s.study_uid);
        return uids;
    }

    /// Every sent file is stored under <data>/storage/<study>/<series>/<sop>.dcm with the data set
    /// bytes that came over the wire, in the syntax they came in.
    void expect_stored_as_sent()
    {
        for (const auto& s : sent) {
            SCOPED_TRACE(s.path);
            auto ours = stored(s);
            ASSERT_EQ(ours.error, "");
            const auto& wire = reference.at(s.object.sop_instance_uid);
            EXPECT_EQ(ours.transfer_syntax_uid, s.object.transfer_syntax_uid);
            EXPECT_EQ(ours.transfer_syntax_uid, wire.transfer_syntax_uid);
            EXPECT_EQ(ours.meta_sop_instance_uid, s.object.sop_instance_uid);
            EXPECT_TRUE(same_data_set(wire.data_set, ours.data_set));
        }
    }

    std::unique_ptr<Scratch> scratch;
    std::string data;
    std::vector<std::string> index;
    std::vector<Sent> sent;
    std::map<std::string, StoredObject> reference;  ///< storescp's copies, by SOP Instance UID
    Process storescp;
    uint16_t storescp_port = 0;
    std::string storescp_folder;
    int runs = 0;
};

TEST_P(ServeDcmtk, StorescuIngestIsStoredAsReceivedAndFoundAtEveryLevel)
{
    ServeNode node;
    ASSERT_TRUE(node.start(*scratch, "serve", data, node_options()));
    ingest(node.port);
    expect_stored_as_sent();

    auto study_level = findscu({"QueryRetrieveLevel=STUDY", "StudyInstanceUID", "PatientName",
                                "NumberOfStudyRelatedInstances", "NumberOfStudyRelatedSeries", "ModalitiesInStudy"},
                               node.port);
    EXPECT_EQ(values_of(study_level, tags::StudyInstanceUID).size(), studies().size());
    for (const auto& response : study_level) {
        const std::string study = text_of(response, tags::StudyInstanceUID);
        const auto instances = std::count_if(sent.begin(), sent.end(), [&](const Sent& s) { return s.study_uid == study; });
        EXPECT_EQ(text_of(response, tags::NumberOfStudyRelatedInstances), std::to_string(instances)) << study;
    }

    auto doe = findscu({"QueryRetrieveLevel=STUDY", "PatientName=doe*", "StudyInstanceUID"}, node.port);
    std::set<std::string> doe_studies;
    for (const auto& s : sent)
        if (s.patient_name.starts_with("DOE"))
            doe_studies.insert(s.study_uid);
    ASSERT_FALSE(doe_studies.empty());
    auto found = values_of(doe, tags::StudyInstanceUID);
    EXPECT_EQ(std::set<std::string>(found.begin(), found.end()), doe_studies);

    auto patients = findscu({"QueryRetrieveLevel=PATIENT", "PatientID", "NumberOfPatientRelatedInstances"}, node.port,
                            true);
    std::set<std::string> patient_ids;
    for (const auto& s : sent)
        patient_ids.insert(s.patient_id);
    auto ids = values_of(patients, tags::PatientID);
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), patient_ids);

    const Sent& mr = sent[1];
    auto images = findscu({"QueryRetrieveLevel=IMAGE", "StudyInstanceUID=" + mr.study_uid,
                           "SeriesInstanceUID=" + mr.series_uid, "SOPInstanceUID", "SOPClassUID"},
                          node.port);
    const auto in_series = std::count_if(sent.begin(), sent.end(), [&](const Sent& s) { return s.series_uid == mr.series_uid; });
    EXPECT_EQ(long(images.size()), in_series);
    for (const auto& image : images)
        EXPECT_EQ(text_of(image, tags::SOPClassUID), mr.object.sop_class_uid);
}

TEST_P(ServeDcmtk, MovescuToStorescpAndGetscuAreByteIdentical)
{
    ServeNode node;
    ASSERT_TRUE(node.start(*scratch, "serve", data, node_options()));
    ingest(node.port);
    const Sent& mr = sent[1];
    auto moved = tool("movescu", {"movescu", "-v", "-S", "-aec", "QR", "-aem", "DEST", "-k", "QueryRetrieveLevel=STUDY",
                                  "-k", "StudyInstanceUID=" + mr.study_uid},
                      node.port);
    EXPECT_EQ(moved.status, 0) << moved.output;
    auto received = received_objects(storescp_folder);
    size_t expected = 0;
    for (const auto& s : sent) {
        if (s.study_uid != mr.study_uid)
            continue;
        ++expected;
        auto it = received.find(s.object.sop_instance_uid);
        ASSERT_NE(it, received.end()) << s.path << " not moved";
        EXPECT_TRUE(same_data_set(stored(s).data_set, it->second.data_set)) << s.path;
    }
    EXPECT_EQ(received.size(), expected);

    auto unknown = tool("movescu", {"movescu", "-v", "-S", "-aec", "QR", "-aem", "NOBODY", "-k",
                                    "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + mr.study_uid},
                        node.port);
    EXPECT_NE(unknown.output.find("MoveDestinationUnknown"), std::string::npos) << unknown.output;

    // C-GET of the explicit VR series: getscu proposes explicit VR first, so it comes unconverted.
    const Sent& ct = sent[0];
    const auto got_folder = scratch->folder("getscu");
    auto got = tool("getscu", {"getscu", "-v", "-S", "-aec", "QR", "-od", got_folder, "-k", "QueryRetrieveLevel=SERIES",
                               "-k", "StudyInstanceUID=" + ct.study_uid, "-k", "SeriesInstanceUID=" + ct.series_uid},
                    node.port);
    EXPECT_EQ(got.status, 0) << got.output;
    auto fetched = received_objects(got_folder);
    ASSERT_EQ(fetched.size(), 1u);
    auto it = fetched.find(ct.object.sop_instance_uid);
    ASSERT_NE(it, fetched.end()) << "not retrieved by C-GET";
    EXPECT_EQ(it->second.transfer_syntax_uid, ct.object.transfer_syntax_uid);
    EXPECT_TRUE(same_data_set(with_undefined_lengths(stored(ct).path), with_undefined_lengths(it->second.path)));
}

TEST_P(ServeDcmtk, DuplicatesAreKeptByDefaultAndRefusedWhenConfigured)
{
    ServeNode node;
    ASSERT_TRUE(node.start(*scratch, "serve", data, node_options()));
    ASSERT_EQ(storescu({sent[0].path}, node.port).status, 0);
    auto again = storescu({sent[0].path}, node.port);
    EXPECT_EQ(again.status, 0) << again.output;
    EXPECT_NE(again.output.find("Received Store Response (Success)"), std::string::npos) << again.output;
    node.process.stop();

    ServeNode rejecting;
    std::vector<std::string> options = node_options();
    options.insert(options.end(), {"--duplicates", "reject"});
    ASSERT_TRUE(rejecting.start(*scratch, "serve-reject", data, options));
    auto refused = storescu({sent[0].path}, rejecting.port);
    // storescu 3.6.7 has no name for 0111H (Duplicate SOP Instance, PS3.7 C.5).
    EXPECT_NE(refused.output.find("Received Store Response (Unknown Status: 0x111)"), std::string::npos) << refused.output;
    auto images = findscu({"QueryRetrieveLevel=IMAGE", "StudyInstanceUID=" + sent[0].study_uid,
                           "SeriesInstanceUID=" + sent[0].series_uid, "SOPInstanceUID"},
                          rejecting.port);
    EXPECT_EQ(images.size(), 1u);
}

TEST_P(ServeDcmtk, RestartKeepsEverything)
{
    {
        ServeNode node;
        ASSERT_TRUE(node.start(*scratch, "serve", data, node_options()));
        ingest(node.port);
        EXPECT_EQ(node.process.stop(), 0) << node.process.log();
    }
    ServeNode again;
    ASSERT_TRUE(again.start(*scratch, "serve-again", data, node_options()));
    EXPECT_NE(again.process.log().find("(" + std::to_string(sent.size()) + " instances)"), std::string::npos)
        << again.process.log();
    auto images = findscu({"QueryRetrieveLevel=IMAGE", "SOPInstanceUID"}, again.port, true);
    // Patient Root IMAGE level needs no keys above (relational): every instance comes back.
    EXPECT_EQ(images.size(), sent.size());
    expect_stored_as_sent();
}

// Storage Commitment Push Model (PS3.4 J.3): `roentgen commit` for stored instances is answered
// with Event Type 1; one never stored fails with 0112H (No such object instance).
TEST_P(ServeDcmtk, StorageCommitmentOfStoredInstances)
{
    ServeNode node;
    ASSERT_TRUE(node.start(*scratch, "serve", data, node_options()));
    ingest(node.port);
    const std::string peer = "QR@127.0.0.1:" + std::to_string(node.port);
    std::vector<std::string> argv = {roentgen_binary().string(), "commit", peer};
    for (const auto& s : sent)
        argv.push_back(s.path);
    auto committed = run(argv, scratch->file("commit.log"), 60s);
    EXPECT_EQ(committed.status, 0) << committed.output;
    auto missing = run({roentgen_binary().string(), "commit", peer, corpus_path("pydicom-data/MR2_UNCR.dcm")},
                       scratch->file("commit-missing.log"), 60s);
    EXPECT_EQ(missing.status, 1) << missing.output;
    EXPECT_NE(missing.output.find("0112"), std::string::npos) << missing.output;
}

// Query results come in the requester's character set when it can hold them (PS3.4 C.4.1.1.3.2):
// a Latin-1 name asked for in UTF-8 comes back in UTF-8; asked for in Latin-1, as stored.
TEST_P(ServeDcmtk, ResponsesInTheRequestersCharacterSet)
{
    ServeNode node;
    ASSERT_TRUE(node.start(*scratch, "serve", data, node_options()));
    const auto french = corpus_path("pydicom/charset_files/chrFren.dcm");  // ISO_IR 100, Buc^Jérôme
    ASSERT_EQ(storescu({french}, node.port).status, 0);
    auto utf8 = findscu({"QueryRetrieveLevel=STUDY", "SpecificCharacterSet=ISO_IR 192", "PatientName=Buc*",
                         "StudyInstanceUID"},
                        node.port);
    ASSERT_EQ(utf8.size(), 1u);
    EXPECT_EQ(text_of(utf8[0], tags::SpecificCharacterSet), "ISO_IR 192");
    EXPECT_EQ(text_of(utf8[0], tags::PatientName), "Buc^J\xc3\xa9r\xc3\xb4me");
    auto latin = findscu({"QueryRetrieveLevel=STUDY", "SpecificCharacterSet=ISO_IR 100", "PatientName=Buc*",
                          "StudyInstanceUID"},
                         node.port);
    ASSERT_EQ(latin.size(), 1u);
    EXPECT_EQ(text_of(latin[0], tags::SpecificCharacterSet), "ISO_IR 100");
    EXPECT_EQ(text_of(latin[0], tags::PatientName), "Buc^J\xe9r\xf4me");
}

// [storage] transcode_to: objects are stored in the configured lossless syntax, pixels unchanged;
// a lossy target is not applied (the object would become a new instance) and stores as received.
TEST_P(ServeDcmtk, TranscodesOnIngestWhenConfigured)
{
    const auto config = scratch->file("jpegls.toml");
    write_text(config, "[storage]\ntranscode_to = \"jpeg-ls\"\n");
    std::vector<std::string> options = node_options();
    options.insert(options.end(), {"--config", config});
    ServeNode node;
    ASSERT_TRUE(node.start(*scratch, "serve", data, options));
    ASSERT_EQ(storescu({sent[0].path}, node.port).status, 0);
    ASSERT_EQ(storescu({sent[1].path}, node.port, {"-xi"}).status, 0);
    for (const Sent* s : {&sent[0], &sent[1]}) {
        SCOPED_TRACE(s->path);
        auto ours = stored(*s);
        ASSERT_EQ(ours.error, "");
        EXPECT_EQ(ours.transfer_syntax_uid, "1.2.840.10008.1.2.4.80");
        EXPECT_EQ(ours.sop_instance_uid, s->object.sop_instance_uid);
        std::string original_error, stored_error;
        const auto original_pixels = decoded_pixels(s->path, original_error);
        const auto stored_pixels = decoded_pixels(ours.path, stored_error);
        ASSERT_EQ(original_error, "");
        ASSERT_EQ(stored_error, "");
        EXPECT_FALSE(stored_pixels.empty());
        EXPECT_TRUE(stored_pixels == original_pixels) << "pixels changed";
        // An independent decoder (DCMTK) reads what we wrote.
        auto decoded = run({"dcmdjpls", ours.path, scratch->file("dcmdjpls.dcm")}, scratch->file("dcmdjpls.log"));
        EXPECT_EQ(decoded.status, 0) << decoded.output;
    }
    auto images = findscu({"QueryRetrieveLevel=IMAGE", "StudyInstanceUID=" + sent[0].study_uid,
                           "SeriesInstanceUID=" + sent[0].series_uid, "SOPInstanceUID"},
                          node.port);
    EXPECT_EQ(images.size(), 1u);
    node.process.stop();

    const auto lossy = scratch->file("lossy.toml");
    write_text(lossy, "[storage]\ntranscode_to = \"jpeg\"\nduplicates = \"overwrite\"\n");
    options = node_options();
    options.insert(options.end(), {"--config", lossy});
    ServeNode lossy_node;
    ASSERT_TRUE(lossy_node.start(*scratch, "serve-lossy", data, options));
    ASSERT_EQ(storescu({sent[2].path}, lossy_node.port, {"-xi"}).status, 0);
    EXPECT_EQ(stored(sent[2]).transfer_syntax_uid, "1.2.840.10008.1.2");
}

// `roentgen delete` beside a running server: index rows and files go together, emptied folders
// too, and the server no longer finds them.
TEST_P(ServeDcmtk, DeleteRemovesFilesAndIndexRowsTogether)
{
    ServeNode node;
    ASSERT_TRUE(node.start(*scratch, "serve", data, node_options()));
    ingest(node.port);
    std::vector<std::string> archive = {"--data", data};
    archive.insert(archive.end(), index.begin(), index.end());
    auto remove = [&](const std::string& flag, const std::string& key) {
        std::vector<std::string> argv = {roentgen_binary().string(), "delete", flag, key};
        argv.insert(argv.end(), archive.begin(), archive.end());
        return run(argv, scratch->file("delete-" + std::to_string(++runs) + ".log"));
    };
    const Sent& mr = sent[1];  // DOE^J1's study: four instances
    auto one = remove("--instance", mr.object.sop_instance_uid);
    EXPECT_EQ(one.status, 0) << one.output;
    EXPECT_NE(one.output.find("1 instance(s) removed"), std::string::npos) << one.output;
    EXPECT_FALSE(fs::exists(stored_path(data, mr.study_uid, mr.series_uid, mr.object.sop_instance_uid)));
    auto study = remove("--study", mr.study_uid);
    EXPECT_EQ(study.status, 0) << study.output;
    EXPECT_NE(study.output.find("3 instance(s) removed"), std::string::npos) << study.output;
    EXPECT_FALSE(fs::exists(fs::path(data) / "storage" / mr.study_uid));
    auto studies = findscu({"QueryRetrieveLevel=STUDY", "StudyInstanceUID"}, node.port);
    auto uids = values_of(studies, tags::StudyInstanceUID);
    EXPECT_EQ(uids.count(mr.study_uid), 0u);
    EXPECT_EQ(uids.size(), studies_count() - 1);
    auto nothing = remove("--study", "1.2.3.999");
    EXPECT_EQ(nothing.status, 0) << nothing.output;
    EXPECT_NE(nothing.output.find("0 instance(s) removed"), std::string::npos) << nothing.output;
    auto patient = remove("--patient", sent[0].patient_id);
    EXPECT_EQ(patient.status, 0) << patient.output;
    EXPECT_FALSE(fs::exists(stored_path(data, sent[0].study_uid, sent[0].series_uid, sent[0].object.sop_instance_uid)));
}

INSTANTIATE_TEST_SUITE_P(Backends, ServeDcmtk, ::testing::Values(Backend::Sqlite, Backend::Postgresql),
                         [](const auto& info) { return info.param == Backend::Sqlite ? "Sqlite" : "Postgresql"; });

// Scale-out (issue 5.5): two nodes on one PostgreSQL index and one storage directory. What one node
// stores the other finds and moves; the same study sent to both at once ends as one study.
TEST(ServeScaleOut, TwoNodesShareOnePostgresqlIndexAndStorage)
{
    Scratch scratch("serve-scale-out");
    auto uri = postgres().create_database("serve_scale_out");
    ASSERT_TRUE(uri) << uri.error().message;
    const std::string data = scratch.folder("shared");
    const auto sent = load_sent();
    Process storescp;
    const auto storescp_folder = scratch.folder("storescp");
    const uint16_t storescp_port = free_port();
    ASSERT_TRUE(storescp.start({"storescp", "-aet", "DEST", "-od", storescp_folder, "+B", "+xa",
                                std::to_string(storescp_port)},
                               scratch.file("storescp.log")));
    ASSERT_TRUE(wait_until_listening(storescp, storescp_port));
    const std::vector<std::string> options = {"--index", *uri, "--peer",
                                              "dest=DEST@127.0.0.1:" + std::to_string(storescp_port)};
    ServeNode first, second;
    ASSERT_TRUE(first.start(scratch, "first", data, options));
    ASSERT_TRUE(second.start(scratch, "second", data, options));

    // The DOE^J1 study (MR01–MR04) through both nodes at once, twice over.
    std::vector<std::string> study;
    for (const auto& s : sent)
        if (s.study_uid == sent[1].study_uid)
            study.push_back(s.path);
    auto send = [&](uint16_t port, const std::string& name) {
        std::vector<std::string> argv = {"storescu", "-aec", "QR", "127.0.0.1", std::to_string(port)};
        argv.insert(argv.end(), study.begin(), study.end());
        return run(argv, scratch.file(name));
    };
    Outcome a, b;
    std::thread through_first([&] { a = send(first.port, "a.log"); });
    std::thread through_second([&] { b = send(second.port, "b.log"); });
    through_first.join();
    through_second.join();
    EXPECT_EQ(a.status, 0) << a.output;
    EXPECT_EQ(b.status, 0) << b.output;
    ASSERT_EQ(run({"storescu", "-aec", "QR", "127.0.0.1", std::to_string(first.port), sent[0].path},
                  scratch.file("c.log"))
                  .status,
              0);

    // Found through the other node: one study with all its instances.
    const auto out = scratch.folder("find");
    auto found = run({"findscu", "-S", "-aec", "QR", "-X", "-od", out, "-k", "QueryRetrieveLevel=STUDY", "-k",
                      "StudyInstanceUID", "-k", "NumberOfStudyRelatedInstances", "127.0.0.1",
                      std::to_string(second.port)},
                     scratch.file("find.log"));
    ASSERT_EQ(found.status, 0) << found.output;
    auto responses = responses_in(out);
    ASSERT_EQ(responses.size(), 2u);
    for (const auto& response : responses) {
        const auto uid = text_of(response, tags::StudyInstanceUID);
        EXPECT_EQ(text_of(response, tags::NumberOfStudyRelatedInstances), uid == sent[1].study_uid ? "4" : "1");
    }
    // CT_small went in through the first node; the second moves it.
    auto moved = run({"movescu", "-S", "-aec", "QR", "-aem", "DEST", "-k", "QueryRetrieveLevel=STUDY", "-k",
                      "StudyInstanceUID=" + sent[0].study_uid, "127.0.0.1", std::to_string(second.port)},
                     scratch.file("move.log"));
    EXPECT_EQ(moved.status, 0) << moved.output;
    auto received = received_objects(storescp_folder);
    ASSERT_EQ(received.count(sent[0].object.sop_instance_uid), 1u);
    const auto ours = read_object(
        stored_path(data, sent[0].study_uid, sent[0].series_uid, sent[0].object.sop_instance_uid).string());
    EXPECT_TRUE(same_data_set(ours.data_set, received[sent[0].object.sop_instance_uid].data_set));
    storescp.stop();
}

}  // namespace
}  // namespace roentgen
