// tests/cli/serve_options_test.cpp — `roentgen serve` flags over the --config file over the defaults.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <CLI/CLI.hpp>

#include "cli/serve_options.h"

namespace roentgen::cli {
namespace {

namespace fs = std::filesystem;

/// The flags parsed as `roentgen serve ARGS...` would parse them.
ServeOptions parse_flags(std::vector<std::string> arguments)
{
    CLI::App app;
    ServeOptions options;
    add_serve_options(app, options);
    std::reverse(arguments.begin(), arguments.end()); // CLI11 takes a vector last argument first
    app.parse(arguments);
    return options;
}

Result<server::ServerConfiguration> resolve(std::vector<std::string> arguments)
{
    return resolve_serve_configuration(parse_flags(std::move(arguments)));
}

class ServeOptionsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_folder = fs::temp_directory_path() /
                   ("roentgen-serve-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(m_folder);
        fs::create_directories(m_folder);
    }
    void TearDown() override { fs::remove_all(m_folder); }
    std::string write(std::string_view name, std::string_view text) const
    {
        const auto path = m_folder / name;
        std::ofstream(path) << text;
        return path.string();
    }
    fs::path m_folder;
};

TEST_F(ServeOptionsTest, NoFlagsIsTheDefaults)
{
    auto configuration = resolve({});
    ASSERT_TRUE(configuration) << configuration.error().message;
    EXPECT_EQ(*configuration, server::ServerConfiguration{});
}

TEST_F(ServeOptionsTest, EveryFlagSetsItsKey)
{
    auto configuration = resolve({"--data",
                                  "/srv/dicom",
                                  "--port",
                                  "104",
                                  "--http-port",
                                  "8042",
                                  "--aet",
                                  "ARCHIVE",
                                  "--host",
                                  "127.0.0.1",
                                  "--peer",
                                  "VIEWER=VW@10.0.0.5:104",
                                  "--peer",
                                  "WS@[::1]:11113",
                                  "--index",
                                  "sqlite:/tmp/x.sqlite",
                                  "--duplicates",
                                  "overwrite",
                                  "--no-fsync",
                                  "--max-associations",
                                  "9"});
    ASSERT_TRUE(configuration) << configuration.error().message;
    const auto& c = *configuration;
    EXPECT_EQ(c.data_directory, "/srv/dicom");
    EXPECT_EQ(c.dimse_port, 104);
    EXPECT_EQ(c.http_port, 8042);
    EXPECT_EQ(c.ae_title, "ARCHIVE");
    EXPECT_EQ(c.dimse_host, "127.0.0.1");
    EXPECT_EQ(c.http_host, "127.0.0.1");
    ASSERT_EQ(c.peers.size(), 2u);
    EXPECT_EQ(c.peers.at("VW"), (server::PeerAddress{"VW", "10.0.0.5", 104}));
    EXPECT_EQ(c.peers.at("WS"), (server::PeerAddress{"WS", "::1", 11113}));
    EXPECT_EQ(c.index, "sqlite:/tmp/x.sqlite");
    EXPECT_EQ(c.duplicates, server::DuplicatePolicy::Overwrite);
    EXPECT_FALSE(c.fsync);
    EXPECT_EQ(c.maximum_associations, 9u);
}

TEST_F(ServeOptionsTest, FlagsOverrideTheFileWhichOverridesDefaults)
{
    const auto file = write("roentgen.toml", R"(
[server]
ae_title = "FROMFILE"
[dimse]
port = 2000
max_associations = 3
[storage]
duplicates = "reject"
[peers]
VIEWER = "VW@10.0.0.5:104"
OTHER = "OTHER@10.0.0.6:104"
)");
    auto configuration = resolve({"--config", file, "--port", "3000", "--peer", "NEW=VW@10.0.0.9:11112"});
    ASSERT_TRUE(configuration) << configuration.error().message;
    EXPECT_EQ(configuration->dimse_port, 3000);                            // flag over file
    EXPECT_EQ(configuration->ae_title, "FROMFILE");                        // file over default
    EXPECT_EQ(configuration->maximum_associations, 3u);                    // file over default
    EXPECT_EQ(configuration->duplicates, server::DuplicatePolicy::Reject); // file over default
    EXPECT_EQ(configuration->http_port, 8080);                             // default
    EXPECT_EQ(configuration->peers.at("VW"), (server::PeerAddress{"VW", "10.0.0.9", 11112}));
    EXPECT_EQ(configuration->peers.at("OTHER"), (server::PeerAddress{"OTHER", "10.0.0.6", 104}));
}

TEST_F(ServeOptionsTest, RoentgenTomlInTheWorkingDirectoryIsNotRead)
{
    write("roentgen.toml", "[dimse]\nport = 1234\n");
    const auto previous = fs::current_path();
    fs::current_path(m_folder);
    auto configuration = resolve({});
    fs::current_path(previous);
    ASSERT_TRUE(configuration) << configuration.error().message;
    EXPECT_EQ(configuration->dimse_port, 11112);
}

TEST_F(ServeOptionsTest, FileErrorsNameFileLineAndKey)
{
    const auto file = write("bad.toml", "[dimse]\nport = 70000\n");
    auto configuration = resolve({"--config", file});
    ASSERT_FALSE(configuration);
    EXPECT_EQ(configuration.error().message, file + ":2: [dimse] port: expected an integer 0-65535, got 70000");
    auto missing = resolve({"--config", file + ".missing"});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::NotFound);
}

TEST_F(ServeOptionsTest, FlagErrorsNameTheFlag)
{
    const auto message = [](std::vector<std::string> arguments) {
        auto configuration = resolve(std::move(arguments));
        return configuration ? std::string("(resolved)") : configuration.error().message;
    };
    EXPECT_EQ(message({"--aet", "SEVENTEEN_CHARS_X"}).rfind("--aet: expected an AE title of 1-16 characters", 0), 0u);
    EXPECT_EQ(message({"--peer", "VIEWER=10.0.0.5:104"}), "--peer: \"10.0.0.5:104\": no '@' (expected AE@host:port)");
    EXPECT_EQ(message({"--peer", "=VW@h:1"}), "--peer: \"=VW@h:1\": no NAME before '='");
    EXPECT_EQ(message({"--peer", "A=VW@h:1", "--peer", "B=VW@h:2"}),
              "--peer B=VW@h:2: AE title VW is given by another --peer");
    EXPECT_EQ(message({"--index", "mysql://x"}).rfind("--index: expected \"sqlite\"", 0), 0u);
    EXPECT_EQ(message({"--port", "8080"}), "[http] port: 8080 is also the [dimse] port; each server needs its own");
}

TEST_F(ServeOptionsTest, OutOfRangeFlagsAreRefusedByTheParser)
{
    EXPECT_THROW(parse_flags({"--port", "70000"}), CLI::ValidationError);
    EXPECT_THROW(parse_flags({"--http-port", "-1"}), CLI::ParseError);
    EXPECT_THROW(parse_flags({"--max-associations", "0"}), CLI::ValidationError);
    EXPECT_THROW(parse_flags({"--duplicates", "ignore"}), CLI::ValidationError);
    // Each --peer takes one value, so a stray word after it is not read as a second peer.
    EXPECT_THROW(parse_flags({"--peer", "A=VW@h:1", "B=WS@h:2"}), CLI::ExtrasError);
}

} // namespace
} // namespace roentgen::cli
