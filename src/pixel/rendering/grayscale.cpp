// pixel/rendering/grayscale.cpp — Modality LUT, VOI LUT and Presentation LUT Shape applied to a grayscale frame.
#include "pixel/rendering/grayscale.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "dict/generated/tags.h"
#include "model/element_values.h"
#include "pixel/rendering/lookup_table.h"
#include "pixel/rendering/stored_samples.h"

namespace roentgen::internal {

namespace {

/// The item `index` of sequence `tag`, or nothing.
const DataSet* sequence_item(const DataSet& data_set, Tag tag, size_t index = 0)
{
    const Element* element = data_set.find(tag);
    if (!element || !element->sequence() || element->sequence()->items.size() <= index)
        return nullptr;
    return &element->sequence()->items[index].data_set;
}

std::optional<double> first_float(const DataSet& data_set, Tag tag)
{
    const Element* element = data_set.find(tag);
    if (!element)
        return std::nullopt;
    auto values = float_values(*element);
    if (!values || values->empty())
        return std::nullopt;
    return values->front();
}

// PS3.3 C.11.1: Rescale Slope/Intercept, or the Modality LUT Sequence's one table.
struct ModalityTransform {
    std::optional<LookupTable> table;
    double slope = 1;
    double intercept = 0;

    double apply(double stored) const
    {
        if (table)
            return table->lookup(int64_t(std::floor(stored)));
        return stored * slope + intercept;
    }
};

Result<ModalityTransform> modality_transform(const DataSet& data_set, const PixelDescription& description,
                                             const RenderOptions& options)
{
    ModalityTransform transform;
    if (!options.modality_lut)
        return transform;
    if (const DataSet* item = sequence_item(data_set, tags::ModalityLUTSequence)) {
        auto table = read_lookup_table(*item, tags::LUTDescriptor, tags::LUTData, description.is_signed);
        if (!table)
            return add_context(std::move(table).error(), "Modality LUT Sequence (0028,3000)");
        transform.table = std::move(*table);
        return transform;
    }
    const DataSet* source = functional_group(data_set, options.frame, tags::PixelValueTransformationSequence);
    if (!source || !source->contains(tags::RescaleSlope))
        source = &data_set;
    transform.slope = first_float(*source, tags::RescaleSlope).value_or(1.0);
    transform.intercept = first_float(*source, tags::RescaleIntercept).value_or(0.0);
    if (transform.slope == 0 || !std::isfinite(transform.slope) || !std::isfinite(transform.intercept))
        transform.slope = 1, transform.intercept = 0;
    return transform;
}

std::optional<VoiFunction> parse_voi_function(const DataSet& data_set)
{
    auto text = data_set.find_string(tags::VOILUTFunction);
    if (!text)
        return std::nullopt;
    if (*text == "LINEAR_EXACT")
        return VoiFunction::LinearExact;
    if (*text == "SIGMOID")
        return VoiFunction::Sigmoid;
    return VoiFunction::Linear;
}

// PS3.3 C.11.2: a window with its function, or a VOI LUT.
struct VoiTransform {
    VoiWindow window;
    VoiFunction function = VoiFunction::Linear;
    std::optional<LookupTable> table;
    bool from_min_max = false;

