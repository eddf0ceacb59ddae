// net/dimse/status.cpp — status classes and the standard's wording for each code.
#include "net/dimse/status.h"

namespace roentgen::net {

namespace {

bool in_range(uint16_t status, uint16_t first, uint16_t last)
{
    return status >= first && status <= last;
}

// PS3.4 Table B.2-1.
std::string_view storage_status_name(uint16_t code)
{
    if (in_range(code, 0xA700, 0xA7FF))
        return "Refused: Out of Resources";
    if (in_range(code, 0xA900, 0xA9FF))
        return "Error: Data Set does not match SOP Class";
    if (in_range(code, 0xC000, 0xCFFF))
        return "Error: Cannot understand";
    switch (code) {
    case status::CoercionOfDataElements:
        return "Warning: Coercion of Data Elements";
    case status::DataSetDoesNotMatchSopClassWarning:
        return "Warning: Data Set does not match SOP Class";
    case status::ElementsDiscarded:
        return "Warning: Elements Discarded";
    default:
        return "";
    }
}

// PS3.4 Table C.4-1.
std::string_view find_status_name(uint16_t code)
{
    if (in_range(code, 0xC000, 0xCFFF))
        return "Failure: Unable to process";
    switch (code) {
    case status::OutOfResources:
        return "Refused: Out of Resources";
    case status::IdentifierDoesNotMatchSopClass:
        return "Failure: Identifier does not match SOP Class";
    case status::Cancel:
        return "Cancel: Matching terminated due to Cancel request";
    case status::Success:
        return "Success: Matching is complete - No final Identifier is supplied";
    case status::Pending:
        return "Pending: Matches are continuing - Current Match is supplied and any Optional Keys were "
               "supported in the same manner as Required Keys";
    case status::PendingWithWarnings:
        return "Pending: Matches are continuing - Warning that one or more Optional Keys were not supported "
               "for existence for this Identifier";
    default:
        return "";
    }
}

// PS3.4 Tables C.4-2 (C-MOVE) and C.4-3 (C-GET): the same codes, but C-GET has no destination and
// counts warnings with failures.
std::string_view retrieve_status_name(uint16_t code, bool move)
{
    if (in_range(code, 0xC000, 0xCFFF))
        return "Failure: Unable to process";
    switch (code) {
    case status::OutOfResourcesMatches:
        return "Refused: Out of Resources - Unable to calculate number of matches";
    case status::OutOfResourcesSubOperations:
        return "Refused: Out of Resources - Unable to perform sub-operations";
    case status::MoveDestinationUnknown:
        return move ? "Refused: Move Destination unknown" : "";
    case status::IdentifierDoesNotMatchSopClass:
        return "Failure: Identifier does not match SOP Class";
    case status::Cancel:
        return "Cancel: Sub-operations terminated due to Cancel Indication";
    case status::SubOperationsCompleteWithFailures:
        return move ? "Warning: Sub-operations Complete - One or more Failures"
                    : "Warning: Sub-operations Complete - One or more Failures or Warnings";
    case status::Success:
        return move ? "Success: Sub-operations Complete - No Failures"
                    : "Success: Sub-operations Complete - No Failures or Warnings";
    case status::Pending:
        return "Pending: Sub-operations are continuing";
    default:
        return "";
    }
}

// PS3.7 Annex C, for every service.
std::string_view general_status_name(uint16_t code)
{
    switch (code) {
    case status::Success:
        return "Success";
    case status::Pending:
        return "Pending";
    case status::PendingWithWarnings:
        return "Pending: Warning that one or more Optional Keys were not supported for existence";
    case status::Cancel:
        return "Cancel";
    case status::RequestedOptionalAttributesNotSupported:
        return "Warning: Requested optional Attributes are not supported";
    case status::AttributeListError:
        return "Warning: Attribute list error";
    case status::AttributeValueOutOfRange:
        return "Warning: Attribute Value Out of Range";
    case status::NoSuchAttribute:
        return "Failure: No such Attribute";
    case status::InvalidAttributeValue:
        return "Failure: Invalid Attribute Value";
    case status::ProcessingFailure:
        return "Failure: Processing failure";
    case status::DuplicateSopInstance:
        return "Failure: Duplicate SOP Instance";
    case status::NoSuchSopInstance:
        return "Failure: No such SOP Instance";
    case status::NoSuchEventType:
        return "Failure: No such event type";
    case status::NoSuchArgument:
        return "Failure: No such argument";
    case status::InvalidArgumentValue:
        return "Failure: Invalid argument value";
    case status::InvalidSopInstance:
        return "Failure: Invalid SOP Instance";
    case status::NoSuchSopClass:
        return "Failure: No such SOP Class";
    case status::ClassInstanceConflict:
        return "Failure: Class-instance conflict";
    case status::MissingAttribute:
        return "Failure: Missing Attribute";
    case status::MissingAttributeValue:
        return "Failure: Missing Attribute Value";
    case status::SopClassNotSupported:
        return "Refused: SOP Class not supported";
    case status::NoSuchAction:
        return "Failure: No such action";
    case status::NotAuthorized:
        return "Refused: Not Authorized";
    case status::DuplicateInvocation:
        return "Failure: Duplicate invocation";
    case status::UnrecognizedOperation:
        return "Failure: Unrecognized operation";
    case status::MistypedArgument:
        return "Failure: Mistyped argument";
    case status::ResourceLimitation:
        return "Failure: Resource limitation";
    default:
        return "";
    }
}

std::string_view service_status_name(uint16_t code, CommandField service)
{
    auto request = static_cast<CommandField>(static_cast<uint16_t>(service) & 0x7FFF);
    switch (request) {
    case CommandField::C_STORE_RQ:
        return storage_status_name(code);
    case CommandField::C_FIND_RQ:
        return find_status_name(code);
    case CommandField::C_MOVE_RQ:
        return retrieve_status_name(code, true);
    case CommandField::C_GET_RQ:
        return retrieve_status_name(code, false);
    default:
        return "";
    }
}

} // namespace

StatusCategory status_category(uint16_t code)
{
    if (code == status::Success)
        return StatusCategory::Success;
    if (code == status::Pending || code == status::PendingWithWarnings)
        return StatusCategory::Pending;
    if (code == status::Cancel)
        return StatusCategory::Cancel;
    if (code == status::RequestedOptionalAttributesNotSupported || code == status::AttributeListError ||
        code == status::AttributeValueOutOfRange || in_range(code, 0xB000, 0xBFFF))
        return StatusCategory::Warning;
    return StatusCategory::Failure;
}

std::string_view name(StatusCategory category)
{
    switch (category) {
    case StatusCategory::Success:
        return "Success";
    case StatusCategory::Warning:
        return "Warning";
    case StatusCategory::Failure:
        return "Failure";
    case StatusCategory::Cancel:
        return "Cancel";
    case StatusCategory::Pending:
        return "Pending";
    }
    return "";
}

std::string_view status_name(uint16_t code, CommandField service)
{
    auto specific = service_status_name(code, service);
    return specific.empty() ? general_status_name(code) : specific;
}

} // namespace roentgen::net
