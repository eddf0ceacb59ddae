// cli/store_plan.h — what `roentgen store` sends: files found, their SOP classes, and the proposals per association.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "dict/transfer_syntax.h"
#include "net/pdu/pdu.h"

namespace roentgen::cli {

/// A file to send, from its header.
struct StoreItem {
    std::string path;
    std::string sop_class_uid;
    std::string sop_instance_uid;
    const TransferSyntax* transfer_syntax = nullptr;
    uint64_t data_set_offset = 0;
    uint64_t file_size = 0;
};

/// Files under `paths` (folders recursively, sorted) that read as DICOM with a SOP Class and
/// Instance; each other file is reported to `skip` with the reason. Fails only when a path does not exist.
[[nodiscard]] Result<std::vector<StoreItem>> scan_store_inputs(
    const std::vector<std::string>& paths, const std::function<void(const std::string&, const std::string&)>& skip);

/// Splits the items into groups whose proposals fit one association (128 presentation contexts,
/// PS3.8 9.3.2.2: odd ids 1..255).
std::vector<std::vector<size_t>> plan_batches(const std::vector<StoreItem>& items);

/// For each SOP class of the batch: one context per transfer syntax its files have (so they go
/// unchanged), and, unless all of those are Implicit VR Little Endian, a context offering Explicit
/// and Implicit VR Little Endian, for peers that accept none of them (no compressed syntax, or only
/// the default Implicit VR Little Endian).
std::vector<net::PresentationContextProposal> propose_contexts(const std::vector<StoreItem>& items,
                                                               const std::vector<size_t>& batch);

}  // namespace roentgen::cli
