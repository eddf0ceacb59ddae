// server/internal/config_values.cpp — TOML values to typed settings.
#include "server/internal/config_values.h"

#include <fmt/format.h>

namespace roentgen::server::internal {

namespace {

std::unexpected<Error> expected(std::string_view what, const toml::node& value)
{
    return make_error(Errc::InvalidArgument, fmt::format("expected {}, got {}", what, describe_value(value)));
}

} // namespace

std::string describe_value(const toml::node& value)
{
    switch (value.type()) {
    case toml::node_type::string:
        return fmt::format("\"{}\"", value.as_string()->get());
    case toml::node_type::integer:
        return fmt::format("{}", value.as_integer()->get());
    case toml::node_type::floating_point:
        return fmt::format("{}", value.as_floating_point()->get());
    case toml::node_type::boolean:
        return value.as_boolean()->get() ? "true" : "false";
    case toml::node_type::array:
        return "an array";
    case toml::node_type::table:
        return "a table";
    case toml::node_type::date:
        return "a date";
    case toml::node_type::time:
        return "a time";
    case toml::node_type::date_time:
        return "a date-time";
    case toml::node_type::none:
        break;
    }
    return "nothing";
}

Result<std::string> read_string(const toml::node& value)
{
    if (const auto* text = value.as_string())
        return text->get();
    return expected("a string", value);
}

Result<bool> read_bool(const toml::node& value)
{
    if (const auto* flag = value.as_boolean())
        return flag->get();
    return expected("true or false", value);
}

Result<int64_t> read_integer(const toml::node& value, int64_t minimum, int64_t maximum)
{
    const auto* integer = value.as_integer();
    if (!integer || integer->get() < minimum || integer->get() > maximum)
        return expected(fmt::format("an integer {}-{}", minimum, maximum), value);
    return integer->get();
}

Result<std::vector<std::string>> read_string_array(const toml::node& value)
{
    const auto* array = value.as_array();
    if (!array)
        return expected("an array of strings", value);
    std::vector<std::string> strings;
    for (const auto& element : *array) {
        const auto* text = element.as_string();
        if (!text)
            return make_error(Errc::InvalidArgument, fmt::format("expected an array of strings, element {} is {}",
                                                                 strings.size() + 1, describe_value(element)));
        strings.push_back(text->get());
    }
    return strings;
}

} // namespace roentgen::server::internal
