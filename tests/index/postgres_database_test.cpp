// tests/index/postgres_database_test.cpp — the PostgreSQL adapter against a throwaway server: value round trips, errors, cache, transactions.
#include "index/postgres/postgres_database.h"

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/postgres_server.h"

namespace roentgen::index::internal {
namespace {

using roentgen::testing::PostgresServer;

class PostgresDatabaseTest : public ::testing::Test {
protected:
    // One server per test process (ctest runs each test in a process of its own), one database per test.
    static void SetUpTestSuite()
    {
        auto started = PostgresServer::start();
        if (started)
            server = std::move(*started);
        else
            start_error = started.error().message;
    }
    static void TearDownTestSuite() { server.reset(); }

    void SetUp() override
    {
        ASSERT_TRUE(server) << "cannot start PostgreSQL: " << start_error;
        auto uri = server->create_database(roentgen::testing::database_name_for_current_test());
        ASSERT_TRUE(uri) << uri.error().message;
        m_uri = *uri;
        m_db = open();
        ASSERT_TRUE(m_db);
    }

    std::unique_ptr<SqlDatabase> open()
    {
        auto opened = open_postgres_database(m_uri);
        EXPECT_TRUE(opened) << opened.error().message;
        return opened ? std::move(*opened) : nullptr;
    }

    static std::vector<SqlRow> rows(SqlDatabase& db, std::string_view sql, std::vector<SqlValue> parameters = {})
    {
        auto result = db.query(sql, parameters);
        EXPECT_TRUE(result) << result.error().message;
        return result ? std::move(*result) : std::vector<SqlRow>{};
    }

    static void run(SqlDatabase& db, std::string_view sql)
    {
        auto result = db.execute(sql);
        EXPECT_TRUE(result) << result.error().message;
    }

