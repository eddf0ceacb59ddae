// net/pdu/pdu_codec.h — PDUs to bytes and back (PS3.8 9.3), and the P-DATA-TF header writer for the hot path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "net/pdu/pdu.h"

namespace roentgen::net {

/// PDU-type, a reserved byte and the 4-byte PDU-length (PS3.8 9.3.1).
inline constexpr size_t pdu_header_size = 6;

/// The fixed start of every PDU. `type` is as read and may be unknown: the caller raises Evt19
/// (PS3.8 9.2). `length` counts the bytes after the header.
struct PduHeader {
    uint8_t type = 0;
    uint32_t length = 0;
};

PduHeader decode_pdu_header(std::span<const uint8_t, pdu_header_size>);

/// Decodes the `length` bytes after a header (`body`). Errors name the PDU, the item and the byte
/// offset in the PDU (header included):
/// - Errc::Truncated when the body ends inside a field or an item (or a fixed-length PDU is short);
/// - Errc::Malformed when a sub-item overruns its parent or a value breaks PS3.8: an even presentation
///   context ID, a PDV shorter than 2 bytes, a P-DATA-TF without PDVs, a fixed-length PDU too long,
///   no or two application context or user information items, a presentation context without
///   abstract syntax, a repeated single-valued user-information sub-item;
/// - Errc::Unsupported for an unknown PDU type.
/// Reserved fields are not tested, unknown items of an A-ASSOCIATE-RQ/AC are skipped (PS3.8 9.3.1),
/// unknown user-information sub-items are kept (PS3.7 D.3.3). A P-DATA-TF's PDVs are views into `body`.
[[nodiscard]] Result<Pdu> decode_pdu(uint8_t type, std::span<const uint8_t> body);

/// Decodes a whole PDU, header included: Errc::Truncated if it is shorter than its PDU-length says,
/// Errc::Malformed if longer.
[[nodiscard]] Result<Pdu> decode_pdu(std::span<const uint8_t> pdu);

/// Encodes a whole PDU including its 6-byte header. AE titles are space-padded to 16 bytes, UIDs
/// written unpadded. Fails with Errc::InvalidArgument on an AE title empty or over 16 characters, a
/// UID over 64 characters (or empty where PS3.8 requires one), an implementation version name over
/// 16 characters, a field or item over its length field's range (65535 for 2-byte lengths), an even
/// or zero presentation context ID, a P-DATA-TF without PDVs, a missing implementation class UID.
[[nodiscard]] Result<std::vector<uint8_t>> encode_pdu(const Pdu&);

/// For the hot path: writes the 6-byte P-DATA-TF header plus one PDV item header (4-byte item length,
/// context ID, message control header) for a PDV of `data_length` bytes into `out`, so the caller can
/// send header and data with one gather write. `data_length` must leave room for the 6 bytes of
/// headers in a 32-bit PDU length (asserted).
void encode_data_transfer_header(std::span<uint8_t, 12> out, uint8_t context_id, uint8_t message_control_header,
                                 uint32_t data_length);

}  // namespace roentgen::net
