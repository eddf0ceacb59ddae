// net/pdu/internal/user_information.h — the User Information item 50h and its sub-items (PS3.8 9.3.2.3, PS3.7 D.3.3).
#pragma once

#include "base/result.h"
#include "net/pdu/internal/pdu_reader.h"
#include "net/pdu/internal/pdu_writer.h"
#include "net/pdu/pdu.h"

namespace roentgen::net::pdu_detail {

/// Decodes the value of a 50h item: the sub-items in any order (PS3.8 9.3.2.3 note), unknown ones
/// kept in unknown_sub_items, a repeated single-valued sub-item (51h, 52h, 53h, 55h, 58h, 59h) an error.
[[nodiscard]] Result<UserInformation> decode_user_information(Reader items);

/// Writes a whole 50h item, sub-items in ascending type order (older peers expect it, PS3.8
/// 9.3.2.3 note), unknown sub-items last.
[[nodiscard]] Result<void> encode_user_information(Writer& writer, const UserInformation& information);

}  // namespace roentgen::net::pdu_detail
