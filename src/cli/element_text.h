// cli/element_text.h — text renderings of a Part 10 file for `dump`: listing, JSON, XML.
#pragma once

#include <fmt/format.h>

#include <string>

#include "base/result.h"
#include "encoding/part10_file.h"

namespace roentgen::cli {

/// The dcmdump-like listing: one line per element with tag, VR, value, length, VM and keyword;
/// sequences, items and fragments indented.
void format_listing(const Part10File& file, fmt::memory_buffer& out);
/// One PS3.18 F.2 JSON object of meta group and data set; binary values over `bulk_threshold`
/// bytes (when non-zero) become BulkDataURI, the others InlineBinary.
[[nodiscard]] Result<std::string> format_json(const Part10File& file, const std::string& path, uint64_t bulk_threshold);
/// The PS3.19 Native DICOM Model of meta group and data set.
[[nodiscard]] Result<std::string> format_xml(const Part10File& file, const std::string& path, uint64_t bulk_threshold);

}  // namespace roentgen::cli