    inline static std::unique_ptr<PostgresServer> server;
    inline static std::string start_error;
    std::string m_uri;
    std::unique_ptr<SqlDatabase> m_db;
};

SqlBlob random_blob(size_t size)
{
    std::mt19937_64 random(size);
    SqlBlob blob(size);
    for (auto& byte : blob)
        byte = static_cast<uint8_t>(random());
    return blob;
}

TEST_F(PostgresDatabaseTest, DialectCreatesTablesWithItsTypes)
{
    const SqlDialect& d = m_db->dialect();
    EXPECT_EQ(d.name, "postgresql");
    run(*m_db, "CREATE TABLE t (id " + std::string(d.key_column) + ", name " + std::string(d.text_type) + ", data " +
                   std::string(d.blob_type) + ")");
    run(*m_db, d.begin_write);
    EXPECT_EQ(rows(*m_db, "INSERT INTO t (name, data) VALUES ($1, $2) RETURNING id", {std::string("b"), SqlBlob{1}}),
              (std::vector<SqlRow>{{int64_t{1}}}));
    EXPECT_EQ(rows(*m_db, "INSERT INTO t (name, data) VALUES ($1, $2) RETURNING id", {std::string("a"), SqlBlob{2}}),
              (std::vector<SqlRow>{{int64_t{2}}}));
    run(*m_db, "COMMIT");
    // COLLATE "C" orders by bytes: 'B' (0x42) before 'a' (0x61), which a linguistic collation reverses.
    rows(*m_db, "INSERT INTO t (name) VALUES ($1)", {std::string("B")});
    EXPECT_EQ(rows(*m_db, "SELECT name FROM t ORDER BY name"),
              (std::vector<SqlRow>{{std::string("B")}, {std::string("a")}, {std::string("b")}}));
}

TEST_F(PostgresDatabaseTest, RoundTripsEveryValueTypeAndNull)
{
    run(*m_db, "CREATE TABLE v (k BIGINT, i BIGINT, s TEXT, b BYTEA)");
    SqlBlob every_byte(256);
    for (size_t i = 0; i < every_byte.size(); ++i)
        every_byte[i] = static_cast<uint8_t>(i);
    const std::vector<SqlRow> inserted = {
        {int64_t{1}, int64_t{0}, std::string(""), SqlBlob{}},
        {int64_t{2}, INT64_MIN, std::string("a\tb\nc"), every_byte},
        {int64_t{3}, INT64_MAX, std::string(1, '\x7f'), SqlBlob{0, 0, 0}},
        {int64_t{4}, int64_t{-1}, std::string("x"), SqlBlob{0xFF}},
        {int64_t{5}, SqlNull{}, SqlNull{}, SqlNull{}},
    };
    for (const auto& row : inserted)
        rows(*m_db, "INSERT INTO v VALUES ($1, $2, $3, $4)", row);
    EXPECT_EQ(rows(*m_db, "SELECT k, i, s, b FROM v ORDER BY k"), inserted);
    EXPECT_EQ(rows(*m_db, "SELECT k FROM v WHERE i IS NULL AND s IS NULL AND b IS NULL"),
              (std::vector<SqlRow>{{int64_t{5}}}));
    // A NULL parameter takes the type the statement gives it.
    EXPECT_EQ(rows(*m_db, "SELECT count(*) FROM v WHERE i IS NOT DISTINCT FROM $1", {SqlNull{}}),
              (std::vector<SqlRow>{{int64_t{1}}}));
}

TEST_F(PostgresDatabaseTest, ConvertsIntegerBooleanAndTextLikeColumns)
{
    EXPECT_EQ(rows(*m_db, "SELECT (-2)::int2, (-70000)::int4, 5000000000::int8, true, false, 'v'::varchar, "
                          "'n'::name, 'ab'::char(3), 4000000000::oid, NULL::int4"),
              (std::vector<SqlRow>{{int64_t{-2}, int64_t{-70000}, int64_t{5000000000}, int64_t{1}, int64_t{0},
                                    std::string("v"), std::string("n"), std::string("ab "), int64_t{4000000000},
                                    SqlNull{}}}));
    // An int8 parameter compared with an int4 column and passed where int2 is expected.
    run(*m_db, "CREATE TABLE small (a INTEGER, b SMALLINT)");
    rows(*m_db, "INSERT INTO small VALUES ($1, $2)", {int64_t{7}, int64_t{8}});
    EXPECT_EQ(rows(*m_db, "SELECT b FROM small WHERE a = $1", {int64_t{7}}), (std::vector<SqlRow>{{int64_t{8}}}));
}

TEST_F(PostgresDatabaseTest, ColumnOfAnUnmappedTypeIsAnErrorNamingIt)
{
    auto result = m_db->query("SELECT 1.5::numeric AS ratio", {});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, Errc::Unsupported);
    EXPECT_NE(result.error().message.find("1700"), std::string::npos) << result.error().message;
    EXPECT_NE(result.error().message.find("ratio"), std::string::npos) << result.error().message;
    // The connection is still usable.
    EXPECT_EQ(rows(*m_db, "SELECT 1.5::numeric::text"), (std::vector<SqlRow>{{std::string("1.5")}}));
}

TEST_F(PostgresDatabaseTest, RoundTripsBlobsAndTextOfSeveralMegabytes)
{
    run(*m_db, "CREATE TABLE big (b BYTEA, s TEXT)");
    const SqlBlob blob = random_blob(12 * 1024 * 1024);
    const std::string text(5 * 1024 * 1024, 'q');
    rows(*m_db, "INSERT INTO big VALUES ($1, $2)", {blob, text});
    const auto got = rows(*m_db, "SELECT b, s, length(b) FROM big");
    ASSERT_EQ(got.size(), 1u);
    EXPECT_TRUE(got[0][0] == SqlValue(blob));
    EXPECT_TRUE(got[0][1] == SqlValue(text));
    EXPECT_EQ(got[0][2], SqlValue(int64_t{12 * 1024 * 1024}));
}

TEST_F(PostgresDatabaseTest, RoundTripsUnicodeText)
{
    run(*m_db, "CREATE TABLE names (n TEXT COLLATE \"C\")");
    const std::vector<std::string> names = {"Müller^Jürgen", "山田^太郎=やまだ^たろう", "Ωμέγα", "\xF0\x9F\xA9\xBB x-ray"};
    for (const auto& name : names)
        rows(*m_db, "INSERT INTO names VALUES ($1)", {name});
    const auto got = rows(*m_db, "SELECT n, length(n), octet_length(n) FROM names WHERE n = $1", {names[1]});
    EXPECT_EQ(got, (std::vector<SqlRow>{{names[1], int64_t{13}, static_cast<int64_t>(names[1].size())}}));
    EXPECT_EQ(rows(*m_db, "SELECT count(*) FROM names WHERE n LIKE $1", {std::string("M%")}),
              (std::vector<SqlRow>{{int64_t{1}}}));
    EXPECT_EQ(rows(*m_db, "SELECT n FROM names WHERE n = $1", {names[3]}), (std::vector<SqlRow>{{names[3]}}));
}

TEST_F(PostgresDatabaseTest, ConstraintViolationsAreInvalidArgumentNamingTheConstraint)
{
    run(*m_db, "CREATE TABLE study (uid TEXT NOT NULL CONSTRAINT study_uid_unique UNIQUE, id BIGSERIAL PRIMARY KEY);"
               "CREATE TABLE series (study BIGINT CONSTRAINT series_study_fk REFERENCES study (id))");
    rows(*m_db, "INSERT INTO study (uid) VALUES ($1)", {std::string("1.2.3")});
    auto duplicate = m_db->query("INSERT INTO study (uid) VALUES ($1)", std::vector<SqlValue>{std::string("1.2.3")});
    ASSERT_FALSE(duplicate);
    EXPECT_EQ(duplicate.error().code, Errc::InvalidArgument);
    EXPECT_NE(duplicate.error().message.find("study_uid_unique"), std::string::npos) << duplicate.error().message;
    EXPECT_NE(duplicate.error().message.find("23505"), std::string::npos) << duplicate.error().message;
    EXPECT_NE(duplicate.error().message.find("1.2.3"), std::string::npos) << "the detail names the key";

    auto missing = m_db->query("INSERT INTO study (uid) VALUES ($1)", std::vector<SqlValue>{SqlNull{}});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::InvalidArgument);
    EXPECT_NE(missing.error().message.find("23502"), std::string::npos) << missing.error().message;

