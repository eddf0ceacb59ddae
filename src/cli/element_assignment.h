// cli/element_assignment.h — `KEY=VALUE` arguments (modify --set, query keys) parsed and applied to a data set.
#pragma once

#include <optional>
#include <string>

#include "base/result.h"
#include "dict/vr.h"
#include "model/data_set.h"
#include "model/element_path.h"

namespace roentgen::cli {

/// "KEY=VALUE" or "KEY:VR=VALUE" (the VR is needed for private tags not yet present). With
/// `value_optional`, a bare "KEY" is an empty value (a return key of a query).
struct Assignment {
    ElementPath path;
    std::optional<VR> vr;
    std::string value;
};

[[nodiscard]] Result<Assignment> parse_assignment(const std::string& text, bool value_optional = false);
/// Sets the element (creating sequence items along the path), its VR from the data set, the
/// assignment or the dictionary, the value converted from text in the data set's character set.
[[nodiscard]] Result<void> apply_set(DataSet& data_set, const Assignment& assignment);

}  // namespace roentgen::cli
