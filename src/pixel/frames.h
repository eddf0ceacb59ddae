// pixel/frames.h — reaching frame N of a data set without decoding or loading the others, and decoding frames.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "base/result.h"
#include "dict/transfer_syntax.h"
#include "model/data_set.h"
#include "pixel/codec_registry.h"
#include "pixel/pixel_description.h"

namespace roentgen {

/// The stored bytes of one frame: for native syntaxes a slice of Pixel Data (for 1-bit data the
/// bytes holding the frame's bits, with `first_bit` the bit offset of its first pixel); for
/// encapsulated ones its fragments (PS3.5 A.4), found from the Extended Offset Table, the Basic
/// Offset Table, one fragment per frame, or by scanning fragments for codestream starts.
struct StoredFrame {
    std::vector<std::span<const uint8_t>> fragments;  ///< Native: exactly one span.
    unsigned first_bit = 0;
    /// Bytes loaded for this frame when the source could not be viewed in place.
    std::vector<std::vector<uint8_t>> owned;
};

/// Frame `index` (0-based) as stored.
[[nodiscard]] Result<StoredFrame> stored_frame(const DataSet& data_set, const TransferSyntax& syntax,
                                               const PixelDescription& description, uint32_t index);

/// Decodes frame `index` into `out`, which holds description.decoded_frame_bytes() bytes (layout of
/// PixelCodec::decode); `description` is describe_pixels(data_set).
[[nodiscard]] Result<void> decode_frame_into(const DataSet& data_set, const TransferSyntax& syntax,
                                             const CodecRegistry& codecs, const PixelDescription& description,
                                             uint32_t index, std::span<uint8_t> out);
/// Decodes frame `index` into description.decoded_frame_bytes() bytes (layout of PixelCodec::decode).
[[nodiscard]] Result<std::vector<uint8_t>> decode_frame(const DataSet& data_set, const TransferSyntax& syntax,
                                                        const CodecRegistry& codecs, uint32_t index);
/// Decodes every frame, in parallel across `threads` (0: hardware concurrency), concatenated.
[[nodiscard]] Result<std::vector<uint8_t>> decode_all_frames(const DataSet& data_set, const TransferSyntax& syntax,
                                                             const CodecRegistry& codecs, unsigned threads = 0);

/// Decodes every frame in parallel across `threads` (0: hardware concurrency) and hands each to
/// `sink` in frame order, holding only a few frames per thread at once: an object of any size is
/// decoded in bounded memory. The first error from a decoder or from `sink` stops the rest.
[[nodiscard]] Result<void> decode_frames_in_order(
    const DataSet& data_set, const TransferSyntax& syntax, const CodecRegistry& codecs, unsigned threads,
    const std::function<Result<void>(uint32_t index, std::span<const uint8_t> frame)>& sink);

}  // namespace roentgen
