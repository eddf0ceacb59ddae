// pixel/codec_registry.h — codecs keyed by transfer syntax UID, built explicitly at start-up (no static registration).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "pixel/pixel_codec.h"

namespace roentgen {

class CodecRegistry {
public:
    /// Adds a codec; a later codec for the same UID takes precedence.
    void add(std::unique_ptr<PixelCodec> codec);
    /// The codec for a transfer syntax; nullptr when none (native syntaxes need none).
    const PixelCodec* find(std::string_view transfer_syntax_uid) const;
    /// Every transfer syntax some codec handles.
    std::vector<std::string_view> transfer_syntaxes() const;

    /// A registry with every codec Roentgen has.
    static CodecRegistry with_all_codecs();

private:
    std::vector<std::unique_ptr<PixelCodec>> m_codecs;
};

}  // namespace roentgen
