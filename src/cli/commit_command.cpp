// cli/commit_command.cpp — `roentgen commit AE@host:port FILE|DIR...`: Storage Commitment Push Model as SCU (PS3.4
// Annex J).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>

#include "cli/commands.h"
#include "cli/network_options.h"
#include "cli/store_plan.h"
#include "dict/generated/uids.h"
#include "model/uid_generator.h"
#include "services/dimse_server.h"
#include "services/storage_commitment_scu.h"

namespace roentgen::cli {
namespace {

struct CommitOptions {
    ClientOptions client;
    std::vector<std::string> paths;
    std::string transaction_uid;
    unsigned timeout_seconds = 60;
    uint16_t listen_port = 0; ///< 0: the report is awaited on the request's association.
};

/// Reports arriving on associations the SCP opens to us (`--listen`), by Transaction UID.
class ReportMailbox final : public services::StorageCommitmentReportHandler {
public:
    Result<void> on_report(const services::AssociationInfo&, const services::StorageCommitmentReport& report) override
    {
        std::lock_guard lock(m_mutex);
        m_reports.insert_or_assign(report.transaction_uid, report);
        m_arrived.notify_all();
        return {};
    }
    Result<services::StorageCommitmentReport> wait(const std::string& transaction_uid, std::chrono::seconds timeout)
    {
        std::unique_lock lock(m_mutex);
        if (!m_arrived.wait_for(lock, timeout, [&] { return m_reports.contains(transaction_uid); }))
            return make_error(Errc::Timeout, fmt::format("no storage commitment report within {} s", timeout.count()));
        return m_reports.at(transaction_uid);
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_arrived;
    std::map<std::string, services::StorageCommitmentReport> m_reports;
};

/// A listener taking the SCP's report associations: it proposes the SCP role, we take the SCU
/// role (PS3.4 J.3.3, PS3.7 D.3.3.4).
Result<std::unique_ptr<services::DimseServer>> listen_for_reports(const CommitOptions& options, ReportMailbox& mailbox)
{
    services::DimseServerConfiguration configuration;
    configuration.port = options.listen_port;
    configuration.timeouts = options.client.timeouts();
    configuration.acceptor.ae_title = options.client.calling_ae_title;
    configuration.acceptor.accept_any_called_ae_title = true;
    configuration.acceptor.sop_classes = {
        {std::string(uids::Verification), {"1.2.840.10008.1.2.1", "1.2.840.10008.1.2"}},
        {std::string(uids::StorageCommitmentPushModel), {"1.2.840.10008.1.2.1", "1.2.840.10008.1.2"}, true, true}};
    services::ServiceHandlers handlers;
    handlers.storage_commitment_reports = &mailbox;
    return services::DimseServer::start(std::move(configuration), handlers);
}

/// PS3.4 Table J.3-2 (Failure Reason).
std::string_view failure_reason_name(uint16_t reason)
{
    switch (reason) {
    case services::failure_reasons::ProcessingFailure:
        return "processing failure";
    case services::failure_reasons::NoSuchObjectInstance:
        return "no such object instance";
    case services::failure_reasons::ResourceLimitation:
        return "resource limitation";
    case services::failure_reasons::ReferencedSopClassNotSupported:
        return "referenced SOP class not supported";
    case services::failure_reasons::ClassInstanceConflict:
        return "class / instance conflict";
    case services::failure_reasons::DuplicateTransactionUid:
        return "duplicate transaction UID";
    default:
        return "unknown reason";
    }
}

/// One line per reference; true when every one was committed.
bool print_report(const services::StorageCommitmentReport& report, const std::map<std::string, std::string>& paths)
{
    auto path_of = [&](const std::string& uid) {
        auto found = paths.find(uid);
        return found == paths.end() ? std::string() : "  " + found->second;
    };
    for (const auto& reference : report.committed)
        fmt::print("committed {}{}\n", reference.sop_instance_uid, path_of(reference.sop_instance_uid));
    for (const auto& failed : report.failed)
        fmt::print("failed    {}: {:04X}H {}{}\n", failed.reference.sop_instance_uid, failed.failure_reason,
                   failure_reason_name(failed.failure_reason), path_of(failed.reference.sop_instance_uid));
    fmt::print("transaction {}: {} committed, {} failed\n", report.transaction_uid, report.committed.size(),
               report.failed.size());
    return report.failed.empty();
}

/// The request, then the report on the same association, or on one the SCP opens (`--listen`).
Result<services::StorageCommitmentReport> request_and_wait(const CommitOptions& options, const RemotePeer& peer,
                                                           const std::vector<services::SopReference>& references,
                                                           const std::string& transaction_uid)
{
    ReportMailbox mailbox;
    std::unique_ptr<services::DimseServer> listener;
    if (options.listen_port != 0) {
        ROENTGEN_TRY(listener, listen_for_reports(options, mailbox));
    }
    const std::string sop_class(uids::StorageCommitmentPushModel);
    ROENTGEN_TRY(auto association, open_association(options.client, peer,
                                                    {{1, sop_class, {"1.2.840.10008.1.2.1", "1.2.840.10008.1.2"}}}));
    const auto timeout = std::chrono::seconds(options.timeout_seconds);
    if (!listener)
        return services::commit(association, transaction_uid, references, timeout);
    ROENTGEN_TRY(services::request_storage_commitment(association, transaction_uid, references));
    ROENTGEN_TRY(std::move(association).release());
    return mailbox.wait(transaction_uid, timeout);
}

int run(const CommitOptions& options)
{
    auto peer = parse_remote_peer(options.client.peer);
    if (!peer) {
        fmt::print(stderr, "roentgen commit: {}\n", peer.error().message);
        return 2;
    }
    auto items = scan_store_inputs(options.paths, [](const std::string& path, const std::string& reason) {
        fmt::print(stderr, "roentgen commit: skipping {}: {}\n", path, reason);
    });
    if (!items) {
        fmt::print(stderr, "roentgen commit: {}\n", items.error().message);
        return 2;
    }
    if (items->empty()) {
        fmt::print(stderr, "roentgen commit: no DICOM files to commit\n");
        return 2;
    }
    std::vector<services::SopReference> references;
    std::map<std::string, std::string> paths;
    for (const auto& item : *items) {
        references.push_back({item.sop_class_uid, item.sop_instance_uid});
        paths.emplace(item.sop_instance_uid, item.path);
    }
    const auto transaction_uid = options.transaction_uid.empty() ? generate_uid() : options.transaction_uid;
    auto report = request_and_wait(options, *peer, references, transaction_uid);
    if (!report) {
        fmt::print(stderr, "roentgen commit: {}\n", report.error().message);
        return 1;
    }
    return print_report(*report, paths) ? 0 : 1;
}

} // namespace

void add_commit_command(CLI::App& app, Action& action)
{
    auto options = std::make_shared<CommitOptions>();
    auto* command = app.add_subcommand(
        "commit", "Ask a peer to commit to keeping instances (Storage Commitment Push Model) and print its report; "
                  "exits 0 when every instance was committed");
    add_client_options(*command, options->client);
    command->add_option("paths", options->paths, "Files or folders whose instances to commit")
        ->required()
        ->expected(1, -1);
    command->add_option("--transaction-uid", options->transaction_uid, "Transaction UID (default: a new one)");
    command->add_option("--timeout", options->timeout_seconds, "Seconds to wait for the report")->capture_default_str();
    command->add_option("--listen", options->listen_port,
                        "Take the report on an association the peer opens to this port (release ours after the "
                        "N-ACTION response), for SCPs that report that way");
    command->callback([options, &action] { action = [options] { return run(*options); }; });
}

} // namespace roentgen::cli
