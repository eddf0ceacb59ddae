// encoding/xml_writer.cpp — streams the Native DICOM Model (PS3.19 A.1) into a string.
#include "encoding/xml_writer.h"

#include <fmt/format.h>

#include "dict/dictionary.h"
#include "model/element_values.h"

namespace roentgen {

namespace {

constexpr std::string_view native_namespace = "http://dicom.nema.org/PS3.19/models/NativeDICOM";

/// XML 1.0 escaping for character data (`attribute` false) and attribute values.
void append_escaped(std::string& out, std::string_view text, bool attribute)
{
    std::string valid;
    valid.reserve(text.size());
    append_valid_utf8(valid, text);
    for (char ch : valid) {
        auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += attribute ? "&quot;" : "\""; break;
        // A literal CR would be normalised away by parsers (XML 1.0 2.11); in attributes TAB and LF too (3.3.3).
        case '\r': out += "&#13;"; break;
        case '\n': out += attribute ? "&#10;" : "\n"; break;
        case '\t': out += attribute ? "&#9;" : "\t"; break;
        default:
            if (c < 0x20)
                out += "\xEF\xBF\xBD";  // XML 1.0 2.2 has no way to carry other C0 controls.
            else
                out.push_back(ch);
        }
    }
}

bool is_integer_vr(VR vr)
{
    return vr == VR::US || vr == VR::SS || vr == VR::UL || vr == VR::SL || vr == VR::SV || vr == VR::UV;
}

class XmlWriter {
public:
    XmlWriter(std::string& out, const XmlWriteOptions& options) : m_out(out), m_options(options) {}

    Result<void> write_document(const DataSet* meta, const DataSet& data_set)
    {
        m_out += R"(<?xml version="1.0" encoding="UTF-8"?>)";
        newline();
        m_out += fmt::format(R"(<NativeDicomModel xmlns="{}" xml:space="preserve">)", native_namespace);
        ++m_depth;
        if (meta) {
            // Both sets are sorted by tag: merge them, the meta element winning on a duplicate.
            CharacterSet charset = character_set_of(data_set, CharacterSet());
            auto meta_it = meta->begin();
            auto it = data_set.begin();
            while (meta_it != meta->end() || it != data_set.end()) {
                if (it == data_set.end() || (meta_it != meta->end() && meta_it->tag <= it->tag)) {
                    if (it != data_set.end() && it->tag == meta_it->tag)
                        ++it;
                    ROENTGEN_TRY(write_element(*meta, *meta_it++, CharacterSet()));
                } else {
                    ROENTGEN_TRY(write_element(data_set, *it++, charset));
                }
            }
        } else {
            ROENTGEN_TRY(write_data_set(data_set, CharacterSet()));
        }
        --m_depth;
        newline();
        m_out += "</NativeDicomModel>";
        if (m_options.indent)
            m_out.push_back('\n');
        return {};
    }

private:
    void newline()
    {
        if (!m_options.indent)
            return;
        m_out.push_back('\n');
        m_out.append(m_depth * m_options.indent, ' ');
    }

    Result<void> write_data_set(const DataSet& data_set, const CharacterSet& inherited)
    {
        CharacterSet charset = character_set_of(data_set, inherited);
        for (const auto& element : data_set)
            ROENTGEN_TRY(write_element(data_set, element, charset));
        return {};
    }

