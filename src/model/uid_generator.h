// model/uid_generator.h — new UIDs for objects Roentgen creates (a lossy transcode is a new instance).
#pragma once

#include <string>

namespace roentgen {

/// A new UID under the 2.25 root: "2.25." and a random 128-bit number in decimal (PS3.5 B.2, the
/// UUID-derived form, ISO/IEC 9834-8), at most 44 characters; thread-safe.
std::string generate_uid();

}  // namespace roentgen
