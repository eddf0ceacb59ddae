// encoding/json_reader.cpp — DICOM JSON Model (PS3.18 F.2) to DataSet; nlohmann parses, exceptions stay in here.
#include "encoding/json_reader.h"

#include <cfloat>
#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "encoding/json_xml_values.h"
#include "model/character_set.h"
#include "model/element_values.h"

namespace roentgen {

namespace {

using Json = nlohmann::json;

constexpr Tag specific_character_set{0x0008, 0x0005};

std::optional<Tag> parse_key(std::string_view key)
{
    if (key.size() != 8)
        return std::nullopt;
    uint32_t value = 0;
    auto [ptr, ec] = std::from_chars(key.data(), key.data() + 8, value, 16);
    if (ec != std::errc() || ptr != key.data() + 8)
        return std::nullopt;
    return Tag(value);
}

const char* type_name(const Json& value)
{
    return value.type_name();
}

/// UTF-8 to ISO 8859-1 for VRs outside the Specific Character Set (the inverse of the writer's
/// reading of their bytes); nothing when a character is past U+00FF.
std::optional<std::string> utf8_to_latin1(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            out.push_back(char(c));
        } else if ((c == 0xC2 || c == 0xC3) && i + 1 < text.size()) {
            out.push_back(char(((c & 0x03) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3F)));
            ++i;
        } else {
            return std::nullopt;
        }
    }
    return out;
}

class JsonReader {
public:
    explicit JsonReader(const JsonReadOptions& options) : m_options(options) {}

    Result<DataSet> read_object(const Json& object, const std::string& pointer, const CharacterSet& inherited,
                                unsigned depth)
    {
        if (!object.is_object())
            return fail(pointer, fmt::format("expected a DICOM JSON object, found {}", type_name(object)));
        if (depth > m_options.max_depth)
            return fail(pointer, fmt::format("sequences nested deeper than {}", m_options.max_depth));

        CharacterSet charset = inherited;
        if (auto it = object.find("00080005"); it != object.end()) {
            ROENTGEN_TRY(auto element, read_attribute(specific_character_set, *it, pointer + "/00080005",
                                                      CharacterSet(), depth));
            auto parsed = CharacterSet::from_value(element.raw_text());
            if (!parsed)
                return fail(pointer + "/00080005", parsed.error().message);
            charset = std::move(*parsed);
        }

        DataSet data_set;
        for (auto it = object.begin(); it != object.end(); ++it) {
            std::string member = pointer + "/" + it.key();
            auto tag = parse_key(it.key());
            if (!tag)
                return fail(member, "a member name must be a tag of eight hex digits (PS3.18 F.2.2)");
            ROENTGEN_TRY(auto element, read_attribute(*tag, it.value(), member, charset, depth));
            data_set.append(std::move(element));
        }
        return data_set;
    }

private:
    static std::unexpected<Error> fail(const std::string& pointer, std::string_view message)
    {
        return make_error(Errc::Malformed, fmt::format("JSON {}: {}", pointer.empty() ? "/" : pointer, message));
    }
    static std::unexpected<Error> fail(const std::string& pointer, Tag tag, VR vr, std::string_view message)
    {
        return make_error(Errc::Malformed,
                          fmt::format("JSON {} {} {}: {}", pointer, to_string(tag), vr_name(vr), message));
    }

