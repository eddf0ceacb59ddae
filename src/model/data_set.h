// model/data_set.h — DataSet: elements ordered by tag, with lookup, edit and private block helpers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/element.h"

namespace roentgen {

/// A data set (PS3.5 7): elements sorted by tag, owned by value. It carries no transfer syntax and
/// no character set object; Specific Character Set is just its (0008,0005) element.
class DataSet {
public:
    using const_iterator = std::vector<Element>::const_iterator;
    using iterator = std::vector<Element>::iterator;

    bool empty() const { return m_elements.empty(); }
    size_t size() const { return m_elements.size(); }
    const_iterator begin() const { return m_elements.begin(); }
    const_iterator end() const { return m_elements.end(); }
    iterator begin() { return m_elements.begin(); }
    iterator end() { return m_elements.end(); }
    const std::vector<Element>& elements() const { return m_elements; }

    const Element* find(Tag tag) const;
    Element* find(Tag tag);
    bool contains(Tag tag) const { return find(tag) != nullptr; }

    /// Adds the element or replaces the one with the same tag; returns it.
    Element& set(Element element);
    /// set() for a string value given as raw bytes (already in the data set's character set).
    Element& set_string(Tag tag, VR vr, std::string_view raw);
    /// Adds an element known to sort after every element present (the parser's fast path); falls
    /// back to set() when it does not. Returns false when the tag was already present (replaced).
    bool append(Element element);
    /// Removes the element; false when it was absent.
    bool erase(Tag tag);
    // clear() and reserve() are defined in data_set.cpp: inline here they would instantiate the
    // destruction of a Sequence before Item is complete, which clang rejects (the fuzz build).
    void clear();
    /// Room for `count` elements without reallocating (a parser's estimate).
    void reserve(size_t count);
    /// Removes and returns every element of group `group`.
    std::vector<Element> extract_group(uint16_t group);

    /// The first value of a string element, without padding; nothing when absent or empty.
    std::optional<std::string_view> find_string(Tag tag) const;
    /// The first value of an integer element (US, SS, UL, SL, IS, …).
    std::optional<int64_t> find_integer(Tag tag) const;

    /// The tag of `element_offset` (0x00–0xFF) in the private block that `creator` reserved in
    /// `group` (PS3.5 7.8.1); nothing when no block carries that creator.
    std::optional<Tag> find_private_tag(uint16_t group, std::string_view creator, uint8_t element_offset) const;
    /// The block (0x10–0xFF) reserved for `creator` in `group`, reserving the first free one if none.
    /// Creators compare without their leading and trailing spaces (LO, PS3.5 6.2). Errors: an even
    /// or reserved group, a creator that is not one LO value (blank, over 64 characters, a backslash
    /// or control character), or all 240 blocks taken.
    [[nodiscard]] Result<uint8_t> reserve_private_block(uint16_t group, std::string_view creator);

    bool operator==(const DataSet& other) const;

private:
    std::vector<Element> m_elements;
};

/// One item of a sequence: a nested data set and how its length was encoded.
struct Item {
    DataSet data_set;
    LengthEncoding length_encoding = LengthEncoding::Undefined;
};

bool operator==(const Element& a, const Element& b);

}  // namespace roentgen
