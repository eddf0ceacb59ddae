// tests/interop/network_support.h — running network peers (DCMTK, Orthanc, `roentgen receive`) as child
// processes on free loopback ports, and comparing what a peer received with what was sent.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "dict/generated/tags.h"
#include "dict/transfer_syntax.h"
#include "encoding/part10_file.h"
#include "pixel/codec_registry.h"
#include "pixel/frames.h"
#include "support/corpus.h"

extern char** environ;

namespace roentgen::network_testing {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

inline fs::path roentgen_binary() { return fs::path(ROENTGEN_BINARY_DIR) / "src/cli/roentgen"; }
inline std::string corpus_path(const std::string& relative) { return (testing::corpus_dir() / relative).string(); }

/// `name` found on PATH (or `name` itself when it is a path to an executable), else empty.
inline fs::path find_executable(const std::string& name)
{
    if (name.find('/') != std::string::npos)
        return ::access(name.c_str(), X_OK) == 0 ? fs::path(name) : fs::path();
    const char* path = std::getenv("PATH");
    std::string_view rest = path ? path : "";
    while (!rest.empty()) {
        auto colon = rest.find(':');
        fs::path candidate = fs::path(rest.substr(0, colon)) / name;
        if (::access(candidate.c_str(), X_OK) == 0)
            return candidate;
        rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    }
    return {};
}

inline std::string text_of(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

inline void write_text(const fs::path& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary);
    out << text;
}

/// A scratch folder for one test, removed afterwards (kept when ROENTGEN_KEEP_SCRATCH is set).
class Scratch {
public:
    explicit Scratch(const std::string& name)
        : m_path(fs::temp_directory_path() / ("roentgen-network-" + name + "-" + std::to_string(::getpid())))
    {
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }
    ~Scratch()
    {
        if (!std::getenv("ROENTGEN_KEEP_SCRATCH"))
            fs::remove_all(m_path);
    }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    const fs::path& path() const { return m_path; }
    std::string file(const std::string& name) const { return (m_path / name).string(); }
    /// A (new, empty) folder under the scratch folder.
    std::string folder(const std::string& name) const
    {
        fs::create_directories(m_path / name);
        return (m_path / name).string();
    }

private:
    fs::path m_path;
};

/// A loopback port nobody listens on now (bound to port 0, then released).
inline uint16_t free_port()
{
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    uint16_t port = 0;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    if (fd >= 0)
        ::close(fd);
    return port;
}

/// Whether something accepts TCP connections on 127.0.0.1:port.
inline bool accepts_connections(uint16_t port)
{
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return connected;
}

/// A child process (posix_spawn), its standard output and error in a log file, TCP_NODELAY=1 in
/// its environment (PEERS.md: DCMTK waits for delayed ACKs otherwise). Killed by PID when destroyed.
class Process {
public:
    Process() = default;
    Process(Process&& other) noexcept
        : m_pid(std::exchange(other.m_pid, -1)), m_status(other.m_status), m_log(std::move(other.m_log))
    {
    }
    Process& operator=(Process&& other) noexcept
    {
        if (this != &other) {
            kill_now();
            m_pid = std::exchange(other.m_pid, -1);
            m_status = other.m_status;
            m_log = std::move(other.m_log);
        }
        return *this;
    }
    ~Process() { kill_now(); }

    /// Starts argv[0] (looked up on PATH); fails when it is not installed or cannot be started.
    ::testing::AssertionResult start(std::vector<std::string> argv, const std::string& log)
    {
        kill_now();
        m_status.reset();
        m_log = log;
        const fs::path program = find_executable(argv.at(0));
        if (program.empty())
            return ::testing::AssertionFailure() << argv[0] << " is not installed (scripts/install-dependencies.sh)";
        std::vector<std::string> environment;
        for (char** entry = environ; *entry; ++entry)
            if (!std::string_view(*entry).starts_with("TCP_NODELAY="))
                environment.emplace_back(*entry);
        environment.emplace_back("TCP_NODELAY=1");
        std::vector<char*> arguments, variables;
        for (auto& argument : argv)
            arguments.push_back(argument.data());
        arguments.push_back(nullptr);
        for (auto& variable : environment)
            variables.push_back(variable.data());
        variables.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        pid_t pid = -1;
        const int error = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, arguments.data(), variables.data());
        posix_spawn_file_actions_destroy(&actions);
        if (error != 0)
            return ::testing::AssertionFailure() << "cannot start " << program << ": " << std::strerror(error);
        m_pid = pid;
        return ::testing::AssertionSuccess();
    }

