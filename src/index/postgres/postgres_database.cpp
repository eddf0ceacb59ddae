// index/postgres/postgres_database.cpp — the PostgreSQL adapter: statements prepared once per connection, values in binary.
#include "index/postgres/postgres_database.h"

#include <libpq-fe.h>

#include <cstring>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include <fmt/format.h>

#include "index/postgres/postgres_values.h"

namespace roentgen::index::internal {
namespace {

static_assert(std::is_same_v<Oid, unsigned>, "postgres_values.h passes type OIDs as unsigned");

// READ COMMITTED spelled out, so a server configured with another default_transaction_isolation
// does not change how concurrent writers behave (they rely on ON CONFLICT and row locks, not on
// serialization failures).
constexpr SqlDialect postgres_dialect{"postgresql", "BIGSERIAL PRIMARY KEY", "TEXT COLLATE \"C\"", "BYTEA",
                                      "BEGIN ISOLATION LEVEL READ COMMITTED"};

struct ResultDeleter {
    void operator()(PGresult* result) const { PQclear(result); }
};
using ResultHandle = std::unique_ptr<PGresult, ResultDeleter>;

std::string_view trimmed(const char* text)
{
    std::string_view view = text ? text : "";
    while (!view.empty() && (view.back() == '\n' || view.back() == ' '))
        view.remove_suffix(1);
    return view;
}

const char* or_empty(const char* text)
{
    return text ? text : "";
}

// PostgreSQL Appendix A (error codes): class 23 is "integrity constraint violation"; 40001 and
// 40P01 ask the client to retry the transaction; class 08 and 57P0x mean the session is gone.
Errc errc_of_sqlstate(std::string_view state)
{
    if (state.starts_with("23"))
        return Errc::InvalidArgument;
    if (state == "40001" || state == "40P01")
        return Errc::Refused;
    if (state.starts_with("08") || state.starts_with("57P0"))
        return Errc::Closed;
    return Errc::Io;
}

void discard_notice(void*, const char*) {}

class PostgresDatabase final : public SqlDatabase {
public:
    PostgresDatabase(PGconn* connection, std::string where) : m_connection(connection), m_where(std::move(where)) {}
    ~PostgresDatabase() override { PQfinish(m_connection); }
    PostgresDatabase(const PostgresDatabase&) = delete;
    PostgresDatabase& operator=(const PostgresDatabase&) = delete;

    const SqlDialect& dialect() const override { return postgres_dialect; }

    Result<void> execute(std::string_view sql) override
    {
        const std::string text(sql);
        ResultHandle result(PQexec(m_connection, text.c_str()));
        const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY)
            return failure(result.get(), sql);
        return {};
    }

    Result<std::vector<SqlRow>> query(std::string_view sql, std::span<const SqlValue> parameters) override
    {
        for (size_t i = 0; i < parameters.size(); ++i)
            if (size_of(parameters[i]) > postgres::max_parameter_bytes)
                return make_error(Errc::LimitExceeded, fmt::format("PostgreSQL {}: parameter ${} has {} bytes, more "
                                                                   "than one value may hold (in: {:.120})",
                                                                   m_where, i + 1, size_of(parameters[i]), sql));
        const postgres::BinaryParameters binary(parameters);
        ROENTGEN_TRY(const std::string* name, prepare(sql, binary));
        ResultHandle result(PQexecPrepared(m_connection, name->c_str(), binary.count(), binary.values(),
                                           binary.lengths(), binary.formats(), 1));
        const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK)
            return std::vector<SqlRow>{};
        if (status != PGRES_TUPLES_OK)
            return failure(result.get(), sql);
        return rows_of(result.get(), sql);
    }

private:
    static size_t size_of(const SqlValue& value)
    {
        if (const auto* text = std::get_if<std::string>(&value))
            return text->size();
        if (const auto* blob = std::get_if<SqlBlob>(&value))
            return blob->size();
        return 0;
    }

    // Prepared statements are kept per SQL text and parameter types (a statement's types are
    // fixed when it is prepared). They survive ROLLBACK: the protocol-level Parse is not transactional.
    Result<const std::string*> prepare(std::string_view sql, const postgres::BinaryParameters& binary)
    {
        std::string key = binary.signature();
        key += '\n';
        key += sql;
        if (auto found = m_statements.find(key); found != m_statements.end())
            return &found->second;
        std::string name = fmt::format("roentgen_{}", m_statements.size() + 1);
        const std::string text(sql);
        ResultHandle result(PQprepare(m_connection, name.c_str(), text.c_str(), binary.count(), binary.types()));
        if (!result || PQresultStatus(result.get()) != PGRES_COMMAND_OK)
            return failure(result.get(), sql);
        auto [inserted, unused] = m_statements.emplace(std::move(key), std::move(name));
        return &inserted->second;
    }

