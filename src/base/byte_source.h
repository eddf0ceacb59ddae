// base/byte_source.h — read-only byte sources (memory, memory-mapped file) that bulk data refers to.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"

namespace roentgen {

/// Random-access bytes that values too large to copy keep referring to (PS3.10 files, temp files).
/// Shared by every BulkData cut from it, hence the one approved shared_ptr (DESIGN.md 4).
class ByteSource {
public:
    virtual ~ByteSource() = default;
    virtual uint64_t size() const = 0;
    /// All bytes at once when the source is in memory or mapped; empty when it must be read.
    virtual std::span<const uint8_t> contiguous() const = 0;
    /// Copies `out.size()` bytes from `offset`; fails when the range passes the end.
    [[nodiscard]] virtual Result<void> read(uint64_t offset, std::span<uint8_t> out) const;
    /// What errors call this source: a file path, or "memory".
    virtual const std::string& name() const = 0;
};

/// Bytes owned in memory.
class MemorySource final : public ByteSource {
public:
    explicit MemorySource(std::vector<uint8_t> bytes, std::string name = "memory")
        : m_bytes(std::move(bytes)), m_name(std::move(name)) {}
    uint64_t size() const override { return m_bytes.size(); }
    std::span<const uint8_t> contiguous() const override { return m_bytes; }
    const std::string& name() const override { return m_name; }

private:
    std::vector<uint8_t> m_bytes;
    std::string m_name;
};

/// The first bytes of a file read into memory: for readers that usually need only a file's
/// beginning (a header), mapping and unmapping the whole file costs several times more.
/// size() is the number of bytes read.
class FileHead final : public ByteSource {
public:
    /// Reads min(max_bytes, file size) bytes with open, pread and close (no stat: a read that comes
    /// up short is the end of the file). Fails on what cannot be read, e.g. a directory.
    [[nodiscard]] static Result<std::shared_ptr<const FileHead>> read(const std::string& path, size_t max_bytes);
    uint64_t size() const override { return m_size; }
    std::span<const uint8_t> contiguous() const override { return {m_bytes.get(), m_size}; }
    const std::string& name() const override { return m_path; }
    /// True when the file has no bytes past these.
    bool is_whole_file() const { return m_whole; }

private:
    FileHead(std::string path, std::unique_ptr<uint8_t[]> bytes, size_t size, bool whole)
        : m_path(std::move(path)), m_bytes(std::move(bytes)), m_size(size), m_whole(whole) {}
    std::string m_path;
    std::unique_ptr<uint8_t[]> m_bytes;  // not zeroed first: only the bytes read are used
    size_t m_size;
    bool m_whole;
};

/// A whole file mapped read-only; pages are loaded by the kernel only when touched, so reading the
/// header of a 2 GB file costs a few MB of resident memory.
class MappedFile final : public ByteSource {
public:
    [[nodiscard]] static Result<std::shared_ptr<const MappedFile>> open(const std::string& path);
    ~MappedFile() override;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    uint64_t size() const override { return m_size; }
    std::span<const uint8_t> contiguous() const override { return {m_data, static_cast<size_t>(m_size)}; }
    const std::string& name() const override { return m_path; }
    /// Tells the kernel the mapped pages in [offset, offset+length) may be dropped from memory.
    void release_pages(uint64_t offset, uint64_t length) const;

private:
    MappedFile(std::string path, const uint8_t* data, uint64_t size)
        : m_path(std::move(path)), m_data(data), m_size(size) {}
    std::string m_path;
    const uint8_t* m_data;
    uint64_t m_size;
};

}  // namespace roentgen
