// index/sqlite/sqlite_database.h — an SqlDatabase on one SQLite connection (WAL journal).
#pragma once

#include <memory>
#include <string>

#include "base/file_io.h"
#include "index/internal/sql_database.h"

namespace roentgen::index::internal {

/// Opens (creating) the database file at `path` in WAL mode, waiting up to 60 s for locks held by
/// other connections. With Durability::Fsync every commit is synced (synchronous=FULL); NoFsync
/// syncs only at checkpoints (synchronous=NORMAL: a power loss may lose the last commits, a crash
/// of the process does not).
[[nodiscard]] Result<std::unique_ptr<SqlDatabase>> open_sqlite_database(const std::string& path, Durability durability);

}  // namespace roentgen::index::internal
