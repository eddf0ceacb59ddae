// index/information_model.cpp — Patient Root and Study Root levels.
#include "index/information_model.h"

#include "dict/generated/uids.h"
#include "index/attribute_matching.h"

namespace roentgen::index {

Result<QueryLevel> request_level(std::string_view sop_class_uid, const DataSet& identifier)
{
    if (sop_class_uid == uids::ModalityWorklistInformationModelFind)
        return make_error(Errc::InvalidArgument, "this archive keeps no worklist");
    ROENTGEN_TRY(auto level, validate_identifier(identifier));
    // PS3.4 C.6.2: Study Root has no PATIENT level.
    if (level == QueryLevel::Patient && (sop_class_uid == uids::StudyRootQueryRetrieveInformationModelFind ||
                                         sop_class_uid == uids::StudyRootQueryRetrieveInformationModelMove ||
                                         sop_class_uid == uids::StudyRootQueryRetrieveInformationModelGet))
        return make_error(Errc::InvalidArgument, "Study Root has no PATIENT level");
    return level;
}

}  // namespace roentgen::index