    auto orphan = m_db->query("INSERT INTO series VALUES ($1)", std::vector<SqlValue>{int64_t{99}});
    ASSERT_FALSE(orphan);
    EXPECT_EQ(orphan.error().code, Errc::InvalidArgument);
    EXPECT_NE(orphan.error().message.find("series_study_fk"), std::string::npos) << orphan.error().message;
}

TEST_F(PostgresDatabaseTest, OtherServerErrorsAreIoNamingTheStateAndStatement)
{
    auto syntax = m_db->query("SELEC 1", {});
    ASSERT_FALSE(syntax);
    EXPECT_EQ(syntax.error().code, Errc::Io);
    EXPECT_NE(syntax.error().message.find("42601"), std::string::npos) << syntax.error().message;
    EXPECT_NE(syntax.error().message.find("SELEC 1"), std::string::npos) << syntax.error().message;
    auto table = m_db->execute("DROP TABLE no_such_table");
    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().code, Errc::Io);
    EXPECT_NE(table.error().message.find("42P01"), std::string::npos) << table.error().message;
    EXPECT_NE(table.error().message.find("no_such_table"), std::string::npos) << table.error().message;
}

TEST_F(PostgresDatabaseTest, PreparesEachStatementOnceAndReusesIt)
{
    run(*m_db, "CREATE TABLE counter (n BIGINT, s TEXT)");
    const std::string insert = "INSERT INTO counter VALUES ($1, $2)";
    for (int64_t i = 0; i < 1000; ++i)
        ASSERT_TRUE(m_db->query(insert, std::vector<SqlValue>{i, std::to_string(i)}));
    // Same SQL with a NULL where an integer was: another parameter signature, another statement.
    rows(*m_db, insert, {SqlNull{}, std::string("null")});
    EXPECT_EQ(rows(*m_db, "SELECT count(*), sum(n)::int8 FROM counter"),
              (std::vector<SqlRow>{{int64_t{1001}, int64_t{499500}}}));
    EXPECT_EQ(rows(*m_db, "SELECT count(*)::int8 FROM pg_prepared_statements WHERE statement = $1", {insert}),
              (std::vector<SqlRow>{{int64_t{2}}}));
}