    Result<Element> read_attribute(Tag tag, const Json& attribute, const std::string& pointer,
                                   const CharacterSet& charset, unsigned depth)
    {
        if (!attribute.is_object())
            return fail(pointer, fmt::format("expected an attribute object, found {}", type_name(attribute)));
        auto vr_it = attribute.find("vr");
        if (vr_it == attribute.end() || !vr_it->is_string())
            return fail(pointer, "the attribute has no \"vr\" string (PS3.18 F.2.2)");
        auto vr = parse_vr(vr_it->get_ref<const std::string&>());
        if (!vr)
            return fail(pointer + "/vr", fmt::format("\"{}\" is not a VR", vr_it->get_ref<const std::string&>()));

        const Json* value = nullptr;
        std::string_view value_key;
        for (std::string_view key : {"Value", "InlineBinary", "BulkDataURI"}) {
            if (auto it = attribute.find(key); it != attribute.end()) {
                if (value)
                    return fail(pointer, tag, *vr, "more than one of Value, InlineBinary, BulkDataURI");
                value = &*it;
                value_key = key;
            }
        }
        if (!value)
            return Element(tag, *vr, *vr == VR::SQ ? Value(Sequence{}) : Value(std::string()));

        std::string member = pointer + "/" + std::string(value_key);
        if (value_key == "InlineBinary" || value_key == "BulkDataURI") {
            if (*vr == VR::SQ)
                return fail(member, tag, *vr, "a sequence cannot have " + std::string(value_key));
            const Json* text = value;
            if (value->is_array() && value->size() == 1)
                text = &(*value)[0];
            if (!text->is_string())
                return fail(member, tag, *vr, fmt::format("expected a string, found {}", type_name(*text)));
            const auto& s = text->get_ref<const std::string&>();
            if (value_key == "InlineBinary") {
                auto bytes = base64_decode(s);
                if (!bytes)
                    return fail(member, tag, *vr, bytes.error().message);
                return Element(tag, *vr, std::string(bytes->begin(), bytes->end()));
            }
            if (!m_options.bulk_data_resolver)
                return make_error(Errc::Unsupported,
                                  fmt::format("JSON {} {} {}: BulkDataURI \"{}\" and no bulk data resolver", member,
                                              to_string(tag), vr_name(*vr), s));
            auto data = m_options.bulk_data_resolver(s, tag, *vr);
            if (!data)
                return add_context(std::move(data).error(), fmt::format("JSON {} {}: BulkDataURI \"{}\"", member,
                                                                        to_string(tag), s));
            return Element(tag, *vr, Value(std::move(*data)));
        }

        if (!value->is_array())
            return fail(member, tag, *vr, fmt::format("\"Value\" must be an array, found {}", type_name(*value)));
        if (*vr == VR::SQ) {
            Sequence sequence;
            for (size_t i = 0; i < value->size(); ++i) {
                const Json& item = (*value)[i];
                Item out;
                if (!item.is_null()) {
                    ROENTGEN_TRY(out.data_set, read_object(item, member + "/" + std::to_string(i), charset, depth + 1));
                }
                sequence.items.push_back(std::move(out));
            }
            return Element(tag, VR::SQ, Value(std::move(sequence)));
        }
        auto bytes = read_values(*value, member, tag, *vr, charset);
        if (!bytes)
            return std::unexpected(std::move(bytes).error());
        return Element(tag, *vr, std::move(*bytes));
    }

    Result<std::string> read_values(const Json& values, const std::string& member, Tag tag, VR vr,
                                    const CharacterSet& charset)
    {
        switch (vr) {
        case VR::OB:
        case VR::OD:
        case VR::OF:
        case VR::OL:
        case VR::OV:
        case VR::OW:
        case VR::UN: return fail(member, tag, vr, "binary values are InlineBinary or BulkDataURI, not Value (F.2.7)");
        case VR::US:
        case VR::SS:
        case VR::UL:
        case VR::SL:
        case VR::SV:
        case VR::UV: {
            ROENTGEN_TRY(auto numbers, each_value<int64_t>(values, member, tag, vr,
                                                           [vr](const Json& v) { return read_integer(v, vr); }));
            return encode_integers(vr, numbers);
        }
        case VR::FL:
        case VR::FD: {
            ROENTGEN_TRY(auto numbers, each_value<double>(values, member, tag, vr,
                                                          [vr](const Json& v) { return read_float(v, vr); }));
            return encode_floats(vr, numbers);
        }
        case VR::AT: {
            ROENTGEN_TRY(auto numbers, each_value<int64_t>(values, member, tag, vr, read_tag));
            return encode_integers(vr, numbers);
        }
        default: return read_strings(values, member, tag, vr, charset);
        }
    }

    /// `read` applied to every member of `values`; the first failure names its index.
    template <typename T, typename Read>
    static Result<std::vector<T>> each_value(const Json& values, const std::string& member, Tag tag, VR vr, Read read)
    {
        std::vector<T> out;
        out.reserve(values.size());
        for (size_t i = 0; i < values.size(); ++i) {
            auto value = read(values[i]);
            if (!value)
                return fail(member + "/" + std::to_string(i), tag, vr, value.error().message);
            out.push_back(*value);
        }
        return out;
    }

