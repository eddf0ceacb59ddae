// base/endian.cpp — in-place byte swapping of word arrays.
#include "base/endian.h"

namespace roentgen {

void swap_words(void* data, size_t size, unsigned unit)
{
    auto* bytes = static_cast<unsigned char*>(data);
    size_t count = unit ? size / unit : 0;
    switch (unit) {
    case 2:
        for (size_t i = 0; i < count; ++i) {
            uint16_t v;
            std::memcpy(&v, bytes + 2 * i, 2);
            v = __builtin_bswap16(v);
            std::memcpy(bytes + 2 * i, &v, 2);
        }
        break;
    case 4:
        for (size_t i = 0; i < count; ++i) {
            uint32_t v;
            std::memcpy(&v, bytes + 4 * i, 4);
            v = __builtin_bswap32(v);
            std::memcpy(bytes + 4 * i, &v, 4);
        }
        break;
    case 8:
        for (size_t i = 0; i < count; ++i) {
            uint64_t v;
            std::memcpy(&v, bytes + 8 * i, 8);
            v = __builtin_bswap64(v);
            std::memcpy(bytes + 8 * i, &v, 8);
        }
        break;
    default:
        break;
    }
}

}  // namespace roentgen
