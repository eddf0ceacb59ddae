// pixel/encapsulated_pixel_data.h — putting encoded frames into a data set as encapsulated Pixel Data (PS3.5 A.4).
#pragma once

#include <vector>

#include "base/result.h"
#include "model/data_set.h"
#include "pixel/pixel_codec.h"

namespace roentgen {

/// Replaces Pixel Data (7FE0,0010) with `frames` as an encapsulated value, one fragment per frame
/// (each padded to even length with a zero byte, PS3.5 A.4), and makes the Image Pixel Module
/// describe them: Photometric Interpretation and Planar Configuration (when there is more than one
/// sample) as the first frame says (PS3.5 8.2), Lossy Image Compression "01" when any frame is
/// lossy (PS3.3 C.7.6.1.1.5). Offsets go in the Basic Offset Table while they fit in 32 bits,
/// otherwise in an Extended Offset Table with its lengths (PS3.3 C.7.6.3.1.8) and an empty Basic
/// Offset Table. Float and Double Float Pixel Data are removed. The caller sets the transfer
/// syntax of the file. Errors: no frames, or a frame count that differs from Number of Frames.
[[nodiscard]] Result<void> set_encapsulated_pixel_data(DataSet& data_set, std::vector<EncodedFrame> frames);

}  // namespace roentgen
