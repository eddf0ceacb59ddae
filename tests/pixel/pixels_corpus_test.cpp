// tests/pixel/pixels_corpus_test.cpp — decoded pixels of every corpus file with a codec hash to ref/pixels.tsv.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "dict/generated/uids.h"
#include "encoding/part10_file.h"
#include "pixel/codec_registry.h"
#include "pixel/frames.h"
#include "pixel/pixel_syntax.h"
#include "support/corpus.h"
#include "support/sha256.h"

namespace roentgen {
namespace {

using testing::corpus_dir;

/// One row of ref/pixels.tsv (see the corpus README).
struct Reference {
    std::string path, dtype, shape, sha256, decoder;
    double min = 0, max = 0, mean = 0;
    std::string out_photometric, crosscheck, notes;
};

std::vector<std::string> split_tabs(const std::string& line)
{
    std::vector<std::string> fields;
    std::stringstream stream(line);
    std::string field;
    while (std::getline(stream, field, '\t'))
        fields.push_back(field);
    if (!line.empty() && line.back() == '\t')
        fields.emplace_back();
    return fields;
}

std::vector<Reference> read_references()
{
    std::vector<Reference> rows;
    std::ifstream tsv(corpus_dir() / "ref" / "pixels.tsv");
    std::string line;
    std::getline(tsv, line);  // header
    while (std::getline(tsv, line)) {
        auto f = split_tabs(line);
        f.resize(11);
        Reference r{f[0], f[1], f[2], f[3], f[4]};
        r.min = f[5].empty() ? 0 : std::stod(f[5]);
        r.max = f[6].empty() ? 0 : std::stod(f[6]);
        r.mean = f[7].empty() ? 0 : std::stod(f[7]);
        r.out_photometric = f[8];
        r.crosscheck = f[9];
        r.notes = f[10];
        rows.push_back(std::move(r));
    }
    return rows;
}

/// Rows whose reference cannot be matched, with the reason and what we check instead.
enum class Expect { DecodeError, NotCompared, OtherHash };
struct Exception {
    Expect expect;
    std::string reason;
    std::string sha256;  ///< Expect::OtherHash: what we must produce instead.
};
const std::map<std::string, Exception> exceptions = {
    {"fo-dicom/GH1376.dcm",
     {Expect::DecodeError, "Pixel Data holds 1340284 bytes, the attributes need 9287460; the reference has no hash "
                           "on purpose (corpus README): decoding must fail"}},
    {"pydicom/test_files/MR_truncated.dcm",
     {Expect::DecodeError,
      "Pixel Data truncated (8130 of 8192 bytes); no reference hash: reading or decoding must fail"}},
    {"pydicom/test_files/badVR.dcm",
     {Expect::NotCompared, "pydicom fails on this file; the reference is GDCM's raw 400-byte buffer (dtype "
                           "\"uint32\", shape \"400 bytes\"), not an array in the README's layout"}},
    // 8-bit samples in OW under Explicit VR Big Endian are bytes of 16-bit words (PS3.5 7.3, 8.1.1),
    // so a reader swaps each word; pydicom 2.3.1 keeps the file's byte order for 8-bit data.
    {"pydicom-data/OBXXXX1A_expb.dcm",
     {Expect::OtherHash, "reference wrong: pydicom 2.3.1 does not swap the words of 8-bit OW data under big "
                         "endian; swapped, the pixels equal the little-endian twin OBXXXX1A.dcm, as DCMTK "
                         "(dcmconv +te) and GDCM also read them",
      "48abdc16b5064b61cf5960f7056756fc97f4547186e88b3bbcc1ebc2a66e6ca7"}},
    {"robyoung-dicom-test-files/pydicom/OBXXXX1A_expb.dcm",
     {Expect::OtherHash, "an older copy of pydicom-data's file whose writer did not swap 8-bit OW words; "
                         "pydicom 2.3.1's missing swap happens to give the twin's pixels. Read per PS3.5 "
                         "7.3 (as DCMTK dcmconv +te does) the pixels are the word-swapped ones",
      "db744ef15b51bd3428679316358daf3ac7b26370643e79080059563a106ea63c"}},
};

/// Syntaxes whose decoders may legitimately differ (corpus README): compared by statistics.
const std::set<std::string_view> lossy_syntaxes = {
    uids::JPEGBaseline8Bit, uids::JPEGExtended12Bit, uids::JPEGLSNearLossless, uids::JPEG2000,
    "1.2.840.10008.1.2.4.93" /* JPEG 2000 Part 2 */, "1.2.840.10008.1.2.4.203" /* HTJ2K */,
    "1.2.840.10008.1.2.4.111" /* JPEG XL JPEG recompression */, "1.2.840.10008.1.2.4.112" /* JPEG XL */,
};

std::string numpy_dtype(const PixelDescription& d)
{
    if (d.kind == PixelDataKind::Float)
        return "f4";
    if (d.kind == PixelDataKind::DoubleFloat)
        return "f8";
    return std::string(d.is_signed && d.bits_allocated != 1 ? "i" : "u") + std::to_string(d.bytes_per_sample());
}

/// (frames, rows, columns, samples) with axes of length 1 dropped, as "AxBxC".
std::string numpy_shape(const PixelDescription& d)
{
    std::string shape;
    for (uint64_t axis : {uint64_t(d.number_of_frames), uint64_t(d.rows), uint64_t(d.columns),
                          uint64_t(d.samples_per_pixel)})
        if (axis != 1)
            shape += (shape.empty() ? "" : "x") + std::to_string(axis);
    return shape;
}

struct Stats {
    double min = 0, max = 0, mean = 0;
};

Stats statistics(const std::vector<uint8_t>& bytes, const std::string& dtype)
{
    Stats s{INFINITY, -INFINITY, 0};
    size_t size = size_t(dtype[1] - '0');
    size_t count = bytes.size() / size;
    double sum = 0;
    for (size_t i = 0; i < count; ++i) {
        const uint8_t* p = bytes.data() + i * size;
        double v = 0;
        if (dtype == "u1") v = p[0];
        else if (dtype == "i1") v = int8_t(p[0]);
        else if (dtype == "u2") v = uint16_t(p[0] | p[1] << 8);
        else if (dtype == "i2") v = int16_t(uint16_t(p[0] | p[1] << 8));
        else if (dtype == "u4" || dtype == "i4" || dtype == "f4") {
            uint32_t u;
            std::memcpy(&u, p, 4);
            float f;
            std::memcpy(&f, p, 4);
            v = dtype == "u4" ? double(u) : dtype == "i4" ? double(int32_t(u)) : double(f);
        } else {
            double d;
            std::memcpy(&d, p, 8);
            v = d;
        }
        s.min = std::min(s.min, v);
        s.max = std::max(s.max, v);
        sum += v;
    }
    s.mean = count ? sum / double(count) : 0;
    return s;
}

/// YCbCr (full range) to RGB as libjpeg does it (JFIF, ITU-T T.871), for the one reference that
/// DCMTK decoded to RGB (`out_photometric` RGB for a YBR_* file).
void ybr_to_rgb(std::vector<uint8_t>& pixels)
{
    for (size_t i = 0; i + 2 < pixels.size(); i += 3) {
        double y = pixels[i], cb = pixels[i + 1] - 128.0, cr = pixels[i + 2] - 128.0;
        auto clamp = [](double v) { return uint8_t(std::clamp(std::lround(v), 0L, 255L)); };
        pixels[i] = clamp(y + 1.402 * cr);
        pixels[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
        pixels[i + 2] = clamp(y + 1.772 * cb);
    }
}

/// The tolerance for lossy syntaxes, as fractions of the reference's value range R = max - min:
/// |min - ref.min| and |max - ref.max| <= 0.02 R + 1, |mean - ref.mean| <= 0.005 R + 0.5. IDCT and
/// colour-conversion rounding move single pixels by a few units and the mean by well under one.
bool within_tolerance(const Stats& ours, const Reference& ref, std::string& detail)
{
    double range = std::max(1.0, ref.max - ref.min);
    double extreme = 0.02 * range + 1, mean = 0.005 * range + 0.5;
    std::ostringstream text;
    text << "min " << ours.min << " vs " << ref.min << ", max " << ours.max << " vs " << ref.max << ", mean "
         << ours.mean << " vs " << ref.mean << " (bounds " << extreme << ", " << mean << ")";
    detail = text.str();
    return std::abs(ours.min - ref.min) <= extreme && std::abs(ours.max - ref.max) <= extreme &&
           std::abs(ours.mean - ref.mean) <= mean;
}

struct Counts {
    int exact = 0, tolerance = 0, failed = 0, exception = 0, no_codec = 0;
};

TEST(PixelsCorpus, DecodedPixelsMatchTheReferences)
{
    auto references = read_references();
    ASSERT_GT(references.size(), 250u);
    auto codecs = CodecRegistry::with_all_codecs();
    std::map<std::string, Counts> counts;  // by transfer syntax UID
    std::set<std::string> exceptions_seen;
    for (const auto& ref : references) {
        SCOPED_TRACE(ref.path);
        auto file = read_part10_file((corpus_dir() / ref.path).string());
        auto exception = exceptions.find(ref.path);
        if (!file) {
            ASSERT_NE(exception, exceptions.end()) << "unreadable: " << file.error().message;
            EXPECT_EQ(exception->second.expect, Expect::DecodeError) << file.error().message;
            exceptions_seen.insert(ref.path);
            ++counts["(unreadable)"].exception;
            continue;
        }
        const TransferSyntax& pixel_syntax = pixel_data_syntax(*file);
        std::string syntax(pixel_syntax.uid);
        auto& count = counts[syntax];
        if (pixel_syntax.encapsulated && !codecs.find(syntax)) {
            ++count.no_codec;
            continue;
        }
        auto decoded = decode_all_frames(file->data_set, pixel_syntax, codecs);
        if (exception != exceptions.end()) {
            exceptions_seen.insert(ref.path);
            ++count.exception;
            if (exception->second.expect == Expect::DecodeError) {
                EXPECT_FALSE(decoded) << "decoded although " << exception->second.reason;
            } else if (exception->second.expect == Expect::OtherHash) {
                ASSERT_TRUE(decoded) << decoded.error().message;
                EXPECT_EQ(testing::sha256_hex(*decoded), exception->second.sha256) << exception->second.reason;
            }
            continue;
        }
        if (!decoded) {
            ADD_FAILURE() << "decode failed: " << decoded.error().message;
            ++count.failed;
            continue;
        }
        auto description = describe_pixels(file->data_set);
        ASSERT_TRUE(description);
        bool ok = true;
        std::string dtype = numpy_dtype(*description);
        EXPECT_EQ(dtype, ref.dtype) << "dtype";
        EXPECT_EQ(numpy_shape(*description), ref.shape) << "shape";
        ok = dtype == ref.dtype && numpy_shape(*description) == ref.shape;
        if (ok && testing::sha256_hex(*decoded) == ref.sha256) {
            ++count.exact;
            continue;
        }
        if (ok && lossy_syntaxes.contains(syntax)) {
            if (ref.out_photometric == "RGB" && description->photometric_text.starts_with("YBR") &&
                description->samples_per_pixel == 3 && description->bits_allocated == 8)
                ybr_to_rgb(*decoded);
            std::string detail;
            if (within_tolerance(statistics(*decoded, ref.dtype), ref, detail)) {
                ++count.tolerance;
                continue;
            }
            ADD_FAILURE() << "lossy decode outside tolerance: " << detail;
        } else if (ok) {
            auto stats = statistics(*decoded, ref.dtype);
            ADD_FAILURE() << "sha256 differs (ours min " << stats.min << " max " << stats.max << " mean "
                          << stats.mean << "; reference " << ref.min << " " << ref.max << " " << ref.mean << ")";
        }
        ++count.failed;
    }
    for (const auto& [path, exception] : exceptions)
        EXPECT_TRUE(exceptions_seen.contains(path)) << path << " is listed as an exception but was not met";
    std::cout << "transfer syntax               exact  tolerance  failed  exception  no codec\n";
    for (const auto& [syntax, c] : counts)
        std::cout << std::left << std::setw(30) << syntax << std::right << std::setw(5) << c.exact << std::setw(11)
                  << c.tolerance << std::setw(8) << c.failed << std::setw(11) << c.exception << std::setw(10)
                  << c.no_codec << "\n";
}

}  // namespace
}  // namespace roentgen
