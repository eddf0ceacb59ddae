// model/uid_generator.cpp — 2.25 UIDs from 128 random bits (PS3.5 B.2).
#include "model/uid_generator.h"

#include <algorithm>
#include <mutex>
#include <random>

namespace roentgen {

std::string generate_uid()
{
    static std::mutex mutex;
    static std::random_device device;
    static std::mt19937_64 engine = [] {
        std::seed_seq seed{device(), device(), device(), device(), device(), device(), device(), device()};
        return std::mt19937_64(seed);
    }();
    unsigned __int128 value;
    {
        std::lock_guard lock(mutex);
        value = (static_cast<unsigned __int128>(engine()) << 64) | engine();
    }
    // ISO/IEC 9834-8: a UUID as an integer; version 4 (random) and the variant bits set, as a UUID would have.
    value &= ~(static_cast<unsigned __int128>(0xF000) << 64);
    value |= static_cast<unsigned __int128>(0x4000) << 64;
    value &= ~(static_cast<unsigned __int128>(0xC000000000000000ull));
    value |= static_cast<unsigned __int128>(0x8000000000000000ull);
    std::string digits;
    do {
        digits.push_back(char('0' + int(value % 10)));
        value /= 10;
    } while (value != 0);
    std::reverse(digits.begin(), digits.end());
    return "2.25." + digits;
}

}  // namespace roentgen
