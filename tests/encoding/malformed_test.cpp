// tests/encoding/malformed_test.cpp — hostile input (truncated, corrupted, absurd lengths, deep nesting,
// deflate bombs) gives an error or a result: never a crash, a hang or an allocation larger than the input.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <new>
#include <random>

#include "base/file_io.h"
#include "dict/dictionary.h"
#include "dict/generated/tags.h"
#include "dict/generated/uids.h"
#include "encoding/internal/inflate.h"
#include "encoding/part10_file.h"
#include "support/corpus.h"

// Every allocation of this test binary goes through here, so that a test can ask for the largest
// single request made while it watched (an allocation sized from a length field would show).
namespace {

std::atomic<bool> tracking{false};
std::atomic<size_t> largest_request{0};

void* allocate(size_t size)
{
    if (tracking.load(std::memory_order_relaxed)) {
        size_t seen = largest_request.load(std::memory_order_relaxed);
        while (size > seen && !largest_request.compare_exchange_weak(seen, size, std::memory_order_relaxed)) {
        }
    }
    if (void* p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}

}  // namespace

void* operator new(size_t size) { return allocate(size); }
void* operator new[](size_t size) { return allocate(size); }
void* operator new(size_t size, const std::nothrow_t&) noexcept
{
    try {
        return allocate(size);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](size_t size, const std::nothrow_t& tag) noexcept { return operator new(size, tag); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace roentgen {
namespace {

using testing::corpus_dir;
using testing::corpus_files;

/// CPU time of this thread: a hang shows in it, the load of a shared machine does not.
double cpu_seconds()
{
    timespec now{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

/// Bookkeeping allocations (warning list, error text, fmt buffers) that any read may make whatever
/// the input size.
constexpr size_t allocation_slack = 64 * 1024;
/// A read taking more CPU time than this (Debug + ASan) is taken for a hang.
constexpr double slow_read_seconds = 5.0;

/// The largest single allocation made between construction and stop().
class AllocationWatch {
public:
    AllocationWatch()
    {
        largest_request.store(0);
        tracking.store(true);
    }
    ~AllocationWatch() { tracking.store(false); }
    size_t stop()
    {
        tracking.store(false);
        return largest_request.load();
    }
};

/// Bytes owned by the test, read in place. The test sizes its buffers so that the span ends where
/// the allocation ends: AddressSanitizer then catches any read past the end of the input.
class SpanSource final : public ByteSource {
public:
    SpanSource(std::span<const uint8_t> bytes, std::string name) : m_bytes(bytes), m_name(std::move(name)) {}
    uint64_t size() const override { return m_bytes.size(); }
    std::span<const uint8_t> contiguous() const override { return m_bytes; }
    const std::string& name() const override { return m_name; }

private:
    std::span<const uint8_t> m_bytes;
    std::string m_name;
};

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

/// What an error about `source` must say: the source, and where (byte offset) when it is about a
/// place in it; parser errors also name the tag being read.
std::string check_error(const Error& error, const std::string& source)
{
    const auto& m = error.message;
    if (!contains(m, source))
        return "does not name the source";
    bool whole_input = contains(m, "empty file") || contains(m, "not a DICOM file");
    if (whole_input)
        return {};
    if (!contains(m, "byte offset"))
        return "does not say the byte offset";
    bool about_element = !contains(m, "inflat") || contains(m, "(inflated)");
    if (about_element && !contains(m, "tag ("))
        return "does not name the tag";
    return {};
}

/// Writes `file` back as the fuzz target does (a bare data set when it had no meta) and reads what
/// was written; what is wrong, or nothing. Refusing to write is fine when the error says where.
std::string write_and_read_back(const Part10File& file)
{
    VectorSink sink;
    WriteOptions options;
    options.meta_policy = MetaPolicy::Preserve;
    bool bare = file.meta.empty();
    auto written = bare ? write_data_set(file.data_set, *file.transfer_syntax, sink) : write_part10(file, sink, options);
    if (!written)
        return contains(written.error().message, "(") ? "" : "write error names no tag: " + written.error().message;
    // A bare data set is read back in the syntax it was written in (its encoding is not guessed).
    auto source = std::make_shared<MemorySource>(std::move(sink.bytes()), "written back");
    if (bare) {
        if (auto again = read_data_set(source, *file.transfer_syntax); !again)
            return "written back, does not read: " + again.error().message;
    } else if (auto again = read_part10(source); !again) {
        return "written back, does not read: " + again.error().message;
    }
    return {};
}

/// Reads inputs, checks each outcome, and collects failures so that thousands of probes report a
/// readable summary instead of thousands of assertions.
class Prober {
public:
    /// Reads `bytes` as a Part 10 file. On success the result is written back and read again.
    /// Deflated input may take max_inflated_size more than its own size, and no more.
    void probe(std::span<const uint8_t> bytes, const std::string& name, const ReadOptions& options = bounded(),
               size_t allowed_allocation = 0)
    {
        m_current = bytes;
        auto source = std::make_shared<SpanSource>(bytes, name);
        double started = cpu_seconds();
        AllocationWatch watch;
        auto file = read_part10(source, options);
        size_t largest = watch.stop();
        double seconds = cpu_seconds() - started;
        ++m_probes;
        if (seconds > m_slowest) {
            m_slowest = seconds;
            m_slowest_name = name;
        }
        if (seconds > slow_read_seconds)
            fail(name, fmt::format("read took {:.1f} s", seconds));
        size_t allowed = allowed_allocation ? allowed_allocation : bytes.size() + allocation_slack;
        auto head = std::string_view(reinterpret_cast<const char*>(bytes.data()), std::min<size_t>(bytes.size(), 1024));
        if (!allowed_allocation && contains(head, uids::DeflatedExplicitVRLittleEndian))
            allowed += options.max_inflated_size;
        if (largest > allowed)
            fail(name, fmt::format("allocated {} bytes at once for {} bytes of input", largest, bytes.size()));
        if (!file) {
            ++m_errors;
            auto problem = check_error(file.error(), name);
            if (!problem.empty())
                fail(name, fmt::format("error {}: {}", problem, file.error().message));
            return;
        }
        ++m_reads;
        write_back(*file, name);
    }

    /// Default options but for a deflate limit that keeps memory small (4 MiB).
    static ReadOptions bounded()
    {
        ReadOptions options;
        options.max_inflated_size = 4 << 20;
        return options;
    }

    /// Every failure so far, at most `limit` of them, one a line.
    std::string failures(size_t limit = 25) const
    {
        std::string text;
        for (size_t i = 0; i < m_failures.size() && i < limit; ++i)
            text += m_failures[i] + "\n";
        if (m_failures.size() > limit)
            text += fmt::format("… and {} more\n", m_failures.size() - limit);
        return text;
    }
    size_t failure_count() const { return m_failures.size(); }
    std::string summary() const
    {
        return fmt::format("{} inputs: {} read, {} errors; slowest {:.3f} s CPU ({})", m_probes, m_reads, m_errors,
                           m_slowest, m_slowest_name);
    }
    size_t probes() const { return m_probes; }
    size_t reads() const { return m_reads; }
    size_t errors() const { return m_errors; }

private:
    void fail(const std::string& name, std::string what)
    {
        m_failures.push_back(name + ": " + std::move(what));
        // To reproduce a failure outside the test: ROENTGEN_MALFORMED_SAVE=DIR keeps each failing input.
        if (const char* dir = std::getenv("ROENTGEN_MALFORMED_SAVE"); dir && m_current.data()) {
            std::string file = name;
            std::replace_if(file.begin(), file.end(), [](char c) { return c == '/' || c == ' '; }, '_');
            (void)write_file_atomically((std::filesystem::path(dir) / file).string(), m_current);
        }
    }

    /// Whatever was read can be written, and what was written reads again.
    void write_back(const Part10File& file, const std::string& name)
    {
        std::string problem = write_and_read_back(file);
        if (!problem.empty())
            fail(name, problem);
    }

    std::vector<std::string> m_failures;
    std::span<const uint8_t> m_current;
    size_t m_probes = 0, m_reads = 0, m_errors = 0;
    double m_slowest = 0;
    std::string m_slowest_name;
};

std::vector<uint8_t> load_corpus_file(const std::string& relative)
{
    auto bytes = read_whole_file((corpus_dir() / relative).string());
    EXPECT_TRUE(bytes) << relative;
    return bytes ? std::move(*bytes) : std::vector<uint8_t>();
}

/// ~40 cut points: evenly spread, plus cubically dense near the start where the headers are, plus
/// the preamble and meta boundaries.
std::vector<size_t> truncation_offsets(size_t size)
{
    std::vector<size_t> offsets = {0, 1, 4, 127, 128, 131, 132, 133, 136, 140, 144};
    for (size_t i = 1; i < 16; ++i)
        offsets.push_back(size * i / 16);
    for (size_t i = 1; i < 16; ++i) {
        double f = double(i) / 16;
        offsets.push_back(size_t(double(size) * f * f * f));
    }
    std::erase_if(offsets, [&](size_t o) { return o >= size; });
    std::sort(offsets.begin(), offsets.end());
    offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
    return offsets;
}

/// Probes the first `length` bytes of `original`, copied to the end of `work` (same size as
/// `original`) so that the input ends where its allocation ends.
void probe_prefix(Prober& prober, const std::vector<uint8_t>& original, std::vector<uint8_t>& work, size_t length,
                  const std::string& name, const ReadOptions& options = Prober::bounded())
{
    uint8_t* at = work.data() + work.size() - length;
    std::memcpy(at, original.data(), length);
    prober.probe(std::span<const uint8_t>(at, length), name, options);
}

#define EXPECT_PROBES_CLEAN(prober)                                                         \
    do {                                                                                    \
        std::cout << (prober).summary() << "\n";                                            \
        EXPECT_EQ((prober).failure_count(), 0u) << (prober).failures();                     \
    } while (false)

TEST(Malformed, EveryCorpusFileTruncatedAtFortyOffsets)
{
    Prober prober;
    for (const auto& relative : corpus_files()) {
        auto original = load_corpus_file(relative);
        std::vector<uint8_t> work(original.size());
        for (size_t offset : truncation_offsets(original.size()))
            probe_prefix(prober, original, work, offset, fmt::format("{} cut at {}", relative, offset));
    }
    EXPECT_PROBES_CLEAN(prober);
    EXPECT_GT(prober.probes(), 300u * 30);
    // Cutting exactly after an element gives a shorter, valid file: both outcomes must occur.
    EXPECT_GT(prober.reads(), 0u);
    EXPECT_GT(prober.errors(), prober.probes() / 2);
}

TEST(Malformed, EveryCorpusFileTruncatedAtFortyOffsetsKeepsWhatWasRead)
{
    // TruncatedInput::KeepWhatWasRead: a cut file gives what it holds (written back and read again
    // by the prober), or an error for faults other than the cut.
    Prober prober;
    ReadOptions options = Prober::bounded().with_truncated_input(TruncatedInput::KeepWhatWasRead);
    for (const auto& relative : corpus_files()) {
        auto original = load_corpus_file(relative);
        std::vector<uint8_t> work(original.size());
        for (size_t offset : truncation_offsets(original.size()))
            if (offset > 400)  // past the meta group: a cut there leaves a data set
                probe_prefix(prober, original, work, offset, fmt::format("{} cut at {}", relative, offset), options);
    }
    EXPECT_PROBES_CLEAN(prober);
    EXPECT_GT(prober.probes(), 300u * 20);
    EXPECT_GT(prober.reads(), prober.probes() * 9 / 10);
}

/// Files cut at every byte of their first 400: every header field of preamble, meta and the first
/// data elements, for each uncompressed encoding, deflate and a file without meta.
const char* const densely_cut_files[] = {
    "pydicom/test_files/MR_small.dcm",           "pydicom/test_files/MR_small_implicit.dcm",
    "pydicom/test_files/MR_small_bigendian.dcm", "dcm4che/test-data/report_dfl",
    "pydicom/test_files/ExplVR_LitEndNoMeta.dcm", "pydicom/test_files/ExplVR_BigEndNoMeta.dcm",
    "pydicom/charset_files/chrSQEncoding.dcm",
};

TEST(Malformed, SomeFilesTruncatedAtEveryOffsetOfTheirFirst400Bytes)
{
    Prober prober;
    for (const char* relative : densely_cut_files) {
        auto original = load_corpus_file(relative);
        ASSERT_FALSE(original.empty()) << relative;
        std::vector<uint8_t> work(original.size());
        for (size_t offset = 0; offset < std::min<size_t>(400, original.size()); ++offset)
            probe_prefix(prober, original, work, offset, fmt::format("{} cut at {}", relative, offset));
    }
    EXPECT_PROBES_CLEAN(prober);
    EXPECT_GT(prober.probes(), 2000u);
}

TEST(Malformed, RandomByteChangesInEveryCorpusFile)
{
    Prober prober;
    std::mt19937_64 random(20240611);  // fixed: every run probes the same inputs
    for (const auto& relative : corpus_files()) {
        auto original = load_corpus_file(relative);
        if (original.empty())
            continue;
        auto work = original;
        // Most changes land in the first 2 KiB, where meta and headers are; the rest anywhere.
        size_t head = std::min<size_t>(original.size(), 2048);
        // Large files are mostly pixel data, costly to copy and not where parsing happens.
        int mutants = original.size() > 256 * 1024 ? 6 : 16;
        for (int mutant = 0; mutant < mutants; ++mutant) {
            std::vector<size_t> changed;
            int changes = 1 + int(random() % 4);
            for (int c = 0; c < changes; ++c) {
                size_t at = random() % 4 ? random() % head : random() % original.size();
                switch (random() % 4) {
                case 0: work[at] ^= uint8_t(1u << (random() % 8)); break;
                case 1: work[at] = 0xFF; break;
                case 2: work[at] = 0x00; break;
                default: work[at] = uint8_t(random()); break;
                }
                changed.push_back(at);
            }
            prober.probe(work, fmt::format("{} mutant {}", relative, mutant));
            for (size_t at : changed)
                work[at] = original[at];
        }
    }
    EXPECT_PROBES_CLEAN(prober);
    EXPECT_GT(prober.reads(), 0u);
    EXPECT_GT(prober.errors(), 0u);
}

/// Where a length field sits in the input, found by walking headers without interpreting values.
struct LengthField {
    size_t header;  ///< Offset of the element or item header.
    size_t at;      ///< Offset of the length field.
    unsigned size;  ///< 2 or 4 bytes.
};

/// Length fields of the first `limit` element and item headers in [start, end): sequences and items
/// are stepped into, encapsulated fragments stepped over.
std::vector<LengthField> length_fields(std::span<const uint8_t> bytes, size_t start, bool explicit_vr, ByteOrder order,
                                       size_t limit)
{
    std::vector<LengthField> fields;
    size_t position = start;
    bool in_fragments = false;
    while (position + 8 <= bytes.size() && fields.size() < limit) {
        const uint8_t* p = bytes.data() + position;
        Tag tag(load<uint16_t>(p, order), load<uint16_t>(p + 2, order));
        if (tag.group() == 0xFFFE) {
            uint32_t length = load<uint32_t>(p + 4, order);
            fields.push_back({position, position + 4, 4});
            position += 8;
            if (tag == tags::Item && in_fragments)
                position += length;
            if (tag == tags::SequenceDelimitationItem)
                in_fragments = false;
            continue;
        }
        VR vr = VR::UN;
        size_t header = 8;
        uint32_t length = 0;
        if (explicit_vr) {
            auto parsed = parse_vr(char(p[4]), char(p[5]));
            if (!parsed)
                break;
            vr = *parsed;
            if (has_long_length(vr)) {
                if (position + 12 > bytes.size())
                    break;
                header = 12;
                length = load<uint32_t>(p + 8, order);
                fields.push_back({position, position + 8, 4});
            } else {
                length = load<uint16_t>(p + 6, order);
                fields.push_back({position, position + 6, 2});
            }
        } else {
            const auto* entry = find_entry(tag);
            vr = entry ? entry->vr : VR::UN;
            length = load<uint32_t>(p + 4, order);
            fields.push_back({position, position + 4, 4});
        }
        position += header;
        if (length == 0xFFFFFFFF)
            in_fragments = tag == tags::PixelData;
        else if (vr != VR::SQ)
            position += length;
    }
    return fields;
}

/// Files whose length fields get patched, with the encoding of their data set.
struct PatchedFile {
    const char* path;
    bool explicit_vr;
    ByteOrder order;
};
const PatchedFile patched_files[] = {
    {"pydicom/test_files/MR_small.dcm", true, ByteOrder::Little},
    {"pydicom/test_files/MR_small_implicit.dcm", false, ByteOrder::Little},
    {"pydicom/test_files/MR_small_bigendian.dcm", true, ByteOrder::Big},
    {"pydicom/test_files/MR_small_RLE.dcm", true, ByteOrder::Little},
    {"dcm4che/test-data/DICOMDIR", true, ByteOrder::Little},
    {"dcm4che/assembly-testdata/MR01.dcm", false, ByteOrder::Little},
    {"pydicom/charset_files/chrSQEncoding.dcm", true, ByteOrder::Little},
    {"pydicom/test_files/dicomdirtests/98892001/CT2N/6293", true, ByteOrder::Little},
    {"pydicom/test_files/priv_SQ.dcm", false, ByteOrder::Little},
};

/// Probes `work` with `field` set to each of `values` in turn (2-byte fields take the low half),
/// then puts the original bytes back. Returns the number of probes.
size_t probe_length_values(Prober& prober, std::vector<uint8_t>& work, const std::vector<uint8_t>& original,
                           const LengthField& field, ByteOrder order, const std::vector<uint32_t>& values,
                           const std::string& relative)
{
    uint8_t* p = work.data() + field.at;
    for (uint32_t value : values) {
        if (field.size == 4)
            store<uint32_t>(p, value, order);
        else
            store<uint16_t>(p, uint16_t(value), order);
        prober.probe(work, fmt::format("{} length at {} set to {:#x}", relative, field.at, value));
    }
    std::memcpy(p, original.data() + field.at, field.size);
    return values.size();
}

TEST(Malformed, LengthFieldsPatchedToHugeUndefinedAndOddValues)
{
    Prober prober;
    size_t patched = 0;
    for (const auto& [relative, explicit_vr, order] : patched_files) {
        auto original = load_corpus_file(relative);
        ASSERT_GT(original.size(), 200u) << relative;
        auto work = original;
        auto meta = read_part10(std::make_shared<MemorySource>(original));
        ASSERT_TRUE(meta) << meta.error().message;
        auto meta_length = meta->meta.find_integer(tags::FileMetaInformationGroupLength);
        ASSERT_TRUE(meta_length) << relative;
        size_t data_start = 132 + 12 + size_t(*meta_length);
        auto fields = length_fields(original, 132, true, ByteOrder::Little, 400);
        std::erase_if(fields, [&](const LengthField& f) { return f.header >= data_start; });
        auto data_fields = length_fields(original, data_start, explicit_vr, order, 400);
        ASSERT_GE(data_fields.size(), 2u) << relative;
        fields.insert(fields.end(), data_fields.begin(), data_fields.end());
        for (const auto& field : fields) {
            const uint8_t* p = original.data() + field.at;
            ByteOrder field_order = field.header < data_start ? ByteOrder::Little : order;
            std::vector<uint32_t> values;
            if (field.size == 4) {
                uint32_t length = load<uint32_t>(p, field_order);
                values = {0xFFFFFFF0, 0xFFFFFFFF, length ^ 1, length + 2, 0x80000000};
            } else {
                uint16_t length = load<uint16_t>(p, field_order);
                values = {0xFFF0, 0xFFFF, uint32_t(length ^ 1), uint32_t(length + 2)};
            }
            patched += probe_length_values(prober, work, original, field, field_order, values, relative);
        }
    }
    EXPECT_PROBES_CLEAN(prober);
    EXPECT_GT(patched, 3000u);
    EXPECT_GT(prober.errors(), patched / 4);
}

TEST(Malformed, EveryCorpusFileWithItsFirstLengthFieldsSetToHugeValues)
{
    // Each of the first 24 length fields of meta group and data set in turn set to 0xFFFFFFF0 (0xFFF0
    // for 2-byte lengths) and to undefined, in every corpus file whose layout the test can follow
    // (readable, meta group length right, not deflated).
    Prober prober;
    size_t files = 0, patched = 0;
    for (const auto& relative : corpus_files()) {
        auto original = load_corpus_file(relative);
        auto file = read_part10(std::make_shared<MemorySource>(original));
        if (!file || file->transfer_syntax->deflated)
            continue;
        size_t meta_start = file->preamble ? 132 : 0;
        size_t data_start = meta_start;
        if (!file->meta.empty()) {
            auto meta_length = file->meta.find_integer(tags::FileMetaInformationGroupLength);
            bool length_right = meta_length && std::none_of(file->warnings.begin(), file->warnings.end(), [](const auto& w) {
                return w.tag == tags::FileMetaInformationGroupLength || w.message.find("implicit VR") != std::string::npos;
            });
            if (!length_right)
                continue;
            data_start = meta_start + 12 + size_t(*meta_length);
        }
        bool explicit_vr = file->transfer_syntax->explicit_vr;
        ByteOrder order = file->transfer_syntax->byte_order;
        auto fields = length_fields(original, meta_start, true, ByteOrder::Little, 24);
        std::erase_if(fields, [&](const LengthField& f) { return f.header >= data_start; });
        auto data_fields = length_fields(original, data_start, explicit_vr, order, 24 - std::min<size_t>(fields.size(), 12));
        fields.insert(fields.end(), data_fields.begin(), data_fields.end());
        ++files;
        auto work = original;
        for (const auto& field : fields) {
            ByteOrder field_order = field.header < data_start ? ByteOrder::Little : order;
            patched += probe_length_values(prober, work, original, field, field_order, {0xFFFFFFF0u, 0xFFFFFFFFu},
                                           relative);
        }
    }
    EXPECT_PROBES_CLEAN(prober);
    std::cout << files << " files, " << patched << " patched inputs\n";
    EXPECT_GT(files, 300u);
    EXPECT_GT(patched, files * 20);
    EXPECT_GT(prober.errors(), patched / 4);
}

/// Appends an element or item header (`vr` empty for items and implicit VR).
void put_header(std::vector<uint8_t>& out, Tag tag, std::string_view vr, uint32_t length)
{
    uint8_t b[4];
    store<uint16_t>(b, tag.group(), ByteOrder::Little);
    store<uint16_t>(b + 2, tag.element(), ByteOrder::Little);
    out.insert(out.end(), b, b + 4);
    if (!vr.empty()) {
        out.insert(out.end(), vr.begin(), vr.end());
        out.insert(out.end(), {0, 0});
    }
    store<uint32_t>(b, length, ByteOrder::Little);
    out.insert(out.end(), b, b + 4);
}

enum class Nesting { Undefined, Defined };

/// `depth` Content Sequences, each the only element of the previous one's only item.
std::vector<uint8_t> nested_sequences(size_t depth, bool explicit_vr, Nesting nesting, std::string_view vr = "SQ")
{
    std::vector<uint8_t> out;
    std::string_view sq = explicit_vr ? vr : std::string_view();
    size_t per_level = (explicit_vr ? 12 : 8) + 8;
    for (size_t level = 0; level < depth; ++level) {
        uint32_t item = uint32_t((depth - 1 - level) * per_level);
        bool defined = nesting == Nesting::Defined;
        put_header(out, tags::ContentSequence, sq, defined ? item + 8 : 0xFFFFFFFF);
        put_header(out, tags::Item, {}, defined ? item : 0xFFFFFFFF);
        // In an undefined-length UN, the items are implicit VR (PS3.5 6.2.2).
        if (vr == "UN")
            sq = {};
    }
    if (nesting == Nesting::Undefined) {
        for (size_t level = 0; level < depth; ++level) {
            put_header(out, tags::ItemDelimitationItem, {}, 0);
            put_header(out, tags::SequenceDelimitationItem, {}, 0);
        }
    }
    return out;
}

/// A Part 10 file around a data set already encoded in `syntax`.
std::vector<uint8_t> part10_around(std::span<const uint8_t> data_set, const TransferSyntax& syntax)
{
    Part10File file;
    file.transfer_syntax = &syntax;
    VectorSink sink;
    EXPECT_TRUE(write_part10(file, sink));
    auto bytes = std::move(sink.bytes());
    // Keep preamble and meta only: the empty data set (two bytes of an empty deflate stream) goes.
    auto read = read_part10(std::make_shared<MemorySource>(bytes));
    EXPECT_TRUE(read);
    bytes.resize(132 + 12 + size_t(*read->meta.find_integer(tags::FileMetaInformationGroupLength)));
    bytes.insert(bytes.end(), data_set.begin(), data_set.end());
    return bytes;
}

TEST(Malformed, SequencesNestedOneHundredThousandDeep)
{
    struct Case {
        const char* name;
        bool explicit_vr;
        Nesting nesting;
        const char* vr;
    };
    for (const auto& c : {Case{"explicit undefined", true, Nesting::Undefined, "SQ"},
                          Case{"explicit defined", true, Nesting::Defined, "SQ"},
                          Case{"implicit undefined", false, Nesting::Undefined, "SQ"},
                          Case{"implicit defined", false, Nesting::Defined, "SQ"},
                          Case{"UN undefined", true, Nesting::Undefined, "UN"}}) {
        auto data_set = nested_sequences(100000, c.explicit_vr, c.nesting, c.vr);
        const auto& syntax = c.explicit_vr ? transfer_syntaxes::explicit_vr_little_endian()
                                           : transfer_syntaxes::implicit_vr_little_endian();
        auto bytes = part10_around(data_set, syntax);
        Prober prober;
        prober.probe(bytes, c.name);
        EXPECT_PROBES_CLEAN(prober);
        auto file = read_part10(std::make_shared<MemorySource>(bytes, c.name));
        ASSERT_FALSE(file) << c.name;
        EXPECT_EQ(file.error().code, Errc::LimitExceeded) << file.error().message;
        EXPECT_TRUE(contains(file.error().message, "nested deeper than 64")) << file.error().message;
        EXPECT_TRUE(contains(file.error().message, "tag (0040,A730)")) << file.error().message;

        // Bare data sets (as DIMSE carries them) too.
        auto bare = read_data_set(std::make_shared<MemorySource>(data_set, c.name), syntax);
        ASSERT_FALSE(bare) << c.name;
        EXPECT_EQ(bare.error().code, Errc::LimitExceeded) << bare.error().message;

        // Just within the limit, the same structure reads, writes and reads back equal.
        auto shallow = read_data_set(std::make_shared<MemorySource>(nested_sequences(63, c.explicit_vr, c.nesting, c.vr)),
                                     syntax);
        ASSERT_TRUE(shallow) << c.name << ": " << shallow.error().message;
        VectorSink sink;
        ASSERT_TRUE(write_data_set(*shallow, syntax, sink));
        auto again = read_data_set(std::make_shared<MemorySource>(std::move(sink.bytes())), syntax);
        ASSERT_TRUE(again) << again.error().message;
        EXPECT_TRUE(*again == *shallow) << c.name;
    }
}

/// A raw deflate stream of a data set holding one OB element of `zeros` zero bytes.
std::vector<uint8_t> deflate_bomb(size_t zeros)
{
    std::vector<uint8_t> plain = {0x09, 0x00, 0x10, 0x00, 'L', 'O', 4, 0, 'B', 'O', 'M', 'B'};
    put_header(plain, Tag(0x0009, 0x1000), "OB", uint32_t(zeros));
    plain.resize(plain.size() + zeros, 0);
    auto compressed = internal::deflate_raw(plain, 9);
    EXPECT_TRUE(compressed);
    return compressed ? std::move(*compressed) : std::vector<uint8_t>();
}

TEST(Malformed, DeflateBombStopsAtMaxInflatedSize)
{
    constexpr size_t zeros = size_t(64) << 20;
    auto stream = deflate_bomb(zeros);
    auto bomb = part10_around(stream, transfer_syntaxes::deflated_explicit_vr_little_endian());
    std::cout << "deflate bomb: " << bomb.size() << " bytes inflating to " << zeros << "\n";
    ASSERT_LT(bomb.size(), zeros / 500);

    ReadOptions options;
    options.max_inflated_size = 8 << 20;
    Prober prober;
    // The inflated data may take max_inflated_size, and no more.
    prober.probe(bomb, "bomb.dcm", options, options.max_inflated_size + allocation_slack);
    EXPECT_PROBES_CLEAN(prober);
    auto file = read_part10(std::make_shared<MemorySource>(bomb, "bomb.dcm"), options);
    ASSERT_FALSE(file);
    EXPECT_EQ(file.error().code, Errc::LimitExceeded);
    EXPECT_TRUE(contains(file.error().message, "bomb.dcm: byte offset ")) << file.error().message;
    EXPECT_TRUE(contains(file.error().message, "inflates past 8388608 bytes")) << file.error().message;

    // The same stream as a bare data set, as DIMSE carries it.
    AllocationWatch watch;
    auto bare = read_data_set(std::make_shared<MemorySource>(stream, "bomb stream"),
                              transfer_syntaxes::deflated_explicit_vr_little_endian(), options);
    EXPECT_LE(watch.stop(), options.max_inflated_size + allocation_slack);
    ASSERT_FALSE(bare);
    EXPECT_EQ(bare.error().code, Errc::LimitExceeded);

    // With room enough, the same file reads: the limit is what stopped it.
    options.max_inflated_size = zeros + 1024;
    auto whole = read_part10(std::make_shared<MemorySource>(bomb, "bomb.dcm"), options);
    ASSERT_TRUE(whole) << whole.error().message;
    EXPECT_EQ(whole->data_set.find(Tag(0x0009, 0x1000))->length(), zeros);
}

TEST(Malformed, DeflatedStreamCutOrCorruptedAtEveryByte)
{
    Prober prober;
    for (const char* relative : {"dcm4che/test-data/report_dfl", "pydicom/test_files/image_dfl.dcm"}) {
        auto original = load_corpus_file(relative);
        ASSERT_FALSE(original.empty());
        auto work = original;
        size_t start = 300;  // past the meta of both files
        for (size_t at = start; at < original.size(); at += 7) {
            work[at] ^= 0x5A;
            prober.probe(work, fmt::format("{} byte {} changed", relative, at));
            work[at] = original[at];
        }
    }
    EXPECT_PROBES_CLEAN(prober);
}

/// 1 MiB of empty elements in descending tag order: inserting each in place would be quadratic.
TEST(Malformed, ManyElementsInReverseOrderReadInLinearTime)
{
    constexpr size_t count = 128 * 1024;
    std::vector<uint8_t> data_set;
    for (size_t i = count; i-- > 0;)
        put_header(data_set, Tag(uint16_t(0x0009 + 2 * (i / 60000)), uint16_t(0x1000 + i % 60000)), {}, 0);
    double started = cpu_seconds();
    std::vector<ReadWarning> warnings;
    auto read = read_data_set(std::make_shared<MemorySource>(data_set), transfer_syntaxes::implicit_vr_little_endian(),
                              {}, &warnings);
    double seconds = cpu_seconds() - started;
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(read->size(), count);
    EXPECT_TRUE(std::is_sorted(read->begin(), read->end(),
                               [](const Element& a, const Element& b) { return a.tag < b.tag; }));
    EXPECT_FALSE(warnings.empty());
    EXPECT_LT(seconds, slow_read_seconds);
    std::cout << count << " elements in reverse order read in " << seconds << " s CPU\n";
}

/// Many group length elements: recomputing each by scanning the whole data set would be quadratic.
TEST(Malformed, ManyGroupLengthsWriteInLinearTime)
{
    constexpr size_t count = 64 * 1024;
    DataSet data_set;
    for (size_t i = 0; i < count; ++i) {
        uint16_t group = uint16_t(0x0009 + 2 * i);
        if (group < 0x0009)
            break;
        data_set.append(Element(Tag(group, 0x0000), VR::UL, std::string(4, '\0')));
        data_set.append(Element(Tag(group, 0x1000), VR::UN, std::string(2, 'x')));
    }
    double started = cpu_seconds();
    VectorSink sink;
    ASSERT_TRUE(write_data_set(data_set, transfer_syntaxes::explicit_vr_little_endian(), sink));
    double seconds = cpu_seconds() - started;
    EXPECT_LT(seconds, slow_read_seconds);
    auto again = read_data_set(std::make_shared<MemorySource>(std::move(sink.bytes())),
                               transfer_syntaxes::explicit_vr_little_endian());
    ASSERT_TRUE(again) << again.error().message;
    // Each group holds one UN element: a 12-byte header and 2 bytes of value.
    EXPECT_EQ(again->find_integer(Tag(0x0009, 0x0000)), 14);
}

// Regressions found by fuzz/fuzz_part10_read.cpp and by the tests above. Each input is read, written
// back the way the fuzz target does, and read again.

/// Explicit VR big endian without meta whose data set holds a command element (group 0000) out of
/// order: written back, that element comes first and no longer tells the byte order.
TEST(Malformed, issue_2_bare_big_endian_data_set_with_a_command_element)
{
    const uint8_t bytes[] = {
        0x00, 0x08, 0x00, 0x05, 'C', 'S', 0x00, 0x0A, 'I', 'S', 'O', '_', 'I', 'R', ' ', '1', '0', '0',
        0x00, 0x08, 0x00, 0x60, 'C', 'S', 0x00, 0x02, 'M', 'R',
        0x00, 0x00, 0x00, 0x00, 'U', 'L', 0x00, 0x00,  // (0000,0000) UL, empty, out of order
    };
    auto file = read_part10(std::make_shared<MemorySource>(std::vector<uint8_t>(std::begin(bytes), std::end(bytes))));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(file->transfer_syntax, &transfer_syntaxes::explicit_vr_big_endian());
    EXPECT_EQ(file->data_set.find_string(tags::Modality), "MR");
    EXPECT_EQ(write_and_read_back(*file), "");
}

/// Zeros (empty group 0000 elements in implicit VR) then a private element of odd length: the
/// first group reads the same in both byte orders, and little endian must stay the guess.
TEST(Malformed, issue_2_zeros_then_an_odd_length_element)
{
    std::vector<uint8_t> bytes(16, 0);
    bytes.insert(bytes.end(), {0x00, 0xF9, 0xFF, 0xFF, 0x03, 0x00, 0x00, 0x00, 'a', 'b', 'c'});
    auto file = read_part10(std::make_shared<MemorySource>(bytes));
    ASSERT_TRUE(file) << file.error().message;
    EXPECT_EQ(file->transfer_syntax, &transfer_syntaxes::implicit_vr_little_endian());
    ASSERT_NE(file->data_set.find(Tag(0xF900, 0xFFFF)), nullptr);
    EXPECT_EQ(write_and_read_back(*file), "");
    VectorSink sink;
    ASSERT_TRUE(write_data_set(file->data_set, *file->transfer_syntax, sink));
    auto again = read_part10(std::make_shared<MemorySource>(std::move(sink.bytes())));
    ASSERT_TRUE(again) << again.error().message;
    const Element* odd = again->data_set.find(Tag(0xF900, 0xFFFF));
    ASSERT_NE(odd, nullptr);
    EXPECT_EQ(odd->raw_text(), std::string_view("abc\0", 4));  // padded to even length on write
}

/// The byte order of a data set was guessed from its first tag even when the meta named it; a
/// first group of 0000 reads the same both ways and 2000 or 6000 read as 0020 or 0060 swapped, so
/// such a file we wrote read back wrong (found by the byte changes above and by the fuzzer). The
/// meta's byte order now holds when the meta is right about explicit or implicit VR.
TEST(Malformed, issue_2_the_meta_byte_order_holds_whatever_the_first_group)
{
    const Element firsts[] = {
        Element(Tag(0x0000, 0x0002), VR::UI, std::string("1.2\0", 4)),  // Affected SOP Class UID
        Element(Tag(0x2000, 0x0010), VR::IS, std::string("1 ")),         // Number of Copies
        Element(Tag(0x6000, 0x0010), VR::US, std::string("\x00\x02", 2)),  // Overlay Rows
    };
    for (const auto* syntax : {&transfer_syntaxes::explicit_vr_big_endian(), &transfer_syntaxes::explicit_vr_little_endian(),
                               &transfer_syntaxes::implicit_vr_little_endian()}) {
        for (const auto& first : firsts) {
            Part10File file;
            file.transfer_syntax = syntax;
            file.data_set.set(first);
            file.data_set.set(Element(tags::Modality, VR::CS, std::string("MR")));
            file.data_set.set(Element(tags::Rows, VR::US, std::string("\x00\x02", 2)));
            VectorSink sink;
            ASSERT_TRUE(write_part10(file, sink));
            auto again = read_part10(std::make_shared<MemorySource>(std::move(sink.bytes())));
            std::string what = fmt::format("{} first in {}", to_string(first.tag), syntax->name);
            ASSERT_TRUE(again) << what << ": " << again.error().message;
            EXPECT_EQ(again->transfer_syntax, syntax) << what;
            EXPECT_TRUE(again->data_set == file.data_set) << what;
            EXPECT_EQ(again->data_set.find_integer(tags::Rows), 512) << what;
        }
    }
}

/// A meta group cut short by a corrupted tag leaves (0002,xxxx) elements in the data set. Written
/// after the meta they would be read back as part of it (here: a big endian Transfer Syntax UID
/// for a little endian data set): writing refuses them.
TEST(Malformed, issue_2_meta_element_in_the_data_set_is_refused_on_write)
{
    std::vector<uint8_t> bytes(128, 0);
    bytes.insert(bytes.end(), {'D', 'I', 'C', 'M', 0x02, 0x00, 0x00, 0x00, 'U', 'L', 0x04, 0x00, 0x0E, 0x00, 0x00, 0x00,
                               0x02, 0x00, 0x01, 0x00, 'O', 'B', 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01});
    // (0002,0002) with its group corrupted to FF02, then the rest of the meta.
    bytes.insert(bytes.end(), {0x02, 0xFF, 0x02, 0x00, 'U', 'I', 0x04, 0x00, '1', '.', '2', 0x00});
    bytes.insert(bytes.end(), {0x02, 0x00, 0x10, 0x00, 'U', 'I', 0x14, 0x00});
    for (char c : std::string_view("1.2.840.10008.1.2.2\0", 20))
        bytes.push_back(uint8_t(c));
    auto file = read_part10(std::make_shared<MemorySource>(bytes));
    ASSERT_TRUE(file) << file.error().message;
    ASSERT_NE(file->data_set.find(tags::TransferSyntaxUID), nullptr);
    VectorSink sink;
    auto written = write_part10(*file, sink);
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error().code, Errc::InvalidArgument);
    EXPECT_TRUE(contains(written.error().message, "(0002,0010)")) << written.error().message;
    EXPECT_EQ(write_and_read_back(*file), "");
}

}  // namespace
}  // namespace roentgen
