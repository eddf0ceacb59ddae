// tests/encoding/corpus_json_test.cpp — every corpus file as DICOM JSON against the pydicom reference ref/<path>.json.
//
// The references (see ../shared/corpus/README.md) are pydicom 2.3.1's to_json_dict() of the meta group and
// the data set merged, with binary values over 1024 bytes replaced by {"vr", "BulkDataLength",
// "BulkDataSHA256"} of the raw bytes in file byte order. We write the same object with write_json()
// (a bulk data URI maker that carries length and hash, so that the two can be compared), parse both
// with nlohmann and compare them as values.
//
// Where pydicom departs from PS3.18 F.2 on every file alike, the reference is normalised before the
// comparison (normalise_reference(), each rule citing the standard). Where a single file differs,
// the difference is listed in `known_differences` with the reason; nothing is skipped silently.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "base/endian.h"
#include "encoding/json_reader.h"
#include "encoding/json_writer.h"
#include "encoding/part10_file.h"
#include "support/corpus.h"
#include "support/sha256.h"

namespace roentgen {
namespace {

using Json = nlohmann::json;
using testing::corpus_dir;
using testing::corpus_files;
using testing::reference_json;
using testing::sha256_hex;

constexpr std::string_view hash_uri_prefix = "sha256:";

/// Differences accepted for one file: every diff whose JSON pointer starts with one of `pointers`.
struct KnownDifference {
    std::string_view file;
    std::vector<std::string_view> pointers;
    std::string_view reason;
};

/// Differences between our JSON and the reference that are accepted, each with its reason.
/// Each is a place where pydicom 2.3.1 is wrong and we follow the standard.
const std::vector<KnownDifference> known_differences = {
    {"fo-dicom/GH179A.dcm",
     {"/00280120", "/00281050", "/00281051", "/00281052", "/00281053", "/00281054", "/00400275", "/00400301",
      "/0040030E", "/00400310"},
     "(0028,0120) has the VR bytes 20 20, no VR: pydicom reads a 4-byte length and swallows the next ten "
     "elements into its value; DCMTK (dcmdump) and we read the 2-byte length of PS3.5 7.1.2 and keep them"},
    {"fo-dicom/RI6XDosiGap.dcm", {"/50003000/vr"},
     "pydicom leaves the implicit VR of curve data (50xx,3000) unresolved as \"OB or OW\", which is no VR "
     "(PS3.18 F.2.3); we write OW, the VR of PS3.5 A.1 for implicit VR little endian"},
    {"fo-dicom/charset/chrGB2312.dcm", {"/00100010/Value/0/Ideographic"},
     "pydicom 2.3.1 keeps the ESC $ ) A designations of ISO 2022 IR 58 in the decoded name; escape sequences "
     "select code elements and are not characters (PS3.5 6.1.2.5.3)"},
};

/// Files where pydicom 2.3.1 replaces UN by a VR from its dictionaries (config.replace_un_with_known_vr
/// for standard tags in explicit VR, its private dictionary for private tags): the data set keeps UN,
/// as read, and the JSON says UN with InlineBinary. Each such attribute is checked by giving our bytes
/// the reference's VR and writing them again: the result must equal the reference's attribute.
const std::map<std::string_view, std::string_view> un_resolved_by_pydicom = {
    {"fo-dicom/GH1308.dcm", "private GEMS tags written as UN: pydicom applies its private dictionary (not in PS3.6)"},
    {"pydicom/charset_files/chrJapMulti.dcm",
     "private GEMS tags written as UN: pydicom applies its private dictionary (not in PS3.6)"},
};

bool is_big_endian_file(const Part10File& file)
{
    return file.transfer_syntax && file.transfer_syntax->byte_order == ByteOrder::Big;
}

/// The value bytes in the file's byte order: the references hash (and inline) what pydicom holds,
/// which for big-endian files is the unswapped OW/OF/OL/OD/OV words.
std::vector<uint8_t> in_file_order(std::span<const uint8_t> bytes, VR vr, bool big_endian)
{
    std::vector<uint8_t> out(bytes.begin(), bytes.end());
    unsigned unit = swap_unit(vr);
    if (!big_endian || unit < 2)
        return out;
    for (size_t i = 0; i + unit <= out.size(); i += unit)
        std::reverse(out.begin() + long(i), out.begin() + long(i + unit));
    return out;
}

JsonWriteOptions reference_options(bool big_endian)
{
    JsonWriteOptions options;
    options.invalid_numbers = InvalidNumberPolicy::OmitElement;  // as suppress_invalid_tags=True
    options.with_bulk_data(1024, [big_endian](const BulkDataRequest& request) -> Result<std::string> {
        ROENTGEN_TRY(auto bytes, value_field(request.element));
        VR vr = request.element.is_fragments() ? VR::OB : request.element.vr;
        auto ordered = in_file_order(bytes.span(), vr, big_endian);
        return std::string(hash_uri_prefix) + std::to_string(ordered.size()) + ":" + sha256_hex(ordered);
    });
    return options;
}

/// Our JSON in the reference's terms: BulkDataURI "sha256:<length>:<hex>" becomes BulkDataLength
/// and BulkDataSHA256; big-endian InlineBinary goes back to file byte order.
void to_reference_form(Json& object, bool big_endian)
{
    for (auto& [key, attribute] : object.items()) {
        std::string vr = attribute.value("vr", "");
        if (auto uri = attribute.find("BulkDataURI"); uri != attribute.end()) {
            std::string text = uri->get<std::string>();
            auto colon = text.find(':', hash_uri_prefix.size());
            attribute["BulkDataLength"] = std::stoull(text.substr(hash_uri_prefix.size(), colon));
            attribute["BulkDataSHA256"] = text.substr(colon + 1);
            attribute.erase("BulkDataURI");
        }
        if (auto inline_binary = attribute.find("InlineBinary"); inline_binary != attribute.end() && big_endian) {
            auto bytes = base64_decode(inline_binary->get<std::string>());
            auto parsed_vr = parse_vr(vr);
            if (bytes && parsed_vr)
                *inline_binary = base64_encode(in_file_order(*bytes, *parsed_vr, true));
        }
        if (vr == "SQ" && attribute.contains("Value"))
            for (auto& item : attribute["Value"])
                to_reference_form(item, big_endian);
    }
}

std::string trim_padding(std::string text, bool leading)
{
    while (!text.empty() && text.back() == ' ')
        text.pop_back();
    size_t start = 0;
    while (leading && start < text.size() && text[start] == ' ')
        ++start;
    return text.substr(start);
}

/// Where pydicom 2.3.1 departs from PS3.18 F.2 on every file alike, the reference is brought to
/// the standard's form.
void normalise_reference(Json& object)
{
    for (auto it = object.begin(); it != object.end();) {
        // F.2.2: "Group Length (gggg,0000) attributes shall not be included"; pydicom writes them.
        if (it.key().size() == 8 && it.key().ends_with("0000")) {
            it = object.erase(it);
            continue;
        }
        auto& attribute = it.value();
        std::string vr = attribute.value("vr", "");
        if (auto value = attribute.find("Value"); value != attribute.end()) {
            if (vr == "SQ") {
                // F.2.5: an attribute with no value (here: a sequence of no items) has no "Value".
                if (value->empty()) {
                    attribute.erase(value);
                } else {
                    for (auto& item : *value)
                        if (item.is_object())
                            normalise_reference(item);
                }
            } else {
                for (auto& v : *value) {
                    // PS3.5 6.2: pydicom strips the padding of the whole value only, not of each value.
                    if (v.is_string() && vr != "UT" && vr != "ST" && vr != "LT")
                        v = trim_padding(v.get<std::string>(), vr != "UC" && vr != "UR");
                    // F.2.5: an empty value among several is null; pydicom writes "".
                    if (v.is_string() && v.get<std::string>().empty())
                        v = nullptr;
                    // F.2.2: only the non-empty name component groups are encoded.
                    if (vr == "PN" && v.is_object()) {
                        for (auto g = v.begin(); g != v.end();)
                            g = g->is_string() && g->get<std::string>().empty() ? v.erase(g) : std::next(g);
                        if (v.empty())
                            v = nullptr;
                    }
                }
            }
        }
        ++it;
    }
}

Json load_json(const std::filesystem::path& path)
{
    std::ifstream in(path);
    return Json::parse(in);
}

/// Compares two DICOM JSON objects attribute by attribute, collecting the differences.
struct Comparison {
    const Element* specific_character_set = nullptr;  ///< The file's, for re-decoding reinterpreted UN text.
    bool resolve_un = false;
    std::vector<std::string> diffs;
    size_t reinterpreted = 0;

