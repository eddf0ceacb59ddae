// base/assert.h — ROENTGEN_ASSERT: aborts on a broken invariant (a bug), in every build type.
#pragma once

namespace roentgen::detail {
[[noreturn]] void assertion_failed(const char* expression, const char* file, int line);
}

#define ROENTGEN_ASSERT(condition)                                                       \
    do {                                                                                 \
        if (!(condition)) [[unlikely]]                                                   \
            ::roentgen::detail::assertion_failed(#condition, __FILE__, __LINE__);        \
    } while (false)