    Result<void> write_element(const DataSet& data_set, const Element& element, const CharacterSet& charset)
    {
        Tag tag = element.tag;
        // A.1: no group lengths. Item and delimiter tags are not data elements (PS3.5 7.5). Private
        // Creators are conveyed by privateCreator on the elements of their block (A.1.5).
        if (tag.is_group_length() || tag.group() == 0xFFFE || element.vr == VR::None || tag.is_private_creator())
            return {};

        const Element* source = &element;
        Element loaded;
        if (const auto* bulk = std::get_if<BulkData>(&element.value);
            bulk && !is_bulk_vr(element.vr) && bulk->view().size() != bulk->size()) {
            ROENTGEN_TRY(auto bytes, bulk->load());
            loaded = Element(element.tag, element.vr, std::string(bytes.begin(), bytes.end()));
            source = &loaded;
        }
        if (unsigned size = value_size(element.vr);
            size && !element.is_sequence() && element.vr != VR::SQ && source->length() % size != 0) {
            if (m_options.invalid_numbers == InvalidNumberPolicy::Fail)
                return make_error(Errc::Malformed, fmt::format("{} {}: length {} is not a multiple of {}",
                                                               to_string(tag), vr_name(element.vr), source->length(), size));
            return {};
        }

        // A non-empty SQ value that was not parsed into items can only be shown as bytes.
        VR vr = element.is_sequence() ? VR::SQ : element.vr;
        if (element.vr == VR::SQ && !element.is_sequence() && element.length() > 0)
            vr = VR::UN;
        start_attribute(data_set, element, vr, charset);

        ++m_depth;
        size_t mark = m_out.size();
        m_out += ">";
        bool has_content = false;
        if (const auto* sequence = element.sequence()) {
            has_content = !sequence->items.empty();
            ROENTGEN_TRY(write_items(tag, *sequence, charset));
        } else if (element.is_fragments() || is_bulk_vr(vr)) {
            has_content = value_field_length(element) > 0;
            if (has_content)
                ROENTGEN_TRY(write_binary(element));
        } else if (element.vr != VR::SQ) {
            ROENTGEN_TRY(has_content, write_values(*source, charset));
        }
        --m_depth;
        if (!has_content) {
            m_out.resize(mark);
            m_out += "/>";
            return {};
        }
        newline();
        m_out += "</DicomAttribute>";
        return {};
    }

    /// `<DicomAttribute tag vr keyword? privateCreator?` without the closing bracket. A private data
    /// element is "gggg00ee" with its creator (A.1.5); without a creator it keeps its tag.
    void start_attribute(const DataSet& data_set, const Element& element, VR vr, const CharacterSet& charset)
    {
        Tag tag = element.tag;
        std::string creator;
        Tag written_tag = tag;
        if (tag.is_private() && tag.element() >= 0x1000) {
            if (const Element* c = data_set.find(Tag(tag.group(), uint16_t(tag.element() >> 8)))) {
                auto values = text_values(*c, charset);
                if (!values.empty() && !values[0].empty()) {
                    creator = values[0];
                    written_tag = Tag(tag.group(), uint16_t(tag.element() & 0xFF));
                }
            }
        }
        newline();
        m_out += fmt::format(R"(<DicomAttribute tag="{:08X}" vr="{}")", written_tag.value, vr_name(vr));
        if (!tag.is_private())
            if (const auto* entry = find_entry(tag); entry && !entry->keyword.empty())
                m_out += fmt::format(R"( keyword="{}")", entry->keyword);
        if (!creator.empty()) {
            m_out += R"( privateCreator=")";
            append_escaped(m_out, creator, true);
            m_out.push_back('"');
        }
    }

    Result<void> write_items(Tag tag, const Sequence& sequence, const CharacterSet& charset)
    {
        for (size_t i = 0; i < sequence.items.size(); ++i) {
            newline();
            m_out += fmt::format(R"(<Item number="{}">)", i + 1);
            ++m_depth;
            m_path.push_back({tag, i});
            ROENTGEN_TRY(write_data_set(sequence.items[i].data_set, charset));
            m_path.pop_back();
            --m_depth;
            newline();
            m_out += "</Item>";
        }
        return {};
    }

