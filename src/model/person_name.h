// model/person_name.h — PN values (PS3.5 6.2.1): component groups and components, parse, format, checks.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "base/result.h"

namespace roentgen {

/// The three component groups of a PN value, in the order they are written, separated by '='
/// (PS3.5 6.2.1.2).
enum class PersonNameGroup : uint8_t { Alphabetic, Ideographic, Phonetic };

/// The five components of a group, in the order they are written, separated by '^' (PS3.5 6.2.1.1).
enum class PersonNameComponent : uint8_t { Family, Given, Middle, Prefix, Suffix };

/// One component group: family^given^middle^prefix^suffix, each possibly empty.
struct PersonNameComponents {
    std::array<std::string, 5> components;

    const std::string& family() const { return components[0]; }
    const std::string& given() const { return components[1]; }
    const std::string& middle() const { return components[2]; }
    const std::string& prefix() const { return components[3]; }
    const std::string& suffix() const { return components[4]; }
    const std::string& operator[](PersonNameComponent c) const { return components[size_t(c)]; }
    std::string& operator[](PersonNameComponent c) { return components[size_t(c)]; }
    bool empty() const;
    bool operator==(const PersonNameComponents&) const = default;
};

/// One PN value as UTF-8 text (decode it with the data set's CharacterSet first: the ISO 2022
/// escapes of PS3.5 6.1.2.5.3 are gone by then). Holds what was given; formatting drops what the
/// standard says to drop.
class PersonName {
public:
    PersonName() = default;
    /// Splits one value (not a multi-valued raw string: a backslash is an error) on '=' into at most
    /// three groups and each group on '^' into at most five components. Trailing space padding is
    /// removed; spaces inside components are kept. "Smith^John==スミス^ジョン" has an empty
    /// ideographic group. Errors name the value.
    [[nodiscard]] static Result<PersonName> parse(std::string_view text);

    const PersonNameComponents& group(PersonNameGroup g) const { return m_groups[size_t(g)]; }
    PersonNameComponents& group(PersonNameGroup g) { return m_groups[size_t(g)]; }
    const std::string& component(PersonNameGroup g, PersonNameComponent c) const { return group(g)[c]; }
    void set_component(PersonNameGroup g, PersonNameComponent c, std::string value) { group(g)[c] = std::move(value); }
    /// The alphabetic family name, the component most displays and matches use.
    const std::string& family() const { return component(PersonNameGroup::Alphabetic, PersonNameComponent::Family); }
    const std::string& given() const { return component(PersonNameGroup::Alphabetic, PersonNameComponent::Given); }
    bool empty() const;

    /// Checks what the standard limits (PS3.5 6.2 PN, 6.2.1): each formatted group is at most 64
    /// characters (counted as Unicode code points of the UTF-8 text), and no component holds a
    /// delimiter ('^', '=', '\\') or a control character. The error names the group and its length.
    [[nodiscard]] Result<void> validate() const;

    bool operator==(const PersonName&) const = default;

private:
    std::array<PersonNameComponents, 3> m_groups;
};

/// One group formatted: components joined with '^', trailing empty components dropped
/// (PS3.5 6.2.1.1: "Smith^John^^^" is written "Smith^John").
std::string to_string(const PersonNameComponents& group);
/// The value formatted: groups joined with '=', trailing empty groups dropped (PS3.5 6.2.1.2), so
/// an alphabetic-only name has no '='; an empty name is "".
std::string to_string(const PersonName& name);

} // namespace roentgen
