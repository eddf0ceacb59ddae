// index/postgres/postgres_database.h — an SqlDatabase on one PostgreSQL connection (libpq, binary protocol).
#pragma once

#include <memory>
#include <string>

#include "index/internal/sql_database.h"

namespace roentgen::index::internal {

/// Connects to the server named by `connection_uri` (anything PQconnectdb accepts, e.g.
/// `postgresql://user@host:port/db` or `host=… dbname=…`). Gives up after 10 s unless the URI sets
/// its own `connect_timeout`. NOTICE messages are discarded (client_min_messages=warning).
///
/// Errors name the server, the SQLSTATE and the statement. Codes:
/// - class 23 (integrity constraint violation: 23505 unique, 23503 foreign key…) → InvalidArgument,
///   as the SQLite adapter reports a constraint failure; the message names the constraint;
/// - 40001 serialization failure and 40P01 deadlock → Refused: the server refused this transaction
///   and the caller may run it again (Errc has no "retry" code; Refused is the closest);
/// - failing to connect → Io; a connection that was open and is lost → Closed (open a new one);
/// - a result column of a type with no SqlValue (numeric, float, timestamp…) → Unsupported;
/// - anything else the server reports → Io.
///
/// Parameters travel in binary with explicit types (int8, text, bytea; NULL untyped, so the server
/// infers it), so `$1` compared with an int4 column or passed to a bigint function works as written.
/// Result columns convert back by type: bool, int2, int4, int8, oid → int64_t; text, varchar,
/// bpchar, name → string; bytea → SqlBlob; void (e.g. `SELECT pg_advisory_xact_lock($1)`) and NULL
/// → SqlNull.
[[nodiscard]] Result<std::unique_ptr<SqlDatabase>> open_postgres_database(const std::string& connection_uri);

}  // namespace roentgen::index::internal
