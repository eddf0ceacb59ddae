// net/dimse/status.h — DIMSE Status (0000,0900) codes: PS3.7 Annex C and the PS3.4 storage and Q/R ones.
#pragma once

#include <cstdint>
#include <string_view>

#include "net/dimse/command_field.h"

namespace roentgen::net {

/// The status classes of PS3.7 Annex C.
enum class StatusCategory { Success, Warning, Failure, Cancel, Pending };

/// The class of a status code (PS3.7 C.1–C.5): 0000 Success; FF00 and FF01 Pending; FE00 Cancel;
/// 0001, 0107, 0116 and Bxxx Warning; every other code Failure, including unknown ones, as PS3.4
/// tells an SCU to treat codes it does not recognise.
StatusCategory status_category(uint16_t status);

/// "Success", "Warning", "Failure", "Cancel", "Pending".
std::string_view name(StatusCategory category);

/// The standard's wording for a status in a response of `service` (request or response field,
/// either works): the PS3.4 service tables first ("Refused: Out of Resources" for A7xx in C-STORE,
/// "Refused: Move Destination unknown" for A801 in C-MOVE, B000 is "Warning: Coercion of Data
/// Elements" in C-STORE but "Warning: Sub-operations Complete - One or more Failures" in C-MOVE),
/// then PS3.7 Annex C for any service. Empty for codes neither defines for that service.
std::string_view status_name(uint16_t status, CommandField service);

/// Status codes by the standard's meaning. Some values mean different things in different services
/// (B000, A900, C000); the alias names say which service they belong to.
namespace status {
// PS3.7 C.1–C.3
inline constexpr uint16_t Success = 0x0000;
inline constexpr uint16_t Pending = 0xFF00;
/// C-FIND: matches are continuing, one or more Optional Keys were not supported (PS3.4 C.4.1.1.4).
inline constexpr uint16_t PendingWithWarnings = 0xFF01;
inline constexpr uint16_t Cancel = 0xFE00;

// PS3.7 C.4 warnings, and 0001 of N-GET, N-SET and N-CREATE (PS3.7 10.1.2.1.9, 10.1.3.1.9)
inline constexpr uint16_t RequestedOptionalAttributesNotSupported = 0x0001;
inline constexpr uint16_t AttributeListError = 0x0107;
inline constexpr uint16_t AttributeValueOutOfRange = 0x0116;

// PS3.7 C.5 failures
inline constexpr uint16_t NoSuchAttribute = 0x0105;
inline constexpr uint16_t InvalidAttributeValue = 0x0106;
inline constexpr uint16_t ProcessingFailure = 0x0110;
inline constexpr uint16_t DuplicateSopInstance = 0x0111;
inline constexpr uint16_t NoSuchSopInstance = 0x0112;
inline constexpr uint16_t NoSuchEventType = 0x0113;
inline constexpr uint16_t NoSuchArgument = 0x0114;
inline constexpr uint16_t InvalidArgumentValue = 0x0115;
inline constexpr uint16_t InvalidSopInstance = 0x0117;
inline constexpr uint16_t NoSuchSopClass = 0x0118;
inline constexpr uint16_t ClassInstanceConflict = 0x0119;
inline constexpr uint16_t MissingAttribute = 0x0120;
inline constexpr uint16_t MissingAttributeValue = 0x0121;
inline constexpr uint16_t SopClassNotSupported = 0x0122;
inline constexpr uint16_t NoSuchAction = 0x0123;
inline constexpr uint16_t NotAuthorized = 0x0124;
inline constexpr uint16_t DuplicateInvocation = 0x0210;
inline constexpr uint16_t UnrecognizedOperation = 0x0211;
inline constexpr uint16_t MistypedArgument = 0x0212;
inline constexpr uint16_t ResourceLimitation = 0x0213;

// PS3.4 B.2.3, Table B.2-1 (C-STORE). A7xx, A9xx and Cxxx are ranges; these are their first codes.
inline constexpr uint16_t OutOfResources = 0xA700;
inline constexpr uint16_t DataSetDoesNotMatchSopClass = 0xA900;
inline constexpr uint16_t CannotUnderstand = 0xC000;
inline constexpr uint16_t CoercionOfDataElements = 0xB000;
inline constexpr uint16_t ElementsDiscarded = 0xB006;
inline constexpr uint16_t DataSetDoesNotMatchSopClassWarning = 0xB007;

// PS3.4 C.4.1.1.4, C.4.2.1.5, C.4.3.1.4, Tables C.4-1 to C.4-3 (C-FIND, C-MOVE, C-GET)
inline constexpr uint16_t OutOfResourcesMatches = 0xA701;
inline constexpr uint16_t OutOfResourcesSubOperations = 0xA702;
inline constexpr uint16_t MoveDestinationUnknown = 0xA801;
inline constexpr uint16_t IdentifierDoesNotMatchSopClass = 0xA900;
/// Any of C000–CFFF as the SCP assigns it.
inline constexpr uint16_t UnableToProcess = 0xC000;
/// C-MOVE: one or more failures; C-GET: one or more failures or warnings.
inline constexpr uint16_t SubOperationsCompleteWithFailures = 0xB000;
} // namespace status

} // namespace roentgen::net
