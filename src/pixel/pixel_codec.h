// pixel/pixel_codec.h — the interface every codec implements, one per transfer syntax family (PS3.5 8.2, Annex A.4).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "pixel/pixel_description.h"

namespace roentgen {

/// Options for encoding one frame.
struct EncodeOptions {
    /// Lossy quality 1..100 for JPEG, JPEG 2000, HTJ2K and JPEG XL lossy; ignored by lossless syntaxes.
    std::optional<int> quality;
    /// JPEG-LS NEAR parameter (PS3.5 A.4.3, 0 = lossless).
    std::optional<int> near_lossless;
    /// JPEG lossless predictor 1..7 (process 14; the SV1 syntax always uses 1).
    int predictor = 1;
};

/// What an encoder produced for one frame, and how the data set must change to describe it.
struct EncodedFrame {
    std::vector<uint8_t> bytes;  ///< One fragment's worth (PS3.5 A.4: a frame may span several; we write one).
    /// Photometric Interpretation of the encoded data (e.g. YBR_FULL_422 for baseline JPEG of RGB,
    /// YBR_RCT/ICT for JPEG 2000 with MCT); nothing when unchanged.
    std::optional<Photometric> photometric;
    bool planar = false;  ///< Planar Configuration of the encoded data as PS3.5 requires for the syntax.
    bool lossy = false;
};

/// Decodes and encodes the frames of one or more transfer syntaxes. Implementations wrap their
/// library privately (pixel/codecs/<name>/); no library type appears here. Codecs are stateless
/// and may be called from several threads at once.
class PixelCodec {
public:
    virtual ~PixelCodec() = default;
    /// The transfer syntax UIDs this codec handles.
    virtual std::span<const std::string_view> transfer_syntaxes() const = 0;
    virtual bool can_encode(std::string_view transfer_syntax_uid, const PixelDescription& description) const = 0;

    /// Decodes one frame given as its fragments' bytes (usually one) into `out`, which has
    /// description.decoded_frame_bytes() bytes: samples little endian, interleaved, 1-bit data one
    /// byte per pixel, YBR kept as YBR (no colour conversion — rendering does that).
    ///
    /// Bits Stored < Bits Allocated: samples are the stored words as they are — bits above High
    /// Bit are neither masked nor sign-extended (PS3.5 8.1.1 leaves them to the writer; rendering
    /// applies Bits Stored). This is what pydicom 2.3.1's numpy and RLE handlers return, and so what
    /// ref/pixels.tsv hashes: dcm4che ovly_p01.dcm (12 of 16 bits) keeps values of 32768 and
    /// pydicom-data mlut_18.dcm (signed, 12 of 16) keeps un-extended values up to 4095; both hash
    /// to the reference only this way. A codec whose bitstream carries Bits Stored bits (JPEG
    /// lossless, JPEG-LS, JPEG 2000) writes its decoded sample, sign-extended when signed, as the
    /// reference decoders do.
    [[nodiscard]] virtual Result<void> decode(std::string_view transfer_syntax_uid,
                                              std::span<const std::span<const uint8_t>> fragments,
                                              const PixelDescription& description, std::span<uint8_t> out) const = 0;
    /// Encodes one decoded frame (layout as decode() produces).
    [[nodiscard]] virtual Result<EncodedFrame> encode(std::string_view transfer_syntax_uid,
                                                      std::span<const uint8_t> frame,
                                                      const PixelDescription& description,
                                                      const EncodeOptions& options) const = 0;
};

}  // namespace roentgen
