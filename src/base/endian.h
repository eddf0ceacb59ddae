// base/endian.h — loads and stores of fixed-size integers and floats in either byte order.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <cstddef>

namespace roentgen {

enum class ByteOrder { Little, Big };

template <typename T>
inline T byte_swapped(T value)
{
    if constexpr (sizeof(T) == 1) {
        return value;
    } else {
        using U = std::conditional_t<sizeof(T) == 2, uint16_t,
                                     std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>;
        U bits;
        std::memcpy(&bits, &value, sizeof bits);
        if constexpr (sizeof(T) == 2)
            bits = __builtin_bswap16(bits);
        else if constexpr (sizeof(T) == 4)
            bits = __builtin_bswap32(bits);
        else
            bits = __builtin_bswap64(bits);
        std::memcpy(&value, &bits, sizeof bits);
        return value;
    }
}

/// Reads a T stored in `order` at `p` (no alignment needed).
template <typename T>
inline T load(const void* p, ByteOrder order)
{
    T value;
    std::memcpy(&value, p, sizeof value);
    if ((order == ByteOrder::Big) == (std::endian::native == std::endian::little))
        value = byte_swapped(value);
    return value;
}

template <typename T>
inline T load_le(const void* p) { return load<T>(p, ByteOrder::Little); }

/// Writes `value` at `p` in `order`.
template <typename T>
inline void store(void* p, T value, ByteOrder order)
{
    if ((order == ByteOrder::Big) == (std::endian::native == std::endian::little))
        value = byte_swapped(value);
    std::memcpy(p, &value, sizeof value);
}

template <typename T>
inline void store_le(void* p, T value) { store<T>(p, value, ByteOrder::Little); }

/// Swaps each `unit`-byte word of `data` in place (unit 2, 4 or 8; anything else is a no-op).
void swap_words(void* data, size_t size, unsigned unit);

}  // namespace roentgen
