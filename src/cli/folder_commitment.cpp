// cli/folder_commitment.cpp — a reference is committed when its file is in the folder with the same SOP class.
#include "cli/folder_commitment.h"

#include <algorithm>
#include <filesystem>

#include "dict/generated/tags.h"
#include "encoding/part10_file.h"

namespace roentgen::cli {
namespace {

// Only a UID (digits and dots, PS3.5 9.1) is looked up: never a path from the peer.
bool is_uid(std::string_view text)
{
    return !text.empty() && text.size() <= 64 && text.front() != '.' &&
           std::ranges::all_of(text, [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

} // namespace

Result<std::vector<services::CommitmentDecision>>
FolderCommitment::commit(const services::AssociationInfo&, std::string_view,
                         std::span<const services::SopReference> references)
{
    std::vector<services::CommitmentDecision> decisions;
    for (const auto& reference : references)
        decisions.push_back(decide(reference));
    return decisions;
}

services::CommitmentDecision FolderCommitment::decide(const services::SopReference& reference) const
{
    using services::CommitmentDecision;
    namespace reasons = services::failure_reasons;
    if (!is_uid(reference.sop_instance_uid))
        return CommitmentDecision::failed(reasons::NoSuchObjectInstance);
    const auto path = std::filesystem::path(m_folder) / (reference.sop_instance_uid + ".dcm");
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error))
        return CommitmentDecision::failed(reasons::NoSuchObjectInstance);
    auto file = read_part10_file(path.string(), ReadOptions().with_stop_before(tags::PixelData));
    if (!file)
        return CommitmentDecision::failed(reasons::ProcessingFailure);
    auto sop_class = file->data_set.find_string(tags::SOPClassUID);
    if (!sop_class)
        sop_class = file->meta.find_string(tags::MediaStorageSOPClassUID);
    if (!sop_class || *sop_class != reference.sop_class_uid)
        return CommitmentDecision::failed(reasons::ClassInstanceConflict);
    return CommitmentDecision::committed();
}

std::optional<services::MoveDestination> FolderCommitment::find_requester(std::string_view ae_title)
{
    auto found = m_requesters.find(std::string(ae_title));
    if (found == m_requesters.end())
        return std::nullopt;
    return found->second;
}

} // namespace roentgen::cli
