// net/upper_layer/event.cpp — names and definitions of the upper layer events (PS3.8 Table 9-10).
#include "net/upper_layer/event.h"

#include <array>

#include "base/assert.h"

namespace roentgen::net {

namespace {

struct EventText {
    std::string_view name;
    std::string_view definition;
};

constexpr std::array<EventText, event_count> texts = {{
    {"Evt1", "A-ASSOCIATE Request (local user)"},
    {"Evt2", "Transport Conn. Confirmed (local transport service)"},
    {"Evt3", "A-ASSOCIATE-AC PDU (received on transport connection)"},
    {"Evt4", "A-ASSOCIATE-RJ PDU (received on transport connection)"},
    {"Evt5", "Transport Connection Indication (local transport service)"},
    {"Evt6", "A-ASSOCIATE-RQ PDU (received on transport connection)"},
    {"Evt7", "A-ASSOCIATE response primitive (accept)"},
    {"Evt8", "A-ASSOCIATE response primitive (reject)"},
    {"Evt9", "P-DATA request primitive"},
    {"Evt10", "P-DATA-TF PDU"},
    {"Evt11", "A-RELEASE Request primitive"},
    {"Evt12", "A-RELEASE-RQ PDU (received on open transport connection)"},
    {"Evt13", "A-RELEASE-RP PDU (received on transport connection)"},
    {"Evt14", "A-RELEASE Response primitive"},
    {"Evt15", "A-ABORT Request primitive"},
    {"Evt16", "A-ABORT PDU (received on open transport connection)"},
    {"Evt17", "Transport connection closed indication (local transport service)"},
    {"Evt18", "ARTIM timer expired (Association reject/release timer)"},
    {"Evt19", "Unrecognized or invalid PDU received"},
}};

const EventText& text(Event event)
{
    auto index = static_cast<std::size_t>(event) - 1;
    ROENTGEN_ASSERT(index < texts.size());
    return texts[index];
}

}  // namespace

std::string_view describe(Event event) { return text(event).definition; }

std::string_view name(Event event) { return text(event).name; }

}  // namespace roentgen::net
