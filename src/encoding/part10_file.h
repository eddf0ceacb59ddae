// encoding/part10_file.h — a PS3.10 file: preamble, File Meta Information and data set; read and write.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/byte_sink.h"
#include "base/byte_source.h"
#include "base/result.h"
#include "dict/transfer_syntax.h"
#include "encoding/read_options.h"
#include "encoding/read_warning.h"
#include "model/data_set.h"

namespace roentgen {

/// The file object of PS3.10 7.1. The data set carries no transfer syntax; `transfer_syntax` is
/// how the data set was (or will be) encoded.
struct Part10File {
    std::optional<std::array<uint8_t, 128>> preamble;  ///< Absent when the file had none.
    DataSet meta;      ///< Group 0002, always explicit VR little endian (PS3.10 7.1).
    DataSet data_set;  ///< Everything after the meta group.
    const TransferSyntax* transfer_syntax = nullptr;  ///< Never null after a successful read.
    std::vector<ReadWarning> warnings;
    bool stopped_early = false;  ///< Reading stopped at ReadOptions::stop_before/stop_after.
    /// The file ended inside an element and what was read is kept (TruncatedInput::KeepWhatWasRead);
    /// the warnings say where.
    bool truncated = false;
    /// Byte offset in the source where the data set begins, right after the meta (for a deflated
    /// file, where the deflated stream begins): bytes from here are the data set as encoded, to send
    /// over the network unchanged in `transfer_syntax`.
    uint64_t data_set_offset = 0;
};

/// Reads a file by memory-mapping it; values above the bulk threshold stay in the mapping. With
/// stop_before/stop_after the file's first 32 KiB are read instead when the header ends within them
/// (same result, a third of the system time on a series).
/// Accepts files with or without preamble and meta group (the encoding is then detected), and
/// the faults listed in the README with a warning each. Errors name the file, offset and tag.
[[nodiscard]] Result<Part10File> read_part10_file(const std::string& path, const ReadOptions& options = {});
/// As read_part10_file(), from any byte source.
[[nodiscard]] Result<Part10File> read_part10(std::shared_ptr<const ByteSource> source, const ReadOptions& options = {});

/// Reads a bare data set (no preamble, no meta) encoded in `syntax`, as carried by DIMSE.
[[nodiscard]] Result<DataSet> read_data_set(std::shared_ptr<const ByteSource> source, const TransferSyntax& syntax,
                                            const ReadOptions& options = {},
                                            std::vector<ReadWarning>* warnings = nullptr);

/// How the File Meta Information is produced on write.
enum class MetaPolicy {
    /// Our Implementation Class UID and Version Name; SOP Class/Instance from the data set.
    Regenerate,
    /// Keep every meta element as it is except the group length and the transfer syntax UID.
    Preserve,
};

/// How sequences and items get their lengths on write (PS3.5 7.5).
enum class SequenceLengths {
    AsRead,     ///< Each sequence and item as its LengthEncoding says.
    Undefined,  ///< Delimitation items everywhere.
    Defined,    ///< Explicit lengths everywhere.
};

/// What happens to group length elements (gggg,0000) found in the data set.
enum class GroupLengths {
    Recompute,  ///< Set to the length actually written (PS3.5 7.2), as DCMTK does by default.
    AsRead,     ///< Written with the value they hold, right or wrong.
};

struct WriteOptions {
    /// Transfer syntax of the data set; nullptr keeps the file's.
    const TransferSyntax* transfer_syntax = nullptr;
    MetaPolicy meta_policy = MetaPolicy::Regenerate;
    SequenceLengths sequence_lengths = SequenceLengths::AsRead;
    GroupLengths group_lengths = GroupLengths::Recompute;
    bool write_preamble = true;  ///< 128 bytes (the file's own, or zeros) and "DICM".
    int deflate_level = 6;       ///< zlib level for Deflated Explicit VR Little Endian.
};

/// Our implementation's identity in the meta group (PS3.7 D.3.3.2).
std::string_view implementation_class_uid();
std::string_view implementation_version_name();

/// Writes the file to `sink`: preamble, meta (rebuilt per the policy, (0002,0000) computed) and the
/// data set in the chosen syntax, every value padded to even length with its VR's padding byte.
[[nodiscard]] Result<void> write_part10(const Part10File& file, ByteSink& sink, const WriteOptions& options = {});
/// Writes the preamble (when options.write_preamble) and the meta only, as write_part10() would,
/// for a data set already encoded in `syntax` that the caller appends as it is (a C-STORE received
/// from the network). `file.data_set` supplies the SOP Class and Instance under Regenerate.
[[nodiscard]] Result<void> write_part10_header(const Part10File& file, const TransferSyntax& syntax, ByteSink& sink,
                                               const WriteOptions& options = {});
/// Writes to `path` atomically (temporary file, fsync, rename).
[[nodiscard]] Result<void> write_part10_file(const Part10File& file, const std::string& path,
                                             const WriteOptions& options = {});
/// Writes a bare data set in `syntax` (no preamble, no meta).
[[nodiscard]] Result<void> write_data_set(const DataSet& data_set, const TransferSyntax& syntax, ByteSink& sink,
                                          SequenceLengths sequence_lengths = SequenceLengths::AsRead,
                                          GroupLengths group_lengths = GroupLengths::Recompute);

}  // namespace roentgen
