// tests/pixel/jpegxl_interop_test.cpp — our JPEG XL against libjxl's own tools djxl and cjxl (no Debian DICOM tool
// reads JPEG XL), both ways, on native corpus frames and baseline JPEG frames.
#include <gtest/gtest.h>

#include <sstream>

#include "dict/generated/uids.h"
#include "pixel/codecs/jpegxl/jpegxl_codec.h"
#include "codec_test_support.h"

namespace roentgen {
namespace {

using namespace codec_testing;

/// A PGM/PPM file: maxval, then samples (big endian when maxval > 255), interleaved.
struct Pnm {
    uint32_t width = 0, height = 0, channels = 0, maxval = 0;
    std::vector<uint32_t> samples;
};

std::optional<Pnm> read_pnm(const std::vector<uint8_t>& bytes)
{
    Pnm pnm;
    std::string header(bytes.begin(), bytes.begin() + std::ptrdiff_t(std::min<size_t>(bytes.size(), 64)));
    std::istringstream in(header);
    std::string magic;
    in >> magic >> pnm.width >> pnm.height >> pnm.maxval;
    if (!in || (magic != "P5" && magic != "P6"))
        return std::nullopt;
    pnm.channels = magic == "P5" ? 1 : 3;
    size_t at = size_t(in.tellg()) + 1;
    const size_t count = size_t(pnm.width) * pnm.height * pnm.channels;
    const unsigned size = pnm.maxval > 255 ? 2 : 1;
    if (bytes.size() < at + count * size)
        return std::nullopt;
    for (size_t i = 0; i < count; ++i)
        pnm.samples.push_back(size == 1 ? bytes[at + i] : uint32_t(bytes[at + 2 * i] << 8 | bytes[at + 2 * i + 1]));
    return pnm;
}

std::vector<uint8_t> pnm_of(std::span<const uint8_t> frame, const PixelDescription& d)
{
    std::string header = std::string(d.samples_per_pixel == 3 ? "P6" : "P5") + "\n" + std::to_string(d.columns) + " " +
                         std::to_string(d.rows) + "\n" + std::to_string((1u << d.bits_stored) - 1) + "\n";
    std::vector<uint8_t> out(header.begin(), header.end());
    const uint32_t mask = (1u << d.bits_stored) - 1;
    for (size_t i = 0; i < d.pixels_per_frame() * d.samples_per_pixel; ++i) {
        uint32_t v = uint32_t(get(frame, d, i)) & mask;
        if (d.bits_stored > 8)
            out.push_back(uint8_t(v >> 8));
        out.push_back(uint8_t(v));
    }
    return out;
}

TEST(JpegXlInterop, DjxlDecodesOurLosslessStreamsToTheOriginalPixels)
{
    ScratchDir dir("jxl-encode");
    JpegXlCodec codec;
    auto registry = CodecRegistry::with_all_codecs();
    for (const auto& source : native_sources) {
        auto file = read_part10_file((testing::corpus_dir() / source.path).string());
        ASSERT_TRUE(file) << file.error().message;
        auto d = describe_pixels(file->data_set);
        ASSERT_TRUE(d);
        for (uint32_t index : {0u, d->number_of_frames - 1}) {
            SCOPED_TRACE(std::string(source.path) + " (" + source.what + ") frame " + std::to_string(index));
            auto frame = decode_frame(file->data_set, *file->transfer_syntax, registry, index);
            ASSERT_TRUE(frame) << frame.error().message;
            auto encoded = codec.encode(uids::JPEGXLLossless, *frame, *d, {});
            ASSERT_TRUE(encoded) << encoded.error().message;
            write_bytes(dir.file("ours.jxl"), encoded->bytes);
            std::string out = dir.file(d->samples_per_pixel == 3 ? "ours.ppm" : "ours.pgm");
            ASSERT_TRUE(run_tool("djxl " + dir.file("ours.jxl") + " " + out, dir.file("djxl.log")));
            auto pnm = read_pnm(read_bytes(out));
            ASSERT_TRUE(pnm);
            ASSERT_EQ(pnm->width, d->columns);
            ASSERT_EQ(pnm->height, d->rows);
            ASSERT_EQ(pnm->channels, d->samples_per_pixel);
            const uint32_t mask = (1u << d->bits_stored) - 1;
            ASSERT_EQ(pnm->maxval, mask) << "djxl declares the stored bit depth";
            size_t differences = 0;
            for (size_t i = 0; i < pnm->samples.size(); ++i) {
                // Tool quirk: djxl 0.7 declares maxval 2^bits - 1 but writes 16-bit samples scaled
                // to 0..65535 (libjxl's UINT16 output) for depths between 9 and 15 bits.
                uint32_t theirs = pnm->samples[i];
                if (d->bits_stored > 8 && d->bits_stored < 16)
                    theirs = (theirs * mask + 32767) / 65535;
                differences += theirs != (uint32_t(get(*frame, *d, i)) & mask);
            }
            EXPECT_EQ(differences, 0u);
        }
    }
}

TEST(JpegXlInterop, WeDecodeCjxlLosslessStreams)
{
    ScratchDir dir("jxl-decode");
    JpegXlCodec codec;
    // 8 and 16 bits only: cjxl 0.7 reads the samples of a PGM whose maxval is 4095 as if they
    // were scaled to 0..65535, so a 12-bit PGM comes out divided by 16 (-d 0 or not).
    for (auto d : {describe(60, 70, 1, 8, 8), describe(60, 70, 1, 16, 16), describe(60, 70, 3, 8, 8),
                   describe(60, 70, 3, 16, 16)}) {
        SCOPED_TRACE(std::to_string(d.samples_per_pixel) + " samples, " + std::to_string(d.bits_stored) + " bits");
        auto frame = synthetic(d, Pattern::Smooth);
        std::string in = dir.file(d.samples_per_pixel == 3 ? "in.ppm" : "in.pgm");
        write_bytes(in, pnm_of(frame, d));
        ASSERT_TRUE(run_tool("cjxl " + in + " " + dir.file("theirs.jxl") + " -d 0", dir.file("cjxl.log")));
        auto decoded = decode_with(codec, uids::JPEGXLLossless, read_bytes(dir.file("theirs.jxl")), d);
        ASSERT_TRUE(decoded) << decoded.error().message;
        EXPECT_TRUE(*decoded == frame);
    }
}

/// Frame 0 of a baseline JPEG corpus file, without the fragment's padding after EOI.
std::vector<uint8_t> jpeg_frame(const std::string& relative, PixelDescription& d)
{
    auto file = read_part10_file((testing::corpus_dir() / relative).string());
    EXPECT_TRUE(file);
    d = *describe_pixels(file->data_set);
    auto stored = stored_frame(file->data_set, *file->transfer_syntax, d, 0);
    EXPECT_TRUE(stored);
    std::vector<uint8_t> jpeg;
    for (auto f : stored->fragments)
        jpeg.insert(jpeg.end(), f.begin(), f.end());
    while (jpeg.size() > 2 && !(jpeg[jpeg.size() - 2] == 0xFF && jpeg[jpeg.size() - 1] == 0xD9))
        jpeg.pop_back();
    return jpeg;
}

TEST(JpegXlInterop, DjxlRebuildsTheJpegsWeRecompressAndWeDecodeCjxlRecompressions)
{
    ScratchDir dir("jxl-jpeg");
    JpegXlCodec codec;
    auto registry = CodecRegistry::with_all_codecs();
    for (const char* relative : {"pydicom/test_files/SC_rgb_dcmtk_+eb+cy+s2.dcm", "fo-dicom/GH538-jpeg1.dcm",
                                 "pylibjpeg-data/JPEGBaseline/JPEGBaseline_1s_1f_u_08_08.dcm"}) {
        SCOPED_TRACE(relative);
        PixelDescription d;
        auto jpeg = jpeg_frame(relative, d);
        auto ours = recompress_jpeg_as_jpeg_xl(jpeg);
        ASSERT_TRUE(ours) << ours.error().message;
        write_bytes(dir.file("ours.jxl"), *ours);
        ASSERT_TRUE(run_tool("djxl " + dir.file("ours.jxl") + " " + dir.file("back.jpg"), dir.file("djxl.log")));
        EXPECT_TRUE(read_bytes(dir.file("back.jpg")) == jpeg) << "djxl rebuilds the JPEG byte for byte";

        write_bytes(dir.file("in.jpg"), jpeg);
        ASSERT_TRUE(run_tool("cjxl " + dir.file("in.jpg") + " " + dir.file("theirs.jxl"), dir.file("cjxl.log")));
        auto theirs = read_bytes(dir.file("theirs.jxl"));
        auto rebuilt = reconstruct_jpeg_from_jpeg_xl(theirs);
        ASSERT_TRUE(rebuilt) << rebuilt.error().message;
        EXPECT_TRUE(*rebuilt == jpeg) << "we rebuild cjxl's recompression byte for byte";
        auto via_jxl = decode_with(codec, uids::JPEGXLJPEGRecompression, theirs, d);
        auto via_jpeg = decode_with(*registry.find(uids::JPEGBaseline8Bit), uids::JPEGBaseline8Bit, jpeg, d);
        ASSERT_TRUE(via_jxl) << via_jxl.error().message;
        ASSERT_TRUE(via_jpeg) << via_jpeg.error().message;
        EXPECT_TRUE(*via_jxl == *via_jpeg) << ".111 decodes as the .50 frame it came from";
    }
}

} // namespace
} // namespace roentgen
