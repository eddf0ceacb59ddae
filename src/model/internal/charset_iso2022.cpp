// model/internal/charset_iso2022.cpp — ISO 2022 code extensions: G0/G1 designation by escape sequence.
#include "model/internal/charset_iso2022.h"

#include <optional>

#include "model/internal/charset_tables.h"
#include "model/internal/charset_utf8.h"

namespace roentgen::charset_detail {
namespace {

constexpr uint8_t esc = 0x1B;

struct Designations {
    CodeElement g0;
    CodeElement g1;
};

// PS3.5 6.1.2.5.3: the initial designations are active again after these.
bool is_reset_point(uint8_t byte, VR vr)
{
    if (byte < 0x20)
        return byte != esc; // CR, LF, FF, TAB and every other C0 control
    if (byte == '\\')
        return is_multi_valued_string(vr); // value delimiter
    if (byte == '^' || byte == '=')
        return vr == VR::PN; // component and component group delimiters
    return false;
}

// ESC, intermediates 02/00..02/15, one final byte 03/00..07/14 (ISO 2022 13.1); 0 if malformed.
std::size_t escape_length(std::string_view raw, std::size_t at)
{
    std::size_t i = at + 1;
    while (i < raw.size() && static_cast<uint8_t>(raw[i]) >= 0x20 && static_cast<uint8_t>(raw[i]) <= 0x2F)
        ++i;
    if (i < raw.size() && static_cast<uint8_t>(raw[i]) >= 0x30 && static_cast<uint8_t>(raw[i]) <= 0x7E)
        return i + 1 - at;
    return 0;
}

std::optional<CodeElement> element_of_escape(std::string_view sequence)
{
    for (std::size_t i = 1; i < code_element_count; ++i) {
        const auto e = static_cast<CodeElement>(i);
        if (info(e).escape == sequence)
            return e;
    }
    // Tolerated: JIS C 6226-1978 (ESC $ @), which ISO-2022-JP writers still emit for JIS X 0208,
    // and the long form ESC $ ( B of the same designation.
    if (sequence == "\x1b$@" || sequence == "\x1b$(B")
        return CodeElement::IsoIr87;
    return std::nullopt;
}

void designate(Designations& state, CodeElement e)
{
    (info(e).register_index == 0 ? state.g0 : state.g1) = e;
}

} // namespace

std::string iso2022_decode(const Iso2022Config& config, std::string_view raw, VR vr)
{
    const Designations initial{config.initial_g0, config.initial_g1};
    Designations state = initial;
    std::string out;
    out.reserve(raw.size() + raw.size() / 2);
    const std::size_t n = raw.size();
    auto at = [&](std::size_t i) { return static_cast<uint8_t>(raw[i]); };
    std::size_t i = 0;
    while (i < n) {
        const uint8_t b = at(i);
        if (b == esc) {
            const std::size_t length = escape_length(raw, i);
            const auto element = length ? element_of_escape(raw.substr(i, length)) : std::nullopt;
            if (element)
                designate(state, *element);
            else
                append_utf8(out, replacement_character);
            i += length ? length : 1;
        } else if (b <= 0x20 || b == 0x7F) {
            // Controls, SPACE and DEL are the same whatever G0 holds (ISO 2022 6.2).
            out.push_back(static_cast<char>(b));
            if (is_reset_point(b, vr))
                state = initial;
            ++i;
        } else if (b < 0x80) {
            if (is_multi_byte(state.g0)) {
                if (i + 1 < n && at(i + 1) > 0x20 && at(i + 1) < 0x7F) {
                    append_utf8(out, decode_double_byte(state.g0, b, at(i + 1)));
                    i += 2;
                } else {
                    append_utf8(out, replacement_character);
                    ++i;
                }
                continue;
            }
            // ISO-IR 14 differs from ASCII only at 0x5C (YEN SIGN) and 0x7E (OVERLINE); like
            // pydicom (Python's shift_jis) and fo-dicom we read them as ASCII, because 0x5C is
            // DICOM's value delimiter in every character set (PS3.5 6.1.3).
            out.push_back(static_cast<char>(b));
            if (is_reset_point(b, vr))
                state = initial;
            ++i;
        } else if (state.g1 == CodeElement::None) {
            append_utf8(out, b); // undeclared ISO 8859-1, see the header
            ++i;
        } else if (is_multi_byte(state.g1)) {
            if (b >= 0xA1 && b <= 0xFE && i + 1 < n && at(i + 1) >= 0xA1 && at(i + 1) <= 0xFE) {
                append_utf8(out, decode_double_byte(state.g1, b & 0x7F, at(i + 1) & 0x7F));
                i += 2;
            } else {
                append_utf8(out, replacement_character);
                ++i;
            }
        } else {
            append_utf8(out, decode_single_byte(state.g1, b));
            ++i;
        }
    }
    return out;
}

namespace {

class Encoder {
public:
    Encoder(const Iso2022Config& config, std::string_view set_name, VR vr)
        : m_config(config), m_set_name(set_name), m_vr(vr), m_state{config.initial_g0, config.initial_g1}
    {
    }

