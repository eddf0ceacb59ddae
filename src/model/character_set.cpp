// model/character_set.cpp — TEMPORARY pass-through until the charset work lands (see issue 2 point 4).
#include "model/character_set.h"

#include "model/element_values.h"

namespace roentgen {

CharacterSet::CharacterSet() = default;

Result<CharacterSet> CharacterSet::from_terms(const std::vector<std::string_view>& terms)
{
    CharacterSet set;
    for (auto t : terms)
        set.m_terms.emplace_back(t);
    return set;
}

Result<CharacterSet> CharacterSet::from_value(std::string_view raw_value)
{
    return from_terms(split_string_values(raw_value, VR::CS));
}

std::string CharacterSet::decode(std::string_view raw, VR) const { return std::string(raw); }

Result<std::string> CharacterSet::encode(std::string_view utf8, VR) const { return std::string(utf8); }

bool CharacterSet::is_default() const { return m_terms.empty(); }
bool CharacterSet::is_utf8() const { return !m_terms.empty() && m_terms[0] == "ISO_IR 192"; }

}  // namespace roentgen
