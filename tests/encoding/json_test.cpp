// tests/encoding/json_test.cpp — DICOM JSON Model (PS3.18 F.2) writer and reader on hand-built data sets.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

#include "dict/generated/tags.h"
#include "encoding/json_reader.h"
#include "encoding/json_writer.h"
#include "model/element_values.h"

namespace roentgen {
namespace {

std::string bytes(std::initializer_list<uint8_t> list) { return std::string(list.begin(), list.end()); }

/// One element of every VR (the Selector … Value attributes of PS3.6 cover them all, in tag order),
/// with padding, empty values and the other edge cases of PS3.18 F.2.
DataSet every_vr()
{
    DataSet ds;
    ds.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 192");
    ds.set(Element(Tag(0x0072, 0x0000), VR::UL, encode_integers(VR::UL, {1234})));  // group length: left out
    ds.set_string(tags::ImageSetLabel, VR::LO, "");
    ds.set_string(tags::SelectorAEValue, VR::AE, " STORESCP ");
    ds.set_string(tags::SelectorASValue, VR::AS, "042Y");
    ds.set(Element(tags::SelectorATValue, VR::AT, encode_integers(VR::AT, {0x00181063, 0x00100010})));
    ds.set_string(tags::SelectorDAValue, VR::DA, "20240131");
    ds.set_string(tags::SelectorCSValue, VR::CS, "ORIGINAL\\PRIMARY\\\\AXIAL ");
    ds.set_string(tags::SelectorDTValue, VR::DT, "20240131101010.5+0100 ");
    ds.set_string(tags::SelectorISValue, VR::IS, "+12 \\-3");
    ds.set(Element(tags::SelectorOBValue, VR::OB, bytes({1, 2, 3, 0})));
    ds.set_string(tags::SelectorLOValue, VR::LO, "M\xC3\xBCller ");
    ds.set(Element(tags::SelectorOFValue, VR::OF, encode_floats(VR::OF, {1.5})));
    ds.set_string(tags::SelectorLTValue, VR::LT, "  two\\lines\r\n ");
    ds.set(Element(tags::SelectorOWValue, VR::OW, encode_integers(VR::OW, {0x0102, 0xFFFF})));
    ds.set_string(tags::SelectorPNValue, VR::PN,
                  "Yamada^Tarou=\xE5\xB1\xB1\xE7\x94\xB0^\xE5\xA4\xAA\xE9\x83\x8E=\xE3\x82\x84\xE3\x81\xBE\xE3\x81\xA0^"
                  "\xE3\x81\x9F\xE3\x82\x8D\xE3\x81\x86\\^Bob^^Dr.\\\\=Only");
    ds.set_string(tags::SelectorTMValue, VR::TM, "101010.5 ");
    ds.set_string(tags::SelectorSHValue, VR::SH, "A\\B");
    ds.set(Element(tags::SelectorUNValue, VR::UN, std::string("ab")));
    ds.set_string(tags::SelectorSTValue, VR::ST, "text \"quoted\" ");
    ds.set_string(tags::SelectorUCValue, VR::UC, "unlimited\\chars ");
    ds.set_string(tags::SelectorUTValue, VR::UT, "ut\\value");
    ds.set_string(tags::SelectorURValue, VR::UR, "http://example.com/a%20b ");
    ds.set_string(tags::SelectorDSValue, VR::DS, " 2.50\\1e-5\\-0\\100 ");
    ds.set(Element(tags::SelectorODValue, VR::OD, encode_floats(VR::OD, {0.1})));
    ds.set(Element(tags::SelectorFDValue, VR::FD,
                   encode_floats(VR::FD, {std::nan(""), std::numeric_limits<double>::infinity(),
                                          -std::numeric_limits<double>::infinity(), -1.5, 1e300})));
    ds.set(Element(tags::SelectorOLValue, VR::OL, encode_integers(VR::OL, {1})));
    ds.set(Element(tags::SelectorFLValue, VR::FL, encode_floats(VR::FL, {0.1})));
    ds.set(Element(tags::SelectorULValue, VR::UL, encode_integers(VR::UL, {4294967295})));
    ds.set(Element(tags::SelectorUSValue, VR::US, encode_integers(VR::US, {0, 65535})));
    ds.set(Element(tags::SelectorSLValue, VR::SL, encode_integers(VR::SL, {-2147483648LL})));
    ds.set(Element(tags::SelectorSSValue, VR::SS, encode_integers(VR::SS, {-1})));
    ds.set(Element(tags::SelectorUIValue, VR::UI, std::string("1.2.840.10008.1.2.1\0", 20)));
    Sequence sequence;
    Item first;
    first.data_set.set_string(tags::CodeValue, VR::SH, "CODE");
    sequence.items.push_back(std::move(first));
    sequence.items.push_back(Item{});
    ds.set(Element(tags::SelectorCodeSequenceValue, VR::SQ, Value(std::move(sequence))));
    ds.set(Element(tags::SelectorOVValue, VR::OV, encode_integers(VR::OV, {1})));
    ds.set(Element(tags::SelectorSVValue, VR::SV, encode_integers(VR::SV, {std::numeric_limits<int64_t>::min()})));
    ds.set(Element(tags::SelectorUVValue, VR::UV, encode_integers(VR::UV, {-1})));  // 2^64 - 1
    ds.set_string(Tag(0x0073, 0x0010), VR::LO, "ACME ");
    ds.set(Element(Tag(0x0073, 0x1001), VR::US, encode_integers(VR::US, {7})));
    return ds;
}

// Written by hand from PS3.18 F.2; the numbers in the layout of Python's repr.
constexpr std::string_view every_vr_json =
    R"({"00080005":{"vr":"CS","Value":["ISO_IR 192"]},)"
    R"("00720040":{"vr":"LO"},)"
    R"("0072005E":{"vr":"AE","Value":["STORESCP"]},)"
    R"("0072005F":{"vr":"AS","Value":["042Y"]},)"
    R"("00720060":{"vr":"AT","Value":["00181063","00100010"]},)"
    R"("00720061":{"vr":"DA","Value":["20240131"]},)"
    R"("00720062":{"vr":"CS","Value":["ORIGINAL","PRIMARY",null,"AXIAL"]},)"
    R"("00720063":{"vr":"DT","Value":["20240131101010.5+0100"]},)"
    R"("00720064":{"vr":"IS","Value":[12,-3]},)"
    R"("00720065":{"vr":"OB","InlineBinary":"AQIDAA=="},)"
    R"("00720066":{"vr":"LO","Value":["Müller"]},)"
    R"("00720067":{"vr":"OF","InlineBinary":"AADAPw=="},)"
    R"("00720068":{"vr":"LT","Value":["  two\\lines\r\n"]},)"
    R"("00720069":{"vr":"OW","InlineBinary":"AgH//w=="},)"
    R"("0072006A":{"vr":"PN","Value":[{"Alphabetic":"Yamada^Tarou","Ideographic":"山田^太郎","Phonetic":"やまだ^たろう"},)"
    R"({"Alphabetic":"^Bob^^Dr."},null,{"Ideographic":"Only"}]},)"
    R"("0072006B":{"vr":"TM","Value":["101010.5"]},)"
    R"("0072006C":{"vr":"SH","Value":["A","B"]},)"
    R"("0072006D":{"vr":"UN","InlineBinary":"YWI="},)"
    R"("0072006E":{"vr":"ST","Value":["text \"quoted\""]},)"
    R"("0072006F":{"vr":"UC","Value":["unlimited","chars"]},)"
    R"("00720070":{"vr":"UT","Value":["ut\\value"]},)"
    R"("00720071":{"vr":"UR","Value":["http://example.com/a%20b"]},)"
    R"("00720072":{"vr":"DS","Value":[2.5,1e-05,-0.0,100.0]},)"
    R"("00720073":{"vr":"OD","InlineBinary":"mpmZmZmZuT8="},)"
    R"("00720074":{"vr":"FD","Value":["NaN","Infinity","-Infinity",-1.5,1e+300]},)"
    R"("00720075":{"vr":"OL","InlineBinary":"AQAAAA=="},)"
    R"("00720076":{"vr":"FL","Value":[0.10000000149011612]},)"
    R"("00720078":{"vr":"UL","Value":[4294967295]},)"
    R"("0072007A":{"vr":"US","Value":[0,65535]},)"
    R"("0072007C":{"vr":"SL","Value":[-2147483648]},)"
    R"("0072007E":{"vr":"SS","Value":[-1]},)"
    R"("0072007F":{"vr":"UI","Value":["1.2.840.10008.1.2.1"]},)"
    R"("00720080":{"vr":"SQ","Value":[{"00080100":{"vr":"SH","Value":["CODE"]}},{}]},)"
    R"("00720081":{"vr":"OV","InlineBinary":"AQAAAAAAAAA="},)"
    R"("00720082":{"vr":"SV","Value":[-9223372036854775808]},)"
    R"("00720083":{"vr":"UV","Value":[18446744073709551615]},)"
    R"("00730010":{"vr":"LO","Value":["ACME"]},)"
    R"("00731001":{"vr":"US","Value":[7]}})";

