// cli/folder_commitment.h — Storage Commitment over the files `roentgen receive` wrote, for its N-ACTIONs.
#pragma once

#include <map>
#include <string>

#include "services/storage_commitment_service.h"

namespace roentgen::cli {

/// Commits to an instance when `<folder>/<SOP Instance UID>.dcm` (as FolderStorage names it)
/// exists and names the same SOP class; otherwise fails it with 0112H (no such object instance)
/// or 0119H (class / instance conflict), PS3.4 Table J.3-2. Requesters that take reports on a new
/// association are found among `requesters` (receive's --destination AE=host:port).
class FolderCommitment final : public services::StorageCommitmentService {
public:
    FolderCommitment(std::string folder, std::map<std::string, services::MoveDestination> requesters)
        : m_folder(std::move(folder)), m_requesters(std::move(requesters))
    {
    }
    Result<std::vector<services::CommitmentDecision>>
    commit(const services::AssociationInfo& association, std::string_view transaction_uid,
           std::span<const services::SopReference> references) override;
    std::optional<services::MoveDestination> find_requester(std::string_view ae_title) override;

private:
    services::CommitmentDecision decide(const services::SopReference& reference) const;

    std::string m_folder;
    std::map<std::string, services::MoveDestination> m_requesters;
};

} // namespace roentgen::cli
