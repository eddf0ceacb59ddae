// tests/model/element_values_test.cpp — typed reads and writes of values: strings by VM, numbers, tags (PS3.5 6.2).
#include "model/element_values.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "dict/generated/tags.h"

namespace roentgen {
namespace {

using Strings = std::vector<std::string_view>;

Element element(VR vr, std::string bytes)
{
    return Element(Tag(0x0011, 0x1001), vr, std::move(bytes));
}
Element element(VR vr, std::initializer_list<uint8_t> bytes)
{
    return Element(Tag(0x0011, 0x1001), vr, std::string(bytes.begin(), bytes.end()));
}

// A source that cannot be viewed in place (like a temporary file): bytes() is empty, load() reads.
class ReadOnlySource final : public ByteSource {
public:
    explicit ReadOnlySource(std::vector<uint8_t> bytes) : m_bytes(std::move(bytes)) {}
    uint64_t size() const override { return m_bytes.size(); }
    std::span<const uint8_t> contiguous() const override { return {}; }
    Result<void> read(uint64_t offset, std::span<uint8_t> out) const override
    {
        if (offset + out.size() > m_bytes.size())
            return make_error(Errc::Truncated, "past the end");
        std::memcpy(out.data(), m_bytes.data() + offset, out.size());
        return {};
    }
    const std::string& name() const override { return m_name; }

private:
    std::vector<uint8_t> m_bytes;
    std::string m_name = "read-only";
};

// --- strings ----------------------------------------------------------------------------------

TEST(StringValues, SplitsOnBackslashAndTrimsPerVR)
{
    struct Case {
        VR vr;
        std::string raw;
        Strings expected;
    };
    const Case cases[] = {
        {VR::CS, "ORIGINAL\\PRIMARY\\AXIAL ", {"ORIGINAL", "PRIMARY", "AXIAL"}},
        {VR::CS, " A \\ B ", {"A", "B"}}, // CS: leading and trailing spaces are not significant
        {VR::LO, "  Name  ", {"Name"}},
        {VR::PN, "Doe^John\\Roe^Jane ", {"Doe^John", "Roe^Jane"}},
        {VR::UI, std::string("1.2.3\\1.2.4\0", 12), {"1.2.3", "1.2.4"}}, // UI pads with NUL
        {VR::DS, " 1.5\\-2 ", {"1.5", "-2"}},
        {VR::AE, " STORESCP ", {"STORESCP"}},
        {VR::DA, "20230101\\20230102", {"20230101", "20230102"}},
        // Empty values between backslashes are kept: the VM counts them.
        {VR::CS, "A\\\\B", {"A", "", "B"}},
        {VR::CS, "\\", {"", ""}},
        // Text VRs hold one value: a backslash is a character, leading spaces are significant.
        {VR::LT, "  line one\\still one  ", {"  line one\\still one"}},
        {VR::ST, " x\\y", {" x\\y"}},
        {VR::UT, "a\\b ", {"a\\b"}},
        {VR::UR, "http://h/a\\b ", {"http://h/a\\b"}},
        // UC is multi-valued but keeps leading spaces (PS3.5 6.2: only trailing padding).
        {VR::UC, " a\\ b ", {" a", " b"}},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(split_string_values(c.raw, c.vr), c.expected) << vr_name(c.vr) << " \"" << c.raw << '"';
        EXPECT_EQ(string_values(element(c.vr, c.raw)), c.expected) << vr_name(c.vr);
    }
}

TEST(StringValues, EmptyOrPaddingOnlyGivesNoValues)
{
    EXPECT_TRUE(split_string_values("", VR::CS).empty());
    EXPECT_TRUE(split_string_values("  ", VR::LO).empty());
    EXPECT_TRUE(split_string_values(std::string("\0", 1), VR::UI).empty());
    EXPECT_TRUE(split_string_values(" ", VR::LT).empty());
}

// --- IS and DS --------------------------------------------------------------------------------

TEST(IntegerString, ParsesWhatPS3_5Allows)
{
    struct Case {
        const char* text;
        int64_t value;
    };
    const Case cases[] = {
        {"0", 0},
        {"42", 42},
        {"+1", 1},
        {"-1", -1},
        {" 12 ", 12},
        {"-2147483648", -2147483648LL},
        {"2147483647", 2147483647},
        {"007", 7},
        {"12.0", 12},
        {"-3.", -3}, // tolerated: some writers put integral decimals in IS
    };
    for (const auto& c : cases) {
        auto v = parse_integer_string(c.text);
        ASSERT_TRUE(v) << '"' << c.text << "\": " << v.error().message;
        EXPECT_EQ(*v, c.value) << c.text;
    }
}

TEST(IntegerString, RejectsWhatIsNotAnInteger)
{
    for (const char* text : {"1.5", "1e3", "1E3", "+-5", "-+5", "++1", "--1", "", " ", "+", "-", "0x10", "12a", "1 2",
                             "inf", "nan", "1,000", ".0", "1.0e1"}) {
        auto v = parse_integer_string(text);
        ASSERT_FALSE(v) << '"' << text << "\" gave " << *v;
        EXPECT_EQ(v.error().code, Errc::Malformed);
        EXPECT_EQ(v.error().message, "IS value \"" + std::string(text) + "\" is not an integer");
    }
}

TEST(DecimalString, ParsesFixedAndExponentialForms)
{
    struct Case {
        const char* text;
        double value;
    };
    const Case cases[] = {
        {"0", 0},    {"1.5", 1.5}, {"+1.5", 1.5}, {"-2.5E-3", -0.0025}, {" 1e3 ", 1000},
        {".5", 0.5}, {"5.", 5},    {"-0", 0},     {"1E+2", 100},        {"0.000001", 1e-6},
    };
    for (const auto& c : cases) {
        auto v = parse_decimal_string(c.text);
        ASSERT_TRUE(v) << '"' << c.text << "\": " << v.error().message;
        EXPECT_DOUBLE_EQ(*v, c.value) << c.text;
    }
}

TEST(DecimalString, RejectsWhatIsNotADecimal)
{
    for (const char* text : {"", " ", "abc", "1,5", "1.5.2", "+-1", "--1", "1e", "e3", "1 5", "nan", "NaN", "inf",
                             "-inf", "infinity", "0x1p3"}) {
        auto v = parse_decimal_string(text);
        ASSERT_FALSE(v) << '"' << text << "\" gave " << *v;
        EXPECT_EQ(v.error().message, "DS value \"" + std::string(text) + "\" is not a decimal number");
    }
}

// --- numbers from elements --------------------------------------------------------------------

TEST(IntegerValues, ReadsEveryBinaryIntegerVR)
{
    using V = std::vector<int64_t>;
    EXPECT_EQ(*integer_values(element(VR::US, {0x01, 0x02, 0xFF, 0xFF})), (V{0x0201, 65535}));
    EXPECT_EQ(*integer_values(element(VR::SS, {0xFF, 0xFF, 0x00, 0x80})), (V{-1, -32768}));
    EXPECT_EQ(*integer_values(element(VR::UL, {0xFF, 0xFF, 0xFF, 0xFF})), (V{4294967295}));
    EXPECT_EQ(*integer_values(element(VR::SL, {0xFE, 0xFF, 0xFF, 0xFF})), (V{-2}));
    EXPECT_EQ(*integer_values(element(VR::SV, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF})), (V{-1}));
    EXPECT_EQ(*integer_values(element(VR::SV, {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80})),
              (V{std::numeric_limits<int64_t>::min()}));
    EXPECT_EQ(*integer_values(element(VR::UV, {0x02, 0, 0, 0, 0, 0, 0, 0})), (V{2}));
    EXPECT_EQ(*integer_values(element(VR::OB, {0x00, 0x7F, 0xFF})), (V{0, 127, 255}));
    EXPECT_EQ(*integer_values(element(VR::OW, {0x34, 0x12})), (V{0x1234}));
    EXPECT_EQ(*integer_values(element(VR::OL, {0x78, 0x56, 0x34, 0x12})), (V{0x12345678}));
    EXPECT_EQ(*integer_values(element(VR::OV, {1, 0, 0, 0, 0, 0, 0, 0})), (V{1}));
    EXPECT_EQ(*integer_values(element(VR::IS, " 1\\-2\\+3 ")), (V{1, -2, 3}));
    EXPECT_TRUE(integer_values(element(VR::US, std::string()))->empty());
}

TEST(IntegerValues, UnsignedValuesKeepTheTopBit)
{
    auto max = element(VR::UV, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF});
    EXPECT_EQ(*unsigned_values(max), (std::vector<uint64_t>{std::numeric_limits<uint64_t>::max()}));
    EXPECT_EQ(*unsigned_values(element(VR::US, {0xFF, 0xFF})), (std::vector<uint64_t>{65535}));
    EXPECT_EQ(*unsigned_values(element(VR::UL, {0, 0, 0, 0x80})), (std::vector<uint64_t>{0x80000000u}));
}

