// tests/net/negotiation_test.cpp — negotiate(): AE titles, peers, version, contexts, roles, window, identity; negotiated_contexts().
#include "net/association/negotiation.h"

#include "dict/generated/uids.h"
#include "encoding/part10_file.h"
#include "net/association/presentation_contexts.h"
#include "net/pdu/pdu_codec.h"

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

namespace roentgen::net {
namespace {

const std::string ct{uids::CTImageStorage};
const std::string mr{uids::MRImageStorage};
const std::string verification{uids::Verification};
const std::string explicit_le{uids::ExplicitVRLittleEndian};
const std::string implicit_le{uids::ImplicitVRLittleEndian};
const std::string jpeg{uids::JPEGBaseline8Bit};
const std::string private_sop_class = "1.2.826.0.1.3680043.2.1143.99";

AcceptorConfiguration storage_configuration()
{
    AcceptorConfiguration configuration;
    configuration.ae_title = "STORE-SCP";
    configuration.maximum_pdu_length = 32768;
    configuration.sop_classes = {
        {verification, {implicit_le}},
        {ct, {explicit_le, implicit_le}},
        {mr, {jpeg}},
    };
    return configuration;
}

AssociateRequest request_for(std::vector<PresentationContextProposal> contexts)
{
    AssociateRequest request;
    request.called_ae_title = "STORE-SCP";
    request.calling_ae_title = "MODALITY";
    request.presentation_contexts = std::move(contexts);
    request.user_information.maximum_length = 16384;
    request.user_information.implementation_class_uid = "1.2.3.4";
    return request;
}

AssociateRequest echo_request() { return request_for({{1, verification, {implicit_le}}}); }

AssociateAccept accepted(const std::variant<AssociateAccept, AssociateReject>& answer)
{
    if (const auto* reject = std::get_if<AssociateReject>(&answer)) {
        ADD_FAILURE() << "rejected: " << describe(*reject);
        return {};
    }
    return std::get<AssociateAccept>(answer);
}

void expect_reject(const std::variant<AssociateAccept, AssociateReject>& answer, RejectSource source, uint8_t reason)
{
    ASSERT_TRUE(std::holds_alternative<AssociateReject>(answer)) << "accepted";
    const auto& reject = std::get<AssociateReject>(answer);
    EXPECT_EQ(reject.result, RejectResult::Permanent);
    EXPECT_EQ(reject.source, source);
    EXPECT_EQ(reject.reason, reason) << describe(reject);
}

const PresentationContextResult& result_of(const AssociateAccept& accept, uint8_t id)
{
    for (const auto& result : accept.presentation_contexts)
        if (result.id == id)
            return result;
    ADD_FAILURE() << "no result for presentation context " << int(id);
    static const PresentationContextResult none{};
    return none;
}

TEST(Negotiation, CalledAeTitleMustBeOurs)
{
    auto configuration = storage_configuration();
    auto request = echo_request();
    request.called_ae_title = "SOMEONE-ELSE";
    expect_reject(negotiate(request, configuration, "127.0.0.1"), RejectSource::ServiceUser,
                  reject_reasons::CalledAeTitleNotRecognized);

    request.called_ae_title = "STORE-SCP";
    const auto accept = accepted(negotiate(request, configuration, "127.0.0.1"));
    // PS3.8 9.3.3: the AC echoes both AE titles of the RQ.
    EXPECT_EQ(accept.called_ae_title, "STORE-SCP");
    EXPECT_EQ(accept.calling_ae_title, "MODALITY");
}

TEST(Negotiation, AcceptAnyCalledAeTitle)
{
    auto configuration = storage_configuration();
    configuration.accept_any_called_ae_title = true;
    auto request = echo_request();
    request.called_ae_title = "SOMEONE-ELSE";
    const auto accept = accepted(negotiate(request, configuration, "127.0.0.1"));
    EXPECT_EQ(accept.called_ae_title, "SOMEONE-ELSE");
}

TEST(Negotiation, CallingAeTitleAllowListWithHost)
{
    auto configuration = storage_configuration();
    configuration.allowed_peers = {{"MODALITY", "10.0.0.5"}, {"WORKSTATION", ""}};
    auto request = echo_request();

    EXPECT_TRUE(std::holds_alternative<AssociateAccept>(negotiate(request, configuration, "10.0.0.5")));
    // The right AE title from another host is refused.
    expect_reject(negotiate(request, configuration, "10.0.0.6"), RejectSource::ServiceUser,
                  reject_reasons::CallingAeTitleNotRecognized);
    // A peer without a host is allowed from anywhere.
    request.calling_ae_title = "WORKSTATION";
    EXPECT_TRUE(std::holds_alternative<AssociateAccept>(negotiate(request, configuration, "192.168.1.1")));
    request.calling_ae_title = "INTRUDER";
    expect_reject(negotiate(request, configuration, "10.0.0.5"), RejectSource::ServiceUser,
                  reject_reasons::CallingAeTitleNotRecognized);

    configuration.allowed_peers.clear();
    EXPECT_TRUE(std::holds_alternative<AssociateAccept>(negotiate(request, configuration, "10.0.0.5")));
}

TEST(Negotiation, ProtocolVersionBitZero)
{
    const auto configuration = storage_configuration();
    auto request = echo_request();
    // PS3.8 9.3.2: only bit 0 is tested; a peer that also announces a later version is fine.
    request.protocol_version = 0x0003;
    EXPECT_TRUE(std::holds_alternative<AssociateAccept>(negotiate(request, configuration, "127.0.0.1")));
    request.protocol_version = 0x0002;
    expect_reject(negotiate(request, configuration, "127.0.0.1"), RejectSource::ServiceProviderAcse,
                  reject_reasons::ProtocolVersionNotSupported);
}

TEST(Negotiation, WrongApplicationContext)
{
    const auto configuration = storage_configuration();
    auto request = echo_request();
    request.application_context = "1.2.840.10008.3.1.1.2";
    expect_reject(negotiate(request, configuration, "127.0.0.1"), RejectSource::ServiceUser,
                  reject_reasons::ApplicationContextNameNotSupported);
}

TEST(Negotiation, PresentationContextResults)
{
    const auto configuration = storage_configuration();
    const auto request = request_for({
        {1, verification, {implicit_le}},
        {3, private_sop_class, {explicit_le}},  // unknown abstract syntax
        {5, mr, {explicit_le, implicit_le}},    // MR only in JPEG here
        {7, ct, {implicit_le}},
        {9, ct, {}},                            // decodable, but proposes nothing
    });
    const auto accept = accepted(negotiate(request, configuration, "127.0.0.1"));
    // PS3.8 9.3.3.2: one result per proposal, in the requestor's order.
    ASSERT_EQ(accept.presentation_contexts.size(), 5u);
    for (size_t i = 0; i < request.presentation_contexts.size(); ++i)
        EXPECT_EQ(accept.presentation_contexts[i].id, request.presentation_contexts[i].id);

    EXPECT_EQ(result_of(accept, 1).result, PresentationContextResultReason::Acceptance);
    EXPECT_EQ(result_of(accept, 1).transfer_syntax, implicit_le);
    EXPECT_EQ(result_of(accept, 3).result, PresentationContextResultReason::AbstractSyntaxNotSupported);
    EXPECT_EQ(result_of(accept, 5).result, PresentationContextResultReason::TransferSyntaxesNotSupported);
    EXPECT_EQ(result_of(accept, 7).result, PresentationContextResultReason::Acceptance);
    EXPECT_EQ(result_of(accept, 7).transfer_syntax, implicit_le);
    EXPECT_EQ(result_of(accept, 9).result, PresentationContextResultReason::TransferSyntaxesNotSupported);

    // Whatever was refused, the answer must be something we can send.
    EXPECT_TRUE(encode_pdu(Pdu{accept}).has_value());
}

TEST(Negotiation, TransferSyntaxPreference)
{
    auto configuration = storage_configuration();  // CT: Explicit first, then Implicit
    const auto request = request_for({{1, ct, {jpeg, implicit_le, explicit_le}}});

    configuration.transfer_syntax_choice = TransferSyntaxChoice::Acceptor;
    EXPECT_EQ(result_of(accepted(negotiate(request, configuration, "127.0.0.1")), 1).transfer_syntax, explicit_le);

    // The requestor's first proposal that we support: JPEG is not, Implicit is.
    configuration.transfer_syntax_choice = TransferSyntaxChoice::Requestor;
    EXPECT_EQ(result_of(accepted(negotiate(request, configuration, "127.0.0.1")), 1).transfer_syntax, implicit_le);
}

TEST(Negotiation, Promiscuous)
{
    auto configuration = storage_configuration();
    configuration.promiscuous_transfer_syntaxes = {explicit_le, implicit_le};
    const auto request = request_for({
        {1, private_sop_class, {jpeg, implicit_le}},
        {3, "1.2.3.4.5.6", {jpeg}},
        {5, mr, {explicit_le}},  // a configured class keeps its own list
    });
    const auto accept = accepted(negotiate(request, configuration, "127.0.0.1"));
    EXPECT_EQ(result_of(accept, 1).result, PresentationContextResultReason::Acceptance);
    EXPECT_EQ(result_of(accept, 1).transfer_syntax, implicit_le);
    EXPECT_EQ(result_of(accept, 3).result, PresentationContextResultReason::TransferSyntaxesNotSupported);
    EXPECT_EQ(result_of(accept, 5).result, PresentationContextResultReason::TransferSyntaxesNotSupported);
}

const RoleSelection* find_role(const AssociateAccept& accept, const std::string& sop_class)
{
    for (const auto& role : accept.user_information.role_selections)
        if (role.sop_class_uid == sop_class)
            return &role;
    return nullptr;
}

TEST(Negotiation, RoleSelectionReplies)
{
    auto configuration = storage_configuration();
    configuration.sop_classes.push_back({private_sop_class, {explicit_le}, false, true});  // we are SCU only
    configuration.sop_classes[2] = {mr, {jpeg}, true, true};                                 // MR: either role
    auto request = request_for({
        {1, ct, {explicit_le}},
        {3, mr, {jpeg}},
        {5, private_sop_class, {explicit_le}},
    });
    request.user_information.role_selections = {
        {ct, true, true},                   // wants to be SCP too; we are not SCU for CT
        {mr, true, true},                   // both granted
        {private_sop_class, true, true},    // we are not SCP for it: the requestor cannot be SCU
        {verification, true, false},        // no presentation context proposes it: no reply
    };
    const auto accept = accepted(negotiate(request, configuration, "127.0.0.1"));
    // PS3.7 D.3.3.4: a role is agreed only where we take the opposite one, never one not proposed.
    ASSERT_NE(find_role(accept, ct), nullptr);
    EXPECT_TRUE(find_role(accept, ct)->scu_role);
    EXPECT_FALSE(find_role(accept, ct)->scp_role);
    ASSERT_NE(find_role(accept, mr), nullptr);
    EXPECT_TRUE(find_role(accept, mr)->scu_role);
    EXPECT_TRUE(find_role(accept, mr)->scp_role);
    ASSERT_NE(find_role(accept, private_sop_class), nullptr);
    EXPECT_FALSE(find_role(accept, private_sop_class)->scu_role);
    EXPECT_TRUE(find_role(accept, private_sop_class)->scp_role);
    EXPECT_EQ(find_role(accept, verification), nullptr);
    EXPECT_EQ(accept.user_information.role_selections.size(), 3u);

    // A requestor proposing only the SCP role for MR is not made SCU by our reply.
    request.user_information.role_selections = {{mr, false, true}};
    const auto scp_only = accepted(negotiate(request, configuration, "127.0.0.1"));
    ASSERT_NE(find_role(scp_only, mr), nullptr);
    EXPECT_FALSE(find_role(scp_only, mr)->scu_role);
    EXPECT_TRUE(find_role(scp_only, mr)->scp_role);

    request.user_information.role_selections.clear();
    EXPECT_TRUE(accepted(negotiate(request, configuration, "127.0.0.1")).user_information.role_selections.empty());
}

TEST(Negotiation, AsynchronousOperationsWindow)
{
    auto configuration = storage_configuration();
    configuration.maximum_operations_performed = 16;
    auto request = echo_request();
    EXPECT_FALSE(accepted(negotiate(request, configuration, "127.0.0.1")).user_information.asynchronous_operations_window);

    // PS3.7 D.3.3.3: we perform as many as the requestor invokes, up to our limit; we invoke one.
    request.user_information.asynchronous_operations_window = AsynchronousOperationsWindow{8, 1};
    EXPECT_EQ(accepted(negotiate(request, configuration, "127.0.0.1")).user_information.asynchronous_operations_window,
              (AsynchronousOperationsWindow{1, 8}));
    request.user_information.asynchronous_operations_window = AsynchronousOperationsWindow{100, 5};
    EXPECT_EQ(accepted(negotiate(request, configuration, "127.0.0.1")).user_information.asynchronous_operations_window,
              (AsynchronousOperationsWindow{1, 16}));
    // 0 is unlimited: our limit applies.
    request.user_information.asynchronous_operations_window = AsynchronousOperationsWindow{0, 0};
    EXPECT_EQ(accepted(negotiate(request, configuration, "127.0.0.1")).user_information.asynchronous_operations_window,
              (AsynchronousOperationsWindow{1, 16}));
}

UserIdentityRequest identity(std::string user, std::string passcode, bool response_requested)
{
    UserIdentityRequest request;
    request.type = passcode.empty() ? UserIdentityType::Username : UserIdentityType::UsernameAndPasscode;
    request.positive_response_requested = response_requested;
    request.primary_field.assign(user.begin(), user.end());
    request.secondary_field.assign(passcode.begin(), passcode.end());
    return request;
}

TEST(Negotiation, UserIdentityResponseOnlyWhenRequested)
{
    const auto configuration = storage_configuration();
    auto request = echo_request();
    request.user_information.user_identity_request = identity("alice", "", true);
    const auto answered = accepted(negotiate(request, configuration, "127.0.0.1"));
    ASSERT_TRUE(answered.user_information.user_identity_response);
    EXPECT_TRUE(answered.user_information.user_identity_response->server_response.empty());

    request.user_information.user_identity_request = identity("alice", "", false);
    EXPECT_FALSE(accepted(negotiate(request, configuration, "127.0.0.1")).user_information.user_identity_response);
    request.user_information.user_identity_request.reset();
    EXPECT_FALSE(accepted(negotiate(request, configuration, "127.0.0.1")).user_information.user_identity_response);
}

TEST(Negotiation, UserIdentityVerified)
{
    auto configuration = storage_configuration();
    std::vector<std::string> seen;
    configuration.verify_user_identity = [&](const UserIdentityRequest& request) {
        seen.emplace_back(request.primary_field.begin(), request.primary_field.end());
        return request.type == UserIdentityType::UsernameAndPasscode &&
               std::string(request.secondary_field.begin(), request.secondary_field.end()) == "secret";
    };
    auto request = echo_request();
    request.user_information.user_identity_request = identity("alice", "secret", true);
    EXPECT_TRUE(accepted(negotiate(request, configuration, "127.0.0.1")).user_information.user_identity_response);
    request.user_information.user_identity_request = identity("mallory", "guess", true);
    expect_reject(negotiate(request, configuration, "127.0.0.1"), RejectSource::ServiceUser,
                  reject_reasons::NoReasonGiven);
    EXPECT_EQ(seen, (std::vector<std::string>{"alice", "mallory"}));

    // Without require_user_identity an association without one is still accepted.
    request.user_information.user_identity_request.reset();
    EXPECT_TRUE(std::holds_alternative<AssociateAccept>(negotiate(request, configuration, "127.0.0.1")));
}

TEST(Negotiation, RequireUserIdentity)
{
    auto configuration = storage_configuration();
    configuration.require_user_identity = true;
    auto request = echo_request();
    expect_reject(negotiate(request, configuration, "127.0.0.1"), RejectSource::ServiceUser,
                  reject_reasons::NoReasonGiven);
    request.user_information.user_identity_request = identity("alice", "", false);
    EXPECT_TRUE(std::holds_alternative<AssociateAccept>(negotiate(request, configuration, "127.0.0.1")));
}

TEST(Negotiation, AcceptCarriesOurImplementationAndMaximumLength)
{
    const auto configuration = storage_configuration();
    const auto accept = accepted(negotiate(echo_request(), configuration, "127.0.0.1"));
    EXPECT_EQ(accept.user_information.implementation_class_uid, implementation_class_uid());
    EXPECT_FALSE(accept.user_information.implementation_class_uid.empty());
    EXPECT_EQ(accept.user_information.implementation_version_name, implementation_version_name());
    EXPECT_EQ(accept.user_information.maximum_length, 32768u);
    EXPECT_EQ(accept.application_context, dicom_application_context);

    // It survives the codec: what negotiate() answers is what goes on the wire.
    auto bytes = encode_pdu(Pdu{accept});
    ASSERT_TRUE(bytes) << bytes.error().message;
    auto decoded = decode_pdu(*bytes);
    ASSERT_TRUE(decoded) << decoded.error().message;
    EXPECT_EQ(std::get<AssociateAccept>(*decoded), accept);
}

TEST(NegotiatedContexts, PairsProposalsWithResults)
{
    const auto configuration = storage_configuration();
    const auto request = request_for({
        {1, verification, {implicit_le}},
        {3, private_sop_class, {explicit_le}},
        {5, ct, {implicit_le}},
        {7, ct, {explicit_le}},
    });
    const auto accept = accepted(negotiate(request, configuration, "127.0.0.1"));
    const auto contexts = negotiated_contexts(request, accept);
    ASSERT_EQ(contexts.size(), 4u);
    EXPECT_TRUE(contexts[0].accepted());
    EXPECT_EQ(contexts[0].abstract_syntax, verification);
    EXPECT_FALSE(contexts[1].accepted());
    EXPECT_EQ(contexts[1].result, PresentationContextResultReason::AbstractSyntaxNotSupported);
    EXPECT_TRUE(contexts[1].transfer_syntax.empty());

    EXPECT_EQ(find_accepted_context(contexts, 1), &contexts[0]);
    EXPECT_EQ(find_accepted_context(contexts, 3), nullptr);  // refused
    EXPECT_EQ(find_accepted_context(contexts, 11), nullptr); // never proposed
    EXPECT_EQ(find_accepted_context(contexts, ct), &contexts[2]);
    EXPECT_EQ(find_accepted_context(contexts, ct, explicit_le), &contexts[3]);
    EXPECT_EQ(find_accepted_context(contexts, ct, jpeg), nullptr);
    EXPECT_EQ(find_accepted_context(contexts, private_sop_class), nullptr);
}

TEST(NegotiatedContexts, AcceptorAnswersThatBreakTheRulesAreNotUsable)
{
    const auto request = request_for({{1, ct, {implicit_le}}, {3, mr, {explicit_le}}});
    AssociateAccept accept;
    // PS3.8 9.3.3.2: the accepted transfer syntax must be one proposed; context 3 has no result.
    accept.presentation_contexts = {{1, PresentationContextResultReason::Acceptance, explicit_le}};
    const auto contexts = negotiated_contexts(request, accept);
    ASSERT_EQ(contexts.size(), 2u);
    EXPECT_FALSE(contexts[0].accepted());
    EXPECT_FALSE(contexts[1].accepted());
    EXPECT_EQ(find_accepted_context(contexts, ct), nullptr);
}

TEST(NegotiatedContexts, RoleResults)
{
    auto configuration = storage_configuration();
    configuration.sop_classes[2] = {mr, {jpeg}, true, true};
    auto request = request_for({{1, ct, {explicit_le}}, {3, mr, {jpeg}}, {5, verification, {implicit_le}}});
    request.user_information.role_selections = {{ct, true, true}, {mr, false, true}};
    const auto accept = accepted(negotiate(request, configuration, "127.0.0.1"));
    const auto contexts = negotiated_contexts(request, accept);
    ASSERT_EQ(contexts.size(), 3u);
    // CT: SCP refused, SCU kept.
    EXPECT_TRUE(contexts[0].requestor_is_scu);
    EXPECT_FALSE(contexts[0].requestor_is_scp);
    // MR: the requestor is SCP only (C-GET retrieving MR images).
    EXPECT_FALSE(contexts[1].requestor_is_scu);
    EXPECT_TRUE(contexts[1].requestor_is_scp);
    // No role selection: the default, requestor SCU.
    EXPECT_TRUE(contexts[2].requestor_is_scu);
    EXPECT_FALSE(contexts[2].requestor_is_scp);

    // A reply the requestor did not ask for changes nothing; a proposal without a reply neither.
    auto unanswered = accept;
    unanswered.user_information.role_selections = {{verification, true, true}};
    const auto defaults = negotiated_contexts(request, unanswered);
    EXPECT_TRUE(defaults[1].requestor_is_scu);
    EXPECT_FALSE(defaults[1].requestor_is_scp);
    EXPECT_TRUE(defaults[2].requestor_is_scu);
    EXPECT_FALSE(defaults[2].requestor_is_scp);
}

}  // namespace
}  // namespace roentgen::net
