// model/internal/charset_terms.cpp — the Defined Terms of (0008,0005), their code elements and aliases.
#include "model/internal/charset_terms.h"

#include <array>
#include <cctype>
#include <vector>

#include "base/assert.h"

namespace roentgen::charset_detail {
namespace {

using E = CodeElement;

// PS3.3 Tables C.12-3 and C.12-4: the escape sequences (ESC is 01/11).
constexpr std::array<CodeElementInfo, code_element_count> code_elements{{
    {E::None, 0, 1, "", "none"},
    {E::IsoIr6, 0, 1, "\x1b(B", "ISO-IR 6"},
    {E::IsoIr14, 0, 1, "\x1b(J", "ISO-IR 14"},
    {E::IsoIr13, 1, 1, "\x1b)I", "ISO-IR 13"},
    {E::IsoIr100, 1, 1, "\x1b-A", "ISO-IR 100"},
    {E::IsoIr101, 1, 1, "\x1b-B", "ISO-IR 101"},
    {E::IsoIr109, 1, 1, "\x1b-C", "ISO-IR 109"},
    {E::IsoIr110, 1, 1, "\x1b-D", "ISO-IR 110"},
    {E::IsoIr144, 1, 1, "\x1b-L", "ISO-IR 144"},
    {E::IsoIr127, 1, 1, "\x1b-G", "ISO-IR 127"},
    {E::IsoIr126, 1, 1, "\x1b-F", "ISO-IR 126"},
    {E::IsoIr138, 1, 1, "\x1b-H", "ISO-IR 138"},
    {E::IsoIr148, 1, 1, "\x1b-M", "ISO-IR 148"},
    {E::IsoIr166, 1, 1, "\x1b-T", "ISO-IR 166"},
    {E::IsoIr203, 1, 1, "\x1b-b", "ISO-IR 203"},
    {E::IsoIr87, 0, 2, "\x1b$B", "ISO-IR 87"},
    {E::IsoIr159, 0, 2, "\x1b$(D", "ISO-IR 159"},
    {E::IsoIr149, 1, 2, "\x1b$)C", "ISO-IR 149"},
    {E::IsoIr58, 1, 2, "\x1b$)A", "ISO-IR 58"},
}};

using F = TermFamily;

// PS3.3 C.12.1.1.2: Tables C.12-2 (single-byte, no extensions), C.12-3 (single-byte with
// extensions), C.12-4 (multi-byte with extensions), C.12-5 (multi-byte without extensions).
// ISO 2022 IR 149 and IR 58 designate only G1; G0 stays ISO-IR 6.
constexpr TermInfo terms[] = {
    {"", F::Iso2022, false, E::IsoIr6, E::None},
    {"ISO_IR 100", F::Iso2022, false, E::IsoIr6, E::IsoIr100},
    {"ISO_IR 101", F::Iso2022, false, E::IsoIr6, E::IsoIr101},
    {"ISO_IR 109", F::Iso2022, false, E::IsoIr6, E::IsoIr109},
    {"ISO_IR 110", F::Iso2022, false, E::IsoIr6, E::IsoIr110},
    {"ISO_IR 144", F::Iso2022, false, E::IsoIr6, E::IsoIr144},
    {"ISO_IR 127", F::Iso2022, false, E::IsoIr6, E::IsoIr127},
    {"ISO_IR 126", F::Iso2022, false, E::IsoIr6, E::IsoIr126},
    {"ISO_IR 138", F::Iso2022, false, E::IsoIr6, E::IsoIr138},
    {"ISO_IR 148", F::Iso2022, false, E::IsoIr6, E::IsoIr148},
    {"ISO_IR 203", F::Iso2022, false, E::IsoIr6, E::IsoIr203},
    {"ISO_IR 13", F::Iso2022, false, E::IsoIr14, E::IsoIr13},
    {"ISO_IR 166", F::Iso2022, false, E::IsoIr6, E::IsoIr166},
    {"ISO 2022 IR 6", F::Iso2022, true, E::IsoIr6, E::None},
    {"ISO 2022 IR 100", F::Iso2022, true, E::IsoIr6, E::IsoIr100},
    {"ISO 2022 IR 101", F::Iso2022, true, E::IsoIr6, E::IsoIr101},
    {"ISO 2022 IR 109", F::Iso2022, true, E::IsoIr6, E::IsoIr109},
    {"ISO 2022 IR 110", F::Iso2022, true, E::IsoIr6, E::IsoIr110},
    {"ISO 2022 IR 144", F::Iso2022, true, E::IsoIr6, E::IsoIr144},
    {"ISO 2022 IR 127", F::Iso2022, true, E::IsoIr6, E::IsoIr127},
    {"ISO 2022 IR 126", F::Iso2022, true, E::IsoIr6, E::IsoIr126},
    {"ISO 2022 IR 138", F::Iso2022, true, E::IsoIr6, E::IsoIr138},
    {"ISO 2022 IR 148", F::Iso2022, true, E::IsoIr6, E::IsoIr148},
    {"ISO 2022 IR 203", F::Iso2022, true, E::IsoIr6, E::IsoIr203},
    {"ISO 2022 IR 13", F::Iso2022, true, E::IsoIr14, E::IsoIr13},
    {"ISO 2022 IR 166", F::Iso2022, true, E::IsoIr6, E::IsoIr166},
    {"ISO 2022 IR 87", F::Iso2022, true, E::IsoIr87, E::None},
    {"ISO 2022 IR 159", F::Iso2022, true, E::IsoIr159, E::None},
    {"ISO 2022 IR 149", F::Iso2022, true, E::None, E::IsoIr149},
    {"ISO 2022 IR 58", F::Iso2022, true, E::None, E::IsoIr58},
    {"ISO_IR 192", F::Utf8, false, E::None, E::None},
    {"GB18030", F::Gb18030, false, E::None, E::None},
    {"GBK", F::Gbk, false, E::None, E::None},
};

// Upper-cased alphanumeric runs, split where letters meet digits: "iso-ir100" -> ISO IR 100.
std::vector<std::string> tokens_of(std::string_view text)
{
    std::vector<std::string> tokens;
    std::string current;
    int current_class = 0; // 0 none, 1 letters, 2 digits
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        const int cls = std::isalpha(u) ? 1 : std::isdigit(u) ? 2 : 0;
        if (cls != current_class && !current.empty()) {
            tokens.push_back(current);
            current.clear();
        }
        current_class = cls;
        if (cls != 0)
            current.push_back(static_cast<char>(std::toupper(u)));
    }
    if (!current.empty())
        tokens.push_back(current);
    return tokens;
}

std::optional<std::string_view> known(std::string_view term)
{
    if (const TermInfo* t = find_term(term))
        return t->term;
    return std::nullopt;
}

// An "ISO IR n" spelling: the single-byte term if there is one, else the code-extension term
// (peers write "ISO_IR 149" for ISO 2022 IR 149), and "ISO_IR 6" is the default repertoire.
std::optional<std::string_view> iso_ir_term(const std::string& number, bool prefer_extensions)
{
    if (number == "6")
        return prefer_extensions ? known("ISO 2022 IR 6") : known("");
    const std::string single = "ISO_IR " + number;
    const std::string extended = "ISO 2022 IR " + number;
    if (prefer_extensions) {
        if (auto t = known(extended))
            return t;
        return known(single);
    }
    if (auto t = known(single))
        return t;
    return known(extended);
}

std::optional<std::string_view> iso_8859_term(const std::string& part)
{
    static constexpr std::pair<std::string_view, std::string_view> parts[] = {
        {"1", "ISO_IR 100"}, {"2", "ISO_IR 101"},  {"3", "ISO_IR 109"},  {"4", "ISO_IR 110"},
        {"5", "ISO_IR 144"}, {"6", "ISO_IR 127"},  {"7", "ISO_IR 126"},  {"8", "ISO_IR 138"},
        {"9", "ISO_IR 148"}, {"11", "ISO_IR 166"}, {"15", "ISO_IR 203"},
    };
    for (auto [p, term] : parts)
        if (p == part)
            return known(term);
    return std::nullopt;
}

std::optional<std::string_view> latin_term(const std::string& number)
{
    static constexpr std::pair<std::string_view, std::string_view> latins[] = {
        {"1", "ISO_IR 100"}, {"2", "ISO_IR 101"}, {"3", "ISO_IR 109"},
        {"4", "ISO_IR 110"}, {"5", "ISO_IR 148"}, {"9", "ISO_IR 203"},
    };
    for (auto [n, term] : latins)
        if (n == number)
            return known(term);
    return std::nullopt;
}

} // namespace

