// model/age_string.h — AS values (PS3.5 6.2): "nnnD", "nnnW", "nnnM" or "nnnY".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace roentgen {

/// The unit letter of an AS value; the enumerator's value is the letter.
enum class AgeUnit : char { Days = 'D', Weeks = 'W', Months = 'M', Years = 'Y' };

/// An AS value (PS3.5 6.2): a count of 0–999 units. Ages in different units are not converted:
/// "012M" and "001Y" are different values (a month has no fixed length).
struct Age {
    uint16_t count = 0; ///< 0–999.
    AgeUnit unit = AgeUnit::Years;

    /// The age in days, months as 365.2425/12 days and years as 365.2425: good for sorting and
    /// rough comparison across units, not for exact arithmetic.
    double approximate_days() const;
    bool operator==(const Age&) const = default;
};

/// Parses one AS value: exactly three digits then D, W, M or Y ("045Y"). The short forms some
/// writers use ("45Y", "45") and lower-case units are errors naming the value.
[[nodiscard]] Result<Age> parse_age(std::string_view text);
/// "nnnU" with the count zero-padded to three digits. A count over 999 is a caller bug (asserted).
std::string to_string(const Age& age);

} // namespace roentgen
