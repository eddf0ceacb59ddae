// tests/index/sqlite_database_test.cpp — the SQLite adapter on the cases the PostgreSQL adapter is tested on, to compare the two.
#include "index/sqlite/sqlite_database.h"

#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/postgres_server.h"

namespace roentgen::index::internal {
namespace {

namespace fs = std::filesystem;

class SqliteDatabaseTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_directory = fs::temp_directory_path() /
                      ("roentgen-sqlite-" + std::to_string(::getpid()) + "-" + testing::database_name_for_current_test());
        fs::remove_all(m_directory);
        fs::create_directories(m_directory);
        m_db = open();
        ASSERT_TRUE(m_db);
    }
    void TearDown() override
    {
        m_db.reset();
        std::error_code ignored;
        fs::remove_all(m_directory, ignored);
    }

    std::unique_ptr<SqlDatabase> open()
    {
        auto opened = open_sqlite_database((m_directory / "index.sqlite").string(), Durability::NoFsync);
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

    fs::path m_directory;
    std::unique_ptr<SqlDatabase> m_db;
};

TEST_F(SqliteDatabaseTest, DialectCreatesTablesWithItsTypes)
{
    const SqlDialect& d = m_db->dialect();
    EXPECT_EQ(d.name, "sqlite");
    run(*m_db, "CREATE TABLE t (id " + std::string(d.key_column) + ", name " + std::string(d.text_type) + ", data " +
                   std::string(d.blob_type) + ")");
    run(*m_db, d.begin_write);
    EXPECT_EQ(rows(*m_db, "INSERT INTO t (name, data) VALUES ($1, $2) RETURNING id", {std::string("b"), SqlBlob{1}}),
              (std::vector<SqlRow>{{int64_t{1}}}));
    run(*m_db, "COMMIT");
    rows(*m_db, "INSERT INTO t (name) VALUES ($1)", {std::string("B")});
    EXPECT_EQ(rows(*m_db, "SELECT name FROM t ORDER BY name"), (std::vector<SqlRow>{{std::string("B")}, {std::string("b")}}));
}

TEST_F(SqliteDatabaseTest, RoundTripsEveryValueTypeAndNull)
{
    run(*m_db, "CREATE TABLE v (k INTEGER, i INTEGER, s TEXT, b BLOB)");
    SqlBlob every_byte(256);
    for (size_t i = 0; i < every_byte.size(); ++i)
        every_byte[i] = static_cast<uint8_t>(i);
    const std::vector<SqlRow> inserted = {
        {int64_t{1}, int64_t{0}, std::string(""), SqlBlob{7}},
        {int64_t{2}, INT64_MIN, std::string("a\tb\nc"), every_byte},
        {int64_t{3}, INT64_MAX, std::string(1, '\x7f'), SqlBlob{0, 0, 0}},
        {int64_t{5}, SqlNull{}, SqlNull{}, SqlNull{}},
    };
    for (const auto& row : inserted)
        rows(*m_db, "INSERT INTO v VALUES ($1, $2, $3, $4)", row);
    EXPECT_EQ(rows(*m_db, "SELECT k, i, s, b FROM v ORDER BY k"), inserted);
    EXPECT_EQ(rows(*m_db, "SELECT count(*) FROM v WHERE i IS $1", {SqlNull{}}), (std::vector<SqlRow>{{int64_t{1}}}));
}

// An empty SqlBlob stays an empty blob, not NULL (its data() may be a null pointer).
TEST_F(SqliteDatabaseTest, EmptyBlobRoundTripsAsEmpty)
{
    run(*m_db, "CREATE TABLE v (b BLOB)");
    rows(*m_db, "INSERT INTO v VALUES ($1)", {SqlBlob{}});
    EXPECT_EQ(rows(*m_db, "SELECT b, b IS NULL FROM v"), (std::vector<SqlRow>{{SqlBlob{}, int64_t{0}}}));
}

TEST_F(SqliteDatabaseTest, RoundTripsBlobsOfSeveralMegabytesAndUnicodeText)
{
    run(*m_db, "CREATE TABLE big (b BLOB, s TEXT)");
    SqlBlob blob(12 * 1024 * 1024);
    std::mt19937_64 random(1);
    for (auto& byte : blob)
        byte = static_cast<uint8_t>(random());
    const std::string name = "山田^太郎=やまだ^たろう \xF0\x9F\xA9\xBB";
    rows(*m_db, "INSERT INTO big VALUES ($1, $2)", {blob, name});
    const auto got = rows(*m_db, "SELECT b, s, length(s) FROM big WHERE s = $1", {name});
    ASSERT_EQ(got.size(), 1u);
    EXPECT_TRUE(got[0][0] == SqlValue(blob));
    EXPECT_EQ(got[0][1], SqlValue(name));
    EXPECT_EQ(got[0][2], SqlValue(int64_t{15}));
}

TEST_F(SqliteDatabaseTest, ConstraintViolationsAreInvalidArgument)
{
    run(*m_db, "CREATE TABLE study (uid TEXT NOT NULL CONSTRAINT study_uid_unique UNIQUE)");
    rows(*m_db, "INSERT INTO study VALUES ($1)", {std::string("1.2.3")});
    auto duplicate = m_db->query("INSERT INTO study VALUES ($1)", std::vector<SqlValue>{std::string("1.2.3")});
    ASSERT_FALSE(duplicate);
    EXPECT_EQ(duplicate.error().code, Errc::InvalidArgument);
    // SQLite names the columns, not the constraint: "UNIQUE constraint failed: study.uid".
    EXPECT_NE(duplicate.error().message.find("study.uid"), std::string::npos) << duplicate.error().message;
    auto missing = m_db->query("INSERT INTO study VALUES ($1)", std::vector<SqlValue>{SqlNull{}});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::InvalidArgument);
    auto syntax = m_db->query("SELEC 1", {});
    ASSERT_FALSE(syntax);
    EXPECT_EQ(syntax.error().code, Errc::Io);
}