const CodeElementInfo& info(CodeElement element)
{
    const auto& entry = code_elements[static_cast<std::size_t>(element)];
    ROENTGEN_ASSERT(entry.element == element);
    return entry;
}

const TermInfo* find_term(std::string_view term)
{
    for (const TermInfo& t : terms)
        if (t.term == term)
            return &t;
    return nullptr;
}

std::optional<std::string_view> resolve_alias(std::string_view text)
{
    const auto tk = tokens_of(text);
    const auto is = [&](std::initializer_list<std::string_view> expected) {
        if (tk.size() != expected.size())
            return false;
        // An empty pattern element matches any token.
        std::size_t i = 0;
        for (auto e : expected) {
            if (!e.empty() && tk[i] != e)
                return false;
            ++i;
        }
        return true;
    };
    if (is({"ISO", "IR", ""}))
        return iso_ir_term(tk[2], false);
    if (is({"ISO", "2022", "IR", ""}))
        return iso_ir_term(tk[3], true);
    if (is({"ISO", "2022", "GBK"})) // pydicom accepts this spelling from an early draft of CP 1234
        return known("GBK");
    if (is({"ISO", "2022", ""}))
        return iso_ir_term(tk[2], true);
    if (is({"UTF", "8"}))
        return known("ISO_IR 192");
    if (is({"ISO", "8859", ""}))
        return iso_8859_term(tk[2]);
    if (is({"LATIN", ""}))
        return latin_term(tk[1]);
    if (is({"GB", "18030"}))
        return known("GB18030");
    if (is({"GBK"}))
        return known("GBK");
    if (is({"GB", "2312"}) || is({"EUC", "CN"}))
        return known("ISO 2022 IR 58");
    if (is({"EUC", "KR"}) || is({"KS", "C", "5601"}) || is({"KS", "X", "1001"}))
        return known("ISO 2022 IR 149");
    if (is({"TIS", "620"}))
        return known("ISO_IR 166");
    return std::nullopt;
}

} // namespace roentgen::charset_detail
