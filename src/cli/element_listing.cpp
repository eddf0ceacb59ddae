// cli/element_listing.cpp — the `dump` listing: tag, VR, value, length, VM, keyword; nesting indented.
#include <fmt/format.h>

#include "cli/element_text.h"
#include "dict/dictionary.h"
#include "dict/generated/tags.h"
#include "model/character_set.h"
#include "model/element_values.h"

namespace roentgen::cli {

namespace {

constexpr size_t max_value_chars = 64;
constexpr size_t max_binary_values = 16;

using Out = std::back_insert_iterator<fmt::memory_buffer>;

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

void append_clipped(std::string& text, std::string_view piece)
{
    for (char c : piece) {
        if (text.size() >= max_value_chars + 3)
            return;
        text.push_back(static_cast<unsigned char>(c) < 0x20 ? '.' : c);
    }
}

/// The value as shown between brackets, and the VM.
std::pair<std::string, size_t> describe_value(const Element& element, const CharacterSet& charset)
{
    std::string text;
    size_t vm = 0;
    if (element.is_bulk() && element.bytes().empty())
        return {fmt::format("(not loaded: {} bytes)", element.length()), 1};
    if (is_string(element.vr)) {
        auto raw = element.raw_text();
        std::string decoded = uses_character_set(element.vr) ? charset.decode(raw, element.vr) : std::string(raw);
        auto values = split_string_values(decoded, element.vr);
        vm = values.size();
        if (vm == 0)
            return {"(no value)", 0};
        text.push_back('[');
        for (size_t i = 0; i < values.size(); ++i) {
            if (i)
                text.push_back('\\');
            append_clipped(text, values[i]);
        }
        if (text.size() > max_value_chars) {
            text.resize(max_value_chars);
            text += "...";
        }
        text.push_back(']');
        return {text, vm};
    }
    if (element.length() == 0)
        return {"(no value)", 0};
    if (element.vr == VR::AT) {
        auto t = tag_values(element);
        vm = t ? t->size() : 0;
        for (size_t i = 0; t && i < t->size() && i < max_binary_values; ++i)
            text += (i ? "\\" : "") + to_string((*t)[i]);
        return {text, vm};
    }
    if (element.vr == VR::FL || element.vr == VR::FD) {
        auto f = float_values(element);
        vm = f ? f->size() : 0;
        for (size_t i = 0; f && i < f->size() && i < max_binary_values; ++i)
            text += fmt::format("{}{}", i ? "\\" : "", (*f)[i]);
        if (vm > max_binary_values)
            text += "...";
        return {text, vm};
    }
    if (value_size(element.vr) != 0) {
        auto v = element.vr == VR::UV ? Result<std::vector<int64_t>>() : integer_values(element);
        if (element.vr == VR::UV) {
            auto u = unsigned_values(element);
            vm = u ? u->size() : 0;
            for (size_t i = 0; u && i < u->size() && i < max_binary_values; ++i)
                text += fmt::format("{}{}", i ? "\\" : "", (*u)[i]);
        } else {
            vm = v ? v->size() : 0;
            for (size_t i = 0; v && i < v->size() && i < max_binary_values; ++i)
                text += fmt::format("{}{}", i ? "\\" : "", (*v)[i]);
        }
        if (vm > max_binary_values)
            text += "...";
        return {text, vm};
    }
    // OB, OW, OF, OD, OL, OV, UN: bytes (or words) in hex.
    auto bytes = element.bytes();
    unsigned unit = element.vr == VR::OW ? 2 : element.vr == VR::OL || element.vr == VR::OF ? 4
                    : element.vr == VR::OD || element.vr == VR::OV                         ? 8
                                                                                           : 1;
    size_t count = bytes.size() / unit;
    for (size_t i = 0; i < count && i < max_binary_values; ++i) {
        uint64_t word = 0;
        for (unsigned b = 0; b < unit; ++b)
            word |= uint64_t(bytes[i * unit + b]) << (8 * b);
        text += fmt::format("{}{:0{}x}", i ? "\\" : "", word, unit * 2);
    }
    if (count > max_binary_values)
        text += "...";
    return {text, 1};
}

void line(Out out, int depth, Tag tag, std::string_view vr, std::string_view value, std::string_view length, size_t vm,
          std::string_view keyword)
{
    std::string head = fmt::format("{:{}}{} {} {}", "", depth * 2, to_string(tag), vr, value);
    fmt::format_to(out, "{:<{}} # {:>4}, {} {}\n", head, 52, length, vm, keyword);
}

void list_data_set(const DataSet& data_set, const CharacterSet& inherited, int depth, Out out)
{
    CharacterSet charset = inherited;
    if (const Element* e = data_set.find(tags::SpecificCharacterSet))
        if (auto parsed = CharacterSet::from_value(e->raw_text()))
            charset = std::move(*parsed);
    for (const auto& element : data_set) {
        auto keyword = keyword_of(element.tag);
        if (const auto* sequence = element.sequence()) {
            bool undefined = sequence->length_encoding == LengthEncoding::Undefined;
            line(out, depth, element.tag, vr_name(element.vr),
                 fmt::format("(Sequence with {} length #={})", undefined ? "undefined" : "explicit",
                             sequence->items.size()),
                 undefined ? "u/l" : "", 1, keyword);
            for (const auto& item : sequence->items) {
                bool open = item.length_encoding == LengthEncoding::Undefined;
                line(out, depth + 1, tags::Item, "na",
                     fmt::format("(Item with {} length #={})", open ? "undefined" : "explicit", item.data_set.size()),
                     open ? "u/l" : "", 1, "Item");
                list_data_set(item.data_set, charset, depth + 2, out);
                if (open)
                    line(out, depth + 1, tags::ItemDelimitationItem, "na", "(ItemDelimitationItem)", "0", 0,
                         "ItemDelimitationItem");
            }
            if (undefined)
                line(out, depth, tags::SequenceDelimitationItem, "na", "(SequenceDelimitationItem)", "0", 0,
                     "SequenceDelimitationItem");
            continue;
        }
        if (const auto* fragments = element.fragments()) {
            line(out, depth, element.tag, vr_name(element.vr),
                 fmt::format("(PixelSequence #={})", fragments->items.size() + 1), "u/l", 1, keyword);
            line(out, depth + 1, tags::Item, "pi",
                 fmt::format("(Basic Offset Table, {} bytes)", fragments->offset_table.size()),
                 std::to_string(fragments->offset_table.size()), 1, "Item");
            for (const auto& item : fragments->items)
                line(out, depth + 1, tags::Item, "pi", fmt::format("(fragment, {} bytes)", item.size()),
                     std::to_string(item.size()), 1, "Item");
            line(out, depth, tags::SequenceDelimitationItem, "na", "(SequenceDelimitationItem)", "0", 0,
                 "SequenceDelimitationItem");
            continue;
        }
        auto [value, vm] = describe_value(element, charset);
        line(out, depth, element.tag, vr_name(element.vr), value, std::to_string(element.length()), vm, keyword);
    }
}

}  // namespace

void format_listing(const Part10File& file, fmt::memory_buffer& out)
{
    auto it = std::back_inserter(out);
    if (!file.meta.empty()) {
        fmt::format_to(it, "# File Meta Information\n");
        list_data_set(file.meta, CharacterSet(), 0, it);
    }
    fmt::format_to(it, "# Data Set ({})\n", file.transfer_syntax ? file.transfer_syntax->name : "unknown");
    list_data_set(file.data_set, CharacterSet(), 0, it);
    if (file.stopped_early)
        fmt::format_to(it, "# (stopped before the end)\n");
}

}  // namespace roentgen::cli