    static Result<int64_t> read_tag(const Json& v)
    {
        std::optional<Tag> t = v.is_string() ? parse_key(v.get_ref<const std::string&>()) : std::nullopt;
        if (!t)
            return make_error(Errc::Malformed, "an AT value is a string of eight hex digits (F.2.3)");
        return int64_t(t->value);
    }

    /// String VRs: values joined with backslash (PS3.5 6.4), encoded, padded to even length.
    static Result<std::string> read_strings(const Json& values, const std::string& member, Tag tag, VR vr,
                                            const CharacterSet& charset)
    {
        if (!is_multi_valued_string(vr) && values.size() > 1)
            return fail(member, tag, vr, fmt::format("{} values given; {} holds one (PS3.5 6.4)", values.size(),
                                                     vr_name(vr)));
        ROENTGEN_TRY(auto texts, each_value<std::string>(values, member, tag, vr, [vr](const Json& v) -> Result<std::string> {
            ROENTGEN_TRY(auto text, read_text(v, vr));
            if (is_multi_valued_string(vr) && text.find('\\') != std::string::npos)
                return make_error(Errc::Malformed, "a backslash inside a value would split it (PS3.18 F.2.4)");
            return text;
        }));
        std::string joined;
        for (size_t i = 0; i < texts.size(); ++i) {
            if (i)
                joined.push_back('\\');
            joined += texts[i];
        }
        std::string raw;
        if (uses_character_set(vr)) {
            auto encoded = charset.encode(joined, vr);
            if (!encoded)
                return fail(member, tag, vr, encoded.error().message);
            raw = std::move(*encoded);
        } else {
            auto latin1 = utf8_to_latin1(joined);
            if (!latin1)
                return fail(member, tag, vr, "characters outside ISO 8859-1 in a VR limited to the default repertoire");
            raw = std::move(*latin1);
        }
        if (raw.size() % 2)
            raw.push_back(padding_byte(vr));
        return raw;
    }

    /// One value of a string VR as UTF-8 text.
    static Result<std::string> read_text(const Json& v, VR vr)
    {
        if (v.is_null())
            return std::string();
        if (vr == VR::PN && v.is_object()) {
            static constexpr const char* groups[] = {"Alphabetic", "Ideographic", "Phonetic"};
            std::string parts[3];
            for (auto it = v.begin(); it != v.end(); ++it) {
                int index = -1;
                for (int g = 0; g < 3; ++g)
                    if (it.key() == groups[g])
                        index = g;
                if (index < 0)
                    return make_error(Errc::Malformed, fmt::format("\"{}\" is not a person name group", it.key()));
                if (!it->is_string())
                    return make_error(Errc::Malformed, fmt::format("\"{}\" must be a string", it.key()));
                parts[index] = it->get<std::string>();
            }
            int last = 2;
            while (last > 0 && parts[last].empty())
                --last;
            std::string out = parts[0];
            for (int g = 1; g <= last; ++g)
                out += "=" + parts[g];
            return out;
        }
        if ((vr == VR::IS || vr == VR::DS) && v.is_number())
            return number_to_text(v, vr);
        if (v.is_string())
            return v.get<std::string>();
        return make_error(Errc::Malformed, fmt::format("expected a string, found {}", type_name(v)));
    }

    static Result<std::string> number_to_text(const Json& v, VR vr)
    {
        if (v.is_number_unsigned())
            return std::to_string(v.get<uint64_t>());
        if (v.is_number_integer())
            return std::to_string(v.get<int64_t>());
        double d = v.get<double>();
        if (vr == VR::IS) {
            if (std::floor(d) != d || std::fabs(d) > 9.2e18)
                return make_error(Errc::Malformed, fmt::format("{} is not an integer", format_double(d)));
            return std::to_string(int64_t(d));
        }
        return format_decimal_string(d);
    }

