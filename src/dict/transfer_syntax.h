// dict/transfer_syntax.h — how each transfer syntax encodes a data set (PS3.5 10, Annex A).
#pragma once

#include <string_view>

#include "base/endian.h"

namespace roentgen {

/// What a reader or writer needs to know of a transfer syntax. Passed as an argument; never stored
/// on a data set (DESIGN.md 4).
struct TransferSyntax {
    std::string_view uid;
    std::string_view name;
    bool explicit_vr = true;
    ByteOrder byte_order = ByteOrder::Little;
    bool deflated = false;      ///< The data set after the meta group is deflate-compressed (PS3.5 A.5).
    bool encapsulated = false;  ///< Pixel Data is a sequence of fragments (PS3.5 A.4).
    bool retired = false;
};

/// The descriptor of a registered transfer syntax; nullptr for UIDs that are not transfer syntaxes.
const TransferSyntax* find_transfer_syntax(std::string_view uid);

namespace transfer_syntaxes {
const TransferSyntax& implicit_vr_little_endian();
const TransferSyntax& explicit_vr_little_endian();
const TransferSyntax& explicit_vr_big_endian();
const TransferSyntax& deflated_explicit_vr_little_endian();
}  // namespace transfer_syntaxes

}  // namespace roentgen
