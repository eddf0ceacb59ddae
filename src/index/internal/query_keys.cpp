// index/internal/query_keys.cpp — sorting an identifier's keys for matching.
#include "index/internal/query_keys.h"

#include "dict/generated/tags.h"
#include "model/element_values.h"

namespace roentgen::index::internal {

bool is_computed(Tag tag)
{
    return tag == tags::ModalitiesInStudy || tag == tags::SOPClassesInStudy ||
           tag == tags::NumberOfPatientRelatedStudies || tag == tags::NumberOfPatientRelatedSeries ||
           tag == tags::NumberOfPatientRelatedInstances || tag == tags::NumberOfStudyRelatedSeries ||
           tag == tags::NumberOfStudyRelatedInstances || tag == tags::NumberOfSeriesRelatedInstances;
}

std::string value_of(const DataSet& attributes, Tag tag)
{
    auto value = attributes.find_string(tag);
    if (!value)
        return {};
    return std::string(trim_string_value(*value, VR::LO));
}

SplitQuery split_query(QueryLevel level, const DataSet& identifier)
{
    SplitQuery query;
    for (const Element& key : identifier) {
        if (key.tag == tags::SpecificCharacterSet || key.tag == tags::TimezoneOffsetFromUTC) {
            query.stored_keys.append(key);
            query.computed_keys.append(key);
            continue;
        }
        if (key.tag.group() < 0x0008 || key.tag.is_group_length() || key.tag == tags::QueryRetrieveLevel ||
            key.tag == tags::QueryRetrieveView)
            continue;
        if (find_attribute_level(key.tag).value_or(level) > level) {
            query.lower_keys.push_back(key.tag);
        } else if (is_computed(key.tag)) {
            query.computed_keys.append(key);
            query.wants_computed = true;
        } else {
            query.stored_keys.append(key);
        }
    }
    return query;
}

}  // namespace roentgen::index::internal
