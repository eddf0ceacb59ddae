// tests/pixel/codec_test_support.h — synthetic frames, error measures, corruption and peer-tool helpers shared by the
// tests of the library-backed codecs (JPEG-LS, JPEG 2000, HTJ2K, JPEG XL).
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "base/endian.h"
#include "dict/generated/tags.h"
#include "dict/transfer_syntax.h"
#include "encoding/part10_file.h"
#include "pixel/codec_registry.h"
#include "pixel/frames.h"
#include "pixel/pixel_codec.h"
#include "support/corpus.h"

namespace roentgen::codec_testing {

inline PixelDescription describe(uint32_t rows, uint32_t columns, uint16_t samples, uint16_t allocated, uint16_t stored,
                                 bool is_signed = false)
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
    d.photometric_text = samples == 3 ? "RGB" : "MONOCHROME2";
    return d;
}

/// A value of `d`'s sample type: in [0, 2^stored) unsigned, or [-2^(stored-1), 2^(stored-1))
/// signed, stored in the container as native data is (sign-extended).
inline void put(std::vector<uint8_t>& frame, const PixelDescription& d, size_t index, int32_t value)
{
    if (d.bytes_per_sample() == 2)
        store_le<uint16_t>(frame.data() + 2 * index, uint16_t(value));
    else
        frame[index] = uint8_t(value);
}

inline int32_t get(std::span<const uint8_t> frame, const PixelDescription& d, size_t index)
{
    if (d.bytes_per_sample() == 2) {
        uint16_t raw = load_le<uint16_t>(frame.data() + 2 * index);
        return d.is_signed ? int32_t(int16_t(raw)) : int32_t(raw);
    }
    return d.is_signed ? int32_t(int8_t(frame[index])) : int32_t(frame[index]);
}

enum class Pattern { Smooth, Noise, Extremes };

/// A frame of `d`: Smooth is a gradient with rings and mild noise (like an image), Noise is
/// uniform over the whole range, Extremes picks the range's ends and middle.
inline std::vector<uint8_t> synthetic(const PixelDescription& d, Pattern pattern, uint32_t seed = 1)
{
    std::vector<uint8_t> out(d.decoded_frame_bytes());
    const int64_t span = int64_t(1) << d.bits_stored;
    const int64_t low = d.is_signed ? -span / 2 : 0, high = low + span - 1;
    uint32_t state = seed * 2654435761u + 12345;
    auto next = [&] {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    };
    const size_t count = d.pixels_per_frame() * d.samples_per_pixel;
    for (size_t i = 0; i < count; ++i) {
        size_t pixel = i / d.samples_per_pixel;
        double x = double(pixel % d.columns) / d.columns, y = double(pixel / d.columns) / d.rows;
        unsigned c = unsigned(i % d.samples_per_pixel);
        int64_t value = 0;
        switch (pattern) {
        case Pattern::Smooth: {
            double r = std::hypot(x - 0.5, y - 0.4);
            double shape = 0.45 + 0.3 * x - 0.2 * y + 0.15 * std::cos(r * 25 + c) + 0.05 * c;
            value = low + int64_t(std::clamp(shape, 0.0, 1.0) * double(span - 1)) + int64_t(next() % 5) - 2;
            break;
        }
        case Pattern::Noise:
            value = low + int64_t(next() % uint64_t(span));
            break;
        case Pattern::Extremes: {
            const int64_t choices[] = {low, high, low + span / 2, low + span / 2 - 1, low + 1};
            value = choices[next() % 5];
            break;
        }
        }
        put(out, d, i, int32_t(std::clamp(value, low, high)));
    }
    return out;
}

inline Result<std::vector<uint8_t>> decode_with(const PixelCodec& codec, std::string_view uid,
                                                std::span<const uint8_t> bytes, const PixelDescription& d)
{
    std::vector<uint8_t> out(d.decoded_frame_bytes());
    std::span<const uint8_t> fragments[] = {bytes};
    ROENTGEN_TRY(codec.decode(uid, fragments, d, out));
    return out;
}

inline int32_t max_abs_error(std::span<const uint8_t> a, std::span<const uint8_t> b, const PixelDescription& d)
{
    int32_t worst = 0;
    for (size_t i = 0; i < d.pixels_per_frame() * d.samples_per_pixel; ++i)
        worst = std::max(worst, std::abs(get(a, d, i) - get(b, d, i)));
    return worst;
}

