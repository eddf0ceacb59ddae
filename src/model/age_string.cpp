// model/age_string.cpp — parsing and formatting of AS values (PS3.5 6.2).
#include "model/age_string.h"

#include "base/assert.h"

namespace roentgen {

namespace {
std::unexpected<Error> invalid(std::string_view text, std::string_view problem)
{
    return make_error(Errc::Malformed, "AS value \"" + std::string(text) + "\" " + std::string(problem));
}
} // namespace

double Age::approximate_days() const
{
    constexpr double days_per_year = 365.2425;
    switch (unit) {
    case AgeUnit::Days:
        return count;
    case AgeUnit::Weeks:
        return count * 7.0;
    case AgeUnit::Months:
        return count * days_per_year / 12.0;
    case AgeUnit::Years:
        return count * days_per_year;
    }
    return count;
}

Result<Age> parse_age(std::string_view text)
{
    if (text.size() != 4)
        return invalid(text, "must be 4 characters: 3 digits and D, W, M or Y (e.g. \"045Y\")");
    for (char c : text.substr(0, 3))
        if (c < '0' || c > '9')
            return invalid(text, "must start with 3 digits");
    Age age;
    switch (text[3]) {
    case 'D':
        age.unit = AgeUnit::Days;
        break;
    case 'W':
        age.unit = AgeUnit::Weeks;
        break;
    case 'M':
        age.unit = AgeUnit::Months;
        break;
    case 'Y':
        age.unit = AgeUnit::Years;
        break;
    default:
        return invalid(text, "has unit '" + std::string(1, text[3]) + "'; units are D, W, M and Y");
    }
    age.count = uint16_t((text[0] - '0') * 100 + (text[1] - '0') * 10 + (text[2] - '0'));
    return age;
}

std::string to_string(const Age& age)
{
    ROENTGEN_ASSERT(age.count <= 999);
    return {char('0' + age.count / 100), char('0' + age.count / 10 % 10), char('0' + age.count % 10),
            static_cast<char>(age.unit)};
}

} // namespace roentgen
