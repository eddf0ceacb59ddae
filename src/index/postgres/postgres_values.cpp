// index/postgres/postgres_values.cpp — binary send/receive formats of int8, text and bytea (PostgreSQL's *send/*recv functions).
#include "index/postgres/postgres_values.h"

#include <fmt/format.h>

#include "base/endian.h"

namespace roentgen::index::internal::postgres {
namespace {

template <typename T>
Result<void> append_big_endian_integer(std::span<const char> bytes, unsigned type, SqlRow& row)
{
    if (bytes.size() != sizeof(T))
        return make_error(Errc::Malformed, fmt::format("PostgreSQL sent {} bytes for a value of type OID {}, "
                                                       "expected {}", bytes.size(), type, sizeof(T)));
    row.emplace_back(static_cast<int64_t>(load<T>(bytes.data(), ByteOrder::Big)));
    return {};
}

}  // namespace

BinaryParameters::BinaryParameters(std::span<const SqlValue> values)
{
    const size_t n = values.size();
    m_types.reserve(n);
    m_values.reserve(n);
    m_lengths.reserve(n);
    m_formats.assign(n, 1);
    m_integers.reserve(n);  // never reallocates, so the pointers into it stay valid
    for (const SqlValue& value : values) {
        if (const auto* integer = std::get_if<int64_t>(&value)) {
            auto& bytes = m_integers.emplace_back();
            store(bytes.data(), *integer, ByteOrder::Big);
            m_types.push_back(oid::int8);
            m_values.push_back(bytes.data());
            m_lengths.push_back(8);
            m_signature += 'i';
        } else if (const auto* text = std::get_if<std::string>(&value)) {
            m_types.push_back(oid::text);
            m_values.push_back(text->data());
            m_lengths.push_back(static_cast<int>(text->size()));
            m_signature += 't';
        } else if (const auto* blob = std::get_if<SqlBlob>(&value)) {
            m_types.push_back(oid::bytea);
            // libpq sends a zero-length value when the length is 0, but never for a null pointer.
            m_values.push_back(blob->empty() ? "" : reinterpret_cast<const char*>(blob->data()));
            m_lengths.push_back(static_cast<int>(blob->size()));
            m_signature += 'b';
        } else {
            m_types.push_back(oid::unspecified);
            m_values.push_back(nullptr);
            m_lengths.push_back(0);
            m_signature += 'n';
        }
    }
}

Result<void> append_binary(unsigned type, std::span<const char> bytes, SqlRow& row)
{
    switch (type) {
    case oid::boolean: return append_big_endian_integer<uint8_t>(bytes, type, row);
    case oid::int2: return append_big_endian_integer<int16_t>(bytes, type, row);
    case oid::int4: return append_big_endian_integer<int32_t>(bytes, type, row);
    case oid::int8: return append_big_endian_integer<int64_t>(bytes, type, row);
    case oid::oid: return append_big_endian_integer<uint32_t>(bytes, type, row);
    case oid::text:
    case oid::varchar:
    case oid::bpchar:
    case oid::name: row.emplace_back(std::in_place_type<std::string>, bytes.begin(), bytes.end()); return {};
    case oid::bytea: row.emplace_back(std::in_place_type<SqlBlob>, bytes.begin(), bytes.end()); return {};
    case oid::void_type: row.emplace_back(SqlNull{}); return {};
    default:
        return make_error(Errc::Unsupported, fmt::format("PostgreSQL result column of type OID {} has no SqlValue "
                                                         "(cast it to bigint, text or bytea in the SQL)", type));
    }
}

}  // namespace roentgen::index::internal::postgres
