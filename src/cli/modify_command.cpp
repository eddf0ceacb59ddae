// cli/modify_command.cpp — `roentgen modify`: set and delete elements, by keyword, tag or sequence path.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace roentgen::cli {

void add_modify_command(CLI::App& app, Action& action)
{
    (void)app;
    (void)action;
}

}  // namespace roentgen::cli
