// encoding/json_writer.cpp — streams the DICOM JSON Model (PS3.18 F.2) straight into a string, no DOM.
#include "encoding/json_writer.h"

#include <cmath>

#include <fmt/format.h>

#include "model/element_values.h"

namespace roentgen {

namespace {

/// Punctuation and layout of the output: commas, colons, newlines and indentation.
class JsonOut {
public:
    JsonOut(std::string& out, unsigned indent) : m_out(out), m_indent(indent) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }
    void key(std::string_view name)
    {
        separate();
        append_string(name);
        m_out += m_indent ? ": " : ":";
        m_after_key = true;
    }
    void string(std::string_view text)
    {
        before_value();
        append_string(text);
    }
    void literal(std::string_view text)
    {
        before_value();
        m_out += text;
    }

private:
    void open(char bracket)
    {
        before_value();
        m_out.push_back(bracket);
        m_empty.push_back(true);
    }
    void close(char bracket)
    {
        bool empty = m_empty.back();
        m_empty.pop_back();
        if (!empty)
            newline();
        m_out.push_back(bracket);
    }
    void before_value()
    {
        if (m_after_key)
            m_after_key = false;
        else
            separate();
    }
    void separate()
    {
        if (m_empty.empty())
            return;
        if (!m_empty.back())
            m_out.push_back(',');
        m_empty.back() = false;
        newline();
    }
    void newline()
    {
        if (!m_indent)
            return;
        m_out.push_back('\n');
        m_out.append(m_empty.size() * m_indent, ' ');
    }
    // RFC 8259 section 7 escapes, in the spelling of Python's json module and nlohmann; invalid
    // UTF-8 becomes U+FFFD so that the output is always valid JSON text.
    void append_string(std::string_view text)
    {
        m_out.push_back('"');
        size_t i = 0;
        while (i < text.size()) {
            auto c = static_cast<unsigned char>(text[i]);
            if (c >= 0x80) {
                size_t end = i;
                while (end < text.size() && static_cast<unsigned char>(text[end]) >= 0x80)
                    ++end;
                append_valid_utf8(m_out, text.substr(i, end - i));
                i = end;
                continue;
            }
            switch (c) {
            case '"': m_out += "\\\""; break;
            case '\\': m_out += "\\\\"; break;
            case '\b': m_out += "\\b"; break;
            case '\f': m_out += "\\f"; break;
            case '\n': m_out += "\\n"; break;
            case '\r': m_out += "\\r"; break;
            case '\t': m_out += "\\t"; break;
            default:
                if (c < 0x20)
                    m_out += fmt::format("\\u{:04x}", c);
                else
                    m_out.push_back(char(c));
            }
            ++i;
        }
        m_out.push_back('"');
    }

    std::string& m_out;
    unsigned m_indent;
    std::vector<bool> m_empty;  // per open container: nothing written in it yet
    bool m_after_key = false;
};

std::string describe(const Element& element)
{
    return fmt::format("{:08X} {}", element.tag.value, vr_name(element.vr));
}

bool is_integer_vr(VR vr)
{
    return vr == VR::US || vr == VR::SS || vr == VR::UL || vr == VR::SL || vr == VR::SV || vr == VR::UV;
}

/// Writes data sets element by element; `m_path` tracks the enclosing items for the URI maker.
class JsonWriter {
public:
    JsonWriter(std::string& out, const JsonWriteOptions& options) : m_out(out, options.indent), m_options(options) {}

    Result<void> write_object(const DataSet* meta, const DataSet& data_set, const CharacterSet& inherited)
    {
        CharacterSet charset = character_set_of(data_set, inherited);
        m_out.begin_object();
        auto meta_it = meta ? meta->begin() : data_set.end();
        auto meta_end = meta ? meta->end() : data_set.end();
        auto it = data_set.begin();
        // Both sets are sorted by tag: merge them.
        while (meta_it != meta_end || it != data_set.end()) {
            if (it == data_set.end() || (meta_it != meta_end && meta_it->tag <= it->tag)) {
                if (it != data_set.end() && it->tag == meta_it->tag)
                    ++it;
                ROENTGEN_TRY(write_element(*meta_it++, CharacterSet()));
            } else {
                ROENTGEN_TRY(write_element(*it++, charset));
            }
        }
        m_out.end_object();
        return {};
    }

