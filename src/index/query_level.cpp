// index/query_level.cpp — level names and the attribute-to-level table.
#include "index/query_level.h"

#include <algorithm>
#include <array>
#include <utility>

#include "dict/generated/tags.h"

namespace roentgen::index {

namespace {

using Entry = std::pair<Tag, QueryLevel>;
constexpr QueryLevel P = QueryLevel::Patient;
constexpr QueryLevel St = QueryLevel::Study;
constexpr QueryLevel Se = QueryLevel::Series;
constexpr QueryLevel I = QueryLevel::Image;

// PS3.4 Tables C.6-1 to C.6-4 and the modules of the composite IODs at each level.
constexpr auto unsorted_levels = std::to_array<Entry>({
    {tags::PatientName, P},
    {tags::PatientID, P},
    {tags::IssuerOfPatientID, P},
    {tags::IssuerOfPatientIDQualifiersSequence, P},
    {tags::TypeOfPatientID, P},
    {tags::OtherPatientIDs, P},
    {tags::OtherPatientIDsSequence, P},
    {tags::OtherPatientNames, P},
    {tags::PatientBirthDate, P},
    {tags::PatientBirthTime, P},
    {tags::PatientSex, P},
    {tags::EthnicGroup, P},
    {tags::PatientComments, P},
    {tags::NumberOfPatientRelatedStudies, P},
    {tags::NumberOfPatientRelatedSeries, P},
    {tags::NumberOfPatientRelatedInstances, P},
    {tags::ReferencedPatientSequence, P},
    {tags::PatientSpeciesDescription, P},
    {tags::PatientBreedDescription, P},
    {tags::ResponsiblePerson, P},
    {tags::ResponsibleOrganization, P},
    {tags::PatientIdentityRemoved, P},
    {tags::DeidentificationMethod, P},
    {tags::PatientMotherBirthName, P},
    {tags::PatientBirthName, P},
    {tags::PatientSexNeutered, P},
    {tags::PatientAddress, P},
    {tags::MedicalRecordLocator, P},

    {tags::StudyDate, St},
    {tags::StudyTime, St},
    {tags::AccessionNumber, St},
    {tags::IssuerOfAccessionNumberSequence, St},
    {tags::StudyID, St},
    {tags::StudyInstanceUID, St},
    {tags::ModalitiesInStudy, St},
    {tags::SOPClassesInStudy, St},
    {tags::AnatomicRegionsInStudyCodeSequence, St},
    {tags::ReferringPhysicianName, St},
    {tags::ConsultingPhysicianName, St},
    {tags::StudyDescription, St},
    {tags::ProcedureCodeSequence, St},
    {tags::NameOfPhysiciansReadingStudy, St},
    {tags::PhysiciansOfRecord, St},
    {tags::AdmittingDiagnosesDescription, St},
    {tags::ReferencedStudySequence, St},
    {tags::PatientAge, St},
    {tags::PatientSize, St},
    {tags::PatientWeight, St},
    {tags::Occupation, St},
    {tags::AdditionalPatientHistory, St},
    {tags::OtherStudyNumbers, St},
    {tags::NumberOfStudyRelatedSeries, St},
    {tags::NumberOfStudyRelatedInstances, St},

    {tags::Modality, Se},
    {tags::SeriesNumber, Se},
    {tags::SeriesInstanceUID, Se},
    {tags::NumberOfSeriesRelatedInstances, Se},
    {tags::SeriesDate, Se},
    {tags::SeriesTime, Se},
    {tags::SeriesDescription, Se},
    {tags::SeriesDescriptionCodeSequence, Se},
    {tags::BodyPartExamined, Se},
    {tags::ProtocolName, Se},
    {tags::Laterality, Se},
    {tags::PerformedProcedureStepStartDate, Se},
    {tags::PerformedProcedureStepStartTime, Se},
    {tags::PerformedProcedureStepID, Se},
    {tags::RequestAttributesSequence, Se},
    {tags::Manufacturer, Se},
    {tags::InstitutionName, Se},
    {tags::StationName, Se},
    {tags::InstitutionalDepartmentName, Se},
    {tags::ManufacturerModelName, Se},
    {tags::OperatorsName, Se},
    {tags::PerformingPhysicianName, Se},

    {tags::InstanceNumber, I},
    {tags::SOPInstanceUID, I},
    {tags::SOPClassUID, I},
    {tags::ContentDate, I},
    {tags::ContentTime, I},
    {tags::AcquisitionDate, I},
    {tags::AcquisitionTime, I},
    {tags::AcquisitionDateTime, I},
    {tags::ImageType, I},
    {tags::InstanceCreationDate, I},
    {tags::InstanceCreationTime, I},
    {tags::NumberOfFrames, I},
    {tags::Rows, I},
    {tags::Columns, I},
    {tags::AcquisitionNumber, I},
    {tags::ImageComments, I},
    {tags::ConceptNameCodeSequence, I},
});

constexpr auto sorted_levels = [] {
    auto table = unsorted_levels;
    std::sort(table.begin(), table.end(), [](const Entry& a, const Entry& b) { return a.first < b.first; });
    return table;
}();
static_assert(std::adjacent_find(sorted_levels.begin(), sorted_levels.end(),
                                 [](const Entry& a, const Entry& b) { return a.first == b.first; }) ==
                  sorted_levels.end(),
              "an attribute is listed at two levels");

std::string_view trim_spaces(std::string_view s)
{
    while (!s.empty() && (s.front() == ' '))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0'))
        s.remove_suffix(1);
    return s;
}

} // namespace

std::optional<QueryLevel> parse_query_level(std::string_view text)
{
    text = trim_spaces(text);
    if (text == "PATIENT")
        return QueryLevel::Patient;
    if (text == "STUDY")
        return QueryLevel::Study;
    if (text == "SERIES")
        return QueryLevel::Series;
    if (text == "IMAGE")
        return QueryLevel::Image;
    return std::nullopt;
}

std::string_view to_string(QueryLevel level)
{
    switch (level) {
    case QueryLevel::Patient:
        return "PATIENT";
    case QueryLevel::Study:
        return "STUDY";
    case QueryLevel::Series:
        return "SERIES";
    case QueryLevel::Image:
        return "IMAGE";
    }
    return "";
}

std::optional<QueryLevel> find_attribute_level(Tag tag)
{
    auto it = std::lower_bound(sorted_levels.begin(), sorted_levels.end(), tag,
                               [](const Entry& e, Tag t) { return e.first < t; });
    if (it == sorted_levels.end() || it->first != tag)
        return std::nullopt;
    return it->second;
}

Tag unique_key(QueryLevel level)
{
    switch (level) {
    case QueryLevel::Patient:
        return tags::PatientID;
    case QueryLevel::Study:
        return tags::StudyInstanceUID;
    case QueryLevel::Series:
        return tags::SeriesInstanceUID;
    case QueryLevel::Image:
        return tags::SOPInstanceUID;
    }
    return tags::SOPInstanceUID;
}

} // namespace roentgen::index
