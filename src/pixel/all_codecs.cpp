// pixel/all_codecs.cpp — the one place that lists every codec (explicit registration, DESIGN.md 4).
#include "pixel/codec_registry.h"

#include "pixel/codecs/deflate_frame/deflate_frame_codec.h"
#include "pixel/codecs/htj2k/htj2k_codec.h"
#include "pixel/codecs/j2k/j2k_codec.h"
#include "pixel/codecs/jpeg/jpeg_codec.h"
#include "pixel/codecs/jpeg_lossless/jpeg_lossless_codec.h"
#include "pixel/codecs/jpegls/jpegls_codec.h"
#include "pixel/codecs/jpegxl/jpegxl_codec.h"
#include "pixel/codecs/rle/rle_codec.h"

namespace roentgen {

CodecRegistry CodecRegistry::with_all_codecs()
{
    CodecRegistry registry;
    registry.add(std::make_unique<RleCodec>());
    registry.add(std::make_unique<DeflateFrameCodec>());
    registry.add(std::make_unique<JpegCodec>());
    registry.add(std::make_unique<JpegLosslessCodec>());
    registry.add(std::make_unique<JpegLsCodec>());
    registry.add(std::make_unique<J2kCodec>());
    registry.add(std::make_unique<Htj2kCodec>());
    registry.add(std::make_unique<JpegXlCodec>());
    return registry;
}

}  // namespace roentgen