TEST(JsonWriter, EveryVrCompact)
{
    auto json = write_json(every_vr());
    ASSERT_TRUE(json) << json.error().message;
    EXPECT_EQ(*json, every_vr_json);
}

TEST(JsonWriter, IndentIsTheLayoutOfJsonDumps)
{
    auto json = write_json(every_vr(), JsonWriteOptions().with_indent(2));
    ASSERT_TRUE(json) << json.error().message;
    // nlohmann's dump(2) of the compact text (member order kept) is the reference layout.
    EXPECT_EQ(*json, nlohmann::ordered_json::parse(every_vr_json).dump(2));
    EXPECT_NE(json->find("\n  \"00080005\": {\n    \"vr\": \"CS\",\n    \"Value\": [\n      \"ISO_IR 192\"\n"),
              std::string::npos);
    EXPECT_NE(json->find("\"Value\": [\n      {\n        \"00080100\": {\n"), std::string::npos);
    auto empty = write_json(DataSet(), JsonWriteOptions().with_indent(1));
    EXPECT_EQ(*empty, "{}");
}

TEST(JsonWriter, EmptyValuesHaveNoValueKey)
{
    DataSet ds;
    ds.set_string(tags::PatientName, VR::PN, "");
    ds.set_string(tags::PatientID, VR::LO, "    ");  // only padding: empty (PS3.5 6.2)
    ds.set(Element(tags::ReferencedImageSequence, VR::SQ, Value(Sequence{})));
    ds.set(Element(tags::PixelData, VR::OW, std::string()));
    ds.set(Element(tags::Rows, VR::US, std::string()));
    EXPECT_EQ(*write_json(ds), R"({"00081140":{"vr":"SQ"},"00100010":{"vr":"PN"},"00100020":{"vr":"LO"},)"
                               R"("00280010":{"vr":"US"},"7FE00010":{"vr":"OW"}})");
}

