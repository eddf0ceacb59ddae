// tests/interop/written_files_test.cpp — files we write in Implicit VR LE, Explicit VR LE, Explicit VR
// BE and Deflated Explicit VR LE, read by DCMTK's dcmdump and by pydicom: every element they list
// has the tag, VR and value we wrote, and they list nothing else.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "base/endian.h"
#include "base/file_io.h"
#include "dict/dictionary.h"
#include "dict/generated/tags.h"
#include "encoding/part10_file.h"
#include "model/element_values.h"
#include "pixel/codec_registry.h"
#include "pixel/frames.h"
#include "support/corpus.h"
#include "support/sha256.h"

namespace roentgen {
namespace {

namespace fs = std::filesystem;
using testing::corpus_dir;
using testing::sha256_hex;

// ---------------------------------------------------------------------------------------------
// Running the peers

/// `name` found on PATH, or an empty path.
fs::path find_on_path(const std::string& name)
{
    const char* path = std::getenv("PATH");
    std::string_view rest = path ? path : "";
    while (!rest.empty()) {
        auto colon = rest.find(':');
        fs::path candidate = fs::path(rest.substr(0, colon)) / name;
        if (::access(candidate.c_str(), X_OK) == 0)
            return candidate;
        rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    }
    return {};
}

std::string shell_quoted(const std::string& text)
{
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

struct CommandOutput {
    int status = -1;
    std::string out;
};

/// Runs `command` through the shell and collects its standard output.
CommandOutput run(const std::string& command)
{
    CommandOutput result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe)
        return result;
    char buffer[65536];
    size_t got;
    while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
        result.out.append(buffer, got);
    int status = ::pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

/// The Debian python with pydicom (PEERS.md: the python3 first on PATH may lack it).
const char* const python = "/usr/bin/python3";

std::string pydicom_script() { return std::string(ROENTGEN_SOURCE_DIR) + "/tests/interop/pydicom_elements.py"; }

// ---------------------------------------------------------------------------------------------
// What a peer listed

/// One element as a peer listed it. Paths look like "(0008,1115)[0](0008,1150)".
struct Listed {
    std::string vr;
    std::string value;
    std::optional<uint64_t> length;  ///< dcmdump: the value length it read (padding included).
    bool loaded = true;              ///< dcmdump -M leaves long values unread.
};

struct Listing {
    std::string syntax;  ///< As the peer names the data set's transfer syntax.
    std::string error;
    std::map<std::string, Listed> elements;
    std::map<std::string, Listed> meta;  ///< The File Meta Information group.
};

std::vector<std::string_view> lines_of(std::string_view text)
{
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        auto end = text.find('\n');
        lines.push_back(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    }
    return lines;
}

std::vector<std::string_view> split(std::string_view text, char separator)
{
    std::vector<std::string_view> parts;
    while (true) {
        auto at = text.find(separator);
        parts.push_back(text.substr(0, at));
        if (at == std::string_view::npos)
            return parts;
        text = text.substr(at + 1);
    }
}

/// pydicom_elements.py output: "# file PATH" sections of "PATH<TAB>VR<TAB>VALUE" lines.
std::map<std::string, Listing> parse_pydicom(std::string_view output)
{
    std::map<std::string, Listing> listings;
    Listing* current = nullptr;
    bool in_meta = false;
    for (auto line : lines_of(output)) {
        if (line.starts_with("# file ")) {
            current = &listings[std::string(line.substr(7))];
            in_meta = false;
        } else if (current && line.starts_with("# syntax ")) {
            current->syntax = line.substr(9);
        } else if (current && line.starts_with("# error ")) {
            current->error = line.substr(8);
        } else if (current && line == "# meta") {
            in_meta = true;
        } else if (current && line == "# dataset") {
            in_meta = false;
        } else if (current && !line.empty()) {
            auto fields = split(line, '\t');
            if (fields.size() != 3) {
                current->error = "unparsed line: " + std::string(line);
                continue;
            }
            (in_meta ? current->meta : current->elements)[std::string(fields[0])] =
                Listed{std::string(fields[1]), std::string(fields[2])};
        }
    }
    return listings;
}

/// Undoes dcmdump +Qn: "&#10;" and the XML entities.
std::string unquote_markup(std::string_view text)
{
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out += text[i];
            continue;
        }
        auto end = text.find(';', i);
        if (end == std::string_view::npos) {
            out += text[i];
            continue;
        }
        auto entity = text.substr(i + 1, end - i - 1);
        if (entity == "amp")
            out += '&';
        else if (entity == "lt")
            out += '<';
        else if (entity == "gt")
            out += '>';
        else if (entity == "quot")
            out += '"';
        else if (entity == "apos")
            out += '\'';
        else if (entity.starts_with('#'))
            out += char(std::strtoul(std::string(entity.substr(1)).c_str(), nullptr, 10));
        else
            out += '&' + std::string(entity) + ';';
        i = end;
    }
    return out;
}

std::string upper(std::string text)
{
    for (char& c : text)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

/// dcmdump -q +L -M -Un +Qn +F output: "# dcmdump (i/n): PATH" sections; the data set follows
/// "# Dicom-Data-Set"; nesting is two spaces a level; each line ends "# LENGTH, VM NAME".
std::map<std::string, Listing> parse_dcmdump(std::string_view output)
{
    std::map<std::string, Listing> listings;
    Listing* current = nullptr;
    bool in_data_set = false, in_meta = false;
    // Per indentation: the path prefix of elements there; the sequence there and its item count.
    std::map<size_t, std::string> prefix;
    std::map<size_t, std::pair<std::string, int>> sequence;
    for (auto line : lines_of(output)) {
        if (line.starts_with("# dcmdump (")) {
            auto colon = line.find("): ");
            current = &listings[std::string(line.substr(colon + 3))];
            in_data_set = in_meta = false;
            continue;
        }
        if (!current)
            continue;
        if (line.starts_with("# Dicom-Meta-Information-Header")) {
            in_meta = true;
            prefix = {{0, ""}};
            sequence.clear();
            continue;
        }
        if (line.starts_with("# Dicom-Data-Set")) {
            in_data_set = true;
            in_meta = false;
            prefix = {{0, ""}};
            sequence.clear();
            continue;
        }
        if (line.starts_with("# Used TransferSyntax: ") && in_data_set) {
            current->syntax = line.substr(23);
            continue;
        }
        if (line.starts_with("E: ") || line.starts_with("W: ") || line.starts_with("F: ")) {
            current->error += std::string(line) + " ";
            continue;
        }
        auto first = line.find_first_not_of(' ');
        // Blank lines, comments, and DCMTK's own notes between elements ("  #  offset=$396").
        if ((!in_data_set && !in_meta) || first == std::string_view::npos || line[first] == '#')
            continue;
        size_t indent = line.find('(');
        if (indent == std::string_view::npos || line.size() < indent + 15) {
            current->error += "unparsed line: " + std::string(line) + " ";
            continue;
        }
        std::string tag = upper(std::string(line.substr(indent, 11)));
        std::string vr(line.substr(indent + 12, 2));
        if (tag == "(FFFE,E000)") {
            // An item of the sequence one level up.
            auto& [path, items] = sequence[indent - 2];
            prefix[indent + 2] = fmt::format("{}[{}]", path, items++);
            continue;
        }
        if (tag == "(FFFE,E00D)" || tag == "(FFFE,E0DD)")
            continue;
        auto rest = line.substr(indent + 15);
        auto hash = rest.rfind('#');
        if (hash == std::string_view::npos) {
            current->error += "no trailer: " + std::string(line) + " ";
            continue;
        }
        auto value = rest.substr(0, hash);
        while (!value.empty() && value.back() == ' ')
            value.remove_suffix(1);
        auto trailer = rest.substr(hash + 1);
        Listed listed;
        // DCMTK 3.6.7 as Debian patches it now names the VR of a tag it reads in implicit VR and
        // does not know "??" (EVR_UNKNOWN); earlier builds printed UN. Both list the bytes as UN.
        listed.vr = vr == "??" ? "UN" : vr;
        auto comma = trailer.find(',');
        auto length_text = trailer.substr(0, comma);
        while (!length_text.empty() && length_text.front() == ' ')
            length_text.remove_prefix(1);
        if (!length_text.empty() && std::isdigit(static_cast<unsigned char>(length_text.front())))
            listed.length = std::strtoull(std::string(length_text).c_str(), nullptr, 10);
        std::string path = prefix[indent] + tag;
        if (value.starts_with("(Sequence with ")) {
            auto count = value.find("#=");
            listed.value = fmt::format("items={}", std::atoi(std::string(value.substr(count + 2)).c_str()));
            sequence[indent] = {path, 0};
        } else if (value == "(no value available)") {
            listed.value = "";
        } else if (value == "(not loaded)") {
            listed.loaded = false;
        } else if (value.starts_with('[') && value.ends_with(']')) {
            listed.value = unquote_markup(value.substr(1, value.size() - 2));
        } else {
            listed.value = unquote_markup(value);
        }
        (in_meta ? current->meta : current->elements)[path] = std::move(listed);
    }
    return listings;
}

// ---------------------------------------------------------------------------------------------
// What we wrote, in each peer's terms

bool is_text(VR vr) { return is_string(vr); }

/// Little-endian value bytes as written: the value and, for an odd length, the VR's padding byte.
std::vector<uint8_t> written_bytes(const Element& element)
{
    auto bytes = element.bytes();
    std::vector<uint8_t> out(bytes.begin(), bytes.end());
    if (out.size() % 2)
        out.push_back(uint8_t(padding_byte(element.vr)));
    return out;
}

std::string hex(std::span<const uint8_t> bytes)
{
    std::string out;
    for (uint8_t b : bytes)
        out += fmt::format("{:02x}", b);
    return out;
}

/// Numbers of `bytes` read as `vr` (little endian), as text joined by "\"; `float_format` for FL, FD.
template <typename FloatFormat>
std::string numbers(std::span<const uint8_t> bytes, VR vr, FloatFormat&& float_format)
{
    std::vector<std::string> values;
    unsigned size = value_size(vr);
    for (size_t at = 0; size && at + size <= bytes.size(); at += size) {
        const uint8_t* p = bytes.data() + at;
        switch (vr) {
        case VR::US: values.push_back(std::to_string(load<uint16_t>(p, ByteOrder::Little))); break;
        case VR::SS: values.push_back(std::to_string(load<int16_t>(p, ByteOrder::Little))); break;
        case VR::UL: values.push_back(std::to_string(load<uint32_t>(p, ByteOrder::Little))); break;
        case VR::SL: values.push_back(std::to_string(load<int32_t>(p, ByteOrder::Little))); break;
        case VR::UV: values.push_back(std::to_string(load<uint64_t>(p, ByteOrder::Little))); break;
        case VR::SV: values.push_back(std::to_string(load<int64_t>(p, ByteOrder::Little))); break;
        case VR::FL: values.push_back(float_format(double(load<float>(p, ByteOrder::Little)))); break;
        case VR::FD: values.push_back(float_format(load<double>(p, ByteOrder::Little))); break;
        case VR::AT:
            values.push_back(fmt::format("({:04X},{:04X})", load<uint16_t>(p, ByteOrder::Little),
                                         load<uint16_t>(p + 2, ByteOrder::Little)));
            break;
        default: break;
        }
    }
    std::string out;
    for (size_t i = 0; i < values.size(); ++i)
        out += (i ? "\\" : "") + values[i];
    return out;
}

bool is_number(VR vr)
{
    switch (vr) {
    case VR::US: case VR::SS: case VR::UL: case VR::SL: case VR::UV: case VR::SV: case VR::FL: case VR::FD:
    case VR::AT:
        return true;
    default:
        return false;
    }
}

/// The VR our writer puts in the header (PS3.5 6.2.2 Note: a short-length VR whose value does not
/// fit 16 bits is written as UN).
VR written_vr(const Element& element)
{
    uint64_t length = element.length() + element.length() % 2;
    if (!element.is_sequence() && !has_long_length(element.vr) && length > 0xFFFE)
        return VR::UN;
    return element.vr;
}

/// Whether a peer's VR is right. With implicit VR the file carries none: a reader takes its own
/// dictionary's (private ones included), so any VR that dictionary could give is accepted there.
bool vr_acceptable(const Element& element, std::string_view theirs, bool implicit)
{
    VR ours = written_vr(element);
    if (theirs == vr_name(ours))
        return true;
    // pydicom replaces UN with the dictionary's VR when it knows the tag (config.replace_un_with_known_vr).
    if (ours == VR::UN && theirs == vr_name(element.vr))
        return true;
    if (!implicit)
        return false;
    if (element.tag.is_private() || theirs == "UN")
        return true;
    const auto* entry = find_entry(element.tag);
    auto vr = parse_vr(theirs);
    return entry && vr && (*vr == entry->vr || *vr == entry->alternative_vr || *vr == entry->second_alternative_vr);
}

/// Value of `element` as pydicom_elements.py prints it when pydicom reads it as `vr`.
std::string pydicom_value(const Element& element, VR vr, bool big_endian)
{
    auto bytes = written_bytes(element);
    if (is_text(vr))
        return hex(bytes);
    if (is_number(vr))
        return numbers(element.bytes(), vr, [](double v) { return fmt::format("{}", v); });
    // O* and UN: pydicom keeps the bytes in the file's byte order.
    if (big_endian)
        swap_words(bytes.data(), bytes.size(), swap_unit(written_vr(element)));
    return fmt::format("len={} sha256={}", bytes.size(), sha256_hex(bytes));
}

/// Python's repr() and fmt's "{}" both print the shortest text that reads back as the same
/// double, but differ in form ("1.0" and "1", "1e-05" and "1e-05"): compare the numbers.
bool same_numbers(std::string_view ours, std::string_view theirs, double relative_tolerance)
{
    auto a = split(ours, '\\'), b = split(theirs, '\\');
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i] == b[i])
            continue;
        char* end = nullptr;
        std::string sa(a[i]), sb(b[i]);
        double x = std::strtod(sa.c_str(), &end);
        if (end == sa.c_str())
            return false;
        double y = std::strtod(sb.c_str(), &end);
        if (end == sb.c_str())
            return false;
        if (std::isnan(x) && std::isnan(y))
            continue;
        if (x == y)
            continue;
        if (std::fabs(x - y) > relative_tolerance * std::max(std::fabs(x), std::fabs(y)))
            return false;
    }
    return true;
}

