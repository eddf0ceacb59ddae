// model/value_text.h — a primitive value from text a person typed (CLI, config): "1\2\3", "1.5", …
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "model/character_set.h"

namespace roentgen {

/// Raw value bytes for `vr` from UTF-8 text: strings encoded into `charset` and padded; numbers
/// for binary VRs separated by backslash; AT as tags "(gggg,eeee)" or "ggggeeee"; OB/OW/UN/…
/// as hex bytes ("0a1b2c", separators ignored). IS and DS are checked (PS3.5 6.2).
[[nodiscard]] Result<std::string> value_from_text(VR vr, std::string_view text, const CharacterSet& charset);

}  // namespace roentgen
