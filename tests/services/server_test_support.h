// tests/services/server_test_support.h — an in-memory StorageService, a DimseServer on 127.0.0.1:0, SCU and raw-socket helpers.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "base/endian.h"
#include "dict/generated/uids.h"
#include "encoding/part10_file.h"
#include "net/association/association.h"
#include "net/pdu/pdu_codec.h"
#include "net/transport/connection.h"
#include "services/dimse_server.h"
#include "services/storage_service.h"
#include "services/verification_scu.h"

namespace roentgen::services::testing {

using namespace std::chrono_literals;
using Bytes = std::vector<uint8_t>;

inline const std::string ct_image{uids::CTImageStorage};
inline const std::string explicit_le{uids::ExplicitVRLittleEndian};
inline const std::string implicit_le{uids::ImplicitVRLittleEndian};

/// What one InstanceWriter saw.
struct WrittenInstance {
    StoreRequest request;
    Bytes bytes;
    size_t writes = 0;
    size_t largest_write = 0;
    bool committed = false;
};

/// Keeps every instance in memory. Hooks let a test fail open(), fail a write, or hold commit().
class MemoryStorage final : public StorageService {
public:
    /// open() fails for requests this returns true for.
    std::function<bool(const StoreRequest&)> fail_open;
    /// write() fails on this call (1-based) of each writer; 0: never.
    size_t fail_on_write = 0;
    /// Runs in commit() before the instance is kept; the status commit() returns.
    std::function<uint16_t(const StoreRequest&)> on_commit;

    Result<std::unique_ptr<InstanceWriter>> open(const AssociationInfo& association, const StoreRequest& request) override
    {
        {
            std::lock_guard lock(m_mutex);
            ++m_opened;
            m_last_association = association;
        }
        if (fail_open && fail_open(request))
            return make_error(Errc::Io, "test storage refuses " + request.sop_instance_uid);
        return std::unique_ptr<InstanceWriter>(std::make_unique<Writer>(*this, request));
    }

    size_t opened() const
    {
        std::lock_guard lock(m_mutex);
        return m_opened;
    }
    std::vector<WrittenInstance> committed() const
    {
        std::lock_guard lock(m_mutex);
        return m_committed;
    }
    /// Writers destroyed without commit(); a writer is destroyed after its response is sent.
    std::vector<WrittenInstance> abandoned() const
    {
        std::lock_guard lock(m_mutex);
        return m_abandoned;
    }
    AssociationInfo last_association() const
    {
        std::lock_guard lock(m_mutex);
        return m_last_association;
    }

private:
    class Writer final : public InstanceWriter {
    public:
        Writer(MemoryStorage& storage, StoreRequest request) : m_storage(storage) { m_instance.request = std::move(request); }
        ~Writer() override
        {
            std::lock_guard lock(m_storage.m_mutex);
            if (!m_instance.committed)
                m_storage.m_abandoned.push_back(std::move(m_instance));
        }
        Result<void> write(std::span<const uint8_t> bytes) override
        {
            ++m_instance.writes;
            if (m_storage.fail_on_write && m_instance.writes == m_storage.fail_on_write)
                return make_error(Errc::Io, "test storage: disk full");
            m_instance.largest_write = std::max(m_instance.largest_write, bytes.size());
            m_instance.bytes.insert(m_instance.bytes.end(), bytes.begin(), bytes.end());
            return {};
        }
        uint64_t position() const override { return m_instance.bytes.size(); }
        Result<uint16_t> commit() override
        {
            const uint16_t status = m_storage.on_commit ? m_storage.on_commit(m_instance.request) : 0x0000;
            // Kept now: the response goes out before the writer is destroyed.
            m_instance.committed = true;
            std::lock_guard lock(m_storage.m_mutex);
            m_storage.m_committed.push_back(m_instance);
            return status;
        }

    private:
        MemoryStorage& m_storage;
        WrittenInstance m_instance;
    };