/// What DCMTK prints of a string: the value without its trailing spaces (and NULs, for UI).
std::string dcmtk_text(std::span<const uint8_t> bytes)
{
    std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    while (!text.empty() && (text.back() == ' ' || text.back() == '\0'))
        text.remove_suffix(1);
    return std::string(text);
}

/// Value of `element` as dcmdump prints it when DCMTK reads it as `vr`.
std::string dcmdump_value(const Element& element, VR vr)
{
    auto bytes = written_bytes(element);
    if (is_text(vr))
        return dcmtk_text(element.bytes());
    if (is_number(vr))
        return numbers(element.bytes(), vr, [](double v) { return fmt::format("{}", v); });
    std::string out;
    unsigned unit = vr == VR::OW ? 2 : vr == VR::OL || vr == VR::OF ? 4 : vr == VR::OV || vr == VR::OD ? 8 : 1;
    for (size_t at = 0; at + unit <= bytes.size(); at += unit) {
        const uint8_t* p = bytes.data() + at;
        std::string word;
        switch (unit) {
        case 2: word = fmt::format("{:04x}", load<uint16_t>(p, ByteOrder::Little)); break;
        // DCMTK prints OF and OD as numbers, OL and OV as unsigned decimals, OW and OB in hex.
        case 4:
            word = vr == VR::OF ? fmt::format("{}", load<float>(p, ByteOrder::Little))
                                : fmt::format("{}", load<uint32_t>(p, ByteOrder::Little));
            break;
        case 8:
            word = vr == VR::OD ? fmt::format("{}", load<double>(p, ByteOrder::Little))
                                : fmt::format("{}", load<uint64_t>(p, ByteOrder::Little));
            break;
        default: word = fmt::format("{:02x}", *p); break;
        }
        out += (at ? "\\" : "") + word;
    }
    return out;
}

