// tests/server/server_configuration_test.cpp — roentgen.toml: defaults, every key, each kind of bad file, the README's
// table.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/server_configuration.h"

namespace roentgen::server {
namespace {

namespace fs = std::filesystem;

Result<ServerConfiguration> parse(std::string_view text)
{
    return parse_server_configuration(text, "test.toml");
}

/// The error message of a file that must not parse.
std::string error_of(std::string_view text)
{
    auto parsed = parse(text);
    if (parsed)
        return "(parsed)";
    EXPECT_EQ(parsed.error().code, Errc::InvalidArgument);
    return parsed.error().message;
}

std::string read_text(const fs::path& path)
{
    std::ifstream file(path);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

/// A file in a fresh temporary folder, removed with it.
class TemporaryFolder {
public:
    TemporaryFolder()
        : m_path(fs::temp_directory_path() /
                 ("roentgen-config-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name())))
    {
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }
    ~TemporaryFolder() { fs::remove_all(m_path); }
    std::string write(std::string_view name, std::string_view text) const
    {
        const auto path = m_path / name;
        std::ofstream(path) << text;
        return path.string();
    }

private:
    fs::path m_path;
};

TEST(ServerConfiguration, DefaultsAreTheReadmes)
{
    const ServerConfiguration defaults;
    EXPECT_EQ(defaults.ae_title, "ROENTGEN");
    EXPECT_EQ(defaults.dimse_port, 11112);
    EXPECT_EQ(defaults.http_port, 8080);
    EXPECT_EQ(defaults.data_directory, "roentgen-data");
    EXPECT_EQ(defaults.index, "sqlite");
    EXPECT_EQ(defaults.dimse_host, "0.0.0.0");
    EXPECT_EQ(defaults.duplicates, DuplicatePolicy::Keep);
    EXPECT_TRUE(defaults.fsync);
    EXPECT_TRUE(validate_server_configuration(defaults)) << validate_server_configuration(defaults).error().message;
}

TEST(ServerConfiguration, EmptyFileIsTheDefaults)
{
    auto parsed = parse("# nothing set\n");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(*parsed, ServerConfiguration{});
}

TEST(ServerConfiguration, EveryKeyParses)
{
    auto parsed = parse(R"(
[server]
ae_title = "ARCHIVE"
data = "/srv/dicom"
[dimse]
host = "127.0.0.1"
port = 104
max_associations = 5
max_pdu_length = 65536
artim_timeout = 7
idle_timeout = 90
check_called_ae_title = true
allowed_peers = ["CT01", "MR02@10.0.0.7"]
tls_certificate = "server.pem"
tls_key = "server.key"
tls_ca = "ca.pem"
tls_require_client_certificate = true
[http]
host = "::"
port = 8042
[storage]
duplicates = "reject"
fsync = false
transcode_to = "jpeg-ls"
[index]
url = "postgresql://roentgen@db:5432/pacs"
connections = 3
[query]
case_insensitive_names = false
[storage_commitment]
report_on_new_association = true
[peers]
VIEWER = "VIEWER@10.0.0.5:104"
LOCAL = "WS1@[::1]:11113"
[log]
level = "debug"
)");
    ASSERT_TRUE(parsed) << parsed.error().message;
    const auto& c = *parsed;
    EXPECT_EQ(c.ae_title, "ARCHIVE");
    EXPECT_EQ(c.data_directory, "/srv/dicom");
    EXPECT_EQ(c.dimse_host, "127.0.0.1");
    EXPECT_EQ(c.dimse_port, 104);
    EXPECT_EQ(c.maximum_associations, 5u);
    EXPECT_EQ(c.maximum_pdu_length, 65536u);
    EXPECT_EQ(c.artim_timeout, std::chrono::seconds(7));
    EXPECT_EQ(c.idle_timeout, std::chrono::seconds(90));
    EXPECT_TRUE(c.check_called_ae_title);
    EXPECT_EQ(c.allowed_peers, (std::vector<std::string>{"CT01", "MR02@10.0.0.7"}));
    EXPECT_EQ(c.tls_certificate, "server.pem");
    EXPECT_EQ(c.tls_key, "server.key");
    EXPECT_EQ(c.tls_ca, "ca.pem");
    EXPECT_TRUE(c.tls_require_client_certificate);
    EXPECT_EQ(c.http_host, "::");
    EXPECT_EQ(c.http_port, 8042);
    EXPECT_EQ(c.duplicates, DuplicatePolicy::Reject);
    EXPECT_FALSE(c.fsync);
    EXPECT_EQ(c.transcode_to, "jpeg-ls");
    EXPECT_EQ(c.index, "postgresql://roentgen@db:5432/pacs");
    EXPECT_EQ(c.index_connections, 3u);
    EXPECT_FALSE(c.person_name_case_insensitive);
    EXPECT_TRUE(c.commitment_report_on_new_association);
    ASSERT_EQ(c.peers.size(), 2u);
    EXPECT_EQ(c.peers.at("VIEWER"), (PeerAddress{"VIEWER", "10.0.0.5", 104}));
    EXPECT_EQ(c.peers.at("WS1"), (PeerAddress{"WS1", "::1", 11113}));
    EXPECT_EQ(c.log_level, "debug");
}

TEST(ServerConfiguration, DottedKeysAndInlineTablesAreTables)
{
    auto parsed = parse("dimse.port = 2000\nhttp = { port = 2001 }\n");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->dimse_port, 2000);
    EXPECT_EQ(parsed->http_port, 2001);
}

TEST(ServerConfiguration, UnknownKeyNamesLineAndSuggests)
{
    const auto message = error_of("[dimse]\nport = 104\nprot = 105\n");
    EXPECT_EQ(message.rfind("test.toml:3: [dimse] prot: unknown key (did you mean port?)", 0), 0u) << message;
}

TEST(ServerConfiguration, TypoedTableNamesLineAndSuggests)
{
    const auto message = error_of("\n[dimes]\nport = 104\n");
    EXPECT_EQ(message.rfind("test.toml:2: [dimes]: unknown table (did you mean [dimse]?)", 0), 0u) << message;
}

TEST(ServerConfiguration, KeyOutsideTablesSaysWhichTableHasIt)
{
    const auto message = error_of("ae_title = \"X\"\n");
    EXPECT_EQ(message, "test.toml:1: ae_title: a key outside any table (did you mean [server] ae_title?)");
}

TEST(ServerConfiguration, WrongTypeSaysWhatWasExpected)
{
    EXPECT_EQ(error_of("[dimse]\nport = \"abc\"\n"),
              "test.toml:2: [dimse] port: expected an integer 0-65535, got \"abc\"");
    EXPECT_EQ(error_of("[dimse]\nport = 8080.0\n"), "test.toml:2: [dimse] port: expected an integer 0-65535, got 8080");
    EXPECT_EQ(error_of("[storage]\nfsync = \"no\"\n"),
              "test.toml:2: [storage] fsync: expected true or false, got \"no\"");
    EXPECT_EQ(error_of("[server]\nae_title = 12\n"), "test.toml:2: [server] ae_title: expected a string, got 12");
    EXPECT_EQ(error_of("[dimse]\nallowed_peers = [\"A\", 2]\n"),
              "test.toml:2: [dimse] allowed_peers: expected an array of strings, element 2 is 2");
    EXPECT_EQ(error_of("server = 3\n"),
              "test.toml:1: server: a key outside any table; settings go in [server], [dimse], "
              "[http], [storage], [index], [query], [storage_commitment], [peers], [log]");
    EXPECT_EQ(error_of("[[server]]\nae_title = \"A\"\n"),
              "test.toml:1: [[server]]: expected the table [server], got an array of tables");
    EXPECT_EQ(error_of("[dimse]\ntls = { cert = \"a\" }\n").rfind("test.toml:2: [dimse] tls: unknown key", 0), 0u);
}

TEST(ServerConfiguration, OutOfRangeSaysTheRange)
{
    EXPECT_EQ(error_of("[dimse]\nport = 70000\n"), "test.toml:2: [dimse] port: expected an integer 0-65535, got 70000");
    EXPECT_EQ(error_of("[http]\nport = -1\n"), "test.toml:2: [http] port: expected an integer 0-65535, got -1");
    EXPECT_EQ(error_of("[dimse]\nmax_associations = 0\n"),
              "test.toml:2: [dimse] max_associations: expected an integer 1-10000, got 0");
    EXPECT_EQ(error_of("[dimse]\nmax_pdu_length = 100\n"),
              "test.toml:2: [dimse] max_pdu_length: expected an integer 4096-1073741824, got 100");
    EXPECT_EQ(error_of("[index]\nconnections = 0\n"),
              "test.toml:2: [index] connections: expected an integer 1-1024, got 0");
}

TEST(ServerConfiguration, BadAeTitleNamesKeyAndLine)
{
    const auto too_long = error_of("[server]\nae_title = \"SEVENTEEN_CHARS_X\"\n");
    EXPECT_EQ(too_long, "test.toml:2: [server] ae_title: expected an AE title of 1-16 characters, got "
                        "\"SEVENTEEN_CHARS_X\" (17)");
    EXPECT_EQ(error_of("[server]\nae_title = \"\"\n").rfind("test.toml:2: [server] ae_title: expected an AE title", 0),
              0u);
    const auto backslash = error_of("[server]\nae_title = 'A\\B'\n");
    EXPECT_EQ(backslash.rfind("test.toml:2: [server] ae_title: AE title \"A\\B\" has a character", 0), 0u) << backslash;
    EXPECT_EQ(error_of("[server]\nae_title = \"   \"\n"),
              "test.toml:2: [server] ae_title: an AE title of only spaces is not allowed (PS3.5 6.2)");
    EXPECT_EQ(error_of("[dimse]\nallowed_peers = [\"OK\", \"WAY_TOO_LONG_AE_TITLE@h\"]\n")
                  .rfind("test.toml:2: [dimse] allowed_peers: \"WAY_TOO_LONG_AE_TITLE@h\": expected an AE title", 0),
              0u);
}

TEST(ServerConfiguration, BadPeerNamesKeyAndLine)
{
    EXPECT_EQ(error_of("[peers]\nVIEWER = \"10.0.0.5:104\"\n"),
              "test.toml:2: [peers] VIEWER: \"10.0.0.5:104\": no '@' (expected AE@host:port)");
    EXPECT_EQ(error_of("[peers]\nVIEWER = \"V@10.0.0.5:0\"\n"),
              "test.toml:2: [peers] VIEWER: \"V@10.0.0.5:0\": port '0' is not 1-65535 (expected AE@host:port)");
    EXPECT_EQ(error_of("[peers]\nVIEWER = 104\n"), "test.toml:2: [peers] VIEWER: expected a string, got 104");
    EXPECT_EQ(error_of("[peers]\nA = \"SAME@h:1\"\nB = \"SAME@h:2\"\n")
                  .rfind("test.toml:3: [peers] B: AE title SAME is "
                         "given to two peers",
                         0),
              0u);
}

TEST(ServerConfiguration, BadValuesOfStringKeys)
{
    EXPECT_EQ(error_of("[storage]\nduplicates = \"ignore\"\n"),
              "test.toml:2: [storage] duplicates: expected \"keep\", \"overwrite\" or \"reject\", got \"ignore\"");
    EXPECT_EQ(
        error_of("[index]\nurl = \"mysql://x\"\n"),
        "test.toml:2: [index] url: expected \"sqlite\", \"sqlite:PATH\" or \"postgresql://user@host:port/db\", got "
        "\"mysql://x\"");
    EXPECT_EQ(error_of("[log]\nlevel = \"verbose\"\n"),
              "test.toml:2: [log] level: expected \"debug\", \"info\", \"warning\" or \"error\", got \"verbose\"");
    EXPECT_EQ(error_of("[storage]\ntranscode_to = \"jpeg-2001\"\n")
                  .rfind("test.toml:2: [storage] transcode_to: \"jpeg-2001\" is not a transfer syntax", 0),
              0u);
    EXPECT_EQ(error_of("[server]\ndata = \"\"\n"), "test.toml:2: [server] data: expected a non-empty string, got \"\"");
}

TEST(ServerConfiguration, TranscodeTargetsByUidKeywordOrShortName)
{
    for (const auto* name : {"1.2.840.10008.1.2.4.80", "JPEGLSLossless", "explicit", "htj2k"}) {
        auto parsed = parse(std::string("[storage]\ntranscode_to = \"") + name + "\"\n");
        ASSERT_TRUE(parsed) << name << ": " << parsed.error().message;
        EXPECT_EQ(parsed->transcode_to, name);
    }
}

TEST(ServerConfiguration, SyntaxErrorNamesLineAndColumn)
{
    const auto message = error_of("[dimse]\nport = \n");
    EXPECT_EQ(message.rfind("test.toml:2:", 0), 0u) << message;
    EXPECT_NE(message.find_first_of("0123456789", 12), std::string::npos) << message;
    const auto twice = error_of("[server]\nae_title = \"A\"\nae_title = \"B\"\n");
    EXPECT_EQ(twice.rfind("test.toml:3:", 0), 0u) << twice;
}

TEST(ServerConfiguration, EveryProblemIsReportedInLineOrder)
{
    const auto message = error_of("[server]\nae_tilte = \"A\"\n[dimse]\nport = 70000\n[zzz]\n");
    EXPECT_EQ(message,
              "test.toml:2: [server] ae_tilte: unknown key (did you mean ae_title?); [server] has ae_title, data\n"
              "test.toml:4: [dimse] port: expected an integer 0-65535, got 70000\n"
              "test.toml:5: [zzz]: unknown table; the tables are [server], [dimse], [http], [storage], [index], "
              "[query], [storage_commitment], [peers], [log]");
}

TEST(ServerConfiguration, ReadsAFileAndNamesItInErrors)
{
    TemporaryFolder folder;
    const auto good = folder.write("good.toml", "[dimse]\nport = 4242\n");
    auto read = read_server_configuration(good);
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(read->dimse_port, 4242);
    const auto bad = folder.write("bad.toml", "[dimse]\nport = true\n");
    auto failed = read_server_configuration(bad);
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().message, bad + ":2: [dimse] port: expected an integer 0-65535, got true");
    auto missing = read_server_configuration(good + ".missing");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::NotFound);
    EXPECT_NE(missing.error().message.find("good.toml.missing"), std::string::npos);
}

TEST(PeerAddress, ParsesHostsAndPorts)
{
    EXPECT_EQ(parse_peer_address("ORTHANC@127.0.0.1:4242"), (PeerAddress{"ORTHANC", "127.0.0.1", 4242}));
    EXPECT_EQ(parse_peer_address("PACS@[fd00::1]:104"), (PeerAddress{"PACS", "fd00::1", 104}));
    EXPECT_EQ(parse_peer_address("WS@host.example:65535"), (PeerAddress{"WS", "host.example", 65535}));
    EXPECT_EQ(parse_peer_address("A@B@h:1"), (PeerAddress{"A@B", "h", 1})); // '@' is in the AE repertoire
}

TEST(PeerAddress, SaysWhatIsWrong)
{
    const auto message = [](std::string_view text) {
        auto parsed = parse_peer_address(text);
        return parsed ? std::string("(parsed)") : parsed.error().message;
    };
    EXPECT_EQ(message("PACS@host"), "\"PACS@host\": no ':port' (expected AE@host:port)");
    EXPECT_EQ(message("PACS@:104"), "\"PACS@:104\": no host (expected AE@host:port)");
    EXPECT_EQ(message("PACS@h:70000"), "\"PACS@h:70000\": port '70000' is not 1-65535 (expected AE@host:port)");
    EXPECT_EQ(message("PACS@h:x"), "\"PACS@h:x\": port 'x' is not 1-65535 (expected AE@host:port)");
    EXPECT_EQ(message("PACS@::1:104"), "\"PACS@::1:104\": an IPv6 host goes in brackets, as AE@[::1]:104 (expected "
                                       "AE@host:port)");
    EXPECT_EQ(message("PACS@[::1]104").rfind("\"PACS@[::1]104\": a bracketed IPv6 host needs", 0), 0u);
    EXPECT_EQ(message("@h:1").rfind("\"@h:1\": expected an AE title of 1-16 characters", 0), 0u);
    EXPECT_EQ(message("SEVENTEEN_CHARS_X@h:1").rfind("\"SEVENTEEN_CHARS_X@h:1\": expected an AE title", 0), 0u);
}

TEST(DuplicatePolicy, ParsesTheThreeNames)
{
    EXPECT_EQ(parse_duplicate_policy("keep"), DuplicatePolicy::Keep);
    EXPECT_EQ(parse_duplicate_policy("overwrite"), DuplicatePolicy::Overwrite);
    EXPECT_EQ(parse_duplicate_policy("reject"), DuplicatePolicy::Reject);
    EXPECT_FALSE(parse_duplicate_policy("Keep"));
}

std::string validation_error(const ServerConfiguration& configuration)
{
    auto valid = validate_server_configuration(configuration);
    return valid ? std::string("(valid)") : valid.error().message;
}

TEST(ValidateServerConfiguration, NamesTheKey)
{
    ServerConfiguration same_ports;
    same_ports.http_port = same_ports.dimse_port;
    EXPECT_EQ(validation_error(same_ports), "[http] port: 11112 is also the [dimse] port; each server needs its own");
    ServerConfiguration free_ports;
    free_ports.dimse_port = free_ports.http_port = 0;
    EXPECT_EQ(validation_error(free_ports), "(valid)");
    ServerConfiguration bad_title;
    bad_title.ae_title = "BAD\\TITLE";
    EXPECT_EQ(validation_error(bad_title).rfind("[server] ae_title: AE title \"BAD\\TITLE\" has a character", 0), 0u);
    ServerConfiguration bad_syntax;
    bad_syntax.transcode_to = "png";
    EXPECT_EQ(validation_error(bad_syntax).rfind("[storage] transcode_to: \"png\" is not a transfer syntax", 0), 0u);
    ServerConfiguration bad_index;
    bad_index.index = "sqlite:";
    EXPECT_EQ(validation_error(bad_index).rfind("[index] url: expected", 0), 0u);
    ServerConfiguration mismatched_peer;
    mismatched_peer.peers["A"] = PeerAddress{"B", "h", 1};
    EXPECT_EQ(validation_error(mismatched_peer), "[peers] A: keyed by A but its AE title is B");
    ServerConfiguration no_connections;
    no_connections.index_connections = 0;
    EXPECT_EQ(validation_error(no_connections), "[index] connections: expected 1 or more, got 0");
}

TEST(ValidateServerConfiguration, TlsNeedsReadableCertificateAndKey)
{
    TemporaryFolder folder;
    ServerConfiguration tls;
    tls.tls_certificate = folder.write("server.pem", "certificate");
    EXPECT_EQ(validation_error(tls), "[dimse] tls_key: required with [dimse] tls_certificate");
    tls.tls_key = folder.write("server.key", "key");
    EXPECT_EQ(validation_error(tls), "(valid)");
    tls.tls_require_client_certificate = true;
    EXPECT_EQ(
        validation_error(tls),
        "[dimse] tls_require_client_certificate: needs [dimse] tls_ca, the CAs client certificates must chain to");
    tls.tls_ca = tls.tls_certificate + ".missing";
    EXPECT_EQ(validation_error(tls), "[dimse] tls_ca: \"" + tls.tls_ca + "\": no such file");
    ServerConfiguration key_only;
    key_only.tls_key = tls.tls_key;
    EXPECT_EQ(validation_error(key_only), "[dimse] tls_key: given without [dimse] tls_certificate");
}

// The README's table of keys: the same keys as the reader, in its order, each default written as
// TOML that reads back to the default.
TEST(ServerConfiguration, ReadmeDocumentsEveryKeyWithItsDefault)
{
    std::istringstream readme(read_text(fs::path(ROENTGEN_SOURCE_DIR) / "README.md"));
    std::vector<std::string> documented;
    const auto cell = [](std::string text) {
        while (!text.empty() && (text.front() == ' ' || text.front() == '`'))
            text.erase(0, 1);
        while (!text.empty() && (text.back() == ' ' || text.back() == '`'))
            text.pop_back();
        return text;
    };
    for (std::string line; std::getline(readme, line);) {
        if (!line.starts_with("| `["))
            continue;
        std::vector<std::string> cells;
        std::istringstream row(line.substr(1));
        for (std::string text; std::getline(row, text, '|');)
            cells.push_back(cell(text));
        ASSERT_GE(cells.size(), 5u) << line;
        documented.push_back(cells[0] + " " + cells[1]);
        if (cells[1] == "NAME")
            continue;
        const auto table = cells[0].substr(1, cells[0].size() - 2);
        auto parsed = parse("[" + table + "]\n" + cells[1] + " = " + cells[3] + "\n");
        ASSERT_TRUE(parsed) << line << "\n" << parsed.error().message;
        EXPECT_EQ(*parsed, ServerConfiguration{}) << "the README's default differs: " << line;
    }
    EXPECT_EQ(documented, server_configuration_keys());
}

// roentgen.example.toml: parses, is the defaults, and sets every key (so it cannot fall behind).
TEST(ServerConfiguration, ExampleFileHasEveryKeyAtItsDefault)
{
    const auto path = fs::path(ROENTGEN_SOURCE_DIR) / "roentgen.example.toml";
    auto read = read_server_configuration(path.string());
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(*read, ServerConfiguration{});
    std::istringstream example(read_text(path));
    std::vector<std::string> keys;
    std::string table;
    for (std::string line; std::getline(example, line);) {
        if (line.starts_with("["))
            table = line.substr(0, line.find(']') + 1);
        else if (const auto equals = line.find(" = "); !line.empty() && line[0] != '#' && equals != std::string::npos)
            keys.push_back(table + " " + line.substr(0, equals));
        else if (line.starts_with("# NAME = "))
            keys.push_back(table + " NAME");
    }
    EXPECT_EQ(keys, server_configuration_keys());
}

} // namespace
} // namespace roentgen::server