TEST(IntegerValues, ErrorsNameTheElement)
{
    auto bad = integer_values(Element(tags::SeriesNumber, VR::IS, std::string("1\\x2")));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message, "(0020,0011) IS: IS value \"x2\" is not an integer");
    auto wrong_vr = integer_values(element(VR::FD, std::string(8, '\0')));
    ASSERT_FALSE(wrong_vr);
    EXPECT_EQ(wrong_vr.error().code, Errc::InvalidArgument);
    EXPECT_EQ(wrong_vr.error().message, "(0011,1001) FD does not hold integers");
    EXPECT_FALSE(integer_values(element(VR::LO, "12")));
    EXPECT_FALSE(integer_values(element(VR::AT, {0x10, 0x00, 0x10, 0x00})));
}

TEST(FloatValues, ReadsBinaryFloatsAndDecimalStrings)
{
    std::string fl(8, '\0'), fd(8, '\0');
    float f[] = {1.5f, -0.25f};
    double d = 3.141592653589793;
    std::memcpy(fl.data(), f, 8); // the tests run on little-endian hosts, as the model's values are
    std::memcpy(fd.data(), &d, 8);
    EXPECT_EQ(*float_values(element(VR::FL, fl)), (std::vector<double>{1.5, -0.25}));
    EXPECT_EQ(*float_values(element(VR::OF, fl)), (std::vector<double>{1.5, -0.25}));
    EXPECT_EQ(*float_values(element(VR::FD, fd)), (std::vector<double>{d}));
    EXPECT_EQ(*float_values(element(VR::OD, fd)), (std::vector<double>{d}));
    EXPECT_EQ(*float_values(element(VR::DS, "0.5\\-1e2 ")), (std::vector<double>{0.5, -100}));
    EXPECT_EQ(*float_values(element(VR::SS, {0xFE, 0xFF})), (std::vector<double>{-2}));
    EXPECT_EQ(*float_values(element(VR::IS, "7 ")), (std::vector<double>{7}));

    auto bad = float_values(element(VR::DS, "1.5\\1,5"));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message, "(0011,1001) DS: DS value \"1,5\" is not a decimal number");
    EXPECT_FALSE(float_values(element(VR::LO, "1.5")));
}

