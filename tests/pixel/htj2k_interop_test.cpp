// tests/pixel/htj2k_interop_test.cpp — our HTJ2K codestreams decoded by OpenJPEG's opj_decompress (no Debian DICOM
// tool reads HTJ2K), on native corpus frames.
#include <gtest/gtest.h>

#include "dict/generated/uids.h"
#include "pixel/codecs/htj2k/htj2k_codec.h"
#include "codec_test_support.h"

namespace roentgen {
namespace {

using namespace codec_testing;

/// The codestream without the fragment's trailing 0x00 pad (EOC last).
std::span<const uint8_t> without_padding(const std::vector<uint8_t>& bytes)
{
    size_t end = bytes.size();
    if (end >= 3 && bytes[end - 1] == 0x00 && bytes[end - 3] == 0xFF && bytes[end - 2] == 0xD9)
        --end;
    return std::span(bytes.data(), end);
}

/// opj_decompress's .rawl output: each component in turn, 8-bit samples or 16-bit little endian
/// ones (precision > 8), Bits Stored bits of two's complement for signed data. Compared with
/// `frame` (interleaved) in the low Bits Stored bits.
::testing::AssertionResult same_samples(const std::vector<uint8_t>& raw, std::span<const uint8_t> frame,
                                        const PixelDescription& d)
{
    const size_t pixels = d.pixels_per_frame();
    const unsigned raw_bytes = d.bits_stored > 8 ? 2 : 1;
    if (raw.size() != pixels * d.samples_per_pixel * raw_bytes)
        return ::testing::AssertionFailure() << "opj_decompress wrote " << raw.size() << " bytes";
    const uint32_t mask = (1u << d.bits_stored) - 1;
    for (unsigned c = 0; c < d.samples_per_pixel; ++c)
        for (size_t p = 0; p < pixels; ++p) {
            size_t at = c * pixels + p;
            uint32_t theirs = raw_bytes == 1 ? raw[at] : uint32_t(raw[2 * at] | raw[2 * at + 1] << 8);
            uint32_t ours = uint32_t(get(frame, d, p * d.samples_per_pixel + c));
            if ((theirs & mask) != (ours & mask))
                return ::testing::AssertionFailure() << "pixel " << p << " component " << c << ": opj_decompress "
                                                     << (theirs & mask) << ", original " << (ours & mask);
        }
    return ::testing::AssertionSuccess();
}

TEST(Htj2kInterop, OpjDecompressDecodesOurLosslessStreamsToTheOriginalPixels)
{
    ScratchDir dir("htj2k");
    Htj2kCodec codec;
    auto registry = CodecRegistry::with_all_codecs();
    for (const auto& source : native_sources) {
        auto file = read_part10_file((testing::corpus_dir() / source.path).string());
        ASSERT_TRUE(file) << file.error().message;
        auto d = describe_pixels(file->data_set);
        ASSERT_TRUE(d);
        // The first and last frames of multi-frame objects.
        for (uint32_t index : {0u, d->number_of_frames - 1}) {
            auto frame = decode_frame(file->data_set, *file->transfer_syntax, registry, index);
            ASSERT_TRUE(frame) << frame.error().message;
            for (auto uid : {uids::HTJ2KLossless, uids::HTJ2KLosslessRPCL}) {
                SCOPED_TRACE(std::string(source.path) + " (" + source.what + ") frame " + std::to_string(index) + " " +
                             std::string(uid));
                auto encoded = codec.encode(uid, *frame, *d, {});
                ASSERT_TRUE(encoded) << encoded.error().message;
                write_bytes(dir.file("ours.j2c"), without_padding(encoded->bytes));
                ASSERT_TRUE(run_tool("opj_decompress -i " + dir.file("ours.j2c") + " -o " + dir.file("ours.rawl"),
                                     dir.file("opj_decompress.log")));
                EXPECT_TRUE(same_samples(read_bytes(dir.file("ours.rawl")), *frame, *d));
            }
        }
    }
}

} // namespace
} // namespace roentgen
