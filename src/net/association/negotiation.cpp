// net/association/negotiation.cpp — AE title checks, presentation contexts, roles, window, user identity.
#include "net/association/negotiation.h"

#include <algorithm>

#include "dict/transfer_syntax.h"
#include "dict/uid_registry.h"
#include "encoding/part10_file.h"

namespace roentgen::net {
namespace {

AssociateReject reject(RejectResult result, RejectSource source, uint8_t reason)
{
    return AssociateReject{result, source, reason};
}

bool calling_peer_allowed(const AcceptorConfiguration& configuration, std::string_view calling, std::string_view host)
{
    if (configuration.allowed_peers.empty())
        return true;
    return std::ranges::any_of(configuration.allowed_peers, [&](const AllowedPeer& peer) {
        return peer.ae_title == calling && (peer.host.empty() || peer.host == host);
    });
}

const SupportedSopClass* find_sop_class(const AcceptorConfiguration& configuration, std::string_view uid)
{
    auto found = std::ranges::find(configuration.sop_classes, uid, &SupportedSopClass::sop_class_uid);
    return found == configuration.sop_classes.end() ? nullptr : &*found;
}

bool proposes(const PresentationContextProposal& proposal, std::string_view transfer_syntax)
{
    return std::ranges::find(proposal.transfer_syntaxes, transfer_syntax) != proposal.transfer_syntaxes.end();
}

// PS3.8 9.3.3.2: one result per proposed context, in the requestor's order.
PresentationContextResult negotiate_context(const PresentationContextProposal& proposal,
                                            const AcceptorConfiguration& configuration)
{
    PresentationContextResult result;
    result.id = proposal.id;
    // The transfer syntax of a refused context "shall not be tested" (PS3.8 9.3.3.2); echo one.
    result.transfer_syntax = proposal.transfer_syntaxes.empty() ? std::string() : proposal.transfer_syntaxes.front();
    const auto* supported = find_sop_class(configuration, proposal.abstract_syntax);
    const auto& preference = supported ? supported->transfer_syntaxes : configuration.promiscuous_transfer_syntaxes;
    if (!supported && configuration.promiscuous_transfer_syntaxes.empty()) {
        result.result = PresentationContextResultReason::AbstractSyntaxNotSupported;
        return result;
    }
    if (configuration.transfer_syntax_choice == TransferSyntaxChoice::Requestor) {
        for (const auto& proposed : proposal.transfer_syntaxes) {
            if (std::ranges::find(preference, proposed) != preference.end()) {
                result.result = PresentationContextResultReason::Acceptance;
                result.transfer_syntax = proposed;
                return result;
            }
        }
    } else {
        for (const auto& transfer_syntax : preference) {
            if (proposes(proposal, transfer_syntax)) {
                result.result = PresentationContextResultReason::Acceptance;
                result.transfer_syntax = transfer_syntax;
                return result;
            }
        }
    }
    result.result = PresentationContextResultReason::TransferSyntaxesNotSupported;
    return result;
}

// PS3.7 D.3.3.4: the requestor proposes the roles it wants; we agree to each only where we take
// the matching opposite role. Without a reply item the default roles (requestor SCU) apply.
std::vector<RoleSelection> negotiate_roles(const AssociateRequest& request, const AcceptorConfiguration& configuration)
{
    std::vector<RoleSelection> replies;
    for (const auto& proposed : request.user_information.role_selections) {
        const auto* supported = find_sop_class(configuration, proposed.sop_class_uid);
        const bool proposed_in_a_context =
            std::ranges::any_of(request.presentation_contexts, [&](const PresentationContextProposal& context) {
                return context.abstract_syntax == proposed.sop_class_uid;
            });
        if (!proposed_in_a_context)
            continue;
        RoleSelection reply{proposed.sop_class_uid, false, false};
        reply.scu_role = proposed.scu_role && (!supported || supported->acceptor_is_scp);
        reply.scp_role = proposed.scp_role && supported && supported->acceptor_may_be_scu;
        replies.push_back(std::move(reply));
    }
    return replies;
}

std::optional<AssociateReject> check_identity(const AssociateRequest& request, const AcceptorConfiguration& configuration)
{
    const auto& identity = request.user_information.user_identity_request;
    if (!identity) {
        if (configuration.require_user_identity)
            return reject(RejectResult::Permanent, RejectSource::ServiceUser, reject_reasons::NoReasonGiven);
        return std::nullopt;
    }
    if (configuration.verify_user_identity && !configuration.verify_user_identity(*identity))
        return reject(RejectResult::Permanent, RejectSource::ServiceUser, reject_reasons::NoReasonGiven);
    return std::nullopt;
}

std::optional<AssociateReject> check_request(const AssociateRequest& request, const AcceptorConfiguration& configuration,
                                             std::string_view peer_host)
{
    // PS3.8 9.3.2: bit 0 of the protocol version is version 1.
    if ((request.protocol_version & 1) == 0)
        return reject(RejectResult::Permanent, RejectSource::ServiceProviderAcse,
                      reject_reasons::ProtocolVersionNotSupported);
    if (request.application_context != dicom_application_context)
        return reject(RejectResult::Permanent, RejectSource::ServiceUser,
                      reject_reasons::ApplicationContextNameNotSupported);
    if (!configuration.accept_any_called_ae_title && request.called_ae_title != configuration.ae_title)
        return reject(RejectResult::Permanent, RejectSource::ServiceUser,
                      reject_reasons::CalledAeTitleNotRecognized);
    if (!calling_peer_allowed(configuration, request.calling_ae_title, peer_host))
        return reject(RejectResult::Permanent, RejectSource::ServiceUser,
                      reject_reasons::CallingAeTitleNotRecognized);
    return check_identity(request, configuration);
}

UserInformation negotiate_user_information(const AssociateRequest& request, const AcceptorConfiguration& configuration)
{
    UserInformation reply;
    reply.maximum_length = configuration.maximum_pdu_length;
    reply.implementation_class_uid = std::string(implementation_class_uid());
    reply.implementation_version_name = std::string(implementation_version_name());
    if (const auto& window = request.user_information.asynchronous_operations_window) {
        // PS3.7 D.3.3.3: we invoke nothing on the requestor; we perform up to our limit.
        const uint16_t their_invoked = window->maximum_invoked == 0 ? configuration.maximum_operations_performed
                                                                    : window->maximum_invoked;
        reply.asynchronous_operations_window =
            AsynchronousOperationsWindow{1, std::min(their_invoked, configuration.maximum_operations_performed)};
    }
    reply.role_selections = negotiate_roles(request, configuration);
    const auto& identity = request.user_information.user_identity_request;
    // PS3.7 D.3.3.7.2: a response only when asked; empty for username and username+passcode.
    if (identity && identity->positive_response_requested)
        reply.user_identity_response = UserIdentityResponse{};
    return reply;
}

}  // namespace

std::variant<AssociateAccept, AssociateReject> negotiate(const AssociateRequest& request,
                                                         const AcceptorConfiguration& configuration,
                                                         std::string_view peer_host)
{
    if (auto rejection = check_request(request, configuration, peer_host))
        return *rejection;
    AssociateAccept accept;
    accept.called_ae_title = request.called_ae_title;
    accept.calling_ae_title = request.calling_ae_title;
    for (const auto& proposal : request.presentation_contexts)
        accept.presentation_contexts.push_back(negotiate_context(proposal, configuration));
    accept.user_information = negotiate_user_information(request, configuration);
    return accept;
}

std::vector<std::string> storage_sop_class_uids()
{
    std::vector<std::string> uids;
    for (const auto& entry : uid_entries()) {
        // "…Storage", "…StorageForPresentation/ForProcessing", "…StorageRetired", "…StorageTrial";
        // not Storage Commitment, and not the DICOMDIR's Media Storage Directory Storage (PS3.10).
        const auto keyword = entry.keyword;
        if (entry.type == "SOP Class" && keyword.find("Storage") != std::string_view::npos &&
            !keyword.starts_with("StorageCommitment") && keyword != "MediaStorageDirectoryStorage")
            uids.emplace_back(entry.uid);
    }
    return uids;
}

std::vector<std::string> known_transfer_syntax_uids()
{
    std::vector<std::string> uncompressed, compressed;
    for (const auto& entry : uid_entries()) {
        if (entry.type != "Transfer Syntax")
            continue;
        const auto* syntax = find_transfer_syntax(entry.uid);
        if (!syntax)
            continue;
        (syntax->encapsulated ? compressed : uncompressed).emplace_back(entry.uid);
    }
    // Explicit VR Little Endian first: the most faithful uncompressed encoding (VRs kept).
    std::ranges::stable_partition(uncompressed, [](const std::string& uid) { return uid == "1.2.840.10008.1.2.1"; });
    uncompressed.insert(uncompressed.end(), compressed.begin(), compressed.end());
    return uncompressed;
}

}  // namespace roentgen::net
