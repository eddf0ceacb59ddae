// base/file_io.h — whole-file reads and durable, atomic file replacement.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"

namespace roentgen {

/// Writes `path` by writing a temporary file beside it, fsync'ing it and renaming it over `path`,
/// so a reader never sees a half-written file and a crash leaves the old one. A `path` that is a
/// device, FIFO or socket (/dev/null, /dev/stdout) is written directly instead.
/// Whether a commit waits for the bytes to reach the disk (fsync) before the rename.
enum class Durability {
    Fsync,   ///< Survives a crash or power loss once commit() returns.
    NoFsync, ///< Faster; the file may be lost or empty after a crash (as storescp writes).
};

class AtomicFileWriter {
public:
    [[nodiscard]] static Result<AtomicFileWriter> create(const std::string& path);
    AtomicFileWriter(AtomicFileWriter&& other) noexcept;
    AtomicFileWriter& operator=(AtomicFileWriter&&) = delete;
    ~AtomicFileWriter();  ///< Removes the temporary file unless commit() succeeded.
    [[nodiscard]] Result<void> write(std::span<const uint8_t> bytes);
    /// fsync (unless NoFsync) + rename; the writer is spent afterwards.
    [[nodiscard]] Result<void> commit(Durability durability = Durability::Fsync);

private:
    AtomicFileWriter(std::string path, std::string temp_path, int fd)
        : m_path(std::move(path)), m_temp_path(std::move(temp_path)), m_fd(fd) {}
    std::string m_path;
    std::string m_temp_path;
    int m_fd = -1;
};

[[nodiscard]] Result<void> write_file_atomically(const std::string& path, std::span<const uint8_t> bytes);
[[nodiscard]] Result<std::vector<uint8_t>> read_whole_file(const std::string& path);

}  // namespace roentgen
