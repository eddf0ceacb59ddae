// encoding/read_options.h — how much of a data set to read and which values to leave in the source.
#pragma once

#include <cstdint>
#include <optional>

#include "dict/tag.h"

namespace roentgen {

/// What to do with standard elements that a file stores with VR UN.
enum class UnknownVR {
    Keep,           ///< Keep UN and the bytes as they are, so the file writes back unchanged.
    UseDictionary,  ///< Read the value as the dictionary's VR (PS3.5 6.2.2), as pydicom and DCMTK do.
};

/// What to do when the input ends inside an element, item, sequence or fragment.
enum class TruncatedInput {
    Error,            ///< Fail with Errc::Truncated, naming the offset and tag (as DCMTK).
    KeepWhatWasRead,  ///< The value is cut at the end, open sequences and items are closed, and a
                      ///< warning says where (as pydicom reads such files).
};

struct ReadOptions {
    /// Values of at least this many bytes stay BulkData references into the source (PS3.5 has no
    /// such notion; this is memory policy). Pixel Data fragments are always references.
    uint64_t bulk_threshold = 64 * 1024;
    /// Stop when reaching this tag at the top level, without reading it (e.g. Pixel Data).
    std::optional<Tag> stop_before;
    /// Stop after reading this top-level tag.
    std::optional<Tag> stop_after;
    /// Deepest sequence nesting accepted before the input is declared malformed.
    unsigned max_depth = 64;
    /// A deflated data set may inflate to at most this many bytes (deflate bombs).
    uint64_t max_inflated_size = uint64_t(8) << 30;
    /// Standard (non-private) elements written as UN with a defined length.
    UnknownVR unknown_vr = UnknownVR::Keep;

    TruncatedInput truncated_input = TruncatedInput::Error;

    ReadOptions& with_stop_before(Tag tag) { stop_before = tag; return *this; }
    ReadOptions& with_stop_after(Tag tag) { stop_after = tag; return *this; }
    ReadOptions& with_bulk_threshold(uint64_t bytes) { bulk_threshold = bytes; return *this; }
    ReadOptions& with_unknown_vr(UnknownVR policy) { unknown_vr = policy; return *this; }
    ReadOptions& with_truncated_input(TruncatedInput policy) { truncated_input = policy; return *this; }
};

}  // namespace roentgen
