// index/information_model.h — the Query/Retrieve information model a request names, and the level its identifier asks for.
#pragma once

#include <string_view>

#include "base/result.h"
#include "index/query_level.h"
#include "model/data_set.h"

namespace roentgen::index {

/// The level of a C-FIND, C-MOVE or C-GET identifier under the information model of
/// `sop_class_uid` (PS3.4 C.6.1 Patient Root, C.6.2 Study Root): validate_identifier(), then Study
/// Root refuses PATIENT (it has no such level). The Modality Worklist model is refused: a catalog
/// of stored instances keeps no worklist. Errors are InvalidArgument (status A900 / C000).
[[nodiscard]] Result<QueryLevel> request_level(std::string_view sop_class_uid, const DataSet& identifier);

}  // namespace roentgen::index
