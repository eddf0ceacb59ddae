// model/person_name.cpp — splitting, joining and checking PN values (PS3.5 6.2.1).
#include "model/person_name.h"

namespace roentgen {

namespace {

constexpr std::array<std::string_view, 3> group_names = {"alphabetic", "ideographic", "phonetic"};
constexpr size_t max_group_characters = 64;

std::unexpected<Error> invalid(Errc code, std::string_view text, std::string_view problem)
{
    return make_error(code, "PN value \"" + std::string(text) + "\" " + std::string(problem));
}

size_t code_points(std::string_view utf8)
{
    size_t count = 0;
    for (char c : utf8)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++count;
    return count;
}

} // namespace

bool PersonNameComponents::empty() const
{
    for (const auto& c : components)
        if (!c.empty())
            return false;
    return true;
}

bool PersonName::empty() const
{
    for (const auto& g : m_groups)
        if (!g.empty())
            return false;
    return true;
}

Result<PersonName> PersonName::parse(std::string_view text)
{
    std::string_view value = text;
    while (!value.empty() && (value.back() == ' ' || value.back() == '\0'))
        value.remove_suffix(1);
    if (value.find('\\') != value.npos)
        return invalid(Errc::Malformed, text, "holds several values (a backslash); parse them one at a time");
    PersonName name;
    size_t group_index = 0;
    size_t start = 0;
    while (true) {
        size_t end = value.find('=', start);
        std::string_view group_text = value.substr(start, end == value.npos ? value.npos : end - start);
        if (group_index >= name.m_groups.size())
            return invalid(Errc::Malformed, text, "has more than 3 component groups (alphabetic=ideographic=phonetic)");
        auto& group = name.m_groups[group_index];
        size_t component_index = 0;
        size_t component_start = 0;
        while (true) {
            size_t caret = group_text.find('^', component_start);
            if (component_index >= group.components.size())
                return invalid(Errc::Malformed, text,
                               "has more than 5 components in its " + std::string(group_names[group_index]) +
                                   " group (family^given^middle^prefix^suffix)");
            group.components[component_index++] = std::string(group_text.substr(
                component_start, caret == group_text.npos ? group_text.npos : caret - component_start));
            if (caret == group_text.npos)
                break;
            component_start = caret + 1;
        }
        ++group_index;
        if (end == value.npos)
            break;
        start = end + 1;
    }
    return name;
}

Result<void> PersonName::validate() const
{
    std::string text = to_string(*this);
    for (size_t g = 0; g < m_groups.size(); ++g) {
        for (const auto& component : m_groups[g].components) {
            for (char c : component) {
                auto byte = static_cast<unsigned char>(c);
                if (c == '^' || c == '=' || c == '\\')
                    return invalid(Errc::Malformed, text,
                                   "has a '" + std::string(1, c) + "' inside a component of its " +
                                       std::string(group_names[g]) + " group");
                if (byte < 0x20 || byte == 0x7F)
                    return invalid(Errc::Malformed, text,
                                   "has a control character in its " + std::string(group_names[g]) + " group");
            }
        }
        size_t length = code_points(to_string(m_groups[g]));
        if (length > max_group_characters)
            return invalid(Errc::LimitExceeded, text,
                           "has " + std::to_string(length) + " characters in its " + std::string(group_names[g]) +
                               " group; at most 64 are allowed (PS3.5 6.2)");
    }
    return {};
}

std::string to_string(const PersonNameComponents& group)
{
    size_t count = group.components.size();
    while (count > 0 && group.components[count - 1].empty())
        --count;
    std::string out;
    for (size_t i = 0; i < count; ++i) {
        if (i)
            out.push_back('^');
        out += group.components[i];
    }
    return out;
}

std::string to_string(const PersonName& name)
{
    constexpr std::array groups = {PersonNameGroup::Alphabetic, PersonNameGroup::Ideographic,
                                   PersonNameGroup::Phonetic};
    size_t count = groups.size();
    while (count > 0 && name.group(groups[count - 1]).empty())
        --count;
    std::string out;
    for (size_t i = 0; i < count; ++i) {
        if (i)
            out.push_back('=');
        out += to_string(name.group(groups[i]));
    }
    return out;
}

} // namespace roentgen