    mutable std::mutex m_mutex;
    size_t m_opened = 0;
    std::vector<WrittenInstance> m_committed;
    std::vector<WrittenInstance> m_abandoned;
    AssociationInfo m_last_association;
};

/// Polls `condition` until it holds or `deadline` passes.
inline bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds deadline = 2000ms)
{
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > until)
            return false;
        std::this_thread::sleep_for(2ms);
    }
    return true;
}

inline Bytes pattern(size_t size, uint32_t seed)
{
    Bytes bytes(size);
    uint32_t state = seed * 2654435761u + 1;
    for (auto& byte : bytes) {
        state = state * 1664525u + 1013904223u;
        byte = static_cast<uint8_t>(state >> 24);
    }
    return bytes;
}

/// A server on 127.0.0.1:0 storing into `storage`, with short timeouts so that failures are quick.
class ServerTest : public ::testing::Test {
protected:
    static constexpr const char* server_ae = "TEST-SCP";
    static constexpr uint32_t server_maximum_pdu = 16384;

    DimseServerConfiguration base_configuration() const
    {
        DimseServerConfiguration configuration;
        configuration.host = "127.0.0.1";
        configuration.port = 0;
        configuration.acceptor.ae_title = server_ae;
        configuration.acceptor.maximum_pdu_length = server_maximum_pdu;
        configuration.acceptor.sop_classes = {{std::string(uids::Verification), {implicit_le}},
                                              {ct_image, {explicit_le, implicit_le}}};
        configuration.timeouts.artim = 300ms;
        configuration.timeouts.dimse = 2000ms;
        configuration.timeouts.idle = 5000ms;
        configuration.timeouts.connect = 2000ms;
        return configuration;
    }

    void start(DimseServerConfiguration configuration)
    {
        ServerEvents events;
        events.on_error = [this](const std::string& message) {
            std::lock_guard lock(m_errors_mutex);
            m_errors.push_back(message);
        };
        auto started = DimseServer::start(std::move(configuration), ServiceHandlers{&storage}, std::move(events));
        ASSERT_TRUE(started) << started.error().message;
        server = std::move(*started);
    }
    void SetUp() override { start(base_configuration()); }
    void TearDown() override
    {
        if (server)
            server->stop();
    }

    std::vector<std::string> errors() const
    {
        std::lock_guard lock(m_errors_mutex);
        return m_errors;
    }
    /// Waits until the server has reported `count` failed associations or requests.
    bool errors_reach(size_t count) const
    {
        return eventually([&] { return errors().size() >= count; });
    }
    std::string all_errors() const
    {
        std::string joined;
        for (const auto& error : errors())
            joined += error + "\n";
        return joined;
    }

    net::AssociateRequest association_request(uint32_t maximum_length = 16384) const
    {
        net::AssociateRequest request;
        request.called_ae_title = server_ae;
        request.calling_ae_title = "TEST-SCU";
        request.presentation_contexts = {{1, std::string(uids::Verification), {implicit_le}},
                                         {3, ct_image, {explicit_le}}};
        request.user_information.maximum_length = maximum_length;
        request.user_information.implementation_class_uid = std::string(implementation_class_uid());
        return request;
    }

    static net::AssociationTimeouts client_timeouts()
    {
        net::AssociationTimeouts timeouts;
        timeouts.connect = 2000ms;
        timeouts.artim = 2000ms;
        timeouts.dimse = 3000ms;
        return timeouts;
    }

    Result<std::unique_ptr<net::Connection>> connect_raw() const
    {
        return net::connect("127.0.0.1", server->port(), 2000ms);
    }

    Result<net::Association> open(net::AssociateRequest request) const
    {
        ROENTGEN_TRY(auto connection, connect_raw());
        return net::Association::request(std::move(connection), std::move(request), client_timeouts());
    }
    Result<net::Association> open() const { return open(association_request()); }

