// index/postgres/postgres_values.h — SqlValue to and from PostgreSQL's binary wire format, by type OID.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "index/internal/sql_database.h"

namespace roentgen::index::internal::postgres {

/// Type OIDs from PostgreSQL's catalog (src/include/catalog/pg_type.dat); stable across versions.
namespace oid {
inline constexpr unsigned unspecified = 0;  ///< A parameter whose type the server infers.
inline constexpr unsigned boolean = 16;
inline constexpr unsigned bytea = 17;
inline constexpr unsigned name = 19;
inline constexpr unsigned int8 = 20;
inline constexpr unsigned int2 = 21;
inline constexpr unsigned int4 = 23;
inline constexpr unsigned text = 25;
inline constexpr unsigned oid = 26;
inline constexpr unsigned bpchar = 1042;
inline constexpr unsigned varchar = 1043;
inline constexpr unsigned void_type = 2278;
}  // namespace oid

/// Parameters laid out as PQprepare and PQexecPrepared take them, all in binary format: int64_t as
/// int8 (8 bytes, big-endian), strings as text, blobs as bytea (their bytes as they are), SqlNull
/// as an untyped NULL. Points into `values`, which must outlive it.
class BinaryParameters {
public:
    explicit BinaryParameters(std::span<const SqlValue> values);

    int count() const { return static_cast<int>(m_values.size()); }
    const unsigned* types() const { return m_types.data(); }
    const char* const* values() const { return m_values.data(); }
    const int* lengths() const { return m_lengths.data(); }
    const int* formats() const { return m_formats.data(); }
    /// One letter per parameter type ("itbn"): statements are prepared per SQL text and signature,
    /// as a prepared statement's parameter types are fixed.
    const std::string& signature() const { return m_signature; }

private:
    std::vector<unsigned> m_types;
    std::vector<const char*> m_values;
    std::vector<int> m_lengths;
    std::vector<int> m_formats;
    std::vector<std::array<char, 8>> m_integers;
    std::string m_signature;
};

/// Longest text or blob that fits in one parameter (libpq lengths are int; bytea itself stops at 1 GiB).
inline constexpr size_t max_parameter_bytes = 0x3FFF'FFFF;

/// Converts one non-NULL binary result value of type `type` and appends it to `row`; Unsupported
/// names a type without a SqlValue, Malformed a value of the wrong size. (Appending, rather than
/// returning Result<SqlValue>, sidesteps g++ 12's false -Wmaybe-uninitialized on a variant moved
/// into std::expected.)
[[nodiscard]] Result<void> append_binary(unsigned type, std::span<const char> bytes, SqlRow& row);

}  // namespace roentgen::index::internal::postgres
