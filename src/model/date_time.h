// model/date_time.h — DA, TM and DT values (PS3.5 6.2): parse, format, compare, sort keys and query ranges.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace roentgen {

/// How a DA or TM value was written: the PS3.5 form, or the ACR-NEMA form ("YYYY.MM.DD",
/// "HH:MM:SS") that PS3.5 6.2 asks readers to keep accepting. Formatting always writes the PS3.5
/// form, so the notation is a note about the input, not part of the value (comparisons ignore it).
enum class Notation : uint8_t { Standard, AcrNema };

/// The last component a TM or DT value gave; the components after it are absent, not zero
/// (PS3.5 6.2: "1030" is the whole minute 10:30, not 10:30:00).
enum class TemporalPrecision : uint8_t { Year, Month, Day, Hour, Minute, Second, Fraction };

/// A DA value (PS3.5 6.2): a full Gregorian calendar date. DA has no reduced precision.
struct Date {
    uint16_t year = 1970; ///< 0000–9999.
    uint8_t month = 1;    ///< 1–12.
    uint8_t day = 1;      ///< 1–28/29/30/31 as the month has.
    Notation notation = Notation::Standard;

    /// Days since 1970-01-01 (negative before): a key that sorts like the dates.
    int64_t days_since_epoch() const;

    bool operator==(const Date& other) const { return (*this <=> other) == 0; }
    std::strong_ordering operator<=>(const Date& other) const;
};

/// A TM value (PS3.5 6.2): a time of day with the precision it was written with (Hour to Fraction).
struct Time {
    uint8_t hour = 0;         ///< 0–23.
    uint8_t minute = 0;       ///< 0–59; 0 when absent.
    uint8_t second = 0;       ///< 0–60 (60 is a leap second); 0 when absent.
    uint32_t microsecond = 0; ///< 0–999999: the fraction scaled to microseconds; 0 when absent.
    TemporalPrecision precision = TemporalPrecision::Second;
    uint8_t fraction_digits = 0; ///< 1–6 when precision is Fraction (as written), else 0.
    Notation notation = Notation::Standard;

    /// Microseconds from midnight to the first instant the value covers.
    int64_t microseconds_since_midnight() const;
    /// Microseconds from midnight to the last instant the value covers: "10" ends at 10:59:59.999999.
    int64_t last_microsecond_since_midnight() const;

    /// Orders by first instant, then coarser precision first, then fewer fraction digits first, so
    /// that "10" < "1000" < "100000" < "100000.0"; equal only when they format the same.
    bool operator==(const Time& other) const { return (*this <=> other) == 0; }
    std::strong_ordering operator<=>(const Time& other) const;
};

/// A DT value (PS3.5 6.2): YYYY[MM[DD[HH[MM[SS[.F{1-6}]]]]]][&ZZXX], with the precision given and
/// the offset from UTC when the value carries one. Absent components are 1 (month, day) or 0.
struct DateTime {
    uint16_t year = 1970;
    uint8_t month = 1;
    uint8_t day = 1;
    uint8_t hour = 0;
    uint8_t minute = 0;
    uint8_t second = 0;
    uint32_t microsecond = 0;
    TemporalPrecision precision = TemporalPrecision::Second;
    uint8_t fraction_digits = 0; ///< 1–6 when precision is Fraction, else 0.
    /// "&ZZXX" in minutes east of UTC, -720 (-1200) to +840 (+1400); absent when the value has none,
    /// in which case it is local time of whoever wrote it (PS3.5 6.2, PS3.3 C.12.1.1.8).
    std::optional<int16_t> utc_offset_minutes;

    /// Microseconds since 1970-01-01T00:00:00 UTC of the first instant the value covers: a sort
    /// key. A value without an offset is taken to be at `assumed_offset_minutes` (e.g. from
    /// Timezone Offset From UTC (0008,0201)); 0 treats it as UTC.
    int64_t utc_microseconds(int assumed_offset_minutes = 0) const;
    /// As utc_microseconds() for the last instant covered: "2023" ends at 2023-12-31T23:59:59.999999.
    int64_t last_utc_microsecond(int assumed_offset_minutes = 0) const;
};

