// tests/services/storage_commitment_test.cpp — Storage Commitment Push Model: codec, the SCP in DimseServer, the SCU,
// reports on new associations.
#include "services/storage_commitment_scu.h"

#include "dict/generated/tags.h"
#include "net/dimse/command_builders.h"
#include "net/dimse/status.h"
#include "services/internal/identifier.h"
#include "services/internal/storage_commitment_codec.h"
#include "services/response.h"
#include "server_test_support.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <set>

namespace roentgen::services {
namespace {

using namespace testing;

const std::string push_model{uids::StorageCommitmentPushModel};
const std::string push_instance{uids::StorageCommitmentPushModelInstance};

std::vector<SopReference> three_references()
{
    return {{ct_image, "1.2.3.1"}, {ct_image, "1.2.3.2"}, {std::string(uids::MRImageStorage), "1.2.3.3"}};
}

TEST(StorageCommitmentCodec, ActionInformationRoundTrip)
{
    const auto references = three_references();
    auto parsed = internal::parse_action_information(internal::make_action_information("2.25.7", references));
    ASSERT_TRUE(parsed) << parsed.error().comment;
    EXPECT_EQ(parsed->transaction_uid, "2.25.7");
    EXPECT_EQ(parsed->references, references);
}

TEST(StorageCommitmentCodec, ActionInformationRefusals)
{
    DataSet no_uid = internal::make_action_information("2.25.7", three_references());
    no_uid.erase(tags::TransactionUID);
    auto refused = internal::parse_action_information(no_uid);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().status, net::status::MissingAttribute);
    EXPECT_EQ(refused.error().offending_element, tags::TransactionUID);

    auto empty = internal::parse_action_information(internal::make_action_information("2.25.7", {}));
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().status, net::status::MissingAttributeValue);
    EXPECT_EQ(empty.error().offending_element, tags::ReferencedSOPSequence);
}

TEST(StorageCommitmentCodec, EventInformationRoundTripWithFailures)
{
    StorageCommitmentReport report{"2.25.9",
                                   {{ct_image, "1.2.3.1"}},
                                   {{{ct_image, "1.2.3.2"}, failure_reasons::NoSuchObjectInstance},
                                    {{ct_image, "1.2.3.3"}, failure_reasons::ClassInstanceConflict}}};
    EXPECT_EQ(report.event_type_id(), 2);
    const auto information = internal::make_event_information(report);
    EXPECT_TRUE(information.contains(tags::FailedSOPSequence));
    auto parsed = internal::parse_event_information(information);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(*parsed, report);

    StorageCommitmentReport all{"2.25.10", {{ct_image, "1.2.3.1"}}, {}};
    EXPECT_EQ(all.event_type_id(), 1);
    // PS3.4 J.3.3: no Failed SOP Sequence when everything was committed.
    EXPECT_FALSE(internal::make_event_information(all).contains(tags::FailedSOPSequence));
    auto parsed_all = internal::parse_event_information(internal::make_event_information(all));
    ASSERT_TRUE(parsed_all);
    EXPECT_EQ(*parsed_all, all);
}

/// Commits every reference but those listed as failing; knows one requester address.
class FakeCommitment final : public StorageCommitmentService {
public:
    std::map<std::string, uint16_t> failing; ///< SOP Instance UID -> Failure Reason
    std::optional<MoveDestination> requester;

