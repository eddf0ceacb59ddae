// net/pdu/pdu.h — the seven DICOM upper-layer PDUs of PS3.8 9.3 and the user-information sub-items of PS3.7 D.3.3.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace roentgen::net {

/// PDU-type byte, PS3.8 9.3.1 Table 9-11.
enum class PduType : uint8_t {
    AssociateRequest = 0x01,
    AssociateAccept = 0x02,
    AssociateReject = 0x03,
    DataTransfer = 0x04,
    ReleaseRequest = 0x05,
    ReleaseResponse = 0x06,
    Abort = 0x07,
};

/// Presentation context item 20h of an A-ASSOCIATE-RQ (PS3.8 9.3.2.2): one abstract syntax, the
/// transfer syntaxes proposed for it. `id` is odd, 1 to 255. Encoding needs at least one transfer
/// syntax; decoding accepts none (negotiation then rejects the context).
struct PresentationContextProposal {
    uint8_t id = 1;
    std::string abstract_syntax;
    std::vector<std::string> transfer_syntaxes;
    bool operator==(const PresentationContextProposal&) const = default;
};

/// Result/Reason of a presentation context item 21h (PS3.8 9.3.3.2). Decoding keeps a value outside
/// these enumerators as read; anything but Acceptance means the context is not usable.
enum class PresentationContextResultReason : uint8_t {
    Acceptance = 0,
    UserRejection = 1,
    NoReason = 2,
    AbstractSyntaxNotSupported = 3,
    TransferSyntaxesNotSupported = 4,
};

/// Presentation context item 21h of an A-ASSOCIATE-AC (PS3.8 9.3.3.2). For a rejected context the
/// transfer syntax is not significant: it may be empty, and decoding leaves it empty when the sub-item
/// is absent or unreadable. An accepted context decoded without one also has it empty.
struct PresentationContextResult {
    uint8_t id = 1;
    PresentationContextResultReason result = PresentationContextResultReason::Acceptance;
    std::string transfer_syntax;
    bool operator==(const PresentationContextResult&) const = default;
};

/// SCP/SCU Role Selection sub-item 54h (PS3.7 D.3.3.4).
struct RoleSelection {
    std::string sop_class_uid;
    bool scu_role = false;
    bool scp_role = false;
    bool operator==(const RoleSelection&) const = default;
};

/// Asynchronous Operations Window sub-item 53h (PS3.7 D.3.3.3); 0 means unlimited.
struct AsynchronousOperationsWindow {
    uint16_t maximum_invoked = 1;
    uint16_t maximum_performed = 1;
    bool operator==(const AsynchronousOperationsWindow&) const = default;
};

/// SOP Class Extended Negotiation sub-item 56h (PS3.7 D.3.3.5); the application information is
/// defined by each service class (PS3.4) and carried as bytes.
struct SopClassExtendedNegotiation {
    std::string sop_class_uid;
    std::vector<uint8_t> application_information;
    bool operator==(const SopClassExtendedNegotiation&) const = default;
};

/// SOP Class Common Extended Negotiation sub-item 57h (PS3.7 D.3.3.6), RQ only.
struct SopClassCommonExtendedNegotiation {
    std::string sop_class_uid;
    std::string service_class_uid;
    std::vector<std::string> related_general_sop_classes;
    bool operator==(const SopClassCommonExtendedNegotiation&) const = default;
};

/// User-Identity-Type of sub-item 58h (PS3.7 D.3.3.7.1). Decoding keeps an unknown value as read.
enum class UserIdentityType : uint8_t { Username = 1, UsernameAndPasscode = 2, Kerberos = 3, Saml = 4, Jwt = 5 };

/// User Identity sub-item 58h of an A-ASSOCIATE-RQ (PS3.7 D.3.3.7.1). The secondary field (the
/// passcode) is only meaningful for UsernameAndPasscode.
struct UserIdentityRequest {
    UserIdentityType type = UserIdentityType::Username;
    bool positive_response_requested = false;
    std::vector<uint8_t> primary_field;
    std::vector<uint8_t> secondary_field;
    bool operator==(const UserIdentityRequest&) const = default;
};

/// User Identity sub-item 59h of an A-ASSOCIATE-AC (PS3.7 D.3.3.7.2); empty for a username.
struct UserIdentityResponse {
    std::vector<uint8_t> server_response;
    bool operator==(const UserIdentityResponse&) const = default;
};

/// A user-information sub-item of a type this codec does not know. PS3.7 D.3.3 says to ignore it;
/// it is kept so it can be logged, and encoded again as given.
struct UnknownSubItem {
    uint8_t type = 0;
    std::vector<uint8_t> value;
    bool operator==(const UnknownSubItem&) const = default;
};

/// User Information item 50h (PS3.8 9.3.2.3, sub-items PS3.7 D.3.3). Decoding tolerates absent
/// sub-items (fields keep their defaults); encoding requires the implementation class UID
/// (PS3.7 D.3.3.2) and always writes the maximum length (D.3.3.1).
struct UserInformation {
    uint32_t maximum_length = 0;              ///< 51h: largest P-DATA-TF variable field its sender accepts; 0 = no limit.
    std::string implementation_class_uid;     ///< 52h
    std::string implementation_version_name;  ///< 55h, optional (empty = absent), 1 to 16 characters.
    std::optional<AsynchronousOperationsWindow> asynchronous_operations_window;  ///< 53h
    std::vector<RoleSelection> role_selections;                                   ///< 54h
    std::vector<SopClassExtendedNegotiation> extended_negotiations;               ///< 56h
    std::vector<SopClassCommonExtendedNegotiation> common_extended_negotiations;  ///< 57h
    std::optional<UserIdentityRequest> user_identity_request;                     ///< 58h
    std::optional<UserIdentityResponse> user_identity_response;                   ///< 59h
    std::vector<UnknownSubItem> unknown_sub_items;
    bool operator==(const UserInformation&) const = default;
};

