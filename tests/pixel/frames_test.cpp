// tests/pixel/frames_test.cpp — frame N among fragments (offset tables, fragment scan, PS3.5 A.4); native YBR_FULL_422 frames.
#include <gtest/gtest.h>

#include "dict/generated/tags.h"
#include "model/element_values.h"
#include "pixel/codec_registry.h"
#include "pixel/frames.h"
#include "pixel/pixel_description.h"

namespace roentgen {
namespace {

std::string us(int value) { return encode_integers(VR::US, {value}); }

BulkData bytes(std::initializer_list<uint8_t> list) { return BulkData::owned(std::vector<uint8_t>(list)); }

/// An 8-bit Image Pixel Module of `samples` samples per pixel, colour by pixel, with `pixels`.
DataSet image(int rows, int columns, int samples, const char* photometric, int frames, Value pixels)
{
    DataSet d;
    d.set(Element(tags::SamplesPerPixel, VR::US, us(samples)));
    d.set(Element(tags::PhotometricInterpretation, VR::CS, std::string(photometric)));
    if (samples > 1)
        d.set(Element(tags::PlanarConfiguration, VR::US, us(0)));
    d.set(Element(tags::NumberOfFrames, VR::IS, std::to_string(frames)));
    d.set(Element(tags::Rows, VR::US, us(rows)));
    d.set(Element(tags::Columns, VR::US, us(columns)));
    d.set(Element(tags::BitsAllocated, VR::US, us(8)));
    d.set(Element(tags::BitsStored, VR::US, us(8)));
    d.set(Element(tags::HighBit, VR::US, us(7)));
    d.set(Element(tags::PixelRepresentation, VR::US, us(0)));
    d.set(Element(tags::PixelData, VR::OB, std::move(pixels)));
    return d;
}

/// Two 2x2 frames as JPEG-like fragments.
DataSet two_frames(Fragments fragments) { return image(2, 2, 1, "MONOCHROME2 ", 2, std::move(fragments)); }

Fragments jpeg_fragments()
{
    Fragments f;
    f.offset_table = BulkData::owned({});
    f.items.push_back(bytes({0xFF, 0xD8, 0x01, 0x02}));  // frame 1, first part (item at offset 0)
    f.items.push_back(bytes({0x03, 0x04, 0xFF, 0xD9}));  // frame 1, second part (offset 12)
    f.items.push_back(bytes({0xFF, 0xD8, 0x05, 0xD9}));  // frame 2 (offset 24)
    return f;
}

std::vector<std::vector<uint8_t>> fragments_of(const DataSet& d, uint32_t index)
{
    auto description = describe_pixels(d);
    EXPECT_TRUE(description) << description.error().message;
    auto frame = stored_frame(d, *find_transfer_syntax("1.2.840.10008.1.2.4.50"), *description, index);
    EXPECT_TRUE(frame) << frame.error().message;
    std::vector<std::vector<uint8_t>> out;
    if (frame)
        for (auto span : frame->fragments)
            out.emplace_back(span.begin(), span.end());
    return out;
}

TEST(StoredFrame, FragmentsScannedForCodestreamStartsWithoutAnOffsetTable)
{
    auto d = two_frames(jpeg_fragments());
    EXPECT_EQ(fragments_of(d, 0), (std::vector<std::vector<uint8_t>>{{0xFF, 0xD8, 0x01, 0x02}, {0x03, 0x04, 0xFF, 0xD9}}));
    EXPECT_EQ(fragments_of(d, 1), (std::vector<std::vector<uint8_t>>{{0xFF, 0xD8, 0x05, 0xD9}}));
}

TEST(StoredFrame, BasicOffsetTableGivesTheFrames)
{
    Fragments f = jpeg_fragments();
    f.offset_table = bytes({0, 0, 0, 0, 24, 0, 0, 0});
    auto d = two_frames(std::move(f));
    EXPECT_EQ(fragments_of(d, 0).size(), 2u);
    EXPECT_EQ(fragments_of(d, 1), (std::vector<std::vector<uint8_t>>{{0xFF, 0xD8, 0x05, 0xD9}}));
}

TEST(StoredFrame, ExtendedOffsetTableWinsOverTheBasicOne)
{
    // PS3.3 C.7.6.3.1.8: with (7FE0,0001) the Basic Offset Table is empty; here a wrong one is
    // given too, and the extended table decides.
    Fragments f = jpeg_fragments();
    f.offset_table = bytes({0, 0, 0, 0, 12, 0, 0, 0});
    auto d = two_frames(std::move(f));
    d.set(Element(tags::ExtendedOffsetTable, VR::OV, encode_integers(VR::UV, {0, 24})));
    d.set(Element(tags::ExtendedOffsetTableLengths, VR::OV, encode_integers(VR::UV, {20, 4})));
    EXPECT_EQ(fragments_of(d, 0).size(), 2u);
    EXPECT_EQ(fragments_of(d, 1), (std::vector<std::vector<uint8_t>>{{0xFF, 0xD8, 0x05, 0xD9}}));
}

TEST(StoredFrame, FramesPastTheLastAreNotFound)
{
    auto d = two_frames(jpeg_fragments());
    auto description = describe_pixels(d);
    ASSERT_TRUE(description);
    auto frame = stored_frame(d, *find_transfer_syntax("1.2.840.10008.1.2.4.50"), *description, 2);
    ASSERT_FALSE(frame);
    EXPECT_EQ(frame.error().code, Errc::NotFound);
}

TEST(NativeFrame, YbrFull422PairsShareTheirChroma)
{
    // Y0 Y1 Cb Cr per pair of pixels; decoded to full-resolution YBR_FULL triplets.
    auto d = image(1, 4, 3, "YBR_FULL_422", 1, std::string("\x10\x20\x80\x90\x30\x40\x81\x91"));
    auto codecs = CodecRegistry::with_all_codecs();
    auto frame = decode_frame(d, transfer_syntaxes::explicit_vr_little_endian(), codecs, 0);
    ASSERT_TRUE(frame) << frame.error().message;
    std::vector<uint8_t> expected = {0x10, 0x80, 0x90, 0x20, 0x80, 0x90, 0x30, 0x81, 0x91, 0x40, 0x81, 0x91};
    EXPECT_EQ(*frame, expected);
}

TEST(NativeFrame, issue_3_odd_columns_in_ybr_full_422_never_read_past_the_frame)
{
    // Columns 3: each row is read as two pairs (8 bytes), but the frame holds rows x columns x 2.
    // The decode fails cleanly instead of reading past the value (ASan checks the bounds).
    auto d = image(2, 3, 3, "YBR_FULL_422", 1, std::string(12, '\x40'));
    auto codecs = CodecRegistry::with_all_codecs();
    auto frame = decode_frame(d, transfer_syntaxes::explicit_vr_little_endian(), codecs, 0);
    ASSERT_FALSE(frame);
    EXPECT_EQ(frame.error().code, Errc::Truncated);
    EXPECT_NE(frame.error().message.find("16 needed"), std::string::npos) << frame.error().message;
}

}  // namespace
}  // namespace roentgen
