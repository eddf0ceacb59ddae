// services/internal/sub_association.cpp — the A-ASSOCIATE-RQ of an association an SCP opens.
#include "services/internal/sub_association.h"

#include "encoding/part10_file.h"

namespace roentgen::services::internal {

Result<net::Association> open_sub_association(const SubAssociationSettings& settings, std::string_view called_ae_title,
                                              const MoveDestination& address,
                                              std::vector<net::PresentationContextProposal> contexts,
                                              std::vector<net::RoleSelection> roles)
{
    net::AssociateRequest request;
    request.called_ae_title = std::string(called_ae_title);
    request.calling_ae_title = settings.calling_ae_title;
    request.presentation_contexts = std::move(contexts);
    request.user_information.maximum_length = settings.maximum_pdu_length;
    request.user_information.implementation_class_uid = std::string(implementation_class_uid());
    request.user_information.implementation_version_name = std::string(implementation_version_name());
    request.user_information.role_selections = std::move(roles);
    ROENTGEN_TRY(auto connection, net::connect(address.host, address.port, settings.timeouts.connect));
    return net::Association::request(std::move(connection), std::move(request), settings.timeouts);
}

}  // namespace roentgen::services::internal