/// The DICOM Application Context Name (PS3.7 A.2.1).
inline constexpr std::string_view dicom_application_context = "1.2.840.10008.3.1.1.1";

/// A-ASSOCIATE-RQ (PS3.8 9.3.2). AE titles are given without padding. `protocol_version` is a bit
/// set: a receiver implementing only version 1 tests bit 0 alone (the codec carries it as read).
struct AssociateRequest {
    uint16_t protocol_version = 1;
    std::string called_ae_title;
    std::string calling_ae_title;
    std::string application_context{dicom_application_context};
    std::vector<PresentationContextProposal> presentation_contexts;
    UserInformation user_information;
    bool operator==(const AssociateRequest&) const = default;
};

/// A-ASSOCIATE-AC (PS3.8 9.3.3). PS3.8 reserves the AE title fields and requires them to echo the
/// A-ASSOCIATE-RQ without testing them on receipt: the codec just carries them.
struct AssociateAccept {
    uint16_t protocol_version = 1;
    std::string called_ae_title;
    std::string calling_ae_title;
    std::string application_context{dicom_application_context};
    std::vector<PresentationContextResult> presentation_contexts;
    UserInformation user_information;
    bool operator==(const AssociateAccept&) const = default;
};

/// Result field of an A-ASSOCIATE-RJ (PS3.8 9.3.4).
enum class RejectResult : uint8_t { Permanent = 1, Transient = 2 };
/// Source field of an A-ASSOCIATE-RJ (PS3.8 9.3.4).
enum class RejectSource : uint8_t { ServiceUser = 1, ServiceProviderAcse = 2, ServiceProviderPresentation = 3 };

/// A-ASSOCIATE-RJ (PS3.8 9.3.4). `reason` depends on `source`: see reject_reasons. Decoding keeps
/// values outside the enumerators as read.
struct AssociateReject {
    RejectResult result = RejectResult::Permanent;
    RejectSource source = RejectSource::ServiceUser;
    uint8_t reason = 1;
    bool operator==(const AssociateReject&) const = default;
};

/// Reason/Diag. values of an A-ASSOCIATE-RJ (PS3.8 9.3.4), by source. Values repeat across sources.
namespace reject_reasons {
// Source ServiceUser (and NoReasonGiven for ServiceProviderAcse too):
inline constexpr uint8_t NoReasonGiven = 1;
inline constexpr uint8_t ApplicationContextNameNotSupported = 2;
inline constexpr uint8_t CallingAeTitleNotRecognized = 3;
inline constexpr uint8_t CalledAeTitleNotRecognized = 7;
// Source ServiceProviderAcse:
inline constexpr uint8_t ProtocolVersionNotSupported = 2;
// Source ServiceProviderPresentation:
inline constexpr uint8_t TemporaryCongestion = 1;
inline constexpr uint8_t LocalLimitExceeded = 2;
}  // namespace reject_reasons

/// The standard's wording of a rejection, e.g. "rejected-permanent by DICOM UL service-user:
/// called-AE-title-not-recognized"; values PS3.8 reserves are shown as "reserved (5)".
std::string describe(const AssociateReject&);

/// One Presentation Data Value item (PS3.8 9.3.5.1) with its message control header (PS3.8 E.2):
/// bit 0 set = command, clear = data set; bit 1 set = last fragment.
struct PresentationDataValue {
    uint8_t context_id = 1;
    uint8_t message_control_header = 0;
    std::span<const uint8_t> data;  ///< A view into the decoded bytes (or the bytes to encode).
    bool is_command() const { return message_control_header & 1; }
    bool is_last() const { return message_control_header & 2; }
};

/// P-DATA-TF (PS3.8 9.3.5): one or more PDVs. Decoded values are views, valid while the bytes given
/// to decode_pdu live.
struct DataTransfer {
    std::vector<PresentationDataValue> values;
};

/// A-RELEASE-RQ (PS3.8 9.3.6) and A-RELEASE-RP (9.3.7): nothing but reserved bytes.
struct ReleaseRequest {
    bool operator==(const ReleaseRequest&) const = default;
};
struct ReleaseResponse {
    bool operator==(const ReleaseResponse&) const = default;
};

/// Source field of an A-ABORT (PS3.8 9.3.8); 1 is reserved.
enum class AbortSource : uint8_t { ServiceUser = 0, ServiceProvider = 2 };
/// Reason/Diag. field of an A-ABORT (PS3.8 9.3.8); significant only when the provider aborts.
enum class AbortReason : uint8_t {
    NotSpecified = 0,
    UnrecognizedPdu = 1,
    UnexpectedPdu = 2,
    UnrecognizedPduParameter = 4,
    UnexpectedPduParameter = 5,
    InvalidPduParameterValue = 6,
};

/// A-ABORT (PS3.8 9.3.8). Decoding keeps values outside the enumerators as read, except that the
/// reason of a service-user abort is not significant and decodes as NotSpecified.
struct Abort {
    AbortSource source = AbortSource::ServiceUser;
    AbortReason reason = AbortReason::NotSpecified;
    bool operator==(const Abort&) const = default;
};

using Pdu = std::variant<AssociateRequest, AssociateAccept, AssociateReject, DataTransfer, ReleaseRequest,
                         ReleaseResponse, Abort>;

/// The standard's name of a PDU type: "A-ASSOCIATE-RQ", "P-DATA-TF", ...; "unknown PDU" otherwise.
std::string_view pdu_name(PduType);

/// The PDU-type byte of a PDU.
PduType pdu_type(const Pdu&);

}  // namespace roentgen::net
