// server/internal/config_checks.cpp — checks of single settings, shared by the file reader and validation.
#include "server/internal/config_checks.h"

#include <array>

#include <fmt/format.h>

#include "pixel/transcode.h"
#include "server/server_configuration.h"

namespace roentgen::server::internal {

Result<void> check_log_level(std::string_view level)
{
    constexpr std::array<std::string_view, 4> levels{"debug", "info", "warning", "error"};
    for (auto known : levels)
        if (level == known)
            return {};
    return make_error(Errc::InvalidArgument,
                      fmt::format("expected \"debug\", \"info\", \"warning\" or \"error\", got \"{}\"", level));
}

Result<void> check_transfer_syntax_name(std::string_view name)
{
    if (name.empty() || find_transfer_syntax_by_name(name))
        return {};
    return make_error(Errc::InvalidArgument,
                      fmt::format("\"{}\" is not a transfer syntax UID, keyword (JPEGLSLossless) or short name "
                                  "(explicit, jpeg-ls, j2k, htj2k, …; see roentgen transcode --help)",
                                  name));
}

Result<void> check_allowed_peer(std::string_view entry)
{
    const auto at = entry.rfind('@');
    const auto ae_title = entry.substr(0, at);
    if (auto valid = validate_ae_title(ae_title); !valid)
        return add_context(std::move(valid).error(), fmt::format("\"{}\"", entry));
    if (at != std::string_view::npos && at + 1 == entry.size())
        return make_error(Errc::InvalidArgument,
                          fmt::format("\"{}\": no host after '@' (expected AE or AE@host)", entry));
    return {};
}

} // namespace roentgen::server::internal