    Result<std::vector<CommitmentDecision>> commit(const AssociationInfo& association, std::string_view transaction_uid,
                                                   std::span<const SopReference> references) override
    {
        {
            std::lock_guard lock(m_mutex);
            m_calls.push_back({association.calling_ae_title, std::string(transaction_uid)});
        }
        std::vector<CommitmentDecision> decisions;
        for (const auto& reference : references) {
            auto found = failing.find(reference.sop_instance_uid);
            decisions.push_back(found == failing.end() ? CommitmentDecision::committed()
                                                       : CommitmentDecision::failed(found->second));
        }
        return decisions;
    }
    std::optional<MoveDestination> find_requester(std::string_view ae_title) override
    {
        return ae_title == "TEST-SCU" ? requester : std::nullopt;
    }
    /// (calling AE, transaction UID) of each commit().
    std::vector<std::pair<std::string, std::string>> calls() const
    {
        std::lock_guard lock(m_mutex);
        return m_calls;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<std::pair<std::string, std::string>> m_calls;
};

/// Collects the reports a server receives.
class ReportCollector final : public StorageCommitmentReportHandler {
public:
    Result<void> on_report(const AssociationInfo& association, const StorageCommitmentReport& report) override
    {
        std::lock_guard lock(m_mutex);
        m_reports.push_back({association.calling_ae_title, report});
        return {};
    }
    std::vector<std::pair<std::string, StorageCommitmentReport>> reports() const
    {
        std::lock_guard lock(m_mutex);
        return m_reports;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<std::pair<std::string, StorageCommitmentReport>> m_reports;
};

class StorageCommitmentTest : public ServerTest {
protected:
    void SetUp() override {}

    DimseServerConfiguration commitment_configuration() const
    {
        auto configuration = base_configuration();
        configuration.acceptor.sop_classes.push_back({push_model, {explicit_le, implicit_le}});
        return configuration;
    }
    void start_commitment_server(DimseServerConfiguration configuration)
    {
        ServiceHandlers handlers{&storage};
        handlers.storage_commitment = &commitment;
        auto started = DimseServer::start(std::move(configuration), handlers, recording_events());
        ASSERT_TRUE(started) << started.error().message;
        server = std::move(*started);
    }
    /// A second server where TEST-SCU takes reports on associations the SCP opens to it.
    void start_requester_listener()
    {
        DimseServerConfiguration configuration;
        configuration.host = "127.0.0.1";
        configuration.port = 0;
        configuration.acceptor.ae_title = "TEST-SCU";
        configuration.acceptor.sop_classes = {{push_model, {explicit_le, implicit_le}, true, true}};
        configuration.timeouts = client_timeouts();
        ServiceHandlers handlers;
        handlers.storage_commitment_reports = &collector;
        auto started = DimseServer::start(std::move(configuration), handlers, recording_events());
        ASSERT_TRUE(started) << started.error().message;
        listener = std::move(*started);
        commitment.requester = MoveDestination{"127.0.0.1", listener->port()};
    }
    void TearDown() override
    {
        if (server)
            server->stop();
        if (listener)
            listener->stop();
    }
    ServerEvents recording_events()
    {
        ServerEvents events;
        events.on_error = [this](const std::string& message) {
            std::lock_guard lock(m_mutex);
            m_errors.push_back(message);
        };
        return events;
    }
    std::string errors_text() const
    {
        std::lock_guard lock(m_mutex);
        std::string text;
        for (const auto& error : m_errors)
            text += error + "\n";
        return text;
    }

    Result<net::Association> open_commitment() const
    {
        auto request = association_request();
        request.presentation_contexts.push_back({5, push_model, {explicit_le}});
        return open(std::move(request));
    }

    /// Sends an N-ACTION-RQ built by hand; the response.
    Result<net::Command> send_action(net::Association& association, net::Command request, const DataSet* information)
    {
        const auto* context = net::find_accepted_context(association.presentation_contexts(), push_model);
        if (!context)
            return make_error(Errc::Refused, "no push model context");
        std::vector<uint8_t> bytes;
        if (information) {
            ROENTGEN_TRY(bytes, internal::encode_identifier(*information, *context));
        }
        request.set_data_set_presence(information ? net::DataSetPresence::Present : net::DataSetPresence::Absent);
        ROENTGEN_TRY(association.send(context->id, request, bytes));
        ROENTGEN_TRY(auto response, receive_response(association, 9, net::CommandField::N_ACTION_RSP));
        return response.command;
    }

