// tests/net/upper_layer_transitions_test.cpp — the upper layer state table against PS3.8 Tables 9-6 to 9-10.
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "net/upper_layer/transitions.h"

namespace roentgen::net {
namespace {

// PS3.8 Table 9-10, transcribed from the standard separately from transitions.h: one string per event, Evt1 to
// Evt19; one '|'-separated cell per state, Sta1 to Sta13, holding the action the standard prints, or blank.
// clang-format off
constexpr std::string_view table_9_10[] = {
    //       Sta1 | Sta2 | Sta3 | Sta4 | Sta5 | Sta6 | Sta7 | Sta8 | Sta9 | Sta10| Sta11| Sta12| Sta13
    /*  1 */ "AE-1 |      |      |      |      |      |      |      |      |      |      |      |      ",
    /*  2 */ "     |      |      | AE-2 |      |      |      |      |      |      |      |      |      ",
    /*  3 */ "     | AA-1 | AA-8 |      | AE-3 | AA-8 | AA-8 | AA-8 | AA-8 | AA-8 | AA-8 | AA-8 | AA-6 ",
    /*  4 */ "     | AA-1 | AA-8 |      | AE-4 | AA-8 | AA-8 | AA-8 | AA-8 | AA-8 | AA-8 | AA-8 | AA-6 ",
    /*  5 */ "AE-5 |      |      |      |      |      |      |      |      |      |      |      |      ",
    /*  6 */ "     | AE-6 | AA-8 |      | AA-8 | AA-8 | AA-8 | AA-8 | AA-8 | AA-8 | AA-8 | AA-8 | AA-7 ",
    /*  7 */ "     |      | AE-7 |      |      |      |      |      |      |      |      |      |      ",
    /*  8 */ "     |      | AE-8 |      |      |      |      |      |      |      |      |      |      ",
    /*  9 */ "     |      |      |      |      | DT-1 |      | AR-7 |      |      |      |      |      ",
    /* 10 */ "     | AA-1 | AA-8 |      | AA-8 | DT-2 | AR-6 | AA-8 | AA-8 | AA-8 | AA-8 | AA-8 | AA-6 ",
    /* 11 */ "     |      |      |      |      | AR-1 |      |      |      |      |      |      |      ",
    /* 12 */ "     | AA-1 | AA-8 |      | AA-8 | AR-2 | AR-8 | AA-8 | AA-8 | AA-8 | AA-8 | AA-8 | AA-6 ",
    /* 13 */ "     | AA-1 | AA-8 |      | AA-8 | AA-8 | AR-3 | AA-8 | AA-8 | AR-10| AR-3 | AA-8 | AA-6 ",
    /* 14 */ "     |      |      |      |      |      |      | AR-4 | AR-9 |      |      | AR-4 |      ",
    /* 15 */ "     |      | AA-1 | AA-2 | AA-1 | AA-1 | AA-1 | AA-1 | AA-1 | AA-1 | AA-1 | AA-1 |      ",
    /* 16 */ "     | AA-2 | AA-3 |      | AA-3 | AA-3 | AA-3 | AA-3 | AA-3 | AA-3 | AA-3 | AA-3 | AA-2 ",
    /* 17 */ "     | AA-5 | AA-4 | AA-4 | AA-4 | AA-4 | AA-4 | AA-4 | AA-4 | AA-4 | AA-4 | AA-4 | AR-5 ",
    /* 18 */ "     | AA-2 |      |      |      |      |      |      |      |      |      |      | AA-2 ",
    /* 19 */ "     | AA-1 | AA-8 |      | AA-8 | AA-8 | AA-8 | AA-8 | AA-8 | AA-8 | AA-8 | AA-8 | AA-7 ",
};
// clang-format on

// PS3.8 Tables 9-6 to 9-9: each action's "Next state is …", and for AE-6 and AR-8 the state when their condition
// does not hold ("otherwise" / "if not").
struct ActionRow {
    std::string_view name;
    std::string_view next;
    std::string_view otherwise;
};
constexpr ActionRow tables_9_6_to_9_9[] = {
    {"AE-1", "Sta4", ""},   {"AE-2", "Sta5", ""},   {"AE-3", "Sta6", ""},   {"AE-4", "Sta1", ""},
    {"AE-5", "Sta2", ""},   {"AE-6", "Sta3", "Sta13"}, {"AE-7", "Sta6", ""}, {"AE-8", "Sta13", ""},
    {"DT-1", "Sta6", ""},   {"DT-2", "Sta6", ""},
    {"AR-1", "Sta7", ""},   {"AR-2", "Sta8", ""},   {"AR-3", "Sta1", ""},   {"AR-4", "Sta13", ""},
    {"AR-5", "Sta1", ""},   {"AR-6", "Sta7", ""},   {"AR-7", "Sta8", ""},   {"AR-8", "Sta9", "Sta10"},
    {"AR-9", "Sta11", ""},  {"AR-10", "Sta12", ""},
    {"AA-1", "Sta13", ""},  {"AA-2", "Sta1", ""},   {"AA-3", "Sta1", ""},   {"AA-4", "Sta1", ""},
    {"AA-5", "Sta1", ""},   {"AA-6", "Sta13", ""},  {"AA-7", "Sta13", ""},  {"AA-8", "Sta13", ""},
};

std::vector<std::string_view> cells(std::string_view row)
{
    std::vector<std::string_view> result;
    while (true) {
        auto bar = row.find('|');
        auto cell = row.substr(0, bar);
        auto first = cell.find_first_not_of(' ');
        auto last = cell.find_last_not_of(' ');
        result.push_back(first == std::string_view::npos ? std::string_view{} : cell.substr(first, last - first + 1));
        if (bar == std::string_view::npos)
            return result;
        row.remove_prefix(bar + 1);
    }
}

const ActionRow* find_action_row(std::string_view action_name)
{
    for (const ActionRow& row : tables_9_6_to_9_9)
        if (row.name == action_name)
            return &row;
    return nullptr;
}

State state_at(std::size_t column) { return static_cast<State>(column + 1); }
Event event_at(std::size_t row) { return static_cast<Event>(row + 1); }

TEST(UpperLayerTransitions, EveryStateEventPairIsTheCellOfTable9_10)
{
    ASSERT_EQ(std::size(table_9_10), event_count);
    std::size_t pairs = 0;
    std::size_t non_empty = 0;
    for (std::size_t e = 0; e < event_count; ++e) {
        auto row = cells(table_9_10[e]);
        ASSERT_EQ(row.size(), state_count) << "Evt" << e + 1;
        for (std::size_t s = 0; s < state_count; ++s) {
            ++pairs;
            const State state = state_at(s);
            const Event event = event_at(e);
            SCOPED_TRACE(std::string(name(state)) + " + " + std::string(name(event)));
            auto transition = find_transition(state, event);
            if (row[s].empty()) {
                EXPECT_FALSE(transition.has_value()) << "standard cell is empty, got " << name(transition->action);
                continue;
            }
            ++non_empty;
            if (!transition) {
                ADD_FAILURE() << "standard cell is " << row[s] << ", got none";
                continue;
            }
            EXPECT_EQ(transition->from, state);
            EXPECT_EQ(transition->event, event);
            EXPECT_EQ(name(transition->action), row[s]);
            const ActionRow* action_row = find_action_row(row[s]);
            if (action_row == nullptr) {
                ADD_FAILURE() << "no action " << row[s] << " in Tables 9-6 to 9-9";
                continue;
            }
            EXPECT_EQ(name(transition->to), action_row->next);
        }
    }
    EXPECT_EQ(pairs, 13u * 19u);
    EXPECT_EQ(non_empty, std::size(transitions));
}

TEST(UpperLayerTransitions, EveryActionHasTheNextStatesOfTables9_6To9_9)
{
    ASSERT_EQ(std::size(tables_9_6_to_9_9), action_count);
    for (std::size_t i = 0; i < action_count; ++i) {
        const auto action = static_cast<Action>(i);
        const ActionRow& expected = tables_9_6_to_9_9[i];
        SCOPED_TRACE(std::string(expected.name));
        EXPECT_EQ(name(action), expected.name);
        const Outcome& o = outcome(action);
        EXPECT_EQ(o.action, action);
        EXPECT_EQ(name(o.to), expected.next);
        if (expected.otherwise.empty()) {
            EXPECT_EQ(o.condition, Condition::None);
            EXPECT_EQ(o.otherwise, o.to);
        } else {
            EXPECT_NE(o.condition, Condition::None);
            EXPECT_EQ(name(o.otherwise), expected.otherwise);
        }
    }
}

TEST(UpperLayerTransitions, RowsAreTheStandardsCellsInItsOrder)
{
    // Each row is found again under its own pair, so no row is shadowed by a duplicate.
    for (std::size_t i = 0; i < std::size(transitions); ++i) {
        const Transition& row = transitions[i];
        auto found = find_transition(row.from, row.event);
        ASSERT_TRUE(found.has_value());
        EXPECT_EQ(found->action, row.action) << "row " << i;
        EXPECT_EQ(found->to, row.to) << "row " << i;
        if (i > 0) {
            const Transition& previous = transitions[i - 1];
            EXPECT_TRUE(previous.event < row.event || (previous.event == row.event && previous.from < row.from))
                << "row " << i;
        }
    }
}

TEST(UpperLayerTransitions, AssociateRequestGoesToSta3OnlyWhenAcceptable)
{
    auto transition = find_transition(State::Sta2, Event::AssociateRequestReceived);
    ASSERT_TRUE(transition.has_value());
    EXPECT_EQ(transition->action, Action::AE_6);
    EXPECT_EQ(outcome(Action::AE_6).condition, Condition::AssociateRequestAcceptable);
    EXPECT_EQ(next_state(*transition, Role::Acceptor, Acceptance::Acceptable), State::Sta3);
    EXPECT_EQ(next_state(*transition, Role::Acceptor, Acceptance::NotAcceptable), State::Sta13);
    // The role plays no part in AE-6.
    EXPECT_EQ(next_state(*transition, Role::Requestor, Acceptance::Acceptable), State::Sta3);
    EXPECT_EQ(next_state(*transition, Role::Requestor, Acceptance::NotAcceptable), State::Sta13);
}

TEST(UpperLayerTransitions, ReleaseCollisionGoesToSta9ForTheRequestorAndSta10ForTheAcceptor)
{
    auto transition = find_transition(State::Sta7, Event::ReleaseRequestReceived);
    ASSERT_TRUE(transition.has_value());
    EXPECT_EQ(transition->action, Action::AR_8);
    EXPECT_EQ(outcome(Action::AR_8).condition, Condition::AssociationRequestor);
    EXPECT_EQ(next_state(*transition, Role::Requestor, Acceptance::Acceptable), State::Sta9);
    EXPECT_EQ(next_state(*transition, Role::Acceptor, Acceptance::Acceptable), State::Sta10);
    // Acceptance plays no part in AR-8.
    EXPECT_EQ(next_state(*transition, Role::Requestor, Acceptance::NotAcceptable), State::Sta9);
    EXPECT_EQ(next_state(*transition, Role::Acceptor, Acceptance::NotAcceptable), State::Sta10);
}

TEST(UpperLayerTransitions, OnlyAe6AndAr8Branch)
{
    std::vector<Action> branching;
    for (const Transition& row : transitions) {
        bool same = true;
        for (Role role : {Role::Requestor, Role::Acceptor})
            for (Acceptance acceptance : {Acceptance::Acceptable, Acceptance::NotAcceptable})
                same = same && next_state(row, role, acceptance) == row.to;
        if (!same)
            branching.push_back(row.action);
    }
    EXPECT_EQ(branching, (std::vector<Action>{Action::AE_6, Action::AR_8}));
}

TEST(UpperLayerTransitions, PairsOutsideTheTableAreEmpty)
{
    EXPECT_FALSE(find_transition(static_cast<State>(0), Event::AssociateRequestLocal).has_value());
    EXPECT_FALSE(find_transition(static_cast<State>(14), Event::TransportClosed).has_value());
    EXPECT_FALSE(find_transition(State::Sta1, static_cast<Event>(0)).has_value());
    EXPECT_FALSE(find_transition(State::Sta13, static_cast<Event>(20)).has_value());
}

// find_transition and next_state are usable at compile time.
static_assert(find_transition(State::Sta1, Event::AssociateRequestLocal)->action == Action::AE_1);
static_assert(!find_transition(State::Sta1, Event::AbortRequestLocal).has_value());
static_assert(next_state(*find_transition(State::Sta7, Event::ReleaseRequestReceived), Role::Acceptor,
                         Acceptance::Acceptable) == State::Sta10);

struct Step {
    Event event;
    Action action;
    State state;
};

// Runs the steps from Sta1 and checks each action and next state.
void walk(Role role, Acceptance acceptance, std::initializer_list<Step> steps)
{
    State state = State::Sta1;
    for (const Step& step : steps) {
        SCOPED_TRACE(std::string(name(state)) + " + " + std::string(name(step.event)));
        auto transition = find_transition(state, step.event);
        ASSERT_TRUE(transition.has_value());
        EXPECT_EQ(name(transition->action), name(step.action));
        state = next_state(*transition, role, acceptance);
        EXPECT_EQ(name(state), name(step.state));
    }
}

TEST(UpperLayerTransitions, RequestorAssociatesTransfersAndReleases)
{
    walk(Role::Requestor, Acceptance::Acceptable,
         {
             {Event::AssociateRequestLocal, Action::AE_1, State::Sta4},
             {Event::TransportConnectConfirm, Action::AE_2, State::Sta5},
             {Event::AssociateAcceptReceived, Action::AE_3, State::Sta6},
             {Event::DataRequestLocal, Action::DT_1, State::Sta6},
             {Event::DataTransferReceived, Action::DT_2, State::Sta6},
             {Event::ReleaseRequestLocal, Action::AR_1, State::Sta7},
             {Event::DataTransferReceived, Action::AR_6, State::Sta7},
             {Event::ReleaseResponseReceived, Action::AR_3, State::Sta1},
         });
}

TEST(UpperLayerTransitions, AcceptorAssociatesTransfersAndReleases)
{
    walk(Role::Acceptor, Acceptance::Acceptable,
         {
             {Event::TransportConnectIndication, Action::AE_5, State::Sta2},
             {Event::AssociateRequestReceived, Action::AE_6, State::Sta3},
             {Event::AssociateResponseAcceptLocal, Action::AE_7, State::Sta6},
             {Event::DataTransferReceived, Action::DT_2, State::Sta6},
             {Event::ReleaseRequestReceived, Action::AR_2, State::Sta8},
             {Event::DataRequestLocal, Action::AR_7, State::Sta8},
             {Event::ReleaseResponseLocal, Action::AR_4, State::Sta13},
             {Event::TransportClosed, Action::AR_5, State::Sta1},
         });
}

TEST(UpperLayerTransitions, ServiceProviderRejectsAnUnacceptableRequest)
{
    walk(Role::Acceptor, Acceptance::NotAcceptable,
         {
             {Event::TransportConnectIndication, Action::AE_5, State::Sta2},
             {Event::AssociateRequestReceived, Action::AE_6, State::Sta13},
             {Event::ArtimExpired, Action::AA_2, State::Sta1},
         });
}

TEST(UpperLayerTransitions, UserRejectsAndRequestorIsTold)
{
    walk(Role::Acceptor, Acceptance::Acceptable,
         {
             {Event::TransportConnectIndication, Action::AE_5, State::Sta2},
             {Event::AssociateRequestReceived, Action::AE_6, State::Sta3},
             {Event::AssociateResponseRejectLocal, Action::AE_8, State::Sta13},
             {Event::TransportClosed, Action::AR_5, State::Sta1},
         });
    walk(Role::Requestor, Acceptance::Acceptable,
         {
             {Event::AssociateRequestLocal, Action::AE_1, State::Sta4},
             {Event::TransportConnectConfirm, Action::AE_2, State::Sta5},
             {Event::AssociateRejectReceived, Action::AE_4, State::Sta1},
         });
}

TEST(UpperLayerTransitions, ReleaseCollisionOnTheRequestorSide)
{
    walk(Role::Requestor, Acceptance::Acceptable,
         {
             {Event::AssociateRequestLocal, Action::AE_1, State::Sta4},
             {Event::TransportConnectConfirm, Action::AE_2, State::Sta5},
             {Event::AssociateAcceptReceived, Action::AE_3, State::Sta6},
             {Event::ReleaseRequestLocal, Action::AR_1, State::Sta7},
             {Event::ReleaseRequestReceived, Action::AR_8, State::Sta9},
             {Event::ReleaseResponseLocal, Action::AR_9, State::Sta11},
             {Event::ReleaseResponseReceived, Action::AR_3, State::Sta1},
         });
}

TEST(UpperLayerTransitions, ReleaseCollisionOnTheAcceptorSide)
{
    walk(Role::Acceptor, Acceptance::Acceptable,
         {
             {Event::TransportConnectIndication, Action::AE_5, State::Sta2},
             {Event::AssociateRequestReceived, Action::AE_6, State::Sta3},
             {Event::AssociateResponseAcceptLocal, Action::AE_7, State::Sta6},
             {Event::ReleaseRequestLocal, Action::AR_1, State::Sta7},
             {Event::ReleaseRequestReceived, Action::AR_8, State::Sta10},
             {Event::ReleaseResponseReceived, Action::AR_10, State::Sta12},
             {Event::ReleaseResponseLocal, Action::AR_4, State::Sta13},
             {Event::TransportClosed, Action::AR_5, State::Sta1},
         });
}

TEST(UpperLayerTransitions, AbortsEndInSta1)
{
    walk(Role::Requestor, Acceptance::Acceptable,
         {
             {Event::AssociateRequestLocal, Action::AE_1, State::Sta4},
             {Event::AbortRequestLocal, Action::AA_2, State::Sta1},
         });
    walk(Role::Requestor, Acceptance::Acceptable,
         {
             {Event::AssociateRequestLocal, Action::AE_1, State::Sta4},
             {Event::TransportConnectConfirm, Action::AE_2, State::Sta5},
             {Event::AssociateAcceptReceived, Action::AE_3, State::Sta6},
             {Event::UnrecognizedPdu, Action::AA_8, State::Sta13},
             {Event::DataTransferReceived, Action::AA_6, State::Sta13},
             {Event::AssociateRequestReceived, Action::AA_7, State::Sta13},
             {Event::AbortReceived, Action::AA_2, State::Sta1},
         });
    walk(Role::Acceptor, Acceptance::Acceptable,
         {
             {Event::TransportConnectIndication, Action::AE_5, State::Sta2},
             {Event::AssociateRequestReceived, Action::AE_6, State::Sta3},
             {Event::AssociateResponseAcceptLocal, Action::AE_7, State::Sta6},
             {Event::AbortReceived, Action::AA_3, State::Sta1},
         });
    walk(Role::Acceptor, Acceptance::Acceptable,
         {
             {Event::TransportConnectIndication, Action::AE_5, State::Sta2},
             {Event::TransportClosed, Action::AA_5, State::Sta1},
         });
}

}  // namespace
}  // namespace roentgen::net
