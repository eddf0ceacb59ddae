// index/attribute_matching.cpp — PS3.4 C.2.2.2 matching rules, response identifiers and identifier checks.
#include "index/attribute_matching.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "dict/dictionary.h"
#include "dict/generated/tags.h"
#include "model/character_set.h"
#include "model/date_time.h"
#include "model/element_values.h"

namespace roentgen::index {

namespace {

/// What a comparison needs besides the two elements: how each side's text is encoded and the
/// timezone its DT values without an offset are in.
struct Context {
    CharacterSet key_charset;
    CharacterSet candidate_charset;
    std::optional<int16_t> key_offset;
    std::optional<int16_t> candidate_offset;
    PersonNameCase person_name_case = PersonNameCase::Insensitive;
};

std::string_view trim_spaces(std::string_view s)
{
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0'))
        s.remove_suffix(1);
    return s;
}

CharacterSet charset_of(const DataSet& data_set, const CharacterSet& inherited)
{
    const Element* element = data_set.find(tags::SpecificCharacterSet);
    if (element == nullptr)
        return inherited;
    // An unknown term: read the text as the default repertoire rather than refuse to match.
    auto charset = CharacterSet::from_value(element->raw_text());
    return charset ? *charset : CharacterSet();
}

/// Timezone Offset From UTC (0008,0201), "&ZZXX", in minutes east of UTC.
std::optional<int16_t> offset_of(const DataSet& data_set, std::optional<int16_t> inherited)
{
    const Element* element = data_set.find(tags::TimezoneOffsetFromUTC);
    if (element == nullptr)
        return inherited;
    std::string_view text = trim_spaces(element->raw_text());
    if (text.size() != 5 || (text[0] != '+' && text[0] != '-'))
        return inherited;
    for (size_t i = 1; i < 5; ++i)
        if (text[i] < '0' || text[i] > '9')
            return inherited;
    int hours = (text[1] - '0') * 10 + (text[2] - '0');
    int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (minutes > 59)
        return inherited;
    int total = hours * 60 + minutes;
    return int16_t(text[0] == '-' ? -total : total);
}

Context child_context(const Context& parent, const DataSet& key_item, const DataSet& candidate_item)
{
    Context child = parent;
    child.key_charset = charset_of(key_item, parent.key_charset);
    child.candidate_charset = charset_of(candidate_item, parent.candidate_charset);
    child.key_offset = offset_of(key_item, parent.key_offset);
    child.candidate_offset = offset_of(candidate_item, parent.candidate_offset);
    return child;
}

/// Elements of an identifier that are not matching keys (PS3.4 C.4.1.1.3, C.2.2.1).
bool is_matching_key(Tag tag)
{
    return tag.group() >= 0x0008 && !tag.is_group_length() && tag != tags::SpecificCharacterSet &&
           tag != tags::QueryRetrieveLevel && tag != tags::QueryRetrieveView && tag != tags::TimezoneOffsetFromUTC;
}

bool takes_wild_cards(VR vr)
{
    switch (vr) {
    case VR::AE:
    case VR::CS:
    case VR::LO:
    case VR::LT:
    case VR::PN:
    case VR::SH:
    case VR::ST:
    case VR::UC:
    case VR::UR:
    case VR::UT:
        return true;
    default:
        return false;
    }
}

bool has_wild_card(std::string_view text)
{
    return text.find_first_of("*?") != std::string_view::npos;
}

/// The non-empty values of a raw string value read as `vr`, decoded to UTF-8 for the VRs that use
/// the character set.
std::vector<std::string> text_values(std::string_view raw, VR vr, const CharacterSet& charset)
{
    std::string decoded;
    if (uses_character_set(vr)) {
        decoded = charset.decode(raw, vr);
        raw = decoded;
    }
    std::vector<std::string> values;
    for_each_string_value(raw, vr, [&](std::string_view value) {
        if (!value.empty())
            values.emplace_back(value);
    });
    return values;
}

size_t next_code_point(std::string_view text, size_t at)
{
    ++at;
    while (at < text.size() && (uint8_t(text[at]) & 0xC0) == 0x80)
        ++at;
    return at;
}

/// PS3.4 C.2.2.2.4 on UTF-8 text: '*' any run of characters, '?' one code point.
bool wild_card_match(std::string_view pattern, std::string_view text)
{
    size_t p = 0;
    size_t t = 0;
    size_t star_pattern = std::string_view::npos;
    size_t star_text = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star_pattern = ++p;
            star_text = t;
        } else if (p < pattern.size() && pattern[p] == '?') {
            ++p;
            t = next_code_point(text, t);
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (star_pattern != std::string_view::npos) {
            star_text = next_code_point(text, star_text);
            t = star_text;
            p = star_pattern;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

bool text_match(std::string_view key, std::string_view value, VR vr)
{
    if (takes_wild_cards(vr) && has_wild_card(key))
        return wild_card_match(key, value);
    return key == value;
}

/// A PN value without its empty trailing components and groups (PS3.5 6.2.1).
std::string normalize_person_name(std::string_view value, PersonNameCase name_case)
{
    std::vector<std::string_view> groups;
    while (true) {
        size_t eq = value.find('=');
        std::string_view group = value.substr(0, eq);
        while (!group.empty() && (group.back() == '^' || group.back() == ' '))
            group.remove_suffix(1);
        groups.push_back(group);
        if (eq == std::string_view::npos)
            break;
        value.remove_prefix(eq + 1);
    }
    while (groups.size() > 1 && groups.back().empty())
        groups.pop_back();
    std::string normalized;
    for (size_t i = 0; i < groups.size(); ++i) {
        if (i > 0)
            normalized += '=';
        normalized += groups[i];
    }
    if (name_case == PersonNameCase::Insensitive)
        std::transform(normalized.begin(), normalized.end(), normalized.begin(),
                       [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; });
    return normalized;
}

bool person_name_match(std::string_view key, std::string_view value, PersonNameCase name_case)
{
    std::string k = normalize_person_name(key, name_case);
    std::string v = normalize_person_name(value, name_case);
    if (text_match(k, v, VR::PN))
        return true;
    // A key of the alphabetic group alone also matches a name written in several groups.
    size_t eq = v.find('=');
    if (k.find('=') == std::string::npos && eq != std::string::npos)
        return text_match(k, std::string_view(v).substr(0, eq), VR::PN);
    return false;
}

void assume_offset(DateTime& value, std::optional<int16_t> offset)
{
    if (!value.utc_offset_minutes && offset)
        value.utc_offset_minutes = offset;
}

bool date_time_match(std::string_view key, std::string_view value, const Context& context)
{
    auto range = parse_date_time_range(key);
    if (!range)
        return key == value;
    auto candidate = parse_date_time(value);
    if (!candidate)
        return false;
    // A side without a timezone of its own is taken to be in the other side's (both local when
    // neither says): then equal local readings match.
    auto key_offset = context.key_offset ? context.key_offset : context.candidate_offset;
    auto candidate_offset = context.candidate_offset ? context.candidate_offset : context.key_offset;
    if (range->lower)
        assume_offset(*range->lower, key_offset);
    if (range->upper)
        assume_offset(*range->upper, key_offset);
    assume_offset(*candidate, candidate_offset);
    return contains(*range, *candidate, 0);
}

bool value_match(std::string_view key, std::string_view value, VR vr, const Context& context)
{
    switch (vr) {
    case VR::DA: {
        auto range = parse_date_range(key);
        if (!range)
            return key == value;
        auto date = parse_date(value);
        return date && contains(*range, *date);
    }
    case VR::TM: {
        auto range = parse_time_range(key);
        if (!range)
            return key == value;
        auto time = parse_time(value);
        return time && contains(*range, *time);
    }
    case VR::DT:
        return date_time_match(key, value, context);
    case VR::IS: {
        auto k = parse_integer_string(key);
        auto v = parse_integer_string(value);
        return k && v ? *k == *v : key == value;
    }
    case VR::DS: {
        auto k = parse_decimal_string(key);
        auto v = parse_decimal_string(value);
        return k && v ? *k == *v : key == value;
    }
    case VR::PN:
        return person_name_match(key, value, context.person_name_case);
    default:
        return text_match(key, value, vr);
    }
}

/// Binary VRs: a match when a value of the key equals a value of the candidate, byte for byte.
bool binary_match(const Element& key, const Element& candidate)
{
    auto k = key.bytes();
    auto c = candidate.bytes();
    size_t unit = value_size(key.vr);
    if (unit == 0 || k.size() % unit != 0 || c.size() % unit != 0)
        return k.size() == c.size() && std::equal(k.begin(), k.end(), c.begin());
    for (size_t i = 0; i < k.size(); i += unit)
        for (size_t j = 0; j < c.size(); j += unit)
            if (std::memcmp(k.data() + i, c.data() + j, unit) == 0)
                return true;
    return false;
}

bool match_keys(const DataSet& identifier, const DataSet& candidate, const Context& context);

bool sequence_match(const Element& key, const DataSet& candidate, const Context& context)
{
    static const DataSet empty;
    // An item whose keys are all universal matches an empty data set; such items constrain nothing.
    std::vector<const DataSet*> constraining;
    for (const Item& item : key.sequence()->items)
        if (!match_keys(item.data_set, empty, child_context(context, item.data_set, empty)))
            constraining.push_back(&item.data_set);
    if (constraining.empty())
        return true;
    const Element* element = candidate.find(key.tag);
    if (element == nullptr || element->sequence() == nullptr)
        return false;
    for (const DataSet* key_item : constraining)
        for (const Item& item : element->sequence()->items)
            if (match_keys(*key_item, item.data_set, child_context(context, *key_item, item.data_set)))
                return true;
    return false;
}

bool key_match(const Element& key, const DataSet& candidate, const Context& context)
{
    if (key.is_sequence())
        return sequence_match(key, candidate, context);
    if (key.is_fragments())
        return true;
    if (!is_string(key.vr)) {
        if (key.length() == 0)
            return true;
        const Element* element = candidate.find(key.tag);
        return element != nullptr && element->length() != 0 && binary_match(key, *element);
    }
    auto keys = text_values(key.raw_text(), key.vr, context.key_charset);
    if (keys.empty())
        return true;
    if (takes_wild_cards(key.vr) &&
        std::any_of(keys.begin(), keys.end(), [](const std::string& k) { return k.find_first_not_of('*') == k.npos; }))
        return true;
    const Element* element = candidate.find(key.tag);
    if (element == nullptr || element->is_sequence() || element->is_fragments())
        return false;
    // The candidate is read with the key's VR: a UN candidate still compares as the key says.
    auto values = text_values(element->raw_text(), key.vr, context.candidate_charset);
    for (const std::string& k : keys)
        for (const std::string& v : values)
            if (value_match(k, v, key.vr, context))
                return true;
    return false;
}

bool match_keys(const DataSet& identifier, const DataSet& candidate, const Context& context)
{
    for (const Element& key : identifier)
        if (is_matching_key(key.tag) && !key_match(key, candidate, context))
            return false;
    return true;
}

Element sequence_response(const Element& key, const Element* candidate)
{
    Sequence sequence;
    if (candidate != nullptr && candidate->sequence() != nullptr) {
        const auto& key_items = key.sequence()->items;
        if (key_items.empty() || key_items.front().data_set.empty()) {
            sequence = *candidate->sequence();
        } else {
            for (const Item& item : candidate->sequence()->items)
                sequence.items.push_back(
                    Item{response_for(key_items.front().data_set, item.data_set), item.length_encoding});
        }
    }
    return Element(key.tag, VR::SQ, Value(std::move(sequence)));
}

std::string label(Tag tag)
{
    const DictionaryEntry* entry = find_entry(tag);
    if (entry == nullptr)
        return to_string(tag);
    return fmt::format("{} {}", entry->keyword, to_string(tag));
}

Result<void> check_keys(const DataSet& identifier)
{
    for (const Element& key : identifier) {
        if (!is_matching_key(key.tag))
            continue;
        if (key.is_sequence()) {
            const auto& items = key.sequence()->items;
            if (items.size() > 1)
                return make_error(Errc::InvalidArgument,
                                  fmt::format("{}: a sequence key holds at most one item, not {} (PS3.4 C.2.2.2.6)",
                                              label(key.tag), items.size()));
            for (const Item& item : items) {
                if (auto checked = check_keys(item.data_set); !checked)
                    return add_context(std::move(checked).error(), label(key.tag));
            }
            continue;
        }
        if (!is_string(key.vr))
            continue;
        for (std::string_view value : string_values(key)) {
            if (value.empty())
                continue;
            std::optional<Error> error;
            if (key.vr == VR::DA) {
                if (auto range = parse_date_range(value); !range)
                    error = range.error();
            } else if (key.vr == VR::TM) {
                if (auto range = parse_time_range(value); !range)
                    error = range.error();
            } else if (key.vr == VR::DT) {
                if (auto range = parse_date_time_range(value); !range)
                    error = range.error();
            } else if (key.vr == VR::UI && has_wild_card(value)) {
                return make_error(Errc::InvalidArgument,
                                  fmt::format("{}: \"{}\" has a wild card, which UI keys do not take (PS3.4 C.2.2.2.4)",
                                              label(key.tag), value));
            }
            if (error) {
                error->code = Errc::InvalidArgument;
                return add_context(std::move(*error), label(key.tag));
            }
        }
    }
    return {};
}

} // namespace

bool matches(const Element& key, const DataSet& candidate, const MatchOptions& options)
{
    Context context;
    context.candidate_charset = charset_of(candidate, CharacterSet());
    context.key_charset = context.candidate_charset;
    context.candidate_offset = offset_of(candidate, std::nullopt);
    context.person_name_case = options.person_name_case;
    return key_match(key, candidate, context);
}

bool matches_all(const DataSet& identifier, const DataSet& candidate, const MatchOptions& options)
{
    Context context;
    context.key_charset = charset_of(identifier, CharacterSet());
    context.candidate_charset = charset_of(candidate, CharacterSet());
    context.key_offset = offset_of(identifier, std::nullopt);
    context.candidate_offset = offset_of(candidate, std::nullopt);
    context.person_name_case = options.person_name_case;
    return match_keys(identifier, candidate, context);
}

DataSet response_for(const DataSet& identifier, const DataSet& candidate)
{
    DataSet response;
    response.reserve(identifier.size() + 1);
    for (const Element& key : identifier) {
        if (key.tag.group() < 0x0008 || key.tag.is_group_length() || key.tag == tags::SpecificCharacterSet)
            continue;
        if (key.tag == tags::QueryRetrieveLevel) {
            response.append(key);
            continue;
        }
        const Element* element = candidate.find(key.tag);
        if (key.is_sequence())
            response.append(sequence_response(key, element));
        else if (element != nullptr)
            response.append(*element);
        else
            response.append(Element(key.tag, key.vr, std::string()));
    }
    if (const Element* charset = candidate.find(tags::SpecificCharacterSet))
        response.set(*charset);
    return response;
}

Result<QueryLevel> validate_identifier(const DataSet& identifier)
{
    const Element* level = identifier.find(tags::QueryRetrieveLevel);
    if (level == nullptr)
        return make_error(Errc::InvalidArgument, "QueryRetrieveLevel (0008,0052) is missing");
    auto values = string_values(*level);
    if (values.empty())
        return make_error(Errc::InvalidArgument, "QueryRetrieveLevel (0008,0052) is empty");
    if (values.size() > 1)
        return make_error(Errc::InvalidArgument,
                          fmt::format("QueryRetrieveLevel (0008,0052) has {} values; it takes one", values.size()));
    auto parsed = parse_query_level(values.front());
    if (!parsed)
        return make_error(Errc::InvalidArgument,
                          fmt::format("QueryRetrieveLevel (0008,0052) \"{}\" is not PATIENT, STUDY, SERIES or IMAGE",
                                      values.front()));
    ROENTGEN_TRY(check_keys(identifier));
    return *parsed;
}

} // namespace roentgen::index
