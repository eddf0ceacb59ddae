// pixel/render.cpp — choosing the pipeline for a frame's photometric interpretation, then overlays and size.
#include "pixel/render.h"

#include <string>

#include "pixel/frames.h"
#include "pixel/rendering/color.h"
#include "pixel/rendering/grayscale.h"
#include "pixel/rendering/overlay.h"
#include "pixel/rendering/resize.h"

namespace roentgen {

Result<RenderedImage> render_decoded_frame(const DataSet& data_set, const PixelDescription& description,
                                           std::span<const uint8_t> decoded, const RenderOptions& options)
{
    if (options.bits != 8 && options.bits != 16)
        return make_error(Errc::InvalidArgument, "output bits " + std::to_string(options.bits) + " is not 8 or 16");
    if (decoded.size() < description.decoded_frame_bytes())
        return make_error(Errc::Malformed, "decoded frame has " + std::to_string(decoded.size()) + " bytes, " +
                                               std::to_string(description.decoded_frame_bytes()) + " expected");
    RenderedImage image;
    image.width = description.columns;
    image.height = description.rows;
    image.bits = uint16_t(options.bits);
    const Photometric photometric = description.photometric;
    bool grayscale = photometric == Photometric::Monochrome1 || photometric == Photometric::Monochrome2 ||
                     (photometric == Photometric::Other && description.samples_per_pixel == 1);
    if (grayscale) {
        if (description.samples_per_pixel != 1)
            return make_error(Errc::Malformed, std::string(description.photometric_text) + " with Samples per Pixel " +
                                                   std::to_string(description.samples_per_pixel));
        ROENTGEN_TRY(internal::render_grayscale(data_set, description, decoded, options, image));
    } else {
        ROENTGEN_TRY(internal::render_color(data_set, description, decoded, image));
    }
    if (options.overlays)
        ROENTGEN_TRY(internal::burn_overlays(data_set, description, decoded, options.frame, image));
    uint32_t width = image.width, height = image.height;
    internal::fitted_size(image.width, image.height, options.max_width, options.max_height, width, height);
    if (width != image.width || height != image.height)
        return internal::resized(image, width, height);
    return image;
}

Result<RenderedImage> render_frame(const DataSet& data_set, const TransferSyntax& syntax, const CodecRegistry& codecs,
                                   const RenderOptions& options)
{
    ROENTGEN_TRY(auto description, describe_pixels(data_set));
    if (options.frame >= description.number_of_frames)
        return make_error(Errc::InvalidArgument, "frame " + std::to_string(options.frame + 1) + ": the object has " +
                                                     std::to_string(description.number_of_frames) + " frame(s)");
    ROENTGEN_TRY(auto decoded, decode_frame(data_set, syntax, codecs, options.frame));
    return render_decoded_frame(data_set, description, decoded, options);
}

}  // namespace roentgen