    /// Two data set objects: attribute objects keyed by tag.
    void objects(const Json& reference, const Json& ours, const std::string& pointer)
    {
        if (!reference.is_object() || !ours.is_object())
            return value(reference, ours, pointer);
        std::set<std::string> keys;
        for (auto& [k, v] : reference.items())
            keys.insert(k);
        for (auto& [k, v] : ours.items())
            keys.insert(k);
        for (const auto& k : keys) {
            std::string p = pointer + "/" + k;
            if (!reference.contains(k)) {
                diffs.push_back(p + ": only ours has it: " + ours[k].dump().substr(0, 200));
            } else if (!ours.contains(k)) {
                diffs.push_back(p + ": only the reference has it: " + reference[k].dump().substr(0, 200));
            } else if (!reference[k].is_object() || !ours[k].is_object()) {
                value(reference[k], ours[k], p);
            } else if (resolve_un && ours[k].value("vr", "") == "UN" && reference[k].value("vr", "") != "UN") {
                ++reinterpreted;
                value(reference[k], reinterpret(k, ours[k], reference[k].value("vr", "")), p);
            } else if (reference[k].value("vr", "") == "SQ" && ours[k].value("vr", "") == "SQ" &&
                       reference[k].contains("Value") && ours[k].contains("Value") &&
                       reference[k]["Value"].size() == ours[k]["Value"].size()) {
                for (size_t i = 0; i < reference[k]["Value"].size(); ++i)
                    objects(reference[k]["Value"][i], ours[k]["Value"][i], p + "/Value/" + std::to_string(i));
            } else {
                value(reference[k], ours[k], p);
            }
        }
    }

