// index/memory_catalog.cpp — grouping instances into entities, computed attributes and the scans behind find/locate.
#include "index/memory_catalog.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>

#include "dict/generated/tags.h"
#include "index/internal/query_keys.h"
#include "model/element_values.h"

namespace roentgen::index {

namespace {

using internal::SplitQuery;
using internal::value_of;

struct Statistics {
    struct Patient {
        std::set<std::string> studies;
        std::set<std::string> series;
        size_t instances = 0;
    };
    struct Study {
        std::set<std::string> series;
        std::set<std::string> modalities;
        std::set<std::string> sop_classes;
        size_t instances = 0;
    };
    std::unordered_map<std::string, Patient> patients;
    std::unordered_map<std::string, Study> studies;
    std::unordered_map<std::string, size_t> series;
};

Statistics gather(const std::vector<InstanceRecord>& instances)
{
    Statistics statistics;
    for (const InstanceRecord& instance : instances) {
        const DataSet& a = instance.attributes;
        std::string study = value_of(a, tags::StudyInstanceUID);
        std::string series = value_of(a, tags::SeriesInstanceUID);
        auto& patient = statistics.patients[value_of(a, tags::PatientID)];
        ++patient.instances;
        if (!study.empty())
            patient.studies.insert(study);
        if (!series.empty())
            patient.series.insert(series);
        if (study.empty())
            continue;
        auto& s = statistics.studies[study];
        ++s.instances;
        if (!series.empty())
            s.series.insert(series);
        if (auto modality = value_of(a, tags::Modality); !modality.empty())
            s.modalities.insert(modality);
        if (auto sop_class = value_of(a, tags::SOPClassUID); !sop_class.empty())
            s.sop_classes.insert(sop_class);
        if (!series.empty())
            ++statistics.series[series];
    }
    return statistics;
}

void set_count(DataSet& data_set, Tag tag, size_t count)
{
    data_set.set_string(tag, VR::IS, join_string_values(VR::IS, {std::to_string(count)}));
}

/// The computed attributes of the entity `representative` belongs to at `level` and above.
DataSet computed_attributes(QueryLevel level, const DataSet& representative, const Statistics& statistics)
{
    DataSet computed;
    if (auto it = statistics.patients.find(value_of(representative, tags::PatientID));
        it != statistics.patients.end()) {
        set_count(computed, tags::NumberOfPatientRelatedStudies, it->second.studies.size());
        set_count(computed, tags::NumberOfPatientRelatedSeries, it->second.series.size());
        set_count(computed, tags::NumberOfPatientRelatedInstances, it->second.instances);
    }
    if (level == QueryLevel::Patient)
        return computed;
    if (auto it = statistics.studies.find(value_of(representative, tags::StudyInstanceUID));
        it != statistics.studies.end()) {
        const auto& study = it->second;
        set_count(computed, tags::NumberOfStudyRelatedSeries, study.series.size());
        set_count(computed, tags::NumberOfStudyRelatedInstances, study.instances);
        computed.set_string(tags::ModalitiesInStudy, VR::CS,
                            join_string_values(VR::CS, {study.modalities.begin(), study.modalities.end()}));
        computed.set_string(tags::SOPClassesInStudy, VR::UI,
                            join_string_values(VR::UI, {study.sop_classes.begin(), study.sop_classes.end()}));
    }
    if (level == QueryLevel::Study)
        return computed;
    if (auto it = statistics.series.find(value_of(representative, tags::SeriesInstanceUID));
        it != statistics.series.end())
        set_count(computed, tags::NumberOfSeriesRelatedInstances, it->second);
    return computed;
}

/// One matching entity: its instances (indices, in the order added), the one whose attributes
/// answer, and the computed attributes (empty unless the identifier asks for some).
struct Match {
    std::vector<size_t> members;
    size_t representative = 0;
    DataSet computed;
};

std::vector<Match> scan(const std::vector<InstanceRecord>& instances, QueryLevel level, const SplitQuery& query,
                        const MatchOptions& options)
{
    std::vector<std::vector<size_t>> entities;
    std::unordered_map<std::string, size_t> entity_of;
    Tag key = unique_key(level);
    for (size_t i = 0; i < instances.size(); ++i) {
        std::string id = value_of(instances[i].attributes, key);
        if (id.empty() && level != QueryLevel::Patient)
            continue;
        auto [it, added] = entity_of.try_emplace(std::move(id), entities.size());
        if (added)
            entities.emplace_back();
        entities[it->second].push_back(i);
    }

    std::optional<Statistics> statistics;
    if (query.wants_computed)
        statistics = gather(instances);
    std::vector<Match> found;
    for (auto& members : entities) {
        auto representative = std::find_if(members.begin(), members.end(), [&](size_t i) {
            return matches_all(query.stored_keys, instances[i].attributes, options);
        });
        if (representative == members.end())
            continue;
        Match match;
        match.representative = *representative;
        if (statistics) {
            match.computed = computed_attributes(level, instances[*representative].attributes, *statistics);
            if (!matches_all(query.computed_keys, match.computed, options))
                continue;
        }
        match.members = std::move(members);
        found.push_back(std::move(match));
    }
    return found;
}

bool is_pixel_data(const Element& element)
{
    return element.tag == tags::PixelData || element.tag == tags::FloatPixelData ||
           element.tag == tags::DoubleFloatPixelData || element.is_fragments();
}

} // namespace

void MemoryCatalog::add(InstanceRecord record)
{
    DataSet& attributes = record.attributes;
    std::vector<Tag> dropped;
    for (const Element& element : attributes)
        if (is_pixel_data(element))
            dropped.push_back(element.tag);
    for (Tag tag : dropped)
        attributes.erase(tag);
    std::string uid = value_of(attributes, tags::SOPInstanceUID);

    std::lock_guard lock(m_mutex);
    if (uid.empty()) {
        m_instances.push_back(std::move(record));
        return;
    }
    auto [it, added] = m_by_sop_instance_uid.try_emplace(std::move(uid), m_instances.size());
    if (added)
        m_instances.push_back(std::move(record));
    else
        m_instances[it->second] = std::move(record);
}

std::vector<DataSet> MemoryCatalog::find(QueryLevel level, const DataSet& identifier) const
{
    SplitQuery query = internal::split_query(level, identifier);
    std::lock_guard lock(m_mutex);
    std::vector<DataSet> results;
    for (const Match& match : scan(m_instances, level, query, m_options)) {
        DataSet candidate = m_instances[match.representative].attributes;
        for (Tag tag : query.lower_keys)
            candidate.erase(tag);
        for (const Element& element : match.computed)
            candidate.set(element);
        results.push_back(response_for(identifier, candidate));
    }
    return results;
}

std::vector<std::string> MemoryCatalog::locate(QueryLevel level, const DataSet& identifier) const
{
    SplitQuery query = internal::split_query(level, identifier);
    std::lock_guard lock(m_mutex);
    std::vector<size_t> members;
    for (const Match& match : scan(m_instances, level, query, m_options))
        members.insert(members.end(), match.members.begin(), match.members.end());
    std::sort(members.begin(), members.end());
    std::vector<std::string> paths;
    paths.reserve(members.size());
    for (size_t i : members)
        paths.push_back(m_instances[i].path);
    return paths;
}

size_t MemoryCatalog::size() const
{
    std::lock_guard lock(m_mutex);
    return m_instances.size();
}

} // namespace roentgen::index
