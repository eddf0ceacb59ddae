// tests/services/dimse_server_test.cpp — DimseServer with the library's SCU side: echo, store, windows, failures, limits, stop.
#include "services/dimse_server.h"

#include "net/dimse/status.h"
#include "services/storage_scu.h"
#include "services/verification_scu.h"
#include "server_test_support.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <string>

namespace roentgen::services {
namespace {

using namespace testing;

OutgoingInstance ct_instance(std::string sop_instance_uid, std::span<const uint8_t> data, uint64_t tag = 0)
{
    return OutgoingInstance{.sop_class_uid = ct_image,
                            .sop_instance_uid = std::move(sop_instance_uid),
                            .transfer_syntax_uid = explicit_le,
                            .encoded = data,
                            .tag = tag};
}

/// Stores each instance on `association` and returns the responses in arrival order.
std::vector<StoreResponse> store_all(net::Association& association, const std::vector<OutgoingInstance>& instances)
{
    std::vector<StoreResponse> responses;
    StorageSender sender(association, [&](const StoreResponse& response) { responses.push_back(response); });
    for (const auto& instance : instances) {
        auto sent = sender.send(instance);
        EXPECT_TRUE(sent) << sent.error().message;
    }
    auto finished = sender.finish();
    EXPECT_TRUE(finished) << finished.error().message;
    return responses;
}

using DimseServerTest = ServerTest;

TEST_F(DimseServerTest, Echo)
{
    auto association = open();
    ASSERT_TRUE(association) << association.error().message;
    EXPECT_EQ(server->active_associations(), 1u);
    auto status = echo(*association, 7);
    ASSERT_TRUE(status) << status.error().message;
    EXPECT_EQ(*status, net::status::Success);
    // The AC is the negotiation's: our implementation, the server's maximum length.
    EXPECT_EQ(association->accept_pdu().user_information.maximum_length, server_maximum_pdu);
    ASSERT_TRUE(std::move(*association).release());
    EXPECT_TRUE(eventually([&] { return server->active_associations() == 0; }));
    EXPECT_TRUE(errors().empty()) << all_errors();
}

TEST_F(DimseServerTest, LargeDataSetIsFragmentedAndArrivesIntact)
{
    auto association = open();
    ASSERT_TRUE(association) << association.error().message;
    const auto data = pattern((6u << 20) + 10, 1);
    const auto responses = store_all(*association, {ct_instance("1.2.3.4.5.6.1", data)});
    ASSERT_EQ(responses.size(), 1u);
    EXPECT_EQ(responses[0].status, net::status::Success);

    const auto stored = storage.committed();
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].request.sop_class_uid, ct_image);
    EXPECT_EQ(stored[0].request.sop_instance_uid, "1.2.3.4.5.6.1");
    EXPECT_EQ(stored[0].request.transfer_syntax_uid, explicit_le);
    EXPECT_EQ(stored[0].bytes.size(), data.size());
    EXPECT_TRUE(stored[0].bytes == data);
    // The server announced 16384: PDVs of at most 16384 - 6 bytes, streamed one by one to the writer.
    EXPECT_LE(stored[0].largest_write, server_maximum_pdu - 6);
    EXPECT_GE(stored[0].writes, data.size() / (server_maximum_pdu - 6));
    const auto who = storage.last_association();
    EXPECT_EQ(who.calling_ae_title, "TEST-SCU");
    EXPECT_EQ(who.called_ae_title, server_ae);
    EXPECT_EQ(who.peer_host, "127.0.0.1");
    ASSERT_TRUE(std::move(*association).release());
}

TEST_F(DimseServerTest, StreamedDataSetArrivesIntact)
{
    auto association = open();
    ASSERT_TRUE(association) << association.error().message;
    const auto data = pattern(1u << 20, 2);
    auto instance = ct_instance("1.2.3.4.5.6.2", {});
    instance.encode = [&](ByteSink& sink) -> Result<void> {
        for (size_t at = 0; at < data.size(); at += 1000)
            ROENTGEN_TRY(sink.write(std::span(data).subspan(at, std::min<size_t>(1000, data.size() - at))));
        return {};
    };
    const auto responses = store_all(*association, {instance});
    ASSERT_EQ(responses.size(), 1u);
    EXPECT_EQ(responses[0].status, net::status::Success);
    const auto stored = storage.committed();
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_TRUE(stored[0].bytes == data);
    EXPECT_LE(stored[0].largest_write, server_maximum_pdu - 6);
    ASSERT_TRUE(std::move(*association).release());
}

