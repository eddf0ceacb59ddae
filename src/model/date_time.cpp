// model/date_time.cpp — parsing, formatting and ordering of DA, TM and DT values and their query ranges.
#include "model/date_time.h"

#include <chrono>

#include "base/assert.h"

namespace roentgen {

namespace {

constexpr int64_t microseconds_per_second = 1'000'000;
constexpr int64_t microseconds_per_minute = 60 * microseconds_per_second;
constexpr int64_t microseconds_per_hour = 60 * microseconds_per_minute;
constexpr int64_t microseconds_per_day = 24 * microseconds_per_hour;

std::unexpected<Error> invalid(std::string_view vr, std::string_view text, std::string_view problem)
{
    return make_error(Errc::Malformed,
                      std::string(vr) + " value \"" + std::string(text) + "\" " + std::string(problem));
}

// Values arrive split and trimmed by string_values(); a caller passing a raw value may leave the
// space padding of PS3.5 6.2 on it.
std::string_view without_padding(std::string_view text)
{
    while (!text.empty() && (text.back() == ' ' || text.back() == '\0'))
        text.remove_suffix(1);
    return text;
}

std::string_view without_spaces(std::string_view text)
{
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    return text;
}

bool all_digits(std::string_view s)
{
    if (s.empty())
        return false;
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    return true;
}

// Only called on all_digits() text of at most 9 digits.
unsigned number(std::string_view digits)
{
    unsigned value = 0;
    for (char c : digits)
        value = value * 10 + unsigned(c - '0');
    return value;
}

std::string two_digits(unsigned value)
{
    return {char('0' + value / 10 % 10), char('0' + value % 10)};
}

std::string padded(unsigned value, unsigned width)
{
    std::string s(width, '0');
    for (unsigned i = width; i-- > 0; value /= 10)
        s[i] = char('0' + value % 10);
    return s;
}

unsigned power_of_ten(unsigned exponent)
{
    unsigned p = 1;
    while (exponent-- > 0)
        p *= 10;
    return p;
}

unsigned days_in_month(unsigned year, unsigned month)
{
    using namespace std::chrono;
    return unsigned(year_month_day_last(std::chrono::year(int(year)), month_day_last(std::chrono::month(month))).day());
}

int64_t days_from_civil(unsigned year, unsigned month, unsigned day)
{
    using namespace std::chrono;
    return sys_days(std::chrono::year(int(year)) / std::chrono::month(month) / std::chrono::day(day))
        .time_since_epoch()
        .count();
}

std::optional<std::string> date_problem(unsigned year, unsigned month, unsigned day)
{
    if (month < 1 || month > 12)
        return "has month " + two_digits(month) + "; months are 01-12";
    if (day < 1 || day > days_in_month(year, month))
        return "has day " + two_digits(day) + "; " + padded(year, 4) + "-" + two_digits(month) + " has " +
               std::to_string(days_in_month(year, month)) + " days";
    return std::nullopt;
}

std::optional<std::string> time_problem(unsigned hour, unsigned minute, unsigned second)
{
    if (hour > 23)
        return "has hour " + two_digits(hour) + "; hours are 00-23";
    if (minute > 59)
        return "has minute " + two_digits(minute) + "; minutes are 00-59";
    if (second > 60)
        return "has second " + two_digits(second) + "; seconds are 00-60";
    return std::nullopt;
}

unsigned effective_fraction_digits(TemporalPrecision precision, uint8_t fraction_digits)
{
    if (precision != TemporalPrecision::Fraction)
        return 0;
    return fraction_digits < 1 ? 6 : fraction_digits > 6 ? 6 : fraction_digits;
}

// The fraction as formatted: truncated to the digits the precision keeps.
uint32_t kept_microseconds(uint32_t microsecond, TemporalPrecision precision, uint8_t fraction_digits)
{
    unsigned digits = effective_fraction_digits(precision, fraction_digits);
    if (digits == 0)
        return 0;
    unsigned unit = power_of_ten(6 - digits);
    return microsecond / unit * unit;
}

// Microseconds covered by one step of the last component, for Hour and finer.
int64_t time_period(TemporalPrecision precision, uint8_t fraction_digits)
{
    switch (precision) {
    case TemporalPrecision::Hour:
        return microseconds_per_hour;
    case TemporalPrecision::Minute:
        return microseconds_per_minute;
    case TemporalPrecision::Second:
        return microseconds_per_second;
    case TemporalPrecision::Fraction:
        return power_of_ten(6 - effective_fraction_digits(precision, fraction_digits));
    default:
        return microseconds_per_day;
    }
}

bool keeps(TemporalPrecision precision, TemporalPrecision component)
{
    return precision >= component;
}

struct TimeFields {
    unsigned hour = 0, minute = 0, second = 0, microsecond = 0, fraction_digits = 0;
    TemporalPrecision precision = TemporalPrecision::Hour;
};

// Parses "HH[MM[SS[.F{1-6}]]]" for TM and the time part of DT; `text` is the whole value for errors.
Result<TimeFields> parse_time_fields(std::string_view vr, std::string_view text, std::string_view body)
{
    TimeFields f;
    std::string_view main = body;
    std::string_view fraction;
    bool has_point = false;
    if (auto point = body.find('.'); point != body.npos) {
        has_point = true;
        main = body.substr(0, point);
        fraction = body.substr(point + 1);
    }
    if (!main.empty() && !all_digits(main))
        return invalid(vr, text, "has a character that is not a digit");
    if (has_point) {
        if (main.size() != 6)
            return invalid(vr, text, "has a fraction of a second without hours, minutes and seconds");
        if (fraction.empty())
            return invalid(vr, text, "has a '.' without fraction digits");
        if (fraction.size() > 6)
            return invalid(vr, text,
                           "has " + std::to_string(fraction.size()) + " fraction digits; at most 6 are allowed");
        if (!all_digits(fraction))
            return invalid(vr, text, "has a character that is not a digit in its fraction");
    }
    if (main.size() != 2 && main.size() != 4 && main.size() != 6)
        return invalid(vr, text,
                       "has " + std::to_string(main.size()) +
                           " digits of time; HH, HHMM or HHMMSS (2, 4 or 6) are allowed");
    f.hour = number(main.substr(0, 2));
    f.precision = TemporalPrecision::Hour;
    if (main.size() >= 4) {
        f.minute = number(main.substr(2, 2));
        f.precision = TemporalPrecision::Minute;
    }
    if (main.size() == 6) {
        f.second = number(main.substr(4, 2));
        f.precision = TemporalPrecision::Second;
    }
    if (has_point) {
        f.precision = TemporalPrecision::Fraction;
        f.fraction_digits = unsigned(fraction.size());
        f.microsecond = number(fraction) * power_of_ten(6 - unsigned(fraction.size()));
    }
    if (auto problem = time_problem(f.hour, f.minute, f.second))
        return invalid(vr, text, *problem);
    return f;
}

std::string format_time_fields(unsigned hour, unsigned minute, unsigned second, uint32_t microsecond,
                               TemporalPrecision precision, uint8_t fraction_digits)
{
    std::string s = two_digits(hour);
    if (keeps(precision, TemporalPrecision::Minute))
        s += two_digits(minute);
    if (keeps(precision, TemporalPrecision::Second))
        s += two_digits(second);
    if (unsigned digits = effective_fraction_digits(precision, fraction_digits)) {
        s += '.';
        s += padded(microsecond / power_of_ten(6 - digits), digits);
    }
    return s;
}

// The reading of a DT on its own clock, from the components its precision keeps.
int64_t local_microseconds(const DateTime& v)
{
    unsigned month = keeps(v.precision, TemporalPrecision::Month) ? v.month : 1;
    unsigned day = keeps(v.precision, TemporalPrecision::Day) ? v.day : 1;
    int64_t us = days_from_civil(v.year, month, day) * microseconds_per_day;
    if (keeps(v.precision, TemporalPrecision::Hour))
        us += v.hour * microseconds_per_hour;
    if (keeps(v.precision, TemporalPrecision::Minute))
        us += v.minute * microseconds_per_minute;
    if (keeps(v.precision, TemporalPrecision::Second))
        us += v.second * microseconds_per_second;
    return us + kept_microseconds(v.microsecond, v.precision, v.fraction_digits);
}

int64_t local_period_end(const DateTime& v)
{
    int64_t start = local_microseconds(v);
    switch (v.precision) {
    case TemporalPrecision::Year:
        return days_from_civil(v.year + 1u, 1, 1) * microseconds_per_day - 1;
    case TemporalPrecision::Month:
        return (v.month >= 12 ? days_from_civil(v.year + 1u, 1, 1) : days_from_civil(v.year, v.month + 1u, 1)) *
                   microseconds_per_day -
               1;
    default:
        return start + time_period(v.precision, v.fraction_digits) - 1;
    }
}

// Parses "&ZZXX" (PS3.5 6.2 DT: -1200 to +1400).
Result<int16_t> parse_offset(std::string_view text, std::string_view offset)
{
    if (offset.size() != 5 || !all_digits(offset.substr(1)))
        return invalid("DT", text, "has an offset from UTC that is not &ZZXX (a sign and 4 digits)");
    unsigned hours = number(offset.substr(1, 2));
    unsigned minutes = number(offset.substr(3, 2));
    if (minutes > 59)
        return invalid("DT", text, "has offset minutes " + two_digits(minutes) + "; minutes are 00-59");
    int total = int(hours * 60 + minutes) * (offset[0] == '-' ? -1 : 1);
    if (total < -12 * 60 || total > 14 * 60)
        return invalid("DT", text, "has offset " + std::string(offset) + "; offsets are -1200 to +1400");
    return int16_t(total);
}

std::string format_offset(int16_t minutes)
{
    std::string s(1, minutes < 0 ? '-' : '+');
    unsigned magnitude = unsigned(minutes < 0 ? -minutes : minutes);
    return s + two_digits(magnitude / 60) + two_digits(magnitude % 60);
}

template <typename T> std::string format_range(const Range<T>& range)
{
    std::string lower = range.lower ? to_string(*range.lower) : std::string();
    std::string upper = range.upper ? to_string(*range.upper) : std::string();
    if (range.lower && range.upper && lower == upper)
        return lower;
    return lower + "-" + upper;
}

// DA and TM contain no '-', so the one '-' present is the separator.
template <typename T, typename Parse>
Result<Range<T>> parse_simple_range(std::string_view vr, std::string_view text, Parse parse)
{
    std::string_view value = without_padding(text);
    auto dash = value.find('-');
    Range<T> range;
    if (dash == value.npos) {
        ROENTGEN_TRY(auto single, parse(without_spaces(value)));
        range.lower = single;
        range.upper = single;
        return range;
    }
    if (value.find('-', dash + 1) != value.npos)
        return make_error(Errc::Malformed,
                          std::string(vr) + " range \"" + std::string(text) + "\" has more than one '-'");
    auto lower = without_spaces(value.substr(0, dash));
    auto upper = without_spaces(value.substr(dash + 1));
    std::string context = std::string(vr) + " range \"" + std::string(text) + "\"";
    if (!lower.empty()) {
        auto parsed = parse(lower);
        if (!parsed)
            return add_context(std::move(parsed).error(), context);
        range.lower = *parsed;
    }
    if (!upper.empty()) {
        auto parsed = parse(upper);
        if (!parsed)
            return add_context(std::move(parsed).error(), context);
        range.upper = *parsed;
    }
    return range;
}

std::unexpected<Error> reversed(std::string_view vr, std::string_view text)
{
    return make_error(Errc::Malformed, std::string(vr) + " range \"" + std::string(text) + "\" ends before it starts");
}

} // namespace

int64_t Date::days_since_epoch() const
{
    return days_from_civil(year, month, day);
}

std::strong_ordering Date::operator<=>(const Date& other) const
{
    if (auto c = year <=> other.year; c != 0)
        return c;
    if (auto c = month <=> other.month; c != 0)
        return c;
    return day <=> other.day;
}

int64_t Time::microseconds_since_midnight() const
{
    int64_t us = hour * microseconds_per_hour;
    if (keeps(precision, TemporalPrecision::Minute))
        us += minute * microseconds_per_minute;
    if (keeps(precision, TemporalPrecision::Second))
        us += second * microseconds_per_second;
    return us + kept_microseconds(microsecond, precision, fraction_digits);
}

int64_t Time::last_microsecond_since_midnight() const
{
    return microseconds_since_midnight() + time_period(precision, fraction_digits) - 1;
}

std::strong_ordering Time::operator<=>(const Time& other) const
{
    if (auto c = microseconds_since_midnight() <=> other.microseconds_since_midnight(); c != 0)
        return c;
    if (auto c = precision <=> other.precision; c != 0)
        return c;
    return effective_fraction_digits(precision, fraction_digits) <=>
           effective_fraction_digits(other.precision, other.fraction_digits);
}

int64_t DateTime::utc_microseconds(int assumed_offset_minutes) const
{
    return local_microseconds(*this) -
           utc_offset_minutes.value_or(int16_t(assumed_offset_minutes)) * microseconds_per_minute;
}

int64_t DateTime::last_utc_microsecond(int assumed_offset_minutes) const
{
    return local_period_end(*this) -
           utc_offset_minutes.value_or(int16_t(assumed_offset_minutes)) * microseconds_per_minute;
}

std::partial_ordering operator<=>(const DateTime& a, const DateTime& b)
{
    if (a.utc_offset_minutes.has_value() != b.utc_offset_minutes.has_value())
        return std::partial_ordering::unordered;
    if (auto c = a.utc_microseconds() <=> b.utc_microseconds(); c != 0)
        return c;
    if (auto c = a.precision <=> b.precision; c != 0)
        return c;
    if (auto c = effective_fraction_digits(a.precision, a.fraction_digits) <=>
                 effective_fraction_digits(b.precision, b.fraction_digits);
        c != 0)
        return c;
    return a.utc_offset_minutes.value_or(0) <=> b.utc_offset_minutes.value_or(0);
}

bool operator==(const DateTime& a, const DateTime& b)
{
    return (a <=> b) == 0;
}

Result<Date> parse_date(std::string_view text)
{
    std::string_view value = without_padding(text);
    if (value.empty())
        return invalid("DA", text, "is empty");
    Date date;
    std::string digits;
    if (value.size() == 10 && value[4] == '.' && value[7] == '.') {
        // ACR-NEMA 300 wrote dates as yyyy.mm.dd; PS3.5 6.2 DA asks readers to accept it.
        digits = std::string(value.substr(0, 4)) + std::string(value.substr(5, 2)) + std::string(value.substr(8, 2));
        date.notation = Notation::AcrNema;
    } else if (value.size() == 8) {
        digits = std::string(value);
    } else {
        return invalid("DA", text, "must be 8 digits YYYYMMDD (or the ACR-NEMA YYYY.MM.DD)");
    }
    if (!all_digits(digits))
        return invalid("DA", text, "has a character that is not a digit");
    unsigned year = number(std::string_view(digits).substr(0, 4));
    unsigned month = number(std::string_view(digits).substr(4, 2));
    unsigned day = number(std::string_view(digits).substr(6, 2));
    if (auto problem = date_problem(year, month, day))
        return invalid("DA", text, *problem);
    date.year = uint16_t(year);
    date.month = uint8_t(month);
    date.day = uint8_t(day);
    return date;
}

Result<Time> parse_time(std::string_view text)
{
    std::string_view value = without_padding(text);
    if (value.empty())
        return invalid("TM", text, "is empty");
    Time time;
    std::string body(value);
    if (value.find(':') != value.npos) {
        // ACR-NEMA 300 wrote hh:mm:ss.frac; PS3.5 6.2 TM asks readers to accept it.
        bool shaped = (value.size() == 5 || value.size() >= 8) && value[2] == ':' &&
                      (value.size() == 5 || value[5] == ':') && (value.size() <= 8 || value[8] == '.');
        if (!shaped)
            return invalid("TM", text, "is not HH:MM or HH:MM:SS[.F] (the ACR-NEMA form)");
        body = std::string(value.substr(0, 2)) + std::string(value.substr(3, 2));
        if (value.size() >= 8)
            body += std::string(value.substr(6));
        time.notation = Notation::AcrNema;
    }
    ROENTGEN_TRY(auto fields, parse_time_fields("TM", text, body));
    time.hour = uint8_t(fields.hour);
    time.minute = uint8_t(fields.minute);
    time.second = uint8_t(fields.second);
    time.microsecond = fields.microsecond;
    time.precision = fields.precision;
    time.fraction_digits = uint8_t(fields.fraction_digits);
    return time;
}

Result<DateTime> parse_date_time(std::string_view text)
{
    std::string_view value = without_padding(text);
    if (value.empty())
        return invalid("DT", text, "is empty");
    DateTime dt;
    std::string_view body = value;
    if (auto sign = value.find_first_of("+-"); sign != value.npos) {
        ROENTGEN_TRY(auto offset, parse_offset(text, value.substr(sign)));
        dt.utc_offset_minutes = offset;
        body = value.substr(0, sign);
    }
    std::string_view date_part = body.substr(0, std::min<size_t>(body.size(), 8));
    std::string_view time_part = body.size() > 8 ? body.substr(8) : std::string_view();
    if (!all_digits(date_part))
        return invalid("DT", text, body.empty() ? "has no year" : "has a character that is not a digit");
    if (date_part.size() != 4 && date_part.size() != 6 && date_part.size() != 8)
        return invalid("DT", text,
                       "has " + std::to_string(date_part.size()) +
                           " digits of date; YYYY, YYYYMM or YYYYMMDD (4, 6 or 8) are allowed");
    if (date_part.size() < 8 && body.find('.') != body.npos)
        return invalid("DT", text, "has a fraction of a second without hours, minutes and seconds");
    dt.year = uint16_t(number(date_part.substr(0, 4)));
    dt.precision = TemporalPrecision::Year;
    if (date_part.size() >= 6) {
        dt.month = uint8_t(number(date_part.substr(4, 2)));
        dt.precision = TemporalPrecision::Month;
    }
    if (date_part.size() == 8) {
        dt.day = uint8_t(number(date_part.substr(6, 2)));
        dt.precision = TemporalPrecision::Day;
    }
    if (auto problem = date_problem(dt.year, dt.month, dt.day))
        return invalid("DT", text, *problem);
    if (!time_part.empty()) {
        ROENTGEN_TRY(auto fields, parse_time_fields("DT", text, time_part));
        dt.hour = uint8_t(fields.hour);
        dt.minute = uint8_t(fields.minute);
        dt.second = uint8_t(fields.second);
        dt.microsecond = fields.microsecond;
        dt.precision = fields.precision;
        dt.fraction_digits = uint8_t(fields.fraction_digits);
    }
    return dt;
}

std::string to_string(const Date& date)
{
    return padded(date.year, 4) + two_digits(date.month) + two_digits(date.day);
}

std::string to_string(const Time& time)
{
    return format_time_fields(time.hour, time.minute, time.second, time.microsecond, time.precision,
                              time.fraction_digits);
}

std::string to_string(const DateTime& dt)
{
    std::string s = padded(dt.year, 4);
    if (keeps(dt.precision, TemporalPrecision::Month))
        s += two_digits(dt.month);
    if (keeps(dt.precision, TemporalPrecision::Day))
        s += two_digits(dt.day);
    if (keeps(dt.precision, TemporalPrecision::Hour))
        s += format_time_fields(dt.hour, dt.minute, dt.second, dt.microsecond, dt.precision, dt.fraction_digits);
    if (dt.utc_offset_minutes)
        s += format_offset(*dt.utc_offset_minutes);
    return s;
}

DateTime combine(const Date& date, const std::optional<Time>& time)
{
    DateTime dt;
    dt.year = date.year;
    dt.month = date.month;
    dt.day = date.day;
    dt.precision = TemporalPrecision::Day;
    if (time) {
        dt.hour = time->hour;
        dt.minute = time->minute;
        dt.second = time->second;
        dt.microsecond = time->microsecond;
        dt.precision = time->precision;
        dt.fraction_digits = time->fraction_digits;
    }
    return dt;
}

DateTime date_time_from_utc_microseconds(int64_t utc_microseconds, int16_t utc_offset_minutes)
{
    using namespace std::chrono;
    int64_t local = utc_microseconds + utc_offset_minutes * microseconds_per_minute;
    int64_t days = local / microseconds_per_day;
    int64_t rest = local % microseconds_per_day;
    if (rest < 0) {
        rest += microseconds_per_day;
        --days;
    }
    year_month_day ymd{sys_days(std::chrono::days(days))};
    ROENTGEN_ASSERT(int(ymd.year()) >= 0 && int(ymd.year()) <= 9999);
    DateTime dt;
    dt.year = uint16_t(int(ymd.year()));
    dt.month = uint8_t(unsigned(ymd.month()));
    dt.day = uint8_t(unsigned(ymd.day()));
    dt.hour = uint8_t(rest / microseconds_per_hour);
    dt.minute = uint8_t(rest / microseconds_per_minute % 60);
    dt.second = uint8_t(rest / microseconds_per_second % 60);
    dt.microsecond = uint32_t(rest % microseconds_per_second);
    dt.precision = TemporalPrecision::Fraction;
    dt.fraction_digits = 6;
    dt.utc_offset_minutes = utc_offset_minutes;
    return dt;
}

Result<DateRange> parse_date_range(std::string_view text)
{
    ROENTGEN_TRY(auto range, parse_simple_range<Date>("DA", text, parse_date));
    if (range.lower && range.upper && *range.upper < *range.lower)
        return reversed("DA", text);
    return range;
}

Result<TimeRange> parse_time_range(std::string_view text)
{
    ROENTGEN_TRY(auto range, parse_simple_range<Time>("TM", text, parse_time));
    // PS3.4 C.2.2.2.5.2: "Range matching crossing midnight is not supported."
    if (range.lower && range.upper &&
        range.lower->microseconds_since_midnight() > range.upper->last_microsecond_since_midnight())
        return reversed("TM", text);
    return range;
}

Result<DateTimeRange> parse_date_time_range(std::string_view text)
{
    std::string_view value = without_spaces(without_padding(text));
    if (auto single = parse_date_time(value)) {
        DateTimeRange range;
        range.lower = *single;
        range.upper = *single;
        return range;
    }
    std::string context = "DT range \"" + std::string(text) + "\"";
    std::optional<Error> first_error;
    bool saw_reversed = false;
    for (size_t dash = value.find('-'); dash != value.npos; dash = value.find('-', dash + 1)) {
        auto lower_text = without_spaces(value.substr(0, dash));
        auto upper_text = without_spaces(value.substr(dash + 1));
        DateTimeRange range;
        bool parsed = true;
        for (auto [part, bound] : {std::pair{lower_text, &range.lower}, std::pair{upper_text, &range.upper}}) {
            if (part.empty())
                continue;
            auto result = parse_date_time(part);
            if (!result) {
                if (!first_error)
                    first_error = std::move(result).error();
                parsed = false;
                break;
            }
            *bound = *result;
        }
        if (!parsed)
            continue;
        if (range.lower && range.upper && range.lower->utc_microseconds() > range.upper->last_utc_microsecond()) {
            saw_reversed = true;
            continue;
        }
        return range;
    }
    if (saw_reversed)
        return reversed("DT", text);
    if (first_error)
        return add_context(std::move(*first_error), context);
    return make_error(Errc::Malformed, context + " is neither a DT value nor A-B, -B or A-");
}

bool contains(const DateRange& range, const Date& value)
{
    auto key = value.days_since_epoch();
    return (!range.lower || key >= range.lower->days_since_epoch()) &&
           (!range.upper || key <= range.upper->days_since_epoch());
}

bool contains(const TimeRange& range, const Time& value)
{
    auto key = value.microseconds_since_midnight();
    return (!range.lower || key >= range.lower->microseconds_since_midnight()) &&
           (!range.upper || key <= range.upper->last_microsecond_since_midnight());
}

bool contains(const DateTimeRange& range, const DateTime& value, int assumed_offset_minutes)
{
    auto key = value.utc_microseconds(assumed_offset_minutes);
    return (!range.lower || key >= range.lower->utc_microseconds(assumed_offset_minutes)) &&
           (!range.upper || key <= range.upper->last_utc_microsecond(assumed_offset_minutes));
}

std::string to_string(const DateRange& range)
{
    return format_range(range);
}
std::string to_string(const TimeRange& range)
{
    return format_range(range);
}
std::string to_string(const DateTimeRange& range)
{
    return format_range(range);
}

} // namespace roentgen
