// server/archive_storage.cpp — receive into a temporary file, read its header, apply the duplicate policy, store, index.
#include "server/archive_storage.h"

#include <sys/stat.h>

#include <fmt/format.h>

#include "dict/generated/tags.h"
#include "encoding/part10_file.h"
#include "model/element_values.h"
#include "net/dimse/status.h"
#include "pixel/transcode.h"
#include "services/received_file_meta.h"

namespace roentgen::server {

namespace {

std::string uid_of(const DataSet& attributes, Tag tag)
{
    auto value = attributes.find_string(tag);
    return value ? std::string(trim_string_value(*value, VR::UI)) : std::string();
}

}  // namespace

class ArchiveInstanceWriter final : public services::InstanceWriter {
public:
    ArchiveInstanceWriter(std::unique_ptr<storage::IncomingObject> object, services::StoreRequest request,
                          ArchiveStorage& archive)
        : m_object(std::move(object)), m_request(std::move(request)), m_archive(archive)
    {
    }
    Result<void> write(std::span<const uint8_t> bytes) override { return m_object->write(bytes); }
    uint64_t position() const override { return m_object->position(); }

    Result<uint16_t> commit() override
    {
        ROENTGEN_TRY(m_object->finish());
        auto file = read_part10_file(m_object->temporary_path(), ReadOptions().with_stop_before(tags::PixelData));
        if (!file)
            return add_context(std::move(file).error(), "the received data set");
        const DataSet& attributes = file->data_set;
        const std::string sop_instance_uid = uid_of(attributes, tags::SOPInstanceUID);
        if (sop_instance_uid != m_request.sop_instance_uid)
            return make_error(Errc::InvalidArgument,
                              fmt::format("the data set's SOP Instance UID \"{}\" is not the request's \"{}\"",
                                          sop_instance_uid, m_request.sop_instance_uid));
        const std::string key = storage::ObjectStore::key_for(uid_of(attributes, tags::StudyInstanceUID),
                                                              uid_of(attributes, tags::SeriesInstanceUID),
                                                              sop_instance_uid);
        if (m_archive.m_duplicates != DuplicatePolicy::Overwrite) {
            ROENTGEN_TRY(auto existing, m_archive.m_catalog.find_instance(sop_instance_uid));
            if (existing) {
                if (m_archive.m_duplicates == DuplicatePolicy::Reject)
                    return net::status::DuplicateSopInstance;
                return net::status::Success;  // Keep: the stored object stays; the new one is discarded.
            }
        }
        std::string syntax = m_request.transfer_syntax_uid;
        if (m_archive.m_transcode_to && syntax != m_archive.m_transcode_to->uid) {
            ROENTGEN_TRY(auto transcoded, transcoded_copy());
            if (transcoded) {
                m_object = std::move(transcoded);
                syntax = std::string(m_archive.m_transcode_to->uid);
            }
        }
        ROENTGEN_TRY(m_archive.m_objects.store(*m_object, key));
        struct stat status {};
        const std::string path = m_archive.m_objects.path_of(key);
        const uint64_t size = ::stat(path.c_str(), &status) == 0 ? uint64_t(status.st_size) : m_object->position();
        ROENTGEN_TRY(auto added,
                     m_archive.m_catalog.add_instance(index::CatalogInstance{key, size, syntax, attributes}));
        if (added.outcome == index::AddOutcome::Replaced && !added.replaced_storage_key.empty() &&
            added.replaced_storage_key != key)
            (void)m_archive.m_objects.remove(added.replaced_storage_key);
        ++m_archive.m_stored;
        return net::status::Success;
    }

private:
    /// The received file re-encoded in [storage] transcode_to, as a new incoming object; nothing
    /// (store as received) when the object is too large to re-encode in memory, when the codecs
    /// cannot do it, or when the result would be lossy: a lossy derivative is a new SOP Instance
    /// (PS3.5 8.2) that the sender never sent, and its commitment request would then fail.
    Result<std::unique_ptr<storage::IncomingObject>> transcoded_copy()
    {
        constexpr uint64_t largest_transcoded = uint64_t(1) << 30;
        if (m_object->position() > largest_transcoded)
            return nullptr;
        auto file = read_part10_file(m_object->temporary_path());
        if (!file)
            return nullptr;
        TranscodeOptions options;
        options.target = m_archive.m_transcode_to;
        options.threads = 1;  // one association, one core: others run beside it
        auto result = transcode(*file, m_archive.m_codecs, options);
        if (!result || result->lossy)
            return nullptr;
        ROENTGEN_TRY(auto copy, m_archive.m_objects.create_incoming());
        WriteOptions write;
        write.transfer_syntax = m_archive.m_transcode_to;
        write.meta_policy = MetaPolicy::Preserve;  // Source AE Title and the rest of the meta stay
        ROENTGEN_TRY(write_part10(*file, *copy, write));
        return copy;
    }

    std::unique_ptr<storage::IncomingObject> m_object;
    services::StoreRequest m_request;
    ArchiveStorage& m_archive;
};

Result<std::unique_ptr<services::InstanceWriter>> ArchiveStorage::open(const services::AssociationInfo& association,
                                                                       const services::StoreRequest& request)
{
    const auto* syntax = find_transfer_syntax(request.transfer_syntax_uid);
    if (!syntax)
        return make_error(Errc::Unsupported, fmt::format("unknown transfer syntax {}", request.transfer_syntax_uid));
    ROENTGEN_TRY(auto object, m_objects.create_incoming());
    const Part10File header = services::received_file_meta(association, request);
    ROENTGEN_TRY(write_part10_header(header, *syntax, *object));
    return std::unique_ptr<services::InstanceWriter>(
        std::make_unique<ArchiveInstanceWriter>(std::move(object), request, *this));
}

}  // namespace roentgen::server
