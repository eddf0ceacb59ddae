// model/element_values.cpp — typed reads and writes of primitive values (PS3.5 6.2).
#include "model/element_values.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "base/endian.h"

namespace roentgen {

namespace {

std::string_view trim(std::string_view v, VR vr) { return trim_string_value(v, vr); }

// Values of a bulk data element whose source is not in memory (a temporary file) are read here;
// Element::bytes() only views contiguous sources.
template <typename T>
Result<void> append_binary(const Element& element, std::vector<T>& out, unsigned size, auto convert)
{
    auto bytes = element.bytes();
    std::vector<uint8_t> loaded;
    if (bytes.size() != element.length()) {
        if (const auto* bulk = std::get_if<BulkData>(&element.value)) {
            ROENTGEN_TRY(loaded, bulk->load());
            bytes = loaded;
        }
    }
    size_t count = bytes.size() / size;
    out.reserve(count);
    for (size_t i = 0; i < count; ++i)
        out.push_back(convert(bytes.data() + i * size));
    return {};
}

// Appends each little-endian `Stored` of the value converted to T.
template <typename Stored, typename T>
Result<void> append_as(const Element& element, std::vector<T>& out)
{
    return append_binary(element, out, sizeof(Stored), [](const uint8_t* p) { return T(load_le<Stored>(p)); });
}

std::string describe(const Element& element) { return to_string(element.tag) + " " + std::string(vr_name(element.vr)); }

}  // namespace

std::vector<std::string_view> split_string_values(std::string_view raw, VR vr)
{
    std::vector<std::string_view> out;
    for_each_string_value(raw, vr, [&](std::string_view value) { out.push_back(value); });
    return out;
}

std::vector<std::string_view> string_values(const Element& element)
{
    return split_string_values(element.raw_text(), element.vr);
}

Result<int64_t> parse_integer_string(std::string_view text)
{
    // PS3.5 6.2 IS: an optional sign then digits. Some writers put an integral decimal like "12.0"
    // in IS; accept digits followed by '.' and zeros, nothing else ("1.5", "1e3" are errors).
    auto t = trim(text, VR::IS);
    std::string_view body = t;
    if (!body.empty() && (body.front() == '+' || body.front() == '-'))
        body.remove_prefix(1);
    size_t digit_count = 0;
    while (digit_count < body.size() && body[digit_count] >= '0' && body[digit_count] <= '9')
        ++digit_count;
    std::string_view rest = body.substr(digit_count);
    bool integral = digit_count > 0 &&
                    (rest.empty() || (rest.front() == '.' && rest.find_first_not_of('0', 1) == rest.npos));
    int64_t value = 0;
    if (integral) {
        // from_chars takes a leading '-' but not '+'.
        std::string number = (t.front() == '-' ? "-" : "") + std::string(body.substr(0, digit_count));
        auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
        integral = ec == std::errc() && ptr == number.data() + number.size();
    }
    if (!integral)
        return make_error(Errc::Malformed, "IS value \"" + std::string(text) + "\" is not an integer");
    return value;
}

Result<double> parse_decimal_string(std::string_view text)
{
    // PS3.5 6.2 DS: fixed or exponential notation with an optional sign; from_chars alone would
    // also take "nan", "inf" and a second sign after '+'.
    auto t = trim(text, VR::DS);
    std::string_view body = t;
    if (!body.empty() && (body.front() == '+' || body.front() == '-'))
        body.remove_prefix(1);
    bool shaped = !body.empty() && ((body.front() >= '0' && body.front() <= '9') || body.front() == '.') &&
                  body.find_first_not_of("0123456789.eE+-") == body.npos;
    std::string_view number = !t.empty() && t.front() == '+' ? t.substr(1) : t;
    double value = 0;
    if (shaped) {
        auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
        shaped = ec == std::errc() && ptr == number.data() + number.size();
    }
    if (!shaped)
        return make_error(Errc::Malformed, "DS value \"" + std::string(text) + "\" is not a decimal number");
    return value;
}

Result<std::vector<int64_t>> integer_values(const Element& element)
{
    std::vector<int64_t> out;
    switch (element.vr) {
    case VR::US: ROENTGEN_TRY(append_as<uint16_t>(element, out)); break;
    case VR::SS: ROENTGEN_TRY(append_as<int16_t>(element, out)); break;
    case VR::UL: ROENTGEN_TRY(append_as<uint32_t>(element, out)); break;
    case VR::SL: ROENTGEN_TRY(append_as<int32_t>(element, out)); break;
    case VR::SV: ROENTGEN_TRY(append_as<int64_t>(element, out)); break;
    case VR::UV: ROENTGEN_TRY(append_as<uint64_t>(element, out)); break;
    case VR::OB: ROENTGEN_TRY(append_as<uint8_t>(element, out)); break;
    case VR::OW: ROENTGEN_TRY(append_as<uint16_t>(element, out)); break;
    case VR::OL: ROENTGEN_TRY(append_as<uint32_t>(element, out)); break;
    case VR::OV: ROENTGEN_TRY(append_as<uint64_t>(element, out)); break;
    case VR::IS:
        for (auto v : string_values(element)) {
            auto parsed = parse_integer_string(v);
            if (!parsed)
                return add_context(std::move(parsed).error(), describe(element));
            out.push_back(*parsed);
        }
        break;
    default:
        return make_error(Errc::InvalidArgument, describe(element) + " does not hold integers");
    }
    return out;
}

Result<std::vector<uint64_t>> unsigned_values(const Element& element)
{
    if (element.vr == VR::UV || element.vr == VR::OV) {
        std::vector<uint64_t> out;
        ROENTGEN_TRY(append_as<uint64_t>(element, out));
        return out;
    }
    ROENTGEN_TRY(auto values, integer_values(element));
    std::vector<uint64_t> out;
    out.reserve(values.size());
    for (auto v : values)
        out.push_back(static_cast<uint64_t>(v));
    return out;
}

Result<std::vector<double>> float_values(const Element& element)
{
    std::vector<double> out;
    switch (element.vr) {
    case VR::FL:
    case VR::OF: ROENTGEN_TRY(append_as<float>(element, out)); break;
    case VR::FD:
    case VR::OD: ROENTGEN_TRY(append_as<double>(element, out)); break;
    case VR::DS:
        for (auto v : string_values(element)) {
            auto parsed = parse_decimal_string(v);
            if (!parsed)
                return add_context(std::move(parsed).error(), describe(element));
            out.push_back(*parsed);
        }
        break;
    default: {
        ROENTGEN_TRY(auto ints, integer_values(element));
        for (auto i : ints)
            out.push_back(double(i));
    }
    }
    return out;
}

Result<std::vector<Tag>> tag_values(const Element& element)
{
    if (element.vr != VR::AT)
        return make_error(Errc::InvalidArgument, describe(element) + " does not hold tags");
    std::vector<Tag> out;
    ROENTGEN_TRY(append_binary(element, out, 4,
                               [](const uint8_t* p) { return Tag(load_le<uint16_t>(p), load_le<uint16_t>(p + 2)); }));
    return out;
}

std::string encode_integers(VR vr, const std::vector<int64_t>& values)
{
    unsigned size = value_size(vr);
    if (vr == VR::OB)
        size = 1;
    else if (vr == VR::OW)
        size = 2;
    else if (vr == VR::OL)
        size = 4;
    else if (vr == VR::OV)
        size = 8;
    if (size == 0)
        return {};
    std::string out(values.size() * size, '\0');
    for (size_t i = 0; i < values.size(); ++i) {
        char* p = out.data() + i * size;
        int64_t v = values[i];
        if (vr == VR::AT) {
            store_le<uint16_t>(p, uint16_t(uint64_t(v) >> 16));
            store_le<uint16_t>(p + 2, uint16_t(v & 0xFFFF));
        } else if (size == 1) {
            *p = char(uint8_t(v));
        } else if (size == 2) {
            store_le<uint16_t>(p, uint16_t(v));
        } else if (size == 4) {
            store_le<uint32_t>(p, uint32_t(v));
        } else {
            store_le<uint64_t>(p, uint64_t(v));
        }
    }
    return out;
}

std::string encode_floats(VR vr, const std::vector<double>& values)
{
    unsigned size = (vr == VR::FL || vr == VR::OF) ? 4 : (vr == VR::FD || vr == VR::OD) ? 8 : 0;
    std::string out(values.size() * size, '\0');
    for (size_t i = 0; i < values.size() && size; ++i) {
        if (size == 4)
            store_le<float>(out.data() + i * 4, float(values[i]));
        else
            store_le<double>(out.data() + i * 8, values[i]);
    }
    return out;
}

std::string join_string_values(VR vr, const std::vector<std::string>& values)
{
    std::string out;
    for (size_t i = 0; i < values.size(); ++i) {
        if (i)
            out.push_back('\\');
        out += values[i];
    }
    if (out.size() % 2)
        out.push_back(padding_byte(vr));
    return out;
}

}  // namespace roentgen
