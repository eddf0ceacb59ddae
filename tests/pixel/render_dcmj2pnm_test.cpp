// tests/pixel/render_dcmj2pnm_test.cpp — rendered corpus frames against DCMTK dcmj2pnm with the same window, ±1 per sample.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <sstream>

#include "codec_test_support.h"
#include "encoding/part10_file.h"
#include "pixel/pixel_syntax.h"
#include "pixel/render.h"
#include "support/corpus.h"

namespace roentgen {
namespace {

using namespace codec_testing;
using testing::corpus_dir;

struct Pnm {
    uint32_t width = 0, height = 0, channels = 1, max_value = 0;
    std::vector<uint32_t> samples;
};

/// Reads binary (P5/P6) and ASCII (P2/P3) PGM/PPM, as dcmj2pnm writes them (+op, +opw).
bool read_pnm(const std::string& path, Pnm& pnm)
{
    std::ifstream in(path, std::ios::binary);
    std::string magic;
    in >> magic;
    auto next_number = [&in]() -> uint32_t {
        in >> std::ws;
        while (in.peek() == '#') {
            std::string comment;
            std::getline(in, comment);
            in >> std::ws;
        }
        uint32_t value = 0;
        in >> value;
        return value;
    };
    if (magic != "P2" && magic != "P3" && magic != "P5" && magic != "P6")
        return false;
    pnm.channels = magic == "P3" || magic == "P6" ? 3 : 1;
    pnm.width = next_number();
    pnm.height = next_number();
    pnm.max_value = next_number();
    size_t count = size_t(pnm.width) * pnm.height * pnm.channels;
    pnm.samples.resize(count);
    if (magic == "P2" || magic == "P3") {
        for (auto& sample : pnm.samples)
            sample = next_number();
        return bool(in);
    }
    in.get();  // the single whitespace after the header
    for (auto& sample : pnm.samples) {
        sample = uint32_t(in.get());
        if (pnm.max_value > 255)
            sample = sample << 8 | uint32_t(in.get());
    }
    return bool(in);
}

struct RenderCase {
    const char* path;
    const char* dcmtk_options;  ///< dcmj2pnm options choosing the same window, frame and overlays.
    RenderOptions options;
    const char* tool = "dcmj2pnm";
    /// Largest difference allowed per sample. 1, except native YBR_FULL, where DCMTK's YBR to RGB
    /// conversion lands up to 2 away from the PS3.3 C.7.6.3.1.2 equations evaluated in floating
    /// point and rounded once, as we do (measured on SC_ybr_full_uncompressed.dcm).
    uint32_t tolerance = 1;
};

RenderOptions with_window(double center, double width)
{
    RenderOptions options;
    options.window = VoiWindow{center, width};
    return options;
}

RenderOptions min_max()
{
    RenderOptions options;
    options.min_max_window = true;
    return options;
}

RenderOptions voi_lut(uint32_t index)
{
    RenderOptions options;
    options.voi_lut = index;
    return options;
}

RenderOptions with_function(RenderOptions options, VoiFunction function)
{
    options.function = function;
    return options;
}

RenderOptions sixteen_bits(RenderOptions options)
{
    options.bits = 16;
    return options;
}

RenderOptions overlays(RenderOptions options)
{
    options.overlays = true;
    return options;
}

RenderOptions frame(uint32_t index)
{
    RenderOptions options;
    options.frame = index;
    return options;
}

const RenderCase render_cases[] = {
    // Grayscale: the image's first window (DCMTK +Wi 1), an explicit window, minimum to maximum.
    // CT_small has no window: the default falls back to minimum to maximum.
    {"pydicom/test_files/CT_small.dcm", "+Wm", {}},
    {"pydicom/test_files/CT_small.dcm", "+Ww 40 400", with_window(40, 400)},
    {"pydicom/test_files/CT_small.dcm", "+Wm +opw", sixteen_bits({})},
    {"pydicom/test_files/MR_small.dcm", "+Wi 1", {}},
    {"pydicom/test_files/MR_small.dcm", "+Wm", min_max()},
    {"pydicom/test_files/MR_small_bigendian.dcm", "+Wm", min_max()},
    {"pydicom/test_files/MR_small.dcm", "+Wi 1 +opw", sixteen_bits({})},
    {"pydicom-data/MR-SIEMENS-DICOM-WithOverlays.dcm", "+Wi 1", {}},
    {"dcm4che/assembly-testdata/MR01.dcm", "+Wi 1", {}},
    // MONOCHROME1, native and compressed (JPEG lossless, RLE, JPEG-LS).
    {"fo-dicom/CR-MONO1-10-chest", "+Wi 1", {}},
    {"robyoung-dicom-test-files/WG04/REF/RG3_UNC", "+Wi 1", {}},
    {"wearemothership-dicom-test-files/medical.nema.org/compsamples_jpeg/IMAGES/JPLL/RG3_JPLL", "+Wi 1", {}},
    {"wearemothership-dicom-test-files/medical.nema.org/compsamples_rle_20040210/IMAGES/RLE/RG3_RLE", "+Wi 1", {}},
    {"wearemothership-dicom-test-files/medical.nema.org/compsamples_jpegls/IMAGES/JLSL/RG3_JLSL", "+Wi 1", {},
     "dcml2pnm"},
    {"pydicom/test_files/dicomdirtests/77654033/CR1/6154", "+Wi 1", {}},
    // VOI LUT Function SIGMOID from the file, the VOI LUT Sequence, LINEAR_EXACT.
    {"fo-dicom/GH133.dcm", "+Wi 1", {}},
    {"fo-dicom/GH133.dcm", "+Wl 1", voi_lut(0)},
    {"pydicom/test_files/CT_small.dcm", "+Ww 40 400 +Wfs", with_function(with_window(40, 400), VoiFunction::Sigmoid)},
    // Modality LUT Sequence, then minimum to maximum.
    {"pydicom-data/mlut_18.dcm", "+Wm", {}},
    // Colour: RGB, YBR_FULL, YBR_FULL_422 (native and JPEG), palette. No window applies to colour,
    // so both sides run with their defaults (no DCMTK options, default RenderOptions).
    {"pydicom-data/SC_rgb.dcm", "", {}},
    {"pydicom-data/SC_rgb_16bit.dcm", "", {}},
    {"pydicom-data/SC_ybr_full_uncompressed.dcm", "", {}, "dcmj2pnm", 2},
    {"pydicom/test_files/SC_ybr_full_422_uncompressed.dcm", "", {}},
    {"pydicom/test_files/SC_rgb_jpeg_dcmtk.dcm", "", {}},
    {"pydicom/test_files/SC_rgb_rle.dcm", "", {}},
    {"pydicom-data/OBXXXX1A.dcm", "", {}},
    {"pydicom-data/OT-PAL-8-face.dcm", "", {}},
    // Segmented palettes: DCMTK 3.6.7 does not support them ("segmented palettes not yet
    // supported"); SegmentedPalette.* compares their expansion with pydicom instead.
    {"dcm4che/test-data/US-PAL-8-10x-echo", "+F 4", frame(3)},
    // Overlays burned in (DCMTK shows all overlays by default).
    {"pydicom/test_files/examples_overlay.dcm", "+Wi 1 +O 0", overlays({})},
    {"pydicom-data/MR-SIEMENS-DICOM-WithOverlays.dcm", "+Wi 1 +O 0", overlays({})},
};

std::string shell_quote(const std::string& text)
{
    return "'" + text + "'";
}

class RenderMatchesDcmj2pnm : public ::testing::TestWithParam<RenderCase> {};

TEST_P(RenderMatchesDcmj2pnm, WithinOnePerSample)
{
    const RenderCase& c = GetParam();
    std::string path = (corpus_dir() / c.path).string();
    ScratchDir scratch("render");
    std::string pnm_path = scratch.file("dcmtk.pnm");
    std::string options = c.dcmtk_options;
    bool has_overlay_option = options.find("+O") != std::string::npos;
    std::string command = std::string(c.tool) + " " + options + (has_overlay_option ? "" : " -O") +
                          (options.find("+opw") == std::string::npos ? " +op " : " ") + shell_quote(path) + " " +
                          shell_quote(pnm_path);
    ASSERT_TRUE(run_tool(command, scratch.file("log")));
    Pnm reference;
    ASSERT_TRUE(read_pnm(pnm_path, reference)) << pnm_path;

    auto file = read_part10_file(path);
    ASSERT_TRUE(file) << file.error().message;
    auto codecs = CodecRegistry::with_all_codecs();
    auto image = render_frame(file->data_set, pixel_data_syntax(*file), codecs, c.options);
    ASSERT_TRUE(image) << image.error().message;
    ASSERT_EQ(image->width, reference.width);
    ASSERT_EQ(image->height, reference.height);
    ASSERT_EQ(image->channels, reference.channels);
    ASSERT_EQ((1u << image->bits) - 1, reference.max_value);
    size_t beyond_one = 0;
    uint32_t worst = 0;
    size_t worst_index = 0;
    for (size_t i = 0; i < reference.samples.size(); ++i) {
        uint32_t difference = uint32_t(std::abs(int64_t(image->samples[i]) - int64_t(reference.samples[i])));
        if (difference > c.tolerance)
            ++beyond_one;
        if (difference > worst)
            worst = difference, worst_index = i;
    }
    EXPECT_EQ(beyond_one, 0u) << "samples differing by more than " << c.tolerance << ": " << c.path << " (" << command << "): worst difference " << worst << " at sample "
                              << worst_index << " (ours " << image->samples[worst_index] << ", DCMTK "
                              << reference.samples[worst_index] << ")";
}

std::string case_name(const ::testing::TestParamInfo<RenderCase>& info)
{
    std::string name = std::to_string(info.index) + "_" + std::string(info.param.path);
    for (char& ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch)))
            ch = '_';
    return name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, RenderMatchesDcmj2pnm, ::testing::ValuesIn(render_cases), case_name);

}  // namespace
}  // namespace roentgen
