// tests/net/dimse_command_field_test.cpp — Command Field values, names and request/response pairs (PS3.7 E.1-1).
#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>

#include "net/dimse/command_field.h"

namespace roentgen::net {
namespace {

struct Pair {
    CommandField request;
    uint16_t value;
    std::string_view name;
};
constexpr Pair pairs[] = {
    {CommandField::C_STORE_RQ, 0x0001, "C-STORE"},   {CommandField::C_GET_RQ, 0x0010, "C-GET"},
    {CommandField::C_FIND_RQ, 0x0020, "C-FIND"},     {CommandField::C_MOVE_RQ, 0x0021, "C-MOVE"},
    {CommandField::C_ECHO_RQ, 0x0030, "C-ECHO"},     {CommandField::N_EVENT_REPORT_RQ, 0x0100, "N-EVENT-REPORT"},
    {CommandField::N_GET_RQ, 0x0110, "N-GET"},       {CommandField::N_SET_RQ, 0x0120, "N-SET"},
    {CommandField::N_ACTION_RQ, 0x0130, "N-ACTION"}, {CommandField::N_CREATE_RQ, 0x0140, "N-CREATE"},
    {CommandField::N_DELETE_RQ, 0x0150, "N-DELETE"},
};

TEST(DimseCommandField, RequestsAndResponses)
{
    for (const Pair& p : pairs) {
        EXPECT_EQ(static_cast<uint16_t>(p.request), p.value);
        EXPECT_EQ(name(p.request), std::string(p.name) + "-RQ");
        EXPECT_FALSE(is_response(p.request));
        auto response = response_of(p.request);
        ASSERT_TRUE(response.has_value()) << p.name;
        EXPECT_EQ(static_cast<uint16_t>(*response), p.value | 0x8000);
        EXPECT_EQ(name(*response), std::string(p.name) + "-RSP");
        EXPECT_TRUE(is_response(*response));
        EXPECT_EQ(response_of(*response), std::nullopt);
        EXPECT_EQ(find_command_field(p.value), p.request);
        EXPECT_EQ(find_command_field(p.value | 0x8000), response);
    }
}

TEST(DimseCommandField, CancelHasNoResponse)
{
    EXPECT_EQ(static_cast<uint16_t>(CommandField::C_CANCEL_RQ), 0x0FFF);
    EXPECT_EQ(name(CommandField::C_CANCEL_RQ), "C-CANCEL-RQ");
    EXPECT_FALSE(is_response(CommandField::C_CANCEL_RQ));
    EXPECT_EQ(response_of(CommandField::C_CANCEL_RQ), std::nullopt);
    EXPECT_EQ(find_command_field(0x0FFF), CommandField::C_CANCEL_RQ);
    EXPECT_EQ(find_command_field(0x8FFF), std::nullopt);
}

TEST(DimseCommandField, UnknownValues)
{
    int known = 0;
    for (uint32_t value = 0; value <= 0xFFFF; ++value)
        if (find_command_field(uint16_t(value)))
            ++known;
    EXPECT_EQ(known, 23);
    EXPECT_EQ(find_command_field(0x0000), std::nullopt);
    EXPECT_EQ(find_command_field(0x0002), std::nullopt);
    EXPECT_EQ(find_command_field(0x8000), std::nullopt);
    EXPECT_EQ(name(static_cast<CommandField>(0x1234)), "");
}

} // namespace
} // namespace roentgen::net