TEST_F(DimseServerTest, OddLengthDataSetArrivesPaddedToEven)
{
    auto association = open();
    ASSERT_TRUE(association) << association.error().message;
    const auto odd = pattern(16384 * 2 + 1, 3);  // odd, and longer than one PDV
    auto streamed = ct_instance("1.2.3.4.5.6.4", {});
    streamed.encode = [&](ByteSink& sink) { return sink.write(std::span(odd).first(777)); };
    const auto responses = store_all(*association, {ct_instance("1.2.3.4.5.6.3", odd), streamed});
    ASSERT_EQ(responses.size(), 2u);

    const auto stored = storage.committed();
    ASSERT_EQ(stored.size(), 2u);
    auto expected = odd;
    expected.push_back(0);  // PS3.5 7.1: a data set is even; the trailing padding byte is zero
    EXPECT_EQ(stored[0].bytes.size(), expected.size());
    EXPECT_TRUE(stored[0].bytes == expected);
    Bytes expected_streamed(odd.begin(), odd.begin() + 777);
    expected_streamed.push_back(0);
    EXPECT_TRUE(stored[1].bytes == expected_streamed);
    ASSERT_TRUE(std::move(*association).release());
}

TEST_F(DimseServerTest, AsynchronousWindowKeepsSeveralRequestsOutstanding)
{
    constexpr int count = 20;
    constexpr uint16_t window = 8;
    std::atomic<size_t> sent{0};
    std::atomic<bool> first_commit_saw_full_window{false};
    std::atomic<bool> first{true};
    const auto index_of = [](const std::string& uid) { return std::stoi(uid.substr(uid.rfind('.') + 1)); };
    const auto status_of = [](int index) -> uint16_t { return index % 3 == 0 ? 0xB000 : 0x0000; };
    // The first commit waits until the SCU has sent a whole window: proof that it did not wait for
    // this response before sending the others.
    storage.on_commit = [&](const StoreRequest& request) {
        if (first.exchange(false))
            first_commit_saw_full_window = eventually([&] { return sent.load() >= window; });
        return status_of(index_of(request.sop_instance_uid));
    };

    auto request = association_request();
    request.user_information.asynchronous_operations_window = net::AsynchronousOperationsWindow{window, 1};
    auto association = open(request);
    ASSERT_TRUE(association) << association.error().message;
    ASSERT_EQ(association->operations_window(), window);

    std::vector<Bytes> data;
    for (int i = 0; i < count; ++i)
        data.push_back(pattern(1000 + 2 * i, 100 + i));
    std::vector<StoreResponse> responses;
    std::map<uint64_t, uint16_t> message_ids;
    size_t most_outstanding = 0;
    StorageSender sender(*association, [&](const StoreResponse& response) { responses.push_back(response); });
    for (int i = 0; i < count; ++i) {
        auto id = sender.send(ct_instance("1.2.826.0.1.3680043.10.1." + std::to_string(i), data[i], i));
        ASSERT_TRUE(id) << id.error().message;
        message_ids[i] = *id;
        ++sent;
        most_outstanding = std::max(most_outstanding, sender.outstanding());
        EXPECT_LE(sender.outstanding(), size_t(window));
    }
    auto finished = sender.finish();
    ASSERT_TRUE(finished) << finished.error().message << "\n" << all_errors() << responses.size() << " responses, "
                          << storage.committed().size() << " committed, " << sent << " sent";
    EXPECT_TRUE(first_commit_saw_full_window);
    EXPECT_EQ(most_outstanding, size_t(window));
    EXPECT_EQ(sender.outstanding(), 0u);

    // Every response answers its own request: by message ID and by the status of that instance.
    ASSERT_EQ(responses.size(), size_t(count));
    std::map<uint64_t, int> seen;
    for (const auto& response : responses) {
        ++seen[response.tag];
        EXPECT_EQ(response.message_id, message_ids[response.tag]);
        EXPECT_EQ(response.command.message_id_being_responded_to(), message_ids[response.tag]);
        EXPECT_EQ(response.status, status_of(int(response.tag))) << "instance " << response.tag;
        EXPECT_EQ(response.command.affected_sop_instance_uid(),
                  "1.2.826.0.1.3680043.10.1." + std::to_string(response.tag));
    }
    EXPECT_EQ(seen.size(), size_t(count));
    const auto stored = storage.committed();
    ASSERT_EQ(stored.size(), size_t(count));
    for (const auto& instance : stored)
        EXPECT_TRUE(instance.bytes == data[index_of(instance.request.sop_instance_uid)]);
    ASSERT_TRUE(std::move(*association).release());
}

TEST_F(DimseServerTest, FailedOpenIsOutOfResourcesAndTheAssociationGoesOn)
{
    storage.fail_open = [](const StoreRequest& request) { return request.sop_instance_uid == "1.2.3.666"; };
    auto association = open();
    ASSERT_TRUE(association) << association.error().message;
    const auto data = pattern(50000, 4);
    const auto responses = store_all(*association, {ct_instance("1.2.3.666", data, 1), ct_instance("1.2.3.7", data, 2)});
    ASSERT_EQ(responses.size(), 2u);
    EXPECT_EQ(responses[0].tag, 1u);
    EXPECT_EQ(responses[0].status, net::status::OutOfResources);
    EXPECT_NE(std::string(responses[0].command.error_comment().value_or("")).find("refuses"), std::string::npos);
    EXPECT_EQ(responses[1].tag, 2u);
    EXPECT_EQ(responses[1].status, net::status::Success);
    const auto stored = storage.committed();
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].request.sop_instance_uid, "1.2.3.7");
    EXPECT_TRUE(stored[0].bytes == data);
    EXPECT_EQ(echo(*association, 9).value_or(0xFFFF), net::status::Success);
    ASSERT_TRUE(std::move(*association).release());
}

