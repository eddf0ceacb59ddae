// cli/bulk_data_files.cpp — resolving dcm2json's file:// BulkDataURIs (ranges and element paths).
#include "cli/bulk_data_files.h"

#include <fmt/format.h>

#include <charconv>

#include "model/data_set.h"

namespace roentgen::cli {

namespace {

/// The number after `key=` in a query such as "offset=12&length=4".
std::optional<uint64_t> query_number(std::string_view query, std::string_view key)
{
    size_t at = 0;
    while (at <= query.size()) {
        size_t end = query.find('&', at);
        auto part = query.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
        if (part.size() > key.size() && part.starts_with(key) && part[key.size()] == '=') {
            auto digits = part.substr(key.size() + 1);
            uint64_t value = 0;
            auto [p, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
            if (error == std::errc() && p == digits.data() + digits.size())
                return value;
            return std::nullopt;
        }
        if (end == std::string_view::npos)
            break;
        at = end + 1;
    }
    return std::nullopt;
}

template <typename T> std::optional<T> parse_number(std::string_view text, int base)
{
    T value{};
    auto [p, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (error != std::errc() || p != text.data() + text.size() || text.empty())
        return std::nullopt;
    return value;
}

}  // namespace

std::string file_range_uri(const std::string& absolute_path, uint64_t offset, uint64_t length)
{
    return fmt::format("file://{}?offset={}&length={}", absolute_path, offset, length);
}

Result<BulkData> BulkDataFiles::resolve(std::string_view uri)
{
    if (!uri.starts_with("file://"))
        return make_error(Errc::Unsupported, fmt::format("BulkDataURI \"{}\": only file:// URIs are read", uri));
    auto rest = uri.substr(7);
    if (auto question = rest.find('?'); question != std::string_view::npos)
        return resolve_range(std::string(rest.substr(0, question)), rest.substr(question + 1));
    if (auto hash = rest.find('#'); hash != std::string_view::npos)
        return resolve_element(std::string(rest.substr(0, hash)), rest.substr(hash + 1));
    return make_error(Errc::InvalidArgument,
                      fmt::format("BulkDataURI \"{}\": expected ?offset=N&length=M or #element-path", uri));
}

Result<BulkData> BulkDataFiles::resolve_range(const std::string& path, std::string_view query)
{
    auto offset = query_number(query, "offset");
    auto length = query_number(query, "length");
    if (!offset || !length)
        return make_error(Errc::InvalidArgument,
                          fmt::format("BulkDataURI file://{}?{}: expected offset=N&length=M", path, query));
    auto& mapped = m_mapped[path];
    if (!mapped) {
        auto opened = MappedFile::open(path);
        if (!opened) {
            m_mapped.erase(path);
            return add_context(std::move(opened).error(), "BulkDataURI");
        }
        mapped = std::move(*opened);
    }
    if (*offset > mapped->size() || *length > mapped->size() - *offset)
        return make_error(Errc::Truncated, fmt::format("BulkDataURI file://{}?{}: the file has {} bytes", path, query,
                                                       mapped->size()));
    return BulkData(mapped, *offset, *length);
}

Result<BulkData> BulkDataFiles::resolve_element(const std::string& path, std::string_view fragment)
{
    auto found = m_files.find(path);
    if (found == m_files.end()) {
        auto file = read_part10_file(path, ReadOptions().with_unknown_vr(UnknownVR::UseDictionary));
        if (!file)
            return add_context(std::move(file).error(), "BulkDataURI");
        found = m_files.emplace(path, std::move(*file)).first;
    }
    auto fail = [&](std::string why) {
        return make_error(Errc::NotFound, fmt::format("BulkDataURI file://{}#{}: {}", path, fragment, why));
    };
    const DataSet* data_set = &found->second.data_set;
    std::string_view rest = fragment;
    while (true) {
        auto slash = rest.find('/');
        auto tag_value = parse_number<uint32_t>(rest.substr(0, slash), 16);
        if (!tag_value)
            return fail("not a tag path");
        Tag tag(uint16_t(*tag_value >> 16), uint16_t(*tag_value & 0xFFFF));
        const Element* element = (tag.group() == 0x0002 ? found->second.meta : *data_set).find(tag);
        if (!element)
            return fail(to_string(tag) + " is absent");
        if (slash == std::string_view::npos) {
            if (element->is_sequence() || element->is_fragments())
                return fail(to_string(tag) + " has no primitive value");
            auto bytes = element->bytes();
            if (bytes.size() != element->length()) {
                ROENTGEN_TRY(auto loaded, std::get<BulkData>(element->value).load());
                return BulkData::owned(std::move(loaded));
            }
            return BulkData::owned(std::vector<uint8_t>(bytes.begin(), bytes.end()));
        }
        rest = rest.substr(slash + 1);
        slash = rest.find('/');
        auto index = parse_number<size_t>(rest.substr(0, slash), 10);
        const Sequence* sequence = element->sequence();
        if (!index || slash == std::string_view::npos || !sequence || *index >= sequence->items.size())
            return fail("no such item of " + to_string(tag));
        data_set = &sequence->items[*index].data_set;
        rest = rest.substr(slash + 1);
    }
}

}  // namespace roentgen::cli
