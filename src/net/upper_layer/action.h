// net/upper_layer/action.h — the actions of the DICOM upper layer state machine and the states they lead to
// (PS3.8 9.2.2, Tables 9-6 to 9-9).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string_view>

#include "base/assert.h"
#include "net/upper_layer/state.h"

namespace roentgen::net {

/// The actions of PS3.8 Tables 9-6 (AE, association establishment), 9-7 (DT, data transfer), 9-8 (AR, association
/// release) and 9-9 (AA, association abort), in the standard's order. The values are indexes, not Evt-like numbers.
// clang-format off
enum class Action : uint8_t {
    AE_1, AE_2, AE_3, AE_4, AE_5, AE_6, AE_7, AE_8,
    DT_1, DT_2,
    AR_1, AR_2, AR_3, AR_4, AR_5, AR_6, AR_7, AR_8, AR_9, AR_10,
    AA_1, AA_2, AA_3, AA_4, AA_5, AA_6, AA_7, AA_8,
};
// clang-format on

/// How many actions there are: 8 AE, 2 DT, 10 AR, 8 AA.
inline constexpr std::size_t action_count = 28;

/// What the action does, in the wording of PS3.8 Tables 9-6 to 9-9 without its "Next state is …" (see outcome()),
/// except for AE-6 and AR-8, whose definitions name both branches.
std::string_view describe(Action action);
/// The action's name as the standard spells it: "AE-1", "DT-2", "AR-10", "AA-8".
std::string_view name(Action action);

/// What the next state of an action depends on. Only two actions of PS3.8 9.2.2 branch.
enum class Condition : uint8_t {
    /// The action's definition gives one next state.
    None,
    /// AE-6 (Table 9-6): Sta3 if the A-ASSOCIATE-RQ is acceptable by the service-provider, else Sta13.
    AssociateRequestAcceptable,
    /// AR-8 (Table 9-8): Sta9 if the local AE is the association-requestor, else (acceptor) Sta10.
    AssociationRequestor,
};

/// Whether the UL service-provider can accept an A-ASSOCIATE-RQ PDU (the check AE-6 makes before any indication
/// reaches the local user, PS3.8 7.1.2.6: protocol version, well-formed PDU, …). The local user's own
/// accept or reject is a later, separate event (Evt7, Evt8).
enum class Acceptance : uint8_t {
    Acceptable,
    NotAcceptable,
};

/// The next state PS3.8 Tables 9-6 to 9-9 give an action: `to` when `condition` is None or holds, `otherwise` when
/// it does not (equal to `to` for actions without a condition). AA-3's "if service-user initiated abort" chooses
/// the indication it issues (A-ABORT or A-P-ABORT), not the next state, so AA-3 has no Condition.
struct Outcome {
    Action action;
    State to;
    Condition condition;
    State otherwise;
};

/// One row per action, in the order of `Action`.
inline constexpr Outcome outcomes[] = {
    // Table 9-6, Association Establishment Related Actions
    {Action::AE_1, State::Sta4, Condition::None, State::Sta4},
    {Action::AE_2, State::Sta5, Condition::None, State::Sta5},
    {Action::AE_3, State::Sta6, Condition::None, State::Sta6},
    {Action::AE_4, State::Sta1, Condition::None, State::Sta1},
    {Action::AE_5, State::Sta2, Condition::None, State::Sta2},
    {Action::AE_6, State::Sta3, Condition::AssociateRequestAcceptable, State::Sta13},
    {Action::AE_7, State::Sta6, Condition::None, State::Sta6},
    {Action::AE_8, State::Sta13, Condition::None, State::Sta13},
    // Table 9-7, Data Transfer Related Actions
    {Action::DT_1, State::Sta6, Condition::None, State::Sta6},
    {Action::DT_2, State::Sta6, Condition::None, State::Sta6},
    // Table 9-8, Association Release Related Actions
    {Action::AR_1, State::Sta7, Condition::None, State::Sta7},
    {Action::AR_2, State::Sta8, Condition::None, State::Sta8},
    {Action::AR_3, State::Sta1, Condition::None, State::Sta1},
    {Action::AR_4, State::Sta13, Condition::None, State::Sta13},
    {Action::AR_5, State::Sta1, Condition::None, State::Sta1},
    {Action::AR_6, State::Sta7, Condition::None, State::Sta7},
    {Action::AR_7, State::Sta8, Condition::None, State::Sta8},
    {Action::AR_8, State::Sta9, Condition::AssociationRequestor, State::Sta10},
    {Action::AR_9, State::Sta11, Condition::None, State::Sta11},
    {Action::AR_10, State::Sta12, Condition::None, State::Sta12},
    // Table 9-9, Association Abort Related Actions
    {Action::AA_1, State::Sta13, Condition::None, State::Sta13},
    {Action::AA_2, State::Sta1, Condition::None, State::Sta1},
    {Action::AA_3, State::Sta1, Condition::None, State::Sta1},
    {Action::AA_4, State::Sta1, Condition::None, State::Sta1},
    {Action::AA_5, State::Sta1, Condition::None, State::Sta1},
    {Action::AA_6, State::Sta13, Condition::None, State::Sta13},
    {Action::AA_7, State::Sta13, Condition::None, State::Sta13},
    {Action::AA_8, State::Sta13, Condition::None, State::Sta13},
};

namespace detail {
constexpr bool outcomes_are_well_formed()
{
    if (std::size(outcomes) != action_count)
        return false;
    for (std::size_t i = 0; i < std::size(outcomes); ++i) {
        const Outcome& o = outcomes[i];
        if (o.action != static_cast<Action>(i))
            return false;
        if ((o.condition == Condition::None) != (o.to == o.otherwise))
            return false;
    }
    return true;
}
}  // namespace detail

static_assert(detail::outcomes_are_well_formed(),
              "one outcome per action in enum order; `otherwise` differs from `to` exactly when there is a condition");

/// The row of `outcomes` for the action.
constexpr const Outcome& outcome(Action action)
{
    auto index = static_cast<std::size_t>(action);
    ROENTGEN_ASSERT(index < std::size(outcomes));
    return outcomes[index];
}

}  // namespace roentgen::net
