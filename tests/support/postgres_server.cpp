// tests/support/postgres_server.cpp — initdb, postgres as a child process (unprivileged under root), readiness by PQping, CREATE DATABASE.
#include "support/postgres_server.h"

#include <libpq-fe.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

extern char** environ;

namespace roentgen::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

struct Account {
    uid_t uid;
    gid_t gid;
};

std::string text_of(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string tail_of(const fs::path& path)
{
    std::string text = text_of(path);
    constexpr size_t keep = 3000;
    return text.size() > keep ? "…" + text.substr(text.size() - keep) : text;
}

std::optional<int> version_of(const fs::path& directory)
{
    const std::string name = directory.filename().string();
    char* end = nullptr;
    const long version = std::strtol(name.c_str(), &end, 10);
    if (name.empty() || *end != '\0')
        return std::nullopt;
    return static_cast<int>(version);
}

Result<fs::path> find_bin()
{
    const auto usable = [](const fs::path& bin) {
        return ::access((bin / "initdb").c_str(), X_OK) == 0 && ::access((bin / "postgres").c_str(), X_OK) == 0;
    };
    if (const char* configured = std::getenv("ROENTGEN_POSTGRES_BIN")) {
        if (usable(configured))
            return fs::path(configured);
        return make_error(Errc::NotFound, std::string("$ROENTGEN_POSTGRES_BIN=") + configured +
                                              " has no executable initdb and postgres");
    }
    std::optional<std::pair<int, fs::path>> newest;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", error)) {
        const auto version = version_of(entry.path());
        if (version && usable(entry.path() / "bin") && (!newest || *version > newest->first))
            newest.emplace(*version, entry.path() / "bin");
    }
    if (!newest)
        return make_error(Errc::NotFound, "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin "
                                          "(the postgresql package; scripts/install-dependencies.sh installs it)");
    return newest->second;
}

// initdb and postgres exit at once when started by root (PostgreSQL 19.1: "root cannot run the server").
Result<std::optional<Account>> account_to_run_as()
{
    if (::geteuid() != 0)
        return std::optional<Account>();
    for (const char* name : {"postgres", "nobody"})
        if (const passwd* entry = ::getpwnam(name))
            return std::optional<Account>(Account{entry->pw_uid, entry->pw_gid});
    return make_error(Errc::NotFound, "running as root, and there is neither a 'postgres' nor a 'nobody' user "
                                      "to run initdb and postgres as");
}

uint16_t free_port()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    uint16_t port = 0;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    if (fd >= 0)
        ::close(fd);
    return port;
}

// fork and exec, with the child's output appended to `log`. Between fork and exec only
// async-signal-safe calls: everything the child needs is built first.
pid_t spawn(const std::vector<std::string>& argv, const fs::path& log, const fs::path& directory,
            const std::optional<Account>& account, int death_signal)
{
    std::vector<std::string> environment;
    for (char** entry = environ; *entry; ++entry)
        if (!std::string_view(*entry).starts_with("LC_ALL="))
            environment.emplace_back(*entry);
    environment.emplace_back("LC_ALL=C");
    std::vector<char*> arguments, variables;
    for (const auto& argument : argv)
        arguments.push_back(const_cast<char*>(argument.c_str()));
    arguments.push_back(nullptr);
    for (auto& variable : environment)
        variables.push_back(variable.data());
    variables.push_back(nullptr);
    const std::string log_path = log.string();
    const std::string directory_path = directory.string();
    const pid_t parent = ::getpid();

    const pid_t pid = ::fork();
    if (pid != 0)
        return pid;
    if (account && (::setgroups(0, nullptr) != 0 || ::setgid(account->gid) != 0 || ::setuid(account->uid) != 0))
        ::_exit(126);
    // After setuid: changing credentials clears the parent-death signal (prctl(2)).
    ::prctl(PR_SET_PDEATHSIG, death_signal);
    if (::getppid() != parent)
        ::_exit(0);
    if (::chdir(directory_path.c_str()) != 0)
        ::_exit(125);
    const int input = ::open("/dev/null", O_RDONLY);
    const int output = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (input < 0 || output < 0 || ::dup2(input, 0) < 0 || ::dup2(output, 1) < 0 || ::dup2(output, 2) < 0)
        ::_exit(124);
    ::close_range(3, ~0U, 0);
    ::execve(arguments[0], arguments.data(), variables.data());
    constexpr char message[] = "exec failed\n";
    [[maybe_unused]] auto written = ::write(2, message, sizeof message - 1);
    ::_exit(127);
}

// The exit status (128 + signal) if `pid` ended within `timeout`.
std::optional<int> wait_for(pid_t pid, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int status = 0;
        const pid_t got = ::waitpid(pid, &status, WNOHANG);
        if (got == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (got < 0)
            return -1;
        if (std::chrono::steady_clock::now() >= deadline)
            return std::nullopt;
        std::this_thread::sleep_for(10ms);
    }
}

