// tests/interop/network_corpus_test.cpp — every corpus object through `roentgen store` -> `roentgen receive`, byte for byte.
#include <gtest/gtest.h>

#include <set>

#include "interop/network_support.h"

namespace {

using namespace roentgen;
using namespace roentgen::network_testing;

// Every file of the corpus that is a DICOM object with SOP Class and Instance UIDs (one per SOP
// Instance UID: the corpus holds copies of some files under several projects), its data set sent
// as it is on disk and received into a file whose data set must be the same bytes.
TEST(NetworkCorpus, EveryObjectArrivesByteIdenticalThroughStoreAndReceive)
{
    Scratch scratch("corpus");
    std::vector<StoredObject> sent;
    std::set<std::string> seen;
    size_t skipped = 0;
    for (const auto& entry : fs::recursive_directory_iterator(::roentgen::testing::corpus_dir())) {
        if (!entry.is_regular_file() || entry.path().string().find("/ref/") != std::string::npos)
            continue;
        auto object = read_object(entry.path().string());
        // DICOMDIRs are media objects (PS3.10), not stored over the network.
        if (!object.error.empty() || object.sop_class_uid.empty() || object.sop_instance_uid.empty() ||
            object.sop_class_uid == "1.2.840.10008.1.3.10" || object.data_set.empty()) {
            ++skipped;
            continue;
        }
        if (seen.insert(object.sop_instance_uid).second)
            sent.push_back(std::move(object));
    }
    ASSERT_GT(sent.size(), 200u) << "the corpus should hold a few hundred objects";

    Receiver receiver;
    ASSERT_TRUE(start_receiver(receiver, scratch, "received", {"--promiscuous", "--no-fsync"}));
    std::vector<std::string> argv = {roentgen_binary().string(), "store", receiver.peer()};
    for (const auto& object : sent)
        argv.push_back(object.path);
    auto stored = run(argv, scratch.file("store.log"), 120s);
    EXPECT_EQ(stored.status, 0) << stored.output.substr(0, 4000);

    const auto received = received_objects(receiver.folder);
    size_t identical = 0;
    for (const auto& object : sent) {
        auto found = received.find(object.sop_instance_uid);
        if (found == received.end()) {
            ADD_FAILURE() << object.path << " (" << object.sop_instance_uid << ") did not arrive";
            continue;
        }
        EXPECT_EQ(found->second.transfer_syntax_uid, object.transfer_syntax_uid) << object.path;
        EXPECT_EQ(found->second.meta_sop_class_uid, object.sop_class_uid) << object.path;
        auto same = same_data_set(object.data_set, found->second.data_set);
        EXPECT_TRUE(same) << object.path;
        identical += same ? 1 : 0;
    }
    EXPECT_EQ(identical, sent.size());
    std::cout << sent.size() << " objects sent and received byte-identical: " << identical << " (" << skipped
              << " corpus files are not network objects)\n";
}

}  // namespace