    FakeCommitment commitment;
    ReportCollector collector;
    std::unique_ptr<DimseServer> listener;

private:
    mutable std::mutex m_mutex;
    std::vector<std::string> m_errors;
};

TEST_F(StorageCommitmentTest, AllCommittedIsReportedOnTheSameAssociation)
{
    start_commitment_server(commitment_configuration());
    auto association = open_commitment();
    ASSERT_TRUE(association) << association.error().message;
    const auto references = three_references();
    auto report = commit(*association, "2.25.100", references, 3000ms);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->transaction_uid, "2.25.100");
    EXPECT_EQ(report->committed, references);
    EXPECT_TRUE(report->failed.empty());
    // The association goes on after the report.
    auto status = echo(*association, 20);
    ASSERT_TRUE(status) << status.error().message;
    EXPECT_EQ(*status, net::status::Success);
    ASSERT_TRUE(std::move(*association).release());
    ASSERT_EQ(commitment.calls().size(), 1u);
    EXPECT_EQ(commitment.calls()[0], (std::pair<std::string, std::string>{"TEST-SCU", "2.25.100"}));
    EXPECT_TRUE(eventually([&] { return server->active_associations() == 0; }));
    EXPECT_EQ(errors_text(), "");
}

TEST_F(StorageCommitmentTest, EventTypeOnTheWireIsOneOrTwo)
{
    commitment.failing = {{"1.2.3.2", failure_reasons::NoSuchObjectInstance}};
    start_commitment_server(commitment_configuration());
    auto association = open_commitment();
    ASSERT_TRUE(association) << association.error().message;
    for (const auto& [transaction, references, expected_type] :
         std::vector<std::tuple<std::string, std::vector<SopReference>, uint16_t>>{
             {"2.25.201", {{ct_image, "1.2.3.1"}}, 1}, {"2.25.202", three_references(), 2}}) {
        ASSERT_TRUE(request_storage_commitment(*association, transaction, references));
        auto received = association->receive_command(3000ms);
        ASSERT_TRUE(received) << received.error().message;
        ASSERT_TRUE(std::holds_alternative<net::IncomingCommand>(*received));
        const auto& incoming = std::get<net::IncomingCommand>(*received);
        EXPECT_EQ(incoming.command.field(), net::CommandField::N_EVENT_REPORT_RQ);
        EXPECT_EQ(incoming.command.affected_sop_class_uid(), push_model);
        EXPECT_EQ(incoming.command.affected_sop_instance_uid(), push_instance);
        EXPECT_EQ(incoming.command.event_type_id(), expected_type);
        ASSERT_TRUE(incoming.command.has_data_set());
        auto information = internal::receive_identifier(*association, incoming.context_id);
        ASSERT_TRUE(information) << information.error().message;
        auto report = internal::parse_event_information(*information);
        ASSERT_TRUE(report) << report.error().message;
        EXPECT_EQ(report->transaction_uid, transaction);
        if (expected_type == 2) {
            EXPECT_EQ(report->committed, (std::vector<SopReference>{references[0], references[2]}));
            ASSERT_EQ(report->failed.size(), 1u);
            EXPECT_EQ(report->failed[0].reference, references[1]);
            EXPECT_EQ(report->failed[0].failure_reason, failure_reasons::NoSuchObjectInstance);
        }
        ASSERT_TRUE(association->send(incoming.context_id,
                                      net::make_n_event_report_rsp(incoming.command, net::status::Success)));
    }
    ASSERT_TRUE(std::move(*association).release());
    EXPECT_TRUE(eventually([&] { return server->active_associations() == 0; }));
    EXPECT_EQ(errors_text(), "");
}

TEST_F(StorageCommitmentTest, FailuresAreReportedWithTheirReasons)
{
    commitment.failing = {{"1.2.3.1", failure_reasons::ClassInstanceConflict},
                          {"1.2.3.3", failure_reasons::NoSuchObjectInstance}};
    start_commitment_server(commitment_configuration());
    auto association = open_commitment();
    ASSERT_TRUE(association) << association.error().message;
    const auto references = three_references();
    auto report = commit(*association, "2.25.300", references, 3000ms);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->event_type_id(), 2);
    EXPECT_EQ(report->committed, (std::vector<SopReference>{references[1]}));
    EXPECT_EQ(report->failed,
              (std::vector<FailedSopReference>{{references[0], failure_reasons::ClassInstanceConflict},
                                               {references[2], failure_reasons::NoSuchObjectInstance}}));
    ASSERT_TRUE(std::move(*association).release());
}

