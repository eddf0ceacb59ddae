// net/upper_layer/state.cpp — names and definitions of the upper layer states (PS3.8 Tables 9-1 to 9-5).
#include "net/upper_layer/state.h"

#include <array>

#include "base/assert.h"

namespace roentgen::net {

namespace {

struct StateText {
    std::string_view name;
    std::string_view definition;
};

constexpr std::array<StateText, state_count> texts = {{
    // Table 9-1, No Association
    {"Sta1", "Idle"},
    // Table 9-2, Association Establishment
    {"Sta2", "Transport connection open (Awaiting A-ASSOCIATE-RQ PDU)"},
    {"Sta3", "Awaiting local A-ASSOCIATE response primitive (from local user)"},
    {"Sta4", "Awaiting transport connection opening to complete (from local transport service)"},
    {"Sta5", "Awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU"},
    // Table 9-3, Data Transfer
    {"Sta6", "Association established and ready for data transfer"},
    // Table 9-4, Association Release
    {"Sta7", "Awaiting A-RELEASE-RP PDU"},
    {"Sta8", "Awaiting local A-RELEASE response primitive (from local user)"},
    {"Sta9", "Release collision requestor side; awaiting A-RELEASE response (from local user)"},
    {"Sta10", "Release collision acceptor side; awaiting A-RELEASE-RP PDU"},
    {"Sta11", "Release collision requestor side; awaiting A-RELEASE-RP PDU"},
    {"Sta12", "Release collision acceptor side; awaiting A-RELEASE response primitive (from local user)"},
    // Table 9-5, Waiting for Transport Connection Close
    {"Sta13", "Awaiting Transport Connection Close Indication (Association no longer exists)"},
}};

const StateText& text(State state)
{
    auto index = static_cast<std::size_t>(state) - 1;
    ROENTGEN_ASSERT(index < texts.size());
    return texts[index];
}

}  // namespace

std::string_view describe(State state) { return text(state).definition; }

std::string_view name(State state) { return text(state).name; }

}  // namespace roentgen::net
