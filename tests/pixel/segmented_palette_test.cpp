// tests/pixel/segmented_palette_test.cpp — segmented palette colour LUTs (PS3.3 C.7.9.2) expanded as pydicom expands them.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "codec_test_support.h"
#include "dict/generated/tags.h"
#include "encoding/part10_file.h"
#include "pixel/pixel_syntax.h"
#include "pixel/render.h"
#include "pixel/rendering/lookup_table.h"
#include "support/corpus.h"

namespace roentgen {
namespace {

using namespace codec_testing;
using testing::corpus_dir;

class SegmentedPalette : public ::testing::TestWithParam<const char*> {};

// DCMTK 3.6.7 cannot render these ("segmented palettes not yet supported"), so pydicom 2.3's
// _expand_segmented_lut is the reference.
TEST_P(SegmentedPalette, ExpandsAsPydicomDoes)
{
    std::string path = (corpus_dir() / GetParam()).string();
    ScratchDir scratch("segmented");
    ASSERT_TRUE(run_tool("/usr/bin/python3 " + std::string(ROENTGEN_SOURCE_DIR) +
                             "/tests/pixel/segmented_palette_expand.py '" + path + "'",
                         scratch.file("log")));
    // run_tool keeps the script's output in the log.
    std::ifstream in(scratch.file("log"));
    auto file = read_part10_file(path);
    ASSERT_TRUE(file) << file.error().message;
    const Tag channels[] = {tags::SegmentedRedPaletteColorLookupTableData,
                            tags::SegmentedGreenPaletteColorLookupTableData,
                            tags::SegmentedBluePaletteColorLookupTableData};
    for (Tag tag : channels) {
        std::string line;
        ASSERT_TRUE(std::getline(in, line)) << to_string(tag);
        std::istringstream numbers(line);
        std::vector<uint16_t> expected;
        for (unsigned value; numbers >> value;)
            expected.push_back(uint16_t(value));
        const Element* element = file->data_set.find(tag);
        ASSERT_NE(element, nullptr);
        auto descriptor = file->data_set.find(tags::RedPaletteColorLookupTableDescriptor);
        ASSERT_NE(descriptor, nullptr);
        bool byte_values = descriptor->bytes().size() == 6 && descriptor->bytes()[4] == 8;
        auto values = byte_values ? element_byte_values(*element) : element_words(*element);
        ASSERT_TRUE(values);
        auto expanded = expand_segmented_lut(*values, 65536, byte_values);
        ASSERT_TRUE(expanded) << expanded.error().message;
        EXPECT_EQ(*expanded, expected) << to_string(tag);
    }
}

INSTANTIATE_TEST_SUITE_P(Corpus, SegmentedPalette,
                         ::testing::Values("pydicom/palettes/fall.dcm", "pydicom/palettes/spring.dcm",
                                           "pydicom-data/gdcm-US-ALOKA-16.dcm"));

TEST(SegmentedPalette, RendersTheAlokaImageThroughItsExpandedTables)
{
    std::string path = (corpus_dir() / "pydicom-data/gdcm-US-ALOKA-16.dcm").string();
    auto file = read_part10_file(path);
    ASSERT_TRUE(file) << file.error().message;
    auto codecs = CodecRegistry::with_all_codecs();
    auto image = render_frame(file->data_set, pixel_data_syntax(*file), codecs, {});
    ASSERT_TRUE(image) << image.error().message;
    EXPECT_EQ(image->channels, 3);
    size_t colourful = 0;
    for (size_t i = 0; i + 2 < image->samples.size(); i += 3)
        colourful += image->samples[i] != image->samples[i + 1] || image->samples[i] != image->samples[i + 2];
    EXPECT_GT(colourful, 0u);
}

TEST(SegmentedPalette, BadSegmentsAreErrors)
{
    std::vector<uint16_t> linear_first = {1, 4, 100};
    EXPECT_FALSE(expand_segmented_lut(linear_first, 256));
    std::vector<uint16_t> unknown = {0, 1, 5, 7, 1, 0};
    EXPECT_FALSE(expand_segmented_lut(unknown, 256));
    std::vector<uint16_t> discrete_past_end = {0, 10, 1, 2};
    EXPECT_FALSE(expand_segmented_lut(discrete_past_end, 256));
    std::vector<uint16_t> too_long = {0, 1, 0, 1, 60000, 9};
    EXPECT_FALSE(expand_segmented_lut(too_long, 256));
    std::vector<uint16_t> self_indirect = {0, 1, 5, 2, 1, 3, 0};
    EXPECT_FALSE(expand_segmented_lut(self_indirect, 65536));
    std::vector<uint16_t> good = {0, 2, 0, 10, 1, 2, 20};
    auto expanded = expand_segmented_lut(good, 256);
    ASSERT_TRUE(expanded);
    EXPECT_EQ(*expanded, (std::vector<uint16_t>{0, 10, 15, 20}));
}

}  // namespace
}  // namespace roentgen
