// server/internal/config_keys.h — the tables and keys of roentgen.toml, each bound to its ServerConfiguration member.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include <toml++/toml.h>

#include "base/result.h"
#include "server/server_configuration.h"

namespace roentgen::server::internal {

/// One key of a table. `read` stores its value in the configuration; its error says only what was
/// expected, the caller adds the file, line, table and key.
struct ConfigKey {
    std::string_view name;
    Result<void> (*read)(const toml::node& value, ServerConfiguration& configuration);
};

/// A table of the file: its fixed keys, or (for [peers]) `read_any`, which takes every key.
struct ConfigTable {
    std::string_view name;
    std::span<const ConfigKey> keys;
    Result<void> (*read_any)(std::string_view key, const toml::node& value,
                             ServerConfiguration& configuration) = nullptr;
};

/// Every table roentgen.toml may have, in the README's order.
std::span<const ConfigTable> configuration_tables();
const ConfigTable* find_config_table(std::string_view name);
const ConfigKey* find_config_key(const ConfigTable& table, std::string_view name);

/// The candidate a misspelt name is most likely a typo of (edit distance at most 2, or a third of
/// its length), for "did you mean …?".
std::optional<std::string_view> nearest_name(std::string_view name, std::span<const std::string_view> candidates);

} // namespace roentgen::server::internal
