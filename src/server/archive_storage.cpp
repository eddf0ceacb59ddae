// server/archive_storage.cpp — receive into a temporary file, read its header, apply the duplicate policy, store, index.
#include "server/archive_storage.h"

#include <sys/stat.h>

#include <fmt/format.h>

#include "dict/generated/tags.h"
#include "encoding/part10_file.h"
#include "model/element_values.h"
#include "net/dimse/status.h"

namespace roentgen::server {

namespace {

void set_text(DataSet& meta, Tag tag, VR vr, std::string_view text)
{
    std::string value(text);
    if (value.size() % 2)
        value.push_back(vr == VR::UI ? '\0' : ' ');
    meta.set(Element(tag, vr, value));
}

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
        ROENTGEN_TRY(m_archive.m_objects.store(*m_object, key));
        struct stat status {};
        const std::string path = m_archive.m_objects.path_of(key);
        const uint64_t size = ::stat(path.c_str(), &status) == 0 ? uint64_t(status.st_size) : m_object->position();
        ROENTGEN_TRY(auto added, m_archive.m_catalog.add_instance(
                                     index::CatalogInstance{key, size, m_request.transfer_syntax_uid, attributes}));
        if (added.outcome == index::AddOutcome::Replaced && !added.replaced_storage_key.empty() &&
            added.replaced_storage_key != key)
            (void)m_archive.m_objects.remove(added.replaced_storage_key);
        ++m_archive.m_stored;
        return net::status::Success;
    }

private:
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
    Part10File header;
    set_text(header.meta, tags::MediaStorageSOPClassUID, VR::UI, request.sop_class_uid);
    set_text(header.meta, tags::MediaStorageSOPInstanceUID, VR::UI, request.sop_instance_uid);
    set_text(header.meta, tags::SourceApplicationEntityTitle, VR::AE, association.calling_ae_title);
    ROENTGEN_TRY(write_part10_header(header, *syntax, *object));
    return std::unique_ptr<services::InstanceWriter>(
        std::make_unique<ArchiveInstanceWriter>(std::move(object), request, *this));
}

}  // namespace roentgen::server
