// services/internal/identifier.h — Q/R identifiers: data sets encoded in their presentation context's syntax.
#pragma once

#include <cstdint>
#include <vector>

#include "base/result.h"
#include "model/data_set.h"
#include "net/association/association.h"

namespace roentgen::services::internal {

[[nodiscard]] Result<std::vector<uint8_t>> encode_identifier(const DataSet& identifier,
                                                             const net::PresentationContext& context);
/// Receives the data set following the last command and decodes it in the syntax of `context_id`.
[[nodiscard]] Result<DataSet> receive_identifier(net::Association& association, uint8_t context_id);

}  // namespace roentgen::services::internal
