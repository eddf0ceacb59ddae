// tests/pixel/native_frame_test.cpp — native YBR_FULL_422 frames (PS3.3 C.7.6.3.1.2): expansion and bounds.
#include <gtest/gtest.h>

#include "dict/generated/tags.h"
#include "pixel/codec_registry.h"
#include "pixel/frames.h"

namespace roentgen {
namespace {

std::string us(uint16_t value) { return std::string{char(value & 0xFF), char(value >> 8)}; }

DataSet ybr_422(uint16_t rows, uint16_t columns, std::string pixels)
{
    DataSet d;
    d.set(Element(tags::SamplesPerPixel, VR::US, us(3)));
    d.set(Element(tags::PhotometricInterpretation, VR::CS, std::string("YBR_FULL_422")));
    d.set(Element(tags::PlanarConfiguration, VR::US, us(0)));
    d.set(Element(tags::Rows, VR::US, us(rows)));
    d.set(Element(tags::Columns, VR::US, us(columns)));
    d.set(Element(tags::BitsAllocated, VR::US, us(8)));
    d.set(Element(tags::BitsStored, VR::US, us(8)));
    d.set(Element(tags::HighBit, VR::US, us(7)));
    d.set(Element(tags::PixelRepresentation, VR::US, us(0)));
    d.set(Element(tags::PixelData, VR::OB, std::move(pixels)));
    return d;
}

TEST(NativeFrame, YbrFull422PairsShareTheirChroma)
{
    // Y0 Y1 Cb Cr per pair of pixels; decoded to full-resolution YBR_FULL triplets.
    auto d = ybr_422(1, 4, "\x10\x20\x80\x90\x30\x40\x81\x91");
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
    auto d = ybr_422(2, 3, std::string(12, '\x40'));
    auto codecs = CodecRegistry::with_all_codecs();
    auto frame = decode_frame(d, transfer_syntaxes::explicit_vr_little_endian(), codecs, 0);
    ASSERT_FALSE(frame);
    EXPECT_EQ(frame.error().code, Errc::Truncated);
    EXPECT_NE(frame.error().message.find("16 needed"), std::string::npos) << frame.error().message;
}

}  // namespace
}  // namespace roentgen
