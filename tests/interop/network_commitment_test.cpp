// tests/interop/network_commitment_test.cpp — Storage Commitment end to end: `roentgen commit` against `roentgen
// receive` (report on the same association and on a new one), and both against Orthanc 1.10, whose SCU and SCP report
// on new associations (DCMTK 3.6.7 ships no storage commitment tool).
#include <gtest/gtest.h>

#include <map>

#include "interop/network_support.h"

namespace roentgen {
namespace {

using namespace network_testing;

const std::string ct_small = "pydicom/test_files/CT_small.dcm";
const std::string mr_small = "pydicom/test_files/MR_small_implicit.dcm";
const std::string mr01 = "dcm4che/assembly-testdata/MR01.dcm";

Outcome roentgen(std::vector<std::string> arguments, const Scratch& scratch, const std::string& log)
{
    arguments.insert(arguments.begin(), roentgen_binary().string());
    return run(arguments, scratch.file(log + ".log"));
}

/// `curl -s -f` of Orthanc's REST API; status 0 and the body when it answered 2xx.
Outcome rest(uint16_t http_port, const std::string& path, const Scratch& scratch, const std::string& post = {})
{
    std::vector<std::string> argv = {"curl", "-s", "-f", "--max-time", "10"};
    if (!post.empty())
        argv.insert(argv.end(), {"-X", "POST", "--data-binary", post});
    argv.push_back("http://127.0.0.1:" + std::to_string(http_port) + path);
    return run(argv, scratch.file("curl.log"), 20s);
}

/// Orthanc 1.10 on free ports, knowing `modalities` (name -> port, the AE title is the name).
struct Orthanc {
    Process process;
    uint16_t dicom_port = 0;
    uint16_t http_port = 0;
    std::string peer() const { return "ORTHANC@127.0.0.1:" + std::to_string(dicom_port); }
};

::testing::AssertionResult start_orthanc(Orthanc& orthanc, const Scratch& scratch,
                                         const std::map<std::string, uint16_t>& modalities)
{
    orthanc.http_port = free_port();
    const auto storage = scratch.folder("orthanc-storage");
    std::string known;
    for (const auto& [name, port] : modalities)
        known += (known.empty() ? "" : ", ") + std::string("\"") + name + "\": [\"" + name + "\", \"127.0.0.1\", " +
                 std::to_string(port) + "]";
    const auto configuration = scratch.file("orthanc.json");
    write_text(configuration, "{\n"
                              "  \"Name\": \"roentgen-test\",\n"
                              "  \"StorageDirectory\": \"" +
                                  storage +
                                  "\",\n"
                                  "  \"IndexDirectory\": \"" +
                                  storage +
                                  "\",\n"
                                  "  \"DicomAet\": \"ORTHANC\",\n"
                                  "  \"DicomPort\": " +
                                  std::to_string(orthanc.dicom_port) +
                                  ",\n"
                                  "  \"HttpPort\": " +
                                  std::to_string(orthanc.http_port) +
                                  ",\n"
                                  "  \"RemoteAccessAllowed\": false,\n"
                                  "  \"DicomCheckCalledAet\": false,\n"
                                  "  \"Plugins\": [],\n"
                                  "  \"DicomAlwaysAllowEcho\": true,\n"
                                  "  \"DicomAlwaysAllowStore\": true,\n"
                                  "  \"DicomModalities\": {" +
                                  known +
                                  "}\n"
                                  "}\n");
    if (auto started = orthanc.process.start({"Orthanc", configuration}, scratch.file("orthanc.log")); !started)
        return started;
    for (int attempt = 0; attempt < 400; ++attempt) {
        if (!orthanc.process.running())
            return ::testing::AssertionFailure() << "Orthanc exited: " << orthanc.process.log();
        if (rest(orthanc.http_port, "/system", scratch).status == 0)
            return wait_until_listening(orthanc.process, orthanc.dicom_port);
        std::this_thread::sleep_for(50ms);
    }
    return ::testing::AssertionFailure() << "Orthanc's REST API did not come up: " << orthanc.process.log();
}

TEST(NetworkCommitment, CommitToReceiveReportsCommittedAndFailedInstances)
{
    Scratch scratch("commit-receive");
    Receiver receiver;
    ASSERT_TRUE(start_receiver(receiver, scratch, "receiver", {"--no-fsync"}));
    auto stored = roentgen({"store", receiver.peer(), corpus_path(ct_small), corpus_path(mr_small)}, scratch, "store");
    ASSERT_EQ(stored.status, 0) << stored.output;

    auto committed = roentgen(
        {"commit", receiver.peer(), corpus_path(ct_small), corpus_path(mr_small), "--transaction-uid", "2.25.4242"},
        scratch, "commit-all");
    EXPECT_EQ(committed.status, 0) << committed.output;
    EXPECT_NE(committed.output.find("transaction 2.25.4242: 2 committed, 0 failed"), std::string::npos)
        << committed.output;
    EXPECT_NE(committed.output.find("committed " + read_object(corpus_path(ct_small)).sop_instance_uid),
              std::string::npos)
        << committed.output;

    // Never stored: 0112H; stored under another SOP class: 0119H.
    const auto conflicting = scratch.file("conflicting.dcm");
    auto modified =
        roentgen({"modify", corpus_path(ct_small), "-o", conflicting, "--set", "SOPClassUID=1.2.840.10008.5.1.4.1.1.4"},
                 scratch, "modify");
    ASSERT_EQ(modified.status, 0) << modified.output;
    auto partly = roentgen({"commit", receiver.peer(), corpus_path(mr_small), corpus_path(mr01), conflicting}, scratch,
                           "commit-partly");
    EXPECT_EQ(partly.status, 1) << partly.output;
    EXPECT_NE(partly.output.find("1 committed, 2 failed"), std::string::npos) << partly.output;
    EXPECT_NE(partly.output.find(read_object(corpus_path(mr01)).sop_instance_uid + ": 0112H no such object instance"),
              std::string::npos)
        << partly.output;
    EXPECT_NE(
        partly.output.find(read_object(corpus_path(ct_small)).sop_instance_uid + ": 0119H class / instance conflict"),
        std::string::npos)
        << partly.output;
    EXPECT_EQ(receiver.process.stop(), 0) << receiver.process.log();
}

TEST(NetworkCommitment, ReceiveReportsOnANewAssociationToCommitListening)
{
    Scratch scratch("commit-new-association");
    const uint16_t report_port = free_port();
    Receiver receiver;
    ASSERT_TRUE(start_receiver(receiver, scratch, "receiver",
                               {"--no-fsync", "--commitment-on-new-association", "--destination",
                                "MODALITY=127.0.0.1:" + std::to_string(report_port)}));
    auto stored = roentgen({"store", receiver.peer(), corpus_path(ct_small)}, scratch, "store");
    ASSERT_EQ(stored.status, 0) << stored.output;
    auto committed = roentgen({"commit", receiver.peer(), corpus_path(ct_small), corpus_path(mr01), "--aet", "MODALITY",
                               "--listen", std::to_string(report_port), "--timeout", "20"},
                              scratch, "commit");
    EXPECT_EQ(committed.status, 1) << committed.output;
    EXPECT_NE(committed.output.find("1 committed, 1 failed"), std::string::npos) << committed.output;

    // Without --listen, the report never comes on the request's association: a timeout.
    auto waiting = roentgen({"commit", receiver.peer(), corpus_path(ct_small), "--timeout", "1"}, scratch, "waiting");
    EXPECT_EQ(waiting.status, 1) << waiting.output;
    EXPECT_NE(waiting.output.find("no storage commitment report"), std::string::npos) << waiting.output;
    EXPECT_EQ(receiver.process.stop(), 0) << receiver.process.log();
}

TEST(NetworkCommitment, CommitListeningGetsTheReportOfAReceiveThatReportsOnTheSameAssociation)
{
    // `commit --listen` releases right after the N-ACTION-RSP; receive, whose report went out on
    // that association unanswered, sends it again on a new one to the requester's --destination.
    Scratch scratch("commit-released");
    const uint16_t report_port = free_port();
    Receiver receiver;
    ASSERT_TRUE(start_receiver(receiver, scratch, "receiver",
                               {"--no-fsync", "--destination", "MODALITY=127.0.0.1:" + std::to_string(report_port)}));
    auto stored = roentgen({"store", receiver.peer(), corpus_path(ct_small)}, scratch, "store");
    ASSERT_EQ(stored.status, 0) << stored.output;
    auto committed = roentgen({"commit", receiver.peer(), corpus_path(ct_small), "--aet", "MODALITY", "--listen",
                               std::to_string(report_port), "--timeout", "20"},
                              scratch, "commit");
    EXPECT_EQ(committed.status, 0) << committed.output << receiver.process.log();
    EXPECT_NE(committed.output.find("1 committed, 0 failed"), std::string::npos) << committed.output;
    EXPECT_EQ(receiver.process.stop(), 0) << receiver.process.log();
}

TEST(NetworkCommitment, CommitToOrthancTakesItsReportOnANewAssociation)
{
    Scratch scratch("commit-orthanc-scp");
    const uint16_t report_port = free_port();
    Orthanc orthanc;
    orthanc.dicom_port = free_port();
    ASSERT_TRUE(start_orthanc(orthanc, scratch, {{"MODALITY", report_port}}));
    auto stored = roentgen({"store", orthanc.peer(), corpus_path(ct_small)}, scratch, "store");
    ASSERT_EQ(stored.status, 0) << stored.output;
    auto committed = roentgen({"commit", orthanc.peer(), corpus_path(ct_small), corpus_path(mr01), "--aet", "MODALITY",
                               "--listen", std::to_string(report_port), "--timeout", "30"},
                              scratch, "commit");
    EXPECT_EQ(committed.status, 1) << committed.output << orthanc.process.log();
    EXPECT_NE(committed.output.find("1 committed, 1 failed"), std::string::npos) << committed.output;
    EXPECT_NE(committed.output.find("committed " + read_object(corpus_path(ct_small)).sop_instance_uid),
              std::string::npos)
        << committed.output;
    EXPECT_NE(committed.output.find(read_object(corpus_path(mr01)).sop_instance_uid + ": 0112H"), std::string::npos)
        << committed.output;
}

TEST(NetworkCommitment, OrthancRequestsCommitmentFromReceive)
{
    // Orthanc's SCU releases right after the N-ACTION-RSP and takes reports on associations to its
    // own port: receive's report on the request's association goes unanswered and is sent again.
    for (const bool new_association : {false, true}) {
        SCOPED_TRACE(new_association ? "--commitment-on-new-association" : "same association first");
        Scratch scratch(new_association ? "orthanc-scu-new" : "orthanc-scu-same");
        Orthanc orthanc;
        orthanc.dicom_port = free_port();
        Receiver receiver;
        std::vector<std::string> options = {"--no-fsync", "--aet", "RCV", "--destination",
                                            "ORTHANC=127.0.0.1:" + std::to_string(orthanc.dicom_port)};
        if (new_association)
            options.push_back("--commitment-on-new-association");
        ASSERT_TRUE(start_receiver(receiver, scratch, "receiver", options));
        ASSERT_TRUE(start_orthanc(orthanc, scratch, {{"RCV", receiver.port}}));
        auto stored = roentgen({"store", receiver.peer("RCV"), corpus_path(ct_small)}, scratch, "store");
        ASSERT_EQ(stored.status, 0) << stored.output;
        const auto ct = read_object(corpus_path(ct_small));
        const auto mr = read_object(corpus_path(mr01));
        auto requested = rest(orthanc.http_port, "/modalities/RCV/storage-commitment", scratch,
                              "{\"DicomInstances\": [[\"" + ct.sop_class_uid + "\", \"" + ct.sop_instance_uid +
                                  "\"], [\"" + mr.sop_class_uid + "\", \"" + mr.sop_instance_uid + "\"]]}");
        ASSERT_EQ(requested.status, 0) << requested.output << orthanc.process.log();
        const auto path_at = requested.output.find("/storage-commitment/");
        ASSERT_NE(path_at, std::string::npos) << requested.output;
        const auto path = requested.output.substr(path_at, requested.output.find('"', path_at) - path_at);
        std::string result;
        for (int attempt = 0; attempt < 200; ++attempt) {
            result = rest(orthanc.http_port, path, scratch).output;
            if (result.find("Pending") == std::string::npos && !result.empty())
                break;
            std::this_thread::sleep_for(50ms);
        }
        EXPECT_NE(result.find("\"Failure\""), std::string::npos) << result << receiver.process.log();
        // The committed instance is under "Success", the other under "Failures" with 0112H (274).
        const auto success_at = result.find("\"Success\"");
        ASSERT_NE(success_at, std::string::npos) << result;
        EXPECT_NE(result.find(ct.sop_instance_uid, success_at), std::string::npos) << result;
        const auto failures_at = result.find("\"Failures\"");
        ASSERT_NE(failures_at, std::string::npos) << result;
        EXPECT_NE(result.find(mr.sop_instance_uid, failures_at), std::string::npos) << result;
        EXPECT_NE(result.find("274"), std::string::npos) << result;
        EXPECT_EQ(receiver.process.stop(), 0) << receiver.process.log();
    }
}

} // namespace
} // namespace roentgen
