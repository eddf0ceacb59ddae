// model/character_set.h — Specific Character Set (0008,0005): decoding values to UTF-8 and encoding back.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "dict/vr.h"

namespace roentgen {

/// The character repertoires a data set's text uses (PS3.3 C.12.1.1.2, PS3.5 6.1). Copyable and
/// cheap; build once per data set (items inherit their parent's unless they carry their own).
class CharacterSet {
public:
    /// The default repertoire (ISO-IR 6, ASCII) — what an absent (0008,0005) means.
    CharacterSet();
    /// From the values of (0008,0005), e.g. {"ISO 2022 IR 6", "ISO 2022 IR 87"} or {"ISO_IR 192"}.
    /// An empty first value means ISO-IR 6. An unknown term is an error naming it.
    [[nodiscard]] static Result<CharacterSet> from_terms(const std::vector<std::string_view>& terms);
    /// As from_terms() on the raw value of (0008,0005), split on backslash.
    [[nodiscard]] static Result<CharacterSet> from_value(std::string_view raw_value);

    /// Decodes a raw value of `vr` to UTF-8. Only SH, LO, ST, LT, UC, UT and PN use the character
    /// set (PS3.5 6.1.2.3); other VRs pass through. ISO 2022 escape sequences switch code elements
    /// and reset to the initial one at the delimiters of PS3.5 6.1.2.5.3 (backslash between values,
    /// ^ and = in PN, CR LF FF TAB in text). Bytes that do not decode become U+FFFD.
    std::string decode(std::string_view raw, VR vr) const;
    /// Encodes UTF-8 text into this character set, adding ISO 2022 escape sequences where needed.
    /// A character the set cannot represent is an error naming it.
    [[nodiscard]] Result<std::string> encode(std::string_view utf8, VR vr) const;

    /// The defined terms, as given.
    const std::vector<std::string>& terms() const { return m_terms; }
    bool is_default() const;
    bool is_utf8() const;

private:
    std::vector<std::string> m_terms;
    std::shared_ptr<const void> m_state;  // implementation detail of character_set.cpp
};

}  // namespace roentgen