TEST(ElementValues, BulkDataThatMustBeReadIsRead)
{
    // A value held in a source that is not in memory (a temporary file) still has values.
    auto source = std::make_shared<ReadOnlySource>(std::vector<uint8_t>{0xAA, 0x01, 0x00, 0x02, 0x00});
    Element e(Tag(0x0011, 0x1001), VR::US, Value(BulkData(source, 1, 4)));
    auto ints = integer_values(e);
    ASSERT_TRUE(ints) << ints.error().message;
    EXPECT_EQ(*ints, (std::vector<int64_t>{1, 2}));
    Element missing(Tag(0x0011, 0x1001), VR::US, Value(BulkData(source, 3, 4))); // passes the end
    EXPECT_FALSE(integer_values(missing));
}

TEST(TagValues, ReadsGroupThenElement)
{
    auto tags = tag_values(element(VR::AT, {0x10, 0x00, 0x10, 0x00, 0xE0, 0x7F, 0x10, 0x00}));
    ASSERT_TRUE(tags);
    EXPECT_EQ(*tags, (std::vector<Tag>{Tag(0x0010, 0x0010), Tag(0x7FE0, 0x0010)}));
    auto wrong = tag_values(element(VR::UL, {0x10, 0x00, 0x10, 0x00}));
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().message, "(0011,1001) UL does not hold tags");
}

// --- writing ----------------------------------------------------------------------------------