    Result<std::vector<SqlRow>> rows_of(const PGresult* result, std::string_view sql) const
    {
        const int columns = PQnfields(result);
        const int count = PQntuples(result);
        std::vector<SqlRow> rows;
        rows.reserve(static_cast<size_t>(count));
        for (int r = 0; r < count; ++r) {
            SqlRow& row = rows.emplace_back();
            row.reserve(static_cast<size_t>(columns));
            for (int c = 0; c < columns; ++c) {
                if (PQgetisnull(result, r, c)) {
                    row.emplace_back(SqlNull{});
                    continue;
                }
                const std::span<const char> bytes(PQgetvalue(result, r, c), static_cast<size_t>(PQgetlength(result, r, c)));
                if (auto appended = postgres::append_binary(PQftype(result, c), bytes, row); !appended)
                    return add_context(std::move(appended).error(),
                                       fmt::format("PostgreSQL {}: column \"{}\" (in: {:.120})", m_where,
                                                   or_empty(PQfname(result, c)), sql));
            }
        }
        return rows;
    }

    std::unexpected<Error> failure(const PGresult* result, std::string_view sql) const
    {
        if (!result || PQstatus(m_connection) == CONNECTION_BAD) {
            const std::string_view reason = result ? trimmed(PQresultErrorMessage(result)) : trimmed(PQerrorMessage(m_connection));
            return make_error(Errc::Closed, fmt::format("PostgreSQL {}: connection lost: {} (in: {:.120})", m_where,
                                                        reason.empty() ? trimmed(PQerrorMessage(m_connection)) : reason, sql));
        }
        const std::string_view state = or_empty(PQresultErrorField(result, PG_DIAG_SQLSTATE));
        std::string message(trimmed(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY)));
        if (message.empty())
            message = trimmed(PQresultErrorMessage(result));
        const char* constraint = PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME);
        if (constraint && message.find(constraint) == std::string::npos)
            message += fmt::format(" (constraint \"{}\")", constraint);
        if (const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL))
            message += fmt::format(": {}", trimmed(detail));
        return make_error(errc_of_sqlstate(state), fmt::format("PostgreSQL {}: {} [SQLSTATE {}] (in: {:.120})", m_where,
                                                               message, state.empty() ? "none" : state, sql));
    }

    PGconn* m_connection;
    std::string m_where;
    std::unordered_map<std::string, std::string> m_statements;
};

// user@host:port/database, never the password, for error messages.
std::string where_of(PGconn* connection)
{
    return fmt::format("{}@{}:{}/{}", or_empty(PQuser(connection)), or_empty(PQhost(connection)),
                       or_empty(PQport(connection)), or_empty(PQdb(connection)));
}

}  // namespace

Result<std::unique_ptr<SqlDatabase>> open_postgres_database(const std::string& connection_uri)
{
    // Keywords after "dbname" override what the expanded URI says, those before it are defaults
    // (libpq 34.1, PQconnectdbParams): text is UTF-8 whatever the URI asks; the timeout is the URI's
    // if it has one.
    const char* const keywords[] = {"connect_timeout", "fallback_application_name", "dbname", "client_encoding", nullptr};
    const char* const values[] = {"10", "roentgen", connection_uri.c_str(), "UTF8", nullptr};
    PGconn* connection = PQconnectdbParams(keywords, values, 1);
    if (!connection)
        return make_error(Errc::Io, "PostgreSQL: cannot connect: out of memory");
    if (PQstatus(connection) != CONNECTION_OK) {
        auto error = make_error(Errc::Io, fmt::format("PostgreSQL {}: cannot connect: {}", where_of(connection),
                                                      trimmed(PQerrorMessage(connection))));
        PQfinish(connection);
        return error;
    }
    PQsetNoticeProcessor(connection, discard_notice, nullptr);
    auto database = std::make_unique<PostgresDatabase>(connection, where_of(connection));
    ROENTGEN_TRY(database->execute("SET client_min_messages = warning"));
    return std::unique_ptr<SqlDatabase>(std::move(database));
}

}  // namespace roentgen::index::internal