TEST_F(PostgresDatabaseTest, RollbackLeavesNothingCommitKeepsAndOthersSeeOnlyCommittedRows)
{
    run(*m_db, "CREATE TABLE t (x BIGINT)");
    auto other = open();
    ASSERT_TRUE(other);
    run(*m_db, m_db->dialect().begin_write);
    rows(*m_db, "INSERT INTO t VALUES ($1)", {int64_t{1}});
    EXPECT_EQ(rows(*m_db, "SELECT count(*) FROM t"), (std::vector<SqlRow>{{int64_t{1}}}));
    EXPECT_EQ(rows(*other, "SELECT count(*) FROM t"), (std::vector<SqlRow>{{int64_t{0}}}));
    run(*m_db, "ROLLBACK");
    EXPECT_EQ(rows(*m_db, "SELECT count(*) FROM t"), (std::vector<SqlRow>{{int64_t{0}}}));

    run(*m_db, m_db->dialect().begin_write);
    rows(*m_db, "INSERT INTO t VALUES ($1)", {int64_t{2}});
    EXPECT_EQ(rows(*other, "SELECT count(*) FROM t"), (std::vector<SqlRow>{{int64_t{0}}}));
    run(*m_db, "COMMIT");
    EXPECT_EQ(rows(*other, "SELECT x FROM t"), (std::vector<SqlRow>{{int64_t{2}}}));
    rows(*other, "INSERT INTO t VALUES ($1)", {int64_t{3}});
    EXPECT_EQ(rows(*m_db, "SELECT x FROM t ORDER BY x"), (std::vector<SqlRow>{{int64_t{2}}, {int64_t{3}}}));
}

TEST_F(PostgresDatabaseTest, InsertOnConflictDoNothingReturnsOnlyNewRows)
{
    run(*m_db, "CREATE TABLE study (id BIGSERIAL PRIMARY KEY, uid TEXT UNIQUE, n BIGINT)");
    const std::string insert = "INSERT INTO study (uid, n) VALUES ($1, $2) ON CONFLICT (uid) DO NOTHING RETURNING id";
    EXPECT_EQ(rows(*m_db, insert, {std::string("1.2"), int64_t{1}}), (std::vector<SqlRow>{{int64_t{1}}}));
    EXPECT_EQ(rows(*m_db, insert, {std::string("1.2"), int64_t{2}}), (std::vector<SqlRow>{}));
    EXPECT_EQ(rows(*m_db, insert, {std::string("1.3"), int64_t{3}}), (std::vector<SqlRow>{{int64_t{3}}}))
        << "the conflicting insert used up sequence value 2";
    EXPECT_EQ(rows(*m_db, "INSERT INTO study (uid, n) VALUES ($1, $2) ON CONFLICT (uid) DO UPDATE SET n = excluded.n "
                          "RETURNING id, n",
                   {std::string("1.2"), int64_t{9}}),
              (std::vector<SqlRow>{{int64_t{1}, int64_t{9}}}));
}

TEST_F(PostgresDatabaseTest, AdvisoryTransactionLockReturnsNullAndIsHeldUntilCommit)
{
    auto other = open();
    ASSERT_TRUE(other);
    run(*m_db, "BEGIN");
    EXPECT_EQ(rows(*m_db, "SELECT pg_advisory_xact_lock($1)", {int64_t{42}}), (std::vector<SqlRow>{{SqlNull{}}}));
    EXPECT_EQ(rows(*other, "SELECT pg_try_advisory_xact_lock($1)", {int64_t{42}}), (std::vector<SqlRow>{{int64_t{0}}}));
    run(*m_db, "COMMIT");
    EXPECT_EQ(rows(*other, "SELECT pg_try_advisory_xact_lock($1)", {int64_t{42}}), (std::vector<SqlRow>{{int64_t{1}}}));
}