TEST_F(DimseServerTest, FailedWriteIsOutOfResourcesAndTheAssociationGoesOn)
{
    storage.fail_on_write = 3;
    auto association = open();
    ASSERT_TRUE(association) << association.error().message;
    const auto large = pattern(100000, 5);  // seven PDVs: the third write fails
    const auto small = pattern(1000, 6);    // one PDV
    const auto responses = store_all(*association, {ct_instance("1.2.3.8", large, 1), ct_instance("1.2.3.9", small, 2)});
    ASSERT_EQ(responses.size(), 2u);
    EXPECT_EQ(responses[0].status, net::status::OutOfResources);
    EXPECT_NE(std::string(responses[0].command.error_comment().value_or("")).find("disk full"), std::string::npos);
    EXPECT_EQ(responses[1].status, net::status::Success);

    ASSERT_TRUE(eventually([&] { return storage.abandoned().size() == 1; }));
    const auto abandoned = storage.abandoned();
    EXPECT_EQ(abandoned[0].request.sop_instance_uid, "1.2.3.8");
    EXPECT_EQ(abandoned[0].writes, 3u);  // nothing more is written after the failure
    const auto stored = storage.committed();
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_TRUE(stored[0].bytes == small);
    EXPECT_EQ(echo(*association, 9).value_or(0xFFFF), net::status::Success);
    ASSERT_TRUE(std::move(*association).release());
}

TEST_F(DimseServerTest, ReleaseEndsTheAssociationCleanly)
{
    auto association = open();
    ASSERT_TRUE(association) << association.error().message;
    ASSERT_EQ(echo(*association, 1).value_or(0xFFFF), net::status::Success);
    auto released = std::move(*association).release();
    ASSERT_TRUE(released) << released.error().message;
    EXPECT_TRUE(eventually([&] { return server->active_associations() == 0; }));
    EXPECT_TRUE(errors().empty()) << all_errors();
}

TEST_F(DimseServerTest, TooManyAssociationsAreRejectedTransiently)
{
    server->stop();
    auto configuration = base_configuration();
    configuration.maximum_associations = 1;
    start(configuration);

    auto first = open();
    ASSERT_TRUE(first) << first.error().message;
    {
        auto raw = connect_raw();
        ASSERT_TRUE(raw) << raw.error().message;
        auto request = net::encode_pdu(net::Pdu{association_request()});
        ASSERT_TRUE(request);
        ASSERT_TRUE(send_bytes(**raw, *request));
        auto answer = read_pdu_bytes(**raw);
        ASSERT_TRUE(answer) << answer.error().message;
        auto pdu = net::decode_pdu(*answer);
        ASSERT_TRUE(pdu) << pdu.error().message;
        ASSERT_TRUE(std::holds_alternative<net::AssociateReject>(*pdu));
        // PS3.8 9.3.4: rejected-transient, service-provider (presentation), local-limit-exceeded.
        EXPECT_EQ(std::get<net::AssociateReject>(*pdu),
                  (net::AssociateReject{net::RejectResult::Transient, net::RejectSource::ServiceProviderPresentation,
                                        net::reject_reasons::LocalLimitExceeded}));
    }
    auto second = open();
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, Errc::Refused);
    EXPECT_NE(second.error().message.find("rejected-transient"), std::string::npos) << second.error().message;

    // The one admitted is served, and once it is gone there is room again.
    EXPECT_EQ(echo(*first, 1).value_or(0xFFFF), net::status::Success);
    ASSERT_TRUE(std::move(*first).release());
    ASSERT_TRUE(eventually([&] { return server->active_associations() == 0; }));
    auto third = open();
    ASSERT_TRUE(third) << third.error().message;
    EXPECT_EQ(echo(*third, 1).value_or(0xFFFF), net::status::Success);
    ASSERT_TRUE(std::move(*third).release());
}

TEST_F(DimseServerTest, StopReturnsPromptlyWithAnIdleAssociation)
{
    auto association = open();
    ASSERT_TRUE(association) << association.error().message;
    ASSERT_EQ(echo(*association, 1).value_or(0xFFFF), net::status::Success);
    const auto started = std::chrono::steady_clock::now();
    server->stop();
    const auto took = std::chrono::steady_clock::now() - started;
    EXPECT_LT(took, 2s) << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
    EXPECT_EQ(server->active_associations(), 0u);
    // The association is gone with the server.
    EXPECT_FALSE(echo(*association, 2));
    auto again = open();
    EXPECT_FALSE(again);
}

}  // namespace
}  // namespace roentgen::services