TEST(JsonWriter, StringsDecodedWithTheCharacterSetItemsInherit)
{
    DataSet ds;
    ds.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 100");
    ds.set_string(tags::PatientName, VR::PN, "M\xFCller^J\xF6rg");  // Latin-1
    Sequence sequence;
    Item inherits;
    inherits.data_set.set_string(tags::PatientName, VR::PN, "G\xE9rard");
    Item own;
    own.data_set.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 192");
    own.data_set.set_string(tags::PatientName, VR::PN, "G\xC3\xA9rard");  // UTF-8
    sequence.items = {inherits, own};
    ds.set(Element(tags::OtherPatientIDsSequence, VR::SQ, Value(std::move(sequence))));
    auto json = nlohmann::json::parse(*write_json(ds));
    EXPECT_EQ(json["00100010"]["Value"][0]["Alphabetic"], "Müller^Jörg");
    EXPECT_EQ(json["00101002"]["Value"][0]["00100010"]["Value"][0]["Alphabetic"], "Gérard");
    EXPECT_EQ(json["00101002"]["Value"][1]["00100010"]["Value"][0]["Alphabetic"], "Gérard");
}

TEST(JsonWriter, ControlCharactersAndBrokenUtf8StayValidJson)
{
    DataSet ds;
    ds.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 192");
    ds.set_string(tags::PatientComments, VR::LT, std::string("a\x01\tb\x1F\xFF\xC3", 8));
    auto json = write_json(ds);
    EXPECT_EQ(*json, "{\"00080005\":{\"vr\":\"CS\",\"Value\":[\"ISO_IR 192\"]},"
                     "\"00104000\":{\"vr\":\"LT\",\"Value\":[\"a\\u0001\\tb\\u001f\xEF\xBF\xBD\xEF\xBF\xBD\"]}}");
    EXPECT_TRUE(nlohmann::json::accept(*json));
}

