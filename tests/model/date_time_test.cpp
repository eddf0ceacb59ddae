// tests/model/date_time_test.cpp — DA, TM, DT parsing, formatting, ordering, sort keys and ranges.
#include "model/date_time.h"

#include <gtest/gtest.h>

namespace roentgen {
namespace {

std::string error_of(const auto& result)
{
    return result ? std::string("(no error)") : result.error().message;
}

// --- DA ---------------------------------------------------------------------------------------

TEST(Date, ParsesStandardForm)
{
    auto d = parse_date("20230704");
    ASSERT_TRUE(d) << error_of(d);
    EXPECT_EQ(d->year, 2023);
    EXPECT_EQ(d->month, 7);
    EXPECT_EQ(d->day, 4);
    EXPECT_EQ(d->notation, Notation::Standard);
    EXPECT_EQ(to_string(*d), "20230704");
}

TEST(Date, ParsesAcrNemaFormAndFormatsStandard)
{
    auto d = parse_date("1993.02.28");
    ASSERT_TRUE(d) << error_of(d);
    EXPECT_EQ(d->notation, Notation::AcrNema);
    EXPECT_EQ(d->year, 1993);
    EXPECT_EQ(d->month, 2);
    EXPECT_EQ(d->day, 28);
    EXPECT_EQ(to_string(*d), "19930228");
    EXPECT_EQ(*d, *parse_date("19930228")); // notation is not part of the value
}

TEST(Date, IgnoresTrailingPadding)
{
    auto d = parse_date("20230704 ");
    ASSERT_TRUE(d) << error_of(d);
    EXPECT_EQ(to_string(*d), "20230704");
}

TEST(Date, ErrorsNameTheValue)
{
    struct Case {
        const char* text;
        const char* expected;
    };
    const Case cases[] = {
        {"2023130", "DA value \"2023130\" must be 8 digits YYYYMMDD"},
        {"202301011", "DA value \"202301011\" must be 8 digits"},
        {"", "DA value \"\" is empty"},
        {"2023O101", "DA value \"2023O101\" has a character that is not a digit"},
        {"20231301", "DA value \"20231301\" has month 13; months are 01-12"},
        {"20230001", "has month 00"},
        {"20230100", "has day 00"},
        {"20230230", "has day 30; 2023-02 has 28 days"},
        {"20230431", "2023-04 has 30 days"},
        {"19000229", "1900-02 has 28 days"}, // century, not a leap year
        {"2023-07-04", "must be 8 digits"},
        {"2023.7.04", "must be 8 digits"},
        {" 20230704", "must be 8 digits"}, // leading spaces are not padding
        {"+2023070", "has a character that is not a digit"},
    };
    for (const auto& c : cases) {
        auto d = parse_date(c.text);
        ASSERT_FALSE(d) << c.text;
        EXPECT_EQ(d.error().code, Errc::Malformed);
        EXPECT_NE(d.error().message.find(c.expected), std::string::npos) << d.error().message;
    }
}

TEST(Date, AcceptsLeapDays)
{
    EXPECT_TRUE(parse_date("20240229"));
    EXPECT_TRUE(parse_date("20000229")); // divisible by 400
    EXPECT_FALSE(parse_date("20230229"));
}

TEST(Date, OrdersAndKeysByCalendar)
{
    Date a{2023, 12, 31}, b{2024, 1, 1}, c{2024, 1, 2};
    EXPECT_LT(a, b);
    EXPECT_LT(b, c);
    EXPECT_GT(c, a);
    EXPECT_EQ(b.days_since_epoch() - a.days_since_epoch(), 1);
    Date epoch{1970, 1, 1}, before{1969, 12, 31}, independence{2023, 7, 4};
    Date feb28{2000, 2, 28}, mar1{2000, 3, 1};
    EXPECT_EQ(epoch.days_since_epoch(), 0);
    EXPECT_EQ(before.days_since_epoch(), -1);
    EXPECT_EQ(independence.days_since_epoch(), 19542);
    EXPECT_EQ(mar1.days_since_epoch() - feb28.days_since_epoch(), 2); // 2000 is a leap year
}

// --- TM ---------------------------------------------------------------------------------------

TEST(Time, KeepsThePrecisionGiven)
{
    struct Case {
        const char* text;
        TemporalPrecision precision;
        int fraction_digits;
        int64_t microseconds;
    };
    const Case cases[] = {
        {"07", TemporalPrecision::Hour, 0, 7 * 3600'000'000LL},
        {"0730", TemporalPrecision::Minute, 0, (7 * 60 + 30) * 60'000'000LL},
        {"073015", TemporalPrecision::Second, 0, ((7 * 60 + 30) * 60 + 15) * 1'000'000LL},
        {"073015.5", TemporalPrecision::Fraction, 1, ((7 * 60 + 30) * 60 + 15) * 1'000'000LL + 500'000},
        {"073015.000120", TemporalPrecision::Fraction, 6, ((7 * 60 + 30) * 60 + 15) * 1'000'000LL + 120},
        {"235960", TemporalPrecision::Second, 0, (23 * 3600 + 59 * 60 + 60) * 1'000'000LL}, // leap second
    };
    for (const auto& c : cases) {
        auto t = parse_time(c.text);
        ASSERT_TRUE(t) << error_of(t);
        EXPECT_EQ(t->precision, c.precision) << c.text;
        EXPECT_EQ(t->fraction_digits, c.fraction_digits) << c.text;
        EXPECT_EQ(t->microseconds_since_midnight(), c.microseconds) << c.text;
        EXPECT_EQ(to_string(*t), c.text);
    }
}

TEST(Time, LastMicrosecondCoversThePeriod)
{
    EXPECT_EQ(parse_time("10")->last_microsecond_since_midnight(), 11 * 3600'000'000LL - 1);
    EXPECT_EQ(parse_time("1030")->last_microsecond_since_midnight(), (10 * 60 + 31) * 60'000'000LL - 1);
    EXPECT_EQ(parse_time("103000.5")->last_microsecond_since_midnight(), (10 * 60 + 30) * 60'000'000LL + 599'999);
    EXPECT_EQ(parse_time("103000.123456")->last_microsecond_since_midnight(),
              parse_time("103000.123456")->microseconds_since_midnight());
}

TEST(Time, ParsesAcrNemaForm)
{
    auto t = parse_time("12:34:56.789");
    ASSERT_TRUE(t) << error_of(t);
    EXPECT_EQ(t->notation, Notation::AcrNema);
    EXPECT_EQ(t->hour, 12);
    EXPECT_EQ(t->minute, 34);
    EXPECT_EQ(t->second, 56);
    EXPECT_EQ(t->microsecond, 789'000u);
    EXPECT_EQ(t->fraction_digits, 3);
    EXPECT_EQ(to_string(*t), "123456.789");

    auto hm = parse_time("08:05");
    ASSERT_TRUE(hm) << error_of(hm);
    EXPECT_EQ(hm->precision, TemporalPrecision::Minute);
    EXPECT_EQ(to_string(*hm), "0805");
    EXPECT_EQ(to_string(*parse_time("08:05:09")), "080509");
}

TEST(Time, ErrorsNameTheValue)
{
    struct Case {
        const char* text;
        const char* expected;
    };
    const Case cases[] = {
        {"1", "TM value \"1\" has 1 digits of time; HH, HHMM or HHMMSS"},
        {"123", "has 3 digits of time"},
        {"1234567", "has 7 digits of time"},
        {"24", "TM value \"24\" has hour 24; hours are 00-23"},
        {"1260", "has minute 60"},
        {"123461", "has second 61; seconds are 00-60"},
        {"1230.5", "has a fraction of a second without hours, minutes and seconds"},
        {"123000.", "has a '.' without fraction digits"},
        {"123000.1234567", "has 7 fraction digits; at most 6"},
        {"123000.12a", "not a digit in its fraction"},
        {"12a0", "has a character that is not a digit"},
        {"12:3", "ACR-NEMA form"},
        {"12:30:5", "ACR-NEMA form"},
        {"12:30.45", "ACR-NEMA form"},
        {"", "is empty"},
        {"-1200", "not a digit"},
    };
    for (const auto& c : cases) {
        auto t = parse_time(c.text);
        ASSERT_FALSE(t) << c.text;
        EXPECT_NE(t.error().message.find(c.expected), std::string::npos) << c.text << ": " << t.error().message;
    }
}

TEST(Time, OrdersByInstantThenPrecision)
{
    auto t = [](const char* s) { return *parse_time(s); };
    EXPECT_LT(t("0959"), t("10"));
    EXPECT_LT(t("10"), t("1000")); // same first instant, coarser first
    EXPECT_LT(t("1000"), t("100000"));
    EXPECT_LT(t("100000"), t("100000.0"));
    EXPECT_LT(t("100000.0"), t("100000.00"));
    EXPECT_LT(t("100000.9"), t("100001"));
    EXPECT_EQ(t("10:00:00"), t("100000")); // notation ignored
    EXPECT_NE(t("1000"), t("100000"));
}

TEST(Time, FormatTruncatesToPrecision)
{
    Time t;
    t.hour = 9;
    t.minute = 8;
    t.second = 7;
    t.microsecond = 654'321;
    t.precision = TemporalPrecision::Fraction;
    t.fraction_digits = 2;
    EXPECT_EQ(to_string(t), "090807.65");
    t.precision = TemporalPrecision::Minute;
    EXPECT_EQ(to_string(t), "0908");
    EXPECT_EQ(t.microseconds_since_midnight(), (9 * 60 + 8) * 60'000'000LL);
}

// --- DT ---------------------------------------------------------------------------------------

TEST(DateTime, ParsesEveryPrecision)
{
    struct Case {
        const char* text;
        TemporalPrecision precision;
    };
    const Case cases[] = {
        {"2023", TemporalPrecision::Year},
        {"202307", TemporalPrecision::Month},
        {"20230704", TemporalPrecision::Day},
        {"2023070412", TemporalPrecision::Hour},
        {"202307041230", TemporalPrecision::Minute},
        {"20230704123059", TemporalPrecision::Second},
        {"20230704123059.1", TemporalPrecision::Fraction},
        {"20230704123059.123456", TemporalPrecision::Fraction},
        {"2023+0100", TemporalPrecision::Year},
        {"20230704123059.123456-0500", TemporalPrecision::Fraction},
    };
    for (const auto& c : cases) {
        auto dt = parse_date_time(c.text);
        ASSERT_TRUE(dt) << error_of(dt);
        EXPECT_EQ(dt->precision, c.precision) << c.text;
        EXPECT_EQ(to_string(*dt), c.text);
    }
}

TEST(DateTime, ReadsComponentsAndOffset)
{
    auto dt = parse_date_time("20230704123059.25+0530");
    ASSERT_TRUE(dt) << error_of(dt);
    EXPECT_EQ(dt->year, 2023);
    EXPECT_EQ(dt->month, 7);
    EXPECT_EQ(dt->day, 4);
    EXPECT_EQ(dt->hour, 12);
    EXPECT_EQ(dt->minute, 30);
    EXPECT_EQ(dt->second, 59);
    EXPECT_EQ(dt->microsecond, 250'000u);
    EXPECT_EQ(dt->fraction_digits, 2);
    ASSERT_TRUE(dt->utc_offset_minutes);
    EXPECT_EQ(*dt->utc_offset_minutes, 330);
    EXPECT_EQ(*parse_date_time("2023-1200")->utc_offset_minutes, -720);
    EXPECT_EQ(*parse_date_time("2023+1400")->utc_offset_minutes, 840);
    EXPECT_EQ(*parse_date_time("2023-0000")->utc_offset_minutes, 0);
    EXPECT_FALSE(parse_date_time("2023")->utc_offset_minutes);
}

TEST(DateTime, ErrorsNameTheValue)
{
    struct Case {
        const char* text;
        const char* expected;
    };
    const Case cases[] = {
        {"", "DT value \"\" is empty"},
        {"202", "DT value \"202\" has 3 digits of date; YYYY, YYYYMM or YYYYMMDD"},
        {"20230", "has 5 digits of date"},
        {"2023070", "has 7 digits of date"},
        {"202313", "has month 13"},
        {"20230230", "2023-02 has 28 days"},
        {"202307041", "has 1 digits of time"},
        {"2023070425", "has hour 25"},
        {"20230704126", "has 3 digits of time"},
        {"2023.5", "not a digit"},
        {"20230704.5", "fraction of a second without hours"},
        {"2023070412.5", "fraction of a second without hours"},
        {"20230704123000.1234567", "has 7 fraction digits"},
        {"2023+01", "not &ZZXX"},
        {"2023+010a", "not &ZZXX"},
        {"2023+0160", "has offset minutes 60"},
        {"2023+1500", "has offset +1500; offsets are -1200 to +1400"},
        {"2023-1201", "has offset -1201"},
        {"+0100", "has no year"},
        {"2023 0704", "not a digit"},
    };
    for (const auto& c : cases) {
        auto dt = parse_date_time(c.text);
        ASSERT_FALSE(dt) << c.text;
        EXPECT_NE(dt.error().message.find(c.expected), std::string::npos) << c.text << ": " << dt.error().message;
    }
}

TEST(DateTime, UtcKeyAppliesOffset)
{
    auto utc = parse_date_time("20230704120000+0000");
    auto east = parse_date_time("20230704140000+0200");
    auto west = parse_date_time("20230704070000-0500");
    ASSERT_TRUE(utc && east && west);
    EXPECT_EQ(utc->utc_microseconds(), east->utc_microseconds());
    EXPECT_EQ(utc->utc_microseconds(), west->utc_microseconds());
    EXPECT_EQ(utc->utc_microseconds(), (19542LL * 86400 + 12 * 3600) * 1'000'000);
    // Without an offset, the caller's assumed offset applies.
    auto local = parse_date_time("20230704140000");
    EXPECT_EQ(local->utc_microseconds(120), utc->utc_microseconds());
    EXPECT_EQ(local->utc_microseconds(), utc->utc_microseconds() + 2 * 3600'000'000LL);
    // An offset in the value wins over the assumed one.
    EXPECT_EQ(east->utc_microseconds(-300), utc->utc_microseconds());
}

TEST(DateTime, LastInstantCoversThePeriod)
{
    auto end_of = [](const char* text) { return parse_date_time(text)->last_utc_microsecond(); };
    auto start_of = [](const char* text) { return parse_date_time(text)->utc_microseconds(); };
    EXPECT_EQ(end_of("2023"), start_of("2024") - 1);
    EXPECT_EQ(end_of("202302"), start_of("20230301") - 1);
    EXPECT_EQ(end_of("202402"), start_of("20240301") - 1);
    EXPECT_EQ(end_of("202312"), start_of("2024") - 1);
    EXPECT_EQ(end_of("20231231"), start_of("2024") - 1);
    EXPECT_EQ(end_of("2023123123"), start_of("2024") - 1);
    EXPECT_EQ(end_of("202312312359"), start_of("2024") - 1);
    EXPECT_EQ(end_of("20231231235959"), start_of("2024") - 1);
    EXPECT_EQ(end_of("20231231235959.9"), start_of("2024") - 1);
    EXPECT_EQ(end_of("20231231235959.999999"), start_of("2024") - 1);
    EXPECT_EQ(end_of("20231231235959.99"), start_of("20231231235959.99") + 9'999);
}

TEST(DateTime, OrderingTakesOffsetsIntoAccount)
{
    auto dt = [](const char* s) { return *parse_date_time(s); };
    EXPECT_EQ(dt("20230704140000+0200").utc_microseconds(), dt("20230704120000+0000").utc_microseconds());
    // Same instant, different offsets: ordered by offset, not equal.
    EXPECT_NE(dt("20230704140000+0200"), dt("20230704120000+0000"));
    EXPECT_TRUE(is_gt(dt("20230704140000+0200") <=> dt("20230704120000+0000")));
    // 13:00 in New York is later than 14:00 in Paris.
    EXPECT_LT(dt("20230704140000+0200"), dt("20230704130000-0400"));
    EXPECT_LT(dt("2023"), dt("202301"));
    EXPECT_LT(dt("20231231"), dt("2024"));
    EXPECT_EQ(dt("20230704"), dt("20230704"));
    // One with an offset and one without cannot be ordered.
    auto mixed = dt("20230704") <=> dt("20230704+0000");
    EXPECT_EQ(mixed, std::partial_ordering::unordered);
    EXPECT_FALSE(dt("20230704") == dt("20230704+0000"));
}

TEST(DateTime, RoundTripsThroughUtcMicroseconds)
{
    const char* texts[] = {"19700101000000.000000+0000", "20230704123059.123456+0530", "19691231235959.999999-1200",
                           "00010101000000.000000+0000", "99991231235959.999999+0000", "20240229000000.000001+1400"};
    for (const char* text : texts) {
        auto dt = parse_date_time(text);
        ASSERT_TRUE(dt) << error_of(dt);
        auto back = date_time_from_utc_microseconds(dt->utc_microseconds(), *dt->utc_offset_minutes);
        EXPECT_EQ(to_string(back), text);
    }
    EXPECT_EQ(to_string(date_time_from_utc_microseconds(0, -300)), "19691231190000.000000-0500");
}

TEST(DateTime, CombinesDateAndTime)
{
    auto date = *parse_date("20230704");
    EXPECT_EQ(to_string(combine(date, std::nullopt)), "20230704");
    EXPECT_EQ(to_string(combine(date, *parse_time("1230"))), "202307041230");
    EXPECT_EQ(to_string(combine(date, *parse_time("123000.12"))), "20230704123000.12");
}

// --- Ranges (PS3.4 C.2.2.2.5) -----------------------------------------------------------------

TEST(DateRange, ParsesTheThreeForms)
{
    auto both = parse_date_range("20230101-20230131");
    ASSERT_TRUE(both) << error_of(both);
    EXPECT_EQ(to_string(*both->lower), "20230101");
    EXPECT_EQ(to_string(*both->upper), "20230131");

    auto upto = parse_date_range("-20230131");
    ASSERT_TRUE(upto) << error_of(upto);
    EXPECT_FALSE(upto->lower);
    EXPECT_EQ(to_string(*upto->upper), "20230131");

    auto from = parse_date_range("20230101-");
    ASSERT_TRUE(from) << error_of(from);
    EXPECT_EQ(to_string(*from->lower), "20230101");
    EXPECT_FALSE(from->upper);

    auto single = parse_date_range("20230101");
    ASSERT_TRUE(single) << error_of(single);
    EXPECT_EQ(*single->lower, *single->upper);

    auto spaced = parse_date_range("20230101 - 20230131"); // as PS3.4 prints it
    ASSERT_TRUE(spaced) << error_of(spaced);
    EXPECT_EQ(to_string(*spaced), "20230101-20230131");

    auto legacy = parse_date_range("2023.01.01-2023.01.31");
    ASSERT_TRUE(legacy) << error_of(legacy);
    EXPECT_EQ(to_string(*legacy), "20230101-20230131");

    auto open = parse_date_range("-");
    ASSERT_TRUE(open) << error_of(open);
    EXPECT_FALSE(open->lower);
    EXPECT_FALSE(open->upper);
}

TEST(DateRange, RejectsBadRanges)
{
    auto reversed = parse_date_range("20230131-20230101");
    ASSERT_FALSE(reversed);
    EXPECT_EQ(reversed.error().message, "DA range \"20230131-20230101\" ends before it starts");
    auto bad_bound = parse_date_range("20230101-2023013");
    ASSERT_FALSE(bad_bound);
    EXPECT_EQ(bad_bound.error().message.rfind("DA range \"20230101-2023013\": DA value \"2023013\"", 0), 0u)
        << bad_bound.error().message;
    EXPECT_FALSE(parse_date_range("20230101-20230102-20230103"));
    EXPECT_FALSE(parse_date_range(""));
}

TEST(DateRange, ContainsIsInclusive)
{
    auto range = *parse_date_range("20230101-20230131");
    EXPECT_TRUE(contains(range, *parse_date("20230101")));
    EXPECT_TRUE(contains(range, *parse_date("20230115")));
    EXPECT_TRUE(contains(range, *parse_date("20230131")));
    EXPECT_FALSE(contains(range, *parse_date("20221231")));
    EXPECT_FALSE(contains(range, *parse_date("20230201")));
    EXPECT_TRUE(contains(*parse_date_range("-20230131"), *parse_date("19000101")));
    EXPECT_FALSE(contains(*parse_date_range("-20230131"), *parse_date("20230201")));
    EXPECT_TRUE(contains(*parse_date_range("20230101-"), *parse_date("99991231")));
    EXPECT_FALSE(contains(*parse_date_range("20230101-"), *parse_date("20221231")));
}

TEST(TimeRange, UpperBoundIncludesItsWholePeriod)
{
    auto range = parse_time_range("1000-1030");
    ASSERT_TRUE(range) << error_of(range);
    EXPECT_TRUE(contains(*range, *parse_time("100000")));
    EXPECT_TRUE(contains(*range, *parse_time("103059.999999")));
    EXPECT_FALSE(contains(*range, *parse_time("1031")));
    EXPECT_FALSE(contains(*range, *parse_time("095959.999999")));
    EXPECT_TRUE(contains(*parse_time_range("-10"), *parse_time("1059")));
    EXPECT_FALSE(contains(*parse_time_range("-10"), *parse_time("11")));
    EXPECT_TRUE(contains(*parse_time_range("22-"), *parse_time("235959")));
    EXPECT_TRUE(contains(*parse_time_range("1030"), *parse_time("103045")));
    EXPECT_EQ(to_string(*parse_time_range("10:00-10:30")), "1000-1030");
}

TEST(TimeRange, RejectsRangesCrossingMidnight)
{
    auto r = parse_time_range("2200-0200");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "TM range \"2200-0200\" ends before it starts");
    // A lower bound inside the upper bound's period is not reversed.
    EXPECT_TRUE(parse_time_range("1030-10"));
    EXPECT_FALSE(parse_time_range("1000-0959"));
}

TEST(DateTimeRange, TellsOffsetsFromTheSeparator)
{
    auto single = parse_date_time_range("20230101-0500");
    ASSERT_TRUE(single) << error_of(single);
    ASSERT_TRUE(single->lower && single->upper);
    EXPECT_EQ(*single->lower->utc_offset_minutes, -300);
    EXPECT_EQ(to_string(*single), "20230101-0500");

    auto range = parse_date_time_range("20230101-0500-20230102-0500");
    ASSERT_TRUE(range) << error_of(range);
    EXPECT_EQ(to_string(*range->lower), "20230101-0500");
    EXPECT_EQ(to_string(*range->upper), "20230102-0500");

    auto mixed = parse_date_time_range("20230101+0100-20230102");
    ASSERT_TRUE(mixed) << error_of(mixed);
    EXPECT_EQ(to_string(*mixed->lower), "20230101+0100");
    EXPECT_FALSE(mixed->upper->utc_offset_minutes);

    auto from = parse_date_time_range("20230101-0500-");
    ASSERT_TRUE(from) << error_of(from);
    EXPECT_EQ(to_string(*from->lower), "20230101-0500");
    EXPECT_FALSE(from->upper);

    auto upto = parse_date_time_range("-20230102-0500");
    ASSERT_TRUE(upto) << error_of(upto);
    EXPECT_FALSE(upto->lower);
    EXPECT_EQ(to_string(*upto->upper), "20230102-0500");

    auto plain = parse_date_time_range("2022-2023");
    ASSERT_TRUE(plain) << error_of(plain);
    EXPECT_EQ(plain->lower->year, 2022);
    EXPECT_EQ(plain->upper->year, 2023);
}

TEST(DateTimeRange, Errors)
{
    auto reversed = parse_date_time_range("2024-2023");
    ASSERT_FALSE(reversed);
    EXPECT_EQ(reversed.error().message, "DT range \"2024-2023\" ends before it starts");
    auto bad = parse_date_time_range("2023-202313");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("DT range \"2023-202313\": DT value \"202313\" has month 13"), std::string::npos)
        << bad.error().message;
    EXPECT_FALSE(parse_date_time_range("abc"));
}

TEST(DateTimeRange, ContainsUsesUtcAndWholePeriods)
{
    auto year = *parse_date_time_range("2023");
    EXPECT_TRUE(contains(year, *parse_date_time("20231231235959.999999")));
    EXPECT_FALSE(contains(year, *parse_date_time("2024")));

    // 20230101 00:00 to 23:59:59.999999 at UTC-5 is 05:00 UTC to 04:59:59.999999 UTC the next day.
    auto day = *parse_date_time_range("20230101-0500-20230101-0500");
    EXPECT_TRUE(contains(day, *parse_date_time("20230101050000+0000")));
    EXPECT_FALSE(contains(day, *parse_date_time("20230101045959+0000")));
    EXPECT_TRUE(contains(day, *parse_date_time("20230102045959+0000")));
    EXPECT_FALSE(contains(day, *parse_date_time("20230102050000+0000")));

    // A value without an offset is read at the assumed offset.
    auto value = *parse_date_time("20230101003000");
    EXPECT_FALSE(contains(day, value));      // 00:30 UTC
    EXPECT_TRUE(contains(day, value, -300)); // 00:30 at UTC-5
}

} // namespace
} // namespace roentgen
