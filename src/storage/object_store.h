// storage/object_store.h — ObjectStore: stored objects as files under a data directory, written durably and atomically.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/byte_sink.h"
#include "base/file_io.h"
#include "base/result.h"

namespace roentgen::storage {

class ObjectStore;

/// An object being received: a temporary file in <root>/.incoming that no reader sees, removed
/// when destroyed unless it was stored.
class IncomingObject final : public ByteSink {
public:
    ~IncomingObject() override;
    IncomingObject(const IncomingObject&) = delete;
    IncomingObject& operator=(const IncomingObject&) = delete;

    Result<void> write(std::span<const uint8_t> bytes) override;
    uint64_t position() const override { return m_position; }
    /// Flushes what is buffered, so that the file can be read (temporary_path()) to decide where
    /// it goes. The bytes reach the disk in ObjectStore::store().
    [[nodiscard]] Result<void> finish();
    const std::string& temporary_path() const { return m_path; }

private:
    friend class ObjectStore;
    IncomingObject(int fd, std::string path, Durability durability) : m_fd(fd), m_path(std::move(path)), m_durability(durability) {}
    [[nodiscard]] Result<void> flush();
    /// fdatasync (unless NoFsync) and close.
    [[nodiscard]] Result<void> sync_and_close();

    int m_fd = -1;
    std::string m_path;
    Durability m_durability;
    std::vector<uint8_t> m_buffer;
    uint64_t m_position = 0;
    bool m_stored = false;
};

/// Files named by storage keys (`<Study UID>/<Series UID>/<SOP Instance UID>.dcm`, see key_for())
/// under a root directory that several server processes may share (a network filesystem among
/// them). An object is stored by renaming its finished temporary file into place, after which
/// the rename itself and any directory created for it are fsync'ed: once store() returns, a
/// crash or power loss keeps the object whole (or, with NoFsync, only a process crash does).
class ObjectStore {
public:
    /// Creates `root` and `root/.incoming` when absent. Temporary files older than an hour are
    /// removed (left by a crash; younger ones may belong to another process receiving now).
    [[nodiscard]] static Result<std::unique_ptr<ObjectStore>> open(std::string root, Durability durability);

    const std::string& root() const { return m_root; }
    Durability durability() const { return m_durability; }

    [[nodiscard]] Result<std::unique_ptr<IncomingObject>> create_incoming();
    /// Moves a finished object to `key`, replacing the file there if any.
    [[nodiscard]] Result<void> store(IncomingObject& object, std::string_view key);
    /// Removes the object and the directories its removal leaves empty; absent is not an error.
    [[nodiscard]] Result<void> remove(std::string_view key);
    /// The file of a key. Keys are relative paths of UID-like names; anything else (absolute,
    /// "..", empty components) is refused by store() and remove(), and gives "" here.
    std::string path_of(std::string_view key) const;
    bool contains(std::string_view key) const;

    /// `<study>/<series>/<sop>.dcm`; a component that is not a valid UID (PS3.5 9.1: digits and
    /// dots, at most 64) is replaced by "x" and 16 hex digits of its FNV-1a hash, so a peer's
    /// value never becomes a path.
    static std::string key_for(std::string_view study_uid, std::string_view series_uid, std::string_view sop_instance_uid);

private:
    ObjectStore(std::string root, Durability durability) : m_root(std::move(root)), m_durability(durability) {}
    [[nodiscard]] Result<void> make_directories(std::string_view key);

    std::string m_root;
    Durability m_durability;
};

/// Whether `key` is a relative path of non-empty components without "." or "..".
bool is_valid_storage_key(std::string_view key);

}  // namespace roentgen::storage
