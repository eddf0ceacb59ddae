// cli/store_command.cpp — `roentgen store AE@host:port FILE|DIR...`: C-STORE of files and folders, as storescu.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "cli/commands.h"
#include "cli/network_options.h"
#include "cli/store_plan.h"
#include "dict/generated/tags.h"
#include "encoding/part10_file.h"
#include "net/dimse/status.h"
#include "pixel/transcode.h"
#include "services/storage_scu.h"

namespace roentgen::cli {
namespace {

struct StoreOptions {
    ClientOptions client;
    std::vector<std::string> paths;
    unsigned max_outstanding = 0;
    bool no_transcode = false;
};

struct Failure {
    std::string path;
    std::string reason;
};

/// Sends one file: its data set bytes as they are on disk when the peer accepted the file's own
/// transfer syntax, otherwise converted to the syntax the peer accepted for its SOP class.
Result<uint16_t> send_file(services::StorageSender& sender, net::Association& association, const StoreItem& item,
                           const CodecRegistry& codecs, bool allow_transcode)
{
    ROENTGEN_TRY(auto mapped, MappedFile::open(item.path));
    const auto* own = net::find_accepted_context(association.presentation_contexts(), item.sop_class_uid,
                                                 item.transfer_syntax->uid);
    services::OutgoingInstance instance{item.sop_class_uid, item.sop_instance_uid, {}, {}, {}, {}, {}};
    if (own) {
        instance.transfer_syntax_uid = own->transfer_syntax;
        instance.encoded = mapped->contiguous().subspan(item.data_set_offset);
        return sender.send(instance);
    }
    const auto* other = net::find_accepted_context(association.presentation_contexts(), item.sop_class_uid);
    if (!other)
        return make_error(Errc::Refused, fmt::format("the peer accepted no presentation context for {}",
                                                     item.sop_class_uid));
    const auto* target = find_transfer_syntax(other->transfer_syntax);
    if (!target || !allow_transcode)
        return make_error(Errc::Refused, fmt::format("the peer refused {} and --no-transcode is set",
                                                     item.transfer_syntax->name));
    ROENTGEN_TRY(auto file, read_part10(mapped));
    ROENTGEN_TRY(auto transcoded, transcode(file, codecs, TranscodeOptions{target, {}, 1}));
    if (transcoded.lossy)
        return make_error(Errc::Refused, fmt::format("the peer accepted only {}, which is lossy", target->name));
    instance.transfer_syntax_uid = other->transfer_syntax;
    instance.encode = [&file, target](ByteSink& sink) { return write_data_set(file.data_set, *target, sink); };
    return sender.send(instance);
}

struct BatchOutcome {
    size_t stored = 0;
    size_t warnings = 0;
};

Result<void> send_batch(const StoreOptions& options, const RemotePeer& peer, const std::vector<StoreItem>& items,
                        const std::vector<size_t>& batch, std::vector<Failure>& failures, BatchOutcome& outcome,
                        size_t& done, size_t total, const CodecRegistry& codecs)
{
    std::optional<net::AsynchronousOperationsWindow> window;
    if (options.max_outstanding > 0)
        window = net::AsynchronousOperationsWindow{static_cast<uint16_t>(options.max_outstanding), 1};
    ROENTGEN_TRY(auto association, open_association(options.client, peer, propose_contexts(items, batch), window));
    std::map<uint16_t, size_t> in_flight;  // message id -> item
    services::StorageSender sender(association, [&](const services::StoreResponse& response) {
        const auto& item = items[in_flight[response.message_id]];
        in_flight.erase(response.message_id);
        const auto category = net::status_category(response.status);
        if (category == net::StatusCategory::Success || category == net::StatusCategory::Warning) {
            ++outcome.stored;
            outcome.warnings += category == net::StatusCategory::Warning;
        } else {
            failures.push_back({item.path, fmt::format("status 0x{:04X} {}{}", response.status,
                                                       net::status_name(response.status, net::CommandField::C_STORE_RSP),
                                                       response.command.error_comment()
                                                           ? fmt::format(" ({})", *response.command.error_comment())
                                                           : std::string())});
        }
    });
    const bool progress = ::isatty(STDERR_FILENO) && total > 1;
    for (size_t index : batch) {
        const auto& item = items[index];
        auto sent = send_file(sender, association, item, codecs, !options.no_transcode);
        ++done;
        if (progress)
            fmt::print(stderr, "\r\033[K[{}/{}] {}", done, total, item.path);
        if (!sent) {
            if (sent.error().code != Errc::Refused && sent.error().code != Errc::Unsupported &&
                sent.error().code != Errc::NotFound && sent.error().code != Errc::Io)
                return add_context(std::move(sent).error(), item.path);  // the association is gone
            failures.push_back({item.path, sent.error().message});
            continue;
        }
        in_flight[*sent] = index;
    }
    ROENTGEN_TRY(sender.finish());
    return std::move(association).release();
}

int run(const StoreOptions& options)
{
    auto peer = parse_remote_peer(options.client.peer);
    if (!peer) {
        fmt::print(stderr, "roentgen store: {}\n", peer.error().message);
        return 2;
    }
    std::vector<Failure> failures;
    auto items = scan_store_inputs(options.paths, [&](const std::string& path, const std::string& reason) {
        failures.push_back({path, reason});
    });
    if (!items) {
        fmt::print(stderr, "roentgen store: {}\n", items.error().message);
        return 2;
    }
    const size_t skipped = failures.size();
    const auto started = std::chrono::steady_clock::now();
    const auto codecs = CodecRegistry::with_all_codecs();
    BatchOutcome outcome;
    size_t done = 0;
    uint64_t bytes = 0;
    for (const auto& item : *items)
        bytes += item.file_size;
    bool association_failed = false;
    for (const auto& batch : plan_batches(*items)) {
        auto sent = send_batch(options, *peer, *items, batch, failures, outcome, done, items->size(), codecs);
        if (!sent) {
            fmt::print(stderr, "{}roentgen store: {}\n", ::isatty(STDERR_FILENO) ? "\r\033[K" : "", sent.error().message);
            association_failed = true;
            break;
        }
    }
    if (::isatty(STDERR_FILENO) && items->size() > 1)
        fmt::print(stderr, "\r\033[K");
    for (const auto& failure : failures)
        fmt::print(stderr, "roentgen store: {}: {}\n", failure.path, failure.reason);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    fmt::print("{} of {} file(s) stored to {}{}{} in {:.2f} s ({:.1f} images/s, {:.1f} MB/s)\n", outcome.stored,
               items->size() + skipped, peer->ae_title,
               outcome.warnings ? fmt::format(", {} with warnings", outcome.warnings) : "",
               failures.empty() ? "" : fmt::format(", {} failed", failures.size()), seconds,
               seconds > 0 ? outcome.stored / seconds : 0.0, seconds > 0 ? bytes / seconds / 1e6 : 0.0);
    return association_failed || !failures.empty() ? 1 : 0;
}

}  // namespace

void add_store_command(CLI::App& app, Action& action)
{
    auto options = std::make_shared<StoreOptions>();
    auto* command = app.add_subcommand("store", "Send DICOM files and folders (recursively) with C-STORE (as storescu)");
    add_client_options(*command, options->client);
    command->add_option("paths", options->paths, "Files or folders to send")->required()->expected(1, -1);
    command->add_option("--max-outstanding", options->max_outstanding,
                        "Propose an asynchronous operations window: up to N C-STOREs in flight (PS3.7 D.3.3.3); "
                        "not proposed by default, since some peers refuse it")
        ->check(CLI::Range(1u, 64u));
    command->add_flag("--no-transcode", options->no_transcode,
                      "Fail files whose transfer syntax the peer refused instead of converting them");
    command->callback([options, &action] { action = [options] { return run(*options); }; });
}

}  // namespace roentgen::cli
