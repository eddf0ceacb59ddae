// model/value_text.cpp — parsing typed text into raw value bytes.
#include "model/value_text.h"

#include <charconv>
#include <cmath>

#include "model/element_values.h"

namespace roentgen {

namespace {

std::vector<std::string_view> split(std::string_view text)
{
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
        size_t pos = text.find('\\', start);
        parts.push_back(text.substr(start, pos == text.npos ? text.npos : pos - start));
        if (pos == text.npos)
            return parts;
        start = pos + 1;
    }
}

int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

}  // namespace

Result<std::string> value_from_text(VR vr, std::string_view text, const CharacterSet& charset)
{
    std::string name(vr_name(vr));
    if (vr == VR::SQ)
        return make_error(Errc::InvalidArgument, "a sequence cannot be set from text");
    if (is_string(vr)) {
        if (vr == VR::IS || vr == VR::DS) {
            for (auto part : split(text)) {
                if (part.empty())
                    continue;
                if (vr == VR::IS) {
                    int64_t v = 0;
                    auto p = part.front() == '+' ? part.substr(1) : part;
                    auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
                    if (ec != std::errc() || ptr != p.data() + p.size() || part.size() > 12)
                        return make_error(Errc::InvalidArgument, "\"" + std::string(part) + "\" is not a valid IS");
                } else {
                    ROENTGEN_TRY(parse_decimal_string(part));
                    if (part.size() > 16)
                        return make_error(Errc::InvalidArgument,
                                          "\"" + std::string(part) + "\" is longer than 16 characters (DS, PS3.5 6.2)");
                }
            }
        }
        std::string raw;
        if (uses_character_set(vr)) {
            ROENTGEN_TRY(raw, charset.encode(text, vr));
        } else {
            raw = std::string(text);
        }
        if (raw.size() % 2)
            raw.push_back(padding_byte(vr));
        return raw;
    }
    if (vr == VR::AT) {
        std::vector<int64_t> tags;
        for (auto part : split(text)) {
            auto tag = parse_tag(part);
            if (!tag)
                return make_error(Errc::InvalidArgument, "\"" + std::string(part) + "\" is not a tag");
            tags.push_back(tag->value);
        }
        return encode_integers(VR::AT, tags);
    }
    if (vr == VR::FL || vr == VR::FD || vr == VR::OF || vr == VR::OD) {
        std::vector<double> values;
        for (auto part : split(text)) {
            ROENTGEN_TRY(auto v, parse_decimal_string(part));
            values.push_back(v);
        }
        return encode_floats(vr, values);
    }
    if (value_size(vr) != 0) {
        std::vector<int64_t> values;
        for (auto part : split(text)) {
            int64_t v = 0;
            auto p = part.size() && part.front() == '+' ? part.substr(1) : part;
            auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
            if (p.empty() || ec != std::errc() || ptr != p.data() + p.size())
                return make_error(Errc::InvalidArgument, "\"" + std::string(part) + "\" is not an integer for " + name);
            values.push_back(v);
        }
        return encode_integers(vr, values);
    }
    // OB, OW, OL, OV, UN: hex digits, any separators ignored.
    std::string raw;
    int high = -1;
    for (char c : text) {
        int d = hex_digit(c);
        if (d < 0) {
            if (c == '\\' || c == ' ' || c == ':' || c == ',')
                continue;
            return make_error(Errc::InvalidArgument, std::string("'") + c + "' is not a hex digit for " + name);
        }
        if (high < 0) {
            high = d;
        } else {
            raw.push_back(char(high << 4 | d));
            high = -1;
        }
    }
    if (high >= 0)
        return make_error(Errc::InvalidArgument, "odd number of hex digits for " + name);
    if (raw.size() % 2)
        raw.push_back('\0');
    return raw;
}

}  // namespace roentgen