TEST_F(SqliteDatabaseTest, ReusesAPreparedStatement)
{
    run(*m_db, "CREATE TABLE counter (n INTEGER, s TEXT)");
    for (int64_t i = 0; i < 1000; ++i)
        ASSERT_TRUE(m_db->query("INSERT INTO counter VALUES ($1, $2)", std::vector<SqlValue>{i, std::to_string(i)}));
    rows(*m_db, "INSERT INTO counter VALUES ($1, $2)", {SqlNull{}, std::string("null")});
    EXPECT_EQ(rows(*m_db, "SELECT count(*), sum(n) FROM counter"), (std::vector<SqlRow>{{int64_t{1001}, int64_t{499500}}}));
}

TEST_F(SqliteDatabaseTest, RollbackLeavesNothingCommitKeepsAndOthersSeeOnlyCommittedRows)
{
    run(*m_db, "CREATE TABLE t (x INTEGER)");
    auto other = open();
    ASSERT_TRUE(other);
    run(*m_db, m_db->dialect().begin_write);
    rows(*m_db, "INSERT INTO t VALUES ($1)", {int64_t{1}});
    EXPECT_EQ(rows(*other, "SELECT count(*) FROM t"), (std::vector<SqlRow>{{int64_t{0}}}));
    run(*m_db, "ROLLBACK");
    EXPECT_EQ(rows(*m_db, "SELECT count(*) FROM t"), (std::vector<SqlRow>{{int64_t{0}}}));
    run(*m_db, m_db->dialect().begin_write);
    rows(*m_db, "INSERT INTO t VALUES ($1)", {int64_t{2}});
    run(*m_db, "COMMIT");
    EXPECT_EQ(rows(*other, "SELECT x FROM t"), (std::vector<SqlRow>{{int64_t{2}}}));
}

TEST_F(SqliteDatabaseTest, InsertOnConflictDoNothingReturnsOnlyNewRows)
{
    run(*m_db, "CREATE TABLE study (id INTEGER PRIMARY KEY, uid TEXT UNIQUE, n INTEGER)");
    const std::string insert = "INSERT INTO study (uid, n) VALUES ($1, $2) ON CONFLICT (uid) DO NOTHING RETURNING id";
    EXPECT_EQ(rows(*m_db, insert, {std::string("1.2"), int64_t{1}}), (std::vector<SqlRow>{{int64_t{1}}}));
    EXPECT_EQ(rows(*m_db, insert, {std::string("1.2"), int64_t{2}}), (std::vector<SqlRow>{}));
    EXPECT_EQ(rows(*m_db, insert, {std::string("1.3"), int64_t{3}}), (std::vector<SqlRow>{{int64_t{2}}}))
        << "unlike a PostgreSQL sequence, rowids are not used up by a conflict";
}

}  // namespace
}  // namespace roentgen::index::internal
