// services/discarding_sink.h — sinks for data sets that are received only to stay in step with the peer.
#pragma once

#include <optional>

#include "base/byte_sink.h"

namespace roentgen::services {

/// Counts and drops bytes.
class DiscardingSink final : public ByteSink {
public:
    Result<void> write(std::span<const uint8_t> bytes) override
    {
        m_position += bytes.size();
        return {};
    }
    uint64_t position() const override { return m_position; }

private:
    uint64_t m_position = 0;
};

/// Forwards to `target` until it fails once, then drops the rest and keeps the error, so a disk
/// that fills mid-instance fails that C-STORE but not the association.
class FirstErrorSink final : public ByteSink {
public:
    explicit FirstErrorSink(ByteSink& target) : m_target(target) {}
    Result<void> write(std::span<const uint8_t> bytes) override
    {
        m_position += bytes.size();
        if (!m_error) {
            if (auto written = m_target.write(bytes); !written)
                m_error = std::move(written).error();
        }
        return {};
    }
    uint64_t position() const override { return m_position; }
    const std::optional<Error>& error() const { return m_error; }

private:
    ByteSink& m_target;
    std::optional<Error> m_error;
    uint64_t m_position = 0;
};

}  // namespace roentgen::services