    Result<std::string> run(std::string_view utf8)
    {
        m_out.reserve(utf8.size() + 8);
        std::size_t i = 0;
        while (i < utf8.size()) {
            const auto c = read_utf8(utf8, i);
            if (!c.valid)
                return make_error(Errc::InvalidArgument, "encoding to " + std::string(m_set_name) +
                                                             ": ill-formed UTF-8 at offset " + std::to_string(i));
            if (c.code_point < 0x80) {
                if (c.code_point == esc)
                    return make_error(Errc::InvalidArgument,
                                      "encoding to " + std::string(m_set_name) + ": ESC at offset " +
                                          std::to_string(i) +
                                          " (escape sequences are written by the encoder, PS3.5 6.1.2.5)");
                put_ascii(static_cast<uint8_t>(c.code_point));
            } else if (!put_other(c.code_point)) {
                return make_error(Errc::InvalidArgument, describe_code_point(c.code_point) + " at offset " +
                                                             std::to_string(i) + " is not in Specific Character Set '" +
                                                             std::string(m_set_name) + "'");
            }
            i += c.length;
        }
        restore_initial();
        return std::move(m_out);
    }

private:
    // PS3.5 6.1.2.5.3: value 1's designations before delimiters and at the end of the value. A G1
    // with no initial element needs no escape: the reader drops it at the delimiter anyway.
    void restore_initial()
    {
        if (m_state.g0 != m_config.initial_g0)
            m_out += info(m_config.initial_g0).escape;
        if (m_config.initial_g1 != CodeElement::None && m_state.g1 != m_config.initial_g1)
            m_out += info(m_config.initial_g1).escape;
        m_state = {m_config.initial_g0, m_config.initial_g1};
    }

    void put_ascii(uint8_t byte)
    {
        if (is_reset_point(byte, m_vr)) {
            restore_initial();
        } else if (is_multi_byte(m_state.g0)) {
            // Back to a one-byte G0 (also for SPACE, which readers that ignore ISO 2022 6.2 want).
            m_out += info(m_config.initial_g0).escape;
            m_state.g0 = m_config.initial_g0;
        }
        m_out.push_back(static_cast<char>(byte));
    }

    bool put_other(char32_t cp)
    {
        if (try_element(m_state.g1, cp) || (is_multi_byte(m_state.g0) && try_element(m_state.g0, cp)))
            return true;
        for (CodeElement e : m_config.elements)
            if (try_element(e, cp))
                return true;
        return false;
    }

    // Writes `cp` from element `e` (designating it first if needed) when `e` has it.
    bool try_element(CodeElement e, char32_t cp)
    {
        if (e == CodeElement::None || e == CodeElement::IsoIr6 || e == CodeElement::IsoIr14)
            return false;
        std::string bytes;
        if (is_multi_byte(e)) {
            const auto pair = encode_double_byte(e, cp);
            if (!pair)
                return false;
            const uint8_t high = info(e).register_index == 1 ? 0x80 : 0x00;
            bytes.push_back(static_cast<char>(pair->first | high));
            bytes.push_back(static_cast<char>(pair->second | high));
        } else {
            const auto byte = encode_single_byte(e, cp);
            if (!byte)
                return false;
            bytes.push_back(static_cast<char>(*byte));
        }
        CodeElement& slot = info(e).register_index == 0 ? m_state.g0 : m_state.g1;
        if (slot != e) {
            m_out += info(e).escape;
            slot = e;
        }
        m_out += bytes;
        return true;
    }

    const Iso2022Config& m_config;
    std::string_view m_set_name;
    VR m_vr;
    Designations m_state;
    std::string m_out;
};

} // namespace

Result<std::string> iso2022_encode(const Iso2022Config& config, std::string_view utf8, VR vr, std::string_view set_name)
{
    return Encoder(config, set_name, vr).run(utf8);
}

} // namespace roentgen::charset_detail