TEST(JsonWriter, InvalidNumbersFollowThePolicy)
{
    DataSet ds;
    ds.set_string(tags::SliceThickness, VR::DS, "1.9.10.0");
    ds.set_string(tags::InstanceNumber, VR::IS, "1A\\2");
    ds.set_string(tags::PixelSpacing, VR::DS, "nan\\1");  // PS3.5 6.2 has no NaN in DS
    ds.set(Element(tags::Rows, VR::US, bytes({1, 2, 3})));
    EXPECT_EQ(*write_json(ds), R"({"00180050":{"vr":"DS","Value":["1.9.10.0"]},)"
                               R"("00200013":{"vr":"IS","Value":["1A","2"]},)"
                               R"("00280030":{"vr":"DS","Value":["nan","1"]}})");
    EXPECT_EQ(*write_json(ds, JsonWriteOptions().with_invalid_numbers(InvalidNumberPolicy::OmitElement)), "{}");
    auto failed = write_json(ds, JsonWriteOptions().with_invalid_numbers(InvalidNumberPolicy::Fail));
    ASSERT_FALSE(failed);
    EXPECT_NE(failed.error().message.find("00180050 DS"), std::string::npos) << failed.error().message;
    EXPECT_NE(failed.error().message.find("1.9.10.0"), std::string::npos) << failed.error().message;
}

TEST(JsonWriter, NumbersAsPythonReprs)
{
    EXPECT_EQ(format_double(1.0), "1.0");
    EXPECT_EQ(format_double(0.0001), "0.0001");
    EXPECT_EQ(format_double(0.00001), "1e-05");
    EXPECT_EQ(format_double(1e15), "1000000000000000.0");
    EXPECT_EQ(format_double(1e16), "1e+16");
    EXPECT_EQ(format_double(123456.789), "123456.789");
    EXPECT_EQ(format_double(-2.5e-300), "-2.5e-300");
    EXPECT_EQ(format_double(double(1.9f)), "1.899999976158142");
    EXPECT_EQ(format_double(-0.0), "-0.0");
    EXPECT_EQ(format_decimal_string(0.1234567890123456789), "0.12345678901235");
    EXPECT_LE(format_decimal_string(-1.2345678901234567e-100).size(), 16u);
    EXPECT_EQ(*number_text(" +0012 ", VR::IS), "12");
    EXPECT_EQ(*number_text("12.0", VR::IS), "12");
    EXPECT_EQ(*number_text(".5", VR::DS), "0.5");
    EXPECT_FALSE(number_text("1.5", VR::IS));
    EXPECT_FALSE(number_text("inf", VR::DS));
}

