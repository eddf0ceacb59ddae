// index/sqlite/sqlite_database.cpp — the SQLite adapter: prepared statements cached per connection, values bound by type.
#include "index/sqlite/sqlite_database.h"

#include <sqlite3.h>

#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

namespace roentgen::index::internal {
namespace {

constexpr SqlDialect sqlite_dialect{"sqlite", "INTEGER PRIMARY KEY", "TEXT", "BLOB", "BEGIN IMMEDIATE"};

class SqliteDatabase final : public SqlDatabase {
public:
    explicit SqliteDatabase(sqlite3* connection, std::string path) : m_connection(connection), m_path(std::move(path)) {}
    ~SqliteDatabase() override
    {
        for (auto& [sql, statement] : m_statements)
            sqlite3_finalize(statement);
        sqlite3_close(m_connection);
    }
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    const SqlDialect& dialect() const override { return sqlite_dialect; }

    Result<void> execute(std::string_view sql) override
    {
        char* message = nullptr;
        const std::string text(sql);
        if (sqlite3_exec(m_connection, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
            std::string reason = message ? message : sqlite3_errmsg(m_connection);
            sqlite3_free(message);
            return failure(reason, sql);
        }
        return {};
    }

    Result<std::vector<SqlRow>> query(std::string_view sql, std::span<const SqlValue> parameters) override
    {
        ROENTGEN_TRY(sqlite3_stmt * statement, prepare(sql));
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
        for (size_t i = 0; i < parameters.size(); ++i) {
            const std::string name = fmt::format("${}", i + 1);
            const int index = sqlite3_bind_parameter_index(statement, name.c_str());
            if (index == 0)
                continue;
            if (auto bound = bind(statement, index, parameters[i]); bound != SQLITE_OK)
                return failure(sqlite3_errmsg(m_connection), sql);
        }
        std::vector<SqlRow> rows;
        for (;;) {
            const int step = sqlite3_step(statement);
            if (step == SQLITE_DONE)
                break;
            if (step != SQLITE_ROW) {
                auto error = failure(sqlite3_errmsg(m_connection), sql);
                sqlite3_reset(statement);
                return error;
            }
            rows.push_back(row_of(statement));
        }
        sqlite3_reset(statement);
        return rows;
    }

private:
    std::unexpected<Error> failure(std::string_view reason, std::string_view sql) const
    {
        const auto code = sqlite3_extended_errcode(m_connection);
        const Errc errc = (code & 0xFF) == SQLITE_CONSTRAINT ? Errc::InvalidArgument : Errc::Io;
        return make_error(errc, fmt::format("SQLite {}: {} (in: {:.120})", m_path, reason, sql));
    }

    Result<sqlite3_stmt*> prepare(std::string_view sql)
    {
        auto found = m_statements.find(std::string(sql));
        if (found != m_statements.end())
            return found->second;
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v3(m_connection, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                               &statement, nullptr) != SQLITE_OK)
            return failure(sqlite3_errmsg(m_connection), sql);
        m_statements.emplace(std::string(sql), statement);
        return statement;
    }

    static int bind(sqlite3_stmt* statement, int index, const SqlValue& value)
    {
        if (const auto* integer = std::get_if<int64_t>(&value))
            return sqlite3_bind_int64(statement, index, *integer);
        if (const auto* text = std::get_if<std::string>(&value))
            return sqlite3_bind_text64(statement, index, text->data(), text->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        if (const auto* blob = std::get_if<SqlBlob>(&value)) {
            // An empty vector's data() may be null, which sqlite3_bind_blob64 would bind as NULL.
            if (blob->empty())
                return sqlite3_bind_zeroblob(statement, index, 0);
            return sqlite3_bind_blob64(statement, index, blob->data(), blob->size(), SQLITE_TRANSIENT);
        }
        return sqlite3_bind_null(statement, index);
    }

    static SqlRow row_of(sqlite3_stmt* statement)
    {
        SqlRow row;
        const int columns = sqlite3_column_count(statement);
        row.reserve(static_cast<size_t>(columns));
        for (int c = 0; c < columns; ++c) {
            switch (sqlite3_column_type(statement, c)) {
            case SQLITE_INTEGER: row.emplace_back(static_cast<int64_t>(sqlite3_column_int64(statement, c))); break;
            case SQLITE_TEXT: {
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, c));
                row.emplace_back(std::string(text, static_cast<size_t>(sqlite3_column_bytes(statement, c))));
                break;
            }
            case SQLITE_BLOB: {
                const auto* bytes = static_cast<const uint8_t*>(sqlite3_column_blob(statement, c));
                row.emplace_back(SqlBlob(bytes, bytes + sqlite3_column_bytes(statement, c)));
                break;
            }
            default: row.emplace_back(SqlNull{}); break;
            }
        }
        return row;
    }

    sqlite3* m_connection;
    std::string m_path;
    std::unordered_map<std::string, sqlite3_stmt*> m_statements;
};

}  // namespace

Result<std::unique_ptr<SqlDatabase>> open_sqlite_database(const std::string& path, Durability durability)
{
    sqlite3* connection = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &connection, flags, nullptr) != SQLITE_OK) {
        std::string reason = connection ? sqlite3_errmsg(connection) : "out of memory";
        sqlite3_close(connection);
        return make_error(Errc::Io, fmt::format("SQLite {}: cannot open: {}", path, reason));
    }
    sqlite3_busy_timeout(connection, 60000);
    auto database = std::make_unique<SqliteDatabase>(connection, path);
    ROENTGEN_TRY(database->execute("PRAGMA journal_mode=WAL"));
    ROENTGEN_TRY(database->execute(durability == Durability::Fsync ? "PRAGMA synchronous=FULL"
                                                                    : "PRAGMA synchronous=NORMAL"));
    ROENTGEN_TRY(database->execute("PRAGMA foreign_keys=ON"));
    return std::unique_ptr<SqlDatabase>(std::move(database));
}

}  // namespace roentgen::index::internal