void kill_and_reap(pid_t pid)
{
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
}

Result<void> give_to(const fs::path& directory, const Account& account)
{
    if (::chown(directory.c_str(), account.uid, account.gid) != 0)
        return make_error(Errc::Io, "cannot give " + directory.string() + " to uid " + std::to_string(account.uid) +
                                        ": " + std::strerror(errno));
    return {};
}

// Runs a program to its end (120 s at most); an error quotes its output.
Result<void> run_to_end(const std::vector<std::string>& argv, const fs::path& log, const fs::path& directory,
                        const std::optional<Account>& account)
{
    const pid_t pid = spawn(argv, log, directory, account, SIGKILL);
    if (pid < 0)
        return make_error(Errc::Io, "cannot fork for " + argv.at(0) + ": " + std::strerror(errno));
    const auto status = wait_for(pid, 120s);
    if (!status)
        kill_and_reap(pid);
    if (status != 0)
        return make_error(Errc::Io, argv.at(0) + " " +
                                        (status ? "exited with " + std::to_string(*status) : "took over 120 s") +
                                        "; its output:\n" + tail_of(log));
    return {};
}

// initdb is most of a server's start-up (a second or more, nearly all of it bootstrapping the
// catalog), and what it makes depends only on the binaries, the options and the user. So it runs
// once per such triple, into a template under the temporary directory that each server copies.
// Processes starting servers at the same time wait for the first one's initdb (flock).
Result<fs::path> template_cluster(const fs::path& bin, const std::optional<Account>& account)
{
    const std::vector<std::string> options = {"-U",   "roentgen",   "--auth=trust", "-E",
                                              "UTF8", "--locale=C", "--no-sync",    "--wal-segsize=1"};
    struct stat binary {};
    if (::stat((bin / "postgres").c_str(), &binary) != 0)
        return make_error(Errc::Io, "cannot stat " + (bin / "postgres").string() + ": " + std::strerror(errno));
    std::string identity = bin.string() + " " + std::to_string(binary.st_size) + " " + std::to_string(binary.st_mtime);
    for (const auto& option : options)
        identity += " " + option;
    // Keyed by who runs the tests too: the lock file is theirs.
    const auto user = account ? account->uid : ::geteuid();
    const fs::path directory =
        fs::temp_directory_path() / ("roentgen-postgres-template-" + std::to_string(::geteuid()) + "-" +
                                     std::to_string(user) + "-" + std::to_string(std::hash<std::string>{}(identity)));
    const std::string lock_path = directory.string() + ".lock";
    const int lock = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock < 0 || ::flock(lock, LOCK_EX) != 0) {
        const std::string reason = std::strerror(errno);
        if (lock >= 0)
            ::close(lock);
        return make_error(Errc::Io, "cannot lock " + lock_path + ": " + reason);
    }
    struct Unlock {
        int fd;
        ~Unlock() { ::close(fd); }
    } unlock{lock};
    if (fs::exists(directory / "complete") && fs::exists(directory / "data" / "global" / "pg_control"))
        return directory;
    std::error_code error;
    fs::remove_all(directory, error);
    if (!fs::create_directory(directory, error))
        return make_error(Errc::Io, "cannot make " + directory.string() + ": " + error.message());
    fs::permissions(directory, fs::perms::owner_all, error);
    if (account)
        ROENTGEN_TRY(give_to(directory, *account));
    std::vector<std::string> argv = {(bin / "initdb").string(), "-D", (directory / "data").string()};
    argv.insert(argv.end(), options.begin(), options.end());
    ROENTGEN_TRY(run_to_end(argv, directory / "initdb.log", directory, account));
    std::ofstream(directory / "complete") << identity << "\n";
    return directory;
}

}  // namespace

