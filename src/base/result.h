// base/result.h — the project-wide error type and Result<T> (std::expected), with ROENTGEN_TRY.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <utility>

namespace roentgen {

/// One project-wide error code; mapping to exit codes, DIMSE or HTTP statuses happens at the edges.
enum class Errc {
    InvalidArgument,  ///< A caller passed something malformed (a key, an option, a value).
    NotFound,         ///< A file, tag, keyword or item that was asked for is absent.
    Io,               ///< The operating system refused a read, write, map or rename.
    Malformed,        ///< Input bytes break the standard in a way that cannot be read past.
    Truncated,        ///< Input ended before a structure it announced was complete.
    Unsupported,      ///< Valid input that Roentgen does not handle (yet).
    LimitExceeded,    ///< A length or count past a configured or sane limit.
    Timeout,          ///< A peer or operation did not answer within its deadline.
    Closed,           ///< The peer closed or aborted the connection or association.
    Refused,          ///< A peer refused a request (association rejected, failure status).
};

/// What went wrong and where: the message names the file, byte offset and tag where they are known.
struct Error {
    Errc code = Errc::Malformed;
    std::string message;
};

template <typename T>
using Result = std::expected<T, Error>;

/// Builds an unexpected Error for `return make_error(...)`.
inline std::unexpected<Error> make_error(Errc code, std::string message)
{
    return std::unexpected<Error>(Error{code, std::move(message)});
}

/// Prefixes context while propagating: `return add_context(std::move(r).error(), "reading meta")`.
inline std::unexpected<Error> add_context(Error error, std::string_view context)
{
    error.message = std::string(context) + ": " + error.message;
    return std::unexpected<Error>(std::move(error));
}

}  // namespace roentgen

#define ROENTGEN_CONCAT_INNER(a, b) a##b
#define ROENTGEN_CONCAT(a, b) ROENTGEN_CONCAT_INNER(a, b)

#define ROENTGEN_TRY_1(expression)                                                     \
    do {                                                                               \
        auto&& roentgen_try_result = (expression);                                     \
        if (!roentgen_try_result)                                                      \
            return std::unexpected<::roentgen::Error>(std::move(roentgen_try_result).error()); \
    } while (false)

#define ROENTGEN_TRY_2(declaration, expression)                                        \
    auto&& ROENTGEN_CONCAT(roentgen_try_, __LINE__) = (expression);                    \
    if (!ROENTGEN_CONCAT(roentgen_try_, __LINE__))                                     \
        return std::unexpected<::roentgen::Error>(                                     \
            std::move(ROENTGEN_CONCAT(roentgen_try_, __LINE__)).error());              \
    declaration = std::move(*ROENTGEN_CONCAT(roentgen_try_, __LINE__))

#define ROENTGEN_TRY_SELECT(_1, _2, name, ...) name
/// `ROENTGEN_TRY(expr);` returns the error of a failed Result; `ROENTGEN_TRY(auto x, expr);` also
/// binds the value of a successful one.
#define ROENTGEN_TRY(...) ROENTGEN_TRY_SELECT(__VA_ARGS__, ROENTGEN_TRY_2, ROENTGEN_TRY_1, unused)(__VA_ARGS__)
