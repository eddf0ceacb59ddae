// tests/support/sha256.h — a small SHA-256 (FIPS 180-4) for comparing bulk data with corpus reference hashes.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace roentgen::testing {

/// Incremental SHA-256 (FIPS 180-4 section 6.2). Test-only: not constant-time, not for security.
class Sha256 {
public:
    Sha256();
    void update(std::span<const uint8_t> bytes);
    /// The digest; the object is spent afterwards.
    std::array<uint8_t, 32> finish();

private:
    void block(const uint8_t* p);
    std::array<uint32_t, 8> m_state;
    std::array<uint8_t, 64> m_buffer{};
    size_t m_buffered = 0;
    uint64_t m_length = 0;
};

/// Lower-case hex SHA-256 of `bytes`.
std::string sha256_hex(std::span<const uint8_t> bytes);

}  // namespace roentgen::testing