    static Result<int64_t> read_integer(const Json& v, VR vr)
    {
        int64_t min = 0;
        uint64_t max = 0;
        switch (vr) {
        case VR::US: max = 0xFFFF; break;
        case VR::SS: min = -0x8000; max = 0x7FFF; break;
        case VR::UL: max = 0xFFFFFFFF; break;
        case VR::SL: min = std::numeric_limits<int32_t>::min(); max = std::numeric_limits<int32_t>::max(); break;
        case VR::SV: min = std::numeric_limits<int64_t>::min(); max = std::numeric_limits<int64_t>::max(); break;
        default: max = std::numeric_limits<uint64_t>::max(); break;
        }
        bool negative = false;
        uint64_t magnitude = 0;
        if (v.is_number_unsigned()) {
            magnitude = v.get<uint64_t>();
        } else if (v.is_number_integer()) {
            int64_t i = v.get<int64_t>();
            negative = i < 0;
            magnitude = negative ? uint64_t(0) - uint64_t(i) : uint64_t(i);
        } else if (v.is_number_float()) {
            double d = v.get<double>();
            if (std::floor(d) != d || std::fabs(d) >= 1.8e19)
                return make_error(Errc::Malformed, fmt::format("{} is not an integer", format_double(d)));
            negative = d < 0;
            magnitude = uint64_t(std::fabs(d));
        } else if (v.is_string() && (vr == VR::SV || vr == VR::UV)) {
            // F.2.3: SV and UV may be strings, to keep precision JSON numbers lose in some parsers.
            std::string_view s = v.get_ref<const std::string&>();
            negative = !s.empty() && s.front() == '-';
            if (negative)
                s.remove_prefix(1);
            auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), magnitude);
            if (s.empty() || ec != std::errc() || ptr != s.data() + s.size())
                return make_error(Errc::Malformed, fmt::format("\"{}\" is not an integer", v.get<std::string>()));
        } else {
            return make_error(Errc::Malformed, fmt::format("expected a number, found {}", type_name(v)));
        }
        bool in_range = negative ? magnitude <= uint64_t(0) - uint64_t(min) : magnitude <= max;
        if (!in_range)
            return make_error(Errc::Malformed, fmt::format("{}{} is out of range", negative ? "-" : "", magnitude));
        return negative ? int64_t(uint64_t(0) - magnitude) : int64_t(magnitude);
    }

    static Result<double> read_float(const Json& v, VR vr)
    {
        double d = 0;
        if (v.is_number()) {
            d = v.get<double>();
        } else if (v.is_string()) {
            const auto& s = v.get_ref<const std::string&>();
            if (s == "NaN")
                d = std::numeric_limits<double>::quiet_NaN();
            else if (s == "Infinity")
                d = std::numeric_limits<double>::infinity();
            else if (s == "-Infinity")
                d = -std::numeric_limits<double>::infinity();
            else
                return make_error(Errc::Malformed, fmt::format("\"{}\" is not a number", s));
        } else {
            return make_error(Errc::Malformed, fmt::format("expected a number, found {}", type_name(v)));
        }
        if (vr == VR::FL && std::isfinite(d) && std::fabs(d) > FLT_MAX)
            return make_error(Errc::Malformed, fmt::format("{} does not fit in FL", format_double(d)));
        return d;
    }

    const JsonReadOptions& m_options;
};

Result<Json> parse(std::string_view text)
{
    try {
        return Json::parse(text.begin(), text.end());
    } catch (const Json::exception& e) {
        return make_error(Errc::Malformed, std::string("JSON syntax: ") + e.what());
    }
}

}  // namespace

Result<DataSet> read_json(std::string_view json, const JsonReadOptions& options)
{
    ROENTGEN_TRY(auto document, parse(json));
    JsonReader reader(options);
    try {
        return reader.read_object(document, "", CharacterSet(), 0);
    } catch (const Json::exception& e) {
        return make_error(Errc::Malformed, std::string("JSON: ") + e.what());
    }
}

Result<std::vector<DataSet>> read_json_array(std::string_view json, const JsonReadOptions& options)
{
    ROENTGEN_TRY(auto document, parse(json));
    if (!document.is_array())
        return make_error(Errc::Malformed, fmt::format("JSON /: expected an array, found {}", document.type_name()));
    JsonReader reader(options);
    std::vector<DataSet> out;
    try {
        for (size_t i = 0; i < document.size(); ++i) {
            ROENTGEN_TRY(auto data_set, reader.read_object(document[i], "/" + std::to_string(i), CharacterSet(), 0));
            out.push_back(std::move(data_set));
        }
    } catch (const Json::exception& e) {
        return make_error(Errc::Malformed, std::string("JSON: ") + e.what());
    }
    return out;
}

}  // namespace roentgen
