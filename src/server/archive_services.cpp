// server/archive_services.cpp — levels from the information model, catalog look-ups, storage keys to files.
#include "server/archive_services.h"

#include "dict/generated/tags.h"
#include "index/information_model.h"
#include "model/character_set_conversion.h"

namespace roentgen::server {

std::optional<services::MoveDestination> PeerDirectory::find(std::string_view ae_title) const
{
    auto found = m_peers.find(std::string(ae_title));
    if (found == m_peers.end())
        return std::nullopt;
    return services::MoveDestination{found->second.host, found->second.port};
}

Result<void> ArchiveQueries::find(const services::AssociationInfo&, std::string_view sop_class_uid,
                                  const DataSet& identifier, const std::function<bool(const DataSet&)>& emit)
{
    ROENTGEN_TRY(auto level, index::request_level(sop_class_uid, identifier));
    const Element* requested = identifier.find(tags::SpecificCharacterSet);
    if (!requested)
        return m_catalog.find(level, identifier, emit);
    // Responses in the requester's character set when every value has a code in it; otherwise
    // in the stored one, which the response's Specific Character Set then names (PS3.4 C.4.1.1.3.2).
    const std::string target(requested->raw_text());
    return m_catalog.find(level, identifier, [&](const DataSet& response) {
        const Element* own = response.find(tags::SpecificCharacterSet);
        if (own && own->raw_text() == target)
            return emit(response);
        auto converted = convert_character_set(response, target);
        return emit(converted ? *converted : response);
    });
}

Result<std::vector<std::string>> ArchiveQueries::locate(const services::AssociationInfo&, std::string_view sop_class_uid,
                                                        const DataSet& identifier)
{
    ROENTGEN_TRY(auto level, index::request_level(sop_class_uid, identifier));
    ROENTGEN_TRY(auto keys, m_catalog.locate(level, identifier));
    std::vector<std::string> paths;
    paths.reserve(keys.size());
    for (const std::string& key : keys)
        paths.push_back(m_objects.path_of(key));
    return paths;
}

std::optional<services::MoveDestination> ArchiveQueries::find_destination(std::string_view ae_title)
{
    return m_peers.find(ae_title);
}

Result<std::vector<services::CommitmentDecision>> ArchiveCommitment::commit(
    const services::AssociationInfo&, std::string_view, std::span<const services::SopReference> references)
{
    namespace reasons = services::failure_reasons;
    std::vector<services::CommitmentDecision> decisions;
    decisions.reserve(references.size());
    for (const services::SopReference& reference : references) {
        auto instance = m_catalog.find_instance(reference.sop_instance_uid);
        if (!instance) {
            decisions.push_back(services::CommitmentDecision::failed(reasons::ProcessingFailure));
        } else if (!*instance || !m_objects.contains((*instance)->storage_key)) {
            decisions.push_back(services::CommitmentDecision::failed(reasons::NoSuchObjectInstance));
        } else if ((*instance)->sop_class_uid != reference.sop_class_uid) {
            decisions.push_back(services::CommitmentDecision::failed(reasons::ClassInstanceConflict));
        } else {
            decisions.push_back(services::CommitmentDecision::committed());
        }
    }
    return decisions;
}

std::optional<services::MoveDestination> ArchiveCommitment::find_requester(std::string_view ae_title)
{
    return m_peers.find(ae_title);
}

}  // namespace roentgen::server