TEST_F(PostgresDatabaseTest, SerializationFailureIsRefusedSoTheCallerMayRetry)
{
    run(*m_db, "CREATE TABLE t (id BIGINT PRIMARY KEY, v BIGINT); INSERT INTO t VALUES (1, 0)");
    auto other = open();
    ASSERT_TRUE(other);
    run(*m_db, "BEGIN ISOLATION LEVEL REPEATABLE READ");
    rows(*m_db, "SELECT v FROM t WHERE id = $1", {int64_t{1}});
    rows(*other, "UPDATE t SET v = $1 WHERE id = $2", {int64_t{2}, int64_t{1}});
    auto conflict = m_db->query("UPDATE t SET v = $1 WHERE id = $2", std::vector<SqlValue>{int64_t{3}, int64_t{1}});
    ASSERT_FALSE(conflict);
    EXPECT_EQ(conflict.error().code, Errc::Refused);
    EXPECT_NE(conflict.error().message.find("40001"), std::string::npos) << conflict.error().message;
    run(*m_db, "ROLLBACK");
    EXPECT_EQ(rows(*m_db, "SELECT v FROM t"), (std::vector<SqlRow>{{int64_t{2}}}));
}

TEST_F(PostgresDatabaseTest, ExecuteRunsSeveralStatements)
{
    run(*m_db, "CREATE TABLE a (x BIGINT); CREATE TABLE b (y BIGINT);\nINSERT INTO a VALUES (1); INSERT INTO b VALUES (2);");
    EXPECT_EQ(rows(*m_db, "SELECT x, y FROM a, b"), (std::vector<SqlRow>{{int64_t{1}, int64_t{2}}}));
    run(*m_db, "");
}

TEST_F(PostgresDatabaseTest, NoticesAndWarningsAreNotPrinted)
{
    ::testing::internal::CaptureStderr();
    run(*m_db, "DROP TABLE IF EXISTS not_there");
    run(*m_db, "DO $$ BEGIN RAISE WARNING 'a warning for nobody'; END $$");
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
    EXPECT_EQ(rows(*m_db, "SELECT current_setting($1)", {std::string("client_min_messages")}),
              (std::vector<SqlRow>{{std::string("warning")}}));
}

TEST_F(PostgresDatabaseTest, LostConnectionIsClosed)
{
    auto victim = open();
    ASSERT_TRUE(victim);
    const auto pid = rows(*victim, "SELECT pg_backend_pid()");
    ASSERT_EQ(pid.size(), 1u);
    EXPECT_EQ(rows(*m_db, "SELECT pg_terminate_backend($1::int4, 5000)", {pid[0][0]}), (std::vector<SqlRow>{{int64_t{1}}}));
    auto lost = victim->query("SELECT 1", {});
    ASSERT_FALSE(lost);
    EXPECT_EQ(lost.error().code, Errc::Closed) << lost.error().message;
    auto again = victim->execute("SELECT 1");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, Errc::Closed) << again.error().message;
}

TEST_F(PostgresDatabaseTest, UnreachableServerOrBadUriFailsQuicklyWithAClearError)
{
    const auto started = std::chrono::steady_clock::now();
    // Port 1 on loopback: nothing listens there, so the connection is refused.
    auto refused = open_postgres_database("postgresql://roentgen@127.0.0.1:1/postgres");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, Errc::Io);
    EXPECT_NE(refused.error().message.find("cannot connect"), std::string::npos) << refused.error().message;
    EXPECT_NE(refused.error().message.find("127.0.0.1"), std::string::npos) << refused.error().message;

    auto malformed = open_postgres_database("postgresql://roentgen@127.0.0.1:notaport/postgres");
    ASSERT_FALSE(malformed);
    EXPECT_EQ(malformed.error().code, Errc::Io);
    EXPECT_NE(malformed.error().message.find("notaport"), std::string::npos) << malformed.error().message;

    auto missing = open_postgres_database(server->uri_of("no_such_database"));
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("no_such_database"), std::string::npos) << missing.error().message;

    // A non-routable address (RFC 5737 TEST-NET-1) either fails at once or after connect_timeout.
    auto silent = open_postgres_database("postgresql://roentgen@192.0.2.1:5432/postgres?connect_timeout=2");
    ASSERT_FALSE(silent);
    EXPECT_EQ(silent.error().code, Errc::Io);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

}  // namespace
}  // namespace roentgen::index::internal