TEST(JsonWriter, BulkDataUriAboveTheThreshold)
{
    DataSet ds;
    ds.set(Element(tags::RedPaletteColorLookupTableData, VR::OW, std::string(8, '\x01')));
    ds.set(Element(tags::GreenPaletteColorLookupTableData, VR::OW, std::string(10, '\x02')));
    Sequence sequence;
    Item item;
    item.data_set.set(Element(tags::EncapsulatedDocument, VR::OB, std::string(12, 'x')));
    sequence.items = {Item{}, item};
    ds.set(Element(tags::ReferencedImageSequence, VR::SQ, Value(std::move(sequence))));
    std::vector<std::string> asked;
    auto maker = [&](const BulkDataRequest& request) -> Result<std::string> {
        std::string uri = "bulk";
        for (const auto& step : request.parents)
            uri += fmt::format("/{:08X}/{}", step.sequence.value, step.item);
        uri += fmt::format("/{:08X}?length={}", request.element.tag.value, request.length);
        asked.push_back(uri);
        return uri;
    };
    auto json = nlohmann::json::parse(*write_json(ds, JsonWriteOptions().with_bulk_data(8, maker)));
    EXPECT_EQ(json["00281201"]["InlineBinary"], "AQEBAQEBAQE=");  // 8 bytes: not over the threshold
    EXPECT_EQ(json["00281202"]["BulkDataURI"], "bulk/00281202?length=10");
    EXPECT_EQ(json["00081140"]["Value"][1]["00420011"]["BulkDataURI"], "bulk/00081140/1/00420011?length=12");
    EXPECT_EQ(asked.size(), 2u);

    auto failing = [](const BulkDataRequest&) -> Result<std::string> { return make_error(Errc::Io, "no store"); };
    auto failed = write_json(ds, JsonWriteOptions().with_bulk_data(8, failing));
    ASSERT_FALSE(failed);
    EXPECT_NE(failed.error().message.find("no store"), std::string::npos);
}

TEST(JsonWriter, EncapsulatedPixelDataIsTheWholeItemSequence)
{
    Fragments fragments;
    fragments.items.push_back(BulkData::owned({0xFF, 0xD8, 0xFF, 0xD9}));
    DataSet ds;
    ds.set(Element(tags::PixelData, VR::OB, Value(std::move(fragments))));
    // PS3.5 A.4: empty offset table item, then one fragment item (FFFE,E000) of length 4.
    std::vector<uint8_t> expected = {0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0, 0xFE, 0xFF, 0x00, 0xE0,
                                     4,    0,    0,    0,    0xFF, 0xD8, 0xFF, 0xD9};
    auto json = nlohmann::json::parse(*write_json(ds));
    EXPECT_EQ(json["7FE00010"]["vr"], "OB");
    EXPECT_EQ(json["7FE00010"]["InlineBinary"], base64_encode(expected));
    uint64_t length = 0;
    auto maker = [&](const BulkDataRequest& request) -> Result<std::string> {
        length = request.length;
        return std::string("pixels");
    };
    auto bulk = nlohmann::json::parse(*write_json(ds, JsonWriteOptions().with_bulk_data(0, maker)));
    EXPECT_EQ(bulk["7FE00010"]["BulkDataURI"], "pixels");
    EXPECT_EQ(length, expected.size());
}

TEST(JsonWriter, MetaAndDataSetMergedInTagOrder)
{
    DataSet meta;
    meta.set(Element(Tag(0x0002, 0x0000), VR::UL, encode_integers(VR::UL, {50})));
    meta.set_string(tags::TransferSyntaxUID, VR::UI, "1.2.840.10008.1.2.1");
    DataSet ds;
    ds.set_string(Tag(0x0001, 0x0001), VR::LO, "odd");
    ds.set_string(tags::TransferSyntaxUID, VR::UI, "1.2.3");  // a duplicate: the meta wins
    ds.set_string(tags::PatientID, VR::LO, "P1");
    EXPECT_EQ(*write_json(meta, ds), R"({"00010001":{"vr":"LO","Value":["odd"]},)"
                                     R"("00020010":{"vr":"UI","Value":["1.2.840.10008.1.2.1"]},)"
                                     R"("00100020":{"vr":"LO","Value":["P1"]}})");
}

