// encoding/internal/data_set_parser.h — parses an encoded data set from contiguous bytes into a DataSet.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "base/byte_source.h"
#include "base/endian.h"
#include "base/result.h"
#include "encoding/read_options.h"
#include "encoding/read_warning.h"
#include "model/data_set.h"

namespace roentgen::internal {

/// How the elements of a data set are laid out (PS3.5 7.1).
struct Encoding {
    bool explicit_vr = true;
    ByteOrder byte_order = ByteOrder::Little;
};

/// Guesses the encoding of the element starting at `bytes` (PS3.5 7.1): explicit when bytes 4-5
/// spell a VR, big endian when the group reads plausibly only that way.
Encoding detect_encoding(std::span<const uint8_t> bytes);

/// Reads elements from [start, end) of a contiguous source. Values at or above the bulk threshold
/// and all encapsulated fragments become BulkData referring into the source.
class DataSetParser {
public:
    DataSetParser(std::shared_ptr<const ByteSource> source, const ReadOptions& options,
                  std::vector<ReadWarning>& warnings);

    /// Parses a top-level data set, honouring stop_before/stop_after. Reads group 0002 only if
    /// `only_group` is set to 2 (then stops at the first element of another group).
    [[nodiscard]] Result<void> parse(DataSet& out, uint64_t start, uint64_t end, Encoding encoding,
                                     std::optional<uint16_t> only_group = std::nullopt);
    /// Where parsing stopped.
    uint64_t position() const { return m_position; }
    bool stopped_early() const { return m_stopped_early; }
    /// The data ended inside something and what was read is kept (TruncatedInput::KeepWhatWasRead).
    bool truncated() const { return m_truncated; }

private:
    struct Context;
    enum class Terminator { End, ItemDelimiter };
    struct Header {
        Tag tag;
        VR vr;
        uint32_t length;
        uint64_t offset;  ///< Where the header began.
        bool vr_was_invalid;
        bool short_length;  ///< A non-standard VR read with a 2-byte length.
    };

    Result<bool> parse_elements(DataSet& out, uint64_t end, Terminator terminator, Encoding encoding,
                                unsigned depth, const Context* parent, bool top_level,
                                std::optional<uint16_t> only_group);
    Result<Header> read_header(uint64_t end, Encoding encoding);
    Result<Sequence> parse_sequence(const Header& header, uint64_t end, Encoding encoding, unsigned depth,
                                    const Context* context);
    Result<Fragments> parse_fragments(const Header& header, uint64_t end, Encoding encoding);
    /// Reads the value into `out` in place (no Value temporary to move: this runs for most elements).
    Result<void> parse_primitive(const Header& header, uint64_t end, Encoding encoding, Value& out);
    VR implicit_vr(Tag tag, const Context* context) const;
    void warn(uint64_t offset, Tag tag, std::string message);
    /// Whether the data ending at `end` is to be kept as read (TruncatedInput::KeepWhatWasRead and
    /// `end` is the end of all data): then warns with `message` once and marks the parse truncated.
    bool keep_truncated(uint64_t end, uint64_t offset, Tag tag, const std::string& message);
    Error error(Errc code, uint64_t offset, Tag tag, const std::string& message) const;

    std::shared_ptr<const ByteSource> m_source;
    std::span<const uint8_t> m_bytes;
    const ReadOptions& m_options;
    std::vector<ReadWarning>& m_warnings;
    uint64_t m_position = 0;
    bool m_stopped_early = false;
    bool m_truncated = false;
    uint64_t m_end = 0;  ///< Where the data given to parse() ends.
};

}  // namespace roentgen::internal
