// pixel/all_codecs.cpp — the one place that lists every codec (explicit registration, DESIGN.md 4).
#include "pixel/codec_registry.h"

namespace roentgen {

CodecRegistry CodecRegistry::with_all_codecs()
{
    CodecRegistry registry;
    return registry;
}

}  // namespace roentgen
