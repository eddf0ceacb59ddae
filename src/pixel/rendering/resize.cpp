// pixel/rendering/resize.cpp — separable resampling with per-axis weight tables.
#include "pixel/rendering/resize.h"

#include <algorithm>
#include <cmath>

namespace roentgen::internal {

namespace {

struct Tap {
    uint32_t index;
    float weight;
};

/// For each output position, the input positions and weights: the covered interval's overlap
/// (shrinking), or linear interpolation between the two nearest centres (enlarging).
std::vector<std::vector<Tap>> weights(uint32_t in, uint32_t out)
{
    std::vector<std::vector<Tap>> taps(out);
    const double scale = double(in) / out;
    for (uint32_t o = 0; o < out; ++o) {
        auto& list = taps[o];
        if (scale > 1) {
            double begin = o * scale, end = (o + 1) * scale;
            for (auto i = uint32_t(begin); i < in && i < end; ++i) {
                double overlap = std::min(end, double(i + 1)) - std::max(begin, double(i));
                if (overlap > 0)
                    list.push_back({i, float(overlap / scale)});
            }
        } else {
            double centre = (o + 0.5) * scale - 0.5;
            double floor = std::floor(centre);
            auto i0 = uint32_t(std::clamp(floor, 0.0, double(in - 1)));
            auto i1 = uint32_t(std::clamp(floor + 1, 0.0, double(in - 1)));
            float fraction = float(std::clamp(centre - floor, 0.0, 1.0));
            list.push_back({i0, 1 - fraction});
            if (i1 != i0)
                list.push_back({i1, fraction});
            else
                list.back().weight = 1;
        }
    }
    return taps;
}

}  // namespace

void fitted_size(uint32_t width, uint32_t height, uint32_t max_width, uint32_t max_height, uint32_t& out_width,
                 uint32_t& out_height)
{
    double scale = 1e300;
    if (max_width)
        scale = std::min(scale, double(max_width) / width);
    if (max_height)
        scale = std::min(scale, double(max_height) / height);
    if (scale == 1e300) {
        out_width = width, out_height = height;
        return;
    }
    out_width = std::max<uint32_t>(1, uint32_t(std::lround(width * scale)));
    out_height = std::max<uint32_t>(1, uint32_t(std::lround(height * scale)));
    if (max_width)
        out_width = std::min(out_width, max_width);
    if (max_height)
        out_height = std::min(out_height, max_height);
}

RenderedImage resized(const RenderedImage& image, uint32_t width, uint32_t height)
{
    const unsigned channels = image.channels;
    const float top = float((1u << image.bits) - 1);
    auto horizontal = weights(image.width, width);
    auto vertical = weights(image.height, height);
    std::vector<float> rows(size_t(image.height) * width * channels);
    for (uint32_t y = 0; y < image.height; ++y)
        for (uint32_t x = 0; x < width; ++x)
            for (unsigned c = 0; c < channels; ++c) {
                float sum = 0;
                for (const Tap& tap : horizontal[x])
                    sum += tap.weight * image.samples[(size_t(y) * image.width + tap.index) * channels + c];
                rows[(size_t(y) * width + x) * channels + c] = sum;
            }
    RenderedImage out{width, height, image.channels, image.bits, {}};
    out.samples.resize(size_t(width) * height * channels);
    for (uint32_t y = 0; y < height; ++y)
        for (uint32_t x = 0; x < width; ++x)
            for (unsigned c = 0; c < channels; ++c) {
                float sum = 0;
                for (const Tap& tap : vertical[y])
                    sum += tap.weight * rows[(size_t(tap.index) * width + x) * channels + c];
                out.samples[(size_t(y) * width + x) * channels + c] = uint16_t(std::lround(std::clamp(sum, 0.f, top)));
            }
    return out;
}

}  // namespace roentgen::internal
