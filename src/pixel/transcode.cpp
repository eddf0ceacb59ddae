// pixel/transcode.cpp — decode every frame, encode for the target syntax, and make the data set describe the result.
#include "pixel/transcode.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "base/assert.h"
#include "dict/generated/tags.h"
#include "dict/generated/uids.h"
#include "dict/uid_registry.h"
#include "model/element_values.h"
#include "model/uid_generator.h"
#include "pixel/encapsulated_pixel_data.h"
#include "pixel/frames.h"
#include "pixel/internal/parallel_frames.h"
#include "pixel/pixel_description.h"
#include "pixel/pixel_syntax.h"

namespace roentgen {

namespace {

struct ShortName {
    std::string_view name;
    std::string_view uid;
};

constexpr ShortName short_names[] = {
    {"implicit", uids::ImplicitVRLittleEndian},
    {"explicit", uids::ExplicitVRLittleEndian},
    {"big", uids::ExplicitVRBigEndian},
    {"deflate", uids::DeflatedExplicitVRLittleEndian},
    {"rle", uids::RLELossless},
    {"jpeg", uids::JPEGBaseline8Bit},
    {"jpeg12", uids::JPEGExtended12Bit},
    {"jpeg-lossless", uids::JPEGLosslessSV1},
    {"jpeg-ls", uids::JPEGLSLossless},
    {"jpeg-ls-near", uids::JPEGLSNearLossless},
    {"j2k", uids::JPEG2000Lossless},
    {"j2k-lossy", uids::JPEG2000},
    {"htj2k", uids::HTJ2KLossless},
    {"htj2k-rpcl", uids::HTJ2KLosslessRPCL},
    {"htj2k-lossy", uids::HTJ2K},
    {"jpegxl", uids::JPEGXLLossless},
    {"jpegxl-lossy", uids::JPEGXL},
    {"deflate-frame", uids::DeflatedImageFrameCompression},
};

bool equal_ignoring_case(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

/// PS3.3 C.7.6.1.1.5.1: Lossy Image Compression Method of each lossy syntax.
std::string_view lossy_method(std::string_view uid)
{
    if (uid == uids::JPEGBaseline8Bit || uid == uids::JPEGExtended12Bit)
        return "ISO_10918_1";
    if (uid == uids::JPEGLSNearLossless)
        return "ISO_14495_1";
    if (uid == uids::JPEG2000 || uid == uids::JPEG2000MC)
        return "ISO_15444_1";
    if (uid == uids::HTJ2K)
        return "ISO_15444_15";
    if (uid == uids::JPEGXL || uid == uids::JPEGXLJPEGRecompression)
        return "ISO_18181_1";
    return "";
}

/// The photometric interpretation of decoded frames (PixelCodec::decode keeps YBR as YBR at full
/// resolution; JPEG 2000 and HTJ2K undo their component transform).
Result<Photometric> decoded_photometric(const PixelDescription& d)
{
    switch (d.photometric) {
    case Photometric::YbrFull422: return Photometric::YbrFull;
    case Photometric::YbrIct:
    case Photometric::YbrRct: return Photometric::Rgb;
    case Photometric::YbrPartial420:
        return make_error(Errc::Unsupported, "YBR_PARTIAL_420 has no full-resolution native form to decode to");
    default: return d.photometric;
    }
}

/// Appends one value to a multi-valued string element (the history of lossy steps, PS3.3 C.7.6.1.1.5).
void append_value(DataSet& data_set, Tag tag, VR vr, std::string_view value)
{
    std::string joined;
    if (const Element* e = data_set.find(tag); e && !e->is_sequence() && !e->is_fragments())
        for (auto existing : string_values(*e))
            joined += std::string(existing) + "\\";
    joined += value;
    data_set.set(Element(tag, vr, join_string_values(vr, {joined})));
}

/// 1-bit decoded frames (a byte per pixel) packed back to bits, frames back to back (PS3.5 8.1.1).
std::string pack_bits(const std::vector<uint8_t>& pixels)
{
    std::string packed((pixels.size() + 7) / 8, '\0');
    for (size_t i = 0; i < pixels.size(); ++i)
        if (pixels[i])
            packed[i / 8] = char(uint8_t(packed[i / 8]) | (1u << (i % 8)));
    return packed;
}

void set_us(DataSet& data_set, Tag tag, int64_t value) { data_set.set(Element(tag, VR::US, encode_integers(VR::US, {value}))); }

}  // namespace

const TransferSyntax* find_transfer_syntax_by_name(std::string_view name)
{
    if (const TransferSyntax* syntax = find_transfer_syntax(name))
        return syntax;
    for (const auto& entry : short_names)
        if (equal_ignoring_case(entry.name, name))
            return find_transfer_syntax(entry.uid);
    for (const auto& entry : uid_entries())
        if (entry.type == "Transfer Syntax" && equal_ignoring_case(entry.keyword, name))
            return find_transfer_syntax(entry.uid);
    return nullptr;
}

Result<TranscodeResult> transcode(Part10File& file, const CodecRegistry& codecs, const TranscodeOptions& options)
{
    ROENTGEN_ASSERT(options.target);
    const TransferSyntax& target = *options.target;
    const TransferSyntax& source = pixel_data_syntax(file);
    TranscodeResult result;
    const Element* pixels = file.data_set.find(tags::PixelData);
    bool has_pixels = pixels || file.data_set.contains(tags::FloatPixelData) ||
                      file.data_set.contains(tags::DoubleFloatPixelData);
    // Without Pixel Data, between native syntaxes, or to the syntax it has, the elements stay as
    // they are: only their encoding changes on write. Except for samples wider than the OW word
    // between byte orders: read big endian, OW holds each sample's words most significant first
    // (PS3.5 7.3), which little endian must turn around; decoding the frames does that.
    bool wide_ow_changes_order = pixels && pixels->vr == VR::OW && !source.encapsulated &&
                                 source.byte_order != target.byte_order &&
                                 file.data_set.find_integer(tags::BitsAllocated).value_or(0) > 16;
    if (!has_pixels || source.uid == target.uid ||
        (!source.encapsulated && !target.encapsulated && !wide_ow_changes_order)) {
        file.transfer_syntax = &target;
        return result;
    }
    ROENTGEN_TRY(auto description, describe_pixels(file.data_set));
    if (description.kind != PixelDataKind::Integer && target.encapsulated)
        return make_error(Errc::Unsupported, "Float and Double Float Pixel Data cannot be encapsulated (PS3.5 A.4)");
    const PixelCodec* encoder = target.encapsulated ? codecs.find(target.uid) : nullptr;
    if (target.encapsulated && !encoder)
        return make_error(Errc::Unsupported, fmt::format("no encoder for {}", target.name));

    ROENTGEN_TRY(auto photometric, decoded_photometric(description));
    PixelDescription frame_description = description;
    frame_description.photometric = photometric;
    frame_description.photometric_text = photometric_name(photometric);
    frame_description.planar = false;
    result.changed_pixels = true;
    // Once the new Pixel Data is ready (a failure leaves the data set untouched), the Image Pixel
    // Module describes the decoded frames; an encoder that changes them again says so in its
    // EncodedFrame (set_encapsulated_pixel_data applies it).
    auto describe_decoded = [&] {
        if (photometric != description.photometric)
            file.data_set.set_string(tags::PhotometricInterpretation, VR::CS, std::string(photometric_name(photometric)));
        if (description.samples_per_pixel > 1)
            set_us(file.data_set, tags::PlanarConfiguration, 0);
    };

    if (!target.encapsulated) {
        // PS3.5 8.1.1, 8.2: native, colour by pixel, as decoded.
        ROENTGEN_TRY(auto decoded, decode_all_frames(file.data_set, source, codecs, options.threads));
        describe_decoded();
        file.data_set.erase(tags::ExtendedOffsetTable);
        file.data_set.erase(tags::ExtendedOffsetTableLengths);
        std::string value = description.bits_allocated == 1
                                ? pack_bits(decoded)
                                : std::string(reinterpret_cast<const char*>(decoded.data()), decoded.size());
        if (target.byte_order == ByteOrder::Big && description.bits_allocated > 16) {
            // The writer swaps OW word by word (PS3.5 7.3); a wider sample also needs its words
            // most significant first to come out big endian.
            unsigned words = description.bits_allocated / 16;
            for (size_t sample = 0; sample + 2 * words <= value.size(); sample += 2 * words)
                for (unsigned w = 0; w < words / 2; ++w)
                    for (unsigned b = 0; b < 2; ++b)
                        std::swap(value[sample + 2 * w + b], value[sample + 2 * (words - 1 - w) + b]);
        }
        file.data_set.set(Element(tags::PixelData, description.bits_allocated > 8 ? VR::OW : VR::OB, std::move(value)));
        file.transfer_syntax = &target;
        return result;
    }

    if (!encoder->can_encode(target.uid, frame_description))
        return make_error(Errc::Unsupported,
                          fmt::format("{} cannot encode {} bits allocated, {} stored, {} sample(s), {}", target.name,
                                      description.bits_allocated, description.bits_stored,
                                      description.samples_per_pixel, photometric_name(photometric)));
    // Each frame is decoded and encoded by one thread, frames in parallel (codecs are stateless);
    // only the encoded frames are kept.
    std::vector<EncodedFrame> frames(description.number_of_frames);
    ROENTGEN_TRY(internal::for_each_frame(description.number_of_frames, options.threads, [&](uint32_t i) -> Result<void> {
        std::vector<uint8_t> decoded(description.decoded_frame_bytes());
        ROENTGEN_TRY(decode_frame_into(file.data_set, source, codecs, description, i, decoded));
        auto encoded = encoder->encode(target.uid, decoded, frame_description, options.encode);
        if (!encoded)
            return add_context(std::move(encoded).error(), fmt::format("encoding frame {} as {}", i + 1, target.name));
        frames[i] = std::move(*encoded);
        return {};
    }));
    describe_decoded();
    uint64_t compressed = 0;
    for (const auto& frame : frames) {
        compressed += frame.bytes.size();
        result.lossy = result.lossy || frame.lossy;
    }
    ROENTGEN_TRY(set_encapsulated_pixel_data(file.data_set, std::move(frames)));
    if (result.lossy) {
        // PS3.3 C.7.6.1.1.5: ratio of the uncompressed size to this encoding's, and its method.
        uint64_t native = description.native_frame_bytes() * description.number_of_frames;
        double ratio = compressed ? double(native) / double(compressed) : 0.0;
        append_value(file.data_set, tags::LossyImageCompressionRatio, VR::DS, fmt::format("{:.2f}", ratio));
        if (auto method = lossy_method(target.uid); !method.empty())
            append_value(file.data_set, tags::LossyImageCompressionMethod, VR::CS, method);
        file.data_set.set(Element(tags::SOPInstanceUID, VR::UI, generate_uid()));
    }
    file.transfer_syntax = &target;
    return result;
}

}  // namespace roentgen
