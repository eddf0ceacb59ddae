// server/pacs_server.h — PacsServer: `roentgen serve` assembled — object store, index, DIMSE services.
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "index/catalog.h"
#include "server/server_configuration.h"
#include "services/dimse_server.h"

namespace roentgen::server {

/// Where the index of a configuration lives: "sqlite" → <data>/index.sqlite, "sqlite:PATH", or a
/// postgresql:// (postgres://) URI as given.
struct IndexLocation {
    bool postgresql = false;
    std::string location;  ///< The SQLite file or the PostgreSQL URI.
};
[[nodiscard]] Result<IndexLocation> index_location(const ServerConfiguration& configuration);

/// The archive running: storage under <data>/storage, the index, and the DIMSE server answering
/// C-ECHO, C-STORE (every storage SOP class), C-FIND / C-MOVE / C-GET (Patient Root and Study
/// Root) and Storage Commitment Push Model until stop().
class PacsServer {
public:
    [[nodiscard]] static Result<std::unique_ptr<PacsServer>> start(const ServerConfiguration& configuration,
                                                                   services::ServerEvents events = {});
    ~PacsServer();
    uint16_t dimse_port() const;
    index::Catalog& catalog();
    /// Objects stored since start.
    uint64_t stored() const;
    /// Stops accepting and waits for the associations under way.
    void stop();

    struct Parts;

private:
    explicit PacsServer(std::unique_ptr<Parts> parts);
    std::unique_ptr<Parts> m_parts;
};

/// The DIMSE server settings of a configuration (AE title, port, presentation contexts, peers).
services::DimseServerConfiguration dimse_configuration(const ServerConfiguration& configuration);

}  // namespace roentgen::server