TEST_F(StorageCommitmentTest, BadRequestsGetFailureStatusesAndNoReport)
{
    start_commitment_server(commitment_configuration());
    auto association = open_commitment();
    ASSERT_TRUE(association) << association.error().message;
    const auto information = internal::make_action_information("2.25.400", three_references());
    struct Case {
        std::string name;
        net::Command request;
        std::optional<DataSet> information;
        uint16_t status;
    };
    DataSet without_uid = information;
    without_uid.erase(tags::TransactionUID);
    const std::vector<Case> cases = {
        {"action type 2", net::make_n_action_rq(9, push_model, push_instance, 2), information,
         net::status::NoSuchAction},
        {"no Transaction UID", net::make_n_action_rq(9, push_model, push_instance, 1), without_uid,
         net::status::MissingAttribute},
        {"no data set", net::make_n_action_rq(9, push_model, push_instance, 1), std::nullopt,
         net::status::MissingAttribute},
        {"another instance", net::make_n_action_rq(9, push_model, "1.2.3.4", 1), information,
         net::status::NoSuchSopInstance},
    };
    for (const auto& test : cases) {
        SCOPED_TRACE(test.name);
        auto response = send_action(*association, test.request, test.information ? &*test.information : nullptr);
        ASSERT_TRUE(response) << response.error().message;
        EXPECT_EQ(response->status(), test.status);
        EXPECT_EQ(response->affected_sop_class_uid(), push_model);
        EXPECT_TRUE(response->error_comment());
    }
    // No report follows a refusal: the next answer is the echo's.
    auto status = echo(*association, 30);
    ASSERT_TRUE(status) << status.error().message;
    EXPECT_EQ(*status, net::status::Success);
    ASSERT_TRUE(std::move(*association).release());
    EXPECT_TRUE(commitment.calls().empty());
}

TEST_F(StorageCommitmentTest, WithoutAServiceTheRequestIsRefused)
{
    auto configuration = commitment_configuration();
    ServiceHandlers handlers{&storage}; // no storage_commitment
    auto started = DimseServer::start(std::move(configuration), handlers);
    ASSERT_TRUE(started) << started.error().message;
    server = std::move(*started);
    auto association = open_commitment();
    ASSERT_TRUE(association) << association.error().message;
    auto requested = request_storage_commitment(*association, "2.25.500", three_references());
    ASSERT_FALSE(requested);
    EXPECT_EQ(requested.error().code, Errc::Refused);
    EXPECT_NE(requested.error().message.find("0122H"), std::string::npos) << requested.error().message;
    ASSERT_TRUE(std::move(*association).release());
}

TEST_F(StorageCommitmentTest, ReportOnANewAssociationToTheRequester)
{
    start_requester_listener();
    auto configuration = commitment_configuration();
    configuration.storage_commitment_report_on_new_association = true;
    commitment.failing = {{"1.2.3.2", failure_reasons::ResourceLimitation}};
    start_commitment_server(std::move(configuration));
    auto association = open_commitment();
    ASSERT_TRUE(association) << association.error().message;
    ASSERT_TRUE(request_storage_commitment(*association, "2.25.600", three_references()));
    // The report arrives at the listener while the request's association is still open.
    ASSERT_TRUE(eventually([&] { return collector.reports().size() == 1; }, 3000ms)) << errors_text();
    const auto [calling, report] = collector.reports()[0];
    EXPECT_EQ(calling, server_ae);
    EXPECT_EQ(report.transaction_uid, "2.25.600");
    EXPECT_EQ(report.committed.size(), 2u);
    ASSERT_EQ(report.failed.size(), 1u);
    EXPECT_EQ(report.failed[0].failure_reason, failure_reasons::ResourceLimitation);
    // Nothing on the request's association: it ends as it began.
    auto readable = association->wait_readable(100ms);
    ASSERT_TRUE(readable);
    EXPECT_FALSE(*readable);
    ASSERT_TRUE(std::move(*association).release());
    EXPECT_TRUE(eventually([&] { return server->active_associations() == 0 && listener->active_associations() == 0; }));
    EXPECT_EQ(errors_text(), "");
}

