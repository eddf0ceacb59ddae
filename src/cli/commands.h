// cli/commands.h — each `roentgen` subcommand registers its options on the CLI11 app.
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace roentgen::cli {

/// The action a subcommand runs after parsing; returns the process exit code.
using Action = std::function<int()>;

/// Adds the subcommand to `app`; `action` is set to run it when it is the one chosen.
void add_dump_command(CLI::App& app, Action& action);
void add_modify_command(CLI::App& app, Action& action);
void add_json_commands(CLI::App& app, Action& action);
void add_pixels_command(CLI::App& app, Action& action);
void add_transcode_command(CLI::App& app, Action& action);
void add_render_command(CLI::App& app, Action& action);
void add_echo_command(CLI::App& app, Action& action);
void add_store_command(CLI::App& app, Action& action);
void add_commit_command(CLI::App& app, Action& action);
void add_receive_command(CLI::App& app, Action& action);
void add_serve_command(CLI::App& app, Action& action);
void add_delete_command(CLI::App& app, Action& action);
void add_query_commands(CLI::App& app, Action& action);

}  // namespace roentgen::cli
