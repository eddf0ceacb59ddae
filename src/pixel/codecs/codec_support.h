// pixel/codecs/codec_support.h — small helpers the library-backed codecs share (fragments, checks, sample layout).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "pixel/pixel_description.h"

namespace roentgen::internal {

/// The frame's codestream: the one fragment itself, or the fragments joined into `storage`
/// (PS3.5 A.4: the encoded data of one frame may span several fragments).
std::span<const uint8_t> join_fragments(std::span<const std::span<const uint8_t>> fragments,
                                        std::vector<uint8_t>& storage);

/// Checks what every decoder here needs: integer samples in Bits Allocated 8 or 16 (1 too when
/// `allow_one_bit`), 1..4 samples per pixel, an output buffer of decoded_frame_bytes().
[[nodiscard]] Result<void> check_decode_target(std::string_view codec, const PixelDescription& d,
                                               std::span<const uint8_t> out, bool allow_one_bit = false);

/// Checks what every encoder here needs: 1 or 3 samples, Bits Allocated 8 or 16, Bits Stored in
/// [min_bits, Bits Allocated] with High Bit = Bits Stored - 1, and a Photometric Interpretation
/// that is stored as it is (MONOCHROME1/2, PALETTE COLOR, RGB, YBR_FULL, YBR_FULL_422 expanded by
/// decoding) and agrees with Samples per Pixel.
[[nodiscard]] Result<void> check_encodable_description(std::string_view codec, const PixelDescription& d,
                                                       unsigned min_bits = 2);

/// Refuses lossy coding of PALETTE COLOR data: its samples are indices into the palette, and an
/// index off by one is a different colour (PS3.3 C.7.6.3.1.2).
[[nodiscard]] Result<void> check_lossy_allowed(std::string_view codec, const PixelDescription& d);

/// Checks that a frame handed to an encoder holds decoded_frame_bytes().
[[nodiscard]] Result<void> check_frame_size(const PixelDescription& d, std::span<const uint8_t> frame);

/// Two's complement samples narrower than their container get the sign of their high bit, so
/// they read as native signed data does (PS3.5 8.1.1); nothing for unsigned data.
void sign_extend(const PixelDescription& d, std::span<uint8_t> out);

/// The sample at `index` of a decoded frame (bytes_per_sample 1 or 2, little endian), as stored.
inline uint32_t load_sample(const uint8_t* frame, size_t index, unsigned bytes_per_sample)
{
    return bytes_per_sample == 1 ? frame[index] : uint32_t(frame[2 * index] | frame[2 * index + 1] << 8);
}

/// The sample at `index` read as a value of `bits` bits: two's complement when signed.
inline int32_t load_value(const uint8_t* frame, size_t index, unsigned bytes_per_sample, unsigned bits, bool is_signed)
{
    uint32_t raw = load_sample(frame, index, bytes_per_sample) & ((1u << bits) - 1);
    if (is_signed && (raw >> (bits - 1)) != 0)
        return int32_t(raw) - int32_t(1u << bits);
    return int32_t(raw);
}

/// Writes `value` as sample `index`, truncated to the container (two's complement when negative).
inline void store_sample(uint8_t* frame, size_t index, unsigned bytes_per_sample, int32_t value)
{
    if (bytes_per_sample == 1) {
        frame[index] = uint8_t(value);
    } else {
        frame[2 * index] = uint8_t(value);
        frame[2 * index + 1] = uint8_t(uint32_t(value) >> 8);
    }
}

/// Threads a library may use inside one frame: none for multi-frame objects, whose frames
/// decode_all_frames already spreads over the cores, nor for small frames, where starting threads
/// costs more than it saves; otherwise up to the hardware's concurrency (at most 8).
unsigned threads_within_frame(const PixelDescription& d);

/// Appends the trailing 0x00 that gives a fragment even length (PS3.5 A.4, 7.1.1); decoders stop
/// at the codestream's end marker and ignore it.
inline void pad_to_even(std::vector<uint8_t>& bytes)
{
    if (bytes.size() % 2 != 0)
        bytes.push_back(0x00);
}

/// Photometric Interpretation after lossless encoding of `d` without a colour transform:
/// YBR_FULL_422 input is full resolution once decoded, so it is written as YBR_FULL.
std::optional<Photometric> photometric_unchanged(const PixelDescription& d);

} // namespace roentgen::internal
