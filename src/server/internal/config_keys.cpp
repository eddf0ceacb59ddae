// server/internal/config_keys.cpp — the tables and keys of roentgen.toml, each bound to its ServerConfiguration member.
#include "server/internal/config_keys.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include <fmt/format.h>

#include "server/internal/config_checks.h"
#include "server/internal/config_values.h"

namespace roentgen::server::internal {

namespace {

using Configuration = ServerConfiguration;

template <auto Member> Result<void> any_text(const toml::node& value, Configuration& configuration)
{
    ROENTGEN_TRY(configuration.*Member, read_string(value));
    return {};
}

template <auto Member> Result<void> non_empty_text(const toml::node& value, Configuration& configuration)
{
    ROENTGEN_TRY(auto text, read_string(value));
    if (text.empty())
        return make_error(Errc::InvalidArgument, "expected a non-empty string, got \"\"");
    configuration.*Member = std::move(text);
    return {};
}

template <auto Member> Result<void> flag(const toml::node& value, Configuration& configuration)
{
    ROENTGEN_TRY(configuration.*Member, read_bool(value));
    return {};
}

template <auto Member, int64_t Minimum, int64_t Maximum>
Result<void> integer(const toml::node& value, Configuration& configuration)
{
    ROENTGEN_TRY(auto number, read_integer(value, Minimum, Maximum));
    using Target = std::remove_reference_t<decltype(configuration.*Member)>;
    configuration.*Member = static_cast<Target>(number);
    return {};
}

template <auto Member, int64_t Minimum, int64_t Maximum>
Result<void> seconds(const toml::node& value, Configuration& configuration)
{
    ROENTGEN_TRY(auto number, read_integer(value, Minimum, Maximum));
    configuration.*Member = std::chrono::seconds(number);
    return {};
}

Result<void> ae_title(const toml::node& value, Configuration& configuration)
{
    ROENTGEN_TRY(auto text, read_string(value));
    ROENTGEN_TRY(validate_ae_title(text));
    configuration.ae_title = std::move(text);
    return {};
}

Result<void> allowed_peers(const toml::node& value, Configuration& configuration)
{
    ROENTGEN_TRY(auto entries, read_string_array(value));
    for (const auto& entry : entries)
        ROENTGEN_TRY(check_allowed_peer(entry));
    configuration.allowed_peers = std::move(entries);
    return {};
}

Result<void> duplicates(const toml::node& value, Configuration& configuration)
{
    ROENTGEN_TRY(auto text, read_string(value));
    ROENTGEN_TRY(configuration.duplicates, parse_duplicate_policy(text));
    return {};
}

Result<void> transcode_to(const toml::node& value, Configuration& configuration)
{
    ROENTGEN_TRY(auto text, read_string(value));
    ROENTGEN_TRY(check_transfer_syntax_name(text));
    configuration.transcode_to = std::move(text);
    return {};
}

Result<void> index_url(const toml::node& value, Configuration& configuration)
{
    ROENTGEN_TRY(auto text, read_string(value));
    ROENTGEN_TRY(validate_index_url(text));
    configuration.index = std::move(text);
    return {};
}

Result<void> log_level(const toml::node& value, Configuration& configuration)
{
    ROENTGEN_TRY(auto text, read_string(value));
    ROENTGEN_TRY(check_log_level(text));
    configuration.log_level = std::move(text);
    return {};
}

// [peers] NAME = "AE@host:port": the name is a label for people; the server looks peers up by AE title.
Result<void> peer(std::string_view, const toml::node& value, Configuration& configuration)
{
    ROENTGEN_TRY(auto text, read_string(value));
    ROENTGEN_TRY(auto address, parse_peer_address(text));
    if (configuration.peers.contains(address.ae_title))
        return make_error(Errc::InvalidArgument,
                          fmt::format("AE title {} is given to two peers; a C-MOVE destination must be one address",
                                      address.ae_title));
    auto title = address.ae_title;
    configuration.peers.emplace(std::move(title), std::move(address));
    return {};
}

constexpr int64_t maximum_port = 65535;

constexpr std::array server_keys{
    ConfigKey{"ae_title", ae_title},
    ConfigKey{"data", non_empty_text<&Configuration::data_directory>},
};
constexpr std::array dimse_keys{
    ConfigKey{"host", non_empty_text<&Configuration::dimse_host>},
    ConfigKey{"port", integer<&Configuration::dimse_port, 0, maximum_port>},
    ConfigKey{"max_associations", integer<&Configuration::maximum_associations, 1, 10'000>},
    // PS3.8 D.1: the largest P-DATA-TF PDU we receive; 0 ("unlimited") is not offered.
    ConfigKey{"max_pdu_length", integer<&Configuration::maximum_pdu_length, 4096, 1 << 30>},
    ConfigKey{"artim_timeout", seconds<&Configuration::artim_timeout, 1, 3600>},
    ConfigKey{"idle_timeout", seconds<&Configuration::idle_timeout, 1, 86'400>},
    ConfigKey{"check_called_ae_title", flag<&Configuration::check_called_ae_title>},
    ConfigKey{"allowed_peers", allowed_peers},
    ConfigKey{"tls_certificate", any_text<&Configuration::tls_certificate>},
    ConfigKey{"tls_key", any_text<&Configuration::tls_key>},
    ConfigKey{"tls_ca", any_text<&Configuration::tls_ca>},
    ConfigKey{"tls_require_client_certificate", flag<&Configuration::tls_require_client_certificate>},
};
constexpr std::array http_keys{
    ConfigKey{"host", non_empty_text<&Configuration::http_host>},
    ConfigKey{"port", integer<&Configuration::http_port, 0, maximum_port>},
};
constexpr std::array storage_keys{
    ConfigKey{"duplicates", duplicates},
    ConfigKey{"fsync", flag<&Configuration::fsync>},
    ConfigKey{"transcode_to", transcode_to},
};
constexpr std::array index_keys{
    ConfigKey{"url", index_url},
    ConfigKey{"connections", integer<&Configuration::index_connections, 1, 1024>},
};
constexpr std::array query_keys{
    ConfigKey{"case_insensitive_names", flag<&Configuration::person_name_case_insensitive>},
};
constexpr std::array storage_commitment_keys{
    ConfigKey{"report_on_new_association", flag<&Configuration::commitment_report_on_new_association>},
};
constexpr std::array log_keys{
    ConfigKey{"level", log_level},
};

constexpr std::array tables{
    ConfigTable{"server", server_keys},
    ConfigTable{"dimse", dimse_keys},
    ConfigTable{"http", http_keys},
    ConfigTable{"storage", storage_keys},
    ConfigTable{"index", index_keys},
    ConfigTable{"query", query_keys},
    ConfigTable{"storage_commitment", storage_commitment_keys},
    ConfigTable{"peers", {}, peer},
    ConfigTable{"log", log_keys},
};

// Optimal string alignment distance, case ignored: a swapped pair ("prot") counts as one edit.
size_t edit_distance(std::string_view a, std::string_view b)
{
    const auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i)
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

} // namespace

std::span<const ConfigTable> configuration_tables()
{
    return tables;
}

const ConfigTable* find_config_table(std::string_view name)
{
    for (const auto& table : tables)
        if (table.name == name)
            return &table;
    return nullptr;
}

const ConfigKey* find_config_key(const ConfigTable& table, std::string_view name)
{
    for (const auto& key : table.keys)
        if (key.name == name)
            return &key;
    return nullptr;
}

std::optional<std::string_view> nearest_name(std::string_view name, std::span<const std::string_view> candidates)
{
    const size_t allowed = std::clamp<size_t>(name.size() / 3, 1, 2);
    std::optional<std::string_view> best;
    size_t best_distance = allowed + 1;
    for (auto candidate : candidates)
        if (const auto distance = edit_distance(name, candidate); distance < best_distance) {
            best = candidate;
            best_distance = distance;
        }
    return best;
}

} // namespace roentgen::server::internal
