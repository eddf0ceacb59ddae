// server/internal/config_checks.h — checks of single settings, shared by the file reader and validation.
#pragma once

#include <string_view>

#include "base/result.h"

namespace roentgen::server::internal {

/// "debug", "info", "warning" or "error".
[[nodiscard]] Result<void> check_log_level(std::string_view level);
/// Empty (store as received), or a transfer syntax UID, keyword or short name that
/// `roentgen transcode --to` knows (find_transfer_syntax_by_name).
[[nodiscard]] Result<void> check_transfer_syntax_name(std::string_view name);
/// An [dimse] allowed_peers entry: `AE` or `AE@host`.
[[nodiscard]] Result<void> check_allowed_peer(std::string_view entry);

} // namespace roentgen::server::internal
