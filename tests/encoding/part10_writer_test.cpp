// tests/encoding/part10_writer_test.cpp — meta group, padding, group lengths and sequence lengths on write.
#include <gtest/gtest.h>

#include "dict/generated/tags.h"
#include "encoding/part10_file.h"
#include "model/element_values.h"

namespace roentgen {
namespace {

std::vector<uint8_t> encode(const DataSet& data_set, const TransferSyntax& syntax,
                            SequenceLengths lengths = SequenceLengths::AsRead)
{
    VectorSink sink;
    EXPECT_TRUE(write_data_set(data_set, syntax, sink, lengths));
    return sink.bytes();
}

TEST(Part10Writer, OddValuesArePaddedWithTheVRsPaddingByte)
{
    DataSet ds;
    ds.set(Element(tags::SOPInstanceUID, VR::UI, std::string("1.2.3")));
    ds.set(Element(tags::PatientName, VR::PN, std::string("Doe")));
    auto out = encode(ds, transfer_syntaxes::explicit_vr_little_endian());
    // (0008,0018) UI len 6 "1.2.3\0", then (0010,0010) PN len 4 "Doe ".
    ASSERT_EQ(out.size(), 8u + 6 + 8 + 4);
    EXPECT_EQ(out[6], 6);
    EXPECT_EQ(out[8 + 5], 0);
    EXPECT_EQ(out[14 + 6], 4);
    EXPECT_EQ(out[22 + 3], ' ');
}

TEST(Part10Writer, MetaGroupIsRebuiltWithOurIdentityAndItsLength)
{
    Part10File file;
    file.data_set.set(Element(tags::SOPClassUID, VR::UI, std::string("1.2.840.10008.5.1.4.1.1.7")));
    file.data_set.set(Element(tags::SOPInstanceUID, VR::UI, std::string("1.2.3.4")));
    file.transfer_syntax = &transfer_syntaxes::implicit_vr_little_endian();
    VectorSink sink;
    ASSERT_TRUE(write_part10(file, sink));
    auto again = read_part10(std::make_shared<MemorySource>(sink.bytes()));
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_TRUE(again->warnings.empty());
    EXPECT_EQ(again->meta.find_string(tags::TransferSyntaxUID), "1.2.840.10008.1.2");
    EXPECT_EQ(again->meta.find_string(tags::MediaStorageSOPClassUID), "1.2.840.10008.5.1.4.1.1.7");
    EXPECT_EQ(again->meta.find_string(tags::MediaStorageSOPInstanceUID), "1.2.3.4");
    EXPECT_EQ(again->meta.find_string(tags::ImplementationClassUID), implementation_class_uid());
    EXPECT_EQ(again->meta.find_string(tags::ImplementationVersionName), implementation_version_name());
    // (0002,0000) counts every meta byte after itself: meta ends where the data set begins.
    auto group_length = again->meta.find_integer(tags::FileMetaInformationGroupLength);
    ASSERT_TRUE(group_length);
    EXPECT_EQ(again->meta.elements().size(), 7u);
    EXPECT_EQ(sink.bytes()[132 + 12 + *group_length], 0x08);  // first data set tag (0008,0016)
}

TEST(Part10Writer, GroupLengthsAreRecomputed)
{
    DataSet ds;
    ds.set(Element(Tag(0x0010, 0x0000), VR::UL, encode_integers(VR::UL, {999})));
    ds.set(Element(tags::PatientName, VR::PN, std::string("Doe^John")));
    auto out = encode(ds, transfer_syntaxes::explicit_vr_little_endian());
    EXPECT_EQ(load_le<uint32_t>(out.data() + 8), 16u);
}

TEST(Part10Writer, SequenceLengthsAsChosen)
{
    DataSet item;
    item.set(Element(tags::SeriesInstanceUID, VR::UI, std::string("1.22")));
    Sequence sequence;
    sequence.items.push_back(Item{item, LengthEncoding::Undefined});
    DataSet ds;
    ds.set(Element(tags::ReferencedSeriesSequence, VR::SQ, Value(sequence)));
    auto undefined = encode(ds, transfer_syntaxes::explicit_vr_little_endian(), SequenceLengths::Undefined);
    auto defined = encode(ds, transfer_syntaxes::explicit_vr_little_endian(), SequenceLengths::Defined);
    EXPECT_EQ(undefined.size(), 12u + 8 + 12 + 8 + 8);
    EXPECT_EQ(defined.size(), 12u + 8 + 12);
    EXPECT_EQ(load_le<uint32_t>(defined.data() + 8), 20u);        // sequence length
    EXPECT_EQ(load_le<uint32_t>(defined.data() + 16), 12u);       // item length
    EXPECT_EQ(load_le<uint32_t>(undefined.data() + 8), 0xFFFFFFFFu);
    // Both read back to the same data set.
    for (const auto& bytes : {undefined, defined}) {
        auto back = read_data_set(std::make_shared<MemorySource>(bytes), transfer_syntaxes::explicit_vr_little_endian());
        ASSERT_TRUE(back);
        EXPECT_TRUE(*back == ds);
    }
}

TEST(Part10Writer, EveryUncompressedSyntaxRoundTrips)
{
    DataSet ds;
    ds.set(Element(tags::Rows, VR::US, encode_integers(VR::US, {512})));
    ds.set(Element(tags::PixelSpacing, VR::DS, std::string("0.5\\0.5 ")));
    ds.set(Element(tags::RealWorldValueFirstValueMapped, VR::US, encode_integers(VR::US, {7})));
    ds.set(Element(Tag(0x0018, 0x9089), VR::FD, encode_floats(VR::FD, {1.0, -2.5, 3.25})));
    ds.set(Element(tags::FrameIncrementPointer, VR::AT, encode_integers(VR::AT, {0x00181063})));
    ds.set(Element(tags::PixelData, VR::OW, encode_integers(VR::OW, {1, 2, 3, 0xFFFF})));
    for (const auto* syntax : {&transfer_syntaxes::implicit_vr_little_endian(), &transfer_syntaxes::explicit_vr_little_endian(),
                               &transfer_syntaxes::explicit_vr_big_endian(),
                               &transfer_syntaxes::deflated_explicit_vr_little_endian()}) {
        auto bytes = encode(ds, *syntax);
        auto back = read_data_set(std::make_shared<MemorySource>(bytes), *syntax);
        ASSERT_TRUE(back) << syntax->name << ": " << back.error().message;
        EXPECT_TRUE(*back == ds) << syntax->name;
    }
    auto big = encode(ds, transfer_syntaxes::explicit_vr_big_endian());
    EXPECT_EQ(big[0], 0x00);  // group 0018 big endian first byte
}

TEST(Part10Writer, AtomicFileWriteLeavesNoPartialFile)
{
    Part10File file;
    file.data_set.set(Element(tags::PatientName, VR::PN, std::string("A^B ")));
    file.transfer_syntax = &transfer_syntaxes::explicit_vr_little_endian();
    auto path = ::testing::TempDir() + "roentgen-writer-test.dcm";
    ASSERT_TRUE(write_part10_file(file, path));
    auto back = read_part10_file(path);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->data_set.find_string(tags::PatientName), "A^B");
    std::remove(path.c_str());
    auto failed = write_part10_file(file, "/nonexistent-dir/x.dcm");
    ASSERT_FALSE(failed);
    EXPECT_NE(failed.error().message.find("/nonexistent-dir/x.dcm"), std::string::npos);
}

}  // namespace
}  // namespace roentgen
