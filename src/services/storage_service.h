// services/storage_service.h — the handler interface an SCP implements to receive C-STORE (PS3.4 Annex B).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "base/byte_sink.h"
#include "base/result.h"

namespace roentgen::services {

/// Who is on the other end of an association, for handlers that log, route or authorize.
struct AssociationInfo {
    std::string calling_ae_title;
    std::string called_ae_title;
    std::string peer_address;  ///< host:port
    std::string peer_host;
};

/// What a C-STORE-RQ announces before its data set arrives.
struct StoreRequest {
    std::string sop_class_uid;
    std::string sop_instance_uid;
    std::string transfer_syntax_uid;  ///< Of the presentation context: how the data set is encoded.
    std::string move_originator_ae_title;
    std::optional<uint16_t> move_originator_message_id;
};

/// Receives one data set as it streams in (PDV by PDV), then makes it durable in commit().
class InstanceWriter : public ByteSink {
public:
    /// Called after the last byte: the instance must be durable (and indexed) before this returns
    /// success, since the status goes straight back to the peer. Returns the C-STORE status to send
    /// (0000, or a warning such as B000), or an error (sent as A700 with the message as comment).
    [[nodiscard]] virtual Result<uint16_t> commit() = 0;
};

/// Storage SCP behaviour, injected into the DIMSE server.
class StorageService {
public:
    virtual ~StorageService() = default;
    /// Where the data set of `request` goes; an error refuses it (status A700, or the code in
    /// the error's message is not parsed: use Errc::Refused for "SOP class not supported").
    [[nodiscard]] virtual Result<std::unique_ptr<InstanceWriter>> open(const AssociationInfo& association,
                                                                       const StoreRequest& request) = 0;
};

}  // namespace roentgen::services