TEST(EncodeValues, IntegersRoundTripForEveryBinaryVR)
{
    struct Case {
        VR vr;
        std::vector<int64_t> values;
        size_t bytes;
    };
    const Case cases[] = {
        {VR::US, {0, 1, 65535}, 6},
        {VR::SS, {-32768, -1, 32767}, 6},
        {VR::UL, {0, 4294967295}, 8},
        {VR::SL, {-2147483648LL, 2147483647}, 8},
        {VR::SV, {std::numeric_limits<int64_t>::min(), -1, std::numeric_limits<int64_t>::max()}, 24},
        {VR::UV, {0, 123456789012345}, 16},
        {VR::OB, {0, 255, 17}, 3},
        {VR::OW, {0x1234, 0xFFFF}, 4},
        {VR::OL, {0x12345678}, 4},
        {VR::OV, {0x0102030405060708}, 8},
    };
    for (const auto& c : cases) {
        std::string bytes = encode_integers(c.vr, c.values);
        EXPECT_EQ(bytes.size(), c.bytes) << vr_name(c.vr);
        auto back = integer_values(element(c.vr, bytes));
        ASSERT_TRUE(back) << vr_name(c.vr);
        EXPECT_EQ(*back, c.values) << vr_name(c.vr);
    }
    // Little endian on the wire of the model (PS3.5 7.3 for the default syntax).
    EXPECT_EQ(encode_integers(VR::US, {0x0102}), std::string("\x02\x01", 2));
    EXPECT_EQ(encode_integers(VR::UL, {0x01020304}), std::string("\x04\x03\x02\x01", 4));
    EXPECT_EQ(encode_integers(VR::US, {}), "");
    // Not a binary integer VR: nothing to encode.
    EXPECT_EQ(encode_integers(VR::IS, {1}), "");
}

TEST(EncodeValues, TagsRoundTripAsGroupThenElement)
{
    std::string bytes = encode_integers(VR::AT, {0x00100010, 0x7FE00010});
    EXPECT_EQ(bytes, std::string("\x10\x00\x10\x00\xE0\x7F\x10\x00", 8));
    EXPECT_EQ(*tag_values(element(VR::AT, bytes)), (std::vector<Tag>{Tag(0x0010, 0x0010), Tag(0x7FE0, 0x0010)}));
}

TEST(EncodeValues, FloatsRoundTrip)
{
    const std::vector<double> exact = {0.0, 1.5, -0.25, 1024.0};
    for (VR vr : {VR::FL, VR::OF, VR::FD, VR::OD}) {
        std::string bytes = encode_floats(vr, exact);
        EXPECT_EQ(bytes.size(), exact.size() * ((vr == VR::FL || vr == VR::OF) ? 4 : 8)) << vr_name(vr);
        EXPECT_EQ(*float_values(element(vr, bytes)), exact) << vr_name(vr);
    }
    // FL keeps single precision; FD keeps double.
    EXPECT_EQ(float_values(element(VR::FL, encode_floats(VR::FL, {0.1})))->front(), double(0.1f));
    EXPECT_EQ(float_values(element(VR::FD, encode_floats(VR::FD, {0.1})))->front(), 0.1);
    EXPECT_EQ(encode_floats(VR::DS, {1.0}), "");
}

TEST(EncodeValues, JoinStringValuesPadsToEvenLength)
{
    EXPECT_EQ(join_string_values(VR::CS, {"ORIGINAL", "PRIMARY"}), "ORIGINAL\\PRIMARY"); // 16: even
    EXPECT_EQ(join_string_values(VR::CS, {"AB", "CD"}), "AB\\CD ");
    EXPECT_EQ(join_string_values(VR::LO, {"ABCD"}), "ABCD");
    EXPECT_EQ(join_string_values(VR::UI, {"1.2.3"}), std::string("1.2.3\0", 6));
    EXPECT_EQ(join_string_values(VR::CS, {}), "");
    EXPECT_EQ(join_string_values(VR::CS, {"", ""}), "\\ ");
    // What join writes, split reads back.
    for (VR vr : {VR::CS, VR::UI, VR::LO, VR::PN, VR::DS}) {
        std::vector<std::string> values = {"1.5", "22", "333"};
        std::string joined = join_string_values(vr, values);  // split views into it: it must outlive them
        auto split = split_string_values(joined, vr);
        EXPECT_EQ(split, (Strings{"1.5", "22", "333"})) << vr_name(vr);
    }
}

} // namespace
} // namespace roentgen
