// fuzz/fuzz_pixel_decode.cpp — libFuzzer target: any bytes decoded as one frame by the codec of a transfer syntax
// and description the input's first bytes choose (layout in pixel_fuzz_input.h).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "pixel_fuzz_input.h"

namespace {

using namespace roentgen;

[[noreturn]] void fail(const char* what)
{
    std::fprintf(stderr, "%s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const CodecRegistry registry = CodecRegistry::with_all_codecs();
    static const std::vector<std::string_view> syntaxes = fuzzing::decodable_syntaxes(registry);
    auto input = fuzzing::parse_input(std::span(data, size), syntaxes);
    if (!input)
        return 0;
    const PixelCodec* codec = registry.find(input->transfer_syntax_uid);
    if (!codec)
        fail("a syntax the registry lists has no codec");
    std::vector<uint8_t> out(input->description.decoded_frame_bytes());
    // Any error is a fine answer to arbitrary bytes; only crashes, sanitizer reports, hangs and huge
    // allocations are findings.
    (void)codec->decode(input->transfer_syntax_uid, input->fragments, input->description, out);
    return 0;
}
