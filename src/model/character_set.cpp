// model/character_set.cpp — Specific Character Set (0008,0005): term parsing and dispatch to the codecs.
#include "model/character_set.h"

#include "model/element_values.h"
#include "model/internal/charset_iconv.h"
#include "model/internal/charset_iso2022.h"
#include "model/internal/charset_terms.h"
#include "model/internal/charset_utf8.h"

namespace roentgen {

using charset_detail::CodeElement;
using charset_detail::TermFamily;
using charset_detail::TermInfo;

struct CharacterSetCodec {
    TermFamily family = TermFamily::Iso2022;
    charset_detail::Iso2022Config iso2022;
    std::string name; // the terms joined with backslash, for messages
    std::vector<std::string> warnings;
};

namespace {

const CharacterSetCodec& default_codec()
{
    static const CharacterSetCodec codec{TermFamily::Iso2022, {}, "ISO-IR 6 (default repertoire)", {}};
    return codec;
}

std::string_view trim_spaces(std::string_view text)
{
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    return text;
}

std::string quoted(std::string_view term)
{
    return "'" + std::string(term) + "'";
}

// True when any byte is >= 0x80 or ESC: the only bytes whose meaning depends on the set.
bool needs_decoding(std::string_view raw)
{
    for (char c : raw) {
        const auto b = static_cast<unsigned char>(c);
        if (b >= 0x80 || b == 0x1B)
            return true;
    }
    return false;
}

void add_element(std::vector<CodeElement>& elements, CodeElement e)
{
    if (e == CodeElement::None)
        return;
    for (CodeElement existing : elements)
        if (existing == e)
            return;
    elements.push_back(e);
}

// One term of (0008,0005) resolved to a Defined Term, noting an alias in `warnings`.
Result<const TermInfo*> resolve(std::string_view term, std::size_t index, std::vector<std::string>& warnings)
{
    if (const TermInfo* t = charset_detail::find_term(term))
        return t;
    if (auto alias = charset_detail::resolve_alias(term)) {
        warnings.push_back("Specific Character Set value " + std::to_string(index + 1) + " " + quoted(term) +
                           " is not a Defined Term (PS3.3 C.12.1.1.2); read as " +
                           (alias->empty() ? std::string("the default repertoire") : quoted(*alias)));
        return charset_detail::find_term(*alias);
    }
    return make_error(Errc::Unsupported, "unknown Specific Character Set term " + quoted(term) + " (value " +
                                             std::to_string(index + 1) + ")");
}

// Drops what cannot take part in code extensions (PS3.3 C.12.1.1.2 Table C.12-5): everything after
// a stand-alone value 1, and stand-alone terms after value 1.
void drop_stand_alone_extensions(std::vector<const TermInfo*>& resolved, std::vector<std::string>& warnings)
{
    if (resolved.front()->family != TermFamily::Iso2022) {
        if (resolved.size() > 1)
            warnings.push_back(quoted(resolved.front()->term) +
                               " allows no code extensions (PS3.3 C.12.1.1.2); further values ignored");
        resolved.resize(1);
        return;
    }
    std::erase_if(resolved, [&](const TermInfo* t) {
        if (t->family == TermFamily::Iso2022)
            return false;
        warnings.push_back(quoted(t->term) + " cannot be a code extension (PS3.3 C.12.1.1.2); ignored");
        return true;
    });
}

charset_detail::Iso2022Config iso2022_config(const std::vector<const TermInfo*>& resolved,
                                             std::vector<std::string>& warnings)
{
    charset_detail::Iso2022Config config;
    const TermInfo* first = resolved.front();
    // Value 1 sets the initial designations (PS3.5 6.1.2.5.1). A multi-byte G0 element cannot be
    // initial, so G0 starts as ISO-IR 6; ISO 2022 IR 149 or 58 as value 1 starts with its G1
    // designated, which is how peers read the common unescaped EUC-KR or GB 2312 text.
    config.initial_g0 =
        charset_detail::is_multi_byte(first->g0) || first->g0 == CodeElement::None ? CodeElement::IsoIr6 : first->g0;
    config.initial_g1 = first->g1;
    if (resolved.size() == 1 && !first->code_extensions)
        return config;
    for (const TermInfo* t : resolved) {
        if (resolved.size() > 1 && !t->code_extensions && !t->term.empty())
            warnings.push_back(quoted(t->term) + " is used with code extensions; read as its ISO 2022 form "
                                                 "(PS3.3 C.12.1.1.2 Table C.12-3)");
        add_element(config.elements, t->g0);
        add_element(config.elements, t->g1);
    }
    return config;
}

bool is_plain_ascii(const charset_detail::Iso2022Config& c)
{
    return c.initial_g0 == CodeElement::IsoIr6 && c.initial_g1 == CodeElement::None &&
           (c.elements.empty() || (c.elements.size() == 1 && c.elements[0] == CodeElement::IsoIr6));
}

} // namespace

CharacterSet::CharacterSet() = default;

Result<CharacterSet> CharacterSet::from_terms(const std::vector<std::string_view>& terms)
{
    CharacterSet set;
    auto codec = std::make_shared<CharacterSetCodec>();
    std::vector<const TermInfo*> resolved;
    for (std::size_t i = 0; i < terms.size(); ++i) {
        set.m_terms.emplace_back(terms[i]);
        const std::string_view term = trim_spaces(terms[i]);
        codec->name += (i ? "\\" : "") + std::string(term);
        if (term.empty() && i > 0) {
            codec->warnings.push_back("Specific Character Set value " + std::to_string(i + 1) + " is empty; ignored");
            continue;
        }
        ROENTGEN_TRY(const TermInfo* info, resolve(term, i, codec->warnings));
        resolved.push_back(info);
    }
    if (resolved.empty())
        return set; // no value at all: the default

    drop_stand_alone_extensions(resolved, codec->warnings);
    codec->family = resolved.front()->family;
    if (codec->family == TermFamily::Iso2022) {
        codec->iso2022 = iso2022_config(resolved, codec->warnings);
        if (is_plain_ascii(codec->iso2022)) {
            if (codec->warnings.empty())
                return set; // the default repertoire needs no state
            codec->name = default_codec().name;
        }
    }
    set.m_state = std::move(codec);
    return set;
}

Result<CharacterSet> CharacterSet::from_value(std::string_view raw_value)
{
    // "\ISO 2022 IR 87" splits into an empty value 1 and the extension, as PS3.3 C.12.1.1.2 wants.
    return from_terms(split_string_values(raw_value, VR::CS));
}

std::string CharacterSet::decode(std::string_view raw, VR vr) const
{
    if (!uses_character_set(vr) || !needs_decoding(raw))
        return std::string(raw);
    const CharacterSetCodec& codec = m_state ? *m_state : default_codec();
    switch (codec.family) {
    case TermFamily::Utf8:
        return charset_detail::sanitize_utf8(raw);
    case TermFamily::Gb18030:
        return charset_detail::iconv_to_utf8("GB18030", raw);
    case TermFamily::Gbk:
        return charset_detail::iconv_to_utf8("GBK", raw);
    case TermFamily::Iso2022:
        break;
    }
    return charset_detail::iso2022_decode(codec.iso2022, raw, vr);
}

Result<std::string> CharacterSet::encode(std::string_view utf8, VR vr) const
{
    if (!uses_character_set(vr) || !needs_decoding(utf8))
        return std::string(utf8);
    const CharacterSetCodec& codec = m_state ? *m_state : default_codec();
    if (codec.family != TermFamily::Iso2022) {
        if (auto bad = charset_detail::find_invalid_utf8(utf8); bad != std::string_view::npos)
            return make_error(Errc::InvalidArgument,
                              "encoding to " + codec.name + ": ill-formed UTF-8 at offset " + std::to_string(bad));
    }
    switch (codec.family) {
    case TermFamily::Utf8:
        return std::string(utf8);
    case TermFamily::Gb18030:
        return charset_detail::iconv_from_utf8("GB18030", utf8, codec.name);
    case TermFamily::Gbk:
        return charset_detail::iconv_from_utf8("GBK", utf8, codec.name);
    case TermFamily::Iso2022:
        break;
    }
    return charset_detail::iso2022_encode(codec.iso2022, utf8, vr, codec.name);
}

const std::vector<std::string>& CharacterSet::warnings() const
{
    static const std::vector<std::string> none;
    return m_state ? m_state->warnings : none;
}

bool CharacterSet::is_default() const
{
    if (!m_state)
        return true;
    return m_state->family == TermFamily::Iso2022 && is_plain_ascii(m_state->iso2022);
}

bool CharacterSet::is_utf8() const
{
    return m_state && m_state->family == TermFamily::Utf8;
}

} // namespace roentgen
