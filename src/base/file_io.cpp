// base/file_io.cpp — temp-file + fsync + rename writes, and plain whole-file reads.
#include "base/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace roentgen {

Result<AtomicFileWriter> AtomicFileWriter::create(const std::string& path)
{
    struct stat existing;
    if (::stat(path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode) && !S_ISDIR(existing.st_mode)) {
        // A device, FIFO or socket (/dev/null, /dev/stdout, a pipe) is written as it is: renaming a
        // temporary file over it would replace the device node itself.
        int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd < 0)
            return make_error(Errc::Io, path + ": cannot open for writing: " + std::strerror(errno));
        return AtomicFileWriter(path, std::string(), fd);
    }
    std::string temp = path + ".tmp-XXXXXX";
    int fd = ::mkstemp(temp.data());
    if (fd < 0)
        return make_error(Errc::Io, path + ": cannot create temporary file: " + std::strerror(errno));
    return AtomicFileWriter(path, temp, fd);
}

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&& other) noexcept
    : m_path(std::move(other.m_path)), m_temp_path(std::move(other.m_temp_path)), m_fd(other.m_fd)
{
    other.m_fd = -1;
    other.m_temp_path.clear();
}

AtomicFileWriter::~AtomicFileWriter()
{
    if (m_fd >= 0)
        ::close(m_fd);
    if (!m_temp_path.empty())
        ::unlink(m_temp_path.c_str());
}

Result<void> AtomicFileWriter::write(std::span<const uint8_t> bytes)
{
    const uint8_t* p = bytes.data();
    size_t left = bytes.size();
    while (left > 0) {
        ssize_t n = ::write(m_fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return make_error(Errc::Io, m_path + ": write failed: " + std::strerror(errno));
        }
        p += n;
        left -= static_cast<size_t>(n);
    }
    return {};
}

Result<void> AtomicFileWriter::commit(Durability durability)
{
    if (m_temp_path.empty()) {  // a device or FIFO, written in place (create())
        const int closed = ::close(m_fd);
        m_fd = -1;
        if (closed != 0)
            return make_error(Errc::Io, m_path + ": close failed: " + std::strerror(errno));
        return {};
    }
    // Keep the mode a plain file would get rather than mkstemp's 0600.
    // umask() can only be read by setting it: do that once, not on every commit, since commits run
    // on several threads at once (a C-STORE SCP) and another thread could see the mask as 0.
    static const mode_t mask = [] {
        const mode_t current = ::umask(0);
        ::umask(current);
        return current;
    }();
    ::fchmod(m_fd, 0666 & ~mask);
    if (durability == Durability::Fsync && ::fsync(m_fd) != 0)
        return make_error(Errc::Io, m_path + ": fsync failed: " + std::strerror(errno));
    ::close(m_fd);
    m_fd = -1;
    if (::rename(m_temp_path.c_str(), m_path.c_str()) != 0)
        return make_error(Errc::Io, m_path + ": rename failed: " + std::strerror(errno));
    m_temp_path.clear();
    if (durability == Durability::Fsync) {
        // The rename lives in the directory: without syncing it a crash can still lose the file.
        const auto slash = m_path.rfind('/');
        const std::string folder = slash == std::string::npos ? "." : slash == 0 ? "/" : m_path.substr(0, slash);
        const int directory = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (directory < 0)
            return make_error(Errc::Io, folder + ": cannot open to sync: " + std::strerror(errno));
        const int synced = ::fsync(directory);
        ::close(directory);
        if (synced != 0)
            return make_error(Errc::Io, folder + ": fsync failed: " + std::strerror(errno));
    }
    return {};
}

Result<void> write_file_atomically(const std::string& path, std::span<const uint8_t> bytes)
{
    ROENTGEN_TRY(auto writer, AtomicFileWriter::create(path));
    ROENTGEN_TRY(writer.write(bytes));
    return writer.commit();
}

Result<std::vector<uint8_t>> read_whole_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return make_error(Errc::NotFound, path + ": cannot open: " + std::strerror(errno));
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return bytes;
}

}  // namespace roentgen