TEST(JsonWriter, UnknownLengthUnSequenceIsWrittenAsSq)
{
    Sequence sequence;
    sequence.items.push_back(Item{});
    DataSet ds;
    ds.set(Element(Tag(0x0009, 0x1001), VR::UN, Value(std::move(sequence))));
    ds.set(Element(Tag(0xFFFE, 0xE0DD), VR::None, std::string()));  // a stray delimiter
    EXPECT_EQ(*write_json(ds), R"({"00091001":{"vr":"SQ","Value":[{}]}})");
}

TEST(JsonWriter, ArrayOfDataSets)
{
    DataSet a;
    a.set_string(tags::PatientID, VR::LO, "A");
    std::vector<DataSet> sets = {a, DataSet()};
    EXPECT_EQ(*write_json_array(sets), R"([{"00100020":{"vr":"LO","Value":["A"]}},{}])");
    EXPECT_EQ(*write_json_array(sets, JsonWriteOptions().with_indent(1)),
              "[\n {\n  \"00100020\": {\n   \"vr\": \"LO\",\n   \"Value\": [\n    \"A\"\n   ]\n  }\n },\n {}\n]");
}

// --- reader ---

TEST(JsonReader, RoundTripEveryVr)
{
    auto first = write_json(every_vr());
    ASSERT_TRUE(first);
    auto read = read_json(*first);
    ASSERT_TRUE(read) << read.error().message;
    auto second = write_json(*read);
    ASSERT_TRUE(second);
    EXPECT_EQ(*second, *first);
    // Values are encoded PS3.5 style: padded to even length, multiple values joined by backslash.
    EXPECT_EQ(read->find(tags::SelectorCSValue)->raw_text(), "ORIGINAL\\PRIMARY\\\\AXIAL ");
    EXPECT_EQ(read->find(tags::SelectorUIValue)->raw_text(), std::string_view("1.2.840.10008.1.2.1\0", 20));
    EXPECT_EQ(read->find(tags::SelectorISValue)->raw_text(), "12\\-3 ");
    EXPECT_EQ(read->find(tags::SelectorDSValue)->raw_text(), "2.5\\1e-05\\-0.0\\100.0");
    EXPECT_EQ(read->find(tags::SelectorOBValue)->raw_text(), bytes({1, 2, 3, 0}));
    EXPECT_EQ(read->find(tags::SelectorUVValue)->raw_text(), std::string(8, '\xFF'));
    EXPECT_EQ(read->find(tags::SelectorPNValue)->raw_text().substr(0, 13), "Yamada^Tarou=");
    EXPECT_TRUE(read->find(tags::ImageSetLabel)->raw_text().empty());
    const auto* sequence = read->find(tags::SelectorCodeSequenceValue)->sequence();
    ASSERT_NE(sequence, nullptr);
    ASSERT_EQ(sequence->items.size(), 2u);
    EXPECT_TRUE(sequence->items[1].data_set.empty());
    auto fd = float_values(*read->find(tags::SelectorFDValue));
    EXPECT_TRUE(std::isnan((*fd)[0]));
    EXPECT_EQ((*fd)[2], -std::numeric_limits<double>::infinity());
}

