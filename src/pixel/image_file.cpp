// pixel/image_file.cpp — PNG through libpng (its errors longjmp back here), JPEG through the libjpeg adapter.
#include "pixel/image_file.h"

#include <png.h>

#include <csetjmp>
#include <string>

#include "pixel/codecs/jpeg/libjpeg_adapter.h"

namespace roentgen {

namespace {

struct PngWrite {
    std::vector<uint8_t> bytes;
    std::string error;
};

void png_append(png_structp png, png_bytep data, png_size_t length)
{
    auto* state = static_cast<PngWrite*>(png_get_io_ptr(png));
    state->bytes.insert(state->bytes.end(), data, data + length);
}

void png_flush(png_structp) {}

void png_fail(png_structp png, png_const_charp message)
{
    auto* state = static_cast<PngWrite*>(png_get_error_ptr(png));
    state->error = message;
    png_longjmp(png, 1);
}

void png_warn(png_structp, png_const_charp) {}

// libpng's setjmp must be in a frame holding no objects with destructors.
bool write_png_rows(png_structp png, png_infop info, const RenderedImage& image, std::vector<png_bytep>& rows)
{
    if (setjmp(png_jmpbuf(png)))
        return false;
    png_set_IHDR(png, info, image.width, image.height, image.bits,
                 image.channels == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 6);
    png_write_info(png, info);
    png_write_image(png, rows.data());
    png_write_end(png, info);
    return true;
}

}  // namespace

Result<std::vector<uint8_t>> encode_png(const RenderedImage& image)
{
    if ((image.channels != 1 && image.channels != 3) || (image.bits != 8 && image.bits != 16) || image.width == 0 ||
        image.height == 0 || image.samples.size() != size_t(image.width) * image.height * image.channels)
        return make_error(Errc::InvalidArgument, "PNG: the image is not 1 or 3 channels of 8 or 16 bits");
    const size_t row_samples = size_t(image.width) * image.channels;
    const size_t sample_bytes = image.bits / 8u;
    std::vector<uint8_t> packed(row_samples * sample_bytes * image.height);
    for (size_t i = 0; i < image.samples.size(); ++i) {
        if (sample_bytes == 1) {
            packed[i] = uint8_t(image.samples[i]);
        } else {  // PNG is big endian (PNG spec 7.1)
            packed[2 * i] = uint8_t(image.samples[i] >> 8);
            packed[2 * i + 1] = uint8_t(image.samples[i]);
        }
    }
    std::vector<png_bytep> rows(image.height);
    for (uint32_t y = 0; y < image.height; ++y)
        rows[y] = packed.data() + y * row_samples * sample_bytes;
    PngWrite state;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &state, png_fail, png_warn);
    if (!png)
        return make_error(Errc::Io, "PNG: libpng could not start");
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, nullptr);
        return make_error(Errc::Io, "PNG: libpng could not start");
    }
    png_set_write_fn(png, &state, png_append, png_flush);
    bool written = write_png_rows(png, info, image, rows);
    png_destroy_write_struct(&png, &info);
    if (!written)
        return make_error(Errc::Io, "PNG: " + state.error);
    return std::move(state.bytes);
}

Result<std::vector<uint8_t>> encode_jpeg(const RenderedImage& image, int quality)
{
    if (image.bits != 8)
        return make_error(Errc::InvalidArgument, "JPEG output is 8 bits per sample; the image has " +
                                                     std::to_string(image.bits));
    std::vector<uint8_t> samples(image.samples.begin(), image.samples.end());
    internal::LibjpegEncodeSource source;
    source.samples = samples;
    source.width = image.width;
    source.height = image.height;
    source.components = image.channels;
    source.quality = quality;
    return internal::encode_with_libjpeg(source);
}

}  // namespace roentgen
