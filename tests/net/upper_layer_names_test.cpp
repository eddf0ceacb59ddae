// tests/net/upper_layer_names_test.cpp — upper layer states, events and actions: values, names and the standard's words.
#include <gtest/gtest.h>

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

#include "net/upper_layer/action.h"
#include "net/upper_layer/event.h"
#include "net/upper_layer/state.h"

namespace roentgen::net {
namespace {

TEST(UpperLayerNames, EventValuesAreTheirEvtNumbers)
{
    struct Expected {
        Event event;
        int number;
    };
    constexpr Expected expected[] = {
        {Event::AssociateRequestLocal, 1},         {Event::TransportConnectConfirm, 2},
        {Event::AssociateAcceptReceived, 3},       {Event::AssociateRejectReceived, 4},
        {Event::TransportConnectIndication, 5},    {Event::AssociateRequestReceived, 6},
        {Event::AssociateResponseAcceptLocal, 7},  {Event::AssociateResponseRejectLocal, 8},
        {Event::DataRequestLocal, 9},              {Event::DataTransferReceived, 10},
        {Event::ReleaseRequestLocal, 11},          {Event::ReleaseRequestReceived, 12},
        {Event::ReleaseResponseReceived, 13},      {Event::ReleaseResponseLocal, 14},
        {Event::AbortRequestLocal, 15},            {Event::AbortReceived, 16},
        {Event::TransportClosed, 17},              {Event::ArtimExpired, 18},
        {Event::UnrecognizedPdu, 19},
    };
    ASSERT_EQ(std::size(expected), event_count);
    for (const Expected& e : expected) {
        EXPECT_EQ(static_cast<int>(e.event), e.number);
        EXPECT_EQ(name(e.event), "Evt" + std::to_string(e.number));
    }
}

TEST(UpperLayerNames, StateValuesAreTheirStaNumbers)
{
    EXPECT_EQ(static_cast<int>(State::Sta1), 1);
    EXPECT_EQ(static_cast<int>(State::Sta13), 13);
    for (int n = 1; n <= 13; ++n)
        EXPECT_EQ(name(static_cast<State>(n)), "Sta" + std::to_string(n));
}

TEST(UpperLayerNames, EveryValueHasADistinctDescription)
{
    std::set<std::string_view> states;
    for (std::size_t n = 1; n <= state_count; ++n) {
        auto text = describe(static_cast<State>(n));
        EXPECT_FALSE(text.empty()) << "Sta" << n;
        states.insert(text);
    }
    EXPECT_EQ(states.size(), state_count);

    std::set<std::string_view> events;
    for (std::size_t n = 1; n <= event_count; ++n) {
        auto text = describe(static_cast<Event>(n));
        EXPECT_FALSE(text.empty()) << "Evt" << n;
        events.insert(text);
    }
    EXPECT_EQ(events.size(), event_count);

    // AR-5 and AA-5 are both "Stop ARTIM timer" in the standard, so action descriptions are only non-empty.
    for (std::size_t i = 0; i < action_count; ++i)
        EXPECT_FALSE(describe(static_cast<Action>(i)).empty()) << name(static_cast<Action>(i));
}

TEST(UpperLayerNames, DescriptionsUseTheStandardsWords)
{
    EXPECT_EQ(describe(State::Sta1), "Idle");
    EXPECT_EQ(describe(State::Sta6), "Association established and ready for data transfer");
    EXPECT_EQ(describe(State::Sta13), "Awaiting Transport Connection Close Indication (Association no longer exists)");
    EXPECT_EQ(describe(Event::AssociateRequestLocal), "A-ASSOCIATE Request (local user)");
    EXPECT_EQ(describe(Event::ArtimExpired), "ARTIM timer expired (Association reject/release timer)");
    EXPECT_EQ(describe(Event::UnrecognizedPdu), "Unrecognized or invalid PDU received");
    EXPECT_EQ(describe(Action::AE_1), "Issue TRANSPORT CONNECT request primitive to local transport service");
    EXPECT_EQ(describe(Action::AR_5), describe(Action::AA_5));
    EXPECT_EQ(describe(Action::AA_6), "Ignore PDU");
}

TEST(UpperLayerNames, ConditionalActionsSayWhereTheyBranch)
{
    auto ae_6 = describe(Action::AE_6);
    EXPECT_NE(ae_6.find("acceptable"), std::string_view::npos);
    EXPECT_NE(ae_6.find("Sta3"), std::string_view::npos);
    EXPECT_NE(ae_6.find("Sta13"), std::string_view::npos);
    auto ar_8 = describe(Action::AR_8);
    EXPECT_NE(ar_8.find("association-requestor"), std::string_view::npos);
    EXPECT_NE(ar_8.find("Sta9"), std::string_view::npos);
    EXPECT_NE(ar_8.find("Sta10"), std::string_view::npos);
}

TEST(UpperLayerNames, ActionNamesAreSpelledWithAHyphen)
{
    EXPECT_EQ(name(Action::AE_1), "AE-1");
    EXPECT_EQ(name(Action::AE_8), "AE-8");
    EXPECT_EQ(name(Action::DT_1), "DT-1");
    EXPECT_EQ(name(Action::DT_2), "DT-2");
    EXPECT_EQ(name(Action::AR_1), "AR-1");
    EXPECT_EQ(name(Action::AR_10), "AR-10");
    EXPECT_EQ(name(Action::AA_1), "AA-1");
    EXPECT_EQ(name(Action::AA_8), "AA-8");
}

}  // namespace
}  // namespace roentgen::net