    JsonOut& out() { return m_out; }

private:
    Result<void> write_element(const Element& element, const CharacterSet& charset)
    {
        // F.2.2: no group lengths. Item and delimiter tags are not data elements (PS3.5 7.5).
        if (element.tag.is_group_length() || element.tag.group() == 0xFFFE || element.vr == VR::None)
            return {};
        if (const auto* sequence = element.sequence())
            return write_sequence(element, *sequence, charset);
        if (element.is_fragments() || is_bulk_vr(element.vr) || element.vr == VR::SQ)
            return write_binary(element);
        if (const auto* bulk = std::get_if<BulkData>(&element.value); bulk && bulk->view().size() != bulk->size()) {
            // A string or numeric value left in a non-contiguous source: load it to convert it.
            ROENTGEN_TRY(auto bytes, bulk->load());
            Element loaded(element.tag, element.vr, std::string(bytes.begin(), bytes.end()));
            return write_primitive(loaded, charset);
        }
        return write_primitive(element, charset);
    }

    void begin_attribute(const Element& element, std::string_view vr)
    {
        char key[9];
        fmt::format_to_n(key, sizeof key, "{:08X}", element.tag.value);
        m_out.key(std::string_view(key, 8));
        m_out.begin_object();
        m_out.key("vr");
        m_out.string(vr);
    }

    Result<void> write_sequence(const Element& element, const Sequence& sequence, const CharacterSet& charset)
    {
        begin_attribute(element, "SQ");
        if (!sequence.items.empty()) {
            m_out.key("Value");
            m_out.begin_array();
            for (size_t i = 0; i < sequence.items.size(); ++i) {
                m_path.push_back({element.tag, i});
                ROENTGEN_TRY(write_object(nullptr, sequence.items[i].data_set, charset));
                m_path.pop_back();
            }
            m_out.end_array();
        }
        m_out.end_object();
        return {};
    }

    Result<void> write_binary(const Element& element)
    {
        // A non-empty SQ value that was not parsed into items can only be shown as bytes.
        VR vr = element.vr == VR::SQ ? VR::UN : element.vr;
        uint64_t length = value_field_length(element);
        if (element.vr == VR::SQ && length == 0) {
            begin_attribute(element, "SQ");
            m_out.end_object();
            return {};
        }
        begin_attribute(element, vr_name(vr));
        if (length > 0) {
            if (m_options.bulk_data_uri && length > m_options.bulk_data_threshold) {
                auto uri = m_options.bulk_data_uri(BulkDataRequest{element, m_path, length});
                if (!uri)
                    return add_context(std::move(uri).error(), "bulk data URI for " + describe(element));
                m_out.key("BulkDataURI");
                m_out.string(*uri);
            } else {
                auto bytes = value_field(element);
                if (!bytes)
                    return add_context(std::move(bytes).error(), "reading " + describe(element));
                m_out.key("InlineBinary");
                m_out.string(base64_encode(bytes->span()));
            }
        }
        m_out.end_object();
        return {};
    }

    /// The JSON texts of each value: numbers as they are to be written, strings already quoted
    /// by the caller. Nothing when the element is left out.
    Result<void> write_primitive(const Element& element, const CharacterSet& charset)
    {
        VR vr = element.vr;
        if (unsigned size = value_size(vr); size && element.length() % size != 0)
            return invalid(element, fmt::format("length {} is not a multiple of {}", element.length(), size));

        if (is_integer_vr(vr)) {
            std::vector<std::string> texts;
            if (vr == VR::UV) {
                ROENTGEN_TRY(auto values, unsigned_values(element));
                for (auto v : values)
                    texts.push_back(std::to_string(v));
            } else {
                ROENTGEN_TRY(auto values, integer_values(element));
                for (auto v : values)
                    texts.push_back(std::to_string(v));
            }
            return write_literals(element, texts);
        }
        if (vr == VR::FL || vr == VR::FD) {
            ROENTGEN_TRY(auto values, float_values(element));
            begin_attribute(element, vr_name(vr));
            if (!values.empty()) {
                m_out.key("Value");
                m_out.begin_array();
                for (double v : values) {
                    if (std::isfinite(v))
                        m_out.literal(format_double(v));
                    else
                        m_out.string(format_double(v));
                }
                m_out.end_array();
            }
            m_out.end_object();
            return {};
        }
        if (vr == VR::AT) {
            ROENTGEN_TRY(auto values, tag_values(element));
            std::vector<std::string> texts;
            for (auto t : values)
                texts.push_back(fmt::format("{:08X}", t.value));
            return write_strings(element, texts);
        }

        auto values = text_values(element, charset);
        if (vr == VR::IS || vr == VR::DS)
            return write_numeric_strings(element, values);
        if (vr == VR::PN)
            return write_person_names(element, values);
        return write_strings(element, values);
    }

