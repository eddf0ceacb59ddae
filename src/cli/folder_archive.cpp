// cli/folder_archive.cpp — catalog records from file headers; levels from Query/Retrieve Level.
#include "cli/folder_archive.h"

#include <filesystem>

#include <fmt/format.h>

#include "dict/generated/tags.h"
#include "encoding/part10_file.h"
#include "index/information_model.h"

namespace roentgen::cli {

bool FolderArchive::add_file(const std::string& path)
{
    auto file = read_part10_file(path, ReadOptions().with_stop_before(tags::PixelData));
    if (!file || !file->data_set.find_string(tags::SOPInstanceUID))
        return false;
    m_catalog.add(index::InstanceRecord{path, std::move(file->data_set)});
    return true;
}

size_t FolderArchive::scan(const std::string& folder)
{
    size_t added = 0;
    std::error_code error;
    for (auto it = std::filesystem::recursive_directory_iterator(folder, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
        if (it->is_regular_file(error) && it->path().extension() == ".dcm")
            added += add_file(it->path().string()) ? 1 : 0;
    }
    return added;
}

Result<void> FolderArchive::find(const services::AssociationInfo&, std::string_view sop_class_uid,
                                 const DataSet& identifier, const std::function<bool(const DataSet&)>& emit)
{
    ROENTGEN_TRY(auto level, index::request_level(sop_class_uid, identifier));
    for (const auto& match : m_catalog.find(level, identifier))
        if (!emit(match))
            break;
    return {};
}

Result<std::vector<std::string>> FolderArchive::locate(const services::AssociationInfo&, std::string_view sop_class_uid,
                                                       const DataSet& identifier)
{
    ROENTGEN_TRY(auto level, index::request_level(sop_class_uid, identifier));
    return m_catalog.locate(level, identifier);
}

std::optional<services::MoveDestination> FolderArchive::find_destination(std::string_view ae_title)
{
    auto found = m_destinations.find(std::string(ae_title));
    if (found == m_destinations.end())
        return std::nullopt;
    return found->second;
}

}  // namespace roentgen::cli
