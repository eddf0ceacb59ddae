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

#include "base/assert.h"
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

// Data sets above this size are sent slice by slice from the mapping (see send_file).
constexpr size_t streaming_threshold = 64u << 20;
constexpr size_t streaming_slice = 8u << 20;

struct Failure {
    std::string path;
    std::string reason;
};

/// Sends one file: its data set bytes as they are on disk when the peer accepted the file's own
/// transfer syntax, otherwise converted to the syntax the peer accepted for its SOP class.
Result<uint16_t> send_file(services::StorageSender& sender, net::Association& association, const StoreItem& item,
                           size_t index, const CodecRegistry& codecs, bool allow_transcode)
{
    ROENTGEN_TRY(auto mapped, MappedFile::open(item.path));
    const auto* own = net::find_accepted_context(association.presentation_contexts(), item.sop_class_uid,
                                                 item.transfer_syntax->uid);
    services::OutgoingInstance instance{item.sop_class_uid, item.sop_instance_uid, {}, {}, {}, {}, {}, index};
    if (own) {
        instance.transfer_syntax_uid = own->transfer_syntax;
        const auto data_set = mapped->contiguous().subspan(item.data_set_offset);
        if (data_set.size() <= streaming_threshold) {
            instance.encoded = data_set;
            return sender.send(instance);
        }
        // Large objects go out in slices whose mapped pages are dropped once sent, so the sender's
        // resident memory stays at a few slices whatever the file size.
        instance.encode = [&mapped, data_set, offset = item.data_set_offset](ByteSink& sink) -> Result<void> {
            for (size_t done = 0; done < data_set.size(); done += streaming_slice) {
                const size_t length = std::min(streaming_slice, data_set.size() - done);
                ROENTGEN_TRY(sink.write(data_set.subspan(done, length)));
                mapped->release_pages(offset + done, length);
            }
            return {};
        };
        return sender.send(instance);
    }
    // Prefer an uncompressed context (ours for conversion) to another file's compressed one.
    const auto* other = net::find_accepted_context(association.presentation_contexts(), item.sop_class_uid,
                                                   "1.2.840.10008.1.2.1");
    if (!other)
        other = net::find_accepted_context(association.presentation_contexts(), item.sop_class_uid, "1.2.840.10008.1.2");
    if (!other)
        other = net::find_accepted_context(association.presentation_contexts(), item.sop_class_uid);
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
    uint64_t bytes = 0;  ///< Of the files stored, for the throughput.
};

/// Sends items batch[position...] on one association. Returns false when the association could not
/// be opened (nothing more will get through); when it breaks mid-way, the item being sent and those
/// without a response are failures, and `position` says where a new association resumes.
struct BatchSender {
    const StoreOptions& options;
    const RemotePeer& peer;
    const std::vector<StoreItem>& items;
    std::vector<Failure>& failures;
    BatchOutcome& outcome;
    const CodecRegistry& codecs;
    size_t total;
    size_t done = 0;

    void record(const services::StoreResponse& response, const StoreItem& item)
    {
        const auto category = net::status_category(response.status);
        if (category == net::StatusCategory::Success || category == net::StatusCategory::Warning) {
            ++outcome.stored;
            outcome.warnings += category == net::StatusCategory::Warning;
            outcome.bytes += item.file_size;
            return;
        }
        const auto comment = response.command.error_comment();
        failures.push_back({item.path, fmt::format("status 0x{:04X} {}{}", response.status,
                                                   net::status_name(response.status, net::CommandField::C_STORE_RSP),
                                                   comment ? fmt::format(" ({})", *comment) : std::string())});
    }

    Result<void> send(const std::vector<size_t>& batch, size_t& position)
    {
        std::optional<net::AsynchronousOperationsWindow> window;
        if (options.max_outstanding > 0)
            window = net::AsynchronousOperationsWindow{static_cast<uint16_t>(options.max_outstanding), 1};
        ROENTGEN_TRY(auto association, open_association(options.client, peer, propose_contexts(items, batch), window));
        std::map<uint16_t, size_t> in_flight;  // message id -> item
        services::StorageSender sender(association, [&](const services::StoreResponse& response) {
            record(response, items[response.tag]);
            in_flight.erase(response.message_id);
        });
        const bool progress = ::isatty(STDERR_FILENO) && total > 1;
        auto broken = [&](Error error) {
            failures.push_back({items[batch[position]].path, error.message});
            for (const auto& [id, index] : in_flight)
                failures.push_back({items[index].path, "no C-STORE-RSP before the association ended"});
            ++position;
        };
        for (; position < batch.size(); ++position) {
            const auto& item = items[batch[position]];
            if (progress)
                fmt::print(stderr, "\r\033[K[{}/{}] {}", done + 1, total, item.path);
            auto sent = send_file(sender, association, item, batch[position], codecs, !options.no_transcode);
            if (!sent) {
                const auto code = sent.error().code;
                if (code != Errc::Refused && code != Errc::Unsupported && code != Errc::NotFound && code != Errc::Io &&
                    code != Errc::Malformed && code != Errc::Truncated) {
                    broken(std::move(sent).error());
                    ++done;
                    return {};
                }
                failures.push_back({item.path, sent.error().message});
            } else if (sender.outstanding() > 0) {
                in_flight[*sent] = batch[position];
            }
            ++done;
        }
        if (auto finished = sender.finish(); !finished) {
            for (const auto& [id, index] : in_flight)
                failures.push_back({items[index].path, "no C-STORE-RSP: " + finished.error().message});
            return {};
        }
        if (auto released = std::move(association).release(); !released)
            failures.push_back({peer.ae_title, "release: " + released.error().message});
        return {};
    }
};

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
    bool association_failed = false;
    BatchSender sender{options, *peer, *items, failures, outcome, codecs, items->size()};
    for (const auto& batch : plan_batches(*items)) {
        size_t position = 0;
        while (position < batch.size() && !association_failed) {
            const size_t before = position;
            if (auto sent = sender.send(batch, position); !sent) {
                fmt::print(stderr, "{}roentgen store: {}\n", ::isatty(STDERR_FILENO) ? "\r\033[K" : "",
                           sent.error().message);
                association_failed = true;
            }
            ROENTGEN_ASSERT(association_failed || position > before);
        }
    }
    if (::isatty(STDERR_FILENO) && items->size() > 1)
        fmt::print(stderr, "\r\033[K");
    for (const auto& failure : failures)
        fmt::print(stderr, "roentgen store: {}: {}\n", failure.path, failure.reason);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    // Files never tried: the association for them could not be opened.
    const size_t not_sent = items->size() - std::min(sender.done, items->size());
    fmt::print("{} of {} file(s) stored to {}{}{}{} in {:.2f} s ({:.1f} images/s, {:.1f} MB/s)\n", outcome.stored,
               items->size() + skipped, peer->ae_title,
               outcome.warnings ? fmt::format(", {} with warnings", outcome.warnings) : "",
               failures.empty() ? "" : fmt::format(", {} failed", failures.size()),
               not_sent ? fmt::format(", {} not sent", not_sent) : "", seconds,
               seconds > 0 ? outcome.stored / seconds : 0.0, seconds > 0 ? outcome.bytes / seconds / 1e6 : 0.0);
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
