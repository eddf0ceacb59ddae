// server/pacs_server.cpp — opening storage and index, the SOP classes offered, starting and stopping the DIMSE server.
#include "server/pacs_server.h"

#include <filesystem>

#include <fmt/format.h>

#include "dict/generated/uids.h"
#include "index/sql_catalog.h"
#include "net/association/negotiation.h"
#include "pixel/transcode.h"
#include "server/archive_removal.h"
#include "server/archive_services.h"
#include "server/archive_storage.h"
#include "storage/object_store.h"

namespace roentgen::server {

struct PacsServer::Parts {
    std::unique_ptr<storage::ObjectStore> objects;
    std::unique_ptr<index::Catalog> catalog;
    std::unique_ptr<PeerDirectory> peers;
    std::unique_ptr<ArchiveStorage> storage;
    std::unique_ptr<ArchiveQueries> queries;
    std::unique_ptr<ArchiveCommitment> commitment;
    std::unique_ptr<services::DimseServer> dimse;
};

Result<IndexLocation> index_location(const ServerConfiguration& configuration)
{
    const std::string& index = configuration.index;
    if (index == "sqlite")
        return IndexLocation{false, (std::filesystem::path(configuration.data_directory) / "index.sqlite").string()};
    if (index.starts_with("sqlite:") && index.size() > 7)
        return IndexLocation{false, index.substr(7)};
    if (index.starts_with("postgresql://") || index.starts_with("postgres://"))
        return IndexLocation{true, index};
    return make_error(Errc::InvalidArgument,
                      fmt::format("[index] url: \"{}\" is not sqlite, sqlite:PATH or postgresql://…", index));
}

services::DimseServerConfiguration dimse_configuration(const ServerConfiguration& configuration)
{
    services::DimseServerConfiguration dimse;
    dimse.host = configuration.dimse_host;
    dimse.port = configuration.dimse_port;
    dimse.maximum_associations = configuration.maximum_associations;
    dimse.timeouts.idle = configuration.idle_timeout;
    dimse.timeouts.artim = configuration.artim_timeout;
    dimse.storage_commitment_report_on_new_association = configuration.commitment_report_on_new_association;
    auto& acceptor = dimse.acceptor;
    acceptor.ae_title = configuration.ae_title;
    acceptor.accept_any_called_ae_title = !configuration.check_called_ae_title;
    acceptor.maximum_pdu_length = configuration.maximum_pdu_length;
    acceptor.transfer_syntax_choice = net::TransferSyntaxChoice::Requestor;
    const std::vector<std::string> uncompressed{"1.2.840.10008.1.2.1", "1.2.840.10008.1.2"};
    const auto syntaxes = net::known_transfer_syntax_uids();
    acceptor.sop_classes.push_back({std::string(uids::Verification), uncompressed});
    for (auto& uid : net::storage_sop_class_uids())  // SCU too, for C-GET sub-operations (PS3.7 D.3.3.4)
        acceptor.sop_classes.push_back({std::move(uid), syntaxes, true, true});
    for (auto uid : {uids::PatientRootQueryRetrieveInformationModelFind, uids::StudyRootQueryRetrieveInformationModelFind,
                     uids::PatientRootQueryRetrieveInformationModelMove, uids::StudyRootQueryRetrieveInformationModelMove,
                     uids::PatientRootQueryRetrieveInformationModelGet, uids::StudyRootQueryRetrieveInformationModelGet,
                     uids::StorageCommitmentPushModel})
        acceptor.sop_classes.push_back({std::string(uid), uncompressed});
    for (const auto& peer : configuration.allowed_peers) {
        const auto at = peer.find('@');
        acceptor.allowed_peers.push_back({peer.substr(0, at), at == std::string::npos ? "" : peer.substr(at + 1)});
    }
    if (!configuration.tls_certificate.empty())
        dimse.tls = net::TlsServerOptions{configuration.tls_certificate, configuration.tls_key, configuration.tls_ca,
                                          configuration.tls_require_client_certificate};
    return dimse;
}

Result<std::unique_ptr<PacsServer>> PacsServer::start(const ServerConfiguration& configuration,
                                                      services::ServerEvents events)
{
    auto parts = std::make_unique<Parts>();
    ROENTGEN_TRY(auto archive, open_archive(configuration));
    parts->objects = std::move(archive.objects);
    parts->catalog = std::move(archive.catalog);
    parts->peers = std::make_unique<PeerDirectory>(configuration.peers);
    const TransferSyntax* transcode_to = nullptr;
    if (!configuration.transcode_to.empty()) {
        transcode_to = find_transfer_syntax_by_name(configuration.transcode_to);
        if (!transcode_to)
            return make_error(Errc::InvalidArgument, fmt::format("[storage] transcode_to: unknown transfer syntax \"{}\"",
                                                                 configuration.transcode_to));
    }
    parts->storage =
        std::make_unique<ArchiveStorage>(*parts->objects, *parts->catalog, configuration.duplicates, transcode_to);
    parts->queries = std::make_unique<ArchiveQueries>(*parts->catalog, *parts->objects, *parts->peers);
    parts->commitment = std::make_unique<ArchiveCommitment>(*parts->catalog, *parts->objects, *parts->peers);
    services::ServiceHandlers handlers;
    handlers.storage = parts->storage.get();
    handlers.query = parts->queries.get();
    handlers.retrieve = parts->queries.get();
    handlers.storage_commitment = parts->commitment.get();
    ROENTGEN_TRY(parts->dimse, services::DimseServer::start(dimse_configuration(configuration), handlers,
                                                            std::move(events)));
    return std::unique_ptr<PacsServer>(new PacsServer(std::move(parts)));
}

PacsServer::PacsServer(std::unique_ptr<Parts> parts) : m_parts(std::move(parts)) {}

PacsServer::~PacsServer() { stop(); }

uint16_t PacsServer::dimse_port() const { return m_parts->dimse->port(); }

index::Catalog& PacsServer::catalog() { return *m_parts->catalog; }

uint64_t PacsServer::stored() const { return m_parts->storage->stored(); }

void PacsServer::stop()
{
    if (m_parts && m_parts->dimse)
        m_parts->dimse->stop();
}

}  // namespace roentgen::server
