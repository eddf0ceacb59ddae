// cli/main.cpp — `roentgen`: one program, one subcommand per task.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/commands.h"

int main(int argc, char** argv)
{
    CLI::App app{"Roentgen — DICOM toolkit, command-line tools and PACS server"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "roentgen 0.1.0");
    roentgen::cli::Action action;
    roentgen::cli::add_dump_command(app, action);
    roentgen::cli::add_modify_command(app, action);
    roentgen::cli::add_json_commands(app, action);
    roentgen::cli::add_pixels_command(app, action);
    roentgen::cli::add_render_command(app, action);
    roentgen::cli::add_transcode_command(app, action);
    roentgen::cli::add_echo_command(app, action);
    roentgen::cli::add_store_command(app, action);
    roentgen::cli::add_commit_command(app, action);
    roentgen::cli::add_receive_command(app, action);
    roentgen::cli::add_serve_command(app, action);
    roentgen::cli::add_delete_command(app, action);
    roentgen::cli::add_query_commands(app, action);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    return action ? action() : 1;
}