    pid_t pid() const { return m_pid; }
    const std::string& log_path() const { return m_log; }
    std::string log() const { return text_of(m_log); }

    /// The exit status (128 + signal when killed) once the process ended within `timeout`.
    std::optional<int> wait_for(std::chrono::milliseconds timeout)
    {
        if (m_status || m_pid < 0)
            return m_status;
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (true) {
            int status = 0;
            pid_t got = ::waitpid(m_pid, &status, WNOHANG);
            if (got == m_pid) {
                m_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
                m_pid = -1;
                return m_status;
            }
            if (got < 0 || std::chrono::steady_clock::now() >= deadline)
                return std::nullopt;
            std::this_thread::sleep_for(2ms);
        }
    }
    bool running() { return m_pid >= 0 && !wait_for(0ms); }

    /// SIGTERM, then SIGKILL when it has not ended after `grace`; the exit status.
    int stop(std::chrono::milliseconds grace = 10s)
    {
        if (m_pid >= 0)
            ::kill(m_pid, SIGTERM);
        if (auto status = wait_for(grace))
            return *status;
        kill_now();
        return m_status.value_or(-1);
    }

private:
    void kill_now()
    {
        if (m_pid < 0)
            return;
        ::kill(m_pid, SIGKILL);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
        m_status = 128 + SIGKILL;
        m_pid = -1;
    }

    pid_t m_pid = -1;
    std::optional<int> m_status;
    std::string m_log;
};

/// What a finished command did.
struct Outcome {
    int status = -1;     ///< Exit status; -1 when it could not start or ran out of time.
    std::string output;  ///< Standard output and error, interleaved (or why it did not run).
};

/// Runs a command to completion (killed after `timeout`), logging to `log`.
inline Outcome run(const std::vector<std::string>& argv, const std::string& log, std::chrono::milliseconds timeout = 30s)
{
    Process process;
    if (auto started = process.start(argv, log); !started)
        return {-1, started.message()};
    auto status = process.wait_for(timeout);
    Outcome outcome{status.value_or(-1), process.log()};
    if (!status)
        outcome.output += "\n[killed: still running after the timeout]";
    return outcome;
}

inline std::string joined(const std::vector<std::string>& argv)
{
    std::string text;
    for (const auto& argument : argv)
        text += (text.empty() ? "" : " ") + argument;
    return text;
}

/// Waits until `process` accepts connections on `port`; fails when it exits first or after `timeout`.
inline ::testing::AssertionResult wait_until_listening(Process& process, uint16_t port,
                                                       std::chrono::milliseconds timeout = 10s)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!process.running())
            return ::testing::AssertionFailure() << "the server exited before listening on " << port << ":\n"
                                                 << process.log();
        if (accepts_connections(port))
            return ::testing::AssertionSuccess();
        std::this_thread::sleep_for(5ms);
    }
    return ::testing::AssertionFailure() << "nothing listens on " << port << " after the timeout:\n" << process.log();
}

/// `roentgen receive --port 0 ...` started; its port read from "listening on 127.0.0.1:PORT".
struct Receiver {
    Process process;
    uint16_t port = 0;
    std::string folder;
    std::string peer(const std::string& ae = "ROENTGEN") const { return ae + "@127.0.0.1:" + std::to_string(port); }
};

