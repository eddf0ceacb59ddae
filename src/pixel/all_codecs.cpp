// pixel/all_codecs.cpp — the one place that lists every codec (explicit registration, DESIGN.md 4).
#include "pixel/codec_registry.h"

#include "pixel/codecs/jpeg_lossless/jpeg_lossless_codec.h"

namespace roentgen {

CodecRegistry CodecRegistry::with_all_codecs()
{
    CodecRegistry registry;
    registry.add(std::make_unique<JpegLosslessCodec>());
    return registry;
}

}  // namespace roentgen
