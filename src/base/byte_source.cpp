// base/byte_source.cpp — memory-mapped files and the generic ranged read.
#include "base/byte_source.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace roentgen {

Result<void> ByteSource::read(uint64_t offset, std::span<uint8_t> out) const
{
    auto all = contiguous();
    if (offset > all.size() || out.size() > all.size() - offset)
        return make_error(Errc::Truncated, name() + ": read of " + std::to_string(out.size()) +
                                               " bytes at offset " + std::to_string(offset) +
                                               " passes the end (" + std::to_string(all.size()) + " bytes)");
    if (!out.empty())
        std::memcpy(out.data(), all.data() + offset, out.size());
    return {};
}

Result<std::shared_ptr<const FileHead>> FileHead::read(const std::string& path, size_t max_bytes)
{
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return make_error(errno == ENOENT ? Errc::NotFound : Errc::Io, path + ": cannot open: " + std::strerror(errno));
    // One byte more than wanted tells whether the file goes on, without a stat.
    auto bytes = std::make_unique_for_overwrite<uint8_t[]>(max_bytes + 1);
    size_t done = 0;
    while (done <= max_bytes) {
        ssize_t n = ::pread(fd, bytes.get() + done, max_bytes + 1 - done, static_cast<off_t>(done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            ::close(fd);
            return make_error(Errc::Io, path + ": cannot read: " + std::strerror(e));
        }
        if (n == 0)
            break;
        done += static_cast<size_t>(n);
    }
    ::close(fd);
    bool whole = done <= max_bytes;
    return std::shared_ptr<const FileHead>(new FileHead(path, std::move(bytes), std::min(done, max_bytes), whole));
}

Result<std::shared_ptr<const MappedFile>> MappedFile::open(const std::string& path)
{
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return make_error(errno == ENOENT ? Errc::NotFound : Errc::Io,
                          path + ": cannot open: " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        int e = errno;
        ::close(fd);
        return make_error(Errc::Io, path + ": cannot stat: " + std::strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        return make_error(Errc::InvalidArgument, path + ": is a directory");
    }
    uint64_t size = static_cast<uint64_t>(st.st_size);
    const uint8_t* data = nullptr;
    static const uint8_t empty = 0;
    if (size == 0) {
        data = &empty;
    } else {
        void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            int e = errno;
            ::close(fd);
            return make_error(Errc::Io, path + ": cannot map: " + std::strerror(e));
        }
        data = static_cast<const uint8_t*>(p);
    }
    ::close(fd);
    return std::shared_ptr<const MappedFile>(new MappedFile(path, data, size));
}

MappedFile::~MappedFile()
{
    if (m_size)
        ::munmap(const_cast<uint8_t*>(m_data), m_size);
}

void MappedFile::release_pages(uint64_t offset, uint64_t length) const
{
    long page = ::sysconf(_SC_PAGESIZE);
    uint64_t start = (offset + page - 1) / page * page;
    uint64_t end = std::min(offset + length, m_size) / page * page;
    if (end > start)
        ::madvise(const_cast<uint8_t*>(m_data) + start, end - start, MADV_DONTNEED);
}

}  // namespace roentgen
