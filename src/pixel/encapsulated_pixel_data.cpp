// pixel/encapsulated_pixel_data.cpp — encapsulated Pixel Data with offset tables, and the attributes describing it.
#include "pixel/encapsulated_pixel_data.h"

#include <string>

#include "base/endian.h"
#include "dict/generated/tags.h"
#include "model/element_values.h"

namespace roentgen {

Result<void> set_encapsulated_pixel_data(DataSet& data_set, std::vector<EncodedFrame> frames)
{
    if (frames.empty())
        return make_error(Errc::InvalidArgument, "no encoded frames");
    int64_t declared = data_set.find_integer(tags::NumberOfFrames).value_or(1);
    if (declared != int64_t(frames.size()))
        return make_error(Errc::InvalidArgument,
                          std::to_string(frames.size()) + " encoded frames for Number of Frames " +
                              std::to_string(declared));
    const EncodedFrame& first = frames.front();
    bool lossy = false;
    Fragments fragments;
    std::vector<int64_t> offsets, lengths;
    uint64_t position = 0;
    for (auto& frame : frames) {
        lossy = lossy || frame.lossy;
        offsets.push_back(int64_t(position));
        lengths.push_back(int64_t(frame.bytes.size()));
        if (frame.bytes.size() % 2 != 0)
            frame.bytes.push_back(0);
        position += 8 + frame.bytes.size();  // item tag and length, then the fragment (PS3.5 A.4)
    }
    if (position <= UINT32_MAX) {
        std::vector<uint8_t> table(4 * offsets.size());
        for (size_t i = 0; i < offsets.size(); ++i)
            store_le<uint32_t>(table.data() + 4 * i, uint32_t(offsets[i]));
        fragments.offset_table = BulkData::owned(std::move(table));
        data_set.erase(tags::ExtendedOffsetTable);
        data_set.erase(tags::ExtendedOffsetTableLengths);
    } else {
        data_set.set(Element(tags::ExtendedOffsetTable, VR::OV, encode_integers(VR::OV, offsets)));
        data_set.set(Element(tags::ExtendedOffsetTableLengths, VR::OV, encode_integers(VR::OV, lengths)));
    }
    uint16_t samples = uint16_t(data_set.find_integer(tags::SamplesPerPixel).value_or(1));
    std::string_view photometric = first.photometric ? photometric_name(*first.photometric) : std::string_view();
    for (auto& frame : frames)
        fragments.items.push_back(BulkData::owned(std::move(frame.bytes)));
    data_set.erase(tags::FloatPixelData);
    data_set.erase(tags::DoubleFloatPixelData);
    data_set.set(Element(tags::PixelData, VR::OB, Value(std::move(fragments))));
    if (!photometric.empty())
        data_set.set_string(tags::PhotometricInterpretation, VR::CS, photometric);
    if (samples > 1)
        data_set.set(Element(tags::PlanarConfiguration, VR::US, encode_integers(VR::US, {first.planar ? 1 : 0})));
    if (lossy)
        data_set.set_string(tags::LossyImageCompression, VR::CS, "01");
    return {};
}

}  // namespace roentgen
