// services/received_file_meta.cpp — meta values padded to even length by VR.
#include "services/received_file_meta.h"

#include "dict/generated/tags.h"

namespace roentgen::services {

namespace {

void set_padded(DataSet& meta, Tag tag, VR vr, std::string_view text)
{
    std::string value(text);
    if (value.size() % 2)
        value.push_back(vr == VR::UI ? '\0' : ' ');
    meta.set(Element(tag, vr, value));
}

}  // namespace

Part10File received_file_meta(const AssociationInfo& association, const StoreRequest& request)
{
    Part10File file;
    set_padded(file.meta, tags::MediaStorageSOPClassUID, VR::UI, request.sop_class_uid);
    set_padded(file.meta, tags::MediaStorageSOPInstanceUID, VR::UI, request.sop_instance_uid);
    set_padded(file.meta, tags::SourceApplicationEntityTitle, VR::AE, association.calling_ae_title);
    return file;
}

}  // namespace roentgen::services
