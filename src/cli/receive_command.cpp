// cli/receive_command.cpp — `roentgen receive --port N --dir OUT`: a storage SCP writing files, as storescp.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <semaphore>

#include "cli/commands.h"
#include "cli/folder_archive.h"
#include "cli/folder_commitment.h"
#include "cli/folder_storage.h"
#include "cli/network_options.h"
#include "dict/generated/uids.h"
#include "net/association/negotiation.h"
#include "services/dimse_server.h"

namespace roentgen::cli {
namespace {

struct ReceiveOptions {
    std::string host = "0.0.0.0";
    uint16_t port = 11112;
    std::string ae_title = "ROENTGEN";
    std::string folder;
    bool check_called_ae_title = false;
    bool promiscuous = false;
    size_t maximum_associations = 32;
    uint32_t maximum_pdu_length = 1 << 20;
    unsigned idle_timeout_seconds = 600;
    unsigned artim_timeout_seconds = 30;
    std::string tls_certificate;
    std::string tls_key;
    std::string tls_ca;
    bool tls_require_client_certificate = false;
    bool quiet = false;
    bool no_fsync = false;
    std::vector<std::string> allowed;  ///< AE or AE@host
    bool query = false;
    std::vector<std::string> destinations;  ///< AE=host:port
    bool commitment_on_new_association = false;
};

std::binary_semaphore stop_requested{0};

extern "C" void request_stop(int) { stop_requested.release(); }

services::DimseServerConfiguration server_configuration(const ReceiveOptions& options)
{
    services::DimseServerConfiguration configuration;
    configuration.host = options.host;
    configuration.port = options.port;
    configuration.maximum_associations = options.maximum_associations;
    configuration.timeouts.idle = std::chrono::seconds(options.idle_timeout_seconds);
    configuration.timeouts.artim = std::chrono::seconds(options.artim_timeout_seconds);
    auto& acceptor = configuration.acceptor;
    acceptor.ae_title = options.ae_title;
    acceptor.accept_any_called_ae_title = !options.check_called_ae_title;
    acceptor.maximum_pdu_length = options.maximum_pdu_length;
    acceptor.transfer_syntax_choice = net::TransferSyntaxChoice::Requestor;
    const auto syntaxes = net::known_transfer_syntax_uids();
    acceptor.sop_classes.push_back({std::string(uids::Verification), {"1.2.840.10008.1.2.1", "1.2.840.10008.1.2"}});
    acceptor.sop_classes.push_back(
        {std::string(uids::StorageCommitmentPushModel), {"1.2.840.10008.1.2.1", "1.2.840.10008.1.2"}});
    configuration.storage_commitment_report_on_new_association = options.commitment_on_new_association;
    for (auto& uid : net::storage_sop_class_uids())  // SCU too, for C-GET sub-operations (PS3.7 D.3.3.4)
        acceptor.sop_classes.push_back({std::move(uid), syntaxes, true, options.query});
    if (options.query) {
        for (auto uid : {uids::PatientRootQueryRetrieveInformationModelFind, uids::StudyRootQueryRetrieveInformationModelFind,
                         uids::PatientRootQueryRetrieveInformationModelMove, uids::StudyRootQueryRetrieveInformationModelMove,
                         uids::PatientRootQueryRetrieveInformationModelGet, uids::StudyRootQueryRetrieveInformationModelGet})
            acceptor.sop_classes.push_back({std::string(uid), {"1.2.840.10008.1.2.1", "1.2.840.10008.1.2"}});
    }
    for (const auto& peer : options.allowed) {
        const auto at = peer.find('@');
        acceptor.allowed_peers.push_back({peer.substr(0, at), at == std::string::npos ? "" : peer.substr(at + 1)});
    }
    if (options.promiscuous)
        acceptor.promiscuous_transfer_syntaxes = syntaxes;
    if (!options.tls_certificate.empty())
        configuration.tls = net::TlsServerOptions{options.tls_certificate, options.tls_key, options.tls_ca,
                                                  options.tls_require_client_certificate};
    return configuration;
}

int run(const ReceiveOptions& options)
{
    std::error_code error;
    std::filesystem::create_directories(options.folder, error);
    if (error) {
        fmt::print(stderr, "roentgen receive: --dir {}: {}\n", options.folder, error.message());
        return 1;
    }
    FolderStorage storage(options.folder, options.no_fsync ? Durability::NoFsync : Durability::Fsync);
    std::map<std::string, services::MoveDestination> destinations;
    for (const auto& text : options.destinations) {
        const auto equals = text.find('=');
        auto peer = equals == std::string::npos ? Result<RemotePeer>(std::unexpected(Error{}))
                                                : parse_remote_peer(text.substr(0, equals) + "@" + text.substr(equals + 1));
        if (!peer) {
            fmt::print(stderr, "roentgen receive: --destination {}: expected AE=host:port\n", text);
            return 2;
        }
        destinations[peer->ae_title] = services::MoveDestination{peer->host, peer->port};
    }
    FolderCommitment commitment(options.folder, destinations);
    FolderArchive archive(std::move(destinations));
    services::ServiceHandlers handlers{&storage};
    handlers.storage_commitment = &commitment;
    if (options.query) {
        const size_t found = archive.scan(options.folder);
        fmt::print(stderr, "roentgen receive: {} instance(s) in {} answer queries\n", found, options.folder);
        storage.set_on_stored([&archive](const std::string& path) { archive.add_file(path); });
        handlers.query = &archive;
        handlers.retrieve = &archive;
    }
    std::mutex log;
    services::ServerEvents events;
    events.on_error = [&](const std::string& message) {
        std::lock_guard lock(log);
        fmt::print(stderr, "roentgen receive: {}\n", message);
    };
    if (!options.quiet)
        events.on_association = [&](const services::AssociationInfo& info) {
            std::lock_guard lock(log);
            fmt::print(stderr, "roentgen receive: association from {} ({})\n", info.calling_ae_title, info.peer_address);
        };
    auto server = services::DimseServer::start(server_configuration(options), handlers, events);
    if (!server) {
        fmt::print(stderr, "roentgen receive: {}\n", server.error().message);
        return 1;
    }
    fmt::print(stderr, "roentgen receive: {} listening on {}:{}{}, writing to {}\n", options.ae_title, options.host,
               (*server)->port(), options.tls_certificate.empty() ? "" : " (TLS)", options.folder);
    std::signal(SIGINT, request_stop);
    std::signal(SIGTERM, request_stop);
    stop_requested.acquire();
    (*server)->stop();
    fmt::print(stderr, "roentgen receive: stopped; {} instance(s) stored\n", storage.stored());
    return 0;
}

}  // namespace

void add_receive_command(CLI::App& app, Action& action)
{
    auto options = std::make_shared<ReceiveOptions>();
    auto* command = app.add_subcommand("receive", "Storage SCP: accept every storage SOP class and write received "
                                                  "objects to files (as storescp), and answer storage commitment for them; stops "
                                                  "on SIGINT/SIGTERM");
    command->add_option("--port", options->port, "DIMSE port (0: any free port, printed)")->capture_default_str();
    command->add_option("--host", options->host, "Address to listen on")->capture_default_str();
    command->add_option("--aet", options->ae_title, "Our AE title")->capture_default_str();
    command->add_option("--dir", options->folder, "Folder for received files")->required();
    command->add_flag("--check-called-aet", options->check_called_ae_title,
                      "Reject associations whose called AE title is not --aet");
    command->add_option("--allow", options->allowed,
                        "Accept only these calling AE titles, each optionally from one address: AE or AE@host "
                        "(repeatable; default: anyone)");
    command->add_flag("--promiscuous", options->promiscuous, "Also accept SOP classes not in the standard's registry");
    command->add_option("--max-associations", options->maximum_associations, "Associations served at once")
        ->capture_default_str();
    command->add_option("--max-pdu", options->maximum_pdu_length, "Largest PDU we receive (bytes)")->capture_default_str();
    command->add_option("--idle-timeout", options->idle_timeout_seconds, "Seconds an association may stay silent")
        ->capture_default_str();
    command->add_option("--artim-timeout", options->artim_timeout_seconds,
                        "Seconds to wait for the A-ASSOCIATE-RQ after a connection (PS3.8 ARTIM)")
        ->capture_default_str();
    command->add_option("--tls-cert", options->tls_certificate, "Serve TLS with this certificate (PEM)");
    command->add_option("--tls-key", options->tls_key, "The private key of --tls-cert (PEM)");
    command->add_option("--tls-ca", options->tls_ca, "CA bundle (PEM) to verify client certificates with");
    command->add_flag("--tls-require-client-cert", options->tls_require_client_certificate,
                      "Refuse TLS clients without a certificate that chains to --tls-ca");
    command->add_flag("--quiet", options->quiet, "Do not log each association");
    command->add_flag("--query", options->query,
                      "Also answer C-FIND, C-MOVE and C-GET (Patient and Study Root) over the files in --dir, "
                      "as dcmqrscp does");
    command->add_option("--destination", options->destinations,
                        "A C-MOVE destination, or where a storage commitment requester takes reports on a new "
                        "association: AE=host:port (repeatable)");
    command->add_flag("--commitment-on-new-association", options->commitment_on_new_association,
                      "Send storage commitment reports on a new association to the requester (its --destination), "
                      "not on the request's association");
    command->add_flag("--no-fsync", options->no_fsync,
                      "Acknowledge before the file reaches the disk (as storescp); a crash may lose acknowledged "
                      "instances");
    command->callback([options, &action] { action = [options] { return run(*options); }; });
}

}  // namespace roentgen::cli
