// model/element_path.h — addressing an element by keyword, tag or a path through sequence items.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/data_set.h"

namespace roentgen {

/// One step of a path: a tag, and for all but the last step the item index within its sequence.
struct PathStep {
    Tag tag;
    std::optional<size_t> item;
};

/// A parsed key such as `PatientName`, `(0010,0010)`, `0010,0010`, `00100010` or
/// `ReferencedSeriesSequence[0].SeriesInstanceUID`.
struct ElementPath {
    std::vector<PathStep> steps;
    /// The last step's tag.
    Tag tag() const { return steps.back().tag; }
};

/// Parses a key; errors name the part that is neither a keyword nor a tag.
[[nodiscard]] Result<ElementPath> parse_element_path(std::string_view text);

/// The element at `path`, or nullptr when any step is absent.
const Element* find_element(const DataSet& data_set, const ElementPath& path);
/// The data set holding the last step, creating sequences and appending items when `create` is
/// set (an index equal to the item count appends one). Errors when an index is past the end.
[[nodiscard]] Result<DataSet*> resolve_parent(DataSet& data_set, const ElementPath& path, bool create);

/// The character set in effect for the data set that holds the last step of `path`: the nearest
/// (0008,0005) on the way down (PS3.5 6.1.2.5.4 items inherit from their parents).
std::string_view specific_character_set_along(const DataSet& data_set, const ElementPath& path);

}  // namespace roentgen
