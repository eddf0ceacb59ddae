// encoding/read_warning.h — a tolerated fault in input (odd length, VR mismatch, …) and where it was.
#pragma once

#include <cstdint>
#include <string>

#include "dict/tag.h"

namespace roentgen {

struct ReadWarning {
    uint64_t offset = 0;  ///< Byte offset in the file (or in the inflated data set for deflate).
    Tag tag;
    std::string message;
};

}  // namespace roentgen
