// pixel/codecs/htj2k/openjph_adapter.cpp — OpenJPH encoding of one frame; its exceptions and messages stay in here.
#include "pixel/codecs/htj2k/openjph_adapter.h"

#include <openjph/ojph_arch.h>
#include <openjph/ojph_codestream.h>
#include <openjph/ojph_file.h>
#include <openjph/ojph_mem.h>
#include <openjph/ojph_message.h>
#include <openjph/ojph_params.h>

#include <algorithm>
#include <stdio.h> // fopencookie (glibc)

#include <cstdio>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>

#include "pixel/codecs/codec_support.h"

namespace roentgen::internal {

namespace {

/// OpenJPH 0.9 reports an error by printing it to its error stream and then throwing a bare
/// std::runtime_error("ojph error"); its configure_error() slices the handler it is given, so
/// the message can only be had from the stream. Ours is an unbuffered stdio cookie stream that
/// keeps what the calling thread writes, for the error we return. Information and warnings are
/// dropped.
thread_local std::string t_message;

ssize_t keep_message(void*, const char* data, size_t size)
{
    if (t_message.size() < 300)
        t_message.append(data, std::min<size_t>(size, 300));
    return ssize_t(size);
}

ssize_t drop_message(void*, const char*, size_t size)
{
    return ssize_t(size);
}

FILE* cookie_stream(cookie_write_function_t* write)
{
    cookie_io_functions_t functions{nullptr, write, nullptr, nullptr};
    FILE* stream = fopencookie(nullptr, "w", functions);
    if (stream)
        std::setvbuf(stream, nullptr, _IONBF, 0);
    return stream;
}

void install_message_streams()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // OpenJPH 0.9 prints warnings and information without checking for a null stream.
        if (FILE* errors = cookie_stream(keep_message))
            ojph::set_error_stream(errors);
        if (FILE* dropped = cookie_stream(drop_message)) {
            ojph::set_warning_stream(dropped);
            ojph::set_info_stream(dropped);
        }
    });
}

/// The message OpenJPH printed for the exception just caught, without its trailing newline.
std::string last_message(const std::exception& e)
{
    std::string text = t_message.empty() ? e.what() : t_message;
    t_message.clear();
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    return text;
}

} // namespace

Result<std::vector<uint8_t>> openjph_encode(std::span<const uint8_t> frame, const PixelDescription& d,
                                            const OpenJphEncodeParams& params)
{
    install_message_streams();
    t_message.clear();
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
                    line->i32[x] =
                        load_value(frame.data(), (first + x) * components + c, bytes, d.bits_stored, d.is_signed);
                line = codestream.exchange(line, next);
            }
        codestream.flush();
        std::vector<uint8_t> bytes_out(file.get_data(), file.get_data() + file.tell());
        codestream.close();
        return bytes_out;
    } catch (const std::bad_alloc&) {
        return make_error(Errc::LimitExceeded, "HTJ2K encoder ran out of memory");
    } catch (const std::exception& e) {
        return make_error(Errc::InvalidArgument, last_message(e));
    }
}

} // namespace roentgen::internal
