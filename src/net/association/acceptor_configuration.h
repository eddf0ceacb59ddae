// net/association/acceptor_configuration.h — what an SCP accepts: AE titles, peers, SOP classes, syntaxes, limits.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "net/pdu/pdu.h"

namespace roentgen::net {

/// One abstract syntax the acceptor supports, with its transfer syntaxes in the acceptor's order of
/// preference: the first one that the requestor also proposed is accepted (PS3.8 9.3.3.2).
struct SupportedSopClass {
    std::string sop_class_uid;
    std::vector<std::string> transfer_syntaxes;
    /// Roles the acceptor takes for this SOP class (PS3.7 D.3.3.4). Storage classes accepted for
    /// C-GET sub-operations are the case where the acceptor is SCU.
    bool acceptor_is_scp = true;
    bool acceptor_may_be_scu = false;
};

/// A calling AE title allowed to associate, optionally only from one host (address).
struct AllowedPeer {
    std::string ae_title;
    std::string host;  ///< Empty: any host.
};

/// Whose order of preference picks the transfer syntax of a presentation context.
enum class TransferSyntaxChoice {
    Acceptor,   ///< The first of SupportedSopClass::transfer_syntaxes that was proposed (PS3.8 9.3.3.2).
    Requestor,  ///< The first proposed one that is supported: what a plain receiver wants, since
                ///< it stores what the sender has without making it convert.
};

struct AcceptorConfiguration {
    std::string ae_title = "ROENTGEN";
    /// Accept associations whatever called AE title they name (as storescp without --check-called-ae?).
    bool accept_any_called_ae_title = false;
    /// Empty: every calling AE title is allowed.
    std::vector<AllowedPeer> allowed_peers;
    std::vector<SupportedSopClass> sop_classes;
    /// Accept any abstract syntax with these transfer syntaxes, when it is not in sop_classes
    /// (storescp --promiscuous). Empty: unknown abstract syntaxes are refused.
    std::vector<std::string> promiscuous_transfer_syntaxes;
    TransferSyntaxChoice transfer_syntax_choice = TransferSyntaxChoice::Acceptor;
    /// The largest P-DATA-TF variable field we receive (PS3.8 D.1); 0 is "no limit", never offered.
    uint32_t maximum_pdu_length = 1 << 20;
    /// Operations we perform at once when the requestor proposes an asynchronous window (PS3.7 D.3.3.3).
    uint16_t maximum_operations_performed = 16;
    /// Checks a user identity (PS3.7 D.3.3.7); unset = every identity (and none) is accepted.
    /// Return false to reject the association.
    std::function<bool(const UserIdentityRequest&)> verify_user_identity;
    /// When set, an association without a user identity is rejected.
    bool require_user_identity = false;
};

/// Storage SOP classes of the UID registry (For Presentation/Processing, retired and trial ones
/// included; not Storage Commitment or the DICOMDIR).
std::vector<std::string> storage_sop_class_uids();
/// Every transfer syntax the encoding layer reads, uncompressed ones first.
std::vector<std::string> known_transfer_syntax_uids();

}  // namespace roentgen::net
