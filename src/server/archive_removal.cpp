// server/archive_removal.cpp — catalog removal, then the files of the removed instances.
#include "server/archive_removal.h"

#include <filesystem>

#include "index/sql_catalog.h"
#include "server/pacs_server.h"

namespace roentgen::server {

Result<size_t> remove_from_archive(index::Catalog& catalog, storage::ObjectStore& objects, index::QueryLevel level,
                                   std::string_view unique_key)
{
    ROENTGEN_TRY(auto keys, catalog.remove(level, unique_key));
    for (const std::string& key : keys)
        ROENTGEN_TRY(objects.remove(key));
    return keys.size();
}

Result<ArchiveParts> open_archive(const ServerConfiguration& configuration)
{
    ArchiveParts parts;
    const Durability durability = configuration.fsync ? Durability::Fsync : Durability::NoFsync;
    const std::string storage_root = (std::filesystem::path(configuration.data_directory) / "storage").string();
    ROENTGEN_TRY(parts.objects, storage::ObjectStore::open(storage_root, durability));
    ROENTGEN_TRY(auto location, index_location(configuration));
    index::MatchOptions match;
    match.person_name_case = configuration.person_name_case_insensitive ? index::PersonNameCase::Insensitive
                                                                        : index::PersonNameCase::Sensitive;
    auto catalog = location.postgresql
                       ? index::open_postgresql_catalog(location.location, match, configuration.index_connections)
                       : index::open_sqlite_catalog(location.location, durability, match, configuration.index_connections);
    if (!catalog)
        return add_context(std::move(catalog).error(), "opening the index");
    parts.catalog = std::move(*catalog);
    return parts;
}

}  // namespace roentgen::server
