// encoding/internal/data_set_parser.cpp — element headers, values, sequences and fragments (PS3.5 7, A.4).
#include "encoding/internal/data_set_parser.h"

#include <fmt/format.h>

#include <algorithm>

#include "dict/dictionary.h"
#include "dict/generated/tags.h"
#include "model/element_values.h"

namespace roentgen::internal {

namespace {

constexpr uint32_t undefined_length = 0xFFFFFFFF;

bool is_vr_letter(uint8_t c) { return c >= 'A' && c <= 'Z'; }

/// An element read after one with a higher tag, and where its header began.
struct LateElement {
    Element element;
    uint64_t offset;
};

/// Sorts elements read out of tag order into `out` in one pass (inserting each in place is
/// quadratic in a hostile file). Of repeated tags the last read wins; `repeated` hears of the others.
template <typename Warn>
void merge_late(DataSet& out, std::vector<LateElement>& late, Warn&& repeated)
{
    std::stable_sort(late.begin(), late.end(),
                     [](const LateElement& a, const LateElement& b) { return a.element.tag < b.element.tag; });
    std::vector<Element> merged;
    merged.reserve(out.size() + late.size());
    auto next = late.begin();
    auto take_late_before = [&](Tag limit, bool inclusive) {
        while (next != late.end() && (next->element.tag < limit || (inclusive && next->element.tag == limit))) {
            auto last = next;
            while (last + 1 != late.end() && (last + 1)->element.tag == next->element.tag) {
                ++last;
                repeated(last->offset, last->element.tag);
            }
            merged.push_back(std::move(last->element));
            next = last + 1;
        }
    };
    // A late element never repeats one in `out` (the parser replaces those in place); if it did,
    // the late one, read after, would win.
    for (Element& element : out) {
        take_late_before(element.tag, false);
        if (next == late.end() || next->element.tag != element.tag)
            merged.push_back(std::move(element));
    }
    take_late_before(Tag(0xFFFF, 0xFFFF), true);
    out.clear();
    for (Element& element : merged)
        out.append(std::move(element));
    late.clear();
}

}  // namespace

/// The data sets enclosing the element being parsed, innermost first: ambiguous VRs in implicit
/// VR are resolved from Pixel Representation, Bits Allocated and LUT Descriptor found there.
struct DataSetParser::Context {
    const DataSet* data_set;
    const Context* parent;
};

Encoding detect_encoding(std::span<const uint8_t> bytes)
{
    Encoding encoding;
    if (bytes.size() < 6)
        return encoding;
    uint16_t group_le = load<uint16_t>(bytes.data(), ByteOrder::Little);
    uint16_t group_be = load<uint16_t>(bytes.data(), ByteOrder::Big);
    if ((group_le & 0xFF) == 0 && group_be != 0 && (group_be & 0xFF00) == 0)
        encoding.byte_order = ByteOrder::Big;
    encoding.explicit_vr = is_vr_letter(bytes[4]) && is_vr_letter(bytes[5]) && parse_vr(char(bytes[4]), char(bytes[5]));
    return encoding;
}

DataSetParser::DataSetParser(std::shared_ptr<const ByteSource> source, const ReadOptions& options,
                             std::vector<ReadWarning>& warnings)
    : m_source(std::move(source)), m_bytes(m_source->contiguous()), m_options(options), m_warnings(warnings)
{
}

void DataSetParser::warn(uint64_t offset, Tag tag, std::string message)
{
    // A file with a fault in every element must not make the warning list grow without bound.
    if (m_warnings.size() < 1000)
        m_warnings.push_back(ReadWarning{offset, tag, std::move(message)});
}

bool DataSetParser::keep_truncated(uint64_t end, uint64_t offset, Tag tag, const std::string& message)
{
    if (m_options.truncated_input != TruncatedInput::KeepWhatWasRead || end != m_end)
        return false;
    if (!m_truncated)
        warn(offset, tag, message + "; what was read is kept");
    m_truncated = true;
    return true;
}

Error DataSetParser::error(Errc code, uint64_t offset, Tag tag, const std::string& message) const
{
    return Error{code, fmt::format("{}: byte offset {}, tag {}: {}", m_source->name(), offset, to_string(tag), message)};
}

Result<void> DataSetParser::parse(DataSet& out, uint64_t start, uint64_t end, Encoding encoding,
                                  std::optional<uint16_t> only_group)
{
    m_position = start;
    end = std::min<uint64_t>(end, m_bytes.size());
    m_end = end;
    ROENTGEN_TRY(parse_elements(out, end, Terminator::End, encoding, 0, nullptr, true, only_group));
    return {};
}

VR DataSetParser::implicit_vr(Tag tag, const Context* context) const
{
    const DictionaryEntry* entry = nullptr;
    if (!tag.is_private() && !tag.is_group_length())
        entry = find_entry(tag);
    if (!entry || entry->vr == VR::None)
        return default_vr(tag);
    if (entry->alternative_vr == VR::None)
        return entry->vr;
    auto find_integer = [&](Tag t) -> std::optional<int64_t> {
        // A hostile file may give these a huge value: only short ones are decoded (find_integer()
        // decodes every value, and this runs for each ambiguous element).
        for (const Context* c = context; c; c = c->parent)
            if (const Element* e = c->data_set->find(t); e && e->length() <= 16)
                if (auto v = c->data_set->find_integer(t))
                    return v;
        return std::nullopt;
    };
    // PS3.5 A.1 (implicit VR): pixel-like data is OW.
    if (entry->vr == VR::OB && entry->alternative_vr == VR::OW)
        return VR::OW;
    if (tag == tags::LUTData || entry->second_alternative_vr == VR::OW) {
        // PS3.3 C.11.1.1.1: LUT Data words are US unless written as OW.
        return VR::OW;
    }
    if (entry->vr == VR::US && entry->alternative_vr == VR::SS) {
        // PS3.3 C.7.6.3.1.4/C.11: signedness follows Pixel Representation.
        auto representation = find_integer(tags::PixelRepresentation);
        return representation && *representation == 1 ? VR::SS : VR::US;
    }
    return entry->vr;
}

Result<DataSetParser::Header> DataSetParser::read_header(uint64_t end, Encoding encoding)
{
    Header header{};
    header.offset = m_position;
    const uint8_t* p = m_bytes.data() + m_position;
    uint64_t remaining = end - m_position;
    if (remaining < 8)
        return std::unexpected(error(Errc::Truncated, m_position, Tag(),
                                     fmt::format("an element header needs 8 bytes, {} remain", remaining)));
    header.tag = Tag(load<uint16_t>(p, encoding.byte_order), load<uint16_t>(p + 2, encoding.byte_order));
    if (header.tag.group() == 0xFFFE || !encoding.explicit_vr) {
        // Items and delimiters never carry a VR (PS3.5 7.5); implicit VR elements neither.
        header.vr = VR::None;
        header.length = load<uint32_t>(p + 4, encoding.byte_order);
        m_position += 8;
        return header;
    }
    auto vr = parse_vr(char(p[4]), char(p[5]));
    if (!vr) {
        if (is_vr_letter(p[4]) && is_vr_letter(p[5])) {
            // A VR from a later edition of the standard: those all use the long form (PS3.5 7.1.2).
            header.vr = VR::UN;
            header.vr_was_invalid = true;
            if (remaining < 12)
                return std::unexpected(error(Errc::Truncated, m_position, header.tag, "element header truncated"));
            header.length = load<uint32_t>(p + 8, encoding.byte_order);
            m_position += 12;
            warn(header.offset, header.tag, fmt::format("unknown VR \"{}{}\" read as UN", char(p[4]), char(p[5])));
            return header;
        }
        if (p[4] >= 0x20 && p[4] < 0x7F && p[5] >= 0x20 && p[5] < 0x7F) {
            // Printable but not a VR (e.g. two spaces): DCMTK takes the dictionary VR and a
            // 2-byte length; so do we.
            header.vr = VR::None;
            header.vr_was_invalid = true;
            header.length = load<uint16_t>(p + 6, encoding.byte_order);
            header.short_length = true;
            m_position += 8;
            warn(header.offset, header.tag,
                 fmt::format("non-standard VR bytes {:02X} {:02X}: dictionary VR and a 2-byte length assumed", p[4], p[5]));
            return header;
        }
        // Not a VR at all: the element is most likely written in implicit VR (a known fault of
        // some writers); read it that way.
        header.vr = VR::None;
        header.vr_was_invalid = true;
        header.length = load<uint32_t>(p + 4, encoding.byte_order);
        m_position += 8;
        warn(header.offset, header.tag,
             fmt::format("bytes {:02X} {:02X} are not a VR; element read as implicit VR", p[4], p[5]));
        return header;
    }
    header.vr = *vr;
    if (has_long_length(*vr)) {
        if (remaining < 12)
            return std::unexpected(error(Errc::Truncated, m_position, header.tag,
                                         fmt::format("a {} header needs 12 bytes, {} remain", vr_name(*vr), remaining)));
        header.length = load<uint32_t>(p + 8, encoding.byte_order);
        m_position += 12;
    } else {
        header.length = load<uint16_t>(p + 6, encoding.byte_order);
        m_position += 8;
    }
    return header;
}

Result<bool> DataSetParser::parse_elements(DataSet& out, uint64_t end, Terminator terminator, Encoding encoding,
                                           unsigned depth, const Context* parent, bool top_level,
                                           std::optional<uint16_t> only_group)
{
    Context context{&out, parent};
    // Elements out of tag order wait in `late` and are sorted in together: inserting each in place
    // would be quadratic in a hostile file.
    std::vector<LateElement> late;
    auto merge = [&] {
        merge_late(out, late, [&](uint64_t offset, Tag tag) { warn(offset, tag, "element repeated; the last one is kept"); });
    };
    auto finish = [&] {
        if (!late.empty())
            merge();
        return true;
    };
    // Most elements of a file are at the top level: room for them up front saves the vector's
    // regrowth (a quarter of the parse time of a CT header). Items are left to grow as needed.
    if (top_level && out.empty())
        out.reserve(std::min<uint64_t>((end - m_position) / 16, 256));
    while (m_position < end && !m_truncated) {
        if (only_group) {
            if (end - m_position < 4)
                break;
            uint16_t group = load<uint16_t>(m_bytes.data() + m_position, encoding.byte_order);
            if (group != *only_group)
                return finish();
        }
        if (top_level && (m_options.stop_before || m_options.stop_after) && end - m_position >= 4) {
            const uint8_t* p = m_bytes.data() + m_position;
            Tag next(load<uint16_t>(p, encoding.byte_order), load<uint16_t>(p + 2, encoding.byte_order));
            if ((m_options.stop_before && next >= *m_options.stop_before) ||
                (m_options.stop_after && next > *m_options.stop_after)) {
                m_stopped_early = true;
                return finish();
            }
        }
        // Trailing padding of zeros after the last element is tolerated (written by some media).
        if (top_level && end - m_position < 8) {
            bool zeros = true;
            for (uint64_t i = m_position; i < end; ++i)
                zeros = zeros && m_bytes[i] == 0;
            if (zeros) {
                warn(m_position, Tag(), fmt::format("{} trailing bytes after the last element ignored", end - m_position));
                m_position = end;
                break;
            }
        }
        auto read = read_header(end, encoding);
        if (!read) {
            if (read.error().code == Errc::Truncated && keep_truncated(end, m_position, Tag(), "the data ends inside an element header")) {
                m_position = end;
                break;
            }
            return std::unexpected(std::move(read).error());
        }
        Header header = *read;
        if (header.tag == tags::ItemDelimitationItem) {
            if (terminator == Terminator::ItemDelimiter)
                return finish();
            warn(header.offset, header.tag, "stray Item Delimitation Item ignored");
            continue;
        }
        if (header.tag == tags::SequenceDelimitationItem) {
            if (terminator == Terminator::ItemDelimiter) {
                // The item ended without its delimiter; let the sequence see its own.
                warn(header.offset, header.tag, "item ended by a Sequence Delimitation Item");
                m_position = header.offset;
                return finish();
            }
            warn(header.offset, header.tag, "stray Sequence Delimitation Item ignored");
            continue;
        }
        if (header.tag == tags::Item) {
            // Seen after a sequence of length 0 that still had its (empty) item: skip it, as
            // pydicom reads past it (DCMTK gives up).
            if (header.length == undefined_length || header.length > end - m_position)
                return std::unexpected(error(Errc::Malformed, header.offset, header.tag, "an Item outside a sequence"));
            warn(header.offset, header.tag, fmt::format("an Item of {} bytes outside a sequence skipped", header.length));
            m_position += header.length;
            continue;
        }

        Encoding element_encoding = encoding;
        if (header.vr == VR::None) {
            header.vr = implicit_vr(header.tag, &context);
            if (encoding.explicit_vr && !header.short_length)
                element_encoding.explicit_vr = false;
        } else if (header.vr != VR::UN && !header.tag.is_private() && !header.tag.is_group_length()) {
            const auto* entry = find_entry(header.tag);
            if (entry && entry->vr != VR::None && header.vr != entry->vr && header.vr != entry->alternative_vr &&
                header.vr != entry->second_alternative_vr)
                warn(header.offset, header.tag,
                     fmt::format("explicit VR {} differs from the dictionary's {}", vr_name(header.vr), vr_name(entry->vr)));
        }

        if (header.vr == VR::UN && header.length != undefined_length &&
            m_options.unknown_vr == UnknownVR::UseDictionary && !header.tag.is_private() &&
            !header.tag.is_group_length() && header.tag.group() != 0xFFFE) {
            // PS3.5 6.2.2: a UN value is encoded as in implicit VR little endian.
            VR known = implicit_vr(header.tag, &context);
            if (known != VR::UN) {
                header.vr = known;
                element_encoding = Encoding{false, ByteOrder::Little};
            }
        }

        Element element;
        element.tag = header.tag;
        element.vr = header.vr;
        if (header.length == undefined_length) {
            if (header.tag == tags::PixelData) {
                ROENTGEN_TRY(auto fragments, parse_fragments(header, end, element_encoding));
                element.value = std::move(fragments);
                // PS3.5 A.4: encapsulated Pixel Data is OB; in implicit VR the dictionary says OW.
                if (!element_encoding.explicit_vr)
                    element.vr = VR::OB;
            } else {
                if (header.vr != VR::SQ && header.vr != VR::UN) {
                    if (encoding.explicit_vr)
                        warn(header.offset, header.tag,
                             fmt::format("undefined length on VR {}: read as a sequence", vr_name(header.vr)));
                    element.vr = VR::SQ;
                }
                // PS3.5 6.2.2: UN of undefined length holds implicit VR little endian items.
                Encoding items = element.vr == VR::UN ? Encoding{false, ByteOrder::Little} : element_encoding;
                ROENTGEN_TRY(auto sequence, parse_sequence(header, end, items, depth, &context));
                element.value = std::move(sequence);
            }
        } else if (header.vr == VR::SQ) {
            ROENTGEN_TRY(auto sequence, parse_sequence(header, end, element_encoding, depth, &context));
            element.value = std::move(sequence);
        } else {
            ROENTGEN_TRY(parse_primitive(header, end, element_encoding, element.value));
        }
        Tag tag = element.tag;
        if (out.empty() || out.elements().back().tag < tag) {
            out.append(std::move(element));
        } else if (out.contains(tag)) {
            warn(header.offset, tag, "element repeated; the last one is kept");
            out.set(std::move(element));
        } else {
            // Until merged, an ambiguous VR in implicit VR does not see it in the context.
            warn(header.offset, tag, "element out of tag order (PS3.5 7.1)");
            late.push_back({std::move(element), header.offset});
            if (late.size() > std::max<size_t>(256, out.size()))
                merge();
        }
        if (top_level && m_options.stop_after && tag >= *m_options.stop_after) {
            m_stopped_early = m_position < end;
            return finish();
        }
    }
    if (terminator == Terminator::ItemDelimiter && m_position >= end && !top_level &&
        !keep_truncated(end, m_position, Tag(), "the data ends inside an item of undefined length"))
        return std::unexpected(error(Errc::Truncated, m_position, Tag(), "item of undefined length has no delimiter"));
    return finish();
}

Result<void> DataSetParser::parse_primitive(const Header& header, uint64_t end, Encoding encoding, Value& out)
{
    uint64_t remaining = end - m_position;
    uint64_t length = header.length;
    if (length > remaining) {
        auto message = fmt::format("value length {} passes the end of the data ({} bytes remain)", length, remaining);
        if (!keep_truncated(end, header.offset, header.tag, message))
            return std::unexpected(error(Errc::Truncated, header.offset, header.tag, message));
        length = remaining;
    } else if (length % 2 != 0) {
        warn(header.offset, header.tag, fmt::format("odd value length {} (PS3.5 7.1.1)", length));
    }
    uint64_t offset = m_position;
    m_position += length;
    unsigned unit = swap_unit(header.vr);
    bool swap = encoding.byte_order == ByteOrder::Big && unit > 1;
    if (length >= m_options.bulk_threshold && !swap) {
        out.emplace<BulkData>(m_source, offset, length);
        return {};
    }
    auto& bytes = out.emplace<std::string>(reinterpret_cast<const char*>(m_bytes.data() + offset), length);
    if (swap)
        swap_words(bytes.data(), bytes.size(), unit);
    return {};
}

Result<Sequence> DataSetParser::parse_sequence(const Header& header, uint64_t end, Encoding encoding, unsigned depth,
                                               const Context* context)
{
    if (depth >= m_options.max_depth)
        return std::unexpected(error(Errc::LimitExceeded, header.offset, header.tag,
                                     fmt::format("sequences nested deeper than {}", m_options.max_depth)));
    Sequence sequence;
    uint64_t sequence_end = end;
    bool cut = false;  // the sequence's or an item's length passes the end of the data
    if (header.length != undefined_length) {
        sequence.length_encoding = LengthEncoding::Defined;
        sequence_end = m_position + header.length;
        if (header.length > end - m_position) {
            auto message = fmt::format("sequence length {} passes the end of the data ({} bytes remain)",
                                       header.length, end - m_position);
            if (m_options.truncated_input != TruncatedInput::KeepWhatWasRead || end != m_end)
                return std::unexpected(error(Errc::Truncated, header.offset, header.tag, message));
            sequence_end = end;  // the warning comes where the data really ends
            cut = true;
        }
    }
    while (m_position < sequence_end && !m_truncated) {
        if (sequence_end - m_position < 8) {
            if (keep_truncated(sequence_end, m_position, header.tag, "the data ends inside an item header"))
                break;
            return std::unexpected(error(Errc::Truncated, m_position, header.tag, "item header truncated"));
        }
        const uint8_t* p = m_bytes.data() + m_position;
        Tag tag(load<uint16_t>(p, encoding.byte_order), load<uint16_t>(p + 2, encoding.byte_order));
        uint32_t length = load<uint32_t>(p + 4, encoding.byte_order);
        uint64_t item_offset = m_position;
        if (tag == tags::SequenceDelimitationItem) {
            m_position += 8;
            if (header.length == undefined_length)
                return sequence;
            warn(item_offset, header.tag, "Sequence Delimitation Item in a sequence of defined length");
            continue;
        }
        if (tag != tags::Item)
            return std::unexpected(error(Errc::Malformed, item_offset, header.tag,
                                         fmt::format("expected an Item (FFFE,E000) in the sequence, found {}",
                                                     to_string(tag))));
        m_position += 8;
        Item item;
        if (length == undefined_length) {
            item.length_encoding = LengthEncoding::Undefined;
            ROENTGEN_TRY(parse_elements(item.data_set, sequence_end, Terminator::ItemDelimiter, encoding, depth + 1,
                                        context, false, std::nullopt));
        } else {
            item.length_encoding = LengthEncoding::Defined;
            uint64_t item_end = m_position + length;
            if (length > sequence_end - m_position) {
                if (m_options.truncated_input != TruncatedInput::KeepWhatWasRead || sequence_end != m_end)
                    return std::unexpected(error(Errc::Truncated, item_offset, header.tag,
                                                 fmt::format("item length {} passes the end of the sequence ({} bytes remain)",
                                                             length, sequence_end - m_position)));
                item_end = sequence_end;
                cut = true;
            }
            ROENTGEN_TRY(parse_elements(item.data_set, item_end, Terminator::End, encoding, depth + 1, context, false,
                                        std::nullopt));
            m_position = item_end;
        }
        sequence.items.push_back(std::move(item));
    }
    if (cut)
        keep_truncated(sequence_end, m_position, header.tag, "the data ends inside a sequence");
    if (header.length == undefined_length &&
        !keep_truncated(sequence_end, m_position, header.tag, "the data ends inside a sequence of undefined length"))
        return std::unexpected(error(Errc::Truncated, m_position, header.tag,
                                     "sequence of undefined length has no Sequence Delimitation Item"));
    return sequence;
}

Result<Fragments> DataSetParser::parse_fragments(const Header& header, uint64_t end, Encoding encoding)
{
    Fragments fragments;
    bool first = true;
    while (true) {
        if (end - m_position < 8) {
            if (keep_truncated(end, m_position, header.tag, "the data ends inside encapsulated Pixel Data")) {
                m_position = end;
                return fragments;
            }
            return std::unexpected(error(Errc::Truncated, m_position, header.tag,
                                         "encapsulated Pixel Data has no Sequence Delimitation Item (PS3.5 A.4)"));
        }
        const uint8_t* p = m_bytes.data() + m_position;
        Tag tag(load<uint16_t>(p, encoding.byte_order), load<uint16_t>(p + 2, encoding.byte_order));
        uint32_t length = load<uint32_t>(p + 4, encoding.byte_order);
        uint64_t item_offset = m_position;
        m_position += 8;
        if (tag == tags::SequenceDelimitationItem)
            return fragments;
        if (tag != tags::Item)
            return std::unexpected(error(Errc::Malformed, item_offset, header.tag,
                                         fmt::format("expected a fragment Item in encapsulated Pixel Data, found {}",
                                                     to_string(tag))));
        if (length == undefined_length || length > end - m_position) {
            auto message = fmt::format("fragment length {} passes the end of the data ({} bytes remain)", length,
                                       end - m_position);
            if (!keep_truncated(end, item_offset, header.tag, message))
                return std::unexpected(error(Errc::Truncated, item_offset, header.tag, message));
            length = uint32_t(end - m_position);
        }
        BulkData data(m_source, m_position, length);
        m_position += length;
        if (first)
            fragments.offset_table = std::move(data);
        else
            fragments.items.push_back(std::move(data));
        first = false;
    }
}

}  // namespace roentgen::internal