TEST(JsonReader, StringsEncodedIntoTheCharacterSet)
{
    auto ds = read_json(R"({"00100010":{"vr":"PN","Value":[{"Alphabetic":"Müller","Ideographic":""}]},)"
                        R"("00080005":{"vr":"CS","Value":["ISO_IR 100"]},)"
                        R"("00081140":{"vr":"SQ","Value":[{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Jörg"}]}},)"
                        R"({"00080005":{"vr":"CS","Value":["ISO_IR 192"]},"00100010":{"vr":"PN","Value":["Jörg"]}}]}})");
    ASSERT_TRUE(ds) << ds.error().message;
    EXPECT_EQ(ds->find(tags::PatientName)->raw_text(), "M\xFCller");  // trailing empty group dropped
    const auto& items = ds->find(tags::ReferencedImageSequence)->sequence()->items;
    EXPECT_EQ(items[0].data_set.find(tags::PatientName)->raw_text(), "J\xF6rg");
    EXPECT_EQ(items[1].data_set.find(tags::PatientName)->raw_text(), "J\xC3\xB6rg ");
}

TEST(JsonReader, NumbersBecomeDecimalAndIntegerStrings)
{
    auto ds = read_json(R"({"00180050":{"vr":"DS","Value":[0.1234567890123456789,2,"  3.50 ",null]},)"
                        R"("00200013":{"vr":"IS","Value":[7.0,-12,"0042"]},)"
                        R"("00280010":{"vr":"US","Value":[512.0]},)"
                        R"("00720083":{"vr":"UV","Value":["18446744073709551615"]},)"
                        R"("00720082":{"vr":"SV","Value":[-5]}})");
    ASSERT_TRUE(ds) << ds.error().message;
    EXPECT_EQ(ds->find(tags::SliceThickness)->raw_text(), "0.12345678901235\\2\\  3.50 \\ ");
    EXPECT_EQ(ds->find(tags::InstanceNumber)->raw_text(), "7\\-12\\0042");
    EXPECT_EQ(*ds->find_integer(tags::Rows), 512);
    EXPECT_EQ((*unsigned_values(*ds->find(tags::SelectorUVValue)))[0], std::numeric_limits<uint64_t>::max());
    EXPECT_EQ((*integer_values(*ds->find(tags::SelectorSVValue)))[0], -5);
}

