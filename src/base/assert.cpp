// base/assert.cpp — reports a failed ROENTGEN_ASSERT and aborts.
#include "base/assert.h"

#include <cstdio>
#include <cstdlib>

namespace roentgen::detail {

void assertion_failed(const char* expression, const char* file, int line)
{
    std::fprintf(stderr, "roentgen: assertion failed: %s (%s:%d)\n", expression, file, line);
    std::abort();
}

}  // namespace roentgen::detail