inline ::testing::AssertionResult start_receiver(Receiver& receiver, const Scratch& scratch, const std::string& name,
                                                 const std::vector<std::string>& extra = {})
{
    receiver.folder = scratch.folder(name);
    std::vector<std::string> argv = {roentgen_binary().string(), "receive", "--port", "0", "--host", "127.0.0.1",
                                     "--dir", receiver.folder};
    argv.insert(argv.end(), extra.begin(), extra.end());
    if (auto started = receiver.process.start(argv, scratch.file(name + ".log")); !started)
        return started;
    const std::string marker = "listening on 127.0.0.1:";
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
        const std::string log = receiver.process.log();
        if (auto at = log.find(marker); at != std::string::npos) {
            receiver.port = uint16_t(std::strtoul(log.c_str() + at + marker.size(), nullptr, 10));
            if (receiver.port != 0)
                return ::testing::AssertionSuccess();
        }
        if (!receiver.process.running())
            return ::testing::AssertionFailure() << "roentgen receive exited: " << log;
        std::this_thread::sleep_for(5ms);
    }
    return ::testing::AssertionFailure() << "roentgen receive printed no port: " << receiver.process.log();
}

// ---------------------------------------------------------------------------------------------
// Files sent and received

inline std::string trimmed_uid(std::optional<std::string_view> value)
{
    std::string text(value.value_or(""));
    while (!text.empty() && (text.back() == '\0' || text.back() == ' '))
        text.pop_back();
    return text;
}

/// A Part 10 file's identity, syntax and data set bytes (everything after the meta group).
struct StoredObject {
    std::string path;
    std::string sop_class_uid;
    std::string sop_instance_uid;
    std::string transfer_syntax_uid;
    std::string meta_sop_class_uid;     ///< (0002,0002)
    std::string meta_sop_instance_uid;  ///< (0002,0003)
    std::vector<uint8_t> data_set;
    std::string error;  ///< Why it could not be read (the rest is then empty).
};

inline StoredObject read_object(const std::string& path)
{
    StoredObject object;
    object.path = path;
    auto file = read_part10_file(path, ReadOptions().with_stop_before(tags::PixelData));
    if (!file) {
        object.error = file.error().message;
        return object;
    }
    object.transfer_syntax_uid = std::string(file->transfer_syntax->uid);
    object.sop_class_uid = trimmed_uid(file->data_set.find_string(tags::SOPClassUID));
    object.sop_instance_uid = trimmed_uid(file->data_set.find_string(tags::SOPInstanceUID));
    object.meta_sop_class_uid = trimmed_uid(file->meta.find_string(tags::MediaStorageSOPClassUID));
    object.meta_sop_instance_uid = trimmed_uid(file->meta.find_string(tags::MediaStorageSOPInstanceUID));
    if (object.sop_class_uid.empty())
        object.sop_class_uid = object.meta_sop_class_uid;
    if (object.sop_instance_uid.empty())
        object.sop_instance_uid = object.meta_sop_instance_uid;
    std::ifstream in(path, std::ios::binary);
    in.seekg(std::streamoff(file->data_set_offset));
    object.data_set.assign(std::istreambuf_iterator<char>(in), {});
    return object;
}

/// Every file of `folder` (not recursive) by SOP Instance UID.
inline std::map<std::string, StoredObject> received_objects(const std::string& folder)
{
    std::map<std::string, StoredObject> objects;
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (!entry.is_regular_file())
            continue;
        auto object = read_object(entry.path().string());
        auto uid = object.sop_instance_uid.empty() ? entry.path().filename().string() : object.sop_instance_uid;
        objects.emplace(uid, std::move(object));
    }
    return objects;
}

/// The data set bytes are the same; a sender may add one trailing zero byte to a data set of odd
/// length (a deflated stream, PS3.5 A.5) so that the PDVs are even.
inline ::testing::AssertionResult same_data_set(const std::vector<uint8_t>& sent, const std::vector<uint8_t>& received)
{
    if (sent == received)
        return ::testing::AssertionSuccess();
    if (sent.size() % 2 == 1 && received.size() == sent.size() + 1 && received.back() == 0 &&
        std::equal(sent.begin(), sent.end(), received.begin()))
        return ::testing::AssertionSuccess();
    size_t at = 0;
    while (at < sent.size() && at < received.size() && sent[at] == received[at])
        ++at;
    return ::testing::AssertionFailure() << "data sets differ: " << sent.size() << " bytes sent, " << received.size()
                                         << " received, first difference at offset " << at;
}

