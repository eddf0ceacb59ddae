// net/upper_layer/action.cpp — names and definitions of the upper layer actions (PS3.8 Tables 9-6 to 9-9).
#include "net/upper_layer/action.h"

#include <array>

namespace roentgen::net {

namespace {

struct ActionText {
    std::string_view name;
    std::string_view definition;
};

constexpr std::array<ActionText, action_count> texts = {{
    // Table 9-6
    {"AE-1", "Issue TRANSPORT CONNECT request primitive to local transport service"},
    {"AE-2", "Send A-ASSOCIATE-RQ-PDU"},
    {"AE-3", "Issue A-ASSOCIATE confirmation (accept) primitive"},
    {"AE-4", "Issue A-ASSOCIATE confirmation (reject) primitive and close transport connection"},
    {"AE-5", "Issue Transport connection response primitive; start ARTIM timer"},
    {"AE-6", "Stop ARTIM timer and if A-ASSOCIATE-RQ acceptable by service-provider: issue A-ASSOCIATE indication "
             "primitive, next state is Sta3; otherwise: issue A-ASSOCIATE-RJ-PDU and start ARTIM timer, next state "
             "is Sta13"},
    {"AE-7", "Send A-ASSOCIATE-AC PDU"},
    {"AE-8", "Send A-ASSOCIATE-RJ PDU and start ARTIM timer"},
    // Table 9-7
    {"DT-1", "Send P-DATA-TF PDU"},
    {"DT-2", "Send P-DATA indication primitive"},
    // Table 9-8
    {"AR-1", "Send A-RELEASE-RQ PDU"},
    {"AR-2", "Issue A-RELEASE indication primitive"},
    {"AR-3", "Issue A-RELEASE confirmation primitive, and close transport connection"},
    {"AR-4", "Issue A-RELEASE-RP PDU and start ARTIM timer"},
    {"AR-5", "Stop ARTIM timer"},
    {"AR-6", "Issue P-DATA indication"},
    {"AR-7", "Issue P-DATA-TF PDU"},
    {"AR-8", "Issue A-RELEASE indication (release collision): if association-requestor, next state is Sta9; if not, "
             "next state is Sta10"},
    {"AR-9", "Send A-RELEASE-RP PDU"},
    {"AR-10", "Issue A-RELEASE confirmation primitive"},
    // Table 9-9
    {"AA-1", "Send A-ABORT PDU (service-user source) and start (or restart if already started) ARTIM timer"},
    {"AA-2", "Stop ARTIM timer if running. Close transport connection"},
    {"AA-3", "If (service-user initiated abort): issue A-ABORT indication and close transport connection; otherwise "
             "(service-provider initiated abort): issue A-P-ABORT indication and close transport connection"},
    {"AA-4", "Issue A-P-ABORT indication primitive"},
    {"AA-5", "Stop ARTIM timer"},
    {"AA-6", "Ignore PDU"},
    {"AA-7", "Send A-ABORT PDU"},
    {"AA-8", "Send A-ABORT PDU (service-provider source), issue an A-P-ABORT indication, and start ARTIM timer"},
}};

const ActionText& text(Action action)
{
    auto index = static_cast<std::size_t>(action);
    ROENTGEN_ASSERT(index < texts.size());
    return texts[index];
}

}  // namespace

std::string_view describe(Action action) { return text(action).definition; }

std::string_view name(Action action) { return text(action).name; }

}  // namespace roentgen::net
