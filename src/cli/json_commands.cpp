// cli/json_commands.cpp — `roentgen dcm2json` and `json2dcm`.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/element_text.h"

namespace roentgen::cli {

Result<std::string> format_json(const Part10File&, uint64_t)
{
    return make_error(Errc::Unsupported, "JSON output is not built yet");
}

Result<std::string> format_xml(const Part10File&, uint64_t)
{
    return make_error(Errc::Unsupported, "XML output is not built yet");
}

void add_json_commands(CLI::App& app, Action& action)
{
    (void)app;
    (void)action;
}

}  // namespace roentgen::cli