TEST(JsonReader, InlineBinaryAndBulkData)
{
    auto inline_forms = read_json(R"({"00420011":{"vr":"OB","InlineBinary":["AQID"]},"7FE00010":{"vr":"OW","InlineBinary":"AgH//w=="}})");
    ASSERT_TRUE(inline_forms) << inline_forms.error().message;
    EXPECT_EQ(inline_forms->find(tags::EncapsulatedDocument)->raw_text(), bytes({1, 2, 3}));
    EXPECT_EQ(inline_forms->find(tags::PixelData)->raw_text(), bytes({2, 1, 0xFF, 0xFF}));

    std::string_view with_uri = R"({"7FE00010":{"vr":"OW","BulkDataURI":"http://host/bulk/1"}})";
    auto unresolved = read_json(with_uri);
    ASSERT_FALSE(unresolved);
    EXPECT_EQ(unresolved.error().code, Errc::Unsupported);
    EXPECT_NE(unresolved.error().message.find("/7FE00010/BulkDataURI"), std::string::npos) << unresolved.error().message;

    auto resolved = read_json(with_uri, JsonReadOptions().with_bulk_data_resolver(
                                            [](std::string_view uri, Tag tag, VR vr) -> Result<BulkData> {
                                                EXPECT_EQ(uri, "http://host/bulk/1");
                                                EXPECT_EQ(tag, tags::PixelData);
                                                EXPECT_EQ(vr, VR::OW);
                                                return BulkData::owned({9, 8});
                                            }));
    ASSERT_TRUE(resolved) << resolved.error().message;
    EXPECT_EQ(resolved->find(tags::PixelData)->raw_text(), bytes({9, 8}));
}

TEST(JsonReader, ErrorsNameThePointerAndTag)
{
    struct Case {
        std::string_view json;
        std::string_view where;
    };
    const Case cases[] = {
        {R"({"00100010":{"vr":"XX"}})", "/00100010/vr"},
        {R"({"0010001":{"vr":"PN"}})", "/0010001"},
        {R"({"00100010":{"Value":["A"]}})", "/00100010"},
        {R"({"00100020":{"vr":"LO","Value":"A"}})", "/00100020/Value (0010,0020) LO"},
        {R"({"00280010":{"vr":"US","Value":[1,65536]}})", "/00280010/Value/1 (0028,0010) US"},
        {R"({"00280010":{"vr":"US","Value":[1.5]}})", "/00280010/Value/0"},
        {R"({"00200013":{"vr":"IS","Value":[1.5]}})", "/00200013/Value/0"},
        {R"({"00081140":{"vr":"SQ","Value":[{"00100010":{"vr":"PN","Value":[{"Nickname":"x"}]}}]}})",
         "/00081140/Value/0/00100010/Value/0"},
        {R"({"00280009":{"vr":"AT","Value":["0018106"]}})", "/00280009/Value/0"},
        {R"({"00104000":{"vr":"LT","Value":["a","b"]}})", "/00104000/Value"},
        {R"({"00100020":{"vr":"LO","Value":["a\\b"]}})", "/00100020/Value/0"},
        {R"({"00080060":{"vr":"CS","Value":["日本"]}})", "/00080060/Value"},
        {R"({"00420011":{"vr":"OB","InlineBinary":"AQ!D"}})", "/00420011/InlineBinary"},
        {R"({"00420011":{"vr":"OB","Value":[1]}})", "/00420011/Value"},
        {R"({"00100020":{"vr":"LO","Value":["a"],"InlineBinary":"AA=="}})", "/00100020"},
        {R"({"00080005":{"vr":"CS","Value":["NO SUCH SET"]}})", "/00080005"},
        {R"({"00100010":{"vr":"PN","Value":["山"]}})", "/00100010/Value"},  // not in the default repertoire
        {R"([])", "/"},
        {R"({"00100010":)", "JSON syntax"},
    };
    for (const auto& c : cases) {
        auto result = read_json(c.json);
        ASSERT_FALSE(result) << c.json;
        EXPECT_NE(result.error().message.find(c.where), std::string::npos)
            << c.json << " -> " << result.error().message;
    }
}

TEST(JsonReader, DeepNestingIsRefused)
{
    std::string json;
    for (int i = 0; i < 70; ++i)
        json += R"({"00081140":{"vr":"SQ","Value":[)";
    json += "{}";
    for (int i = 0; i < 70; ++i)
        json += "]}}";
    auto result = read_json(json);
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().message.find("nested deeper"), std::string::npos) << result.error().message;
}

TEST(JsonReader, ArrayOfObjects)
{
    auto sets = read_json_array(R"([{"00100020":{"vr":"LO","Value":["A"]}},{}])");
    ASSERT_TRUE(sets) << sets.error().message;
    ASSERT_EQ(sets->size(), 2u);
    EXPECT_EQ(*(*sets)[0].find_string(tags::PatientID), "A");
    auto bad = read_json_array(R"([{},{"00100020":{"vr":"LO","Value":[1]}}])");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("/1/00100020/Value/0"), std::string::npos) << bad.error().message;
}

TEST(JsonBase64, RoundTripAndErrors)
{
    for (size_t n = 0; n < 7; ++n) {
        std::vector<uint8_t> data;
        for (size_t i = 0; i < n; ++i)
            data.push_back(uint8_t(0xF0 + i));
        auto decoded = base64_decode(base64_encode(data));
        ASSERT_TRUE(decoded);
        EXPECT_EQ(*decoded, data);
    }
    EXPECT_EQ(base64_encode(std::vector<uint8_t>{'M', 'a', 'n'}), "TWFu");
    EXPECT_EQ(*base64_decode("TW\nE="), (std::vector<uint8_t>{'M', 'a'}));
    EXPECT_FALSE(base64_decode("TWFuT"));  // ends six bits into a byte
    EXPECT_FALSE(base64_decode("T=Fu"));
}

}  // namespace
}  // namespace roentgen
