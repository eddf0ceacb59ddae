// cli/bulk_data_files.h — the file:// BulkDataURIs that dcm2json writes, read back for json2dcm.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "base/byte_source.h"
#include "base/result.h"
#include "encoding/part10_file.h"
#include "model/bulk_data.h"

namespace roentgen::cli {

/// The URI that names a value of `path` for PS3.18 F.2.6 BulkDataURI (the standard leaves the form to
/// the origin): `file://PATH?offset=N&length=M` for a value that stays in the file (its bytes there),
/// `file://PATH#SSSSSSSS/I/.../TTTTTTTT` for one held in memory (sequence tags and item indices down
/// to the element's tag, in hex and decimal). PATH is absolute and not percent-encoded.
std::string file_range_uri(const std::string& absolute_path, uint64_t offset, uint64_t length);

/// Resolves those URIs: ranges map the file and refer into it (no copy); paths read the file as
/// dcm2json did (standard UN elements with their dictionary VR) and copy the element's value.
class BulkDataFiles {
public:
    [[nodiscard]] Result<BulkData> resolve(std::string_view uri);

private:
    Result<BulkData> resolve_range(const std::string& path, std::string_view query);
    Result<BulkData> resolve_element(const std::string& path, std::string_view fragment);

    std::map<std::string, std::shared_ptr<const MappedFile>> m_mapped;
    std::map<std::string, Part10File> m_files;
};

}  // namespace roentgen::cli
