// server/server_configuration.cpp — roentgen.toml over the defaults, single values, and the checks run at start.
#include "server/server_configuration.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "server/internal/config_checks.h"
#include "server/internal/config_keys.h"
#include "server/internal/config_values.h"

namespace roentgen::server {

namespace {

namespace fs = std::filesystem;
using internal::ConfigTable;

/// Problems found in one pass, reported together so one run shows every typo in the file.
class Problems {
public:
    void add(uint32_t line, std::string message) { m_problems.push_back({line, std::move(message)}); }
    bool empty() const { return m_problems.empty(); }
    /// One line per problem, in the file's order.
    std::string text()
    {
        std::stable_sort(m_problems.begin(), m_problems.end(),
                         [](const auto& a, const auto& b) { return a.line < b.line; });
        std::string joined;
        for (const auto& problem : m_problems)
            joined += (joined.empty() ? "" : "\n") + problem.message;
        return joined;
    }

private:
    struct Problem {
        uint32_t line;
        std::string message;
    };
    std::vector<Problem> m_problems;
};

std::string did_you_mean(std::string_view name, std::span<const std::string_view> candidates, std::string_view before,
                         std::string_view after)
{
    if (auto nearest = internal::nearest_name(name, candidates))
        return fmt::format(" (did you mean {}{}{}?)", before, *nearest, after);
    return {};
}

std::vector<std::string_view> table_names()
{
    std::vector<std::string_view> names;
    for (const auto& table : internal::configuration_tables())
        names.push_back(table.name);
    return names;
}

std::string table_list()
{
    std::string list;
    for (auto name : table_names())
        list += fmt::format("{}[{}]", list.empty() ? "" : ", ", name);
    return list;
}

// A key outside every table: say which table has it, if one does.
std::string stray_key_message(std::string_view key)
{
    for (const auto& table : internal::configuration_tables())
        if (internal::find_config_key(table, key))
            return fmt::format("{}: a key outside any table (did you mean [{}] {}?)", key, table.name, key);
    return fmt::format("{}: a key outside any table; settings go in {}", key, table_list());
}

void read_table(const ConfigTable& table, const toml::table& values, std::string_view name,
                ServerConfiguration& configuration, Problems& problems)
{
    std::vector<std::string_view> key_names;
    for (const auto& key : table.keys)
        key_names.push_back(key.name);
    for (auto&& [key, value] : values) {
        const auto where = [&](uint32_t line) {
            return fmt::format("{}:{}: [{}] {}", name, line, table.name, key.str());
        };
        const auto* known = internal::find_config_key(table, key.str());
        Result<void> read;
        if (known)
            read = known->read(value, configuration);
        else if (table.read_any)
            read = table.read_any(key.str(), value, configuration);
        if (known || table.read_any) {
            if (!read)
                problems.add(value.source().begin.line,
                             fmt::format("{}: {}", where(value.source().begin.line), read.error().message));
            continue;
        }
        problems.add(key.source().begin.line,
                     fmt::format("{}: unknown key{}; [{}] has {}", where(key.source().begin.line),
                                 did_you_mean(key.str(), key_names, "", ""), table.name, fmt::join(key_names, ", ")));
    }
}

} // namespace

Result<ServerConfiguration> parse_server_configuration(std::string_view toml, std::string_view name)
{
    toml::table root;
    try {
        root = toml::parse(toml, name);
    } catch (const toml::parse_error& failure) {
        return make_error(Errc::InvalidArgument, fmt::format("{}:{}:{}: {}", name, failure.source().begin.line,
                                                             failure.source().begin.column, failure.description()));
    }
    ServerConfiguration configuration;
    Problems problems;
    const auto names = table_names();
    for (auto&& [key, value] : root) {
        const uint32_t line = key.source().begin.line;
        const auto* table = internal::find_config_table(key.str());
        if (!value.is_table() && (!table || !value.is_array_of_tables())) {
            problems.add(line, fmt::format("{}:{}: {}", name, line, stray_key_message(key.str())));
        } else if (!table) {
            problems.add(line, fmt::format("{}:{}: [{}]: unknown table{}; the tables are {}", name, line, key.str(),
                                           did_you_mean(key.str(), names, "[", "]"), table_list()));
        } else if (!value.is_table()) {
            problems.add(line, fmt::format("{}:{}: [[{}]]: expected the table [{}], got an array of tables", name, line,
                                           key.str(), key.str()));
        } else {
            read_table(*table, *value.as_table(), name, configuration, problems);
        }
    }
    if (!problems.empty())
        return make_error(Errc::InvalidArgument, problems.text());
    return configuration;
}

std::vector<std::string> server_configuration_keys()
{
    std::vector<std::string> keys;
    for (const auto& table : internal::configuration_tables()) {
        if (table.read_any)
            keys.push_back(fmt::format("[{}] NAME", table.name));
        for (const auto& key : table.keys)
            keys.push_back(fmt::format("[{}] {}", table.name, key.name));
    }
    return keys;
}

Result<ServerConfiguration> read_server_configuration(const std::string& path)
{
    std::error_code error;
    if (!fs::exists(path, error))
        return make_error(Errc::NotFound, fmt::format("config file {}: no such file", path));
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    if (!file || !text)
        return make_error(Errc::Io, fmt::format("config file {}: cannot be read", path));
    return parse_server_configuration(text.str(), path);
}

Result<PeerAddress> parse_peer_address(std::string_view text)
{
    const auto invalid = [&](std::string_view what) {
        return make_error(Errc::InvalidArgument, fmt::format("\"{}\": {} (expected AE@host:port)", text, what));
    };
    const auto at = text.rfind('@');
    if (at == std::string_view::npos)
        return invalid("no '@'");
    PeerAddress peer;
    peer.ae_title = std::string(text.substr(0, at));
    if (auto valid = validate_ae_title(peer.ae_title); !valid)
        return add_context(std::move(valid).error(), fmt::format("\"{}\"", text));
    auto rest = text.substr(at + 1);
    std::string_view port_text;
    if (rest.starts_with('[')) {
        const auto close = rest.find(']');
        if (close == std::string_view::npos || close + 1 >= rest.size() || rest[close + 1] != ':')
            return invalid("a bracketed IPv6 host needs ']:port' after it");
        peer.host = std::string(rest.substr(1, close - 1));
        port_text = rest.substr(close + 2);
    } else {
        const auto colon = rest.rfind(':');
        if (colon == std::string_view::npos)
            return invalid("no ':port'");
        peer.host = std::string(rest.substr(0, colon));
        if (peer.host.find(':') != std::string::npos)
            return invalid("an IPv6 host goes in brackets, as AE@[::1]:104");
        port_text = rest.substr(colon + 1);
    }
    if (peer.host.empty())
        return invalid("no host");
    unsigned port = 0;
    const auto parsed = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (parsed.ec != std::errc() || parsed.ptr != port_text.data() + port_text.size() || port == 0 || port > 65535)
        return invalid(fmt::format("port '{}' is not 1-65535", port_text));
    peer.port = static_cast<uint16_t>(port);
    return peer;
}

Result<DuplicatePolicy> parse_duplicate_policy(std::string_view text)
{
    if (text == "keep")
        return DuplicatePolicy::Keep;
    if (text == "overwrite")
        return DuplicatePolicy::Overwrite;
    if (text == "reject")
        return DuplicatePolicy::Reject;
    return make_error(Errc::InvalidArgument,
                      fmt::format("expected \"keep\", \"overwrite\" or \"reject\", got \"{}\"", text));
}

Result<void> validate_ae_title(std::string_view ae_title)
{
    if (ae_title.empty() || ae_title.size() > 16)
        return make_error(Errc::InvalidArgument, fmt::format("expected an AE title of 1-16 characters, got \"{}\" ({})",
                                                             ae_title, ae_title.size()));
    // PS3.5 6.2: the default repertoire (G0 of ISO 646) without backslash and control characters.
    for (char c : ae_title)
        if (c < 0x20 || c > 0x7e || c == '\\')
            return make_error(
                Errc::InvalidArgument,
                fmt::format("AE title \"{}\" has a character that is not printable ASCII or is a backslash "
                            "(PS3.5 6.2)",
                            ae_title));
    if (ae_title.find_first_not_of(' ') == std::string_view::npos)
        return make_error(Errc::InvalidArgument, "an AE title of only spaces is not allowed (PS3.5 6.2)");
    return {};
}

Result<void> validate_index_url(std::string_view url)
{
    if (url == "sqlite" || url.starts_with("postgresql://") || url.starts_with("postgres://"))
        return {};
    if (url.starts_with("sqlite:") && url.size() > 7)
        return {};
    return make_error(
        Errc::InvalidArgument,
        fmt::format("expected \"sqlite\", \"sqlite:PATH\" or \"postgresql://user@host:port/db\", got \"{}\"", url));
}

} // namespace roentgen::server