TEST_F(StorageCommitmentTest, RequesterThatReleasesFirstGetsTheReportOnANewAssociation)
{
    start_requester_listener();
    start_commitment_server(commitment_configuration());
    auto association = open_commitment();
    ASSERT_TRUE(association) << association.error().message;
    ASSERT_TRUE(request_storage_commitment(*association, "2.25.700", three_references()));
    // Released without answering the report sent on this association (PS3.8: P-DATA may still
    // arrive while the release is under way).
    auto released = std::move(*association).release();
    EXPECT_TRUE(released) << released.error().message;
    ASSERT_TRUE(eventually([&] { return collector.reports().size() == 1; }, 3000ms)) << errors_text();
    EXPECT_EQ(collector.reports()[0].second.transaction_uid, "2.25.700");
    EXPECT_EQ(collector.reports()[0].second.committed, three_references());
}

TEST_F(StorageCommitmentTest, UnknownRequesterLosesTheReportAndTheServerSaysSo)
{
    auto configuration = commitment_configuration();
    configuration.storage_commitment_report_on_new_association = true;
    start_commitment_server(std::move(configuration)); // commitment.requester unset
    auto association = open_commitment();
    ASSERT_TRUE(association) << association.error().message;
    ASSERT_TRUE(request_storage_commitment(*association, "2.25.800", three_references()));
    ASSERT_TRUE(std::move(*association).release());
    ASSERT_TRUE(eventually([&] { return errors_text().find("2.25.800") != std::string::npos; })) << errors_text();
    EXPECT_NE(errors_text().find("no address is known"), std::string::npos) << errors_text();
}

TEST_F(StorageCommitmentTest, ReportsWithAnUnknownEventTypeAreRefused)
{
    start_requester_listener();
    net::AssociateRequest request;
    request.called_ae_title = "TEST-SCU";
    request.calling_ae_title = "SOME-SCP";
    request.presentation_contexts = {{1, push_model, {explicit_le}}};
    request.user_information.maximum_length = 16384;
    request.user_information.implementation_class_uid = std::string(implementation_class_uid());
    request.user_information.role_selections = {{push_model, false, true}};
    auto connection = net::connect("127.0.0.1", listener->port(), 2000ms);
    ASSERT_TRUE(connection);
    auto association = net::Association::request(std::move(*connection), request, client_timeouts());
    ASSERT_TRUE(association) << association.error().message;
    // PS3.7 D.3.3.4: the listener agreed that the association requestor is the SCP.
    ASSERT_EQ(association->presentation_contexts().size(), 1u);
    EXPECT_TRUE(association->presentation_contexts()[0].requestor_is_scp);
    const auto information = internal::make_event_information({"2.25.900", {{ct_image, "1.2.3.1"}}, {}});
    auto bytes = internal::encode_identifier(information, association->presentation_contexts()[0]);
    ASSERT_TRUE(bytes);
    ASSERT_TRUE(association->send(
        1, net::make_n_event_report_rq(1, push_model, push_instance, 7, net::DataSetPresence::Present), *bytes));
    auto response = receive_response(*association, 1, net::CommandField::N_EVENT_REPORT_RSP);
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->command.status(), net::status::NoSuchEventType);
    ASSERT_TRUE(association->send(
        1, net::make_n_event_report_rq(2, push_model, push_instance, 1, net::DataSetPresence::Present), *bytes));
    response = receive_response(*association, 2, net::CommandField::N_EVENT_REPORT_RSP);
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->command.status(), net::status::Success);
    ASSERT_TRUE(std::move(*association).release());
    ASSERT_EQ(collector.reports().size(), 1u);
    EXPECT_EQ(collector.reports()[0].first, "SOME-SCP");
}

TEST_F(StorageCommitmentTest, ScuTimesOutWhenNoReportComes)
{
    start_requester_listener();
    auto configuration = commitment_configuration();
    configuration.storage_commitment_report_on_new_association = true;
    start_commitment_server(std::move(configuration));
    auto association = open_commitment();
    ASSERT_TRUE(association) << association.error().message;
    auto report = commit(*association, "2.25.1000", three_references(), 300ms);
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().code, Errc::Timeout) << report.error().message;
    // A DIMSE timeout aborts the association (as DCMTK's -td does).
    EXPECT_NE(association->state(), net::State::Sta6);
}

} // namespace
} // namespace roentgen::services