enum class Peer { Pydicom, Dcmtk };

/// A sequence's items encoded in implicit VR little endian, as pydicom (UN) or dcmdump (UN) list them.
std::string private_sequence_value(const Element& element, Peer peer)
{
    DataSet alone;
    alone.set(element);
    VectorSink sink;
    EXPECT_TRUE(write_data_set(alone, transfer_syntaxes::implicit_vr_little_endian(), sink));
    std::span<const uint8_t> items(sink.bytes());
    items = items.subspan(std::min<size_t>(8, items.size()));  // the element's own header
    if (peer == Peer::Pydicom)
        return fmt::format("len={} sha256={}", items.size(), sha256_hex(items));
    std::string out;
    for (size_t i = 0; i < items.size(); ++i)
        out += fmt::format("{}{:02x}", i ? "\\" : "", items[i]);
    return out;
}

/// Compares `data_set` with what a peer listed under `prefix`; records every difference.
void compare(const DataSet& data_set, const Listing& listing, Peer peer, const TransferSyntax& syntax,
             const std::string& prefix, std::set<std::string>& seen, std::vector<std::string>& problems)
{
    bool implicit = !syntax.explicit_vr;
    bool big_endian = syntax.byte_order == ByteOrder::Big;
    for (const auto& element : data_set) {
        std::string path = prefix + to_string(element.tag);
        seen.insert(path);
        auto found = listing.elements.find(path);
        if (found == listing.elements.end()) {
            problems.push_back(path + ": missing");
            continue;
        }
        const Listed& theirs = found->second;
        if (!vr_acceptable(element, theirs.vr, implicit)) {
            problems.push_back(fmt::format("{}: VR {}, we wrote {}", path, theirs.vr, vr_name(written_vr(element))));
            continue;
        }
        if (const Sequence* sequence = element.sequence(); sequence && theirs.vr != "SQ" && implicit &&
                                                             element.tag.is_private()) {
            // A private sequence of defined length in implicit VR is, to a reader that does not know
            // the tag, UN bytes: compare them with the items as we encoded them.
            std::string expected = private_sequence_value(element, peer);
            if (theirs.loaded && theirs.value != expected)
                problems.push_back(fmt::format("{}: {} value \"{}\", we wrote a sequence encoded as \"{}\"", path,
                                               theirs.vr, theirs.value.substr(0, 200), expected.substr(0, 200)));
            continue;
        }
        if (const Sequence* sequence = element.sequence()) {
            if (theirs.value != fmt::format("items={}", sequence->items.size()))
                problems.push_back(fmt::format("{}: {}, we wrote {} items", path, theirs.value, sequence->items.size()));
            for (size_t i = 0; i < sequence->items.size(); ++i)
                compare(sequence->items[i].data_set, listing, peer, syntax, fmt::format("{}[{}]", path, i), seen,
                        problems);
            continue;
        }
        // Group lengths are recomputed on write (PS3.5 7.2): only their presence is compared.
        if (element.tag.is_group_length())
            continue;
        VR vr = *parse_vr(theirs.vr == "SQ" ? "UN" : theirs.vr);
        uint64_t written_length = element.length() + element.length() % 2;
        if (peer == Peer::Dcmtk && theirs.length && *theirs.length != written_length) {
            problems.push_back(fmt::format("{}: length {}, we wrote {}", path, *theirs.length, written_length));
            continue;
        }
        if (!theirs.loaded)
            continue;  // dcmdump -M: a long value is compared by its length only
        std::string expected = peer == Peer::Pydicom ? pydicom_value(element, vr, big_endian) : dcmdump_value(element, vr);
        bool floats = vr == VR::FL || vr == VR::FD || vr == VR::OF || vr == VR::OD;
        // pydicom prints the exact double. dcmdump prints FL/OF with 8 significant digits, FD/OD
        // with 17, not always the nearest ones (-1e300 shows as -1.0000000000000007e+300).
        double tolerance = peer == Peer::Pydicom ? 0 : (vr == VR::FL || vr == VR::OF) ? 1e-7 : 1e-14;
        // dcmdump prints AT in lower case hex.
        bool same = floats ? same_numbers(expected, theirs.value, tolerance)
                           : expected == (vr == VR::AT ? upper(theirs.value) : theirs.value);
        if (!same)
            problems.push_back(fmt::format("{}: {} value \"{}\", we wrote \"{}\"", path, theirs.vr,
                                           theirs.value.substr(0, 200), expected.substr(0, 200)));
    }
}

