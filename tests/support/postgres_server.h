// tests/support/postgres_server.h — a throwaway PostgreSQL server for tests: a fresh cluster in a temporary directory, postgres on a free loopback port.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <sys/types.h>

#include "base/result.h"

namespace roentgen::testing {

/// One PostgreSQL cluster owned by the test process: a copy, in a fresh directory under the
/// temporary directory, of what `initdb -U roentgen --auth=trust -E UTF8 --locale=C --wal-segsize=1`
/// made once per PostgreSQL binary and user (kept as $TMPDIR/roentgen-postgres-template-*, as
/// initdb is most of the start-up), then `postgres` listening on 127.0.0.1 (and a socket in that
/// directory) with fsync, synchronous_commit and full_page_writes off. Stopped (fast shutdown,
/// then SIGKILL) and its directory removed when destroyed; killed with SIGQUIT should the test
/// process die first. initdb and postgres refuse to run as root, so under root both run as the
/// `postgres` system user (Debian's postgresql package makes it) or else `nobody`.
class PostgresServer {
public:
    /// Uses the newest /usr/lib/postgresql/<version>/bin, or $ROENTGEN_POSTGRES_BIN. Fails (never
    /// skips) when PostgreSQL is not installed; the message says what failed and quotes the log.
    [[nodiscard]] static Result<std::unique_ptr<PostgresServer>> start();

    ~PostgresServer();
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    uint16_t port() const { return m_port; }
    /// `postgresql://roentgen@127.0.0.1:<port>/postgres`.
    std::string uri() const { return uri_of("postgres"); }
    /// The URI of another database on this server.
    std::string uri_of(std::string_view database) const;
    /// `CREATE DATABASE <name>` (lower-case letters, digits and '_', up to 63) and returns its URI,
    /// so each test can have a database of its own.
    [[nodiscard]] Result<std::string> create_database(std::string_view name);
    /// The server's log (stderr), for failure messages.
    std::string log() const;
    /// Stops the server now; the destructor does it otherwise.
    void stop();

private:
    PostgresServer() = default;
    [[nodiscard]] Result<void> launch(const std::filesystem::path& bin);

    std::filesystem::path m_root;
    pid_t m_pid = -1;
    uint16_t m_port = 0;
    uid_t m_uid = 0;
    gid_t m_gid = 0;
    bool m_switch_user = false;
};

/// One server for the whole test process, started on first use; a start failure fails the test
/// and aborts (every later test would need it too).
PostgresServer& shared_postgres_server();

/// A database name for the running GoogleTest test: "<suite>_<test>" lower-cased, other characters
/// as '_', cut to 63.
std::string database_name_for_current_test();

}  // namespace roentgen::testing