/// Every frame decoded (all codecs, one thread), or an error message prefixed "error: ".
inline std::vector<uint8_t> decoded_pixels(const std::string& path, std::string& error)
{
    auto file = read_part10_file(path);
    if (!file) {
        error = file.error().message;
        return {};
    }
    auto registry = CodecRegistry::with_all_codecs();
    auto frames = decode_all_frames(file->data_set, *file->transfer_syntax, registry, 1);
    if (!frames) {
        error = frames.error().message;
        return {};
    }
    return std::move(*frames);
}

inline bool is_uncompressed_little_endian(std::string_view uid)
{
    return uid == "1.2.840.10008.1.2.1" || uid == "1.2.840.10008.1.2";
}

/// A sent file arrived converted to an uncompressed little endian syntax with the same pixels.
inline ::testing::AssertionResult transcoded_with_same_pixels(const std::string& original, const StoredObject& received)
{
    if (!is_uncompressed_little_endian(received.transfer_syntax_uid))
        return ::testing::AssertionFailure() << "arrived in " << received.transfer_syntax_uid
                                             << ", not uncompressed little endian";
    std::string error;
    auto sent_pixels = decoded_pixels(original, error);
    if (!error.empty())
        return ::testing::AssertionFailure() << "decoding the original: " << error;
    auto received_pixels = decoded_pixels(received.path, error);
    if (!error.empty())
        return ::testing::AssertionFailure() << "decoding the received file: " << error;
    if (sent_pixels.empty() || sent_pixels != received_pixels)
        return ::testing::AssertionFailure() << "decoded pixels differ (" << sent_pixels.size() << " bytes sent, "
                                             << received_pixels.size() << " received)";
    return ::testing::AssertionSuccess();
}

/// OpenSSL keys and certificates for TLS tests: a CA, a server and a client certificate it signed
/// (both for 127.0.0.1 and localhost), and an unrelated CA.
struct TlsFiles {
    std::string ca, ca_key, server, server_key, client, client_key, other_ca, other_ca_key;
};

inline ::testing::AssertionResult make_tls_files(const Scratch& scratch, TlsFiles& files)
{
    auto log = scratch.file("openssl.log");
    auto check = [&](const std::vector<std::string>& argv) -> ::testing::AssertionResult {
        auto outcome = run(argv, log);
        if (outcome.status != 0)
            return ::testing::AssertionFailure() << joined(argv) << " failed: " << outcome.output;
        return ::testing::AssertionSuccess();
    };
    auto make_ca = [&](const std::string& name, std::string& certificate, std::string& key) {
        certificate = scratch.file(name + ".pem");
        key = scratch.file(name + ".key");
        return check({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                      "-days", "2", "-subj", "/CN=Roentgen test " + name});
    };
    auto make_leaf = [&](const std::string& name, std::string& certificate, std::string& key) {
        certificate = scratch.file(name + ".pem");
        key = scratch.file(name + ".key");
        const auto request = scratch.file(name + ".csr"), extensions = scratch.file(name + ".ext");
        write_text(extensions, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        if (auto made = check({"openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", request,
                               "-subj", "/CN=" + name});
            !made)
            return made;
        return check({"openssl", "x509", "-req", "-in", request, "-CA", files.ca, "-CAkey", files.ca_key,
                      "-CAcreateserial", "-out", certificate, "-days", "1", "-extfile", extensions});
    };
    if (auto made = make_ca("ca", files.ca, files.ca_key); !made)
        return made;
    if (auto made = make_ca("other-ca", files.other_ca, files.other_ca_key); !made)
        return made;
    if (auto made = make_leaf("server", files.server, files.server_key); !made)
        return made;
    return make_leaf("client", files.client, files.client_key);
}

}  // namespace roentgen::network_testing
