// index/internal/computed_attributes.cpp — the aggregate queries behind computed keys.
#include "index/internal/computed_attributes.h"

#include <string>
#include <vector>

#include "dict/generated/tags.h"
#include "model/element_values.h"

namespace roentgen::index::internal {

namespace {

struct Aggregate {
    Tag tag;
    QueryLevel level;  ///< The entity whose id the statement takes.
    VR vr;
    bool counts;  ///< One count; otherwise distinct values.
    std::string_view sql;
};

constexpr Aggregate aggregates[] = {
    {tags::NumberOfPatientRelatedStudies, QueryLevel::Patient, VR::IS, true,
     "SELECT count(*) FROM studies WHERE patient_id = $1"},
    {tags::NumberOfPatientRelatedSeries, QueryLevel::Patient, VR::IS, true,
     "SELECT count(*) FROM series se JOIN studies st ON st.id = se.study_id WHERE st.patient_id = $1"},
    {tags::NumberOfPatientRelatedInstances, QueryLevel::Patient, VR::IS, true,
     "SELECT count(*) FROM instances i JOIN series se ON se.id = i.series_id JOIN studies st ON st.id = se.study_id "
     "WHERE st.patient_id = $1"},
    {tags::NumberOfStudyRelatedSeries, QueryLevel::Study, VR::IS, true,
     "SELECT count(*) FROM series WHERE study_id = $1"},
    {tags::NumberOfStudyRelatedInstances, QueryLevel::Study, VR::IS, true,
     "SELECT count(*) FROM instances i JOIN series se ON se.id = i.series_id WHERE se.study_id = $1"},
    {tags::ModalitiesInStudy, QueryLevel::Study, VR::CS, false,
     "SELECT DISTINCT modality FROM series WHERE study_id = $1 AND modality IS NOT NULL AND modality <> '' "
     "ORDER BY modality"},
    {tags::SOPClassesInStudy, QueryLevel::Study, VR::UI, false,
     "SELECT DISTINCT i.sop_class_uid FROM instances i JOIN series se ON se.id = i.series_id WHERE se.study_id = $1 "
     "AND i.sop_class_uid <> '' ORDER BY i.sop_class_uid"},
    {tags::NumberOfSeriesRelatedInstances, QueryLevel::Series, VR::IS, true,
     "SELECT count(*) FROM instances WHERE series_id = $1"},
};

}  // namespace

Result<DataSet> compute_attributes(SqlDatabase& database, QueryLevel level, const std::array<int64_t, 4>& ids,
                                   const DataSet& keys)
{
    DataSet computed;
    for (const Aggregate& aggregate : aggregates) {
        if (aggregate.level > level || !keys.contains(aggregate.tag))
            continue;
        const SqlValue id = ids[size_t(aggregate.level)];
        ROENTGEN_TRY(auto rows, database.query(aggregate.sql, std::span(&id, 1)));
        std::vector<std::string> values;
        if (aggregate.counts)
            values.push_back(std::to_string(rows.empty() ? 0 : as_integer(rows.front().front())));
        else
            for (const SqlRow& row : rows)
                values.push_back(as_text(row.front()));
        computed.set_string(aggregate.tag, aggregate.vr, join_string_values(aggregate.vr, values));
    }
    return computed;
}

}  // namespace roentgen::index::internal