/// Every difference between `data_set` and a peer's listing of the file we wrote it to.
std::vector<std::string> differences(const DataSet& data_set, const Listing& listing, Peer peer,
                                     const TransferSyntax& syntax)
{
    std::vector<std::string> problems;
    if (!listing.error.empty())
        problems.push_back("peer reported: " + listing.error);
    std::set<std::string> seen;
    compare(data_set, listing, peer, syntax, "", seen, problems);
    for (const auto& [path, listed] : listing.elements)
        if (!seen.contains(path))
            problems.push_back(fmt::format("{}: {} listed, we wrote no such element", path, listed.vr));
    return problems;
}

// ---------------------------------------------------------------------------------------------
// Writing and checking

/// How dcmdump names each syntax in "# Used TransferSyntax:".
struct WrittenSyntax {
    const TransferSyntax* syntax;
    const char* suffix;
    const char* dcmtk_name;
};

std::vector<WrittenSyntax> written_syntaxes()
{
    return {{&transfer_syntaxes::implicit_vr_little_endian(), "implicit", "Little Endian Implicit"},
            {&transfer_syntaxes::explicit_vr_little_endian(), "explicit", "Little Endian Explicit"},
            {&transfer_syntaxes::explicit_vr_big_endian(), "big", "Big Endian Explicit"},
            {&transfer_syntaxes::deflated_explicit_vr_little_endian(), "deflated", "Deflated Explicit VR Little Endian"}};
}

