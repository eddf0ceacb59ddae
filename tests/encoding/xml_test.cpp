// tests/encoding/xml_test.cpp — Native DICOM Model XML (PS3.19 A.1) writer on hand-built data sets.
#include <gtest/gtest.h>

#include <cmath>

#include <fmt/format.h>

#include "dict/generated/tags.h"
#include "encoding/xml_writer.h"
#include "model/element_values.h"

namespace roentgen {
namespace {

DataSet sample()
{
    DataSet ds;
    ds.set_string(tags::SpecificCharacterSet, VR::CS, "ISO_IR 192");
    ds.set_string(tags::ImageType, VR::CS, "MPG\\\\XR3 ");  // the PS3.19 A.1.5 example of an empty value
    ds.set_string(Tag(0x0009, 0x0010), VR::LO, "ACME 1.0");
    ds.set_string(Tag(0x0009, 0x1002), VR::SH, "a<b&c>\"");
    ds.set_string(tags::PatientName, VR::PN,
                  "Yamada^Tarou=\xE5\xB1\xB1\xE7\x94\xB0^\xE5\xA4\xAA\xE9\x83\x8E=\xE3\x82\x84\xE3\x81\xBE\xE3\x81\xA0^"
                  "\xE3\x81\x9F\xE3\x82\x8D\xE3\x81\x86\\Adams^John Robert^^Rev.^B.A. \\");
    ds.set_string(tags::PatientID, VR::LO, "");
    ds.set(Element(Tag(0x0011, 0x1001), VR::UN, std::string("\x01\x02", 2)));  // no creator for its block
    ds.set(Element(tags::DiffusionGradientOrientation, VR::FD, encode_floats(VR::FD, {std::nan(""), 1.5})));
    ds.set_string(tags::InstanceNumber, VR::IS, " 7 ");
    ds.set(Element(Tag(0x0028, 0x0000), VR::UL, encode_integers(VR::UL, {8})));
    ds.set(Element(tags::FrameIncrementPointer, VR::AT, encode_integers(VR::AT, {0x00181063})));
    ds.set(Element(tags::Rows, VR::US, encode_integers(VR::US, {512})));
    Sequence sequence;
    Item item;
    item.data_set.set_string(tags::ScheduledProcedureStepDescription, VR::LO, "step\r\n");
    sequence.items.push_back(std::move(item));
    ds.set(Element(tags::RequestAttributesSequence, VR::SQ, Value(std::move(sequence))));
    ds.set(Element(tags::EncapsulatedDocument, VR::OB, std::string("\x01\x02\x03", 3)));
    ds.set(Element(tags::PixelData, VR::OW, std::string("\x01\x02\x03\x04", 4)));
    return ds;
}

constexpr std::string_view sample_xml =
    R"(<?xml version="1.0" encoding="UTF-8"?>)"
    R"(<NativeDicomModel xmlns="http://dicom.nema.org/PS3.19/models/NativeDICOM" xml:space="preserve">)"
    R"(<DicomAttribute tag="00080005" vr="CS" keyword="SpecificCharacterSet"><Value number="1">ISO_IR 192</Value></DicomAttribute>)"
    R"(<DicomAttribute tag="00080008" vr="CS" keyword="ImageType"><Value number="1">MPG</Value><Value number="2"/>)"
    R"(<Value number="3">XR3</Value></DicomAttribute>)"
    R"(<DicomAttribute tag="00090002" vr="SH" privateCreator="ACME 1.0"><Value number="1">a&lt;b&amp;c&gt;"</Value></DicomAttribute>)"
    R"(<DicomAttribute tag="00100010" vr="PN" keyword="PatientName"><PersonName number="1">)"
    R"(<Alphabetic><FamilyName>Yamada</FamilyName><GivenName>Tarou</GivenName></Alphabetic>)"
    R"(<Ideographic><FamilyName>山田</FamilyName><GivenName>太郎</GivenName></Ideographic>)"
    R"(<Phonetic><FamilyName>やまだ</FamilyName><GivenName>たろう</GivenName></Phonetic></PersonName>)"
    R"(<PersonName number="2"><Alphabetic><FamilyName>Adams</FamilyName><GivenName>John Robert</GivenName>)"
    R"(<NamePrefix>Rev.</NamePrefix><NameSuffix>B.A.</NameSuffix></Alphabetic></PersonName>)"
    R"(<PersonName number="3"/></DicomAttribute>)"
    R"(<DicomAttribute tag="00100020" vr="LO" keyword="PatientID"/>)"
    R"(<DicomAttribute tag="00111001" vr="UN"><InlineBinary>AQI=</InlineBinary></DicomAttribute>)"
    R"(<DicomAttribute tag="00189089" vr="FD" keyword="DiffusionGradientOrientation"><Value number="1">NaN</Value>)"
    R"(<Value number="2">1.5</Value></DicomAttribute>)"
    R"(<DicomAttribute tag="00200013" vr="IS" keyword="InstanceNumber"><Value number="1">7</Value></DicomAttribute>)"
    R"(<DicomAttribute tag="00280009" vr="AT" keyword="FrameIncrementPointer"><Value number="1">00181063</Value></DicomAttribute>)"
    R"(<DicomAttribute tag="00280010" vr="US" keyword="Rows"><Value number="1">512</Value></DicomAttribute>)"
    R"(<DicomAttribute tag="00400275" vr="SQ" keyword="RequestAttributesSequence"><Item number="1">)"
    R"(<DicomAttribute tag="00400007" vr="LO" keyword="ScheduledProcedureStepDescription"><Value number="1">step&#13;)"
    "\n"
    R"(</Value></DicomAttribute></Item></DicomAttribute>)"
    R"(<DicomAttribute tag="00420011" vr="OB" keyword="EncapsulatedDocument"><InlineBinary>AQID</InlineBinary></DicomAttribute>)"
    R"(<DicomAttribute tag="7FE00010" vr="OW" keyword="PixelData"><BulkData uri="http://x/bulk?a=1&amp;b=&quot;7FE00010&quot;"/></DicomAttribute>)"
    R"(</NativeDicomModel>)";

XmlWriteOptions sample_options()
{
    return XmlWriteOptions().with_bulk_data(3, [](const BulkDataRequest& request) -> Result<std::string> {
        return fmt::format("http://x/bulk?a=1&b=\"{:08X}\"", request.element.tag.value);
    });
}

TEST(XmlWriter, NativeDicomModel)
{
    auto xml = write_xml(sample(), sample_options());
    ASSERT_TRUE(xml) << xml.error().message;
    EXPECT_EQ(*xml, sample_xml);
}

TEST(XmlWriter, IndentPutsEachElementOnItsLine)
{
    auto xml = write_xml(sample(), sample_options().with_indent(2));
    ASSERT_TRUE(xml) << xml.error().message;
    EXPECT_TRUE(xml->starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<NativeDicomModel "));
    EXPECT_NE(xml->find("\n  <DicomAttribute tag=\"00080008\" vr=\"CS\" keyword=\"ImageType\">\n"
                        "    <Value number=\"1\">MPG</Value>\n    <Value number=\"2\"/>\n"),
              std::string::npos)
        << *xml;
    EXPECT_NE(xml->find("\n    <Item number=\"1\">\n      <DicomAttribute tag=\"00400007\""), std::string::npos) << *xml;
    EXPECT_NE(xml->find("\n    <PersonName number=\"1\">\n      <Alphabetic>\n        <FamilyName>Yamada</FamilyName>"),
              std::string::npos)
        << *xml;
    EXPECT_TRUE(xml->ends_with("  </DicomAttribute>\n</NativeDicomModel>\n"));
    // Take the whitespace out and the compact document is left.
    std::string compact;
    bool in_tag_gap = false;
    for (size_t i = 0; i < xml->size(); ++i) {
        char c = (*xml)[i];
        if (c == '\n' && (i + 1 == xml->size() || (*xml)[i + 1] == ' ' || (*xml)[i + 1] == '<') &&
            i > 0 && (*xml)[i - 1] == '>') {
            in_tag_gap = true;
            continue;
        }
        if (in_tag_gap && c == ' ')
            continue;
        in_tag_gap = false;
        compact.push_back(c);
    }
    EXPECT_EQ(compact, sample_xml);
}

TEST(XmlWriter, MetaMergedAndControlCharactersReplaced)
{
    DataSet meta;
    meta.set_string(tags::TransferSyntaxUID, VR::UI, "1.2.840.10008.1.2.1");
    DataSet ds;
    ds.set_string(tags::PatientComments, VR::LT, std::string("a\x01" "b\tc", 5));
    auto xml = write_xml(meta, ds);
    ASSERT_TRUE(xml);
    EXPECT_NE(xml->find(R"(<DicomAttribute tag="00020010" vr="UI" keyword="TransferSyntaxUID"><Value number="1">)"
                        R"(1.2.840.10008.1.2.1</Value></DicomAttribute><DicomAttribute tag="00104000")"),
              std::string::npos)
        << *xml;
    EXPECT_NE(xml->find("<Value number=\"1\">a\xEF\xBF\xBD" "b\tc</Value>"), std::string::npos) << *xml;
}

TEST(XmlWriter, BrokenBinaryLengthFollowsThePolicy)
{
    DataSet ds;
    ds.set(Element(tags::Rows, VR::US, std::string("\x01\x02\x03", 3)));
    auto omitted = write_xml(ds);
    ASSERT_TRUE(omitted);
    EXPECT_EQ(omitted->find("00280010"), std::string::npos);
    XmlWriteOptions strict;
    strict.invalid_numbers = InvalidNumberPolicy::Fail;
    auto failed = write_xml(ds, strict);
    ASSERT_FALSE(failed);
    EXPECT_NE(failed.error().message.find("(0028,0010)"), std::string::npos) << failed.error().message;
}

}  // namespace
}  // namespace roentgen
