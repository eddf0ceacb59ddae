// index/sql_catalog.h — SqlCatalog: the Catalog on an SQL database (SQLite or PostgreSQL), shared by server processes.
#pragma once

#include <memory>
#include <string>

#include "base/file_io.h"
#include "index/catalog.h"

namespace roentgen::index {

/// An SQLite index in one file (created when absent), WAL journal: readers never wait for the
/// writer; writes from several processes on one host serialise. `connections` bounds the
/// connections open at once (each thread of a query holds one).
[[nodiscard]] Result<std::unique_ptr<Catalog>> open_sqlite_catalog(const std::string& path, Durability durability,
                                                                   MatchOptions options = {}, size_t connections = 8);

/// A PostgreSQL index (`postgresql://user@host:port/database`), which any number of server
/// processes on any hosts may share.
[[nodiscard]] Result<std::unique_ptr<Catalog>> open_postgresql_catalog(const std::string& connection_uri,
                                                                       MatchOptions options = {},
                                                                       size_t connections = 8);

}  // namespace roentgen::index
