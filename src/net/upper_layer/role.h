// net/upper_layer/role.h — which end of an association the local AE is (PS3.8 7.1).
#pragma once

#include <cstdint>

namespace roentgen::net {

/// The association-requestor sent the A-ASSOCIATE-RQ; the association-acceptor received it (PS3.8 7.1.2). The
/// role is fixed for the association's life and decides where a release collision goes (AR-8, PS3.8 7.2.2).
enum class Role : uint8_t {
    Requestor,
    Acceptor,
};

}  // namespace roentgen::net
