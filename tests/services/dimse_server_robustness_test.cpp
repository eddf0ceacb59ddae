// tests/services/dimse_server_robustness_test.cpp — misbehaving peers on raw sockets; another association meanwhile is still served.
#include "services/dimse_server.h"

#include "net/dimse/command_builders.h"
#include "net/dimse/status.h"
#include "services/storage_scu.h"
#include "services/verification_scu.h"
#include "server_test_support.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <thread>

namespace roentgen::services {
namespace {

using namespace testing;

// A-ABORT PDUs as PS3.8 9.3.8 spells them: type 07, reserved, length 4, reserved, reserved, source, reason.
const Bytes user_abort = {0x07, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00};
Bytes provider_abort(net::AbortReason reason)
{
    return {0x07, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x02, static_cast<uint8_t>(reason)};
}

class DimseServerRobustnessTest : public ServerTest {
protected:
    /// A connection that completed association negotiation by hand.
    std::unique_ptr<net::Connection> associated_raw()
    {
        auto connection = connect_raw();
        EXPECT_TRUE(connection) << connection.error().message;
        if (!connection)
            return nullptr;
        auto accept = raw_associate(**connection, association_request());
        EXPECT_TRUE(accept) << accept.error().message;
        if (!accept)
            return nullptr;
        return std::move(*connection);
    }
    /// Only the bystander is left: the misbehaving association's thread has ended.
    bool only_bystander_left() const
    {
        return eventually([&] { return server->active_associations() == 1; });
    }
    bool reported(std::string_view text) const
    {
        return eventually([&] {
            for (const auto& error : errors())
                if (error.find(text) != std::string::npos)
                    return true;
            return false;
        });
    }
};

TEST_F(DimseServerRobustnessTest, TruncatedPduThenClose)
{
    auto bystander = open_bystander();
    {
        auto raw = connect_raw();
        ASSERT_TRUE(raw);
        // An A-ASSOCIATE-RQ header announcing 1000 bytes, 4 of them, then the connection closes.
        const Bytes truncated = {0x01, 0x00, 0x00, 0x00, 0x03, 0xE8, 0x00, 0x01, 0x00, 0x00};
        ASSERT_TRUE(send_bytes(**raw, truncated));
    }
    EXPECT_TRUE(only_bystander_left());
    EXPECT_TRUE(reported("A-ASSOCIATE-RQ")) << all_errors();
    expect_bystander_served(bystander);
}

TEST_F(DimseServerRobustnessTest, TruncatedPduThenSilenceEndsAtArtim)
{
    auto bystander = open_bystander();
    auto raw = connect_raw();
    ASSERT_TRUE(raw);
    const Bytes truncated = {0x01, 0x00, 0x00, 0x00, 0x03, 0xE8, 0x00, 0x01, 0x00, 0x00};
    const auto started = std::chrono::steady_clock::now();
    ASSERT_TRUE(send_bytes(**raw, truncated));
    // The rest of the A-ASSOCIATE-RQ never comes: ARTIM (300 ms here) bounds the wait.
    EXPECT_TRUE(closed_by_peer(**raw, 1500ms));
    EXPECT_GE(std::chrono::steady_clock::now() - started, 250ms);
    EXPECT_TRUE(only_bystander_left());
    expect_bystander_served(bystander);
}

TEST_F(DimseServerRobustnessTest, TruncatedDataTransferThenClose)
{
    auto bystander = open_bystander();
    {
        auto raw = associated_raw();
        ASSERT_TRUE(raw);
        const Bytes truncated = {0x04, 0x00, 0x00, 0x00, 0x03, 0xE8, 0x00, 0x00, 0x03, 0xE4};
        ASSERT_TRUE(send_bytes(*raw, truncated));
    }
    EXPECT_TRUE(only_bystander_left());
    EXPECT_TRUE(reported("P-DATA-TF")) << all_errors();
    expect_bystander_served(bystander);
}

TEST_F(DimseServerRobustnessTest, OversizedDataTransferIsAborted)
{
    auto bystander = open_bystander();
    {
        auto raw = associated_raw();
        ASSERT_TRUE(raw);
        // One PDV making a P-DATA-TF of 20000 bytes, where the server announced 16384 (PS3.8 D.1).
        const auto data = pattern(20000 - 6, 7);
        ASSERT_TRUE(send_bytes(*raw, data_transfer(1, 0x03, data)));
        auto answer = read_pdu_bytes(*raw);
        ASSERT_TRUE(answer) << answer.error().message;
        EXPECT_EQ(*answer, provider_abort(net::AbortReason::InvalidPduParameterValue));
        EXPECT_TRUE(closed_by_peer(*raw, 1500ms));
    }
    EXPECT_TRUE(only_bystander_left());
    EXPECT_TRUE(reported("exceeds the maximum length 16384")) << all_errors();
    expect_bystander_served(bystander);
}

TEST_F(DimseServerRobustnessTest, DataTransferAtTheMaximumLengthIsAccepted)
{
    // The other side of the boundary: a P-DATA-TF of exactly 16384 bytes is fine. A C-STORE data
    // set in such PDUs must arrive whole.
    auto raw = associated_raw();
    ASSERT_TRUE(raw);
    const auto command = net::encode_command(net::make_c_store_rq(5, ct_image, "1.2.3.10"));
    ASSERT_TRUE(send_bytes(*raw, data_transfer(3, 0x03, command)));
    const auto data = pattern(2 * (server_maximum_pdu - 6), 8);
    ASSERT_TRUE(send_bytes(*raw, data_transfer(3, 0x00, std::span(data).first(server_maximum_pdu - 6))));
    ASSERT_TRUE(send_bytes(*raw, data_transfer(3, 0x02, std::span(data).subspan(server_maximum_pdu - 6))));
    auto answer = read_pdu_bytes(*raw);
    ASSERT_TRUE(answer) << answer.error().message;
    auto pdu = net::decode_pdu(*answer);
    ASSERT_TRUE(pdu) << pdu.error().message;
    ASSERT_TRUE(std::holds_alternative<net::DataTransfer>(*pdu));
    const auto& values = std::get<net::DataTransfer>(*pdu).values;
    ASSERT_EQ(values.size(), 1u);
    auto response = net::decode_command(values[0].data);
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->field(), net::CommandField::C_STORE_RSP);
    EXPECT_EQ(response->status(), net::status::Success);
    const auto stored = storage.committed();
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_TRUE(stored[0].bytes == data);
}

TEST_F(DimseServerRobustnessTest, CommandAndDataSetInOnePdu)
{
    // PS3.8 E.1: the PDVs of one P-DATA-TF belong to one message, a command and its data set may share it.
    auto raw = associated_raw();
    ASSERT_TRUE(raw);
    const auto command = net::encode_command(net::make_c_store_rq(5, ct_image, "1.2.3.13"));
    const auto data = pattern(2000, 11);
    auto pdu = data_transfer(3, 0x03, command);
    const auto second = data_transfer(3, 0x02, data);
    pdu.insert(pdu.end(), second.begin() + 6, second.end());  // the second PDV item, without its PDU header
    store<uint32_t>(pdu.data() + 2, static_cast<uint32_t>(pdu.size() - 6), ByteOrder::Big);
    ASSERT_TRUE(send_bytes(*raw, pdu));
    auto answer = read_pdu_bytes(*raw);
    ASSERT_TRUE(answer) << answer.error().message;
    ASSERT_EQ((*answer)[0], 0x04);
    const auto stored = storage.committed();
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_TRUE(stored[0].bytes == data);
}

TEST_F(DimseServerRobustnessTest, DataSetOnAnotherPresentationContextIsAborted)
{
    auto bystander = open_bystander();
    {
        auto raw = associated_raw();
        ASSERT_TRUE(raw);
        // PS3.8 E.1: every fragment of a message on the same presentation context. The command is
        // on the CT context (3), the data set on Verification's (1), in another transfer syntax.
        const auto command = net::encode_command(net::make_c_store_rq(5, ct_image, "1.2.3.14"));
        ASSERT_TRUE(send_bytes(*raw, data_transfer(3, 0x03, command)));
        const auto data = pattern(2000, 12);
        ASSERT_TRUE(send_bytes(*raw, data_transfer(1, 0x02, data)));
        auto answer = read_pdu_bytes(*raw);
        ASSERT_TRUE(answer) << answer.error().message;
        EXPECT_EQ((*answer)[0], 0x07) << "not an A-ABORT";
        EXPECT_TRUE(closed_by_peer(*raw, 1500ms));
    }
    EXPECT_TRUE(only_bystander_left());
    EXPECT_TRUE(storage.committed().empty());
    expect_bystander_served(bystander);
}

TEST_F(DimseServerRobustnessTest, CommandOnAContextNotAcceptedIsAborted)
{
    auto bystander = open_bystander();
    {
        auto raw = associated_raw();
        ASSERT_TRUE(raw);
        const auto command = net::encode_command(net::make_c_echo_rq(1));
        ASSERT_TRUE(send_bytes(*raw, data_transfer(5, 0x03, command)));  // context 5 was never proposed
        auto answer = read_pdu_bytes(*raw);
        ASSERT_TRUE(answer) << answer.error().message;
        EXPECT_EQ((*answer)[0], 0x07) << "not an A-ABORT";
        EXPECT_TRUE(closed_by_peer(*raw, 1500ms));
    }
    EXPECT_TRUE(only_bystander_left());
    EXPECT_TRUE(reported("presentation context 5")) << all_errors();
    expect_bystander_served(bystander);
}

TEST_F(DimseServerRobustnessTest, DataTransferBeforeAssociateRequestIsAborted)
{
    auto bystander = open_bystander();
    {
        auto raw = connect_raw();
        ASSERT_TRUE(raw);
        const Bytes echo_command = net::encode_command(net::make_c_echo_rq(1));
        ASSERT_TRUE(send_bytes(**raw, data_transfer(1, 0x03, echo_command)));
        // PS3.8 Table 9-10, Sta2 Evt10: AA-1, an A-ABORT.
        auto answer = read_pdu_bytes(**raw);
        ASSERT_TRUE(answer) << answer.error().message;
        EXPECT_EQ(*answer, user_abort);
        EXPECT_TRUE(closed_by_peer(**raw, 1500ms));
    }
    EXPECT_TRUE(only_bystander_left());
    EXPECT_EQ(storage.opened(), 0u);
    expect_bystander_served(bystander);
}

TEST_F(DimseServerRobustnessTest, UnknownPduTypeIsAborted)
{
    auto bystander = open_bystander();
    {
        auto raw = associated_raw();
        ASSERT_TRUE(raw);
        const Bytes unknown = {0x09, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00};
        ASSERT_TRUE(send_bytes(*raw, unknown));
        // Sta6 Evt19: AA-8, A-ABORT from the provider, unrecognized PDU.
        auto answer = read_pdu_bytes(*raw);
        ASSERT_TRUE(answer) << answer.error().message;
        EXPECT_EQ(*answer, provider_abort(net::AbortReason::UnrecognizedPdu));
        EXPECT_TRUE(closed_by_peer(*raw, 1500ms));
    }
    EXPECT_TRUE(only_bystander_left());
    EXPECT_TRUE(reported("unrecognized PDU type 0x09")) << all_errors();
    expect_bystander_served(bystander);
}

TEST_F(DimseServerRobustnessTest, SecondAssociateRequestIsAborted)
{
    auto bystander = open_bystander();
    {
        auto raw = associated_raw();
        ASSERT_TRUE(raw);
        auto request = net::encode_pdu(net::Pdu{association_request()});
        ASSERT_TRUE(request);
        ASSERT_TRUE(send_bytes(*raw, *request));
        // Sta6 Evt6: AA-8, unexpected PDU.
        auto answer = read_pdu_bytes(*raw);
        ASSERT_TRUE(answer) << answer.error().message;
        EXPECT_EQ(*answer, provider_abort(net::AbortReason::UnexpectedPdu));
        EXPECT_TRUE(closed_by_peer(*raw, 1500ms));
    }
    EXPECT_TRUE(only_bystander_left());
    expect_bystander_served(bystander);
}

TEST_F(DimseServerRobustnessTest, MalformedDataTransferIsAborted)
{
    auto bystander = open_bystander();
    {
        auto raw = associated_raw();
        ASSERT_TRUE(raw);
        // The PDV item claims 9 bytes, the PDU holds 2.
        const Bytes malformed = {0x04, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x09, 0x01, 0x03};
        ASSERT_TRUE(send_bytes(*raw, malformed));
        auto answer = read_pdu_bytes(*raw);
        ASSERT_TRUE(answer) << answer.error().message;
        EXPECT_EQ(*answer, provider_abort(net::AbortReason::InvalidPduParameterValue));
        EXPECT_TRUE(closed_by_peer(*raw, 1500ms));
    }
    EXPECT_TRUE(only_bystander_left());
    expect_bystander_served(bystander);
}

TEST_F(DimseServerRobustnessTest, UnknownUserInformationSubItemIsIgnored)
{
    auto bystander = open_bystander();
    // PS3.7 D.3.3: an unknown sub-item is ignored, not a reason to reject.
    auto request = association_request();
    request.user_information.unknown_sub_items = {{0x70, {0x01, 0x02, 0x03, 0x04}}};
    auto association = open(request);
    ASSERT_TRUE(association) << association.error().message;
    EXPECT_EQ(echo(*association, 1).value_or(0xFFFF), net::status::Success);
    EXPECT_TRUE(association->accept_pdu().user_information.unknown_sub_items.empty());
    ASSERT_TRUE(std::move(*association).release());

    // The same by hand, with an unknown item of the A-ASSOCIATE-RQ itself (PS3.8 9.3.1: ignored)
    // before the application context.
    auto raw = connect_raw();
    ASSERT_TRUE(raw);
    auto bytes = net::encode_pdu(net::Pdu{request});
    ASSERT_TRUE(bytes);
    const Bytes unknown_item = {0x60, 0x00, 0x00, 0x02, 0xAB, 0xCD};
    bytes->insert(bytes->begin() + 74, unknown_item.begin(), unknown_item.end());
    store<uint32_t>(bytes->data() + 2, static_cast<uint32_t>(bytes->size() - 6), ByteOrder::Big);
    ASSERT_TRUE(send_bytes(**raw, *bytes));
    auto answer = read_pdu_bytes(**raw);
    ASSERT_TRUE(answer) << answer.error().message;
    EXPECT_EQ((*answer)[0], 0x02) << "not an A-ASSOCIATE-AC";
    raw->reset();
    expect_bystander_served(bystander);
}

TEST_F(DimseServerRobustnessTest, SilentPeerIsClosedAfterArtim)
{
    auto bystander = open_bystander();
    auto raw = connect_raw();
    ASSERT_TRUE(raw);
    const auto started = std::chrono::steady_clock::now();
    EXPECT_TRUE(closed_by_peer(**raw, 1500ms));
    const auto waited = std::chrono::steady_clock::now() - started;
    EXPECT_GE(waited, 250ms);  // ARTIM is 300 ms: not closed before it ran out
    EXPECT_TRUE(only_bystander_left());
    EXPECT_TRUE(reported("ARTIM")) << all_errors();
    expect_bystander_served(bystander);
}

TEST_F(DimseServerRobustnessTest, ReleaseMidDataSetStoresNothing)
{
    auto bystander = open_bystander();
    {
        auto raw = associated_raw();
        ASSERT_TRUE(raw);
        const auto command = net::encode_command(net::make_c_store_rq(5, ct_image, "1.2.3.15"));
        ASSERT_TRUE(send_bytes(*raw, data_transfer(3, 0x03, command)));
        const auto data = pattern(2000, 13);
        ASSERT_TRUE(send_bytes(*raw, data_transfer(3, 0x00, data)));  // not the last fragment
        const Bytes release_request = {0x05, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00};
        ASSERT_TRUE(send_bytes(*raw, release_request));
        // Whatever the server answers (A-RELEASE-RP or A-ABORT), the association ends.
        auto answer = read_pdu_bytes(*raw);
        ASSERT_TRUE(answer) << answer.error().message;
        EXPECT_TRUE((*answer)[0] == 0x06 || (*answer)[0] == 0x07) << int((*answer)[0]);
    }
    EXPECT_TRUE(only_bystander_left());
    ASSERT_TRUE(eventually([&] { return storage.abandoned().size() == 1; }));
    EXPECT_TRUE(storage.committed().empty());
    expect_bystander_served(bystander);
}

TEST_F(DimseServerRobustnessTest, IdlePeerIsAbortedAfterTheIdleTimeout)
{
    server->stop();
    auto configuration = base_configuration();
    configuration.timeouts.idle = 300ms;
    start(configuration);
    auto bystander = open_bystander();
    auto raw = associated_raw();
    ASSERT_TRUE(raw);
    const auto started = std::chrono::steady_clock::now();
    // The bystander keeps talking, the raw peer says nothing: only the silent one is aborted
    // (a local abort by the server: A-ABORT from the service user, PS3.8 AA-1).
    std::optional<Result<Bytes>> answer;
    std::thread reader([&] { answer = read_pdu_bytes(*raw, 1500ms); });
    for (uint16_t id = 10; std::chrono::steady_clock::now() - started < 500ms; ++id) {
        ASSERT_EQ(echo(*bystander, id).value_or(0xFFFF), net::status::Success);
        std::this_thread::sleep_for(50ms);
    }
    reader.join();
    ASSERT_TRUE(answer && *answer) << (answer ? answer->error().message : "");
    EXPECT_EQ(**answer, user_abort);
    EXPECT_GE(std::chrono::steady_clock::now() - started, 250ms);
    EXPECT_TRUE(closed_by_peer(*raw, 1500ms));
    EXPECT_TRUE(only_bystander_left());
    expect_bystander_served(bystander);
}

TEST_F(DimseServerRobustnessTest, StopEndsAPeerThatSaysNothing)
{
    server->stop();
    auto configuration = base_configuration();
    configuration.timeouts.artim = 10s;
    start(configuration);
    auto raw = connect_raw();
    ASSERT_TRUE(raw);
    ASSERT_TRUE(eventually([&] { return server->active_associations() == 1; }));
    const auto started = std::chrono::steady_clock::now();
    server->stop();  // the association is in Sta2, waiting (ARTIM) for its A-ASSOCIATE-RQ
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
    EXPECT_TRUE(closed_by_peer(**raw, 1000ms));
}

TEST_F(DimseServerRobustnessTest, PeerAbortingMidDataSetStoresNothing)
{
    auto bystander = open_bystander();
    {
        auto bad = open();
        ASSERT_TRUE(bad) << bad.error().message;
        const auto data = pattern(100000, 9);
        // The data set stops after some PDVs went out; then the peer aborts.
        auto sent = bad->send(3, net::make_c_store_rq(1, ct_image, "1.2.3.11"), [&](ByteSink& sink) -> Result<void> {
            ROENTGEN_TRY(sink.write(data));
            return make_error(Errc::Io, "the modality lost its disk");
        });
        ASSERT_FALSE(sent);
        std::move(*bad).abort();
    }
    ASSERT_TRUE(eventually([&] { return storage.abandoned().size() == 1; }));
    EXPECT_TRUE(storage.committed().empty());
    const auto abandoned = storage.abandoned();
    EXPECT_GT(abandoned[0].bytes.size(), 0u);  // it was mid-transfer
    EXPECT_LT(abandoned[0].bytes.size(), 100000u);
    EXPECT_TRUE(only_bystander_left());

    // The bystander can still store.
    ASSERT_TRUE(bystander);
    const auto data = pattern(3000, 10);
    std::vector<StoreResponse> responses;
    StorageSender sender(*bystander, [&](const StoreResponse& response) { responses.push_back(response); });
    ASSERT_TRUE(sender.send(OutgoingInstance{.sop_class_uid = ct_image,
                                             .sop_instance_uid = "1.2.3.12",
                                             .transfer_syntax_uid = explicit_le,
                                             .encoded = data}));
    ASSERT_TRUE(sender.finish());
    ASSERT_EQ(responses.size(), 1u);
    EXPECT_EQ(responses[0].status, net::status::Success);
    ASSERT_EQ(storage.committed().size(), 1u);
    EXPECT_TRUE(storage.committed()[0].bytes == data);
    expect_bystander_served(bystander);
}

}  // namespace
}  // namespace roentgen::services
