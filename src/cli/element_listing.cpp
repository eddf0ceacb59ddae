// cli/element_listing.cpp — the `dump` listing: tag, VR, value, length, VM, keyword; nesting indented.
#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>

#include "base/endian.h"
#include "cli/element_text.h"
#include "dict/dictionary.h"
#include "dict/generated/tags.h"
#include "model/character_set.h"
#include "model/element_values.h"

namespace roentgen::cli {

namespace {

// A 500-file series lists ~75,000 lines: each line is written through a raw pointer into room
// reserved for its worst case, with no format strings and no temporary strings
// (BENCHMARKS.md, "Header parsing").
constexpr size_t max_value_chars = 64;
constexpr size_t max_binary_values = 16;
constexpr size_t value_column = 52;  // where " # length, VM keyword" starts, as in dcmdump
// Longest line but for its indentation: 16 FD values of 24 characters, a 20-digit length and VM,
// a 63-character keyword, and the rest.
constexpr size_t max_line_chars = 1024;

using Buffer = fmt::memory_buffer;

/// One line being written into room reserved by start_line(); end_line() commits it.
struct Line {
    char* start;
    char* p;
    bool non_ascii = false;  ///< Set when a decoded value put bytes >= 0x80 on the line.

    void text(std::string_view s)
    {
        std::memcpy(p, s.data(), s.size());
        p += s.size();
    }
    void put(char c) { *p++ = c; }
    void spaces(size_t count)
    {
        std::memset(p, ' ', count);
        p += count;
    }
    template <typename Integer> void integer(Integer value)
    {
        fmt::format_int digits(value);
        text({digits.data(), digits.size()});
    }
    void hex(uint64_t value, unsigned digits, const char* alphabet)
    {
        for (unsigned i = digits; i-- > 0; value >>= 4)
            p[i] = alphabet[value & 0xF];
        p += digits;
    }
    /// "(0010,0010)", upper-case hex as to_string(Tag).
    void tag(Tag t)
    {
        static constexpr auto pairs = [] {
            std::array<char, 512> table{};
            for (unsigned i = 0; i < 256; ++i) {
                table[2 * i] = "0123456789ABCDEF"[i >> 4];
                table[2 * i + 1] = "0123456789ABCDEF"[i & 0xF];
            }
            return table;
        }();
        auto byte = [&](unsigned value) {
            std::memcpy(p, &pairs[2 * (value & 0xFF)], 2);
            p += 2;
        };
        put('(');
        byte(t.group() >> 8);
        byte(t.group());
        put(',');
        byte(t.element() >> 8);
        byte(t.element());
        put(')');
    }
};

std::string_view keyword_of(Tag tag)
{
    if (tag.is_private_creator())
        return "PrivateCreator";
    if (tag.is_private())
        return "";
    if (tag.is_group_length() && tag.group() != 0x0000 && tag.group() != 0x0002)
        return "GenericGroupLength";
    const auto* entry = find_entry(tag);
    return entry ? entry->keyword : "";
}

/// Reserves room for a line and writes its indentation, tag and VR.
Line start_line(Buffer& out, int depth, Tag tag, std::string_view vr)
{
    out.reserve(out.size() + size_t(depth) * 2 + max_line_chars);
    char* at = out.data() + out.size();
    Line line{at, at};
    if (depth)
        line.spaces(size_t(depth) * 2);
    line.tag(tag);
    line.put(' ');
    line.text(vr);
    line.put(' ');
    return line;
}

/// Pads to the value column (in display width, as fmt counts it, when the text is not ASCII), then
/// writes " # length, VM keyword" and commits the line.
void end_line(Buffer& out, Line& line, std::string_view length, size_t vm, std::string_view keyword)
{
    std::string_view head(line.start, size_t(line.p - line.start));
    if (line.non_ascii)
        line.spaces(fmt::formatted_size("{:<{}}", head, value_column) - head.size());
    else if (head.size() < value_column)
        line.spaces(value_column - head.size());
    line.text(" # ");
    if (length.size() < 4)
        line.spaces(4 - length.size());
    line.text(length);
    line.text(", ");
    if (vm < 10)
        line.put(char('0' + vm));
    else
        line.integer(vm);
    line.put(' ');
    line.text(keyword);
    line.put('\n');
    out.resize(size_t(line.p - out.data()));
}

/// The value of a string VR between brackets, values joined by backslash, control characters as
/// '.', clipped to 64 characters followed by "..."; returns the VM.
size_t put_string_value(Line& line, const Element& element, const CharacterSet& charset)
{
    std::string_view text = element.raw_text();
    std::string decoded;
    // CharacterSet::decode() returns text without ESC or bytes >= 0x80 unchanged: skip the copy.
    bool plain = true, control = false;
    for (char c : text) {
        plain &= (unsigned char)c < 0x80 && c != 0x1B;
        control |= (unsigned char)c < 0x20;
    }
    if (!plain && uses_character_set(element.vr)) {
        decoded = charset.decode(text, element.vr);
        text = decoded;
        control = std::any_of(text.begin(), text.end(), [](char c) { return (unsigned char)c < 0x20; });
    }
    line.non_ascii = !plain;
    char* start = line.p;
    size_t written = 1;  // characters of "[" + values, counted past the clip point
    line.put('[');
    // Keeps the first max_value_chars + 1 characters (enough to tell that "..." is needed).
    auto put = [&](std::string_view piece) {
        size_t room = written <= max_value_chars ? max_value_chars + 1 - written : 0;
        size_t count = std::min(piece.size(), room);
        std::memcpy(line.p, piece.data(), count);
        if (control)
            for (size_t i = 0; i < count; ++i)
                if (static_cast<unsigned char>(line.p[i]) < 0x20)
                    line.p[i] = '.';
        line.p += count;
        written += piece.size();
    };
    bool first = true;
    size_t vm = for_each_string_value(text, element.vr, [&](std::string_view value) {
        if (!first)
            put("\\");
        first = false;
        put(value);
    });
    if (vm == 0) {
        line.p = start;
        line.text("(no value)");
        return 0;
    }
    if (written > max_value_chars) {
        line.p = start + max_value_chars;
        line.text("...");
    }
    line.put(']');
    return vm;
}

/// Up to 16 binary numbers separated by backslash, "..." when there are more; returns the VM.
template <typename Number> size_t put_numbers(Line& line, std::span<const uint8_t> bytes)
{
    size_t count = bytes.size() / sizeof(Number);
    for (size_t i = 0; i < count && i < max_binary_values; ++i) {
        if (i)
            line.put('\\');
        Number value = load_le<Number>(bytes.data() + i * sizeof(Number));
        if constexpr (std::is_floating_point_v<Number>)
            line.p = fmt::format_to(line.p, FMT_COMPILE("{}"), double(value));
        else
            line.integer(value);
    }
    if (count > max_binary_values)
        line.text("...");
    return count;
}

/// OB, OW, OF, OD, OL, OV, UN: bytes (or words) in lower-case hex.
void put_words(Line& line, const Element& element)
{
    auto bytes = element.bytes();
    unsigned unit = element.vr == VR::OW ? 2 : element.vr == VR::OL || element.vr == VR::OF ? 4
                    : element.vr == VR::OD || element.vr == VR::OV                         ? 8
                                                                                           : 1;
    size_t count = bytes.size() / unit;
    for (size_t i = 0; i < count && i < max_binary_values; ++i) {
        uint64_t word = 0;
        for (unsigned b = 0; b < unit; ++b)
            word |= uint64_t(bytes[i * unit + b]) << (8 * b);
        if (i)
            line.put('\\');
        line.hex(word, unit * 2, "0123456789abcdef");
    }
    if (count > max_binary_values)
        line.text("...");
}

/// The value as shown after the VR; returns the VM.
size_t put_value(Line& line, const Element& element, const CharacterSet& charset)
{
    if (element.is_bulk() && element.bytes().empty()) {
        line.text("(not loaded: ");
        line.integer(element.length());
        line.text(" bytes)");
        return 1;
    }
    if (is_string(element.vr))
        return put_string_value(line, element, charset);
    if (element.length() == 0) {
        line.text("(no value)");
        return 0;
    }
    auto bytes = element.bytes();
    switch (element.vr) {
    case VR::AT: {
        // As many tags as there are, but only 16 shown, without "...".
        size_t count = bytes.size() / 4;
        for (size_t i = 0; i < count && i < max_binary_values; ++i) {
            if (i)
                line.put('\\');
            line.tag(Tag(load_le<uint16_t>(bytes.data() + 4 * i), load_le<uint16_t>(bytes.data() + 4 * i + 2)));
        }
        return count;
    }
    case VR::FL: return put_numbers<float>(line, bytes);
    case VR::FD: return put_numbers<double>(line, bytes);
    case VR::US: return put_numbers<uint16_t>(line, bytes);
    case VR::SS: return put_numbers<int16_t>(line, bytes);
    case VR::UL: return put_numbers<uint32_t>(line, bytes);
    case VR::SL: return put_numbers<int32_t>(line, bytes);
    case VR::SV: return put_numbers<int64_t>(line, bytes);
    case VR::UV: return put_numbers<uint64_t>(line, bytes);
    default: put_words(line, element); return 1;
    }
}

/// A line whose value is fixed text (items, delimiters).
void text_line(Buffer& out, int depth, Tag tag, std::string_view vr, std::string_view value, std::string_view length,
               size_t vm, std::string_view keyword)
{
    Line line = start_line(out, depth, tag, vr);
    line.text(value);
    end_line(out, line, length, vm, keyword);
}

/// "(Sequence with undefined length #=3)", "(Item with explicit length #=5)".
void counted_line(Buffer& out, int depth, Tag tag, std::string_view vr, std::string_view what, bool undefined,
                  size_t count, std::string_view keyword)
{
    Line line = start_line(out, depth, tag, vr);
    line.text(what);
    line.text(undefined ? " with undefined length #=" : " with explicit length #=");
    line.integer(count);
    line.put(')');
    end_line(out, line, undefined ? "u/l" : "", 1, keyword);
}

void list_data_set(const DataSet& data_set, const CharacterSet& inherited, int depth, Buffer& out);

void list_sequence(const Element& element, const Sequence& sequence, const CharacterSet& charset, int depth,
                   Buffer& out)
{
    bool undefined = sequence.length_encoding == LengthEncoding::Undefined;
    counted_line(out, depth, element.tag, vr_name(element.vr), "(Sequence", undefined, sequence.items.size(),
                 keyword_of(element.tag));
    for (const auto& item : sequence.items) {
        bool open = item.length_encoding == LengthEncoding::Undefined;
        counted_line(out, depth + 1, tags::Item, "na", "(Item", open, item.data_set.size(), "Item");
        list_data_set(item.data_set, charset, depth + 2, out);
        if (open)
            text_line(out, depth + 1, tags::ItemDelimitationItem, "na", "(ItemDelimitationItem)", "0", 0,
                      "ItemDelimitationItem");
    }
    if (undefined)
        text_line(out, depth, tags::SequenceDelimitationItem, "na", "(SequenceDelimitationItem)", "0", 0,
                  "SequenceDelimitationItem");
}

void list_fragments(const Element& element, const Fragments& fragments, int depth, Buffer& out)
{
    auto fragment_line = [&](std::string_view what, uint64_t size) {
        Line line = start_line(out, depth + 1, tags::Item, "pi");
        line.text(what);
        line.integer(size);
        line.text(" bytes)");
        fmt::format_int length(size);
        end_line(out, line, {length.data(), length.size()}, 1, "Item");
    };
    Line line = start_line(out, depth, element.tag, vr_name(element.vr));
    line.text("(PixelSequence #=");
    line.integer(fragments.items.size() + 1);
    line.put(')');
    end_line(out, line, "u/l", 1, keyword_of(element.tag));
    fragment_line("(Basic Offset Table, ", fragments.offset_table.size());
    for (const auto& item : fragments.items)
        fragment_line("(fragment, ", item.size());
    text_line(out, depth, tags::SequenceDelimitationItem, "na", "(SequenceDelimitationItem)", "0", 0,
              "SequenceDelimitationItem");
}

void list_data_set(const DataSet& data_set, const CharacterSet& inherited, int depth, Buffer& out)
{
    // Items inherit the enclosing character set unless they carry their own (PS3.5 6.1.2.4).
    std::optional<CharacterSet> own;
    if (const Element* e = data_set.find(tags::SpecificCharacterSet))
        if (auto parsed = CharacterSet::from_value(e->raw_text()))
            own = std::move(*parsed);
    const CharacterSet& charset = own ? *own : inherited;
    for (const auto& element : data_set) {
        if (const auto* sequence = element.sequence()) {
            list_sequence(element, *sequence, charset, depth, out);
            continue;
        }
        if (const auto* fragments = element.fragments()) {
            list_fragments(element, *fragments, depth, out);
            continue;
        }
        Line line = start_line(out, depth, element.tag, vr_name(element.vr));
        size_t vm = put_value(line, element, charset);
        fmt::format_int length(element.length());
        end_line(out, line, {length.data(), length.size()}, vm, keyword_of(element.tag));
    }
}

void append(Buffer& out, std::string_view text) { out.append(text.data(), text.data() + text.size()); }

}  // namespace

void format_listing(const Part10File& file, fmt::memory_buffer& out)
{
    if (!file.meta.empty()) {
        append(out, "# File Meta Information\n");
        list_data_set(file.meta, CharacterSet(), 0, out);
    }
    append(out, "# Data Set (");
    append(out, file.transfer_syntax ? file.transfer_syntax->name : "unknown");
    append(out, ")\n");
    list_data_set(file.data_set, CharacterSet(), 0, out);
    if (file.stopped_early)
        append(out, "# (stopped before the end)\n");
}

}  // namespace roentgen::cli
