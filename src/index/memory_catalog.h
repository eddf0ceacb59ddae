// index/memory_catalog.h — MemoryCatalog: instances held in memory, hierarchical C-FIND and retrieve look-ups over
// them.
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "index/attribute_matching.h"
#include "model/data_set.h"

namespace roentgen::index {

/// One stored instance: where its file is and its top-level attributes, without Pixel Data and
/// other bulk data (what matching and responses need, not what a retrieve sends).
struct InstanceRecord {
    std::string path;
    DataSet attributes;
};

/// A catalog for a folder-based Query/Retrieve SCP: every instance's attributes in memory, matched
/// by scanning (no index structures; fine for thousands of instances, not millions). Thread-safe:
/// every member takes one mutex, so a scan sees a consistent set of instances.
class MemoryCatalog {
public:
    explicit MemoryCatalog(MatchOptions options = {}) : m_options(options) {}

    /// Adds an instance, replacing the one with the same SOP Instance UID (in its place, so results
    /// keep the order instances were first added in). Pixel Data (7FE0,0008/0009/0010) and
    /// encapsulated values are dropped from the attributes. An instance without a SOP Instance UID
    /// is kept but never replaced and not found at IMAGE level.
    void add(InstanceRecord record);

    /// Hierarchical C-FIND at `level` (PS3.4 C.4.1.3.1, relational: unique keys of the levels
    /// above may be absent): one result per distinct Patient ID (PATIENT; instances without one
    /// share the empty ID), Study Instance UID (STUDY), Series Instance UID (SERIES) or SOP
    /// Instance UID (IMAGE), in the order the entities were first added. An entity matches when
    /// one of its instances matches every key of `level` and the levels above (find_attribute_level();
    /// keys the table does not place count as keys of `level`); keys of lower levels are ignored
    /// and come back empty. The result is response_for() on that instance's attributes, with
    /// these computed from the catalog when asked for, and matched as keys like any other
    /// (PS3.4 C.6.1.1.x): Number of Patient Related Studies/Series/Instances (0020,1200/1202/1204),
    /// Number of Study Related Series/Instances (0020,1206/1208), Modalities in Study (0008,0061,
    /// sorted) and SOP Classes in Study (0008,0062, sorted), Number of Series Related Instances
    /// (0020,1209). The identifier's Specific Character Set and Timezone Offset From UTC apply to
    /// its keys.
    std::vector<DataSet> find(QueryLevel level, const DataSet& identifier) const;

    /// The file paths of every instance of the entities find() would return (for C-MOVE and
    /// C-GET, PS3.4 C.4.2.2.1: retrieves give unique keys, but every key is matched), in the
    /// order the instances were added.
    std::vector<std::string> locate(QueryLevel level, const DataSet& identifier) const;

    /// The number of instances.
    size_t size() const;

private:
    MatchOptions m_options;
    mutable std::mutex m_mutex;
    std::vector<InstanceRecord> m_instances;
    std::unordered_map<std::string, size_t> m_by_sop_instance_uid;
};

} // namespace roentgen::index
