// tests/pixel/render_test.cpp — the display pipeline on small synthetic images: each PS3.3 C.11 step, overlays, size, PNG.
#include <gtest/gtest.h>

#include <cmath>

#include "dict/generated/tags.h"
#include "model/element_values.h"
#include "pixel/image_file.h"
#include "pixel/render.h"

namespace roentgen {
namespace {

std::string us(std::vector<int64_t> values) { return encode_integers(VR::US, values); }

/// A 16-bit, 12 stored, one-row grayscale image of `values`.
DataSet grayscale(std::vector<int64_t> values, const char* photometric = "MONOCHROME2", bool is_signed = false)
{
    DataSet d;
    d.set(Element(tags::SamplesPerPixel, VR::US, us({1})));
    d.set(Element(tags::PhotometricInterpretation, VR::CS, std::string(photometric)));
    d.set(Element(tags::Rows, VR::US, us({1})));
    d.set(Element(tags::Columns, VR::US, us({int64_t(values.size())})));
    d.set(Element(tags::BitsAllocated, VR::US, us({16})));
    d.set(Element(tags::BitsStored, VR::US, us({12})));
    d.set(Element(tags::HighBit, VR::US, us({11})));
    d.set(Element(tags::PixelRepresentation, VR::US, us({is_signed ? 1 : 0})));
    for (auto& v : values)
        v &= 0xFFFF;
    d.set(Element(tags::PixelData, VR::OW, encode_integers(VR::OW, values)));
    return d;
}

std::vector<uint16_t> render(const DataSet& d, RenderOptions options = {})
{
    auto description = describe_pixels(d);
    EXPECT_TRUE(description);
    auto image = render_decoded_frame(d, *description, d.find(tags::PixelData)->bytes(), options);
    EXPECT_TRUE(image) << (image ? "" : image.error().message);
    return image ? image->samples : std::vector<uint16_t>{};
}

TEST(Render, LinearWindowFollowsPs3_3_C_11_2_1_2)
{
    auto d = grayscale({0, 100, 149, 150, 199, 200, 250, 300});
    d.set(Element(tags::WindowCenter, VR::DS, std::string("200 ")));
    d.set(Element(tags::WindowWidth, VR::DS, std::string("101 ")));
    // x <= c - 0.5 - (w-1)/2 = 149.5: 0; x > c - 0.5 + (w-1)/2 = 249.5: 255; else ((x - 199.5)/100 + 0.5) * 255.
    EXPECT_EQ(render(d), (std::vector<uint16_t>{0, 0, 0, 1, 126, 129, 255, 255}));
}

TEST(Render, LinearExactAndSigmoid)
{
    auto d = grayscale({0, 100, 150, 200});
    RenderOptions options;
    options.window = VoiWindow{100, 100};
    options.function = VoiFunction::LinearExact;
    EXPECT_EQ(render(d, options), (std::vector<uint16_t>{0, 128, 255, 255}));  // x <= 50: 0, x > 150: 255, else ((x - c)/w + 0.5) * 255
    options.function = VoiFunction::Sigmoid;
    auto sigmoid = render(d, options);
    for (size_t i = 0; i < 4; ++i) {
        double x = std::vector<double>{0, 100, 150, 200}[i];
        EXPECT_EQ(sigmoid[i], std::lround(255 / (1 + std::exp(-4 * (x - 100) / 100)))) << i;
    }
    d.set(Element(tags::VOILUTFunction, VR::CS, std::string("LINEAR_EXACT")));
    options.function.reset();
    EXPECT_EQ(render(d, options), (std::vector<uint16_t>{0, 128, 255, 255}));  // the file's function
}

TEST(Render, RescaleThenMinMaxWhenNoWindow)
{
    auto d = grayscale({10, 20, 30});
    d.set(Element(tags::RescaleSlope, VR::DS, std::string("2 ")));
    d.set(Element(tags::RescaleIntercept, VR::DS, std::string("-1000 ")));
    EXPECT_EQ(render(d), (std::vector<uint16_t>{0, 128, 255}));
    RenderOptions options;
    options.window = VoiWindow{-960, 40};  // rescaled values -980, -960, -940
    EXPECT_EQ(render(d, options), (std::vector<uint16_t>{0, 131, 255}));  // ((0.5 / 39) + 0.5) * 255
    options.modality_lut = false;  // stored values 10..30 are all above the window
    EXPECT_EQ(render(d, options), (std::vector<uint16_t>{255, 255, 255}));
}

TEST(Render, SignedValuesUseBitsStored)
{
    auto d = grayscale({-2048, 0, 2047}, "MONOCHROME2", true);
    // Stored in 16 bits with the top 4 bits set for -2048 (0xF800): 12 stored bits are read.
    EXPECT_EQ(render(d), (std::vector<uint16_t>{0, 128, 255}));
}

TEST(Render, Monochrome1AndInverseShapeInvert)
{
    auto d = grayscale({0, 4095}, "MONOCHROME1");
    EXPECT_EQ(render(d), (std::vector<uint16_t>{255, 0}));
    auto inverse = grayscale({0, 4095});
    inverse.set(Element(tags::PresentationLUTShape, VR::CS, std::string("INVERSE ")));
    EXPECT_EQ(render(inverse), (std::vector<uint16_t>{255, 0}));
    RenderOptions options;
    options.invert = false;
    EXPECT_EQ(render(d, options), (std::vector<uint16_t>{0, 255}));
    options.bits = 16;
    EXPECT_EQ(render(d, options), (std::vector<uint16_t>{0, 65535}));
}

TEST(Render, ModalityAndVoiLutSequences)
{
    auto d = grayscale({0, 1, 2, 3});
    DataSet modality;
    modality.set(Element(tags::LUTDescriptor, VR::US, us({3, 1, 16})));  // inputs 1..3
    modality.set(Element(tags::LUTData, VR::OW, us({100, 300, 200})));
    Sequence sequence;
    sequence.items.push_back(Item{std::move(modality), LengthEncoding::Undefined});
    d.set(Element(tags::ModalityLUTSequence, VR::SQ, std::move(sequence)));
    // 0 maps to the first entry (100): values 100, 100, 300, 200 -> min-max 100..300.
    EXPECT_EQ(render(d), (std::vector<uint16_t>{0, 0, 255, 128}));

    DataSet voi;
    voi.set(Element(tags::LUTDescriptor, VR::US, us({2, 200, 8})));
    voi.set(Element(tags::LUTData, VR::OW, us({50, 250})));
    Sequence voi_sequence;
    voi_sequence.items.push_back(Item{std::move(voi), LengthEncoding::Undefined});
    d.set(Element(tags::VOILUTSequence, VR::SQ, std::move(voi_sequence)));
    // 100 -> below the first input (200): entry 50; 300 -> past the last: 250; 200 -> 50.
    EXPECT_EQ(render(d), (std::vector<uint16_t>{50, 50, 250, 50}));
}

TEST(Render, BadLutsAndWindowsAreErrors)
{
    auto d = grayscale({0, 1});
    DataSet modality;
    modality.set(Element(tags::LUTDescriptor, VR::US, us({4, 0})));  // two values, not three
    modality.set(Element(tags::LUTData, VR::OW, us({1, 2, 3, 4})));
    Sequence sequence;
    sequence.items.push_back(Item{std::move(modality), LengthEncoding::Undefined});
    d.set(Element(tags::ModalityLUTSequence, VR::SQ, std::move(sequence)));
    auto description = describe_pixels(d);
    ASSERT_TRUE(description);
    auto image = render_decoded_frame(d, *description, d.find(tags::PixelData)->bytes(), {});
    ASSERT_FALSE(image);
    EXPECT_NE(image.error().message.find("(0028,3002)"), std::string::npos) << image.error().message;

    auto plain = grayscale({0, 1});
    RenderOptions options;
    options.window = VoiWindow{0, 0.5};
    auto narrow = render_decoded_frame(plain, *describe_pixels(plain), plain.find(tags::PixelData)->bytes(), options);
    ASSERT_FALSE(narrow);
    EXPECT_NE(narrow.error().message.find("below 1"), std::string::npos) << narrow.error().message;
    auto short_frame = render_decoded_frame(plain, *describe_pixels(plain), {}, {});
    EXPECT_FALSE(short_frame);
}

TEST(Render, OverlayPlaneIsBurnedInAtItsOrigin)
{
    auto d = grayscale({0, 0, 0, 0, 0, 0, 0, 0});
    d.set(Element(Tag(0x6000, 0x0010), VR::US, us({1})));
    d.set(Element(Tag(0x6000, 0x0011), VR::US, us({4})));
    d.set(Element(Tag(0x6000, 0x0050), VR::SS, encode_integers(VR::SS, {1, 3})));  // row 1, column 3
    d.set(Element(Tag(0x6000, 0x0100), VR::US, us({1})));
    d.set(Element(Tag(0x6000, 0x0102), VR::US, us({0})));
    d.set(Element(Tag(0x6000, 0x3000), VR::OW, std::string("\x05\x00", 2)));  // bits 0 and 2 of 4
    RenderOptions options;
    options.window = VoiWindow{5000, 100};
    EXPECT_EQ(render(d, options), (std::vector<uint16_t>(8, 0)));
    options.overlays = true;
    EXPECT_EQ(render(d, options), (std::vector<uint16_t>{0, 0, 255, 0, 255, 0, 0, 0}));
}

TEST(Render, FitsWithinTheSizeByAveraging)
{
    auto d = grayscale({0, 4095, 0, 4095});
    RenderOptions options;
    options.max_width = 2;
    auto description = describe_pixels(d);
    auto image = render_decoded_frame(d, *description, d.find(tags::PixelData)->bytes(), options);
    ASSERT_TRUE(image);
    EXPECT_EQ(image->width, 2u);
    EXPECT_EQ(image->height, 1u);
    EXPECT_EQ(image->samples, (std::vector<uint16_t>{128, 128}));
}

TEST(Render, RgbAndYbrFull)
{
    DataSet d;
    d.set(Element(tags::SamplesPerPixel, VR::US, us({3})));
    d.set(Element(tags::PhotometricInterpretation, VR::CS, std::string("YBR_FULL")));
    d.set(Element(tags::Rows, VR::US, us({1})));
    d.set(Element(tags::Columns, VR::US, us({2})));
    d.set(Element(tags::BitsAllocated, VR::US, us({8})));
    d.set(Element(tags::BitsStored, VR::US, us({8})));
    d.set(Element(tags::HighBit, VR::US, us({7})));
    d.set(Element(tags::PixelRepresentation, VR::US, us({0})));
    d.set(Element(tags::PlanarConfiguration, VR::US, us({0})));
    // Y, Cb, Cr of pure red (76, 85, 255) and mid grey (128, 128, 128), PS3.3 C.7.6.3.1.2.
    d.set(Element(tags::PixelData, VR::OB, std::string("\x4c\x55\xff\x80\x80\x80", 6)));
    auto samples = render(d);
    ASSERT_EQ(samples.size(), 6u);
    EXPECT_NEAR(samples[0], 255, 1);
    EXPECT_NEAR(samples[1], 0, 1);
    EXPECT_NEAR(samples[2], 0, 1);
    EXPECT_EQ(std::vector<uint16_t>(samples.begin() + 3, samples.end()), (std::vector<uint16_t>{128, 128, 128}));
}

TEST(Render, PngStreamHasSignatureAndHeader)
{
    RenderedImage image{3, 2, 1, 16, {0, 1, 2, 3, 4, 65535}};
    auto png = encode_png(image);
    ASSERT_TRUE(png);
    ASSERT_GT(png->size(), 33u);
    EXPECT_EQ((*png)[0], 0x89);
    EXPECT_EQ((*png)[1], 'P');
    EXPECT_EQ((*png)[19], 3);  // width, big endian
    EXPECT_EQ((*png)[23], 2);  // height
    EXPECT_EQ((*png)[24], 16);
    image.samples.pop_back();
    EXPECT_FALSE(encode_png(image));
    EXPECT_FALSE(encode_jpeg(RenderedImage{3, 2, 1, 16, std::vector<uint16_t>(6)}));
}

}  // namespace
}  // namespace roentgen
