// cli/folder_archive.h — the files of a folder as a small Query/Retrieve archive, for `roentgen receive --query`.
#pragma once

#include <map>
#include <string>

#include "index/memory_catalog.h"
#include "services/query_retrieve_service.h"

namespace roentgen::cli {

/// Answers C-FIND, C-MOVE and C-GET (Patient and Study Root) over an in-memory catalog of the
/// folder's files (PS3.4 C.6.1, C.6.2): filled by scan() at start and by add_file() as instances
/// arrive. A stand-in for the server's index, as dcmqrscp is for DCMTK.
class FolderArchive final : public services::QueryService, public services::RetrieveService {
public:
    explicit FolderArchive(std::map<std::string, services::MoveDestination> destinations)
        : m_destinations(std::move(destinations))
    {
    }
    /// Adds every DICOM file under `folder`; returns how many.
    size_t scan(const std::string& folder);
    /// Adds one file (its header is read); false when it is not a readable DICOM file.
    bool add_file(const std::string& path);

    Result<void> find(const services::AssociationInfo& association, std::string_view sop_class_uid,
                      const DataSet& identifier, const std::function<bool(const DataSet&)>& emit) override;
    Result<std::vector<std::string>> locate(const services::AssociationInfo& association,
                                            std::string_view sop_class_uid, const DataSet& identifier) override;
    std::optional<services::MoveDestination> find_destination(std::string_view ae_title) override;

private:
    index::MemoryCatalog m_catalog;
    std::map<std::string, services::MoveDestination> m_destinations;
};

}  // namespace roentgen::cli