    /// An association that is up and answers an echo: the bystander of the robustness tests.
    std::optional<net::Association> open_bystander()
    {
        auto association = open();
        EXPECT_TRUE(association) << association.error().message;
        if (!association)
            return std::nullopt;
        auto status = echo(*association, 1);
        EXPECT_TRUE(status && *status == 0x0000);
        return std::move(*association);
    }
    /// The bystander still gets answers, after the server dealt with the misbehaving peer.
    void expect_bystander_served(std::optional<net::Association>& bystander)
    {
        ASSERT_TRUE(bystander);
        auto status = echo(*bystander, 2);
        ASSERT_TRUE(status) << status.error().message;
        EXPECT_EQ(*status, 0x0000);
        auto released = std::move(*bystander).release();
        EXPECT_TRUE(released) << released.error().message;
        bystander.reset();
    }

    MemoryStorage storage;
    std::unique_ptr<DimseServer> server;

private:
    mutable std::mutex m_errors_mutex;
    std::vector<std::string> m_errors;
};

inline Result<void> send_bytes(net::Connection& connection, std::span<const uint8_t> bytes)
{
    const std::span<const uint8_t> buffers[] = {bytes};
    return connection.write_all(buffers, 2000ms);
}

/// Reads one whole PDU (header included) as bytes.
inline Result<Bytes> read_pdu_bytes(net::Connection& connection, std::chrono::milliseconds timeout = 2000ms)
{
    Bytes pdu(net::pdu_header_size);
    ROENTGEN_TRY(connection.read_exact(pdu, timeout));
    const uint32_t length = load<uint32_t>(pdu.data() + 2, ByteOrder::Big);
    if (length > (16u << 20))
        return make_error(Errc::LimitExceeded, "PDU too long for a test");
    pdu.resize(net::pdu_header_size + length);
    ROENTGEN_TRY(connection.read_exact(std::span(pdu).subspan(net::pdu_header_size), timeout));
    return pdu;
}

/// Sends the A-ASSOCIATE-RQ by hand and returns the A-ASSOCIATE-AC.
inline Result<net::AssociateAccept> raw_associate(net::Connection& connection, const net::AssociateRequest& request)
{
    ROENTGEN_TRY(auto bytes, net::encode_pdu(net::Pdu{request}));
    ROENTGEN_TRY(send_bytes(connection, bytes));
    ROENTGEN_TRY(auto answer, read_pdu_bytes(connection));
    ROENTGEN_TRY(auto pdu, net::decode_pdu(answer));
    if (!std::holds_alternative<net::AssociateAccept>(pdu))
        return make_error(Errc::Refused, "no A-ASSOCIATE-AC");
    return std::get<net::AssociateAccept>(std::move(pdu));
}

/// A P-DATA-TF of one PDV.
inline Bytes data_transfer(uint8_t context_id, uint8_t control, std::span<const uint8_t> data)
{
    Bytes pdu(12);
    net::encode_data_transfer_header(std::span<uint8_t, 12>(pdu.data(), 12), context_id, control,
                                     static_cast<uint32_t>(data.size()));
    pdu.insert(pdu.end(), data.begin(), data.end());
    return pdu;
}

/// The peer closes within `deadline`: a read ends with Errc::Closed (not a timeout, not data).
inline ::testing::AssertionResult closed_by_peer(net::Connection& connection, std::chrono::milliseconds deadline)
{
    uint8_t bytes[256];
    const auto until = std::chrono::steady_clock::now() + deadline;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        if (left <= 0ms)
            return ::testing::AssertionFailure() << "still open after " << deadline.count() << " ms";
        auto read = connection.read_some(bytes, left);
        if (read)
            continue;  // whatever was still in flight (e.g. more A-ABORTs)
        if (read.error().code == Errc::Closed)
            return ::testing::AssertionSuccess();
        return ::testing::AssertionFailure() << read.error().message;
    }
}

}  // namespace roentgen::services::testing