    void value(const Json& reference, const Json& ours, const std::string& pointer)
    {
        if (reference.is_object() && ours.is_object()) {
            std::set<std::string> keys;
            for (auto& [k, v] : reference.items())
                keys.insert(k);
            for (auto& [k, v] : ours.items())
                keys.insert(k);
            for (const auto& k : keys) {
                if (!reference.contains(k))
                    diffs.push_back(pointer + "/" + k + ": only ours has it: " + ours[k].dump().substr(0, 200));
                else if (!ours.contains(k))
                    diffs.push_back(pointer + "/" + k + ": only the reference has it: " +
                                    reference[k].dump().substr(0, 200));
                else
                    value(reference[k], ours[k], pointer + "/" + k);
            }
            return;
        }
        if (reference.is_array() && ours.is_array() && reference.size() == ours.size()) {
            for (size_t i = 0; i < reference.size(); ++i)
                value(reference[i], ours[i], pointer + "/" + std::to_string(i));
            return;
        }
        if (reference != ours)
            diffs.push_back(pointer + ": reference " + reference.dump().substr(0, 200) + " ours " +
                            ours.dump().substr(0, 200));
    }

    /// Our UN attribute with its bytes given `vr` and written again.
    Json reinterpret(const std::string& key, const Json& ours, const std::string& vr) const
    {
        auto bytes = base64_decode(ours.value("InlineBinary", ""));
        auto tag = parse_tag(key);
        auto parsed_vr = parse_vr(vr);
        if (!bytes || !tag || !parsed_vr)
            return ours;
        DataSet one;
        if (*parsed_vr == VR::SQ) {
            // PS3.5 6.2.2: a UN sequence holds implicit VR little endian items; read it as such.
            std::vector<uint8_t> encoded(8);
            store_le<uint16_t>(encoded.data(), tag->group());
            store_le<uint16_t>(encoded.data() + 2, tag->element());
            store_le<uint32_t>(encoded.data() + 4, uint32_t(bytes->size()));
            encoded.insert(encoded.end(), bytes->begin(), bytes->end());
            auto read = read_data_set(std::make_shared<MemorySource>(std::move(encoded)),
                                      transfer_syntaxes::implicit_vr_little_endian());
            if (!read)
                return ours;
            one = std::move(*read);
        } else {
            one.set(Element(*tag, *parsed_vr, std::string(bytes->begin(), bytes->end())));
        }
        if (specific_character_set && !one.contains(specific_character_set->tag))
            one.set(*specific_character_set);
        auto written = write_json(one, reference_options(false));
        if (!written)
            return ours;
        return Json::parse(*written)[key];
    }
};

TEST(CorpusJsonSupport, Sha256KnownAnswers)
{
    auto hex = [](std::string_view text) {
        return sha256_hex({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
    };
    // FIPS 180-4 examples (one block, two blocks) and the empty message.
    EXPECT_EQ(hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/// Files cut short: our reader fails them by default (as DCMTK does) and, with
/// TruncatedInput::KeepWhatWasRead, keeps what is there as pydicom does, which made their references.
const std::set<std::string> truncated_files = {
    "pydicom/test_files/MR_truncated.dcm",     // inside Pixel Data
    "pydicom/test_files/rtplan_truncated.dcm",  // inside a string value three sequences deep
};

ReadOptions pydicom_like()
{
    return ReadOptions().with_unknown_vr(UnknownVR::UseDictionary).with_truncated_input(TruncatedInput::KeepWhatWasRead);
}

class CorpusJson : public ::testing::TestWithParam<std::string> {};

TEST_P(CorpusJson, MatchesReference)
{
    const std::string& relative = GetParam();
    auto reference_path = reference_json(relative);
    // pydicom reads standard elements stored as UN with their dictionary VR (PS3.5 6.2.2), and
    // keeps what it read of a file cut short.
    auto file = read_part10_file((corpus_dir() / relative).string(), pydicom_like());
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(file->truncated, truncated_files.contains(relative)) << relative;
    bool big_endian = is_big_endian_file(*file);
    auto written = write_json(file->meta, file->data_set, reference_options(big_endian));
    ASSERT_TRUE(written) << written.error().message;
    Json ours = Json::parse(*written);  // also proves the output is valid JSON
    if (reference_path.empty())
        FAIL() << "no reference JSON for a file we read: only no_meta.dcm lacks one, and it is unreadable";

    Json reference = load_json(reference_path);
    normalise_reference(reference);
    to_reference_form(ours, big_endian);
    Comparison comparison;
    comparison.specific_character_set = file->data_set.find(Tag(0x0008, 0x0005));
    comparison.resolve_un = un_resolved_by_pydicom.contains(relative);
    comparison.objects(reference, ours, "");
    if (comparison.resolve_un) {
        EXPECT_GT(comparison.reinterpreted, 0u) << "no UN attribute left: remove " << relative
                                                << " from un_resolved_by_pydicom";
    }

    std::vector<std::string> unexpected;
    std::set<const KnownDifference*> used;
    for (const auto& d : comparison.diffs) {
        const KnownDifference* known = nullptr;
        for (const auto& k : known_differences)
            for (auto pointer : k.pointers)
                if (k.file == relative && d.starts_with(pointer))
                    known = &k;
        if (known)
            used.insert(known);
        else
            unexpected.push_back(d);
    }
    std::ostringstream report;
    for (const auto& d : unexpected)
        report << "\n  " << d;
    EXPECT_TRUE(unexpected.empty()) << unexpected.size() << " differences in " << relative << report.str();
    for (const auto& k : known_differences)
        if (k.file == relative && !used.contains(&k))
            ADD_FAILURE() << "known difference no longer seen, remove it: " << k.file << ": " << k.reason;
}

/// JSON -> DataSet -> JSON gives the same text for every file; bulk data goes out by URI and comes
/// back through the resolver.
TEST_P(CorpusJson, RoundTrip)
{
    auto file = read_part10_file((corpus_dir() / GetParam()).string(),
                                 ReadOptions().with_truncated_input(TruncatedInput::KeepWhatWasRead));
    ASSERT_TRUE(file) << file.error().message;
    std::map<std::string, std::vector<uint8_t>, std::less<>> store;
    auto options = JsonWriteOptions().with_bulk_data(1024, [&](const BulkDataRequest& request) -> Result<std::string> {
        ROENTGEN_TRY(auto bytes, value_field(request.element));
        std::string uri = "bulk/" + std::to_string(store.size());
        store.emplace(uri, std::vector<uint8_t>(bytes.span().begin(), bytes.span().end()));
        return uri;
    });
    auto first = write_json(file->meta, file->data_set, options);
    ASSERT_TRUE(first) << first.error().message;
    auto resolver = [&](std::string_view uri, Tag, VR) -> Result<BulkData> {
        auto it = store.find(uri);
        if (it == store.end())
            return make_error(Errc::NotFound, std::string(uri));
        return BulkData::owned(it->second);
    };
    auto read = read_json(*first, JsonReadOptions().with_bulk_data_resolver(resolver));
    ASSERT_TRUE(read) << read.error().message;
    store.clear();
    auto second = write_json(*read, options);
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(*second, *first);
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info)
{
    std::string name;
    for (char c : info.param)
        name.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
    return name;
}

/// Files our reader refuses, with the reason (part10_corpus_test.cpp checks that they fail cleanly).
const std::map<std::string, std::string> unreadable_files = {
    {"pydicom/test_files/no_meta.dcm", "a stray leading byte misaligns every tag; no reference either"},
};

std::vector<std::string> readable_corpus_files()
{
    std::vector<std::string> out;
    for (auto& f : corpus_files())
        if (!unreadable_files.contains(f))
            out.push_back(f);
    return out;
}

TEST(CorpusJsonFiles, UnreadableFilesStillFail)
{
    for (const auto& [relative, reason] : unreadable_files)
        EXPECT_FALSE(read_part10_file((corpus_dir() / relative).string()))
            << relative << " now reads (was: " << reason << "): remove it from unreadable_files";
    for (const auto& relative : truncated_files) {
        auto strict = read_part10_file((corpus_dir() / relative).string());
        ASSERT_FALSE(strict) << relative;
        EXPECT_EQ(strict.error().code, Errc::Truncated) << strict.error().message;
    }
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusJson, ::testing::ValuesIn(readable_corpus_files()), test_name);

}  // namespace
}  // namespace roentgen
