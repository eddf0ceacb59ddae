// dict/tag.cpp — tag formatting and parsing.
#include "dict/tag.h"

namespace roentgen {

std::string to_string(Tag tag)
{
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string s = "(0000,0000)";
    for (int i = 0; i < 4; ++i) {
        s[1 + i] = digits[(tag.group() >> (12 - 4 * i)) & 0xF];
        s[6 + i] = digits[(tag.element() >> (12 - 4 * i)) & 0xF];
    }
    return s;
}

std::optional<Tag> parse_tag(std::string_view text)
{
    if (text.size() >= 2 && text.front() == '(' && text.back() == ')')
        text = text.substr(1, text.size() - 2);
    std::string hex;
    if (text.size() == 9 && text[4] == ',')
        hex = std::string(text.substr(0, 4)) + std::string(text.substr(5));
    else if (text.size() == 8)
        hex = std::string(text);
    else
        return std::nullopt;
    uint32_t value = 0;
    for (char c : hex) {
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return std::nullopt;
        value = value << 4 | uint32_t(d);
    }
    return Tag(value);
}

}  // namespace roentgen
