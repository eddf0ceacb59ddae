// storage/object_store.cpp — temporary files, directory creation with fsync, rename into place, removal.
#include "storage/object_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace roentgen::storage {

namespace {

constexpr size_t buffer_size = 1 << 20;
constexpr std::string_view incoming_folder = ".incoming";

std::unexpected<Error> system_error(std::string_view what, std::string_view path)
{
    return make_error(Errc::Io, fmt::format("{}: {} failed: {}", path, what, std::strerror(errno)));
}

Result<void> sync_directory(const std::string& folder)
{
    const int directory = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (directory < 0)
        return system_error("open to sync", folder);
    const int synced = ::fsync(directory);
    ::close(directory);
    if (synced != 0)
        return system_error("fsync", folder);
    return {};
}

std::string parent_of(const std::string& path)
{
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

bool is_uid(std::string_view text)
{
    return !text.empty() && text.size() <= 64 && text.front() != '.' && text.back() != '.' &&
           std::ranges::all_of(text, [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

std::string file_component(std::string_view text)
{
    if (is_uid(text))
        return std::string(text);
    uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a, 64 bits
    for (char c : text) {
        hash ^= uint8_t(c);
        hash *= 0x100000001b3ULL;
    }
    return fmt::format("x{:016x}", hash);
}

void remove_stale_incoming(const std::string& folder)
{
    std::error_code error;
    const auto now = std::filesystem::file_time_type::clock::now();
    for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
        std::error_code ignored;
        const auto written = entry.last_write_time(ignored);
        if (!ignored && now - written > std::chrono::hours(1))
            std::filesystem::remove(entry.path(), ignored);
    }
}

}  // namespace

bool is_valid_storage_key(std::string_view key)
{
    if (key.empty() || key.front() == '/')
        return false;
    size_t start = 0;
    while (start <= key.size()) {
        const size_t end = std::min(key.find('/', start), key.size());
        const std::string_view part = key.substr(start, end - start);
        if (part.empty() || part == "." || part == ".." || part.find('\0') != std::string_view::npos)
            return false;
        start = end + 1;
    }
    return true;
}

IncomingObject::~IncomingObject()
{
    if (m_fd >= 0)
        ::close(m_fd);
    if (!m_stored)
        ::unlink(m_path.c_str());
}

Result<void> IncomingObject::flush()
{
    const uint8_t* p = m_buffer.data();
    size_t left = m_buffer.size();
    while (left > 0) {
        const ssize_t n = ::write(m_fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return system_error("write", m_path);
        }
        p += n;
        left -= size_t(n);
    }
    m_buffer.clear();
    return {};
}

Result<void> IncomingObject::write(std::span<const uint8_t> bytes)
{
    if (m_fd < 0)
        return make_error(Errc::InvalidArgument, m_path + ": written to after it was stored");
    m_position += bytes.size();
    if (m_buffer.size() + bytes.size() > buffer_size) {
        ROENTGEN_TRY(flush());
        if (bytes.size() >= buffer_size) {  // large PDVs go straight through
            m_buffer.assign(bytes.begin(), bytes.end());
            return flush();
        }
    }
    m_buffer.insert(m_buffer.end(), bytes.begin(), bytes.end());
    return {};
}

Result<void> IncomingObject::finish()
{
    if (m_fd < 0)
        return {};
    return flush();
}

Result<void> IncomingObject::sync_and_close()
{
    if (m_fd < 0)
        return {};
    ROENTGEN_TRY(flush());
    const int synced = m_durability == Durability::Fsync ? ::fdatasync(m_fd) : 0;
    ::close(m_fd);
    m_fd = -1;
    if (synced != 0)
        return system_error("fsync", m_path);
    return {};
}

Result<std::unique_ptr<ObjectStore>> ObjectStore::open(std::string root, Durability durability)
{
    std::error_code error;
    const std::string incoming = root + "/" + std::string(incoming_folder);
    std::filesystem::create_directories(incoming, error);
    if (error)
        return make_error(Errc::Io, fmt::format("{}: cannot create: {}", incoming, error.message()));
    remove_stale_incoming(incoming);
    return std::unique_ptr<ObjectStore>(new ObjectStore(std::move(root), durability));
}

Result<std::unique_ptr<IncomingObject>> ObjectStore::create_incoming()
{
    std::string path = m_root + "/" + std::string(incoming_folder) + "/object-XXXXXX";
    const int fd = ::mkostemp(path.data(), O_CLOEXEC);
    if (fd < 0)
        return system_error("create temporary file", path);
    static const mode_t mask = [] {
        const mode_t current = ::umask(0);
        ::umask(current);
        return current;
    }();
    ::fchmod(fd, 0666 & ~mask);
    return std::unique_ptr<IncomingObject>(new IncomingObject(fd, std::move(path), m_durability));
}

std::string ObjectStore::path_of(std::string_view key) const
{
    if (!is_valid_storage_key(key))
        return {};
    return m_root + "/" + std::string(key);
}

bool ObjectStore::contains(std::string_view key) const
{
    const std::string path = path_of(key);
    struct stat status {};
    return !path.empty() && ::stat(path.c_str(), &status) == 0 && S_ISREG(status.st_mode);
}

Result<void> ObjectStore::make_directories(std::string_view key)
{
    std::string folder = m_root;
    size_t start = 0;
    for (size_t slash = key.find('/'); slash != std::string_view::npos; slash = key.find('/', start)) {
        const std::string parent = folder;
        folder += "/" + std::string(key.substr(start, slash - start));
        start = slash + 1;
        if (::mkdir(folder.c_str(), 0777) == 0) {
            // A concurrent remove() may take the new folder and its parent away before the sync:
            // then there is nothing to sync, and the rename in store() fails and makes them again.
            if (m_durability == Durability::Fsync && ::access(parent.c_str(), F_OK) == 0)
                if (auto synced = sync_directory(parent); !synced && ::access(parent.c_str(), F_OK) == 0)
                    return synced;
        } else if (errno != EEXIST && errno != ENOENT) {  // ENOENT: a concurrent remove(); the rename retries
            return system_error("mkdir", folder);
        }
    }
    return {};
}

Result<void> ObjectStore::store(IncomingObject& object, std::string_view key)
{
    if (!is_valid_storage_key(key))
        return make_error(Errc::InvalidArgument, fmt::format("storage key \"{}\" is not a relative path", key));
    ROENTGEN_TRY(object.finish());
    const std::string path = path_of(key);
    // A new key is renamed first and synced after: the file's data, its allocation and the rename
    // then reach the disk in one journal commit on ext4 (sync before rename costs two), and a crash
    // before the syncs leaves at worst a short file at a key nobody was told about. A key that
    // exists is replaced only by data already on disk, so that a crash never trades a whole file
    // for a short one.
    struct stat existing {};
    if (::stat(path.c_str(), &existing) == 0)
        ROENTGEN_TRY(object.sync_and_close());
    // A concurrent remove() may delete the directories between mkdir and rename: make them again.
    for (int attempt = 0;; ++attempt) {
        ROENTGEN_TRY(make_directories(key));
        if (::rename(object.m_path.c_str(), path.c_str()) == 0)
            break;
        if (errno != ENOENT || attempt == 64)
            return system_error("rename into place", path);
    }
    object.m_stored = true;
    object.m_path = path;
    ROENTGEN_TRY(object.sync_and_close());
    if (m_durability == Durability::Fsync)
        ROENTGEN_TRY(sync_directory(parent_of(path)));
    return {};
}

Result<void> ObjectStore::remove(std::string_view key)
{
    if (!is_valid_storage_key(key))
        return make_error(Errc::InvalidArgument, fmt::format("storage key \"{}\" is not a relative path", key));
    std::string path = path_of(key);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
        return system_error("unlink", path);
    // Empty folders up to the root go too; one that is not empty (or is being filled) stays.
    for (std::string folder = parent_of(path); folder.size() > m_root.size(); folder = parent_of(folder))
        if (::rmdir(folder.c_str()) != 0)
            break;
    if (m_durability == Durability::Fsync)
        (void)sync_directory(parent_of(path));
    return {};
}

std::string ObjectStore::key_for(std::string_view study_uid, std::string_view series_uid,
                                 std::string_view sop_instance_uid)
{
    return file_component(study_uid) + "/" + file_component(series_uid) + "/" + file_component(sop_instance_uid) +
           ".dcm";
}

}  // namespace roentgen::storage