/// Peak signal-to-noise ratio in dB over the stored range (peak 2^Bits Stored - 1).
inline double psnr(std::span<const uint8_t> a, std::span<const uint8_t> b, const PixelDescription& d)
{
    double sum = 0;
    const size_t count = d.pixels_per_frame() * d.samples_per_pixel;
    for (size_t i = 0; i < count; ++i) {
        double e = double(get(a, d, i) - get(b, d, i));
        sum += e * e;
    }
    if (sum == 0)
        return INFINITY;
    double peak = double((1u << d.bits_stored) - 1);
    return 10.0 * std::log10(peak * peak / (sum / double(count)));
}

/// Decodes every truncation and many byte-flipped copies of `stream`; the codec must return
/// (an error or an image) without crashing or hanging, and truncations must be errors once the
/// stream is cut before `last_essential` bytes from its end. Returns how many corruptions failed.
inline size_t expect_corruption_is_survived(const PixelCodec& codec, std::string_view uid,
                                            const std::vector<uint8_t>& stream, const PixelDescription& d,
                                            int rounds = 300, size_t last_essential = 2)
{
    size_t failures = 0;
    const size_t step = std::max<size_t>(1, stream.size() / 150);
    for (size_t length = 0; length + last_essential < stream.size(); length += length < 200 ? 1 : step) {
        auto out = decode_with(codec, uid, std::span(stream.data(), length), d);
        EXPECT_FALSE(out) << "decoded from " << length << " of " << stream.size() << " bytes";
        failures += !out;
    }
    uint32_t state = 77;
    for (int round = 0; round < rounds; ++round) {
        auto bad = stream;
        for (int f = 0; f < 1 + round % 3; ++f) {
            state = state * 1664525u + 1013904223u;
            // Two rounds in three hit the headers (first 200 bytes), where parsers are most exposed.
            size_t at = round % 3 == 0 ? (state >> 8) % bad.size() : (state >> 8) % std::min<size_t>(200, bad.size());
            bad[at] ^= uint8_t(1u + (state >> 24) % 255);
        }
        failures += !decode_with(codec, uid, bad, d);
    }
    return failures;
}

/// CPU time of this thread: on a shared machine wall time measures the neighbours too.
inline double thread_seconds()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) * 1e-9;
}

/// A 512x512 16-bit CT-like frame (12 bits used): a disc of tissue and bone in air, with noise.
inline std::vector<uint8_t> ct_like_frame(uint32_t seed)
{
    std::vector<uint8_t> out(512 * 512 * 2);
    uint32_t state = seed * 747796405u + 1;
    for (uint32_t y = 0; y < 512; ++y)
        for (uint32_t x = 0; x < 512; ++x) {
            state = state * 1664525u + 1013904223u;
            int noise = int((state >> 24) & 15) + int((state >> 20) & 15) + int((state >> 16) & 15) +
                        int((state >> 12) & 15) - 30;
            int dx = int(x) - 256, dy = int(y) - 256 - int(seed % 7);
            int r2 = dx * dx + dy * dy;
            int value = 24 + noise / 4;
            if (r2 < 220 * 220)
                value = 1040 + noise * 2 + (dx / 16);
            if (r2 < 40 * 40 || (dx > 60 && dx < 90 && dy > -30 && dy < 30))
                value = 2200 + noise * 3;
            store_le<uint16_t>(out.data() + 2 * (size_t(y) * 512 + x), uint16_t(std::clamp(value, 0, 4095)));
        }
    return out;
}

/// A scratch directory for one test, removed afterwards.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& name)
        : m_path(std::filesystem::temp_directory_path() /
                 ("roentgen-codecs-" + name + "-" + std::to_string(::getpid())))
    {
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
    }
    ~ScratchDir() { std::filesystem::remove_all(m_path); }
    std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

/// Runs a peer tool; the test fails (not skips) when it is missing or fails.
inline ::testing::AssertionResult run_tool(const std::string& command, const std::string& log)
{
    std::string tool = command.substr(0, command.find(' '));
    if (std::system(("command -v " + tool + " > /dev/null 2>&1").c_str()) != 0)
        return ::testing::AssertionFailure() << tool << " is not installed (scripts/install-dependencies.sh)";
    int status = std::system((command + " > " + log + " 2>&1").c_str());
    if (status != 0) {
        std::ifstream in(log);
        std::stringstream text;
        text << in.rdbuf();
        return ::testing::AssertionFailure() << command << " failed (" << status << "): " << text.str();
    }
    return ::testing::AssertionSuccess();
}

inline std::vector<uint8_t> read_bytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

