// tests/encoding/part10_reader_test.cpp — the reader on byte strings spelled out inline (PS3.5 7, PS3.10 7).
#include <gtest/gtest.h>

#include <initializer_list>

#include "dict/generated/tags.h"
#include "encoding/part10_file.h"
#include "model/element_values.h"

namespace roentgen {
namespace {

std::vector<uint8_t> bytes(std::initializer_list<int> list)
{
    std::vector<uint8_t> out;
    for (int b : list)
        out.push_back(uint8_t(b));
    return out;
}

void append(std::vector<uint8_t>& out, const std::vector<uint8_t>& more) { out.insert(out.end(), more.begin(), more.end()); }

void append_text(std::vector<uint8_t>& out, std::string_view text) { out.insert(out.end(), text.begin(), text.end()); }

std::shared_ptr<const ByteSource> source(std::vector<uint8_t> data)
{
    return std::make_shared<MemorySource>(std::move(data), "inline");
}

/// (0010,0010) PN "Doe^John" and (0010,0020) LO "ID1 " in explicit VR little endian.
std::vector<uint8_t> explicit_le_patient()
{
    std::vector<uint8_t> d = bytes({0x10, 0x00, 0x10, 0x00, 'P', 'N', 8, 0});
    append_text(d, "Doe^John");
    append(d, bytes({0x10, 0x00, 0x20, 0x00, 'L', 'O', 4, 0}));
    append_text(d, "ID1 ");
    return d;
}

TEST(Part10Reader, BareExplicitLittleEndianDataSetIsDetected)
{
    auto file = read_part10(source(explicit_le_patient()));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_FALSE(file->preamble.has_value());
    EXPECT_TRUE(file->meta.empty());
    EXPECT_EQ(file->transfer_syntax->uid, "1.2.840.10008.1.2.1");
    EXPECT_EQ(file->data_set.find_string(tags::PatientName), "Doe^John");
    EXPECT_EQ(file->data_set.find_string(tags::PatientID), "ID1");
}

TEST(Part10Reader, BareImplicitLittleEndianTakesVRsFromTheDictionary)
{
    std::vector<uint8_t> d = bytes({0x28, 0x00, 0x10, 0x00, 2, 0, 0, 0, 0x00, 0x02});  // Rows = 512
    append(d, bytes({0x10, 0x00, 0x10, 0x00, 4, 0, 0, 0}));
    append_text(d, "A^B ");
    auto file = read_part10(source(d));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(file->transfer_syntax->uid, "1.2.840.10008.1.2");
    const Element* rows = file->data_set.find(tags::Rows);
    ASSERT_NE(rows, nullptr);
    EXPECT_EQ(rows->vr, VR::US);
    EXPECT_EQ(file->data_set.find_integer(tags::Rows), 512);
    EXPECT_EQ(file->data_set.find(tags::PatientName)->vr, VR::PN);
}

TEST(Part10Reader, BigEndianValuesAreSwappedToNative)
{
    std::vector<uint8_t> d = bytes({0x00, 0x28, 0x00, 0x10, 'U', 'S', 0, 2, 0x02, 0x00});  // Rows = 512
    append(d, bytes({0x00, 0x28, 0x00, 0x30, 'D', 'S', 0, 4}));
    append_text(d, "0.5 ");
    auto file = read_part10(source(d));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(file->transfer_syntax->uid, "1.2.840.10008.1.2.2");
    EXPECT_EQ(file->data_set.find_integer(tags::Rows), 512);
}

std::vector<uint8_t> part10(std::string_view transfer_syntax, const std::vector<uint8_t>& data_set)
{
    std::vector<uint8_t> f(128, 0);
    append_text(f, "DICM");
    std::vector<uint8_t> meta = bytes({0x02, 0x00, 0x10, 0x00, 'U', 'I'});
    std::string uid(transfer_syntax);
    if (uid.size() % 2)
        uid.push_back('\0');
    meta.push_back(uint8_t(uid.size()));
    meta.push_back(0);
    append_text(meta, uid);
    append(f, bytes({0x02, 0x00, 0x00, 0x00, 'U', 'L', 4, 0, uint8_t(meta.size()), 0, 0, 0}));
    append(f, meta);
    append(f, data_set);
    return f;
}

TEST(Part10Reader, PreambleMetaAndDataSet)
{
    auto file = read_part10(source(part10("1.2.840.10008.1.2.1", explicit_le_patient())));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_TRUE(file->preamble.has_value());
    EXPECT_EQ(file->meta.find_string(tags::TransferSyntaxUID), "1.2.840.10008.1.2.1");
    EXPECT_EQ(file->data_set.size(), 2u);
    EXPECT_TRUE(file->warnings.empty());
}

TEST(Part10Reader, MissingMetaGroupLengthIsReadWithAWarning)
{
    // PS3.10 7.1 requires (0002,0000); DCMTK and pydicom read the group without it.
    auto f = part10("1.2.840.10008.1.2.1", explicit_le_patient());
    f.erase(f.begin() + 132, f.begin() + 132 + 12);
    auto file = read_part10(source(f));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(file->meta.find_string(tags::TransferSyntaxUID), "1.2.840.10008.1.2.1");
    EXPECT_EQ(file->data_set.find_string(tags::PatientName), "Doe^John");
    ASSERT_EQ(file->warnings.size(), 1u);
    EXPECT_EQ(file->warnings[0].offset, 132u);
    EXPECT_EQ(file->warnings[0].tag, tags::FileMetaInformationGroupLength);
    EXPECT_NE(file->warnings[0].message.find("is missing"), std::string::npos) << file->warnings[0].message;
}

TEST(Part10Reader, WrongMetaGroupLengthIsReadWithAWarning)
{
    auto f = part10("1.2.840.10008.1.2.1", explicit_le_patient());
    f[132 + 8] = uint8_t(f[132 + 8] + 40);  // announces 40 bytes more than the group has
    auto file = read_part10(source(f));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(file->data_set.size(), 2u);
    ASSERT_EQ(file->warnings.size(), 1u);
    EXPECT_NE(file->warnings[0].message.find("File Meta Information Group Length is 68 but the group has 28 bytes"),
              std::string::npos)
        << file->warnings[0].message;
}

TEST(Part10Reader, WrongTransferSyntaxInMetaIsReadAsFoundWithAWarning)
{
    // The meta says implicit VR, the data set is explicit: read what is there (as DCMTK does).
    auto file = read_part10(source(part10("1.2.840.10008.1.2", explicit_le_patient())));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(file->transfer_syntax->uid, "1.2.840.10008.1.2.1");
    EXPECT_EQ(file->data_set.find_string(tags::PatientName), "Doe^John");
    ASSERT_FALSE(file->warnings.empty());
    EXPECT_NE(file->warnings.front().message.find("although the meta says"), std::string::npos);
}

TEST(Part10Reader, UndefinedLengthSequenceAndItems)
{
    // (0008,1115) SQ undefined { item undefined { (0020,000E) UI "1.2" } item defined { } }
    std::vector<uint8_t> d = bytes({0x08, 0x00, 0x15, 0x11, 'S', 'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF});
    append(d, bytes({0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF}));
    append(d, bytes({0x20, 0x00, 0x0E, 0x00, 'U', 'I', 4, 0, '1', '.', '2', 0}));
    append(d, bytes({0xFE, 0xFF, 0x0D, 0xE0, 0, 0, 0, 0}));
    append(d, bytes({0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0}));
    append(d, bytes({0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0}));
    auto file = read_part10(source(d));
    ASSERT_TRUE(file) << file.error().message;
    const Element* e = file->data_set.find(tags::ReferencedSeriesSequence);
    ASSERT_NE(e, nullptr);
    ASSERT_TRUE(e->sequence());
    const auto& seq = *e->sequence();
    EXPECT_EQ(seq.length_encoding, LengthEncoding::Undefined);
    ASSERT_EQ(seq.items.size(), 2u);
    EXPECT_EQ(seq.items[0].length_encoding, LengthEncoding::Undefined);
    EXPECT_EQ(seq.items[1].length_encoding, LengthEncoding::Defined);
    EXPECT_EQ(seq.items[0].data_set.find_string(tags::SeriesInstanceUID), "1.2");
    EXPECT_TRUE(seq.items[1].data_set.empty());

    // Written back as read, the bytes are the same.
    VectorSink sink;
    ASSERT_TRUE(write_data_set(file->data_set, *file->transfer_syntax, sink));
    EXPECT_EQ(sink.bytes(), d);
}

TEST(Part10Reader, UnknownOfUndefinedLengthHoldsImplicitItems)
{
    // PS3.5 6.2.2: (0009,1010) UN undefined length, items in implicit VR little endian.
    std::vector<uint8_t> d = bytes({0x09, 0x00, 0x10, 0x00, 'L', 'O', 4, 0, 'A', 'C', 'M', 'E'});
    append(d, bytes({0x09, 0x00, 0x10, 0x10, 'U', 'N', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF}));
    append(d, bytes({0xFE, 0xFF, 0x00, 0xE0, 16, 0, 0, 0}));
    append(d, bytes({0x10, 0x00, 0x10, 0x00, 8, 0, 0, 0}));
    append_text(d, "Doe^John");
    append(d, bytes({0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0}));
    auto file = read_part10(source(d));
    ASSERT_TRUE(file) << file.error().message;
    const Element* e = file->data_set.find(Tag(0x0009, 0x1010));
    ASSERT_NE(e, nullptr);
    ASSERT_TRUE(e->sequence());
    ASSERT_EQ(e->sequence()->items.size(), 1u);
    const Element* name = e->sequence()->items[0].data_set.find(tags::PatientName);
    ASSERT_NE(name, nullptr);
    EXPECT_EQ(name->vr, VR::PN);
    VectorSink sink;
    ASSERT_TRUE(write_data_set(file->data_set, *file->transfer_syntax, sink));
    EXPECT_EQ(sink.bytes(), d);
}

TEST(Part10Reader, EncapsulatedPixelDataKeepsOffsetTableAndFragments)
{
    std::vector<uint8_t> d = bytes({0x28, 0x00, 0x10, 0x00, 'U', 'S', 2, 0, 1, 0});
    append(d, bytes({0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF}));
    append(d, bytes({0xFE, 0xFF, 0x00, 0xE0, 4, 0, 0, 0, 0, 0, 0, 0}));         // offset table: one entry
    append(d, bytes({0xFE, 0xFF, 0x00, 0xE0, 4, 0, 0, 0, 0xFF, 0xD8, 0xFF, 0xD9}));  // fragment
    append(d, bytes({0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0}));
    auto file = read_part10(source(part10("1.2.840.10008.1.2.4.50", d)));
    ASSERT_TRUE(file) << file.error().message;
    const Element* pixels = file->data_set.find(tags::PixelData);
    ASSERT_NE(pixels, nullptr);
    ASSERT_TRUE(pixels->fragments());
    EXPECT_EQ(pixels->fragments()->offset_table.size(), 4u);
    ASSERT_EQ(pixels->fragments()->items.size(), 1u);
    auto fragment = pixels->fragments()->items[0].view();
    ASSERT_EQ(fragment.size(), 4u);
    EXPECT_EQ(fragment[1], 0xD8);
}

TEST(Part10Reader, OddLengthAndVRMismatchAreReadWithWarnings)
{
    std::vector<uint8_t> d = bytes({0x08, 0x00, 0x60, 0x00, 'C', 'S', 3, 0, 'C', 'T', ' '});  // odd length
    append(d, bytes({0x10, 0x00, 0x10, 0x00, 'L', 'O', 4, 0, 'A', '^', 'B', ' '}));          // PN written as LO
    auto file = read_part10(source(d));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(file->data_set.find_string(tags::Modality), "CT");
    EXPECT_EQ(file->data_set.find(tags::PatientName)->vr, VR::LO);  // the file's VR is kept
    ASSERT_EQ(file->warnings.size(), 2u);
    EXPECT_NE(file->warnings[0].message.find("odd value length"), std::string::npos);
    EXPECT_EQ(file->warnings[0].offset, 0u);
    EXPECT_NE(file->warnings[1].message.find("differs from the dictionary"), std::string::npos);
}

TEST(Part10Reader, LargeValuesStayReferencesIntoTheSource)
{
    std::vector<uint8_t> d = bytes({0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0, 0x00, 0x00, 0x01, 0x00});  // 64 KiB
    d.resize(d.size() + 65536, 0x5A);
    auto src = source(d);
    auto file = read_part10(src);
    ASSERT_TRUE(file) << file.error().message;
    const Element* pixels = file->data_set.find(tags::PixelData);
    ASSERT_NE(pixels, nullptr);
    ASSERT_TRUE(pixels->is_bulk());
    const auto& bulk = std::get<BulkData>(pixels->value);
    EXPECT_EQ(bulk.source(), src.get());
    EXPECT_EQ(bulk.offset(), 12u);
    EXPECT_EQ(bulk.size(), 65536u);
    // Below the threshold the value is copied.
    auto copied = read_part10(src, ReadOptions().with_bulk_threshold(1 << 20));
    ASSERT_TRUE(copied);
    EXPECT_FALSE(copied->data_set.find(tags::PixelData)->is_bulk());
}

TEST(Part10Reader, StopBeforeAndStopAfter)
{
    auto d = explicit_le_patient();
    auto before = read_part10(source(d), ReadOptions().with_stop_before(tags::PatientID));
    ASSERT_TRUE(before);
    EXPECT_TRUE(before->stopped_early);
    EXPECT_EQ(before->data_set.size(), 1u);
    auto after = read_part10(source(d), ReadOptions().with_stop_after(tags::PatientName));
    ASSERT_TRUE(after);
    EXPECT_EQ(after->data_set.size(), 1u);
    EXPECT_TRUE(after->stopped_early);
}

TEST(Part10Reader, TruncatedValueIsAnErrorNamingOffsetAndTag)
{
    auto d = explicit_le_patient();
    // erase, not resize: g++ 12 -O2 with ASan warns falsely (-Wstringop-overflow) on resize(size - 2).
    d.erase(d.end() - 2, d.end());
    auto file = read_part10(source(d));
    ASSERT_FALSE(file);
    EXPECT_EQ(file.error().code, Errc::Truncated);
    EXPECT_NE(file.error().message.find("inline: byte offset 16, tag (0010,0020)"), std::string::npos)
        << file.error().message;
}

TEST(Part10Reader, TruncatedValueIsKeptCutWhenAskedTo)
{
    auto d = explicit_le_patient();
    d.erase(d.end() - 2, d.end());  // "ID1 " loses two bytes
    auto file = read_part10(source(d), ReadOptions().with_truncated_input(TruncatedInput::KeepWhatWasRead));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_TRUE(file->truncated);
    EXPECT_EQ(file->data_set.find_string(tags::PatientName), "Doe^John");
    EXPECT_EQ(file->data_set.find(tags::PatientID)->raw_text(), "ID");
    ASSERT_EQ(file->warnings.size(), 1u);
    EXPECT_EQ(file->warnings[0].offset, 16u);
    EXPECT_EQ(file->warnings[0].tag, tags::PatientID);
    EXPECT_NE(file->warnings[0].message.find("value length 4 passes the end of the data (2 bytes remain); what was "
                                             "read is kept"),
              std::string::npos)
        << file->warnings[0].message;
}

TEST(Part10Reader, TruncatedSequencesAndItemsAreClosedWhenAsked)
{
    // (0008,1115) SQ defined 40 { item defined 28 { (0020,000E) UI "1.2", (0020,000D) UI "1.2.3.4" } } cut
    // inside the second value; then the same with undefined lengths.
    for (bool undefined : {false, true}) {
        std::vector<uint8_t> d = bytes({0x08, 0x00, 0x15, 0x11, 'S', 'Q', 0, 0});
        append(d, undefined ? bytes({0xFF, 0xFF, 0xFF, 0xFF}) : bytes({36, 0, 0, 0}));
        append(d, bytes({0xFE, 0xFF, 0x00, 0xE0}));
        append(d, undefined ? bytes({0xFF, 0xFF, 0xFF, 0xFF}) : bytes({28, 0, 0, 0}));
        append(d, bytes({0x20, 0x00, 0x0D, 0x00, 'U', 'I', 8, 0, '1', '.', '2', '.', '3', '.', '4', 0}));
        append(d, bytes({0x20, 0x00, 0x0E, 0x00, 'U', 'I', 4, 0, '1', '.'}));  // 2 of 4 bytes
        EXPECT_FALSE(read_part10(source(d)));
        auto file = read_part10(source(d), ReadOptions().with_truncated_input(TruncatedInput::KeepWhatWasRead));
        ASSERT_TRUE(file) << file.error().message;
        EXPECT_TRUE(file->truncated);
        const Element* e = file->data_set.find(tags::ReferencedSeriesSequence);
        ASSERT_NE(e, nullptr);
        ASSERT_EQ(e->sequence()->items.size(), 1u);
        const DataSet& item = e->sequence()->items[0].data_set;
        EXPECT_EQ(item.find_string(tags::StudyInstanceUID), "1.2.3.4");
        EXPECT_EQ(item.find(tags::SeriesInstanceUID)->raw_text(), "1.");
        ASSERT_EQ(file->warnings.size(), 1u) << undefined;
        // Cut exactly after an element of the item: still reported as truncated (the item or
        // sequence promised more).
        d.erase(d.end() - 10, d.end());
        auto cut = read_part10(source(d), ReadOptions().with_truncated_input(TruncatedInput::KeepWhatWasRead));
        ASSERT_TRUE(cut) << cut.error().message;
        EXPECT_TRUE(cut->truncated) << undefined;
        ASSERT_EQ(cut->warnings.size(), 1u);
        EXPECT_NE(cut->warnings[0].message.find("the data ends inside"), std::string::npos) << cut->warnings[0].message;
        EXPECT_EQ(cut->data_set.find(tags::ReferencedSeriesSequence)->sequence()->items[0].data_set.size(), 1u);
    }
}

TEST(Part10Reader, CompleteFileIsNotTruncatedInTheTolerantMode)
{
    // A defined-length sequence that is the last element ends exactly at the end of the data.
    std::vector<uint8_t> d = bytes({0x08, 0x00, 0x15, 0x11, 'S', 'Q', 0, 0, 20, 0, 0, 0});
    append(d, bytes({0xFE, 0xFF, 0x00, 0xE0, 12, 0, 0, 0}));
    append(d, bytes({0x20, 0x00, 0x0E, 0x00, 'U', 'I', 4, 0, '1', '.', '2', 0}));
    auto file = read_part10(source(d), ReadOptions().with_truncated_input(TruncatedInput::KeepWhatWasRead));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_FALSE(file->truncated);
    EXPECT_TRUE(file->warnings.empty());
}

TEST(Part10Reader, TruncatedFragmentIsKeptCutWhenAsked)
{
    std::vector<uint8_t> d = bytes({0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF});
    append(d, bytes({0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0}));
    append(d, bytes({0xFE, 0xFF, 0x00, 0xE0, 8, 0, 0, 0, 0xFF, 0xD8, 0xFF, 0xE0}));  // 4 of 8 bytes
    auto f = part10("1.2.840.10008.1.2.4.50", d);
    EXPECT_FALSE(read_part10(source(f)));
    auto file = read_part10(source(f), ReadOptions().with_truncated_input(TruncatedInput::KeepWhatWasRead));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_TRUE(file->truncated);
    const Fragments* fragments = file->data_set.find(tags::PixelData)->fragments();
    ASSERT_NE(fragments, nullptr);
    ASSERT_EQ(fragments->items.size(), 1u);
    EXPECT_EQ(fragments->items[0].size(), 4u);
}

TEST(Part10Reader, BogusLengthsNeverAllocateBeyondTheInput)
{
    std::vector<uint8_t> d = bytes({0x10, 0x00, 0x10, 0x00, 'U', 'T', 0, 0, 0xF0, 0xFF, 0xFF, 0xFF, 'x', 'x'});
    auto file = read_part10(source(d));
    ASSERT_FALSE(file);
    EXPECT_NE(file.error().message.find("value length 4294967280"), std::string::npos) << file.error().message;
}

TEST(Part10Reader, DeepNestingIsRejected)
{
    std::vector<uint8_t> d;
    for (int i = 0; i < 100; ++i) {
        append(d, bytes({0x08, 0x00, 0x15, 0x11, 'S', 'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF}));
        append(d, bytes({0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF}));
    }
    auto file = read_part10(source(d));
    ASSERT_FALSE(file);
    EXPECT_EQ(file.error().code, Errc::LimitExceeded);
}

TEST(Part10Reader, NestingDeeperThanTheDefaultReadsWhenAllowed)
{
    // 200 sequences, each in an item of the one before, all closed: past the default limit of 64,
    // read whole when the limit is raised.
    std::vector<uint8_t> d;
    for (int i = 0; i < 200; ++i) {
        append(d, bytes({0x08, 0x00, 0x15, 0x11, 'S', 'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF}));
        append(d, bytes({0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF}));
    }
    append(d, bytes({0x20, 0x00, 0x0E, 0x00, 'U', 'I', 4, 0, '1', '.', '2', 0}));
    for (int i = 0; i < 200; ++i) {
        append(d, bytes({0xFE, 0xFF, 0x0D, 0xE0, 0, 0, 0, 0}));
        append(d, bytes({0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0}));
    }
    EXPECT_FALSE(read_part10(source(d)));
    ReadOptions deep;
    deep.max_depth = 256;
    auto file = read_part10(source(d), deep);
    ASSERT_TRUE(file) << file.error().message;
    const DataSet* level = &file->data_set;
    for (int i = 0; i < 200; ++i) {
        const Element* e = level->find(tags::ReferencedSeriesSequence);
        ASSERT_NE(e, nullptr) << "depth " << i;
        ASSERT_EQ(e->sequence()->items.size(), 1u) << "depth " << i;
        level = &e->sequence()->items[0].data_set;
    }
    EXPECT_EQ(level->find_string(tags::SeriesInstanceUID), "1.2");
    VectorSink sink;
    ASSERT_TRUE(write_data_set(file->data_set, *file->transfer_syntax, sink));
    EXPECT_EQ(sink.bytes(), d);
}

TEST(Part10Reader, ExtendedOffsetTableIsKeptBesideAnEmptyBasicOffsetTable)
{
    // PS3.5 A.4 and PS3.3 C.7.6.3.1.8: (7FE0,0001) OV offsets and (7FE0,0002) OV lengths of two
    // frames; the Basic Offset Table is then empty.
    std::vector<uint8_t> d = bytes({0x28, 0x00, 0x08, 0x00, 'I', 'S', 2, 0, '2', ' '});  // Number of Frames
    append(d, bytes({0xE0, 0x7F, 0x01, 0x00, 'O', 'V', 0, 0, 16, 0, 0, 0}));
    append(d, bytes({0, 0, 0, 0, 0, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0}));
    append(d, bytes({0xE0, 0x7F, 0x02, 0x00, 'O', 'V', 0, 0, 16, 0, 0, 0}));
    append(d, bytes({4, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0}));
    append(d, bytes({0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF}));
    append(d, bytes({0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0}));                          // empty offset table
    append(d, bytes({0xFE, 0xFF, 0x00, 0xE0, 4, 0, 0, 0, 0xFF, 0xD8, 0xFF, 0xD9}));  // frame 1
    append(d, bytes({0xFE, 0xFF, 0x00, 0xE0, 4, 0, 0, 0, 0xFF, 0xD8, 0x00, 0xD9}));  // frame 2
    append(d, bytes({0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0}));
    auto f = part10("1.2.840.10008.1.2.4.50", d);
    auto file = read_part10(source(f));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_TRUE(file->warnings.empty());
    const Element* offsets = file->data_set.find(tags::ExtendedOffsetTable);
    const Element* lengths = file->data_set.find(tags::ExtendedOffsetTableLengths);
    ASSERT_NE(offsets, nullptr);
    ASSERT_NE(lengths, nullptr);
    EXPECT_EQ(offsets->vr, VR::OV);
    EXPECT_EQ(unsigned_values(*offsets), (std::vector<uint64_t>{0, 12}));
    EXPECT_EQ(unsigned_values(*lengths), (std::vector<uint64_t>{4, 4}));
    const Fragments* fragments = file->data_set.find(tags::PixelData)->fragments();
    ASSERT_NE(fragments, nullptr);
    EXPECT_EQ(fragments->offset_table.size(), 0u);
    ASSERT_EQ(fragments->items.size(), 2u);
    EXPECT_EQ(fragments->items[1].view()[2], 0x00);
    // Written back unchanged.
    Part10File copy = std::move(*file);
    VectorSink sink;
    ASSERT_TRUE(write_part10(copy, sink, WriteOptions{.meta_policy = MetaPolicy::Preserve}));
    EXPECT_EQ(sink.bytes(), f);
}

}  // namespace
}  // namespace roentgen

namespace roentgen {
namespace {

TEST(Part10Reader, StandardElementsStoredAsUnknownCanTakeTheirDictionaryVR)
{
    // (0028,0010) Rows stored as UN: kept by default, US with UnknownVR::UseDictionary (PS3.5 6.2.2).
    std::vector<uint8_t> d = {0x28, 0x00, 0x10, 0x00, 'U', 'N', 0, 0, 2, 0, 0, 0, 0x00, 0x02};
    auto kept = read_part10(std::make_shared<MemorySource>(d));
    ASSERT_TRUE(kept) << kept.error().message;
    EXPECT_EQ(kept->data_set.find(tags::Rows)->vr, VR::UN);
    auto resolved = read_part10(std::make_shared<MemorySource>(d), ReadOptions().with_unknown_vr(UnknownVR::UseDictionary));
    ASSERT_TRUE(resolved) << resolved.error().message;
    EXPECT_EQ(resolved->data_set.find(tags::Rows)->vr, VR::US);
    EXPECT_EQ(resolved->data_set.find_integer(tags::Rows), 512);
}

}  // namespace
}  // namespace roentgen
