// pixel/codec_registry.cpp — lookup of codecs by transfer syntax UID.
#include "pixel/codec_registry.h"

namespace roentgen {

void CodecRegistry::add(std::unique_ptr<PixelCodec> codec)
{
    m_codecs.push_back(std::move(codec));
}

const PixelCodec* CodecRegistry::find(std::string_view transfer_syntax_uid) const
{
    for (auto it = m_codecs.rbegin(); it != m_codecs.rend(); ++it)
        for (auto uid : (*it)->transfer_syntaxes())
            if (uid == transfer_syntax_uid)
                return it->get();
    return nullptr;
}

std::vector<std::string_view> CodecRegistry::transfer_syntaxes() const
{
    std::vector<std::string_view> all;
    for (const auto& codec : m_codecs)
        for (auto uid : codec->transfer_syntaxes())
            all.push_back(uid);
    return all;
}

}  // namespace roentgen
