// pixel/pixel_syntax.h — the transfer syntax a file's Pixel Data is really in, when meta and data set disagree.
#pragma once

#include "dict/transfer_syntax.h"
#include "encoding/part10_file.h"

namespace roentgen {

/// The syntax to decode the Pixel Data of `file` with: the file's own, except when the reader
/// found the data set encoded otherwise than the meta group says (file.transfer_syntax native)
/// while Pixel Data is encapsulated and the meta's Transfer Syntax UID (0002,0010) names an
/// encapsulated syntax — then that one, whose fragments these are. Seen in pydicom's
/// SC_rgb_jpeg.dcm: meta JPEG Baseline, data set implicit VR little endian, JPEG fragments.
const TransferSyntax& pixel_data_syntax(const Part10File& file);

}  // namespace roentgen
