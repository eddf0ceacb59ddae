// services/query_retrieve_service.h — handler interfaces an SCP implements for C-FIND, C-MOVE and C-GET (PS3.4 C, K).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/data_set.h"
#include "services/storage_service.h"

namespace roentgen::services {

/// C-FIND SCP behaviour: matching is the service's (PS3.4 C.2.2.2), the DIMSE exchange the server's.
class QueryService {
public:
    virtual ~QueryService() = default;
    /// Hands each match's response identifier to `emit`, stopping when it returns false (the peer
    /// sent C-CANCEL, or the association failed). Errc::InvalidArgument means the identifier does not
    /// match the information model (status A900); other errors are "unable to process" (C000), with
    /// the message as Error Comment.
    [[nodiscard]] virtual Result<void> find(const AssociationInfo& association, std::string_view sop_class_uid,
                                            const DataSet& identifier,
                                            const std::function<bool(const DataSet&)>& emit) = 0;
};

/// Where a C-MOVE destination AE listens.
struct MoveDestination {
    std::string host;
    uint16_t port = 104;
};

/// C-MOVE and C-GET SCP behaviour: which files a retrieve sends, and where move destinations are.
class RetrieveService {
public:
    virtual ~RetrieveService() = default;
    /// Part 10 files of every instance the identifier selects (PS3.4 C.4.2.2.1, C.4.3.2.1).
    [[nodiscard]] virtual Result<std::vector<std::string>> locate(const AssociationInfo& association,
                                                                  std::string_view sop_class_uid,
                                                                  const DataSet& identifier) = 0;
    /// The address of a move destination; nullopt answers "Move Destination unknown" (A801).
    virtual std::optional<MoveDestination> find_destination(std::string_view ae_title) = 0;
};

}  // namespace roentgen::services
