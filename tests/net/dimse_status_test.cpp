// tests/net/dimse_status_test.cpp — DIMSE status classes and the standard's wording, ranges included.
#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>

#include "net/dimse/status.h"

namespace roentgen::net {
namespace {

TEST(DimseStatus, CategoriesOfPs37AnnexC)
{
    struct Expected {
        uint16_t code;
        StatusCategory category;
    };
    constexpr Expected expected[] = {
        {0x0000, StatusCategory::Success}, {0xFF00, StatusCategory::Pending}, {0xFF01, StatusCategory::Pending},
        {0xFE00, StatusCategory::Cancel},  {0x0001, StatusCategory::Warning}, {0x0107, StatusCategory::Warning},
        {0x0116, StatusCategory::Warning}, {0xB000, StatusCategory::Warning}, {0xB006, StatusCategory::Warning},
        {0xB007, StatusCategory::Warning}, {0xB123, StatusCategory::Warning}, {0xBFFF, StatusCategory::Warning},
        {0xAFFF, StatusCategory::Failure}, {0xC000, StatusCategory::Failure}, {0xCFFF, StatusCategory::Failure},
        {0xA700, StatusCategory::Failure}, {0xA7FF, StatusCategory::Failure}, {0xA701, StatusCategory::Failure},
        {0xA702, StatusCategory::Failure}, {0xA801, StatusCategory::Failure}, {0xA900, StatusCategory::Failure},
        {0x0105, StatusCategory::Failure}, {0x0110, StatusCategory::Failure}, {0x0122, StatusCategory::Failure},
        {0x0124, StatusCategory::Failure}, {0x0213, StatusCategory::Failure}, {0x0002, StatusCategory::Failure},
        {0xFE01, StatusCategory::Failure}, {0xFF02, StatusCategory::Failure}, {0xFFFF, StatusCategory::Failure},
    };
    for (const Expected& e : expected)
        EXPECT_EQ(status_category(e.code), e.category) << std::hex << e.code;
}

TEST(DimseStatus, CategoryNames)
{
    EXPECT_EQ(name(StatusCategory::Success), "Success");
    EXPECT_EQ(name(StatusCategory::Warning), "Warning");
    EXPECT_EQ(name(StatusCategory::Failure), "Failure");
    EXPECT_EQ(name(StatusCategory::Cancel), "Cancel");
    EXPECT_EQ(name(StatusCategory::Pending), "Pending");
}

TEST(DimseStatus, StorageRangesOfPs34TableB21)
{
    for (uint16_t code : {0xA700, 0xA742, 0xA7FF})
        EXPECT_EQ(status_name(code, CommandField::C_STORE_RQ), "Refused: Out of Resources") << std::hex << code;
    for (uint16_t code : {0xA900, 0xA9AB, 0xA9FF})
        EXPECT_EQ(status_name(code, CommandField::C_STORE_RQ), "Error: Data Set does not match SOP Class");
    for (uint16_t code : {0xC000, 0xC123, 0xCFFF})
        EXPECT_EQ(status_name(code, CommandField::C_STORE_RQ), "Error: Cannot understand");
    EXPECT_EQ(status_name(0xB000, CommandField::C_STORE_RQ), "Warning: Coercion of Data Elements");
    EXPECT_EQ(status_name(0xB007, CommandField::C_STORE_RQ), "Warning: Data Set does not match SOP Class");
    EXPECT_EQ(status_name(0xB006, CommandField::C_STORE_RQ), "Warning: Elements Discarded");
    // Just outside the ranges.
    EXPECT_EQ(status_name(0xA6FF, CommandField::C_STORE_RQ), "");
    EXPECT_EQ(status_name(0xA800, CommandField::C_STORE_RQ), "");
    EXPECT_EQ(status_name(0xD000, CommandField::C_STORE_RQ), "");
    EXPECT_EQ(status_name(0xB001, CommandField::C_STORE_RQ), "");
    // The response field names the same service.
    EXPECT_EQ(status_name(0xA7FF, CommandField::C_STORE_RSP), "Refused: Out of Resources");
}

TEST(DimseStatus, FindOfPs34TableC41)
{
    EXPECT_EQ(status_name(0xA700, CommandField::C_FIND_RQ), "Refused: Out of Resources");
    EXPECT_EQ(status_name(0xA900, CommandField::C_FIND_RSP), "Failure: Identifier does not match SOP Class");
    EXPECT_EQ(status_name(0xC001, CommandField::C_FIND_RSP), "Failure: Unable to process");
    EXPECT_EQ(status_name(0xFE00, CommandField::C_FIND_RSP), "Cancel: Matching terminated due to Cancel request");
    EXPECT_EQ(status_name(0x0000, CommandField::C_FIND_RSP),
              "Success: Matching is complete - No final Identifier is supplied");
    EXPECT_EQ(status_name(0xFF00, CommandField::C_FIND_RSP),
              "Pending: Matches are continuing - Current Match is supplied and any Optional Keys were supported "
              "in the same manner as Required Keys");
    EXPECT_EQ(status_name(0xFF01, CommandField::C_FIND_RSP),
              "Pending: Matches are continuing - Warning that one or more Optional Keys were not supported for "
              "existence for this Identifier");
    // C-FIND has no A7xx range and no sub-operations.
    EXPECT_EQ(status_name(0xA701, CommandField::C_FIND_RSP), "");
    EXPECT_EQ(status_name(0xB000, CommandField::C_FIND_RSP), "");
}

TEST(DimseStatus, MoveAndGetOfPs34TablesC42C43)
{
    EXPECT_EQ(status_name(0xA701, CommandField::C_MOVE_RSP),
              "Refused: Out of Resources - Unable to calculate number of matches");
    EXPECT_EQ(status_name(0xA702, CommandField::C_GET_RSP),
              "Refused: Out of Resources - Unable to perform sub-operations");
    EXPECT_EQ(status_name(0xA801, CommandField::C_MOVE_RSP), "Refused: Move Destination unknown");
    EXPECT_EQ(status_name(0xA801, CommandField::C_GET_RSP), ""); // C-GET has no destination
    EXPECT_EQ(status_name(0xA900, CommandField::C_MOVE_RSP), "Failure: Identifier does not match SOP Class");
    EXPECT_EQ(status_name(0xCABC, CommandField::C_GET_RSP), "Failure: Unable to process");
    EXPECT_EQ(status_name(0xFE00, CommandField::C_MOVE_RSP),
              "Cancel: Sub-operations terminated due to Cancel Indication");
    EXPECT_EQ(status_name(0xFF00, CommandField::C_GET_RSP), "Pending: Sub-operations are continuing");
    // B000: one value, three meanings.
    EXPECT_EQ(status::SubOperationsCompleteWithFailures, status::CoercionOfDataElements);
    EXPECT_EQ(status_name(0xB000, CommandField::C_MOVE_RSP), "Warning: Sub-operations Complete - One or more Failures");
    EXPECT_EQ(status_name(0xB000, CommandField::C_GET_RSP),
              "Warning: Sub-operations Complete - One or more Failures or Warnings");
    EXPECT_EQ(status_name(0xB000, CommandField::C_STORE_RSP), "Warning: Coercion of Data Elements");
    EXPECT_EQ(status_name(0x0000, CommandField::C_MOVE_RSP), "Success: Sub-operations Complete - No Failures");
    EXPECT_EQ(status_name(0x0000, CommandField::C_GET_RSP),
              "Success: Sub-operations Complete - No Failures or Warnings");
    // A700 is only C-STORE's and C-FIND's.
    EXPECT_EQ(status_name(0xA700, CommandField::C_MOVE_RSP), "");
}

TEST(DimseStatus, GeneralCodesOfPs37AnnexCForEveryService)
{
    struct Expected {
        uint16_t code;
        std::string_view name;
    };
    constexpr Expected expected[] = {
        {status::Success, "Success"},
        {status::Pending, "Pending"},
        {status::Cancel, "Cancel"},
        {status::RequestedOptionalAttributesNotSupported, "Warning: Requested optional Attributes are not supported"},
        {status::AttributeListError, "Warning: Attribute list error"},
        {status::AttributeValueOutOfRange, "Warning: Attribute Value Out of Range"},
        {status::NoSuchAttribute, "Failure: No such Attribute"},
        {status::InvalidAttributeValue, "Failure: Invalid Attribute Value"},
        {status::ProcessingFailure, "Failure: Processing failure"},
        {status::DuplicateSopInstance, "Failure: Duplicate SOP Instance"},
        {status::NoSuchSopInstance, "Failure: No such SOP Instance"},
        {status::NoSuchEventType, "Failure: No such event type"},
        {status::NoSuchArgument, "Failure: No such argument"},
        {status::InvalidArgumentValue, "Failure: Invalid argument value"},
        {status::InvalidSopInstance, "Failure: Invalid SOP Instance"},
        {status::NoSuchSopClass, "Failure: No such SOP Class"},
        {status::ClassInstanceConflict, "Failure: Class-instance conflict"},
        {status::MissingAttribute, "Failure: Missing Attribute"},
        {status::MissingAttributeValue, "Failure: Missing Attribute Value"},
        {status::SopClassNotSupported, "Refused: SOP Class not supported"},
        {status::NoSuchAction, "Failure: No such action"},
        {status::NotAuthorized, "Refused: Not Authorized"},
        {status::DuplicateInvocation, "Failure: Duplicate invocation"},
        {status::UnrecognizedOperation, "Failure: Unrecognized operation"},
        {status::MistypedArgument, "Failure: Mistyped argument"},
        {status::ResourceLimitation, "Failure: Resource limitation"},
    };
    for (const Expected& e : expected) {
        EXPECT_EQ(status_name(e.code, CommandField::N_SET_RSP), e.name) << std::hex << e.code;
        EXPECT_EQ(status_name(e.code, CommandField::C_ECHO_RSP), e.name) << std::hex << e.code;
        // The class agrees with the wording's prefix.
        StatusCategory category = status_category(e.code);
        if (e.name.starts_with("Warning")) {
            EXPECT_EQ(category, StatusCategory::Warning) << std::hex << e.code;
        }
        if (e.name.starts_with("Failure") || e.name.starts_with("Refused")) {
            EXPECT_EQ(category, StatusCategory::Failure) << std::hex << e.code;
        }
    }
    // Annex C codes keep their meaning inside the storage and retrieve services.
    EXPECT_EQ(status_name(status::SopClassNotSupported, CommandField::C_STORE_RSP), "Refused: SOP Class not supported");
    EXPECT_EQ(status_name(status::NotAuthorized, CommandField::C_MOVE_RSP), "Refused: Not Authorized");
    EXPECT_EQ(status_name(status::ProcessingFailure, CommandField::C_FIND_RSP), "Failure: Processing failure");
}

TEST(DimseStatus, ServiceSpecificCodesAreNotGeneral)
{
    // Ranges belong to the services that define them; N-services give them no meaning here.
    EXPECT_EQ(status_name(0xA700, CommandField::N_ACTION_RSP), "");
    EXPECT_EQ(status_name(0xC000, CommandField::N_CREATE_RSP), "");
    EXPECT_EQ(status_name(0xB000, CommandField::C_ECHO_RSP), "");
    EXPECT_EQ(status_name(0xA801, CommandField::C_STORE_RSP), "");
    EXPECT_EQ(status_name(0x1234, CommandField::C_STORE_RSP), "");
    EXPECT_EQ(status_name(0xFFFF, CommandField::C_FIND_RSP), "");
}

TEST(DimseStatus, ConstantsHaveTheStandardsValues)
{
    EXPECT_EQ(status::Success, 0x0000);
    EXPECT_EQ(status::Pending, 0xFF00);
    EXPECT_EQ(status::PendingWithWarnings, 0xFF01);
    EXPECT_EQ(status::Cancel, 0xFE00);
    EXPECT_EQ(status::OutOfResources, 0xA700);
    EXPECT_EQ(status::DataSetDoesNotMatchSopClass, 0xA900);
    EXPECT_EQ(status::CannotUnderstand, 0xC000);
    EXPECT_EQ(status::CoercionOfDataElements, 0xB000);
    EXPECT_EQ(status::ElementsDiscarded, 0xB006);
    EXPECT_EQ(status::DataSetDoesNotMatchSopClassWarning, 0xB007);
    EXPECT_EQ(status::OutOfResourcesMatches, 0xA701);
    EXPECT_EQ(status::OutOfResourcesSubOperations, 0xA702);
    EXPECT_EQ(status::MoveDestinationUnknown, 0xA801);
    EXPECT_EQ(status::IdentifierDoesNotMatchSopClass, 0xA900);
    EXPECT_EQ(status::UnableToProcess, 0xC000);
    EXPECT_EQ(status::NoSuchSopClass, 0x0118);
    EXPECT_EQ(status::SopClassNotSupported, 0x0122);
    EXPECT_EQ(status::DuplicateSopInstance, 0x0111);
    EXPECT_EQ(status::ProcessingFailure, 0x0110);
    EXPECT_EQ(status::NotAuthorized, 0x0124);
}

} // namespace
} // namespace roentgen::net
