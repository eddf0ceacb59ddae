// tests/support/corpus.cpp — corpus location and file list from MANIFEST.tsv.
#include "support/corpus.h"

#include <cstdlib>
#include <fstream>

namespace roentgen::testing {

std::filesystem::path corpus_dir()
{
    if (const char* env = std::getenv("ROENTGEN_CORPUS"))
        return env;
    return ROENTGEN_CORPUS_DIR;
}

std::vector<std::string> corpus_files()
{
    std::vector<std::string> files;
    std::ifstream manifest(corpus_dir() / "MANIFEST.tsv");
    std::string line;
    bool header = true;
    while (std::getline(manifest, line)) {
        if (header) {
            header = false;
            continue;
        }
        auto tab = line.find('\t');
        if (tab != std::string::npos && tab > 0)
            files.push_back(line.substr(0, tab));
    }
    return files;
}

std::filesystem::path reference_json(const std::string& relative_path)
{
    auto path = corpus_dir() / "ref" / (relative_path + ".json");
    return std::filesystem::exists(path) ? path : std::filesystem::path();
}

}  // namespace roentgen::testing
