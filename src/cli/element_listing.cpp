// cli/element_listing.cpp — the `dump` listing: tag, VR, value, length, VM, keyword; nesting indented.
#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "base/endian.h"
#include "cli/element_text.h"
#include "dict/dictionary.h"
#include "dict/generated/tags.h"
#include "model/character_set.h"
#include "model/element_values.h"

namespace roentgen::cli {

namespace {

// Every line is written straight into the output buffer: no temporary strings, no format-string
// parsing (the listing of a 500-file series is ~75,000 lines; see bench/BENCHMARKS.md).
constexpr size_t max_value_chars = 64;
constexpr size_t max_binary_values = 16;
constexpr size_t value_column = 52;  // where " # length, VM keyword" starts, as in dcmdump

using Buffer = fmt::memory_buffer;

void append(Buffer& out, std::string_view text) { out.append(text.data(), text.data() + text.size()); }

void append_spaces(Buffer& out, size_t count)
{
    size_t at = out.size();
    out.resize(at + count);
    std::fill_n(out.data() + at, count, ' ');
}

template <typename Integer> void append_integer(Buffer& out, Integer value)
{
    fmt::format_int text(value);
    out.append(text.data(), text.data() + text.size());
}

void append_hex(Buffer& out, uint64_t value, unsigned digits, const char* alphabet)
{
    size_t at = out.size();
    out.resize(at + digits);
    for (unsigned i = digits; i-- > 0; value >>= 4)
        out[at + i] = alphabet[value & 0xF];
}

/// "(0010,0010)", upper-case hex as to_string(Tag).
void append_tag(Buffer& out, Tag tag)
{
    out.push_back('(');
    append_hex(out, tag.group(), 4, "0123456789ABCDEF");
    out.push_back(',');
    append_hex(out, tag.element(), 4, "0123456789ABCDEF");
    out.push_back(')');
}

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

/// The value of a string VR between brackets, values joined by backslash, control characters as
/// '.', clipped to 64 characters followed by "..."; returns the VM.
size_t append_string_value(Buffer& out, const Element& element, const CharacterSet& charset)
{
    std::string_view text = element.raw_text();
    std::string decoded;
    // CharacterSet::decode() copies text without ESC or bytes >= 0x80 unchanged: skip the copy.
    bool plain = std::none_of(text.begin(), text.end(), [](char c) { return (unsigned char)c >= 0x80 || c == 0x1B; });
    if (!plain && uses_character_set(element.vr)) {
        decoded = charset.decode(text, element.vr);
        text = decoded;
    }
    size_t start = out.size();
    size_t written = 1;  // the characters of "[" + values, counted past the clip point
    out.push_back('[');
    auto put = [&](char c) {
        if (written++ < max_value_chars + 1)
            out.push_back(static_cast<unsigned char>(c) < 0x20 ? '.' : c);
    };
    bool first = true;
    size_t vm = for_each_string_value(text, element.vr, [&](std::string_view value) {
        if (!first)
            put('\\');
        first = false;
        for (char c : value)
            put(c);
    });
    if (vm == 0) {
        out.resize(start);
        append(out, "(no value)");
        return 0;
    }
    if (written > max_value_chars) {
        out.resize(start + max_value_chars);
        append(out, "...");
    }
    out.push_back(']');
    return vm;
}

/// Up to 16 binary numbers separated by backslash, "..." when there are more; returns the VM.
template <typename Number> size_t append_numbers(Buffer& out, std::span<const uint8_t> bytes, bool ellipsis)
{
    size_t count = bytes.size() / sizeof(Number);
    for (size_t i = 0; i < count && i < max_binary_values; ++i) {
        if (i)
            out.push_back('\\');
        Number value = load_le<Number>(bytes.data() + i * sizeof(Number));
        if constexpr (std::is_floating_point_v<Number>)
            fmt::format_to(fmt::appender(out), FMT_COMPILE("{}"), double(value));
        else
            append_integer(out, value);
    }
    if (ellipsis && count > max_binary_values)
        append(out, "...");
    return count;
}

/// OB, OW, OF, OD, OL, OV, UN: bytes (or words) in lower-case hex.
void append_words(Buffer& out, const Element& element)
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
            out.push_back('\\');
        append_hex(out, word, unit * 2, "0123456789abcdef");
    }
    if (count > max_binary_values)
        append(out, "...");
}

/// The value as shown after the VR; returns the VM.
size_t append_value(Buffer& out, const Element& element, const CharacterSet& charset)
{
    if (element.is_bulk() && element.bytes().empty()) {
        append(out, "(not loaded: ");
        append_integer(out, element.length());
        append(out, " bytes)");
        return 1;
    }
    if (is_string(element.vr))
        return append_string_value(out, element, charset);
    if (element.length() == 0) {
        append(out, "(no value)");
        return 0;
    }
    auto bytes = element.bytes();
    switch (element.vr) {
    case VR::AT: {
        size_t count = bytes.size() / 4;
        for (size_t i = 0; i < count && i < max_binary_values; ++i) {
            if (i)
                out.push_back('\\');
            append_tag(out, Tag(load_le<uint16_t>(bytes.data() + 4 * i), load_le<uint16_t>(bytes.data() + 4 * i + 2)));
        }
        return count;
    }
    case VR::FL: return append_numbers<float>(out, bytes, true);
    case VR::FD: return append_numbers<double>(out, bytes, true);
    case VR::US: return append_numbers<uint16_t>(out, bytes, true);
    case VR::SS: return append_numbers<int16_t>(out, bytes, true);
    case VR::UL: return append_numbers<uint32_t>(out, bytes, true);
    case VR::SL: return append_numbers<int32_t>(out, bytes, true);
    case VR::SV: return append_numbers<int64_t>(out, bytes, true);
    case VR::UV: return append_numbers<uint64_t>(out, bytes, true);
    default: append_words(out, element); return 1;
    }
}

