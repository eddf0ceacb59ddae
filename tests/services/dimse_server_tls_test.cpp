// tests/services/dimse_server_tls_test.cpp — DimseServer over TLS (PS3.15 B.9): echo, and a peer that never handshakes.
#include "services/dimse_server.h"

#include "net/dimse/status.h"
#include "services/verification_scu.h"
#include "server_test_support.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <unistd.h>

namespace roentgen::services {
namespace {

using namespace testing;

/// A self-signed certificate for the test suite, made with the openssl command line tool.
std::filesystem::path certificate_folder()
{
    return std::filesystem::temp_directory_path() / ("roentgen-tls-test-" + std::to_string(::getpid()));
}

class DimseServerTlsTest : public ServerTest {
protected:
    DimseServerConfiguration tls_configuration() const
    {
        auto configuration = base_configuration();
        configuration.tls = net::TlsServerOptions{};
        configuration.tls->certificate_file = (certificate_folder() / "cert.pem").string();
        configuration.tls->private_key_file = (certificate_folder() / "key.pem").string();
        configuration.timeouts.connect = 1500ms;  // the TLS handshake's deadline on the server
        return configuration;
    }
    static void SetUpTestSuite()
    {
        const auto folder = certificate_folder();
        std::filesystem::create_directories(folder);
        const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=roentgen-test -keyout '" +
                                    (folder / "key.pem").string() + "' -out '" + (folder / "cert.pem").string() +
                                    "' > /dev/null 2>&1";
        ASSERT_EQ(std::system(command.c_str()), 0) << command;
    }
    static void TearDownTestSuite() { std::filesystem::remove_all(certificate_folder()); }
    void SetUp() override { start(tls_configuration()); }

    Result<net::Association> open_tls() const
    {
        net::TlsClientOptions tls;  // no CA bundle: the self-signed server is not verified
        ROENTGEN_TRY(auto connection, net::connect("127.0.0.1", server->port(), 2000ms, &tls));
        return net::Association::request(std::move(connection), association_request(), client_timeouts());
    }
};

TEST_F(DimseServerTlsTest, Echo)
{
    auto association = open_tls();
    ASSERT_TRUE(association) << association.error().message;
    EXPECT_EQ(echo(*association, 1).value_or(0xFFFF), net::status::Success);
    ASSERT_TRUE(std::move(*association).release());
}

TEST_F(DimseServerTlsTest, PeerThatNeverHandshakesStallsNoOne)
{
    // A plain TCP connection to the TLS port that sends nothing, not even a ClientHello.
    auto silent = connect_raw();
    ASSERT_TRUE(silent) << silent.error().message;
    std::this_thread::sleep_for(50ms);  // let the server take it first

    const auto started = std::chrono::steady_clock::now();
    auto association = open_tls();
    ASSERT_TRUE(association) << association.error().message;
    EXPECT_EQ(echo(*association, 1).value_or(0xFFFF), net::status::Success);
    const auto took = std::chrono::steady_clock::now() - started;
    // Not after the silent peer's handshake deadline (1500 ms): its handshake must not hold others.
    EXPECT_LT(took, 1000ms) << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
    ASSERT_TRUE(std::move(*association).release());
    // The silent one is dropped at its deadline.
    EXPECT_TRUE(closed_by_peer(**silent, 2500ms));
}

TEST_F(DimseServerTlsTest, PlainPeerOnTheTlsPortIsDropped)
{
    auto bystander = open_tls();
    ASSERT_TRUE(bystander) << bystander.error().message;
    {
        auto plain = connect_raw();
        ASSERT_TRUE(plain);
        auto request = net::encode_pdu(net::Pdu{association_request()});
        ASSERT_TRUE(request);
        ASSERT_TRUE(send_bytes(**plain, *request));  // an A-ASSOCIATE-RQ where a ClientHello belongs
        EXPECT_TRUE(closed_by_peer(**plain, 1500ms));
    }
    EXPECT_TRUE(eventually([&] {
        for (const auto& error : errors())
            if (error.find("TLS handshake") != std::string::npos)
                return true;
        return false;
    })) << all_errors();
    EXPECT_EQ(echo(*bystander, 2).value_or(0xFFFF), net::status::Success);
    ASSERT_TRUE(std::move(*bystander).release());
}

}  // namespace
}  // namespace roentgen::services
