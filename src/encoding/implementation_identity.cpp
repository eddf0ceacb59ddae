// encoding/implementation_identity.cpp — Roentgen's Implementation Class UID and Version Name (PS3.7 D.3.3.2).
#include "encoding/part10_file.h"

namespace roentgen {

// A UUID-derived UID (PS3.5 B.2) made once for Roentgen; change it only when the encoding
// behaviour changes in a way peers must tell apart.
std::string_view implementation_class_uid() { return "2.25.241723833577651980063955827120164701919"; }
std::string_view implementation_version_name() { return "ROENTGEN_010"; }

}  // namespace roentgen
