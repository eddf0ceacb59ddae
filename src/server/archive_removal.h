// server/archive_removal.h — deleting a patient, study, series or instance: index rows, then files.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "index/catalog.h"
#include "server/server_configuration.h"
#include "storage/object_store.h"

namespace roentgen::server {

/// Removes the entity and everything below it from the index, then its files (PS3.4 has no
/// delete service; this is the archive's own operation, as Orthanc's DELETE /studies/…). Index
/// first: a crash in between leaves files nobody indexes, never rows without files. Returns the
/// number of instances removed; a file already gone is not an error.
[[nodiscard]] Result<size_t> remove_from_archive(index::Catalog& catalog, storage::ObjectStore& objects,
                                                 index::QueryLevel level, std::string_view unique_key);

/// The index and object store of a configuration, opened as `roentgen serve` opens them.
struct ArchiveParts {
    std::unique_ptr<storage::ObjectStore> objects;
    std::unique_ptr<index::Catalog> catalog;
};
[[nodiscard]] Result<ArchiveParts> open_archive(const ServerConfiguration& configuration);

}  // namespace roentgen::server
