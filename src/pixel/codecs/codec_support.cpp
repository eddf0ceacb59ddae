// pixel/codecs/codec_support.cpp — shared checks and sample helpers of the library-backed codecs.
#include "pixel/codecs/codec_support.h"

#include <algorithm>
#include <string>
#include <thread>

#include "base/endian.h"

namespace roentgen::internal {

std::span<const uint8_t> join_fragments(std::span<const std::span<const uint8_t>> fragments,
                                        std::vector<uint8_t>& storage)
{
    if (fragments.size() == 1)
        return fragments[0];
    size_t total = 0;
    for (auto fragment : fragments)
        total += fragment.size();
    storage.clear();
    storage.reserve(total);
    for (auto fragment : fragments)
        storage.insert(storage.end(), fragment.begin(), fragment.end());
    return storage;
}

Result<void> check_decode_target(std::string_view codec, const PixelDescription& d, std::span<const uint8_t> out,
                                 bool allow_one_bit)
{
    const std::string name(codec);
    if (d.kind != PixelDataKind::Integer)
        return make_error(Errc::Unsupported, name + " holds integer samples only");
    if (d.bits_allocated != 8 && d.bits_allocated != 16 && !(allow_one_bit && d.bits_allocated == 1))
        return make_error(Errc::Unsupported,
                          name + " decodes to Bits Allocated 8 or 16, not " + std::to_string(d.bits_allocated));
    if (d.samples_per_pixel < 1 || d.samples_per_pixel > 4)
        return make_error(Errc::Unsupported,
                          name + " with " + std::to_string(d.samples_per_pixel) + " samples per pixel");
    if (d.rows == 0 || d.columns == 0)
        return make_error(Errc::Malformed, name + ": the image has no rows or columns");
    if (out.size() != d.decoded_frame_bytes())
        return make_error(Errc::InvalidArgument, "output buffer has the wrong size");
    return {};
}

Result<void> check_encodable_description(std::string_view codec, const PixelDescription& d, unsigned min_bits)
{
    const std::string name(codec);
    if (d.kind != PixelDataKind::Integer)
        return make_error(Errc::Unsupported, name + " holds integer samples only");
    if (d.bits_allocated != 8 && d.bits_allocated != 16)
        return make_error(Errc::Unsupported,
                          name + " encodes Bits Allocated 8 or 16, not " + std::to_string(d.bits_allocated));
    if (d.samples_per_pixel != 1 && d.samples_per_pixel != 3)
        return make_error(Errc::Unsupported, name + " encoding takes 1 or 3 samples per pixel");
    if (d.bits_stored < min_bits || d.bits_stored > d.bits_allocated)
        return make_error(Errc::Unsupported, "Bits Stored " + std::to_string(d.bits_stored) + " cannot be a " + name +
                                                 " precision (" + std::to_string(min_bits) + ".." +
                                                 std::to_string(d.bits_allocated) + ")");
    if (d.high_bit + 1 != d.bits_stored)
        return make_error(Errc::Unsupported, "High Bit " + std::to_string(d.high_bit) +
                                                 " is not Bits Stored - 1; the samples are not in the low bits");
    if (d.rows < 1 || d.columns < 1)
        return make_error(Errc::InvalidArgument, name + ": the image has no rows or columns");
    switch (d.photometric) {
    case Photometric::Monochrome1:
    case Photometric::Monochrome2:
    case Photometric::PaletteColor:
    case Photometric::Rgb:
    case Photometric::YbrFull:
    case Photometric::YbrFull422:
        break;
    default:
        return make_error(Errc::Unsupported, "Photometric Interpretation " + std::string(d.photometric_text) +
                                                 " is not encoded as " + name);
    }
    if ((d.samples_per_pixel == 1) !=
        (d.photometric == Photometric::Monochrome1 || d.photometric == Photometric::Monochrome2 ||
         d.photometric == Photometric::PaletteColor))
        return make_error(Errc::InvalidArgument, "Photometric Interpretation " + std::string(d.photometric_text) +
                                                     " with " + std::to_string(d.samples_per_pixel) +
                                                     " samples per pixel");
    return {};
}

Result<void> check_lossy_allowed(std::string_view codec, const PixelDescription& d)
{
    if (d.photometric == Photometric::PaletteColor)
        return make_error(Errc::Unsupported, "lossy " + std::string(codec) + " coding of PALETTE COLOR indices");
    return {};
}

Result<void> check_frame_size(const PixelDescription& d, std::span<const uint8_t> frame)
{
    if (frame.size() != d.decoded_frame_bytes())
        return make_error(Errc::InvalidArgument, "frame holds " + std::to_string(frame.size()) + " bytes, " +
                                                     std::to_string(d.decoded_frame_bytes()) + " expected");
    return {};
}

void sign_extend(const PixelDescription& d, std::span<uint8_t> out)
{
    if (!d.is_signed || d.bits_stored >= d.bits_allocated || d.bits_stored == 0 || d.high_bit + 1 != d.bits_stored)
        return;
    const unsigned shift = d.bits_allocated - d.bits_stored;
    if (d.bits_allocated == 16) {
        for (size_t i = 0; i + 1 < out.size(); i += 2) {
            auto value = int16_t(uint16_t(load_le<uint16_t>(out.data() + i) << shift));
            store_le<uint16_t>(out.data() + i, uint16_t(value >> shift));
        }
    } else if (d.bits_allocated == 8) {
        for (auto& byte : out)
            byte = uint8_t(int8_t(uint8_t(byte << shift)) >> shift);
    }
}

unsigned threads_within_frame(const PixelDescription& d)
{
    if (d.number_of_frames > 1 || d.pixels_per_frame() * d.samples_per_pixel < 512 * 512)
        return 1;
    return std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
}

std::optional<Photometric> photometric_unchanged(const PixelDescription& d)
{
    if (d.photometric == Photometric::YbrFull422)
        return Photometric::YbrFull;
    return std::nullopt;
}

} // namespace roentgen::internal
