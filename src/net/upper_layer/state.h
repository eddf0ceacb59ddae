// net/upper_layer/state.h — the thirteen states of the DICOM upper layer state machine (PS3.8 9.2.1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace roentgen::net {

/// The states of PS3.8 Tables 9-1 to 9-5, numbered as the standard numbers them. Sta1 is the start and the
/// end of every association; Sta2 and Sta3 occur only on the acceptor side, Sta4 and Sta5 only on the requestor
/// side, Sta9 to Sta12 only during a release collision (PS3.8 7.2.2).
enum class State : uint8_t {
    Sta1 = 1,
    Sta2,
    Sta3,
    Sta4,
    Sta5,
    Sta6,
    Sta7,
    Sta8,
    Sta9,
    Sta10,
    Sta11,
    Sta12,
    Sta13,
};

/// How many states there are: Sta1 to Sta13.
inline constexpr std::size_t state_count = 13;

/// The definition PS3.8 Tables 9-1 to 9-5 give the state, e.g. "Idle" for Sta1.
std::string_view describe(State state);
/// "Sta1" … "Sta13", as PS3.8 Table 9-10 heads its columns.
std::string_view name(State state);

}  // namespace roentgen::net