/// Starts a line: indentation, tag and VR. finish_line() pads and ends it.
size_t begin_line(Buffer& out, int depth, Tag tag, std::string_view vr)
{
    size_t start = out.size();
    append_spaces(out, size_t(depth) * 2);
    append_tag(out, tag);
    out.push_back(' ');
    append(out, vr);
    out.push_back(' ');
    return start;
}

/// Pads what begin_line() started to the value column (in display width, as fmt counts it, when
/// the value is not ASCII), then " # length, VM keyword".
void finish_line(Buffer& out, size_t start, std::string_view length, size_t vm, std::string_view keyword)
{
    std::string_view head(out.data() + start, out.size() - start);
    if (std::any_of(head.begin(), head.end(), [](char c) { return (unsigned char)c >= 0x80; })) {
        std::string copy(head);
        out.resize(start);
        fmt::format_to(fmt::appender(out), "{:<{}}", copy, value_column);
    } else if (head.size() < value_column) {
        append_spaces(out, value_column - head.size());
    }
    append(out, " # ");
    if (length.size() < 4)
        append_spaces(out, 4 - length.size());
    append(out, length);
    append(out, ", ");
    append_integer(out, vm);
    out.push_back(' ');
    append(out, keyword);
    out.push_back('\n');
}

void line(Buffer& out, int depth, Tag tag, std::string_view vr, std::string_view value, std::string_view length,
          size_t vm, std::string_view keyword)
{
    size_t start = begin_line(out, depth, tag, vr);
    append(out, value);
    finish_line(out, start, length, vm, keyword);
}

/// "(Sequence with undefined length #=3)" and the like.
std::string_view describe_count(fmt::memory_buffer& scratch, std::string_view what, bool undefined, size_t count)
{
    scratch.clear();
    append(scratch, what);
    append(scratch, undefined ? " with undefined length #=" : " with explicit length #=");
    append_integer(scratch, count);
    scratch.push_back(')');
    return {scratch.data(), scratch.size()};
}

void list_data_set(const DataSet& data_set, const CharacterSet& inherited, int depth, Buffer& out);

void list_sequence(const Element& element, const Sequence& sequence, const CharacterSet& charset, int depth,
                   Buffer& out)
{
    fmt::memory_buffer scratch;
    bool undefined = sequence.length_encoding == LengthEncoding::Undefined;
    line(out, depth, element.tag, vr_name(element.vr),
         describe_count(scratch, "(Sequence", undefined, sequence.items.size()), undefined ? "u/l" : "", 1,
         keyword_of(element.tag));
    for (const auto& item : sequence.items) {
        bool open = item.length_encoding == LengthEncoding::Undefined;
        line(out, depth + 1, tags::Item, "na", describe_count(scratch, "(Item", open, item.data_set.size()),
             open ? "u/l" : "", 1, "Item");
        list_data_set(item.data_set, charset, depth + 2, out);
        if (open)
            line(out, depth + 1, tags::ItemDelimitationItem, "na", "(ItemDelimitationItem)", "0", 0,
                 "ItemDelimitationItem");
    }
    if (undefined)
        line(out, depth, tags::SequenceDelimitationItem, "na", "(SequenceDelimitationItem)", "0", 0,
             "SequenceDelimitationItem");
}

void list_fragments(const Element& element, const Fragments& fragments, int depth, Buffer& out)
{
    auto fragment_line = [&](std::string_view what, uint64_t size) {
        size_t start = begin_line(out, depth + 1, tags::Item, "pi");
        append(out, what);
        append_integer(out, size);
        append(out, " bytes)");
        fmt::format_int length(size);
        finish_line(out, start, {length.data(), length.size()}, 1, "Item");
    };
    size_t start = begin_line(out, depth, element.tag, vr_name(element.vr));
    append(out, "(PixelSequence #=");
    append_integer(out, fragments.items.size() + 1);
    out.push_back(')');
    finish_line(out, start, "u/l", 1, keyword_of(element.tag));
    fragment_line("(Basic Offset Table, ", fragments.offset_table.size());
    for (const auto& item : fragments.items)
        fragment_line("(fragment, ", item.size());
    line(out, depth, tags::SequenceDelimitationItem, "na", "(SequenceDelimitationItem)", "0", 0,
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
        size_t start = begin_line(out, depth, element.tag, vr_name(element.vr));
        size_t vm = append_value(out, element, charset);
        fmt::format_int length(element.length());
        finish_line(out, start, {length.data(), length.size()}, vm, keyword_of(element.tag));
    }
}

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