    double apply(double x, double out_max) const
    {
        if (table)
            return double(table->lookup(int64_t(std::floor(x)))) * out_max / table->max_entry();
        const double c = window.center;
        const double w = window.width;
        switch (function) {
        case VoiFunction::Sigmoid:  // C.11.2.1.3.1
            return out_max / (1 + std::exp(-4 * (x - c) / w));
        case VoiFunction::LinearExact:  // C.11.2.1.3.2
            if (x <= c - w / 2)
                return 0;
            if (x > c + w / 2)
                return out_max;
            return ((x - c) / w + 0.5) * out_max;
        case VoiFunction::Linear:  // C.11.2.1.2.1
            break;
        }
        if (x <= c - 0.5 - (w - 1) / 2)
            return 0;
        if (x > c - 0.5 + (w - 1) / 2)
            return out_max;
        return ((x - (c - 0.5)) / (w - 1) + 0.5) * out_max;
    }
};

Result<VoiTransform> voi_transform(const DataSet& data_set, const PixelDescription& description,
                                   const RenderOptions& options)
{
    VoiTransform voi;
    const DataSet* frame_voi = functional_group(data_set, options.frame, tags::FrameVOILUTSequence);
    const DataSet& windows = frame_voi && frame_voi->contains(tags::WindowCenter) ? *frame_voi : data_set;
    voi.function = options.function ? *options.function : parse_voi_function(windows).value_or(VoiFunction::Linear);
    if (options.window) {
        voi.window = *options.window;
    } else if (options.voi_lut) {
        const DataSet* item = sequence_item(data_set, tags::VOILUTSequence, *options.voi_lut);
        if (!item)
            return make_error(Errc::NotFound, "VOI LUT " + std::to_string(*options.voi_lut + 1) +
                                                  ": the VOI LUT Sequence (0028,3010) has no such item");
        auto table = read_lookup_table(*item, tags::LUTDescriptor, tags::LUTData, description.is_signed);
        if (!table)
            return add_context(std::move(table).error(), "VOI LUT Sequence (0028,3010)");
        voi.table = std::move(*table);
    } else if (auto center = options.min_max_window ? std::nullopt : first_float(windows, tags::WindowCenter),
               width = options.min_max_window ? std::nullopt : first_float(windows, tags::WindowWidth);
               center && width && *width > 0) {
        voi.window = {*center, *width};
    } else if (const DataSet* item = options.min_max_window ? nullptr : sequence_item(data_set, tags::VOILUTSequence)) {
        auto table = read_lookup_table(*item, tags::LUTDescriptor, tags::LUTData, description.is_signed);
        if (!table)
            return add_context(std::move(table).error(), "VOI LUT Sequence (0028,3010)");
        voi.table = std::move(*table);
    } else {
        voi.from_min_max = true;
        voi.function = options.function.value_or(VoiFunction::Linear);
    }
    if (!voi.table && !voi.from_min_max) {
        bool linear = voi.function == VoiFunction::Linear;
        if (!(voi.window.width >= (linear ? 1.0 : std::numeric_limits<double>::min())) ||
            !std::isfinite(voi.window.center) || !std::isfinite(voi.window.width))
            return make_error(Errc::InvalidArgument, "window width " + std::to_string(voi.window.width) +
                                                         (linear ? " is below 1 (PS3.3 C.11.2.1.2)"
                                                                 : " is not positive (PS3.3 C.11.2.1.3)"));
    }
    return voi;
}

/// A window from `low` to `high` that LINEAR maps to exactly 0 .. maximum (PS3.3 C.11.2.1.2.1).
VoiWindow min_max_window(double low, double high)
{
    return {(low + high + 1) / 2, high - low + 1};
}

bool inverted(const DataSet& data_set, const PixelDescription& description, const RenderOptions& options)
{
    if (options.invert)
        return *options.invert;
    if (description.photometric == Photometric::Monochrome1)
        return true;
    auto shape = data_set.find_string(tags::PresentationLUTShape);
    return shape && *shape == "INVERSE";
}

uint16_t to_output(double y, double out_max, bool invert)
{
    y = std::clamp(y, 0.0, out_max);
    if (invert)
        y = out_max - y;
    return uint16_t(std::lround(y));
}

}  // namespace

const DataSet* functional_group(const DataSet& data_set, uint32_t frame, Tag macro)
{
    for (const DataSet* groups : {sequence_item(data_set, tags::PerFrameFunctionalGroupsSequence, frame),
                                  sequence_item(data_set, tags::SharedFunctionalGroupsSequence)})
        if (groups)
            if (const DataSet* item = sequence_item(*groups, macro))
                return item;
    return nullptr;
}

Result<void> render_grayscale(const DataSet& data_set, const PixelDescription& description,
                              std::span<const uint8_t> decoded, const RenderOptions& options, RenderedImage& out)
{
    ROENTGEN_TRY(auto modality, modality_transform(data_set, description, options));
    ROENTGEN_TRY(auto voi, voi_transform(data_set, description, options));
    const double out_max = double((1u << out.bits) - 1);
    const bool invert = inverted(data_set, description, options);
    const size_t pixels = size_t(description.pixels_per_frame());
    StoredSamples samples(description, decoded);
    out.samples.resize(pixels);
    if (pixels == 0)
        return {};

    if (!samples.is_float() && description.bits_stored <= 16) {
        // Stored values span at most 65536: one table from value to output.
        int64_t low = samples.integer(0), high = low;
        for (size_t i = 1; i < pixels; ++i) {
            int64_t v = samples.integer(i);
            low = std::min(low, v);
            high = std::max(high, v);
        }
        const size_t span = size_t(high - low + 1);
        if (voi.from_min_max) {
            std::vector<bool> present(span, false);
            for (size_t i = 0; i < pixels; ++i)
                present[size_t(samples.integer(i) - low)] = true;
            double min_value = std::numeric_limits<double>::max(), max_value = std::numeric_limits<double>::lowest();
            for (size_t v = 0; v < span; ++v)
                if (present[v]) {
                    double m = modality.apply(double(low + int64_t(v)));
                    min_value = std::min(min_value, m);
                    max_value = std::max(max_value, m);
                }
            voi.window = min_max_window(min_value, max_value);
        }
        std::vector<uint16_t> table(span);
        for (size_t v = 0; v < span; ++v)
            table[v] = to_output(voi.apply(modality.apply(double(low + int64_t(v))), out_max), out_max, invert);
        for (size_t i = 0; i < pixels; ++i)
            out.samples[i] = table[size_t(samples.integer(i) - low)];
        return {};
    }

    std::vector<double> values(pixels);
    double min_value = std::numeric_limits<double>::max(), max_value = std::numeric_limits<double>::lowest();
    for (size_t i = 0; i < pixels; ++i) {
        double m = modality.apply(samples.value(i));
        if (!std::isfinite(m))
            m = 0;
        values[i] = m;
        min_value = std::min(min_value, m);
        max_value = std::max(max_value, m);
    }
    if (voi.from_min_max) {  // real values: the exact range, not integer steps
        voi.function = VoiFunction::LinearExact;
        voi.window = {(min_value + max_value) / 2, std::max(max_value - min_value, 1e-300)};
    }
    for (size_t i = 0; i < pixels; ++i)
        out.samples[i] = to_output(voi.apply(values[i], out_max), out_max, invert);
    return {};
}

}  // namespace roentgen::internal
