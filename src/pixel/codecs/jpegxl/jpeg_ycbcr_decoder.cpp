// pixel/codecs/jpegxl/jpeg_ycbcr_decoder.cpp — libjpeg decompression with setjmp error recovery kept to one C-like
// function.
#include "pixel/codecs/jpegxl/jpeg_ycbcr_decoder.h"

// libjpeg's headers need size_t and FILE declared first.
#include <cstddef>
#include <cstdio>
#include <jpeglib.h>

#include <csetjmp>
#include <cstring>
#include <string>

namespace roentgen::internal {

namespace {

/// libjpeg reports fatal errors through error_exit, which must not return: it jumps back to
/// decode_into with the message kept here. Nothing between setjmp and longjmp owns resources
/// with destructors.
struct ErrorManager {
    jpeg_error_mgr base;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

void on_error_exit(j_common_ptr info)
{
    auto* manager = reinterpret_cast<ErrorManager*>(info->err);
    (*info->err->format_message)(info, manager->message);
    std::longjmp(manager->jump, 1);
}

void on_message(j_common_ptr, int) {}

enum class Outcome { Ok, LibraryError, Mismatch };

/// The libjpeg part: plain C control flow so that longjmp skips no destructor.
Outcome decode_into(const uint8_t* data, size_t size, uint32_t rows, uint32_t columns, unsigned components,
                    JpegColour colour, uint8_t* out, ErrorManager& errors)
{
    jpeg_decompress_struct info;
    info.err = jpeg_std_error(&errors.base);
    errors.base.error_exit = on_error_exit;
    errors.base.emit_message = on_message;
    errors.message[0] = '\0';
    if (setjmp(errors.jump)) {
        jpeg_destroy_decompress(&info);
        return Outcome::LibraryError;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, static_cast<unsigned long>(size));
    jpeg_read_header(&info, TRUE);
    if (info.image_width != columns || info.image_height != rows || unsigned(info.num_components) != components) {
        jpeg_destroy_decompress(&info);
        return Outcome::Mismatch;
    }
    if (components == 3 && colour == JpegColour::AsCoded && info.jpeg_color_space == JCS_YCbCr)
        info.out_color_space = JCS_YCbCr;
    jpeg_start_decompress(&info);
    if (unsigned(info.output_components) != components) {
        jpeg_destroy_decompress(&info);
        return Outcome::Mismatch;
    }
    const size_t stride = size_t(columns) * components;
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = out + size_t(info.output_scanline) * stride;
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return Outcome::Ok;
}

} // namespace

Result<void> decode_jpeg_8bit(std::span<const uint8_t> jpeg, const PixelDescription& d, JpegColour colour,
                              std::span<uint8_t> out)
{
    if (d.bits_allocated != 8)
        return make_error(Errc::Unsupported, "a recompressed JPEG decodes to Bits Allocated 8 only");
    if (d.samples_per_pixel != 1 && d.samples_per_pixel != 3)
        return make_error(Errc::Unsupported, "a recompressed JPEG has 1 or 3 components");
    if (out.size() != size_t(d.pixels_per_frame()) * d.samples_per_pixel)
        return make_error(Errc::InvalidArgument, "output buffer has the wrong size");
    ErrorManager errors;
    switch (decode_into(jpeg.data(), jpeg.size(), d.rows, d.columns, d.samples_per_pixel, colour, out.data(), errors)) {
    case Outcome::Ok:
        return {};
    case Outcome::Mismatch:
        return make_error(Errc::Malformed, "the reconstructed JPEG's size or components differ from the data set's");
    case Outcome::LibraryError:
        break;
    }
    return make_error(Errc::Malformed, std::string("decoding the reconstructed JPEG: ") + errors.message);
}

} // namespace roentgen::internal