    Result<void> invalid(const Element& element, std::string_view why)
    {
        if (m_options.invalid_numbers == InvalidNumberPolicy::Fail)
            return make_error(Errc::Malformed, fmt::format("{}: {}", describe(element), why));
        return {};
    }

    Result<void> write_numeric_strings(const Element& element, const std::vector<std::string>& values)
    {
        std::vector<std::string> numbers;
        bool all_valid = true;
        for (const auto& v : values) {
            if (v.empty()) {
                numbers.emplace_back("null");
                continue;
            }
            auto text = number_text(v, element.vr);
            if (!text) {
                all_valid = false;
                if (m_options.invalid_numbers != InvalidNumberPolicy::AsString)
                    return invalid(element, fmt::format("\"{}\" is not a valid {} value", v, vr_name(element.vr)));
                break;
            }
            numbers.push_back(std::move(*text));
        }
        // F.2.3 allows a string for IS and DS: keep the text of every value when one is not a number.
        return all_valid ? write_literals(element, numbers) : write_strings(element, values);
    }

    Result<void> write_literals(const Element& element, const std::vector<std::string>& texts)
    {
        begin_attribute(element, vr_name(element.vr));
        if (!texts.empty()) {
            m_out.key("Value");
            m_out.begin_array();
            for (const auto& t : texts)
                m_out.literal(t);
            m_out.end_array();
        }
        m_out.end_object();
        return {};
    }

    Result<void> write_strings(const Element& element, const std::vector<std::string>& values)
    {
        begin_attribute(element, vr_name(element.vr));
        if (!values.empty()) {
            m_out.key("Value");
            m_out.begin_array();
            for (const auto& v : values) {
                if (v.empty())
                    m_out.literal("null");
                else
                    m_out.string(v);
            }
            m_out.end_array();
        }
        m_out.end_object();
        return {};
    }

    Result<void> write_person_names(const Element& element, const std::vector<std::string>& values)
    {
        static constexpr std::string_view group_names[] = {"Alphabetic", "Ideographic", "Phonetic"};
        begin_attribute(element, "PN");
        if (!values.empty()) {
            m_out.key("Value");
            m_out.begin_array();
            for (const auto& v : values) {
                auto name = split_person_name(v);
                bool any = false;
                for (const auto& g : name.groups)
                    any = any || !g.empty();
                if (!any) {
                    m_out.literal("null");
                    continue;
                }
                m_out.begin_object();
                for (int i = 0; i < 3; ++i) {
                    if (name.groups[i].empty())
                        continue;
                    m_out.key(group_names[i]);
                    m_out.string(name.groups[i]);
                }
                m_out.end_object();
            }
            m_out.end_array();
        }
        m_out.end_object();
        return {};
    }

    JsonOut m_out;
    const JsonWriteOptions& m_options;
    std::vector<ItemStep> m_path;
};

}  // namespace

Result<std::string> write_json(const DataSet& data_set, const JsonWriteOptions& options)
{
    std::string out;
    out.reserve(64 * data_set.size() + 16);
    JsonWriter writer(out, options);
    ROENTGEN_TRY(writer.write_object(nullptr, data_set, CharacterSet()));
    return out;
}

Result<std::string> write_json(const DataSet& meta, const DataSet& data_set, const JsonWriteOptions& options)
{
    std::string out;
    out.reserve(64 * (meta.size() + data_set.size()) + 16);
    JsonWriter writer(out, options);
    ROENTGEN_TRY(writer.write_object(&meta, data_set, CharacterSet()));
    return out;
}

Result<std::string> write_json_array(std::span<const DataSet> data_sets, const JsonWriteOptions& options)
{
    std::string out;
    JsonWriter writer(out, options);
    writer.out().begin_array();
    for (const auto& data_set : data_sets)
        ROENTGEN_TRY(writer.write_object(nullptr, data_set, CharacterSet()));
    writer.out().end_array();
    return out;
}

}  // namespace roentgen