inline void write_bytes(const std::string& path, std::span<const uint8_t> bytes)
{
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

/// Every frame of a Part 10 file, decoded with all codecs, one thread.
inline Result<std::vector<uint8_t>> all_frames(const std::string& path)
{
    ROENTGEN_TRY(auto file, read_part10_file(path));
    auto registry = CodecRegistry::with_all_codecs();
    return decode_all_frames(file.data_set, *file.transfer_syntax, registry, 1);
}

/// Writes `source` with every frame encoded by `codec` in `uid` (one fragment per frame, empty
/// Basic Offset Table, PS3.5 A.4), with the Photometric Interpretation and Planar Configuration
/// the encoder reports.
inline ::testing::AssertionResult write_encoded(const std::string& source, const std::string& target,
                                                const PixelCodec& codec, std::string_view uid,
                                                const EncodeOptions& options = {})
{
    auto file = read_part10_file(source);
    if (!file)
        return ::testing::AssertionFailure() << file.error().message;
    auto description = describe_pixels(file->data_set);
    if (!description)
        return ::testing::AssertionFailure() << description.error().message;
    auto registry = CodecRegistry::with_all_codecs();
    Fragments fragments;
    std::optional<Photometric> photometric;
    for (uint32_t i = 0; i < description->number_of_frames; ++i) {
        auto frame = decode_frame(file->data_set, *file->transfer_syntax, registry, i);
        if (!frame)
            return ::testing::AssertionFailure() << frame.error().message;
        auto encoded = codec.encode(uid, *frame, *description, options);
        if (!encoded)
            return ::testing::AssertionFailure() << encoded.error().message;
        photometric = encoded->photometric;
        fragments.items.push_back(BulkData::owned(std::move(encoded->bytes)));
    }
    file->data_set.set(Element(tags::PixelData, VR::OB, std::move(fragments)));
    if (description->samples_per_pixel > 1)
        file->data_set.set_string(tags::PlanarConfiguration, VR::US, std::string("\0\0", 2));
    if (photometric) {
        std::string name(photometric_name(*photometric));
        if (name.size() % 2 != 0)
            name += ' ';
        file->data_set.set_string(tags::PhotometricInterpretation, VR::CS, name);
    }
    WriteOptions write;
    write.transfer_syntax = find_transfer_syntax(uid);
    auto written = write_part10_file(*file, target, write);
    if (!written)
        return ::testing::AssertionFailure() << written.error().message;
    return ::testing::AssertionSuccess();
}

/// Native corpus images the interop tests encode: signed 16-bit CT, signed 14 of 16, 12-bit MR,
/// 12-bit multi-frame, 8-bit RGB, 16-bit RGB multi-frame, signed 16-bit 512x512 CT, 8-bit palette.
struct NativeSource {
    const char* path;
    const char* what;
    bool gdcm_writes = true; ///< false: gdcmconv refuses to write the file even uncompressed.
    bool is_signed = false;
};

inline constexpr NativeSource native_sources[] = {
    {"pydicom/test_files/CT_small.dcm", "signed 16-bit CT", true, true},
    {"pydicom-data/693_UNCR.dcm", "signed 14 of 16 bits", true, true},
    {"pydicom-data/MR2_UNCR.dcm", "12-bit MR 1024x1024"},
    {"pydicom-data/emri_small.dcm", "12-bit, 10 frames"},
    {"pydicom-data/SC_rgb.dcm", "8-bit RGB"},
    // GDCM 3.0.21's PixmapWriter rejects a multi-frame Secondary Capture ("Problem with
    // NumberOfDimensions and MediaStorage"), compressed or not.
    {"pydicom-data/SC_rgb_16bit_2frame.dcm", "16-bit RGB, 2 frames", false},
    {"fo-dicom/CT-MONO2-16-ankle", "signed 16-bit CT 512x512", true, true},
    {"pydicom-data/OBXXXX1A.dcm", "8-bit PALETTE COLOR 800x600"},
};

/// Corpus paths (MANIFEST.tsv) whose transfer syntax is `uid`.
inline std::vector<std::string> corpus_files_of(std::string_view uid)
{
    std::vector<std::string> files;
    std::ifstream manifest(testing::corpus_dir() / "MANIFEST.tsv");
    std::string line;
    while (std::getline(manifest, line)) {
        std::vector<std::string> columns;
        std::stringstream fields(line);
        std::string field;
        while (std::getline(fields, field, '\t'))
            columns.push_back(field);
        if (columns.size() > 4 && columns[4] == uid)
            files.push_back(columns[0]);
    }
    return files;
}

} // namespace roentgen::codec_testing
