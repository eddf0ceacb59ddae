// cli/folder_storage.cpp — file names from UIDs, the meta group, atomic durable writes.
#include "cli/folder_storage.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "dict/generated/tags.h"
#include "encoding/part10_file.h"
#include "model/uid_generator.h"
#include "services/received_file_meta.h"

namespace roentgen::cli {

class FolderInstanceWriter final : public services::InstanceWriter {
public:
    FolderInstanceWriter(AtomicFileSink sink, std::string path, FolderStorage& storage)
        : m_sink(std::move(sink)), m_path(std::move(path)), m_storage(storage)
    {
    }
    Result<void> write(std::span<const uint8_t> bytes) override { return m_sink.write(bytes); }
    uint64_t position() const override { return m_sink.position(); }
    Result<uint16_t> commit() override
    {
        if (auto committed = m_sink.commit(m_storage.m_durability); !committed)
            return add_context(std::move(committed).error(), m_path);
        ++m_storage.m_stored;
        if (m_storage.m_on_stored)
            m_storage.m_on_stored(m_path);
        return uint16_t(0x0000);
    }

private:
    AtomicFileSink m_sink;
    std::string m_path;
    FolderStorage& m_storage;
};

namespace {

// A UID names the file only when it is one (PS3.5 9.1: digits and dots): never a path from the peer.
bool is_uid(std::string_view text)
{
    return !text.empty() && text.size() <= 64 &&
           std::ranges::all_of(text, [](char c) { return (c >= '0' && c <= '9') || c == '.'; }) && text.front() != '.';
}

}  // namespace

Result<std::unique_ptr<services::InstanceWriter>> FolderStorage::open(const services::AssociationInfo& association,
                                                                      const services::StoreRequest& request)
{
    const auto* syntax = find_transfer_syntax(request.transfer_syntax_uid);
    if (!syntax)
        return make_error(Errc::Unsupported, fmt::format("unknown transfer syntax {}", request.transfer_syntax_uid));
    const std::string name = is_uid(request.sop_instance_uid) ? request.sop_instance_uid : generate_uid();
    const std::string path = (std::filesystem::path(m_folder) / (name + ".dcm")).string();
    const Part10File header = services::received_file_meta(association, request);
    ROENTGEN_TRY(auto writer, AtomicFileWriter::create(path));
    AtomicFileSink sink(std::move(writer));
    ROENTGEN_TRY(write_part10_header(header, *syntax, sink));
    return std::unique_ptr<services::InstanceWriter>(std::make_unique<FolderInstanceWriter>(std::move(sink), path, *this));
}

}  // namespace roentgen::cli
