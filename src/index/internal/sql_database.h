// index/internal/sql_database.h — the few SQL operations the catalog needs, implemented by the SQLite and PostgreSQL adapters.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/result.h"

namespace roentgen::index::internal {

struct SqlNull {
    bool operator==(const SqlNull&) const = default;
};
using SqlBlob = std::vector<uint8_t>;
/// A parameter or a column value. Text is UTF-8.
using SqlValue = std::variant<SqlNull, int64_t, std::string, SqlBlob>;
using SqlRow = std::vector<SqlValue>;

/// Where the two backends' SQL differs; everything else is written once in portable SQL
/// (parameters as $1, $2… in order of first use; INSERT … ON CONFLICT; RETURNING).
struct SqlDialect {
    std::string_view name;             ///< "sqlite" or "postgresql"
    std::string_view key_column;       ///< An auto-incrementing 64-bit primary key column type.
    std::string_view text_type;        ///< Text compared byte by byte (PostgreSQL: COLLATE "C").
    std::string_view blob_type;        ///< BLOB or BYTEA.
    std::string_view begin_write;      ///< Starts a transaction that will write.
};

/// One connection. Not thread-safe: the catalog keeps a pool and lends each to one thread.
class SqlDatabase {
public:
    virtual ~SqlDatabase() = default;
    virtual const SqlDialect& dialect() const = 0;
    /// Runs statements without parameters or results (DDL, BEGIN, COMMIT), separated by ';'.
    [[nodiscard]] virtual Result<void> execute(std::string_view sql) = 0;
    /// Runs one statement with parameters; returns every row. Statements are prepared once per
    /// connection and kept.
    [[nodiscard]] virtual Result<std::vector<SqlRow>> query(std::string_view sql, std::span<const SqlValue> parameters) = 0;
};

inline int64_t as_integer(const SqlValue& value)
{
    if (const auto* integer = std::get_if<int64_t>(&value))
        return *integer;
    return 0;
}

inline std::string as_text(const SqlValue& value)
{
    if (const auto* text = std::get_if<std::string>(&value))
        return *text;
    return {};
}

}  // namespace roentgen::index::internal
