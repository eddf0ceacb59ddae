// pixel/frames.cpp — locating stored frames (native and encapsulated, PS3.5 8.2, A.4) and decoding them.
#include "pixel/frames.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "dict/generated/tags.h"
#include "model/element_values.h"
#include "pixel/internal/native_frame.h"
#include "pixel/internal/parallel_frames.h"

namespace roentgen {

namespace {

const Element* pixel_element(const DataSet& data_set, const PixelDescription& description)
{
    switch (description.kind) {
    case PixelDataKind::Float: return data_set.find(tags::FloatPixelData);
    case PixelDataKind::DoubleFloat: return data_set.find(tags::DoubleFloatPixelData);
    default: return data_set.find(tags::PixelData);
    }
}

/// The bytes of a value or fragment: viewed in place, or loaded into `owned`.
Result<std::span<const uint8_t>> view_or_load(const BulkData& data, std::vector<std::vector<uint8_t>>& owned)
{
    auto view = data.view();
    if (view.size() == data.size())
        return view;
    ROENTGEN_TRY(auto loaded, data.load());
    owned.push_back(std::move(loaded));
    return std::span<const uint8_t>(owned.back());
}

/// Whether a fragment begins a codestream, for frames found by scanning (PS3.5 A.4 Note).
bool starts_codestream(std::span<const uint8_t> f)
{
    if (f.size() >= 2 && f[0] == 0xFF && (f[1] == 0xD8 || f[1] == 0x4F || f[1] == 0x0A))
        return true;  // JPEG / JPEG-LS SOI, JPEG 2000 SOC, JPEG XL codestream
    static constexpr uint8_t jp2[] = {0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20};
    static constexpr uint8_t jxl[] = {0, 0, 0, 0x0C, 0x4A, 0x58, 0x4C, 0x20};
    if (f.size() >= 8 && (std::memcmp(f.data(), jp2, 8) == 0 || std::memcmp(f.data(), jxl, 8) == 0))
        return true;
    // RLE header (PS3.5 G.5): 1..15 segments, the first at offset 64.
    if (f.size() >= 64) {
        uint32_t segments = load_le<uint32_t>(f.data());
        return segments >= 1 && segments <= 15 && load_le<uint32_t>(f.data() + 4) == 64;
    }
    return false;
}

Result<StoredFrame> encapsulated_frame(const DataSet& data_set, const Fragments& fragments,
                                       const PixelDescription& description, uint32_t index)
{
    StoredFrame frame;
    const auto& items = fragments.items;
    if (items.empty())
        return make_error(Errc::Malformed, "encapsulated Pixel Data has no fragments");
    uint32_t frames = description.number_of_frames;
    // Item positions relative to the first fragment item (the offsets' origin, PS3.5 A.4).
    std::vector<uint64_t> positions(items.size());
    uint64_t position = 0;
    for (size_t i = 0; i < items.size(); ++i) {
        positions[i] = position;
        position += 8 + items[i].size();
    }
    auto take_range = [&](uint64_t begin, uint64_t end) -> Result<void> {
        for (size_t i = 0; i < items.size(); ++i)
            if (positions[i] >= begin && positions[i] < end) {
                ROENTGEN_TRY(auto span, view_or_load(items[i], frame.owned));
                frame.fragments.push_back(span);
            }
        if (frame.fragments.empty())
            return make_error(Errc::Malformed, "offset table points at no fragment for frame " + std::to_string(index));
        return {};
    };
    // Extended Offset Table (7FE0,0001) with its lengths (7FE0,0002), PS3.3 C.7.6.3.1.8.
    if (const Element* extended = data_set.find(tags::ExtendedOffsetTable)) {
        auto offsets = unsigned_values(*extended);
        if (offsets && offsets->size() == frames) {
            uint64_t begin = (*offsets)[index];
            uint64_t end = index + 1 < frames ? (*offsets)[index + 1] : UINT64_MAX;
            ROENTGEN_TRY(take_range(begin, end));
            return frame;
        }
    }
    if (!fragments.offset_table.empty()) {
        std::vector<std::vector<uint8_t>> table_storage;
        ROENTGEN_TRY(auto table, view_or_load(fragments.offset_table, table_storage));
        size_t entries = table.size() / 4;
        if (entries == frames) {
            uint64_t begin = load_le<uint32_t>(table.data() + 4 * index);
            uint64_t end = index + 1 < frames ? load_le<uint32_t>(table.data() + 4 * (index + 1)) : UINT64_MAX;
            ROENTGEN_TRY(take_range(begin, end));
            return frame;
        }
    }
    if (index >= frames)
        return make_error(Errc::NotFound, "frame " + std::to_string(index) + " of " + std::to_string(frames));
    if (frames == 1) {
        for (const auto& item : items) {
            ROENTGEN_TRY(auto span, view_or_load(item, frame.owned));
            frame.fragments.push_back(span);
        }
        return frame;
    }
    if (items.size() == frames) {
        ROENTGEN_TRY(auto span, view_or_load(items[index], frame.owned));
        frame.fragments.push_back(span);
        return frame;
    }
    // No usable table: a frame starts at each fragment that begins a codestream.
    int64_t current = -1;
    for (const auto& item : items) {
        std::vector<std::vector<uint8_t>> scratch;
        ROENTGEN_TRY(auto span, view_or_load(item, scratch));
        if (starts_codestream(span))
            ++current;
        if (current == int64_t(index)) {
            if (!scratch.empty()) {
                frame.owned.push_back(std::move(scratch.back()));
                span = frame.owned.back();
            }
            frame.fragments.push_back(span);
        } else if (current > int64_t(index)) {
            break;
        }
    }
    if (frame.fragments.empty())
        return make_error(Errc::NotFound, "frame " + std::to_string(index) + " not found among " +
                                              std::to_string(items.size()) + " fragments");
    return frame;
}

}  // namespace

Result<StoredFrame> stored_frame(const DataSet& data_set, const TransferSyntax& syntax,
                                 const PixelDescription& description, uint32_t index)
{
    if (index >= description.number_of_frames)
        return make_error(Errc::NotFound, "frame " + std::to_string(index) + " requested; the object has " +
                                              std::to_string(description.number_of_frames));
    const Element* pixels = pixel_element(data_set, description);
    if (!pixels)
        return make_error(Errc::NotFound, "no Pixel Data");
    if (const Fragments* fragments = pixels->fragments())
        return encapsulated_frame(data_set, *fragments, description, index);
    if (syntax.encapsulated)
        return make_error(Errc::Malformed, std::string(syntax.name) + " requires encapsulated Pixel Data");
    StoredFrame frame;
    std::span<const uint8_t> all = pixels->bytes();
    if (all.size() != pixels->length()) {
        ROENTGEN_TRY(auto loaded, std::get<BulkData>(pixels->value).load());
        frame.owned.push_back(std::move(loaded));
        all = frame.owned.back();
    }
    if (description.bits_allocated == 1) {
        // PS3.5 8.1.1: 1-bit frames are packed back to back, not padded to a byte.
        uint64_t bits = description.pixels_per_frame() * description.samples_per_pixel;
        uint64_t first = bits * index;
        uint64_t begin = first / 8, end = (first + bits + 7) / 8;
        if (end > all.size())
            return make_error(Errc::Truncated, "Pixel Data holds " + std::to_string(all.size()) + " bytes; frame " +
                                                   std::to_string(index) + " needs " + std::to_string(end));
        frame.first_bit = unsigned(first % 8);
        frame.fragments.push_back(all.subspan(begin, end - begin));
        return frame;
    }
    uint64_t size = description.native_frame_bytes();
    uint64_t begin = size * index;
    if (begin + size > all.size())
        return make_error(Errc::Truncated, "Pixel Data holds " + std::to_string(all.size()) + " bytes; frame " +
                                               std::to_string(index) + " needs " + std::to_string(begin + size));
    if (syntax.byte_order == ByteOrder::Big && pixels->vr == VR::OW && description.bytes_per_sample() > 2) {
        // OW was read as 16-bit words (PS3.5 7.3); a 32- or 64-bit sample written big endian has its
        // most significant word first, so the words of each sample are reversed too (as pydicom does).
        unsigned words = description.bytes_per_sample() / 2;
        std::vector<uint8_t> reordered(size);
        for (uint64_t sample = 0; sample < size / (2 * words); ++sample)
            for (unsigned w = 0; w < words; ++w)
                std::memcpy(&reordered[(sample * words + w) * 2],
                            &all[begin + (sample * words + (words - 1 - w)) * 2], 2);
        frame.owned.push_back(std::move(reordered));
        frame.fragments.push_back(frame.owned.back());
        return frame;
    }
    frame.fragments.push_back(all.subspan(begin, size));
    return frame;
}

Result<void> decode_frame_into(const DataSet& data_set, const TransferSyntax& syntax, const CodecRegistry& codecs,
                               const PixelDescription& description, uint32_t index, std::span<uint8_t> out)
{
    if (out.size() != description.decoded_frame_bytes())
        return make_error(Errc::InvalidArgument, "output of " + std::to_string(out.size()) + " bytes for a frame of " +
                                                     std::to_string(description.decoded_frame_bytes()));
    ROENTGEN_TRY(auto frame, stored_frame(data_set, syntax, description, index));
    const Element* pixels = pixel_element(data_set, description);
    if (!pixels->fragments())
        return internal::decode_native_frame(frame.fragments.front(), frame.first_bit, description, out);
    const PixelCodec* codec = codecs.find(syntax.uid);
    if (!codec)
        return make_error(Errc::Unsupported, "no codec for " + std::string(syntax.name) + " (" + std::string(syntax.uid) + ")");
    auto decoded = codec->decode(syntax.uid, frame.fragments, description, out);
    if (!decoded)
        return add_context(std::move(decoded).error(), "frame " + std::to_string(index));
    return {};
}

Result<std::vector<uint8_t>> decode_frame(const DataSet& data_set, const TransferSyntax& syntax,
                                          const CodecRegistry& codecs, uint32_t index)
{
    ROENTGEN_TRY(auto description, describe_pixels(data_set));
    std::vector<uint8_t> out(description.decoded_frame_bytes());
    ROENTGEN_TRY(decode_frame_into(data_set, syntax, codecs, description, index, out));
    return out;
}

Result<std::vector<uint8_t>> decode_all_frames(const DataSet& data_set, const TransferSyntax& syntax,
                                               const CodecRegistry& codecs, unsigned threads)
{
    ROENTGEN_TRY(auto description, describe_pixels(data_set));
    uint64_t frame_bytes = description.decoded_frame_bytes();
    uint32_t frames = description.number_of_frames;
    std::vector<uint8_t> out(frame_bytes * frames);
    ROENTGEN_TRY(internal::for_each_frame(frames, threads, [&](uint32_t index) -> Result<void> {
        return decode_frame_into(data_set, syntax, codecs, description, index,
                                 std::span<uint8_t>(out.data() + frame_bytes * index, frame_bytes));
    }));
    return out;
}

Result<void> decode_frames_in_order(
    const DataSet& data_set, const TransferSyntax& syntax, const CodecRegistry& codecs, unsigned threads,
    const std::function<Result<void>(uint32_t index, std::span<const uint8_t> frame)>& sink)
{
    ROENTGEN_TRY(auto description, describe_pixels(data_set));
    return internal::for_each_frame_in_order(
        description.number_of_frames, threads, description.decoded_frame_bytes(),
        [&](uint32_t index, std::span<uint8_t> slot) {
            return decode_frame_into(data_set, syntax, codecs, description, index, slot);
        },
        sink);
}

}  // namespace roentgen
