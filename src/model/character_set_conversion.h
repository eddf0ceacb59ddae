// model/character_set_conversion.h — re-encoding a data set's text in another Specific Character Set.
#pragma once

#include <string_view>

#include "base/result.h"
#include "model/data_set.h"

namespace roentgen {

/// The data set with every value of the VRs that use the character set (SH, LO, ST, LT, UC, UT,
/// PN; PS3.5 6.1.2.3) decoded from its own Specific Character Set (0008,0005) and encoded in
/// `target` (the raw value of a Specific Character Set, e.g. "ISO_IR 100" or "\ISO 2022 IR 87"),
/// which it then carries. Items with a Specific Character Set of their own are read in theirs.
/// Fails (Errc::InvalidArgument) when a character has no code in `target`, or Unsupported when a
/// term is unknown; nothing is half converted, since the result is a copy.
[[nodiscard]] Result<DataSet> convert_character_set(const DataSet& data_set, std::string_view target);

}  // namespace roentgen
