// tests/support/corpus.h — locating ../shared/corpus and listing its DICOM files for corpus tests.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace roentgen::testing {

/// $ROENTGEN_CORPUS if set, else the corpus path configured at build time (../shared/corpus).
std::filesystem::path corpus_dir();
/// Every DICOM file of the corpus (the paths of MANIFEST.tsv), relative to corpus_dir().
std::vector<std::string> corpus_files();
/// The reference JSON ref/<path>.json, or an empty path when pydicom could not read the file.
std::filesystem::path reference_json(const std::string& relative_path);

}  // namespace roentgen::testing
