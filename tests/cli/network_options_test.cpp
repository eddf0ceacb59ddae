// tests/cli/network_options_test.cpp — peers written AE@host:port or named in the config file; query keys.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cli/element_assignment.h"
#include "cli/network_options.h"
#include "dict/generated/tags.h"

namespace roentgen::cli {
namespace {

namespace fs = std::filesystem;

TEST(RemotePeer, ParsesAeHostAndPort)
{
    auto peer = parse_remote_peer("ORTHANC@127.0.0.1:4242");
    ASSERT_TRUE(peer) << peer.error().message;
    EXPECT_EQ(peer->ae_title, "ORTHANC");
    EXPECT_EQ(peer->host, "127.0.0.1");
    EXPECT_EQ(peer->port, 4242);
    auto v6 = parse_remote_peer("PACS@[::1]:104");
    ASSERT_TRUE(v6) << v6.error().message;
    EXPECT_EQ(v6->host, "::1");
    EXPECT_EQ(v6->port, 104);
}

TEST(RemotePeer, SaysWhatIsWrong)
{
    EXPECT_NE(parse_remote_peer("ORTHANC@host").error().message.find("expected AE@host:port"), std::string::npos);
    EXPECT_NE(parse_remote_peer("ORTHANC@host:0").error().message.find("port '0'"), std::string::npos);
    EXPECT_NE(parse_remote_peer("ORTHANC@host:70000").error().message.find("1..65535"), std::string::npos);
    EXPECT_NE(parse_remote_peer("ORTHANC@host:12x").error().message.find("port '12x'"), std::string::npos);
    EXPECT_NE(parse_remote_peer("@host:104").error().message.find("1 to 16 characters"), std::string::npos);
    EXPECT_NE(parse_remote_peer("SEVENTEEN_CHARS_X@host:104").error().message.find("1 to 16"), std::string::npos);
    EXPECT_NE(parse_remote_peer("AE@:104").error().message.find("no host"), std::string::npos);
}

class ConfiguredPeer : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_path = fs::temp_directory_path() / ("roentgen-peers-" + std::to_string(::getpid()) + ".toml");
        ::setenv("ROENTGEN_CONFIG", m_path.c_str(), 1);
    }
    void TearDown() override
    {
        ::unsetenv("ROENTGEN_CONFIG");
        fs::remove(m_path);
    }
    void write(const std::string& text) { std::ofstream(m_path) << text; }
    fs::path m_path;
};

TEST_F(ConfiguredPeer, NameFromThePeersTable)
{
    write("[peers]\nPACS = \"ORTHANC@10.1.2.3:4242\"\nBAD = \"not a peer\"\n");
    auto peer = parse_remote_peer("PACS");
    ASSERT_TRUE(peer) << peer.error().message;
    EXPECT_EQ(peer->ae_title, "ORTHANC");
    EXPECT_EQ(peer->host, "10.1.2.3");
    EXPECT_EQ(peer->port, 4242);
    auto missing = parse_remote_peer("NOPE");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("has no [peers] NOPE"), std::string::npos) << missing.error().message;
    auto bad = parse_remote_peer("BAD");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("expected AE@host:port"), std::string::npos) << bad.error().message;
}

TEST_F(ConfiguredPeer, BrokenConfigNamesTheFileAndLine)
{
    write("[peers]\nPACS = \"A@b:1\"\n[broken\n");
    auto peer = parse_remote_peer("PACS");
    ASSERT_FALSE(peer);
    EXPECT_NE(peer.error().message.find(m_path.string() + ": line 3"), std::string::npos) << peer.error().message;
}

TEST(QueryKey, BareKeywordIsAnEmptyReturnKey)
{
    DataSet identifier;
    auto key = parse_assignment("PatientName", true);
    ASSERT_TRUE(key) << key.error().message;
    ASSERT_TRUE(apply_set(identifier, *key));
    const Element* name = identifier.find(tags::PatientName);
    ASSERT_NE(name, nullptr);
    EXPECT_EQ(name->length(), 0u);
    auto value = parse_assignment("PatientID=ABC", true);
    ASSERT_TRUE(value && apply_set(identifier, *value));
    EXPECT_EQ(identifier.find_string(tags::PatientID), "ABC");
    EXPECT_FALSE(parse_assignment("PatientName", false));  // modify --set needs a value
    EXPECT_FALSE(parse_assignment("NoSuchKeyword=1", true));
}

}  // namespace
}  // namespace roentgen::cli
