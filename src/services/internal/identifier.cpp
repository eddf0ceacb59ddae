// services/internal/identifier.cpp — encoding and receiving Q/R identifiers.
#include "services/internal/identifier.h"

#include <fmt/format.h>

#include "encoding/part10_file.h"

namespace roentgen::services::internal {

Result<std::vector<uint8_t>> encode_identifier(const DataSet& identifier, const net::PresentationContext& context)
{
    const auto* syntax = find_transfer_syntax(context.transfer_syntax);
    if (!syntax)
        return make_error(Errc::Unsupported, fmt::format("transfer syntax {}", context.transfer_syntax));
    VectorSink sink;
    ROENTGEN_TRY(write_data_set(identifier, *syntax, sink));
    return std::move(sink.bytes());
}

Result<DataSet> receive_identifier(net::Association& association, uint8_t context_id)
{
    VectorSink sink;
    ROENTGEN_TRY(association.receive_data_set(sink));
    const auto* context = net::find_accepted_context(association.presentation_contexts(), context_id);
    const auto* syntax = context ? find_transfer_syntax(context->transfer_syntax) : nullptr;
    if (!syntax)
        return make_error(Errc::Malformed, fmt::format("identifier on presentation context {}", context_id));
    auto source = std::make_shared<MemorySource>(std::move(sink.bytes()), "identifier");
    return read_data_set(source, *syntax);
}

}  // namespace roentgen::services::internal
