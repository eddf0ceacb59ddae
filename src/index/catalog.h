// index/catalog.h — Catalog: what the server needs from an index of stored instances; backends in index/sqlite, index/postgres.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "index/attribute_matching.h"
#include "index/query_level.h"
#include "model/data_set.h"

namespace roentgen::index {

/// One instance as the catalog records it: where storage keeps the file (a key relative to the
/// storage root, never interpreted by the catalog), its size and transfer syntax, and its
/// attributes without Pixel Data (the catalog drops bulk pixel values if present).
struct CatalogInstance {
    std::string storage_key;
    uint64_t file_size = 0;
    std::string transfer_syntax_uid;
    DataSet attributes;
};

/// What add_instance() did.
enum class AddOutcome {
    Added,     ///< A new SOP Instance UID.
    Replaced,  ///< The SOP Instance UID was indexed already; its record now describes the new file.
};

struct AddResult {
    AddOutcome outcome = AddOutcome::Added;
    /// When replaced: the storage key the record had (the caller deletes that file if it differs).
    std::string replaced_storage_key;
};

/// An indexed instance as retrieve and commitment services need it.
struct IndexedInstance {
    std::string storage_key;
    std::string sop_class_uid;
    std::string transfer_syntax_uid;
    uint64_t file_size = 0;
};

/// Entity counts, for logs, tests and the REST API.
struct CatalogCounts {
    uint64_t patients = 0;
    uint64_t studies = 0;
    uint64_t series = 0;
    uint64_t instances = 0;
};

/// An index of instances in the Patient / Study / Series / Instance hierarchy (PS3.4 C.6). Every
/// member is thread-safe; backends may be shared by several server processes (PostgreSQL), so a
/// result reflects what was committed when the call ran.
class Catalog {
public:
    virtual ~Catalog() = default;

    /// Records an instance whose file is already durable in storage; durable itself when this
    /// returns. The patient, study and series are created on first sight (their attributes are the
    /// first instance's: later instances do not rewrite them). An instance already indexed is
    /// replaced (moved to the series it now names). Fails with InvalidArgument when SOP Instance,
    /// Series Instance or Study Instance UID is missing.
    [[nodiscard]] virtual Result<AddResult> add_instance(const CatalogInstance& instance) = 0;

    /// An indexed instance; nullopt when the SOP Instance UID is not indexed.
    [[nodiscard]] virtual Result<std::optional<IndexedInstance>> find_instance(std::string_view sop_instance_uid) = 0;

    /// Hierarchical C-FIND at `level` (PS3.4 C.4.1.3.1), with the semantics of MemoryCatalog::find():
    /// each match's response identifier goes to `emit` (in the order the entities were first
    /// indexed) until it returns false. An entity's attributes are those of its first instance
    /// (see internal/level_attributes.h for which level keeps which).
    [[nodiscard]] virtual Result<void> find(QueryLevel level, const DataSet& identifier,
                                            const std::function<bool(const DataSet&)>& emit) = 0;

    /// The storage keys of every instance of the entities find() would return (C-MOVE, C-GET),
    /// in the order they were indexed.
    [[nodiscard]] virtual Result<std::vector<std::string>> locate(QueryLevel level, const DataSet& identifier) = 0;

    /// Removes the patient, study, series or instance with this unique key (Patient ID, or the
    /// Study/Series/SOP Instance UID) and everything below it, and parents left empty; returns the
    /// storage keys of the removed instances (the caller deletes the files after this returns, so a
    /// crash leaves at worst unindexed files, never index rows without files). Removing what is not
    /// there removes nothing.
    [[nodiscard]] virtual Result<std::vector<std::string>> remove(QueryLevel level, std::string_view unique_key) = 0;

    [[nodiscard]] virtual Result<CatalogCounts> counts() = 0;
};

}  // namespace roentgen::index
