// net/upper_layer/event.h — the nineteen events that drive the DICOM upper layer state machine (PS3.8 9.2.3).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace roentgen::net {

/// The events of PS3.8 Table 9-10; each enumerator's value is its Evt number. "Local" events come from the local
/// user (service primitives); "Received" events are PDUs read from the transport connection; the transport and
/// the ARTIM timer (PS3.8 9.1.5) raise the rest.
enum class Event : uint8_t {
    AssociateRequestLocal = 1,         ///< Evt1: A-ASSOCIATE request primitive from the local user.
    TransportConnectConfirm = 2,       ///< Evt2: the transport connection the local AE asked for is open.
    AssociateAcceptReceived = 3,       ///< Evt3: A-ASSOCIATE-AC PDU received.
    AssociateRejectReceived = 4,       ///< Evt4: A-ASSOCIATE-RJ PDU received.
    TransportConnectIndication = 5,    ///< Evt5: a peer opened a transport connection to the local AE.
    AssociateRequestReceived = 6,      ///< Evt6: A-ASSOCIATE-RQ PDU received.
    AssociateResponseAcceptLocal = 7,  ///< Evt7: A-ASSOCIATE response primitive (accept) from the local user.
    AssociateResponseRejectLocal = 8,  ///< Evt8: A-ASSOCIATE response primitive (reject) from the local user.
    DataRequestLocal = 9,              ///< Evt9: P-DATA request primitive from the local user.
    DataTransferReceived = 10,         ///< Evt10: P-DATA-TF PDU received.
    ReleaseRequestLocal = 11,          ///< Evt11: A-RELEASE request primitive from the local user.
    ReleaseRequestReceived = 12,       ///< Evt12: A-RELEASE-RQ PDU received.
    ReleaseResponseReceived = 13,      ///< Evt13: A-RELEASE-RP PDU received.
    ReleaseResponseLocal = 14,         ///< Evt14: A-RELEASE response primitive from the local user.
    AbortRequestLocal = 15,            ///< Evt15: A-ABORT request primitive from the local user.
    AbortReceived = 16,                ///< Evt16: A-ABORT PDU received.
    TransportClosed = 17,              ///< Evt17: the transport connection closed.
    ArtimExpired = 18,                 ///< Evt18: the ARTIM timer expired (PS3.8 9.1.5).
    UnrecognizedPdu = 19,              ///< Evt19: an unrecognized or invalid PDU was received.
};

/// How many events there are: Evt1 to Evt19.
inline constexpr std::size_t event_count = 19;

/// The event as PS3.8 Table 9-10 words it, e.g. "A-ASSOCIATE Request (local user)" for Evt1.
std::string_view describe(Event event);
/// "Evt1" … "Evt19", as PS3.8 Table 9-10 numbers its rows.
std::string_view name(Event event);

}  // namespace roentgen::net
