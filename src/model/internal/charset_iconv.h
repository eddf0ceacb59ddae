// model/internal/charset_iconv.h — glibc iconv behind a per-thread cache of conversion descriptors.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace roentgen::charset_detail {

/// Bytes in `charset` (an iconv name such as "GB18030") to UTF-8. Bytes iconv rejects become U+FFFD
/// one at a time; if iconv cannot open the charset at all, every non-ASCII byte becomes U+FFFD.
std::string iconv_to_utf8(const char* charset, std::string_view bytes);
/// Well-formed UTF-8 to `charset`. A character the charset lacks is an error naming it and its
/// offset; `set_name` is the DICOM name used in messages.
[[nodiscard]] Result<std::string> iconv_from_utf8(const char* charset, std::string_view utf8,
                                                  std::string_view set_name);
/// The one code point `bytes` stand for in `charset`, for building tables; nothing if iconv rejects
/// them or yields more or fewer than one character.
std::optional<char32_t> iconv_code_point(const char* charset, std::string_view bytes);
/// Every code point of `bytes` in `charset`, for building tables a row at a time; nothing if iconv
/// rejects any of them.
std::optional<std::u32string> iconv_code_points(const char* charset, std::string_view bytes);

} // namespace roentgen::charset_detail
