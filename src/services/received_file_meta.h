// services/received_file_meta.h — the File Meta Information a storage SCP writes before a data set it received.
#pragma once

#include "encoding/part10_file.h"
#include "services/storage_service.h"

namespace roentgen::services {

/// A Part10File whose meta names the object of `request` (Media Storage SOP Class and Instance
/// UID) and the sender (Source Application Entity Title, PS3.10 7.1), to be written with
/// write_part10_header() in the request's transfer syntax before the data set as received.
Part10File received_file_meta(const AssociationInfo& association, const StoreRequest& request);

}  // namespace roentgen::services
