// pixel/pixel_syntax.cpp — choosing the Pixel Data's transfer syntax from meta and data set.
#include "pixel/pixel_syntax.h"

#include "base/assert.h"
#include "dict/generated/tags.h"

namespace roentgen {

const TransferSyntax& pixel_data_syntax(const Part10File& file)
{
    ROENTGEN_ASSERT(file.transfer_syntax != nullptr);
    const TransferSyntax& read = *file.transfer_syntax;
    const Element* pixels = file.data_set.find(tags::PixelData);
    if (read.encapsulated || !pixels || !pixels->fragments())
        return read;
    auto declared_uid = file.meta.find_string(tags::TransferSyntaxUID);
    if (!declared_uid)
        return read;
    // UIDs are padded with a NUL to even length (PS3.5 9.1).
    std::string_view uid = *declared_uid;
    while (!uid.empty() && uid.back() == '\0')
        uid.remove_suffix(1);
    const TransferSyntax* declared = find_transfer_syntax(uid);
    return declared && declared->encapsulated ? *declared : read;
}

}  // namespace roentgen
