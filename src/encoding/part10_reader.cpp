// encoding/part10_reader.cpp — PS3.10 files: preamble and DICM, File Meta Information, then the data set.
#include <fmt/format.h>

#include <cstring>

#include "dict/generated/tags.h"
#include "dict/generated/uids.h"
#include "encoding/internal/data_set_parser.h"
#include "encoding/internal/inflate.h"
#include "encoding/part10_file.h"

namespace roentgen {

namespace {

using internal::DataSetParser;
using internal::Encoding;

bool has_dicm(std::span<const uint8_t> bytes, size_t at)
{
    return bytes.size() >= at + 4 && std::memcmp(bytes.data() + at, "DICM", 4) == 0;
}

/// A syntax whose data set encoding matches what was detected, for files whose meta lies.
const TransferSyntax& syntax_for(Encoding encoding)
{
    if (!encoding.explicit_vr)
        return transfer_syntaxes::implicit_vr_little_endian();
    return encoding.byte_order == ByteOrder::Big ? transfer_syntaxes::explicit_vr_big_endian()
                                                 : transfer_syntaxes::explicit_vr_little_endian();
}

Result<void> read_meta(Part10File& file, DataSetParser& parser, uint64_t& position, std::span<const uint8_t> bytes,
                       const ByteSource& source)
{
    // PS3.10 7.1: the meta group is explicit VR little endian; some writers use implicit VR.
    Encoding meta_encoding = internal::detect_encoding(bytes.subspan(position));
    meta_encoding.byte_order = ByteOrder::Little;
    if (!meta_encoding.explicit_vr)
        file.warnings.push_back({position, Tag(0x0002, 0x0000), "File Meta Information is in implicit VR (PS3.10 7.1)"});
    uint64_t start = position;
    auto parsed = parser.parse(file.meta, position, bytes.size(), meta_encoding, uint16_t(0x0002));
    if (!parsed)
        return add_context(std::move(parsed).error(), "reading File Meta Information");
    position = parser.position();
    uint64_t actual = 0;
    if (const Element* length = file.meta.find(tags::FileMetaInformationGroupLength)) {
        // One UL (find_integer() would decode every value of a hostile, huge one).
        auto value = length->length() == 4 ? file.meta.find_integer(tags::FileMetaInformationGroupLength)
                                           : std::nullopt;
        uint64_t header = 12;  // (0002,0000) UL: 8-byte header and 4-byte value, explicit or implicit
        actual = position - start - header;
        if (value && uint64_t(*value) != actual)
            file.warnings.push_back({start, length->tag,
                                     fmt::format("File Meta Information Group Length is {} but the group has {} bytes",
                                                 *value, actual)});
    } else {
        file.warnings.push_back({start, tags::FileMetaInformationGroupLength,
                                 "File Meta Information Group Length (0002,0000) is missing (PS3.10 7.1)"});
    }
    (void)source;
    return {};
}

}  // namespace

Result<Part10File> read_part10(std::shared_ptr<const ByteSource> source, const ReadOptions& options)
{
    Part10File file;
    auto bytes = source->contiguous();
    if (bytes.empty() && source->size() != 0)
        return make_error(Errc::Unsupported, source->name() + ": the source is not contiguous");
    if (bytes.empty())
        return make_error(Errc::Truncated, source->name() + ": empty file");
    DataSetParser parser(source, options, file.warnings);
    uint64_t position = 0;
    if (has_dicm(bytes, 128)) {
        file.preamble.emplace();
        std::memcpy(file.preamble->data(), bytes.data(), 128);
        position = 132;
    } else if (has_dicm(bytes, 0)) {
        file.warnings.push_back({0, Tag(), "file starts with DICM without a preamble"});
        position = 4;
    }
    bool has_meta = bytes.size() >= position + 4 && load_le<uint16_t>(bytes.data() + position) == 0x0002;
    if (has_meta) {
        ROENTGEN_TRY(read_meta(file, parser, position, bytes, *source));
    } else if (file.preamble) {
        file.warnings.push_back({position, Tag(), "DICM prefix without a File Meta Information group"});
    }

    // Which syntax the meta announces, and how the data set is really encoded.
    const TransferSyntax* announced = nullptr;
    if (auto uid = file.meta.find_string(tags::TransferSyntaxUID)) {
        announced = find_transfer_syntax(*uid);
        if (!announced)
            file.warnings.push_back({position, tags::TransferSyntaxUID,
                                     fmt::format("unknown Transfer Syntax UID \"{}\"; encoding detected", *uid)});
    } else if (has_meta) {
        file.warnings.push_back({position, tags::TransferSyntaxUID, "Transfer Syntax UID missing; encoding detected"});
    }

    std::shared_ptr<const ByteSource> data_source = source;
    uint64_t data_start = position;
    file.data_set_offset = position;
    if (announced && announced->deflated) {
        auto inflated = internal::inflate_raw(bytes.subspan(position), options.max_inflated_size);
        if (!inflated)
            return add_context(std::move(inflated).error(), fmt::format("{}: byte offset {}", source->name(), position));
        data_source = std::make_shared<MemorySource>(std::move(*inflated), source->name() + " (inflated)");
        data_start = 0;
    }
    auto data_bytes = data_source->contiguous();
    Encoding encoding = internal::detect_encoding(data_bytes.subspan(std::min<uint64_t>(data_start, data_bytes.size())));
    if (announced) {
        Encoding expected{announced->explicit_vr, announced->byte_order};
        bool enough = data_bytes.size() >= data_start + 8;
        // A meta right about explicit or implicit VR is trusted for the byte order too: the guess
        // from the first tag fails on groups such as 0000 (the same both ways) or 2000 (0020),
        // and what we write must read back as written, whatever the data set's first group.
        if (enough && encoding.explicit_vr == expected.explicit_vr)
            encoding.byte_order = expected.byte_order;
        if (enough && (expected.explicit_vr != encoding.explicit_vr || expected.byte_order != encoding.byte_order)) {
            file.warnings.push_back(
                {data_start, Tag(),
                 fmt::format("the data set is {} VR {} endian although the meta says {}; read as found",
                             encoding.explicit_vr ? "explicit" : "implicit",
                             encoding.byte_order == ByteOrder::Big ? "big" : "little", announced->name)});
            file.transfer_syntax = (announced->encapsulated && encoding.explicit_vr &&
                                    encoding.byte_order == ByteOrder::Little)
                                       ? announced
                                       : &syntax_for(encoding);
        } else {
            if (!enough)
                encoding = expected;
            file.transfer_syntax = announced;
        }
    } else {
        file.transfer_syntax = &syntax_for(encoding);
    }

    DataSetParser data_parser(data_source, options, file.warnings);
    auto parsed = data_parser.parse(file.data_set, data_start, data_bytes.size(), encoding);
    if (!parsed)
        return std::unexpected(std::move(parsed).error());
    file.stopped_early = data_parser.stopped_early();
    file.truncated = parser.truncated() || data_parser.truncated();
    if (!has_meta && file.data_set.empty() && !file.stopped_early)
        return make_error(Errc::Malformed, source->name() + ": not a DICOM file (no meta group and no data elements)");
    return file;
}

Result<Part10File> read_part10_file(const std::string& path, const ReadOptions& options)
{
    // A header read (stop_before/stop_after) usually ends in the first few KiB. Reading those
    // costs a third of mapping and unmapping the file (BENCHMARKS.md), so try them first and
    // map the file only when the header goes on past them, or the read fails in any way.
    constexpr size_t header_prefix = 32 * 1024;
    if (options.stop_before || options.stop_after) {
        if (auto head = FileHead::read(path, header_prefix)) {
            bool whole = (*head)->is_whole_file();
            auto file = read_part10(std::move(*head), options);
            if (whole || (file && file->stopped_early))
                return file;
        }
    }
    ROENTGEN_TRY(auto mapped, MappedFile::open(path));
    return read_part10(std::move(mapped), options);
}

Result<DataSet> read_data_set(std::shared_ptr<const ByteSource> source, const TransferSyntax& syntax,
                              const ReadOptions& options, std::vector<ReadWarning>* warnings)
{
    std::vector<ReadWarning> local;
    auto& sink = warnings ? *warnings : local;
    std::shared_ptr<const ByteSource> data_source = source;
    if (syntax.deflated) {
        ROENTGEN_TRY(auto inflated, internal::inflate_raw(source->contiguous(), options.max_inflated_size));
        data_source = std::make_shared<MemorySource>(std::move(inflated), source->name() + " (inflated)");
    }
    DataSet data_set;
    DataSetParser parser(data_source, options, sink);
    ROENTGEN_TRY(parser.parse(data_set, 0, data_source->size(), Encoding{syntax.explicit_vr, syntax.byte_order}));
    return data_set;
}

}  // namespace roentgen
