// tests/interop/network_commitment_test.cpp — Storage Commitment end to end: `roentgen commit` against `roentgen receive`
// (report on the same association and on a new one), and both against Orthanc 1.10, whose SCU and SCP report on new
// associations (DCMTK 3.6.7 ships no storage commitment tool).
#include <gtest/gtest.h>

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

TEST(NetworkCommitment, CommitToReceiveReportsCommittedAndFailedInstances)
{
    Scratch scratch("commit-receive");
    Receiver receiver;
    ASSERT_TRUE(start_receiver(receiver, scratch, "receiver", {"--no-fsync"}));
    auto stored = roentgen({"store", receiver.peer(), corpus_path(ct_small), corpus_path(mr_small)}, scratch, "store");
    ASSERT_EQ(stored.status, 0) << stored.output;

    auto committed = roentgen({"commit", receiver.peer(), corpus_path(ct_small), corpus_path(mr_small),
                               "--transaction-uid", "2.25.4242"},
                              scratch, "commit-all");
    EXPECT_EQ(committed.status, 0) << committed.output;
    EXPECT_NE(committed.output.find("transaction 2.25.4242: 2 committed, 0 failed"), std::string::npos)
        << committed.output;
    EXPECT_NE(committed.output.find("committed " + read_object(corpus_path(ct_small)).sop_instance_uid),
              std::string::npos)
        << committed.output;

    // Never stored: 0112H; stored under another SOP class: 0119H.
    const auto conflicting = scratch.file("conflicting.dcm");
    auto modified = roentgen({"modify", corpus_path(ct_small), "-o", conflicting, "--set",
                              "SOPClassUID=1.2.840.10008.5.1.4.1.1.4"},
                             scratch, "modify");
    ASSERT_EQ(modified.status, 0) << modified.output;
    auto partly = roentgen({"commit", receiver.peer(), corpus_path(mr_small), corpus_path(mr01), conflicting}, scratch,
                           "commit-partly");
    EXPECT_EQ(partly.status, 1) << partly.output;
    EXPECT_NE(partly.output.find("1 committed, 2 failed"), std::string::npos) << partly.output;
    EXPECT_NE(partly.output.find(read_object(corpus_path(mr01)).sop_instance_uid + ": 0112H no such object instance"),
              std::string::npos)
        << partly.output;
    EXPECT_NE(partly.output.find(read_object(corpus_path(ct_small)).sop_instance_uid +
                                 ": 0119H class / instance conflict"),
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
    auto committed = roentgen({"commit", receiver.peer(), corpus_path(ct_small), corpus_path(mr01), "--aet",
                               "MODALITY", "--listen", std::to_string(report_port), "--timeout", "20"},
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

}  // namespace
}  // namespace roentgen
