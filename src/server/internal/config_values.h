// server/internal/config_values.h — TOML values to typed settings; errors say what was expected and what was there.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "base/result.h"

namespace roentgen::server::internal {

/// A value as an error shows it: strings quoted, numbers and booleans as written, other kinds by name.
std::string describe_value(const toml::node& value);

// Each reader's error message is only "expected …, got …"; the caller adds file, line and key.
[[nodiscard]] Result<std::string> read_string(const toml::node& value);
[[nodiscard]] Result<bool> read_bool(const toml::node& value);
/// An integer in [minimum, maximum]; a float such as 8080.0 is the wrong type, not converted.
[[nodiscard]] Result<int64_t> read_integer(const toml::node& value, int64_t minimum, int64_t maximum);
[[nodiscard]] Result<std::vector<std::string>> read_string_array(const toml::node& value);

} // namespace roentgen::server::internal