/// Values with an offset order by the instant in UTC; values without one order by their local
/// reading. One with an offset and one without are unordered (their instants are unknown). Ties
/// on the instant order as Time does (coarser precision first), then by offset.
std::partial_ordering operator<=>(const DateTime& a, const DateTime& b);
/// Equal when ordered equivalent: same instant, precision, fraction digits and offset.
bool operator==(const DateTime& a, const DateTime& b);

/// Parses one DA value: "YYYYMMDD", or the ACR-NEMA "YYYY.MM.DD" (notation AcrNema). Trailing
/// space padding is ignored. Errors name the value: `DA value "2023130" must be …`.
[[nodiscard]] Result<Date> parse_date(std::string_view text);
/// Parses one TM value: "HH", "HHMM", "HHMMSS", "HHMMSS.F" to "HHMMSS.FFFFFF", or the ACR-NEMA
/// "HH:MM", "HH:MM:SS[.F…]" (notation AcrNema). Trailing space padding is ignored.
[[nodiscard]] Result<Time> parse_time(std::string_view text);
/// Parses one DT value: YYYY[MM[DD[HH[MM[SS[.F{1-6}]]]]]][&ZZXX], & being + or -.
[[nodiscard]] Result<DateTime> parse_date_time(std::string_view text);

/// "YYYYMMDD" (the PS3.5 form, whatever the notation read).
std::string to_string(const Date& date);
/// The PS3.5 form with the components the precision keeps, e.g. "1030" or "103000.50".
std::string to_string(const Time& time);
/// The PS3.5 form with the components the precision keeps and the offset when present.
std::string to_string(const DateTime& date_time);

/// A DT for a DA and an optional TM, as combined datetime matching reads them (PS3.4 C.2.2.2.5.4);
/// without a time the precision is Day. No offset.
DateTime combine(const Date& date, const std::optional<Time>& time);
/// The DT at `utc_microseconds` since the epoch, shown in the zone `utc_offset_minutes` east of UTC
/// (which the result carries), with microsecond precision. The inverse of utc_microseconds().
DateTime date_time_from_utc_microseconds(int64_t utc_microseconds, int16_t utc_offset_minutes = 0);

/// A range query key (PS3.4 C.2.2.2.5): "A-B", "-B" (everything up to B) or "A-" (from A on).
/// Both bounds are inclusive of their whole period: "-1030" includes 10:30:59. A single value
/// without a '-' gives lower == upper, i.e. the period of that value.
template <typename T> struct Range {
    std::optional<T> lower; ///< Absent for "-B".
    std::optional<T> upper; ///< Absent for "A-".
};
using DateRange = Range<Date>;
using TimeRange = Range<Time>;
using DateTimeRange = Range<DateTime>;

/// PS3.4 C.2.2.2.5.1. "-" alone gives an unbounded range. A range ending before it starts is an error.
[[nodiscard]] Result<DateRange> parse_date_range(std::string_view text);
/// PS3.4 C.2.2.2.5.2. A range crossing midnight ("2200-0200") is an error: the standard does not support it.
[[nodiscard]] Result<TimeRange> parse_time_range(std::string_view text);
/// PS3.4 C.2.2.2.5.3. The '-' of a negative offset is told from the range separator by trying each
/// split: "20230101-0500" is one value (offset -05:00), "20230101-0500-20230102-0500" a range.
[[nodiscard]] Result<DateTimeRange> parse_date_time_range(std::string_view text);

/// Whether a value's first instant falls in the range (PS3.4 C.2.2.2.5, bounds inclusive).
bool contains(const DateRange& range, const Date& value);
bool contains(const TimeRange& range, const Time& value);
/// Offsets are taken into account (PS3.4 C.2.2.2.5.3 d); the range bounds and the value without
/// one are read at `assumed_offset_minutes`.
bool contains(const DateTimeRange& range, const DateTime& value, int assumed_offset_minutes = 0);

/// "A-B", "-B", "A-"; a range with lower == upper formats as the single value.
std::string to_string(const DateRange& range);
std::string to_string(const TimeRange& range);
std::string to_string(const DateTimeRange& range);

} // namespace roentgen
