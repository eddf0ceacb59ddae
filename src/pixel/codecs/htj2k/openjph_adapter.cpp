// pixel/codecs/htj2k/openjph_adapter.cpp — OpenJPH calls for one frame; its exceptions and messages stay in here.
#include "pixel/codecs/htj2k/openjph_adapter.h"

#include <openjph/ojph_arch.h>
#include <openjph/ojph_codestream.h>
#include <openjph/ojph_file.h>
#include <openjph/ojph_mem.h>
#include <openjph/ojph_message.h>
#include <openjph/ojph_params.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>

#include "pixel/codecs/codec_support.h"

namespace roentgen::internal {

namespace {

/// OpenJPH reports errors through a process-wide handler that prints and then throws. Ours
/// throws with the text and prints nothing; warnings and information are dropped.
class ThrowingError final : public ojph::message_error {
public:
    void operator()(int code, const char*, int, const char* format, ...) override
    {
        char text[256];
        va_list arguments;
        va_start(arguments, format);
        std::vsnprintf(text, sizeof text, format, arguments);
        va_end(arguments);
        throw std::runtime_error("OpenJPH error 0x" + to_hex(code) + ": " + text);
    }

private:
    static std::string to_hex(int code)
    {
        char text[16];
        std::snprintf(text, sizeof text, "%X", unsigned(code));
        return text;
    }
};

class QuietWarning final : public ojph::message_warning {
public:
    void operator()(int, const char*, int, const char*, ...) override {}
};

class QuietInfo final : public ojph::message_info {
public:
    void operator()(int, const char*, int, const char*, ...) override {}
};

void install_message_handlers()
{
    static std::once_flag once;
    std::call_once(once, [] {
        static ThrowingError error;
        static QuietWarning warning;
        static QuietInfo info;
        ojph::configure_error(&error);
        ojph::configure_warning(&warning);
        ojph::configure_info(&info);
    });
}

Result<void> check_siz(ojph::param_siz siz, const PixelDescription& d)
{
    if (siz.get_num_components() != d.samples_per_pixel)
        return make_error(Errc::Malformed, "HTJ2K image has " + std::to_string(siz.get_num_components()) +
                                               " components; Samples per Pixel is " +
                                               std::to_string(d.samples_per_pixel));
    ojph::point extent = siz.get_image_extent(), offset = siz.get_image_offset();
    if (extent.x - offset.x != d.columns || extent.y - offset.y != d.rows)
        return make_error(Errc::Malformed, "HTJ2K image is " + std::to_string(extent.x - offset.x) + "x" +
                                               std::to_string(extent.y - offset.y) + "; the data set says " +
                                               std::to_string(d.columns) + "x" + std::to_string(d.rows));
    const unsigned container = d.bits_allocated == 1 ? 1u : d.bytes_per_sample() * 8;
    for (ojph::ui32 c = 0; c < siz.get_num_components(); ++c) {
        ojph::point sampling = siz.get_downsampling(c);
        if (sampling.x != 1 || sampling.y != 1)
            return make_error(Errc::Unsupported, "HTJ2K component " + std::to_string(c) + " is subsampled");
        if (siz.get_bit_depth(c) < 1 || siz.get_bit_depth(c) > container)
            return make_error(Errc::Malformed, "HTJ2K bit depth " + std::to_string(siz.get_bit_depth(c)) +
                                                   " does not fit Bits Allocated " + std::to_string(d.bits_allocated));
    }
    return {};
}

/// The component's value range, for clamping lossy reconstructions.
struct Range {
    int32_t low, high;
};

Range range_of(ojph::param_siz siz, ojph::ui32 component)
{
    unsigned bits = siz.get_bit_depth(component);
    if (siz.is_signed(component))
        return {-(int32_t(1) << (bits - 1)), (int32_t(1) << (bits - 1)) - 1};
    return {0, int32_t((uint32_t(1) << bits) - 1)};
}

void store_line(const ojph::line_buf& line, Range range, const PixelDescription& d, uint32_t row,
                ojph::ui32 component, std::span<uint8_t> out)
{
    const unsigned components = d.samples_per_pixel, bytes = d.bytes_per_sample();
    const size_t first = size_t(row) * d.columns;
    const ojph::si32* values = line.i32;
    if (bytes == 1) {
        uint8_t* target = out.data() + first * components + component;
        for (uint32_t x = 0; x < d.columns; ++x)
            target[size_t(x) * components] = uint8_t(std::clamp(values[x], range.low, range.high));
    } else {
        for (uint32_t x = 0; x < d.columns; ++x)
            store_sample(out.data(), (first + x) * components + component, 2,
                         std::clamp(values[x], range.low, range.high));
    }
}

Result<void> decode_lines(ojph::codestream& codestream, const PixelDescription& d, std::span<uint8_t> out)
{
    ojph::param_siz siz = codestream.access_siz();
    ROENTGEN_TRY(check_siz(siz, d));
    std::vector<Range> ranges;
    for (ojph::ui32 c = 0; c < siz.get_num_components(); ++c)
        ranges.push_back(range_of(siz, c));
    codestream.set_planar(false);
    codestream.create();
    for (uint32_t row = 0; row < d.rows; ++row)
        for (ojph::ui32 c = 0; c < d.samples_per_pixel; ++c) {
            ojph::ui32 component = 0;
            ojph::line_buf* line = codestream.pull(component);
            if (!line || component != c || line->size < d.columns)
                return make_error(Errc::Malformed, "HTJ2K decoder returned an unexpected line");
            store_line(*line, ranges[c], d, row, c, out);
        }
    return {};
}

}  // namespace

Result<void> openjph_decode(std::span<const uint8_t> stream, const PixelDescription& d, std::span<uint8_t> out)
{
    install_message_handlers();
    try {
        ojph::mem_infile file;
        file.open(stream.data(), stream.size());
        ojph::codestream codestream;
        codestream.read_headers(&file);
        auto decoded = decode_lines(codestream, d, out);
        codestream.close();
        return decoded;
    } catch (const std::bad_alloc&) {
        return make_error(Errc::LimitExceeded, "HTJ2K decoder ran out of memory");
    } catch (const std::exception& e) {
        return make_error(Errc::Malformed, e.what());
    }
}

Result<std::vector<uint8_t>> openjph_encode(std::span<const uint8_t> frame, const PixelDescription& d,
                                            const OpenJphEncodeParams& params)
{
    install_message_handlers();
    const unsigned components = d.samples_per_pixel, bytes = d.bytes_per_sample();
    try {
        ojph::codestream codestream;
        ojph::param_siz siz = codestream.access_siz();
        siz.set_image_extent(ojph::point(d.columns, d.rows));
        siz.set_image_offset(ojph::point(0, 0));
        siz.set_tile_size(ojph::size(d.columns, d.rows));
        siz.set_tile_offset(ojph::point(0, 0));
        siz.set_num_components(components);
        for (unsigned c = 0; c < components; ++c)
            siz.set_component(c, ojph::point(1, 1), d.bits_stored, d.is_signed);
        ojph::param_cod cod = codestream.access_cod();
        cod.set_num_decomposition(params.decompositions);
        cod.set_block_dims(64, 64);
        cod.set_progression_order(params.progression);
        cod.set_color_transform(params.color_transform && components == 3);
        cod.set_reversible(params.reversible);
        if (!params.reversible)
            codestream.access_qcd().set_irrev_quant(params.quantization_step);
        codestream.set_planar(false);

        ojph::mem_outfile file;
        file.open(std::max<size_t>(65536, size_t(d.decoded_frame_bytes() / 2)));
        codestream.write_headers(&file);
        ojph::ui32 next = 0;
        ojph::line_buf* line = codestream.exchange(nullptr, next);
        for (uint32_t row = 0; row < d.rows; ++row)
            for (unsigned c = 0; c < components; ++c) {
                if (!line || next != c)
                    return make_error(Errc::InvalidArgument, "HTJ2K encoder asked for an unexpected line");
                const size_t first = size_t(row) * d.columns;
                for (uint32_t x = 0; x < d.columns; ++x)
                    line->i32[x] = load_value(frame.data(), (first + x) * components + c, bytes, d.bits_stored,
                                              d.is_signed);
                line = codestream.exchange(line, next);
            }
        codestream.flush();
        std::vector<uint8_t> bytes_out(file.get_data(), file.get_data() + file.tell());
        codestream.close();
        return bytes_out;
    } catch (const std::bad_alloc&) {
        return make_error(Errc::LimitExceeded, "HTJ2K encoder ran out of memory");
    } catch (const std::exception& e) {
        return make_error(Errc::InvalidArgument, e.what());
    }
}

}  // namespace roentgen::internal
