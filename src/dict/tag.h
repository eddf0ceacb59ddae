// dict/tag.h — Tag: a (group,element) pair as one 32-bit number, ordered as PS3.5 7.1 requires.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace roentgen {

/// A data element tag (PS3.5 7.1). Data sets are sorted by the numeric value group<<16|element.
struct Tag {
    uint32_t value = 0;

    constexpr Tag() = default;
    constexpr explicit Tag(uint32_t combined) : value(combined) {}
    constexpr Tag(uint16_t group, uint16_t element) : value(uint32_t(group) << 16 | element) {}

    constexpr uint16_t group() const { return uint16_t(value >> 16); }
    constexpr uint16_t element() const { return uint16_t(value & 0xFFFF); }
    /// Odd groups other than 1, 3, 5, 7 and FFFF are private (PS3.5 7.8).
    constexpr bool is_private() const
    {
        uint16_t g = group();
        return (g & 1) != 0 && g > 0x0008 && g != 0xFFFF;
    }
    /// (gggg,0010-00FF) in a private group reserves a block for a Private Creator (PS3.5 7.8.1).
    constexpr bool is_private_creator() const
    {
        return is_private() && element() >= 0x0010 && element() <= 0x00FF;
    }
    /// Group length elements (gggg,0000); retired outside groups 0000 and 0002.
    constexpr bool is_group_length() const { return element() == 0; }

    constexpr auto operator<=>(const Tag&) const = default;
};

/// "(0010,0010)" in upper-case hex.
std::string to_string(Tag tag);
/// Parses "(gggg,eeee)", "gggg,eeee" or "ggggeeee" (hex, either case).
std::optional<Tag> parse_tag(std::string_view text);

namespace tags {
inline constexpr Tag Item{0xFFFE, 0xE000};
inline constexpr Tag ItemDelimitationItem{0xFFFE, 0xE00D};
inline constexpr Tag SequenceDelimitationItem{0xFFFE, 0xE0DD};
}  // namespace tags

}  // namespace roentgen
