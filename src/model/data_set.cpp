// model/data_set.cpp — ordered element storage, edits and private block reservation.
#include "model/data_set.h"

#include <algorithm>

#include "model/element_values.h"

namespace roentgen {

namespace {
auto lower(std::vector<Element>& v, Tag tag)
{
    return std::lower_bound(v.begin(), v.end(), tag, [](const Element& e, Tag t) { return e.tag < t; });
}
auto lower(const std::vector<Element>& v, Tag tag)
{
    return std::lower_bound(v.begin(), v.end(), tag, [](const Element& e, Tag t) { return e.tag < t; });
}
std::string_view trim_spaces(std::string_view s)
{
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    return s;
}
}  // namespace

const Element* DataSet::find(Tag tag) const
{
    auto it = lower(m_elements, tag);
    return it != m_elements.end() && it->tag == tag ? &*it : nullptr;
}

Element* DataSet::find(Tag tag)
{
    auto it = lower(m_elements, tag);
    return it != m_elements.end() && it->tag == tag ? &*it : nullptr;
}

Element& DataSet::set(Element element)
{
    auto it = lower(m_elements, element.tag);
    if (it != m_elements.end() && it->tag == element.tag) {
        *it = std::move(element);
        return *it;
    }
    return *m_elements.insert(it, std::move(element));
}

Element& DataSet::set_string(Tag tag, VR vr, std::string_view raw)
{
    return set(Element(tag, vr, std::string(raw)));
}

bool DataSet::append(Element element)
{
    if (m_elements.empty() || m_elements.back().tag < element.tag) {
        m_elements.push_back(std::move(element));
        return true;
    }
    bool existed = contains(element.tag);
    set(std::move(element));
    return !existed;
}

void DataSet::clear() { m_elements.clear(); }

void DataSet::reserve(size_t count) { m_elements.reserve(count); }

bool DataSet::erase(Tag tag)
{
    auto it = lower(m_elements, tag);
    if (it == m_elements.end() || it->tag != tag)
        return false;
    m_elements.erase(it);
    return true;
}

std::vector<Element> DataSet::extract_group(uint16_t group)
{
    auto first = lower(m_elements, Tag(group, 0));
    auto last = lower(m_elements, Tag(uint32_t(group) << 16 | 0xFFFFu));
    if (last != m_elements.end() && last->tag == Tag(group, 0xFFFF))
        ++last;
    std::vector<Element> out(std::make_move_iterator(first), std::make_move_iterator(last));
    m_elements.erase(first, last);
    return out;
}

std::optional<std::string_view> DataSet::find_string(Tag tag) const
{
    const Element* e = find(tag);
    if (!e)
        return std::nullopt;
    auto values = string_values(*e);
    if (values.empty() || values.front().empty())
        return std::nullopt;
    return values.front();
}

std::optional<int64_t> DataSet::find_integer(Tag tag) const
{
    const Element* e = find(tag);
    if (!e)
        return std::nullopt;
    auto values = integer_values(*e);
    if (!values || values->empty())
        return std::nullopt;
    return values->front();
}

std::optional<Tag> DataSet::find_private_tag(uint16_t group, std::string_view creator, uint8_t element_offset) const
{
    creator = trim_spaces(creator);
    if ((group & 1) == 0)
        return std::nullopt;
    for (uint16_t block = 0x10; block <= 0xFF; ++block) {
        const Element* e = find(Tag(group, block));
        if (!e)
            continue;
        auto values = string_values(*e);
        if (!values.empty() && values.front() == creator)
            return Tag(group, uint16_t(block << 8 | element_offset));
    }
    return std::nullopt;
}

Result<uint8_t> DataSet::reserve_private_block(uint16_t group, std::string_view creator)
{
    if ((group & 1) == 0 || group <= 0x0008 || group == 0xFFFF)
        return make_error(Errc::InvalidArgument, "group " + to_string(Tag(group, 0)).substr(1, 4) +
                                                     " is not a private group");
    // LO: leading and trailing spaces are not significant (PS3.5 6.2); the stored value is compared trimmed.
    creator = trim_spaces(creator);
    if (creator.empty() || creator.size() > 64)
        return make_error(Errc::InvalidArgument, "a Private Creator must be 1 to 64 characters (LO)");
    // One LO value: a backslash would split it and the block could never be found again.
    for (char c : creator)
        if (c == '\\' || (static_cast<unsigned char>(c) < 0x20 && c != '\x1B'))
            return make_error(Errc::InvalidArgument, "Private Creator \"" + std::string(creator) +
                                                         "\" has a backslash or control character (LO)");
    for (uint16_t block = 0x10; block <= 0xFF; ++block) {
        const Element* e = find(Tag(group, block));
        if (!e)
            continue;
        auto values = string_values(*e);
        if (!values.empty() && values.front() == creator)
            return uint8_t(block);
    }
    for (uint16_t block = 0x10; block <= 0xFF; ++block) {
        if (!find(Tag(group, block))) {
            std::string value(creator);
            if (value.size() % 2)
                value.push_back(' ');
            set(Element(Tag(group, block), VR::LO, std::move(value)));
            return uint8_t(block);
        }
    }
    return make_error(Errc::LimitExceeded, "every private block of group " + to_string(Tag(group, 0)).substr(1, 4) +
                                               " is taken");
}

bool operator==(const Element& a, const Element& b)
{
    if (a.tag != b.tag || a.vr != b.vr)
        return false;
    bool a_primitive = !a.is_sequence() && !a.is_fragments();
    bool b_primitive = !b.is_sequence() && !b.is_fragments();
    if (a_primitive && b_primitive) {
        if (a.length() != b.length())
            return false;
        auto load = [](const Element& e) -> std::vector<uint8_t> {
            if (const auto* s = std::get_if<std::string>(&e.value))
                return std::vector<uint8_t>(s->begin(), s->end());
            return std::get<BulkData>(e.value).load().value_or(std::vector<uint8_t>{});
        };
        return load(a) == load(b);
    }
    if (a.value.index() != b.value.index())
        return false;
    if (const auto* sa = a.sequence()) {
        const auto* sb = b.sequence();
        if (sa->items.size() != sb->items.size())
            return false;
        for (size_t i = 0; i < sa->items.size(); ++i)
            if (!(sa->items[i].data_set == sb->items[i].data_set))
                return false;
        return true;
    }
    if (const auto* fa = a.fragments()) {
        const auto* fb = b.fragments();
        if (fa->items.size() != fb->items.size())
            return false;
        auto same = [](const BulkData& x, const BulkData& y) {
            auto lx = x.load(), ly = y.load();
            return lx && ly && *lx == *ly;
        };
        if (!same(fa->offset_table, fb->offset_table))
            return false;
        for (size_t i = 0; i < fa->items.size(); ++i)
            if (!same(fa->items[i], fb->items[i]))
                return false;
        return true;
    }
    return true;
}

bool DataSet::operator==(const DataSet& other) const
{
    return m_elements == other.m_elements;
}

}  // namespace roentgen
