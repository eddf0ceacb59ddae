// index/internal/indexed_columns.cpp — normalising column values and turning keys into conditions on them.
#include "index/internal/indexed_columns.h"

#include <algorithm>
#include <array>

#include "dict/generated/tags.h"
#include "model/element_values.h"

namespace roentgen::index::internal {

namespace {

constexpr std::array columns{
    IndexedColumn{tags::PatientID, QueryLevel::Patient, "patient_key", ColumnKind::Text},
    IndexedColumn{tags::PatientName, QueryLevel::Patient, "patient_name", ColumnKind::PersonName},
    IndexedColumn{tags::StudyInstanceUID, QueryLevel::Study, "study_uid", ColumnKind::Uid},
    IndexedColumn{tags::StudyDate, QueryLevel::Study, "study_date", ColumnKind::Date},
    IndexedColumn{tags::AccessionNumber, QueryLevel::Study, "accession_number", ColumnKind::Text},
    IndexedColumn{tags::StudyID, QueryLevel::Study, "study_identifier", ColumnKind::Text},
    IndexedColumn{tags::ReferringPhysicianName, QueryLevel::Study, "referring_physician_name", ColumnKind::PersonName},
    IndexedColumn{tags::SeriesInstanceUID, QueryLevel::Series, "series_uid", ColumnKind::Uid},
    IndexedColumn{tags::Modality, QueryLevel::Series, "modality", ColumnKind::Text},
    IndexedColumn{tags::SOPInstanceUID, QueryLevel::Image, "sop_instance_uid", ColumnKind::Uid},
    IndexedColumn{tags::SOPClassUID, QueryLevel::Image, "sop_class_uid", ColumnKind::Uid},
};

void fold_to_upper(std::string& text)
{
    for (char& c : text)
        if (c >= 'a' && c <= 'z')
            c = char(c - 'a' + 'A');
}

/// The value as UTF-8, padding removed (for PN folded), or nothing when it holds several values.
std::optional<std::string> single_text(const Element& element, ColumnKind kind, const CharacterSet& charset)
{
    std::string text = uses_character_set(element.vr) ? charset.decode(element.raw_text(), element.vr)
                                                       : std::string(element.raw_text());
    if (text.find('\\') != std::string::npos)
        return std::nullopt;
    text = std::string(trim_string_value(text, element.vr));
    if (kind == ColumnKind::PersonName)
        fold_to_upper(text);
    return text;
}

bool is_yyyymmdd(std::string_view text)
{
    return text.size() == 8 && std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

/// The smallest text greater than every text starting with `prefix`; empty when there is none.
std::string prefix_end(std::string prefix)
{
    while (!prefix.empty() && uint8_t(prefix.back()) == 0xFF)
        prefix.pop_back();
    if (!prefix.empty())
        prefix.back() = char(uint8_t(prefix.back()) + 1);
    return prefix;
}

std::string or_null(std::string condition, std::string_view column)
{
    return "(" + condition + " OR " + std::string(column) + " IS NULL)";
}

std::string text_condition(std::string_view column, const std::string& key, bool person_name, SqlParameters& parameters)
{
    std::string prefix = key.substr(0, key.find_first_of("*?"));
    if (person_name) {
        // Trailing empty components and groups are ignored, and a key without '=' matches the
        // alphabetic group alone: only the part before them is a prefix of every match.
        while (!prefix.empty() && (prefix.back() == '^' || prefix.back() == '=' || prefix.back() == ' '))
            prefix.pop_back();
    }
    if (prefix.empty())
        return {};
    const bool exact = !person_name && prefix.size() == key.size();
    if (exact)
        return or_null(std::string(column) + " = " + parameters.add(prefix), column);
    std::string end = prefix_end(prefix);
    std::string condition = std::string(column) + " >= " + parameters.add(prefix);
    if (!end.empty())
        condition += " AND " + std::string(column) + " < " + parameters.add(std::move(end));
    return or_null(std::move(condition), column);
}

std::string date_condition(std::string_view column, std::string_view key, SqlParameters& parameters)
{
    std::string text;
    for (char c : key)
        if (c != ' ')
            text.push_back(c);
    const auto dash = text.find('-');
    if (dash == std::string::npos) {
        if (!is_yyyymmdd(text))
            return {};
        return or_null(std::string(column) + " = " + parameters.add(text), column);
    }
    std::string low = text.substr(0, dash);
    std::string high = text.substr(dash + 1);
    if ((!low.empty() && !is_yyyymmdd(low)) || (!high.empty() && !is_yyyymmdd(high)) || (low.empty() && high.empty()))
        return {};
    std::string condition;
    if (!low.empty())
        condition = std::string(column) + " >= " + parameters.add(low);
    if (!high.empty())
        condition += (condition.empty() ? "" : " AND ") + std::string(column) + " <= " + parameters.add(high);
    return or_null(std::move(condition), column);
}

std::string uid_condition(std::string_view column, const Element& key, SqlParameters& parameters)
{
    std::vector<std::string> uids;
    for (auto value : string_values(key)) {
        auto uid = trim_string_value(value, VR::UI);
        if (uid.empty())
            return {};  // an empty value in a list: leave it to matching
        uids.emplace_back(uid);
    }
    if (uids.empty())
        return {};
    if (uids.size() == 1)
        return std::string(column) + " = " + parameters.add(std::move(uids.front()));
    std::string condition = std::string(column) + " IN (";
    for (size_t i = 0; i < uids.size(); ++i)
        condition += (i ? ", " : "") + parameters.add(std::move(uids[i]));
    return condition + ")";
}

}  // namespace

std::span<const IndexedColumn> indexed_columns() { return columns; }

std::string_view table_name(QueryLevel level)
{
    switch (level) {
    case QueryLevel::Patient:
        return "patients";
    case QueryLevel::Study:
        return "studies";
    case QueryLevel::Series:
        return "series";
    case QueryLevel::Image:
        return "instances";
    }
    return "instances";
}

SqlValue column_value(const IndexedColumn& column, const DataSet& attributes, const CharacterSet& charset)
{
    const Element* element = attributes.find(column.tag);
    if (!element || element->is_sequence() || element->is_fragments() || element->is_bulk())
        return column.kind == ColumnKind::Date ? SqlValue(SqlNull{}) : SqlValue(std::string());
    auto text = single_text(*element, column.kind, charset);
    if (!text)
        return SqlNull{};
    if (column.kind == ColumnKind::Date && !is_yyyymmdd(*text))
        return text->empty() ? SqlValue(std::string()) : SqlValue(SqlNull{});
    return *text;
}

std::string SqlParameters::add(SqlValue value)
{
    m_values.push_back(std::move(value));
    return "$" + std::to_string(m_values.size());
}

std::string key_condition(const IndexedColumn& column, std::string_view qualified_column, const Element& key,
                          const CharacterSet& charset, SqlParameters& parameters)
{
    if (key.is_sequence() || key.is_fragments() || key.is_bulk() || key.length() == 0)
        return {};
    if (column.kind == ColumnKind::Uid)
        return uid_condition(qualified_column, key, parameters);
    auto text = single_text(key, column.kind, charset);
    if (!text || text->empty())
        return {};
    if (column.kind == ColumnKind::Date)
        return date_condition(qualified_column, *text, parameters);
    return text_condition(qualified_column, *text, column.kind == ColumnKind::PersonName, parameters);
}

}  // namespace roentgen::index::internal
