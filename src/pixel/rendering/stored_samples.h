// pixel/rendering/stored_samples.h — reading decoded samples as the values Bits Stored and High Bit define (PS3.5 8.1.1).
#pragma once

#include <cstdint>
#include <cstring>
#include <span>

#include "base/endian.h"
#include "pixel/pixel_description.h"

namespace roentgen::internal {

/// Sample `index` of a decoded frame (layout of PixelCodec::decode): the Bits Stored bits ending at
/// High Bit, sign-extended for Pixel Representation 1. Float data is read as its value.
class StoredSamples {
public:
    StoredSamples(const PixelDescription& description, std::span<const uint8_t> decoded)
        : m_bytes(decoded.data()), m_width(description.bytes_per_sample()), m_kind(description.kind),
          m_signed(description.is_signed && description.bits_allocated > 1)
    {
        unsigned stored = description.bits_allocated == 1 ? 1 : description.bits_stored;
        unsigned high = description.bits_allocated == 1 ? 0 : description.high_bit;
        m_shift = high + 1 >= stored ? high + 1 - stored : 0;
        m_mask = stored >= 64 ? ~uint64_t(0) : (uint64_t(1) << stored) - 1;
        m_sign_bit = stored >= 64 ? 0 : uint64_t(1) << (stored - 1);
    }

    bool is_float() const { return m_kind != PixelDataKind::Integer; }

    int64_t integer(size_t index) const
    {
        uint64_t word = raw(index);
        word = (word >> m_shift) & m_mask;
        if (m_signed && m_sign_bit != 0 && (word & m_sign_bit))
            return int64_t(word | ~m_mask);
        return int64_t(word);
    }

    double value(size_t index) const
    {
        if (m_kind == PixelDataKind::Float) {
            float f;
            uint32_t word = load_le<uint32_t>(m_bytes + index * 4);
            std::memcpy(&f, &word, 4);
            return f;
        }
        if (m_kind == PixelDataKind::DoubleFloat) {
            double d;
            uint64_t word = load_le<uint64_t>(m_bytes + index * 8);
            std::memcpy(&d, &word, 8);
            return d;
        }
        return double(integer(index));
    }

    /// The whole decoded word, unmasked (overlays in unused bits live there, PS3.5 8.1.2 retired).
    uint64_t raw(size_t index) const
    {
        switch (m_width) {
        case 1: return m_bytes[index];
        case 2: return load_le<uint16_t>(m_bytes + index * 2);
        case 4: return load_le<uint32_t>(m_bytes + index * 4);
        default: return load_le<uint64_t>(m_bytes + index * 8);
        }
    }

private:
    const uint8_t* m_bytes;
    unsigned m_width;
    PixelDataKind m_kind;
    bool m_signed;
    unsigned m_shift = 0;
    uint64_t m_mask = 0;
    uint64_t m_sign_bit = 0;
};

}  // namespace roentgen::internal