Result<std::unique_ptr<PostgresServer>> PostgresServer::start()
{
    ROENTGEN_TRY(const fs::path bin, find_bin());
    ROENTGEN_TRY(const std::optional<Account> account, account_to_run_as());
    ROENTGEN_TRY(const fs::path cluster, template_cluster(bin, account));
    std::string pattern = (fs::temp_directory_path() / "roentgen-postgres-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        return make_error(Errc::Io, "cannot make a directory like " + pattern + ": " + std::strerror(errno));
    std::unique_ptr<PostgresServer> server(new PostgresServer());
    server->m_root = pattern;
    if (account) {
        server->m_switch_user = true;
        server->m_uid = account->uid;
        server->m_gid = account->gid;
        ROENTGEN_TRY(give_to(server->m_root, *account));
    }
    // cp as the server's user, so the copy belongs to it; -a keeps the 0700 PostgreSQL insists on.
    ROENTGEN_TRY(run_to_end({"/bin/cp", "-a", (cluster / "data").string(), (server->m_root / "data").string()},
                            server->m_root / "copy.log", server->m_root, account));
    if (auto launched = server->launch(bin); !launched) {
        // A template that a /tmp cleaner thinned out would fail every later start: make it anew next time.
        std::error_code ignored;
        fs::remove(cluster / "complete", ignored);
        return std::unexpected(std::move(launched).error());
    }
    return server;
}

// Another process may take the free port between free_port() and postgres binding it (tests run in
// parallel): then postgres exits, and another port is tried.
Result<void> PostgresServer::launch(const fs::path& bin)
{
    const std::optional<Account> account =
        m_switch_user ? std::optional<Account>(Account{m_uid, m_gid}) : std::optional<Account>();
    for (int attempt = 0; attempt < 5; ++attempt) {
        m_port = free_port();
        const std::string port = std::to_string(m_port);
        // SIGQUIT on the test's death: immediate shutdown, so no server outlives a killed test.
        m_pid = spawn({(bin / "postgres").string(), "-D", (m_root / "data").string(), "-k", m_root.string(), "-h",
                       "127.0.0.1", "-p", port, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c",
                       "full_page_writes=off", "-c", "shared_buffers=16MB"},
                      m_root / "postgres.log", m_root, account, SIGQUIT);
        if (m_pid < 0)
            return make_error(Errc::Io, std::string("cannot fork for postgres: ") + std::strerror(errno));
        const std::string ping = "host=127.0.0.1 port=" + port + " user=roentgen dbname=postgres connect_timeout=2";
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        std::optional<int> exited;
        while (!(exited = wait_for(m_pid, 0ms))) {
            if (PQping(ping.c_str()) == PQPING_OK)
                return {};
            if (std::chrono::steady_clock::now() >= deadline) {
                stop();
                return make_error(Errc::Timeout, "postgres did not accept connections within 60 s; its log:\n" + log());
            }
            std::this_thread::sleep_for(20ms);
        }
        m_pid = -1;
        if (log().find("Address already in use") == std::string::npos)
            return make_error(Errc::Io, "postgres exited with " + std::to_string(*exited) + "; its log:\n" + log());
    }
    return make_error(Errc::Io, "postgres found no free port in 5 attempts; its log:\n" + log());
}

PostgresServer::~PostgresServer()
{
    stop();
    std::error_code ignored;
    fs::remove_all(m_root, ignored);
}

void PostgresServer::stop()
{
    if (m_pid < 0)
        return;
    // SIGINT is "fast shutdown" (PostgreSQL 19.5): it ends open sessions, where SIGTERM would wait
    // for every client, such as a connection a failed test leaked, to disconnect.
    ::kill(m_pid, SIGINT);
    if (!wait_for(m_pid, 30s))
        kill_and_reap(m_pid);
    m_pid = -1;
}

std::string PostgresServer::uri_of(std::string_view database) const
{
    return "postgresql://roentgen@127.0.0.1:" + std::to_string(m_port) + "/" + std::string(database);
}

std::string PostgresServer::log() const
{
    return tail_of(m_root / "postgres.log");
}

Result<std::string> PostgresServer::create_database(std::string_view name)
{
    const bool valid = !name.empty() && name.size() <= 63 &&
                       name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string_view::npos;
    if (!valid)
        return make_error(Errc::InvalidArgument,
                          "not a database name for create_database: '" + std::string(name) + "'");
    PGconn* connection = PQconnectdb((uri() + "?connect_timeout=10").c_str());
    std::string error;
    if (PQstatus(connection) != CONNECTION_OK) {
        error = std::string("cannot connect to ") + uri() + ": " + PQerrorMessage(connection);
    } else {
        PGresult* result = PQexec(connection, ("CREATE DATABASE " + std::string(name)).c_str());
        if (PQresultStatus(result) != PGRES_COMMAND_OK)
            error = "CREATE DATABASE " + std::string(name) + ": " + PQresultErrorMessage(result);
        PQclear(result);
    }
    PQfinish(connection);
    if (!error.empty())
        return make_error(Errc::Io, error);
    return uri_of(name);
}

std::string database_name_for_current_test()
{
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = test ? std::string(test->test_suite_name()) + "_" + test->name() : "roentgen_test";
    for (char& c : name) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            c = '_';
    }
    return name.substr(0, 63);
}

PostgresServer& shared_postgres_server()
{
    static std::unique_ptr<PostgresServer> server = [] {
        auto started = PostgresServer::start();
        if (!started) {
            ADD_FAILURE() << "PostgreSQL: " << started.error().message;
            std::abort();
        }
        return std::move(*started);
    }();
    return *server;
}

}  // namespace roentgen::testing
