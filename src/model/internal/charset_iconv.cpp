// model/internal/charset_iconv.cpp — glibc iconv behind a per-thread cache of conversion descriptors.
#include "model/internal/charset_iconv.h"

#include <iconv.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "model/internal/charset_utf8.h"

namespace roentgen::charset_detail {
namespace {

const iconv_t invalid_descriptor = reinterpret_cast<iconv_t>(-1);

// iconv_open loads a gconv module and builds state: far too slow per value. A descriptor is not
// safe to share between threads, so each thread keeps its own, opened on first use and closed
// when the thread ends. A failed open is remembered too.
class DescriptorCache {
public:
    DescriptorCache() = default;
    DescriptorCache(const DescriptorCache&) = delete;
    DescriptorCache& operator=(const DescriptorCache&) = delete;
    ~DescriptorCache()
    {
        for (auto& entry : m_entries)
            if (entry.descriptor != invalid_descriptor)
                iconv_close(entry.descriptor);
    }

    // A descriptor in its initial shift state, or invalid_descriptor.
    iconv_t get(const char* to, const char* from)
    {
        for (auto& entry : m_entries) {
            if (entry.to == to && entry.from == from) {
                if (entry.descriptor != invalid_descriptor)
                    iconv(entry.descriptor, nullptr, nullptr, nullptr, nullptr);
                return entry.descriptor;
            }
        }
        m_entries.push_back({to, from, iconv_open(to, from)});
        return m_entries.back().descriptor;
    }

private:
    struct Entry {
        std::string to;
        std::string from;
        iconv_t descriptor;
    };
    std::vector<Entry> m_entries;
};

DescriptorCache& descriptors()
{
    thread_local DescriptorCache cache;
    return cache;
}

enum class Outcome { Done, Rejected };

// Converts as much of `in` as iconv accepts, appending to `out`; stops at the first byte sequence
// iconv rejects (EILSEQ, or EINVAL for a truncated one), leaving `in` pointing at it.
Outcome convert(iconv_t cd, std::string_view& in, std::string& out)
{
    char chunk[1024];
    while (!in.empty()) {
        char* source = const_cast<char*>(in.data());
        std::size_t source_left = in.size();
        char* target = chunk;
        std::size_t target_left = sizeof chunk;
        const std::size_t result = iconv(cd, &source, &source_left, &target, &target_left);
        const int error = errno;
        out.append(chunk, static_cast<std::size_t>(target - chunk));
        in.remove_prefix(in.size() - source_left);
        if (result == static_cast<std::size_t>(-1) && error != E2BIG)
            return Outcome::Rejected;
    }
    char* target = chunk;
    std::size_t target_left = sizeof chunk;
    iconv(cd, nullptr, nullptr, &target, &target_left);
    out.append(chunk, static_cast<std::size_t>(target - chunk));
    return Outcome::Done;
}

} // namespace

std::string iconv_to_utf8(const char* charset, std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 2);
    iconv_t cd = descriptors().get("UTF-8", charset);
    if (cd == invalid_descriptor) {
        for (char c : bytes)
            append_utf8(out, static_cast<unsigned char>(c) < 0x80 ? static_cast<char32_t>(c) : replacement_character);
        return out;
    }
    while (convert(cd, bytes, out) == Outcome::Rejected) {
        append_utf8(out, replacement_character);
        bytes.remove_prefix(1);
        iconv(cd, nullptr, nullptr, nullptr, nullptr);
    }
    return out;
}

Result<std::string> iconv_from_utf8(const char* charset, std::string_view utf8, std::string_view set_name)
{
    iconv_t cd = descriptors().get(charset, "UTF-8");
    if (cd == invalid_descriptor)
        return make_error(Errc::Unsupported,
                          "encoding to " + std::string(set_name) + ": the C library cannot convert to " + charset);
    std::string out;
    out.reserve(utf8.size());
    const std::string_view whole = utf8;
    if (convert(cd, utf8, out) == Outcome::Rejected) {
        const std::size_t offset = whole.size() - utf8.size();
        return make_error(Errc::InvalidArgument, describe_code_point(read_utf8(whole, offset).code_point) +
                                                     " at offset " + std::to_string(offset) + " is not in " +
                                                     std::string(set_name));
    }
    return out;
}

std::optional<char32_t> iconv_code_point(const char* charset, std::string_view bytes)
{
    iconv_t cd = descriptors().get("UTF-8", charset);
    if (cd == invalid_descriptor)
        return std::nullopt;
    std::string out;
    if (convert(cd, bytes, out) == Outcome::Rejected || out.empty())
        return std::nullopt;
    auto c = read_utf8(out, 0);
    if (!c.valid || c.length != out.size())
        return std::nullopt;
    return c.code_point;
}

std::optional<std::u32string> iconv_code_points(const char* charset, std::string_view bytes)
{
    iconv_t cd = descriptors().get("UTF-8", charset);
    if (cd == invalid_descriptor)
        return std::nullopt;
    std::string out;
    if (convert(cd, bytes, out) == Outcome::Rejected)
        return std::nullopt;
    std::u32string code_points;
    for (size_t at = 0; at < out.size();) {
        auto c = read_utf8(out, at);
        if (!c.valid)
            return std::nullopt;
        code_points.push_back(c.code_point);
        at += c.length;
    }
    return code_points;
}

} // namespace roentgen::charset_detail
