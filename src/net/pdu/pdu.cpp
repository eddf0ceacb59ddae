// net/pdu/pdu.cpp — PDU names and the standard's wording of A-ASSOCIATE-RJ reasons.
#include "net/pdu/pdu.h"

#include <fmt/format.h>

namespace roentgen::net {
namespace {

std::string reserved(unsigned value) { return fmt::format("reserved ({})", value); }

std::string result_wording(RejectResult result)
{
    switch (result) {
    case RejectResult::Permanent: return "rejected-permanent";
    case RejectResult::Transient: return "rejected-transient";
    }
    return reserved(static_cast<unsigned>(result));
}

std::string source_wording(RejectSource source)
{
    switch (source) {
    case RejectSource::ServiceUser: return "DICOM UL service-user";
    case RejectSource::ServiceProviderAcse: return "DICOM UL service-provider (ACSE related function)";
    case RejectSource::ServiceProviderPresentation:
        return "DICOM UL service-provider (Presentation related function)";
    }
    return reserved(static_cast<unsigned>(source));
}

// PS3.8 9.3.4, Reason/Diag. by source.
std::string reason_wording(RejectSource source, uint8_t reason)
{
    namespace r = reject_reasons;
    switch (source) {
    case RejectSource::ServiceUser:
        switch (reason) {
        case r::NoReasonGiven: return "no-reason-given";
        case r::ApplicationContextNameNotSupported: return "application-context-name-not-supported";
        case r::CallingAeTitleNotRecognized: return "calling-AE-title-not-recognized";
        case r::CalledAeTitleNotRecognized: return "called-AE-title-not-recognized";
        }
        break;
    case RejectSource::ServiceProviderAcse:
        switch (reason) {
        case r::NoReasonGiven: return "no-reason-given";
        case r::ProtocolVersionNotSupported: return "protocol-version-not-supported";
        }
        break;
    case RejectSource::ServiceProviderPresentation:
        switch (reason) {
        case r::TemporaryCongestion: return "temporary-congestion";
        case r::LocalLimitExceeded: return "local-limit-exceeded";
        }
        break;
    }
    return reserved(reason);
}

}  // namespace

std::string describe(const AssociateReject& reject)
{
    return fmt::format("{} by {}: {}", result_wording(reject.result), source_wording(reject.source),
                       reason_wording(reject.source, reject.reason));
}

std::string_view pdu_name(PduType type)
{
    switch (type) {
    case PduType::AssociateRequest: return "A-ASSOCIATE-RQ";
    case PduType::AssociateAccept: return "A-ASSOCIATE-AC";
    case PduType::AssociateReject: return "A-ASSOCIATE-RJ";
    case PduType::DataTransfer: return "P-DATA-TF";
    case PduType::ReleaseRequest: return "A-RELEASE-RQ";
    case PduType::ReleaseResponse: return "A-RELEASE-RP";
    case PduType::Abort: return "A-ABORT";
    }
    return "unknown PDU";
}

PduType pdu_type(const Pdu& pdu)
{
    struct Visitor {
        PduType operator()(const AssociateRequest&) const { return PduType::AssociateRequest; }
        PduType operator()(const AssociateAccept&) const { return PduType::AssociateAccept; }
        PduType operator()(const AssociateReject&) const { return PduType::AssociateReject; }
        PduType operator()(const DataTransfer&) const { return PduType::DataTransfer; }
        PduType operator()(const ReleaseRequest&) const { return PduType::ReleaseRequest; }
        PduType operator()(const ReleaseResponse&) const { return PduType::ReleaseResponse; }
        PduType operator()(const Abort&) const { return PduType::Abort; }
    };
    return std::visit(Visitor{}, pdu);
}

}  // namespace roentgen::net
