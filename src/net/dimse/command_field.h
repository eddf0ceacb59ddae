// net/dimse/command_field.h — the DIMSE Command Field (0000,0100) values of PS3.7 9.3 and 10.3.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace roentgen::net {

/// Command Field (0000,0100): which DIMSE message a command set carries (PS3.7 E.1-1, 9.3, 10.3).
/// Responses are their request with bit 15 set; C-CANCEL-RQ has no response.
enum class CommandField : uint16_t {
    C_STORE_RQ = 0x0001,
    C_STORE_RSP = 0x8001,
    C_GET_RQ = 0x0010,
    C_GET_RSP = 0x8010,
    C_FIND_RQ = 0x0020,
    C_FIND_RSP = 0x8020,
    C_MOVE_RQ = 0x0021,
    C_MOVE_RSP = 0x8021,
    C_ECHO_RQ = 0x0030,
    C_ECHO_RSP = 0x8030,
    N_EVENT_REPORT_RQ = 0x0100,
    N_EVENT_REPORT_RSP = 0x8100,
    N_GET_RQ = 0x0110,
    N_GET_RSP = 0x8110,
    N_SET_RQ = 0x0120,
    N_SET_RSP = 0x8120,
    N_ACTION_RQ = 0x0130,
    N_ACTION_RSP = 0x8130,
    N_CREATE_RQ = 0x0140,
    N_CREATE_RSP = 0x8140,
    N_DELETE_RQ = 0x0150,
    N_DELETE_RSP = 0x8150,
    C_CANCEL_RQ = 0x0FFF,
};

/// The standard's name of the message: "C-STORE-RQ", "N-EVENT-REPORT-RSP", "C-CANCEL-RQ".
constexpr std::string_view name(CommandField field)
{
    switch (field) {
    case CommandField::C_STORE_RQ:
        return "C-STORE-RQ";
    case CommandField::C_STORE_RSP:
        return "C-STORE-RSP";
    case CommandField::C_GET_RQ:
        return "C-GET-RQ";
    case CommandField::C_GET_RSP:
        return "C-GET-RSP";
    case CommandField::C_FIND_RQ:
        return "C-FIND-RQ";
    case CommandField::C_FIND_RSP:
        return "C-FIND-RSP";
    case CommandField::C_MOVE_RQ:
        return "C-MOVE-RQ";
    case CommandField::C_MOVE_RSP:
        return "C-MOVE-RSP";
    case CommandField::C_ECHO_RQ:
        return "C-ECHO-RQ";
    case CommandField::C_ECHO_RSP:
        return "C-ECHO-RSP";
    case CommandField::N_EVENT_REPORT_RQ:
        return "N-EVENT-REPORT-RQ";
    case CommandField::N_EVENT_REPORT_RSP:
        return "N-EVENT-REPORT-RSP";
    case CommandField::N_GET_RQ:
        return "N-GET-RQ";
    case CommandField::N_GET_RSP:
        return "N-GET-RSP";
    case CommandField::N_SET_RQ:
        return "N-SET-RQ";
    case CommandField::N_SET_RSP:
        return "N-SET-RSP";
    case CommandField::N_ACTION_RQ:
        return "N-ACTION-RQ";
    case CommandField::N_ACTION_RSP:
        return "N-ACTION-RSP";
    case CommandField::N_CREATE_RQ:
        return "N-CREATE-RQ";
    case CommandField::N_CREATE_RSP:
        return "N-CREATE-RSP";
    case CommandField::N_DELETE_RQ:
        return "N-DELETE-RQ";
    case CommandField::N_DELETE_RSP:
        return "N-DELETE-RSP";
    case CommandField::C_CANCEL_RQ:
        return "C-CANCEL-RQ";
    }
    return "";
}

/// The field for a value read from the wire; nothing for values PS3.7 does not define.
constexpr std::optional<CommandField> find_command_field(uint16_t value)
{
    auto field = static_cast<CommandField>(value);
    if (name(field).empty())
        return std::nullopt;
    return field;
}

/// True for the -RSP messages (bit 15 set, PS3.7 E.1-1).
constexpr bool is_response(CommandField field)
{
    return (static_cast<uint16_t>(field) & 0x8000) != 0;
}

/// The response that answers a request; nothing for responses and for C-CANCEL-RQ, which is not
/// answered (PS3.7 9.3.2.3).
constexpr std::optional<CommandField> response_of(CommandField field)
{
    if (is_response(field) || field == CommandField::C_CANCEL_RQ)
        return std::nullopt;
    return find_command_field(static_cast<uint16_t>(static_cast<uint16_t>(field) | 0x8000));
}

} // namespace roentgen::net