/// A directory for the written files, removed at the end unless ROENTGEN_INTEROP_KEEP is set.
class ScratchDirectory {
public:
    explicit ScratchDirectory(const std::string& name)
        : m_path(fs::temp_directory_path() / fmt::format("roentgen-{}-{}", name, ::getpid()))
    {
        fs::remove_all(m_path);
        fs::create_directories(m_path);
    }
    ~ScratchDirectory()
    {
        if (!std::getenv("ROENTGEN_INTEROP_KEEP"))
            fs::remove_all(m_path);
    }
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

struct WrittenFile {
    std::string label;
    const DataSet* data_set;
    WrittenSyntax syntax;
    std::string path;
};

/// Compares the meta group we wrote (read back from the file: it is built on write) with the
/// peer's listing of it; the meta is always explicit VR little endian (PS3.10 7.1).
void append_meta_differences(const WrittenFile& w, const Listing& listing, Peer peer, std::vector<std::string>& problems)
{
    auto file = read_part10_file(w.path);
    if (!file) {
        problems.push_back("our own reader fails the file: " + file.error().message);
        return;
    }
    if (file->meta.size() < 5 || listing.meta.size() != file->meta.size())
        problems.push_back(fmt::format("meta: {} elements written, {} listed", file->meta.size(), listing.meta.size()));
    // The group length's value is checked too: peers list it as read.
    Listing meta{listing.syntax, "", listing.meta, {}};
    for (auto& problem : differences(file->meta, meta, peer, transfer_syntaxes::explicit_vr_little_endian()))
        problems.push_back("meta: " + problem);
    const Element* length = file->meta.find(tags::FileMetaInformationGroupLength);
    auto listed = listing.meta.find("(0002,0000)");
    if (!length || listed == listing.meta.end() ||
        listed->second.value != std::to_string(file->meta.find_integer(tags::FileMetaInformationGroupLength).value_or(-1)))
        problems.push_back("meta: (0002,0000) missing or listed differently");
}

void compare_with_peers(const std::vector<WrittenFile>& written, const ScratchDirectory& scratch);

/// Writes each data set in each syntax, lists them all with both peers and compares.
void check_with_peers(const std::vector<std::pair<std::string, Part10File>>& files, const std::string& scratch_name)
{
    ScratchDirectory scratch(scratch_name);
    std::vector<WrittenFile> written;
    for (const auto& [label, file] : files) {
        for (const auto& syntax : written_syntaxes()) {
            std::string name = label;
            std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
            auto path = (scratch.path() / fmt::format("{}.{}.dcm", name, syntax.suffix)).string();
            WriteOptions options;
            options.transfer_syntax = syntax.syntax;
            auto result = write_part10_file(file, path, options);
            ASSERT_TRUE(result) << label << " as " << syntax.suffix << ": " << result.error().message;
            written.push_back({label, &file.data_set, syntax, path});
        }
    }
    compare_with_peers(written, scratch);
}

/// Lists the written files with dcmdump and pydicom, and compares each listing with what we wrote.
void compare_with_peers(const std::vector<WrittenFile>& written, const ScratchDirectory& scratch)
{
    auto dcmdump = find_on_path("dcmdump");
    ASSERT_FALSE(dcmdump.empty()) << "dcmdump (DCMTK) is not on PATH: scripts/install-dependencies.sh installs it";
    auto probe = run(fmt::format("{} -c 'import pydicom; print(pydicom.__version__)' 2>&1", python));
    ASSERT_EQ(probe.status, 0) << python << " with pydicom is needed (python3-pydicom): " << probe.out;
    std::string paths;
    for (const auto& w : written)
        paths += " " + shell_quoted(w.path);

    auto dumped = run(fmt::format("{} -q +L -M -Un +Qn +F{} 2>&1", shell_quoted(dcmdump.string()), paths));
    EXPECT_EQ(dumped.status, 0) << dumped.out.substr(0, 2000);
    auto dcmtk = parse_dcmdump(dumped.out);
    // pydicom's warnings (e.g. on values that break their VR's rules) go to a file, shown on failure.
    auto warnings = (scratch.path() / "pydicom.stderr").string();
    auto listed = run(fmt::format("{} {}{} 2>{}", python, shell_quoted(pydicom_script()), paths, shell_quoted(warnings)));
    ASSERT_EQ(listed.status, 0) << listed.out.substr(0, 2000);
    auto pydicom_warnings = read_whole_file(warnings);
    auto pydicom = parse_pydicom(listed.out);

    size_t compared = 0;
    for (const auto& w : written) {
        std::string what = fmt::format("{} written as {}", w.label, w.syntax.syntax->name);
        auto d = dcmtk.find(w.path);
        if (d == dcmtk.end()) {
            ADD_FAILURE() << what << ": dcmdump listed nothing";
        } else {
            EXPECT_EQ(d->second.syntax, w.syntax.dcmtk_name) << what;
            auto problems = differences(*w.data_set, d->second, Peer::Dcmtk, *w.syntax.syntax);
            append_meta_differences(w, d->second, Peer::Dcmtk, problems);
            EXPECT_TRUE(problems.empty()) << what << ", dcmdump differs in " << problems.size() << ":\n  "
                                          << fmt::format("{}", fmt::join(problems.begin(),
                                                                         problems.begin() + std::min<size_t>(problems.size(), 20),
                                                                         "\n  "));
            compared += d->second.elements.size();
        }
        auto p = pydicom.find(w.path);
        if (p == pydicom.end()) {
            ADD_FAILURE() << what << ": pydicom listed nothing";
        } else {
            EXPECT_EQ(p->second.syntax, w.syntax.syntax->uid) << what;
            auto problems = differences(*w.data_set, p->second, Peer::Pydicom, *w.syntax.syntax);
            append_meta_differences(w, p->second, Peer::Pydicom, problems);
            EXPECT_TRUE(problems.empty()) << what << ", pydicom differs in " << problems.size() << ":\n  "
                                          << fmt::format("{}", fmt::join(problems.begin(),
                                                                         problems.begin() + std::min<size_t>(problems.size(), 20),
                                                                         "\n  "));
            compared += p->second.elements.size();
        }
    }
    if (::testing::Test::HasFailure() && pydicom_warnings && !pydicom_warnings->empty())
        std::cout << "pydicom warned:\n"
                  << std::string_view(reinterpret_cast<const char*>(pydicom_warnings->data()),
                                      std::min<size_t>(pydicom_warnings->size(), 4000));
    std::cout << written.size() << " files written, " << compared << " elements compared\n";
    EXPECT_GT(compared, written.size() * 10);
}

// ---------------------------------------------------------------------------------------------
// The data

/// Uncompressed corpus files: every syntax we read, sequences (nested, empty, undefined length),
/// private blocks and private sequences, character sets, big endian, deflate, odd lengths. No
/// DICOMDIR: its record offsets are byte positions, which another encoding moves.
const char* const corpus_samples[] = {
    "pydicom/test_files/MR_small.dcm",
    "pydicom/test_files/MR_small_bigendian.dcm",
    "pydicom/test_files/ExplVR_BigEnd.dcm",
    "pydicom/test_files/CT_small.dcm",
    "pydicom/test_files/rtplan.dcm",
    "pydicom/test_files/rtdose.dcm",
    "pydicom/test_files/reportsi.dcm",
    "pydicom/test_files/priv_SQ.dcm",
    "pydicom/test_files/SC_rgb_small_odd.dcm",
    "pydicom/test_files/image_dfl.dcm",
    "pydicom/test_files/dicomdirtests/98892001/CT2N/6293",
    "dcm4che/test-data/report_dfl",
    "dcm4che/assembly-testdata/MR01.dcm",
    "fo-dicom/GH220.dcm",
    "pydicom/charset_files/chrH31.dcm",
    "pydicom/charset_files/chrJapMulti.dcm",
    "pydicom/charset_files/chrRuss.dcm",
    "pydicom/charset_files/chrX1.dcm",
    "pydicom/charset_files/chrSQEncoding.dcm",
    "fo-dicom/charset/chrGB2312.dcm",
};

TEST(WrittenFiles, CorpusFilesInFourSyntaxesListAlikeInDcmtkAndPydicom)
{
    std::vector<std::pair<std::string, Part10File>> files;
    for (const char* relative : corpus_samples) {
        auto file = read_part10_file((corpus_dir() / relative).string());
        ASSERT_TRUE(file) << relative << ": " << file.error().message;
        files.emplace_back(relative, std::move(*file));
    }
    check_with_peers(files, "interop-corpus");
}

Element text(Tag tag, VR vr, std::string_view value) { return Element(tag, vr, std::string(value)); }

template <typename T>
Element binary(Tag tag, VR vr, std::initializer_list<T> values)
{
    std::string bytes(values.size() * sizeof(T), '\0');
    size_t at = 0;
    for (T v : values) {
        store<T>(bytes.data() + at, v, ByteOrder::Little);
        at += sizeof(T);
    }
    return Element(tag, vr, std::move(bytes));
}

Element tag_list(Tag tag, std::initializer_list<Tag> values)
{
    std::string bytes;
    for (Tag t : values) {
        char b[4];
        store<uint16_t>(b, t.group(), ByteOrder::Little);
        store<uint16_t>(b + 2, t.element(), ByteOrder::Little);
        bytes.append(b, 4);
    }
    return Element(tag, VR::AT, std::move(bytes));
}

Item item(std::initializer_list<Element> elements, LengthEncoding length = LengthEncoding::Undefined)
{
    Item item;
    item.length_encoding = length;
    for (const auto& e : elements)
        item.data_set.set(e);
    return item;
}

Element sequence(Tag tag, std::vector<Item> items, LengthEncoding length = LengthEncoding::Undefined, VR vr = VR::SQ)
{
    Sequence s;
    s.items = std::move(items);
    s.length_encoding = length;
    return Element(tag, vr, Value(std::move(s)));
}

/// One element of every VR (PS3.5 Table 6.2-1), with odd lengths, several values, empty values,
/// nested, empty and defined-length sequences, a private block with a private sequence, and a text
/// too long for a 16-bit length (written as UN in explicit VR).
Part10File every_vr()
{
    Part10File file;
    auto& ds = file.data_set;
    ds.set(text(tags::SpecificCharacterSet, VR::CS, "ISO_IR 100"));
    ds.set(text(tags::SOPClassUID, VR::UI, "1.2.840.10008.5.1.4.1.1.7"));
    ds.set(text(tags::SOPInstanceUID, VR::UI, "2.25.329800735698586629295641978511506172918"));
    ds.set(text(tags::StudyDate, VR::DA, "20240611"));
    ds.set(text(tags::AcquisitionDateTime, VR::DT, "20240611120000.123456+0100"));
    ds.set(text(tags::StudyTime, VR::TM, "120000.5"));
    ds.set(text(tags::AccessionNumber, VR::SH, ""));
    ds.set(text(tags::RetrieveAETitle, VR::AE, "ROENTGEN\\OTHER_AE"));
    ds.set(text(tags::Modality, VR::CS, "OT"));
    ds.set(text(tags::Manufacturer, VR::LO, "Roentgen Test"));
    ds.set(text(tags::InstitutionAddress, VR::ST, "Line 1\r\nLine 2 has a \\ & <markup>"));
    ds.set(text(tags::LongCodeValue, VR::UC, "A code value longer than sixty-four characters, as UC allows it to be"));
    ds.set(text(tags::URNCodeValue, VR::UR, "urn:oid:1.2.840.10008.1.1"));
    ds.set(text(tags::PatientName, VR::PN, "M\xFCller^J\xFCrgen=Mueller^Juergen"));
    ds.set(text(tags::PatientAge, VR::AS, "042Y"));
    ds.set(text(tags::SliceThickness, VR::DS, "2.5"));
    ds.set(text(tags::PixelSpacing, VR::DS, " 0.5\\2.50000E-01"));
    ds.set(text(tags::InstanceNumber, VR::IS, "-7"));
    ds.set(text(tags::ImageComments, VR::LT, "Comments\r\non two lines\\ with a backslash"));
    ds.set(text(tags::TextValue, VR::UT, "Unlimited text "));
    ds.set(tag_list(tags::FrameIncrementPointer, {tags::FrameTime, Tag(0x0018, 0x1065)}));
    ds.set(binary<float>(tags::ExaminedBodyThickness, VR::FL, {0.1f}));
    ds.set(binary<double>(tags::DiffusionBValue, VR::FD, {1000.000001}));
    ds.set(binary<int32_t>(tags::ReferencePixelX0, VR::SL, {-5}));
    ds.set(binary<int16_t>(tags::TagAngleSecondAxis, VR::SS, {-12}));
    ds.set(binary<uint32_t>(tags::RegionFlags, VR::UL, {4000000000u}));
    ds.set(binary<uint16_t>(tags::SamplesPerPixel, VR::US, {1}));
    ds.set(text(tags::PhotometricInterpretation, VR::CS, "MONOCHROME2"));
    ds.set(binary<uint16_t>(tags::Rows, VR::US, {4}));
    ds.set(binary<uint16_t>(tags::Columns, VR::US, {4}));
    ds.set(binary<uint16_t>(tags::BitsAllocated, VR::US, {16}));
    ds.set(binary<uint16_t>(tags::BitsStored, VR::US, {16}));
    ds.set(binary<uint16_t>(tags::HighBit, VR::US, {15}));
    ds.set(binary<uint16_t>(tags::PixelRepresentation, VR::US, {0}));
    ds.set(binary<int64_t>(tags::SelectorSVValue, VR::SV, {-9000000000, 5}));
    ds.set(binary<uint64_t>(tags::SelectorUVValue, VR::UV, {18000000000000000000u}));
    ds.set(Element(tags::EncapsulatedDocument, VR::OB, std::string("\x00\x01\x02\xFE\xFF", 5)));
    ds.set(binary<double>(tags::DoublePointCoordinatesData, VR::OD, {0.5, -1e300}));
    ds.set(binary<float>(tags::VectorGridData, VR::OF, {1.5f, -0.25f, 3e-7f}));
    ds.set(binary<uint32_t>(tags::LongPrimitivePointIndexList, VR::OL, {1, 0x80000000u, 7}));
    ds.set(binary<uint64_t>(tags::SelectorOVValue, VR::OV, {1, 0x8000000000000001u}));
    ds.set(binary<uint16_t>(tags::RedPaletteColorLookupTableData, VR::OW, {0, 0x1234, 0xFFFF}));
    ds.set(Element(tags::SelectorUNValue, VR::UN, std::string("\x01\x02\x03", 3)));
    std::vector<uint16_t> pixels(16);
    for (size_t i = 0; i < pixels.size(); ++i)
        pixels[i] = uint16_t(i * 4096 + i);
    std::string pixel_bytes(32, '\0');
    for (size_t i = 0; i < pixels.size(); ++i)
        store<uint16_t>(pixel_bytes.data() + 2 * i, pixels[i], ByteOrder::Little);
    ds.set(Element(tags::PixelData, VR::OW, std::move(pixel_bytes)));

    ds.set(sequence(tags::ReferencedStudySequence, {}));
    ds.set(sequence(tags::ReferencedSeriesSequence,
                    {item({text(tags::SeriesInstanceUID, VR::UI, "1.2.3.4"),
                           sequence(tags::ReferencedImageSequence,
                                    {item({text(tags::ReferencedSOPClassUID, VR::UI, "1.2.840.10008.5.1.4.1.1.7"),
                                           text(tags::ReferencedSOPInstanceUID, VR::UI, "1.2.3.4.5")},
                                          LengthEncoding::Defined)},
                                    LengthEncoding::Defined)}),
                     item({})}));

    ds.set(text(Tag(0x0009, 0x0010), VR::LO, "ROENTGEN TEST"));
    ds.set(text(Tag(0x0009, 0x1001), VR::LO, "private text"));
    ds.set(Element(Tag(0x0009, 0x1002), VR::UN, std::string("\x00\x01\x02\x03", 4)));
    ds.set(sequence(Tag(0x0009, 0x1003), {item({text(tags::PatientID, VR::LO, "ID 1")})}));
    ds.set(text(tags::AdditionalPatientHistory, VR::LT, std::string(70000, 'x')));
    return file;
}

TEST(WrittenFiles, EveryVRInFourSyntaxesListsAlikeInDcmtkAndPydicom)
{
    std::vector<std::pair<std::string, Part10File>> files;
    files.emplace_back("every VR", every_vr());
    check_with_peers(files, "interop-every-vr");
}

/// What `roentgen modify` and `json2dcm` write is read alike by the peers, and holds the change.
TEST(WrittenFiles, FilesWrittenByTheCommandsListAlikeInDcmtkAndPydicom)
{
    ScratchDirectory scratch("interop-commands");
    std::string roentgen = std::string(ROENTGEN_BINARY_DIR) + "/src/cli/roentgen";
    auto input = (corpus_dir() / "pydicom/test_files/rtplan.dcm").string();
    auto modified = (scratch.path() / "modified.dcm").string();
    auto json = (scratch.path() / "rtplan.json").string();
    auto from_json = (scratch.path() / "from_json.dcm").string();
    auto big = (scratch.path() / "from_json_big.dcm").string();
    auto r = run(fmt::format("{} modify {} -o {} --set PatientName=Doe^Jane --set '(0008,0080)=General Hospital' "
                             "--set 'BeamSequence[0].BeamName=Beam A' --set '(0009,0010)=ROENTGEN' "
                             "--set '(0009,1001):LO=private value' --delete PatientID 2>&1",
                             roentgen, shell_quoted(input), shell_quoted(modified)));
    ASSERT_EQ(r.status, 0) << r.out;
    r = run(fmt::format("{} dcm2json {} -o {} 2>&1", roentgen, shell_quoted(modified), shell_quoted(json)));
    ASSERT_EQ(r.status, 0) << r.out;
    r = run(fmt::format("{} json2dcm {} {} 2>&1", roentgen, shell_quoted(json), shell_quoted(from_json)));
    ASSERT_EQ(r.status, 0) << r.out;
    r = run(fmt::format("{} json2dcm --transfer-syntax 1.2.840.10008.1.2.2 {} {} 2>&1", roentgen, shell_quoted(json),
                        shell_quoted(big)));
    ASSERT_EQ(r.status, 0) << r.out;

    std::vector<Part10File> files;
    std::vector<WrittenFile> written;
    for (const auto& path : {modified, from_json, big}) {
        auto file = read_part10_file(path);
        ASSERT_TRUE(file) << path << ": " << file.error().message;
        EXPECT_EQ(file->data_set.find_string(tags::PatientName), "Doe^Jane") << path;
        EXPECT_FALSE(file->data_set.contains(tags::PatientID)) << path;
        EXPECT_EQ(file->data_set.find_string(Tag(0x0009, 0x1001)), "private value") << path;
        files.push_back(std::move(*file));
    }
    for (size_t i = 0; i < files.size(); ++i) {
        const std::string& path = i == 0 ? modified : i == 1 ? from_json : big;
        for (const auto& syntax : written_syntaxes())
            if (syntax.syntax == files[i].transfer_syntax)
                written.push_back({fs::path(path).filename().string(), &files[i].data_set, syntax, path});
    }
    ASSERT_EQ(written.size(), 3u);
    compare_with_peers(written, scratch);
}

/// What `roentgen transcode` writes in a lossless syntax, DCMTK or GDCM decode to the original
/// Pixel Data, byte for byte (the whole file as a peer reads it, not only our codec's stream).
TEST(WrittenFiles, TranscodedFilesDecodeInDcmtkAndGdcmToTheOriginalPixels)
{
    ScratchDirectory scratch("interop-transcode");
    std::string roentgen = std::string(ROENTGEN_BINARY_DIR) + "/src/cli/roentgen";
    struct Case {
        const char* target;
        const char* decoder;  ///< "{in} {out}" filled in
    };
    const Case cases[] = {
        {"rle", "dcmdrle {} {}"},
        {"jpeg-lossless", "dcmdjpeg {} {}"},
        {"jpeg-ls", "dcmdjpls {} {}"},
        {"j2k", "gdcmconv --raw {} {}"},
        {"rle", "gdcmconv --raw {} {}"},
        {"jpeg-ls", "gdcmconv --raw {} {}"},
    };
    size_t compared = 0;
    auto codecs = CodecRegistry::with_all_codecs();
    for (const char* relative : {"pydicom/test_files/CT_small.dcm", "pydicom-data/SC_rgb.dcm"}) {
        auto input = (corpus_dir() / relative).string();
        auto original = read_part10_file(input);
        ASSERT_TRUE(original) << original.error().message;
        for (const auto& c : cases) {
            std::string what = fmt::format("{} as {}, decoded by {}", relative, c.target, c.decoder);
            auto encoded = (scratch.path() / "encoded.dcm").string();
            auto decoded = (scratch.path() / "decoded.dcm").string();
            auto r = run(fmt::format("{} transcode --to {} {} {} 2>&1", roentgen, c.target, shell_quoted(input),
                                     shell_quoted(encoded)));
            ASSERT_EQ(r.status, 0) << what << ": " << r.out;
            fs::remove(decoded);
            r = run("TCP_NODELAY=1 " + fmt::format(fmt::runtime(c.decoder), shell_quoted(encoded), shell_quoted(decoded)) +
                    " 2>&1");
            ASSERT_EQ(r.status, 0) << what << ": " << r.out;
            auto back = read_part10_file(decoded);
            ASSERT_TRUE(back) << what << ": " << back.error().message;
            EXPECT_FALSE(back->transfer_syntax->encapsulated) << what;
            // DCMTK writes RLE-decoded colour by plane (PS3.5 G.2): compare the frames' values.
            auto a = decode_all_frames(original->data_set, *original->transfer_syntax, codecs);
            auto b = decode_all_frames(back->data_set, *back->transfer_syntax, codecs);
            ASSERT_TRUE(a && b) << what;
            EXPECT_TRUE(*a == *b) << what << ": " << a->size() << " vs " << b->size() << " bytes";
            ++compared;
        }
    }
    EXPECT_EQ(compared, 12u);
}

}  // namespace
}  // namespace roentgen
