// server/archive_storage.h — the C-STORE side of the archive: received objects become durable files, then index rows.
#pragma once

#include <atomic>
#include <cstdint>

#include "dict/transfer_syntax.h"
#include "index/catalog.h"
#include "pixel/codec_registry.h"
#include "server/server_configuration.h"
#include "services/storage_service.h"
#include "storage/object_store.h"

namespace roentgen::server {

/// Stores each received object as a Part 10 file (meta naming the sender, data set exactly as
/// received) and indexes it; the C-STORE succeeds only once both are durable (a
/// success status tells the sender it may forget the object). The steps, so that a crash at any point loses
/// nothing acknowledged and indexes nothing half-written:
///  1. the data set streams into a temporary file in <data>/storage/.incoming;
///  2. its header is read back (Study, Series, SOP Instance UIDs);
///  3. the duplicate policy is applied against the index;
///  4. the file is renamed to its key <Study UID>/<Series UID>/<SOP Instance UID>.dcm, then it and
///     its directory are fsync'ed;
///  5. the index row is committed (synchronous commit);
///  6. only then the status goes back.
/// A crash before 5 completes leaves at worst a file the index does not know (the sender got no
/// success and will send again, which replaces it); never an index row without its file. Under
/// DuplicatePolicy::Overwrite the new file replaces the indexed one at step 4 (whole: a file that
/// replaces another is synced before the rename), so after such a crash the old row describes the
/// new copy of the same SOP Instance until it is sent again.
class ArchiveStorage final : public services::StorageService {
public:
    /// `transcode_to`: the syntax every object is stored in ([storage] transcode_to; nullptr
    /// stores as received). Lossy targets are not applied (see ArchiveInstanceWriter).
    ArchiveStorage(storage::ObjectStore& objects, index::Catalog& catalog, DuplicatePolicy duplicates,
                   const TransferSyntax* transcode_to = nullptr)
        : m_objects(objects), m_catalog(catalog), m_duplicates(duplicates), m_transcode_to(transcode_to),
          m_codecs(CodecRegistry::with_all_codecs())
    {
    }

    Result<std::unique_ptr<services::InstanceWriter>> open(const services::AssociationInfo& association,
                                                           const services::StoreRequest& request) override;

    /// Objects stored (added or replaced) since start.
    uint64_t stored() const { return m_stored.load(); }

private:
    friend class ArchiveInstanceWriter;
    storage::ObjectStore& m_objects;
    index::Catalog& m_catalog;
    DuplicatePolicy m_duplicates;
    const TransferSyntax* m_transcode_to;
    CodecRegistry m_codecs;
    std::atomic<uint64_t> m_stored{0};
};

}  // namespace roentgen::server
