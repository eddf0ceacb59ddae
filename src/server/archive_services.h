// server/archive_services.h — C-FIND, C-MOVE/C-GET and Storage Commitment of the archive, answered from the index.
#pragma once

#include <map>
#include <string>

#include "index/catalog.h"
#include "server/server_configuration.h"
#include "services/query_retrieve_service.h"
#include "services/storage_commitment_service.h"
#include "storage/object_store.h"

namespace roentgen::server {

/// Where configured peers listen (C-MOVE destinations, commitment requesters), by AE title.
class PeerDirectory {
public:
    explicit PeerDirectory(std::map<std::string, PeerAddress> peers) : m_peers(std::move(peers)) {}
    std::optional<services::MoveDestination> find(std::string_view ae_title) const;

private:
    std::map<std::string, PeerAddress> m_peers;
};

/// Patient Root and Study Root C-FIND on the catalog (PS3.4 C.4.1).
class ArchiveQueries final : public services::QueryService, public services::RetrieveService {
public:
    ArchiveQueries(index::Catalog& catalog, const storage::ObjectStore& objects, const PeerDirectory& peers)
        : m_catalog(catalog), m_objects(objects), m_peers(peers)
    {
    }
    Result<void> find(const services::AssociationInfo& association, std::string_view sop_class_uid,
                      const DataSet& identifier, const std::function<bool(const DataSet&)>& emit) override;
    /// The files of the instances the identifier selects (PS3.4 C.4.2.2.1, C.4.3.2.1).
    Result<std::vector<std::string>> locate(const services::AssociationInfo& association, std::string_view sop_class_uid,
                                            const DataSet& identifier) override;
    std::optional<services::MoveDestination> find_destination(std::string_view ae_title) override;

private:
    index::Catalog& m_catalog;
    const storage::ObjectStore& m_objects;
    const PeerDirectory& m_peers;
};

/// Storage Commitment Push Model SCP (PS3.4 J.3.3): an instance is committed when the index holds
/// it under the same SOP Class and its file is in storage.
class ArchiveCommitment final : public services::StorageCommitmentService {
public:
    ArchiveCommitment(index::Catalog& catalog, const storage::ObjectStore& objects, const PeerDirectory& peers)
        : m_catalog(catalog), m_objects(objects), m_peers(peers)
    {
    }
    Result<std::vector<services::CommitmentDecision>> commit(const services::AssociationInfo& association,
                                                             std::string_view transaction_uid,
                                                             std::span<const services::SopReference> references) override;
    std::optional<services::MoveDestination> find_requester(std::string_view ae_title) override;

private:
    index::Catalog& m_catalog;
    const storage::ObjectStore& m_objects;
    const PeerDirectory& m_peers;
};

}  // namespace roentgen::server
