// encoding/internal/data_set_encoder.h — encodes a DataSet in one uncompressed encoding (PS3.5 7).
#pragma once

#include <vector>

#include "base/byte_sink.h"
#include "encoding/internal/data_set_parser.h"
#include "encoding/part10_file.h"

namespace roentgen::internal {

class DataSetEncoder {
public:
    DataSetEncoder(ByteSink& sink, Encoding encoding, SequenceLengths lengths,
                   GroupLengths group_lengths = GroupLengths::Recompute);
    ~DataSetEncoder();
    [[nodiscard]] Result<void> write(const DataSet& data_set);
    /// Flushes buffered bytes to the sink (also done by write()).
    [[nodiscard]] Result<void> flush();

    /// Bytes `data_set` takes when encoded (group lengths included as they are).
    static uint64_t encoded_length(const DataSet& data_set, Encoding encoding, SequenceLengths lengths);

private:
    Result<void> write_elements(const DataSet& data_set, Encoding encoding);
    Result<void> write_element(const Element& element, Encoding encoding, const DataSet& parent);
    void header(Tag tag, VR vr, uint32_t length, Encoding encoding);
    void put16(uint16_t v, Encoding encoding);
    void put32(uint32_t v, Encoding encoding);
    Result<void> put_bytes(std::span<const uint8_t> bytes);
    Result<void> put_bulk(const BulkData& data);

    ByteSink& m_sink;
    Encoding m_encoding;
    SequenceLengths m_lengths;
    GroupLengths m_group_lengths;
    std::vector<uint8_t> m_buffer;
};

}  // namespace roentgen::internal
