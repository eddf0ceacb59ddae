// fuzz/fuzz_pixel_seeds.cpp — writes seeds for fuzz_pixel_decode: small synthetic frames encoded by every encoder,
// each behind the header that describes it (pixel_fuzz_input.h).
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "dict/generated/uids.h"
#include "pixel/codecs/jpegxl/jpegxl_codec.h"
#include "pixel_fuzz_input.h"

namespace {

using namespace roentgen;

PixelDescription describe(uint32_t rows, uint32_t columns, uint16_t samples, uint16_t allocated, uint16_t stored,
                          bool is_signed)
{
    PixelDescription d;
    d.rows = rows;
    d.columns = columns;
    d.samples_per_pixel = samples;
    d.bits_allocated = allocated;
    d.bits_stored = stored;
    d.high_bit = uint16_t(stored - 1);
    d.is_signed = is_signed;
    d.photometric = samples == 3 ? Photometric::Rgb : Photometric::Monochrome2;
    d.photometric_text = photometric_name(d.photometric);
    return d;
}

/// A gradient with a little noise, in the stored range of `d` (two's complement when signed).
std::vector<uint8_t> synthetic_frame(const PixelDescription& d)
{
    std::vector<uint8_t> frame(d.decoded_frame_bytes());
    const uint32_t range = d.bits_allocated == 1 ? 2u : 1u << d.bits_stored;
    uint32_t state = 12345;
    const size_t samples = d.pixels_per_frame() * d.samples_per_pixel;
    for (size_t i = 0; i < samples; ++i) {
        state = state * 1664525u + 1013904223u;
        size_t pixel = i / d.samples_per_pixel;
        uint32_t x = uint32_t(pixel % d.columns), y = uint32_t(pixel / d.columns);
        uint32_t value = ((x * 7 + y * 3 + uint32_t(i % d.samples_per_pixel) * 40) * range / 64 + (state >> 28)) % range;
        int32_t stored = d.is_signed ? int32_t(value) - int32_t(range / 2) : int32_t(value);
        if (d.bytes_per_sample() == 2) {
            frame[2 * i] = uint8_t(stored);
            frame[2 * i + 1] = uint8_t(uint32_t(stored) >> 8);
        } else {
            frame[i] = uint8_t(stored);
        }
    }
    return frame;
}

struct Seed {
    PixelDescription description;
    std::vector<uint8_t> bytes;
};

/// Writes the seed and checks that fuzz_pixel_decode would decode it: a seed that fails at once
/// explores only the error paths. Returns false when it does not decode.
bool write_seed(const std::filesystem::path& folder, const std::string& name, const CodecRegistry& registry,
                std::span<const std::string_view> syntaxes, size_t syntax_index, const Seed& seed, size_t fragments)
{
    auto header = fuzzing::make_header(syntax_index, seed.description, fragments);
    std::vector<uint8_t> input(header.begin(), header.end());
    input.insert(input.end(), seed.bytes.begin(), seed.bytes.end());
    std::ofstream out(folder / name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(input.data()), std::streamsize(input.size()));

    auto parsed = fuzzing::parse_input(input, syntaxes);
    std::vector<uint8_t> frame(parsed->description.decoded_frame_bytes());
    auto decoded = registry.find(parsed->transfer_syntax_uid)
                       ->decode(parsed->transfer_syntax_uid, parsed->fragments, parsed->description, frame);
    if (!decoded)
        std::fprintf(stderr, "%s does not decode: %s\n", name.c_str(), decoded.error().message.c_str());
    return decoded.has_value();
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s SEED_FOLDER\n", argv[0]);
        return 2;
    }
    const std::filesystem::path folder = argv[1];
    std::filesystem::create_directories(folder);
    const auto registry = CodecRegistry::with_all_codecs();
    const auto syntaxes = fuzzing::decodable_syntaxes(registry);
    const PixelDescription descriptions[] = {
        describe(16, 16, 1, 8, 8, false),  describe(10, 12, 1, 16, 12, false), describe(7, 9, 1, 16, 16, true),
        describe(8, 8, 3, 8, 8, false),    describe(5, 6, 3, 16, 16, false),   describe(8, 16, 1, 1, 1, false),
        describe(3, 5, 1, 8, 6, true),
    };

    std::map<const PixelCodec*, std::vector<Seed>> by_codec;
    std::vector<std::vector<Seed>> by_syntax(syntaxes.size());
    for (size_t s = 0; s < syntaxes.size(); ++s) {
        const PixelCodec* codec = registry.find(syntaxes[s]);
        for (const auto& d : descriptions) {
            if (!codec->can_encode(syntaxes[s], d))
                continue;
            auto frame = synthetic_frame(d);
            auto encoded = codec->encode(syntaxes[s], frame, d, EncodeOptions{});
            if (!encoded) {
                std::fprintf(stderr, "%.*s: %s\n", int(syntaxes[s].size()), syntaxes[s].data(),
                             encoded.error().message.c_str());
                continue;
            }
            Seed seed{d, std::move(encoded->bytes)};
            if (encoded->photometric)
                seed.description.photometric = *encoded->photometric;
            seed.description.planar = encoded->planar;
            seed.description.photometric_text = photometric_name(seed.description.photometric);
            by_codec[codec].push_back(seed);
            by_syntax[s].push_back(std::move(seed));
        }
    }
    // JPEG XL JPEG Recompression is made from JPEG bitstreams, not from pixels.
    const auto baseline = std::find(syntaxes.begin(), syntaxes.end(), uids::JPEGBaseline8Bit) - syntaxes.begin();
    const auto recompression =
        std::find(syntaxes.begin(), syntaxes.end(), uids::JPEGXLJPEGRecompression) - syntaxes.begin();
    if (size_t(baseline) < syntaxes.size() && size_t(recompression) < syntaxes.size())
        for (const auto& jpeg : by_syntax[size_t(baseline)])
            if (auto jxl = recompress_jpeg_as_jpeg_xl(jpeg.bytes))
                by_syntax[size_t(recompression)].push_back(Seed{jpeg.description, std::move(*jxl)});

    size_t written = 0, failed = 0;
    for (size_t s = 0; s < syntaxes.size(); ++s) {
        // A syntax nothing encodes (progressive JPEG, JPEG-LS near-lossless without options…) gets its codec's
        // other streams: the decoder reads what the bitstream says.
        const auto& seeds = !by_syntax[s].empty() ? by_syntax[s] : by_codec[registry.find(syntaxes[s])];
        for (size_t i = 0; i < seeds.size(); ++i) {
            std::string name = std::string(syntaxes[s]) + "-" + std::to_string(i);
            for (size_t fragments : {size_t(1), size_t(3)}) {
                if (fragments == 3 && i != 0)
                    break;
                failed += !write_seed(folder, fragments == 1 ? name : name + "-3fragments", registry, syntaxes, s,
                                      seeds[i], fragments);
                ++written;
            }
        }
    }
    std::printf("%zu seeds for %zu transfer syntaxes in %s; %zu do not decode\n", written, syntaxes.size(),
                folder.c_str(), failed);
    return failed == 0 ? 0 : 1;
}