    Result<void> write_binary(const Element& element)
    {
        uint64_t length = value_field_length(element);
        newline();
        if (m_options.bulk_data_uri && length > m_options.bulk_data_threshold) {
            auto uri = m_options.bulk_data_uri(BulkDataRequest{element, m_path, length});
            if (!uri)
                return add_context(std::move(uri).error(), "bulk data URI for " + to_string(element.tag));
            m_out += R"(<BulkData uri=")";
            append_escaped(m_out, *uri, true);
            m_out += R"("/>)";
            return {};
        }
        auto bytes = value_field(element);
        if (!bytes)
            return add_context(std::move(bytes).error(), "reading " + to_string(element.tag));
        m_out += "<InlineBinary>";
        m_out += base64_encode(bytes->span());
        m_out += "</InlineBinary>";
        return {};
    }

    /// Writes the <Value> or <PersonName> children; false when there are none.
    Result<bool> write_values(const Element& element, const CharacterSet& charset)
    {
        VR vr = element.vr;
        std::vector<std::string> values;
        if (is_integer_vr(vr)) {
            if (vr == VR::UV) {
                ROENTGEN_TRY(auto numbers, unsigned_values(element));
                for (auto v : numbers)
                    values.push_back(std::to_string(v));
            } else {
                ROENTGEN_TRY(auto numbers, integer_values(element));
                for (auto v : numbers)
                    values.push_back(std::to_string(v));
            }
        } else if (vr == VR::FL || vr == VR::FD) {
            ROENTGEN_TRY(auto numbers, float_values(element));
            for (auto v : numbers)
                values.push_back(format_double(v));
        } else if (vr == VR::AT) {
            ROENTGEN_TRY(auto tags, tag_values(element));
            for (auto t : tags)
                values.push_back(fmt::format("{:08X}", t.value));
        } else {
            values = text_values(element, charset);
        }
        if (vr == VR::PN) {
            for (size_t i = 0; i < values.size(); ++i)
                write_person_name(values[i], i + 1);
            return !values.empty();
        }
        for (size_t i = 0; i < values.size(); ++i) {
            newline();
            if (values[i].empty()) {
                m_out += fmt::format(R"(<Value number="{}"/>)", i + 1);
                continue;
            }
            m_out += fmt::format(R"(<Value number="{}">)", i + 1);
            append_escaped(m_out, values[i], false);
            m_out += "</Value>";
        }
        return !values.empty();
    }

    void write_person_name(std::string_view value, size_t number)
    {
        static constexpr std::string_view group_names[] = {"Alphabetic", "Ideographic", "Phonetic"};
        static constexpr std::string_view component_names[] = {"FamilyName", "GivenName", "MiddleName", "NamePrefix",
                                                               "NameSuffix"};
        newline();
        auto name = split_person_name(value);
        bool any = false;
        for (auto g : name.groups)
            any = any || !g.empty();
        if (!any) {
            m_out += fmt::format(R"(<PersonName number="{}"/>)", number);
            return;
        }
        m_out += fmt::format(R"(<PersonName number="{}">)", number);
        ++m_depth;
        for (int g = 0; g < 3; ++g) {
            std::string_view group = name.groups[g];
            if (group.empty())
                continue;
            newline();
            m_out += fmt::format("<{}>", group_names[g]);
            ++m_depth;
            // PS3.5 6.2.1.1: five components separated by ^; leading and trailing spaces are padding.
            for (int c = 0; c < 5; ++c) {
                size_t pos = group.find('^');
                std::string_view component = group.substr(0, pos);
                while (!component.empty() && component.front() == ' ')
                    component.remove_prefix(1);
                while (!component.empty() && component.back() == ' ')
                    component.remove_suffix(1);
                if (!component.empty()) {
                    newline();
                    m_out += fmt::format("<{}>", component_names[c]);
                    append_escaped(m_out, component, false);
                    m_out += fmt::format("</{}>", component_names[c]);
                }
                if (pos == std::string_view::npos)
                    break;
                group.remove_prefix(pos + 1);
            }
            --m_depth;
            newline();
            m_out += fmt::format("</{}>", group_names[g]);
        }
        --m_depth;
        newline();
        m_out += "</PersonName>";
    }

    std::string& m_out;
    const XmlWriteOptions& m_options;
    size_t m_depth = 0;
    std::vector<ItemStep> m_path;
};

}  // namespace

Result<std::string> write_xml(const DataSet& data_set, const XmlWriteOptions& options)
{
    std::string out;
    out.reserve(128 * data_set.size() + 160);
    XmlWriter writer(out, options);
    ROENTGEN_TRY(writer.write_document(nullptr, data_set));
    return out;
}

Result<std::string> write_xml(const DataSet& meta, const DataSet& data_set, const XmlWriteOptions& options)
{
    std::string out;
    out.reserve(128 * (meta.size() + data_set.size()) + 160);
    XmlWriter writer(out, options);
    ROENTGEN_TRY(writer.write_document(&meta, data_set));
    return out;
}

}  // namespace roentgen
