// net/upper_layer/transitions.h — PS3.8 Table 9-10 as data: (state, event) -> (action, next state). No I/O.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>

#include "net/upper_layer/action.h"
#include "net/upper_layer/event.h"
#include "net/upper_layer/role.h"
#include "net/upper_layer/state.h"

namespace roentgen::net {

/// One non-empty cell of PS3.8 Table 9-10: in state `from`, `event` triggers `action`, which leads to `to`.
/// For the two actions whose next state branches (AE-6, AR-8; see Condition), `to` is the state when the condition
/// holds (Sta3, Sta9) and outcome(action).otherwise the other one: use next_state() rather than `to` to move on.
struct Transition {
    State from;
    Event event;
    Action action;
    State to;
};

/// PS3.8 Table 9-10, one row per non-empty cell, ordered by event and then by state as the standard prints it.
/// A (state, event) pair not listed is an empty cell: the standard defines no action for it. Each `to` is the next
/// state that Tables 9-6 to 9-9 give the row's action (checked below).
// clang-format off
inline constexpr Transition transitions[] = {
    {State::Sta1,   Event::AssociateRequestLocal,         Action::AE_1,  State::Sta4},

    {State::Sta4,   Event::TransportConnectConfirm,       Action::AE_2,  State::Sta5},

    {State::Sta2,   Event::AssociateAcceptReceived,       Action::AA_1,  State::Sta13},
    {State::Sta3,   Event::AssociateAcceptReceived,       Action::AA_8,  State::Sta13},
    {State::Sta5,   Event::AssociateAcceptReceived,       Action::AE_3,  State::Sta6},
    {State::Sta6,   Event::AssociateAcceptReceived,       Action::AA_8,  State::Sta13},
    {State::Sta7,   Event::AssociateAcceptReceived,       Action::AA_8,  State::Sta13},
    {State::Sta8,   Event::AssociateAcceptReceived,       Action::AA_8,  State::Sta13},
    {State::Sta9,   Event::AssociateAcceptReceived,       Action::AA_8,  State::Sta13},
    {State::Sta10,  Event::AssociateAcceptReceived,       Action::AA_8,  State::Sta13},
    {State::Sta11,  Event::AssociateAcceptReceived,       Action::AA_8,  State::Sta13},
    {State::Sta12,  Event::AssociateAcceptReceived,       Action::AA_8,  State::Sta13},
    {State::Sta13,  Event::AssociateAcceptReceived,       Action::AA_6,  State::Sta13},

    {State::Sta2,   Event::AssociateRejectReceived,       Action::AA_1,  State::Sta13},
    {State::Sta3,   Event::AssociateRejectReceived,       Action::AA_8,  State::Sta13},
    {State::Sta5,   Event::AssociateRejectReceived,       Action::AE_4,  State::Sta1},
    {State::Sta6,   Event::AssociateRejectReceived,       Action::AA_8,  State::Sta13},
    {State::Sta7,   Event::AssociateRejectReceived,       Action::AA_8,  State::Sta13},
    {State::Sta8,   Event::AssociateRejectReceived,       Action::AA_8,  State::Sta13},
    {State::Sta9,   Event::AssociateRejectReceived,       Action::AA_8,  State::Sta13},
    {State::Sta10,  Event::AssociateRejectReceived,       Action::AA_8,  State::Sta13},
    {State::Sta11,  Event::AssociateRejectReceived,       Action::AA_8,  State::Sta13},
    {State::Sta12,  Event::AssociateRejectReceived,       Action::AA_8,  State::Sta13},
    {State::Sta13,  Event::AssociateRejectReceived,       Action::AA_6,  State::Sta13},

    {State::Sta1,   Event::TransportConnectIndication,    Action::AE_5,  State::Sta2},

    // AE-6: Sta3 if the A-ASSOCIATE-RQ is acceptable by the service-provider, else Sta13.
    {State::Sta2,   Event::AssociateRequestReceived,      Action::AE_6,  State::Sta3},
    {State::Sta3,   Event::AssociateRequestReceived,      Action::AA_8,  State::Sta13},
    {State::Sta5,   Event::AssociateRequestReceived,      Action::AA_8,  State::Sta13},
    {State::Sta6,   Event::AssociateRequestReceived,      Action::AA_8,  State::Sta13},
    {State::Sta7,   Event::AssociateRequestReceived,      Action::AA_8,  State::Sta13},
    {State::Sta8,   Event::AssociateRequestReceived,      Action::AA_8,  State::Sta13},
    {State::Sta9,   Event::AssociateRequestReceived,      Action::AA_8,  State::Sta13},
    {State::Sta10,  Event::AssociateRequestReceived,      Action::AA_8,  State::Sta13},
    {State::Sta11,  Event::AssociateRequestReceived,      Action::AA_8,  State::Sta13},
    {State::Sta12,  Event::AssociateRequestReceived,      Action::AA_8,  State::Sta13},
    {State::Sta13,  Event::AssociateRequestReceived,      Action::AA_7,  State::Sta13},

    {State::Sta3,   Event::AssociateResponseAcceptLocal,  Action::AE_7,  State::Sta6},

    {State::Sta3,   Event::AssociateResponseRejectLocal,  Action::AE_8,  State::Sta13},

    {State::Sta6,   Event::DataRequestLocal,              Action::DT_1,  State::Sta6},
    {State::Sta8,   Event::DataRequestLocal,              Action::AR_7,  State::Sta8},

    {State::Sta2,   Event::DataTransferReceived,          Action::AA_1,  State::Sta13},
    {State::Sta3,   Event::DataTransferReceived,          Action::AA_8,  State::Sta13},
    {State::Sta5,   Event::DataTransferReceived,          Action::AA_8,  State::Sta13},
    {State::Sta6,   Event::DataTransferReceived,          Action::DT_2,  State::Sta6},
    {State::Sta7,   Event::DataTransferReceived,          Action::AR_6,  State::Sta7},
    {State::Sta8,   Event::DataTransferReceived,          Action::AA_8,  State::Sta13},
    {State::Sta9,   Event::DataTransferReceived,          Action::AA_8,  State::Sta13},
    {State::Sta10,  Event::DataTransferReceived,          Action::AA_8,  State::Sta13},
    {State::Sta11,  Event::DataTransferReceived,          Action::AA_8,  State::Sta13},
    {State::Sta12,  Event::DataTransferReceived,          Action::AA_8,  State::Sta13},
    {State::Sta13,  Event::DataTransferReceived,          Action::AA_6,  State::Sta13},

    {State::Sta6,   Event::ReleaseRequestLocal,           Action::AR_1,  State::Sta7},

    {State::Sta2,   Event::ReleaseRequestReceived,        Action::AA_1,  State::Sta13},
    {State::Sta3,   Event::ReleaseRequestReceived,        Action::AA_8,  State::Sta13},
    {State::Sta5,   Event::ReleaseRequestReceived,        Action::AA_8,  State::Sta13},
    {State::Sta6,   Event::ReleaseRequestReceived,        Action::AR_2,  State::Sta8},
    // AR-8, release collision: Sta9 if the local AE is the association-requestor, else Sta10.
    {State::Sta7,   Event::ReleaseRequestReceived,        Action::AR_8,  State::Sta9},
    {State::Sta8,   Event::ReleaseRequestReceived,        Action::AA_8,  State::Sta13},
    {State::Sta9,   Event::ReleaseRequestReceived,        Action::AA_8,  State::Sta13},
    {State::Sta10,  Event::ReleaseRequestReceived,        Action::AA_8,  State::Sta13},
    {State::Sta11,  Event::ReleaseRequestReceived,        Action::AA_8,  State::Sta13},
    {State::Sta12,  Event::ReleaseRequestReceived,        Action::AA_8,  State::Sta13},
    {State::Sta13,  Event::ReleaseRequestReceived,        Action::AA_6,  State::Sta13},

    {State::Sta2,   Event::ReleaseResponseReceived,       Action::AA_1,  State::Sta13},
    {State::Sta3,   Event::ReleaseResponseReceived,       Action::AA_8,  State::Sta13},
    {State::Sta5,   Event::ReleaseResponseReceived,       Action::AA_8,  State::Sta13},
    {State::Sta6,   Event::ReleaseResponseReceived,       Action::AA_8,  State::Sta13},
    {State::Sta7,   Event::ReleaseResponseReceived,       Action::AR_3,  State::Sta1},
    {State::Sta8,   Event::ReleaseResponseReceived,       Action::AA_8,  State::Sta13},
    {State::Sta9,   Event::ReleaseResponseReceived,       Action::AA_8,  State::Sta13},
    {State::Sta10,  Event::ReleaseResponseReceived,       Action::AR_10, State::Sta12},
    {State::Sta11,  Event::ReleaseResponseReceived,       Action::AR_3,  State::Sta1},
    {State::Sta12,  Event::ReleaseResponseReceived,       Action::AA_8,  State::Sta13},
    {State::Sta13,  Event::ReleaseResponseReceived,       Action::AA_6,  State::Sta13},

    {State::Sta8,   Event::ReleaseResponseLocal,          Action::AR_4,  State::Sta13},
    {State::Sta9,   Event::ReleaseResponseLocal,          Action::AR_9,  State::Sta11},
    {State::Sta12,  Event::ReleaseResponseLocal,          Action::AR_4,  State::Sta13},

    {State::Sta3,   Event::AbortRequestLocal,             Action::AA_1,  State::Sta13},
    {State::Sta4,   Event::AbortRequestLocal,             Action::AA_2,  State::Sta1},
    {State::Sta5,   Event::AbortRequestLocal,             Action::AA_1,  State::Sta13},
    {State::Sta6,   Event::AbortRequestLocal,             Action::AA_1,  State::Sta13},
    {State::Sta7,   Event::AbortRequestLocal,             Action::AA_1,  State::Sta13},
    {State::Sta8,   Event::AbortRequestLocal,             Action::AA_1,  State::Sta13},
    {State::Sta9,   Event::AbortRequestLocal,             Action::AA_1,  State::Sta13},
    {State::Sta10,  Event::AbortRequestLocal,             Action::AA_1,  State::Sta13},
    {State::Sta11,  Event::AbortRequestLocal,             Action::AA_1,  State::Sta13},
    {State::Sta12,  Event::AbortRequestLocal,             Action::AA_1,  State::Sta13},

    {State::Sta2,   Event::AbortReceived,                 Action::AA_2,  State::Sta1},
    {State::Sta3,   Event::AbortReceived,                 Action::AA_3,  State::Sta1},
    {State::Sta5,   Event::AbortReceived,                 Action::AA_3,  State::Sta1},
    {State::Sta6,   Event::AbortReceived,                 Action::AA_3,  State::Sta1},
    {State::Sta7,   Event::AbortReceived,                 Action::AA_3,  State::Sta1},
    {State::Sta8,   Event::AbortReceived,                 Action::AA_3,  State::Sta1},
    {State::Sta9,   Event::AbortReceived,                 Action::AA_3,  State::Sta1},
    {State::Sta10,  Event::AbortReceived,                 Action::AA_3,  State::Sta1},
    {State::Sta11,  Event::AbortReceived,                 Action::AA_3,  State::Sta1},
    {State::Sta12,  Event::AbortReceived,                 Action::AA_3,  State::Sta1},
    {State::Sta13,  Event::AbortReceived,                 Action::AA_2,  State::Sta1},

    {State::Sta2,   Event::TransportClosed,               Action::AA_5,  State::Sta1},
    {State::Sta3,   Event::TransportClosed,               Action::AA_4,  State::Sta1},
    {State::Sta4,   Event::TransportClosed,               Action::AA_4,  State::Sta1},
    {State::Sta5,   Event::TransportClosed,               Action::AA_4,  State::Sta1},
    {State::Sta6,   Event::TransportClosed,               Action::AA_4,  State::Sta1},
    {State::Sta7,   Event::TransportClosed,               Action::AA_4,  State::Sta1},
    {State::Sta8,   Event::TransportClosed,               Action::AA_4,  State::Sta1},
    {State::Sta9,   Event::TransportClosed,               Action::AA_4,  State::Sta1},
    {State::Sta10,  Event::TransportClosed,               Action::AA_4,  State::Sta1},
    {State::Sta11,  Event::TransportClosed,               Action::AA_4,  State::Sta1},
    {State::Sta12,  Event::TransportClosed,               Action::AA_4,  State::Sta1},
    {State::Sta13,  Event::TransportClosed,               Action::AR_5,  State::Sta1},

    {State::Sta2,   Event::ArtimExpired,                  Action::AA_2,  State::Sta1},
    {State::Sta13,  Event::ArtimExpired,                  Action::AA_2,  State::Sta1},

    {State::Sta2,   Event::UnrecognizedPdu,               Action::AA_1,  State::Sta13},
    {State::Sta3,   Event::UnrecognizedPdu,               Action::AA_8,  State::Sta13},
    {State::Sta5,   Event::UnrecognizedPdu,               Action::AA_8,  State::Sta13},
    {State::Sta6,   Event::UnrecognizedPdu,               Action::AA_8,  State::Sta13},
    {State::Sta7,   Event::UnrecognizedPdu,               Action::AA_8,  State::Sta13},
    {State::Sta8,   Event::UnrecognizedPdu,               Action::AA_8,  State::Sta13},
    {State::Sta9,   Event::UnrecognizedPdu,               Action::AA_8,  State::Sta13},
    {State::Sta10,  Event::UnrecognizedPdu,               Action::AA_8,  State::Sta13},
    {State::Sta11,  Event::UnrecognizedPdu,               Action::AA_8,  State::Sta13},
    {State::Sta12,  Event::UnrecognizedPdu,               Action::AA_8,  State::Sta13},
    {State::Sta13,  Event::UnrecognizedPdu,               Action::AA_7,  State::Sta13},
};
// clang-format on

namespace detail {

inline constexpr std::uint8_t no_transition = 0xFF;

constexpr std::size_t cell_index(State state, Event event)
{
    return (static_cast<std::size_t>(state) - 1) * event_count + (static_cast<std::size_t>(event) - 1);
}

constexpr bool transitions_are_in_table_order()
{
    for (std::size_t i = 1; i < std::size(transitions); ++i) {
        const Transition& previous = transitions[i - 1];
        const Transition& row = transitions[i];
        if (row.event < previous.event || (row.event == previous.event && row.from <= previous.from))
            return false;
    }
    return true;
}

constexpr bool transitions_agree_with_action_tables()
{
    for (const Transition& row : transitions)
        if (row.to != outcome(row.action).to)
            return false;
    return true;
}

/// For each (state, event) cell, the index of its row in `transitions`, or no_transition.
inline constexpr auto transition_index = [] {
    std::array<std::uint8_t, state_count * event_count> index{};
    index.fill(no_transition);
    for (std::size_t i = 0; i < std::size(transitions); ++i)
        index[cell_index(transitions[i].from, transitions[i].event)] = static_cast<std::uint8_t>(i);
    return index;
}();

}  // namespace detail

static_assert(std::size(transitions) == 123, "PS3.8 Table 9-10 has 123 non-empty cells");
static_assert(detail::transitions_are_in_table_order(), "rows are ordered by event, then state, each cell once");
static_assert(detail::transitions_agree_with_action_tables(), "each row's `to` is its action's next state");

/// The cell of PS3.8 Table 9-10 for the pair, or nothing for an empty cell (and for values outside Sta1..Sta13,
/// Evt1..Evt19). An empty cell is an event the standard does not expect in that state: a primitive the local user
/// may not issue there (a caller bug), or a transport, timer or PDU event that cannot occur there (in Sta1 and
/// Sta4 there is no open connection to read from, and the ARTIM timer runs only in Sta2 and Sta13).
constexpr std::optional<Transition> find_transition(State state, Event event)
{
    if (state < State::Sta1 || state > State::Sta13)
        return std::nullopt;
    if (event < Event::AssociateRequestLocal || event > Event::UnrecognizedPdu)
        return std::nullopt;
    auto index = detail::transition_index[detail::cell_index(state, event)];
    if (index == detail::no_transition)
        return std::nullopt;
    return transitions[index];
}

/// The state the machine is in after performing the transition's action. `role` decides AR-8 (release collision,
/// PS3.8 Table 9-8: requestor -> Sta9, acceptor -> Sta10) and `acceptance` decides AE-6 (PS3.8 Table 9-6:
/// acceptable -> Sta3, not acceptable -> Sta13, after sending an A-ASSOCIATE-RJ PDU); every other action ignores both.
constexpr State next_state(const Transition& transition, Role role, Acceptance acceptance)
{
    const Outcome& o = outcome(transition.action);
    switch (o.condition) {
    case Condition::None:
        break;
    case Condition::AssociateRequestAcceptable:
        return acceptance == Acceptance::Acceptable ? o.to : o.otherwise;
    case Condition::AssociationRequestor:
        return role == Role::Requestor ? o.to : o.otherwise;
    }
    return o.to;
}

}  // namespace roentgen::net
