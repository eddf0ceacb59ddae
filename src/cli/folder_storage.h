// cli/folder_storage.h — a StorageService that writes each received instance as a Part 10 file in a folder.
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "base/file_io.h"
#include "services/storage_service.h"

namespace roentgen::cli {

/// Writes `<folder>/<SOP Instance UID>.dcm`: preamble, a meta group naming the sender (Source AE
/// Title, PS3.10 7.1) and the data set exactly as received. The file is fsync'd and renamed into
/// place before the C-STORE succeeds, so an acknowledged instance survives a crash.
class FolderStorage final : public services::StorageService {
public:
    explicit FolderStorage(std::string folder, Durability durability = Durability::Fsync)
        : m_folder(std::move(folder)), m_durability(durability)
    {
    }
    Result<std::unique_ptr<services::InstanceWriter>> open(const services::AssociationInfo& association,
                                                           const services::StoreRequest& request) override;
    /// Instances committed so far.
    size_t stored() const { return m_stored.load(); }
    /// Called with the path of each instance once it is committed (from association threads).
    void set_on_stored(std::function<void(const std::string&)> on_stored) { m_on_stored = std::move(on_stored); }

private:
    std::string m_folder;
    Durability m_durability;
    std::atomic<size_t> m_stored{0};
    std::function<void(const std::string&)> m_on_stored;
    friend class FolderInstanceWriter;
};

}  // namespace roentgen::cli
