// services/internal/storage_commitment_codec.cpp — building and checking the storage commitment data sets.
#include "services/internal/storage_commitment_codec.h"

#include <fmt/format.h>

#include "dict/generated/tags.h"
#include "model/element_values.h"
#include "net/dimse/status.h"

namespace roentgen::services::internal {
namespace {

Item reference_item(const SopReference& reference)
{
    Item item;
    item.data_set.set_string(tags::ReferencedSOPClassUID, VR::UI, reference.sop_class_uid);
    item.data_set.set_string(tags::ReferencedSOPInstanceUID, VR::UI, reference.sop_instance_uid);
    return item;
}

Element sequence_of(Tag tag, std::vector<Item> items)
{
    return Element(tag, VR::SQ, Sequence{std::move(items), LengthEncoding::Undefined});
}

std::string tag_text(Tag tag) { return fmt::format("({:04X},{:04X})", tag.group(), tag.element()); }

/// The class and instance UIDs of one item; the error is the tag missing.
std::expected<SopReference, Tag> read_reference(const DataSet& item)
{
    auto sop_class = item.find_string(tags::ReferencedSOPClassUID);
    if (!sop_class)
        return std::unexpected(tags::ReferencedSOPClassUID);
    auto sop_instance = item.find_string(tags::ReferencedSOPInstanceUID);
    if (!sop_instance)
        return std::unexpected(tags::ReferencedSOPInstanceUID);
    return SopReference{std::string(*sop_class), std::string(*sop_instance)};
}

}  // namespace

DataSet make_action_information(std::string_view transaction_uid, std::span<const SopReference> references)
{
    DataSet action_information;
    action_information.set_string(tags::TransactionUID, VR::UI, transaction_uid);
    std::vector<Item> items;
    for (const auto& reference : references)
        items.push_back(reference_item(reference));
    action_information.set(sequence_of(tags::ReferencedSOPSequence, std::move(items)));
    return action_information;
}

std::expected<CommitmentRequest, ActionRefusal> parse_action_information(const DataSet& action_information)
{
    // PS3.7 C.5: 0120H a required attribute was not supplied, 0121H it was supplied without a value.
    constexpr uint16_t processing_failure = net::status::ProcessingFailure;
    constexpr uint16_t missing_attribute = net::status::MissingAttribute;
    constexpr uint16_t missing_value = net::status::MissingAttributeValue;
    CommitmentRequest request;
    if (!action_information.contains(tags::TransactionUID))
        return std::unexpected(ActionRefusal{missing_attribute, "no Transaction UID (0008,1195)", tags::TransactionUID});
    auto transaction_uid = action_information.find_string(tags::TransactionUID);
    if (!transaction_uid)
        return std::unexpected(ActionRefusal{missing_value, "empty Transaction UID (0008,1195)", tags::TransactionUID});
    request.transaction_uid = std::string(*transaction_uid);
    const auto* element = action_information.find(tags::ReferencedSOPSequence);
    if (!element)
        return std::unexpected(
            ActionRefusal{missing_attribute, "no Referenced SOP Sequence (0008,1199)", tags::ReferencedSOPSequence});
    const auto* sequence = element->sequence();
    if (!sequence)
        return std::unexpected(ActionRefusal{processing_failure, "Referenced SOP Sequence (0008,1199) is not a sequence",
                                          tags::ReferencedSOPSequence});
    if (sequence->items.empty())
        return std::unexpected(
            ActionRefusal{missing_value, "empty Referenced SOP Sequence (0008,1199)", tags::ReferencedSOPSequence});
    for (size_t index = 0; index < sequence->items.size(); ++index) {
        auto reference = read_reference(sequence->items[index].data_set);
        if (!reference)
            return std::unexpected(ActionRefusal{missing_attribute,
                                              fmt::format("Referenced SOP item {} lacks {}", index + 1,
                                                          tag_text(reference.error())),
                                              reference.error()});
        request.references.push_back(std::move(*reference));
    }
    return request;
}

DataSet make_event_information(const StorageCommitmentReport& report)
{
    DataSet event_information;
    event_information.set_string(tags::TransactionUID, VR::UI, report.transaction_uid);
    if (!report.committed.empty()) {
        std::vector<Item> items;
        for (const auto& reference : report.committed)
            items.push_back(reference_item(reference));
        event_information.set(sequence_of(tags::ReferencedSOPSequence, std::move(items)));
    }
    if (!report.failed.empty()) {
        std::vector<Item> items;
        for (const auto& failed : report.failed) {
            auto item = reference_item(failed.reference);
            item.data_set.set(Element(tags::FailureReason, VR::US, encode_integers(VR::US, {failed.failure_reason})));
            items.push_back(std::move(item));
        }
        event_information.set(sequence_of(tags::FailedSOPSequence, std::move(items)));
    }
    return event_information;
}

Result<StorageCommitmentReport> parse_event_information(const DataSet& event_information)
{
    StorageCommitmentReport report;
    auto transaction_uid = event_information.find_string(tags::TransactionUID);
    if (!transaction_uid)
        return make_error(Errc::Malformed, "the Event Information has no Transaction UID (0008,1195)");
    report.transaction_uid = std::string(*transaction_uid);
    auto items_of = [&](Tag tag, std::string_view name) -> Result<const std::vector<Item>*> {
        static const std::vector<Item> none;
        const auto* element = event_information.find(tag);
        if (!element)
            return &none;
        if (!element->sequence())
            return make_error(Errc::Malformed, fmt::format("{} {} is not a sequence", name, tag_text(tag)));
        return &element->sequence()->items;
    };
    ROENTGEN_TRY(auto committed, items_of(tags::ReferencedSOPSequence, "Referenced SOP Sequence"));
    for (size_t index = 0; index < committed->size(); ++index) {
        auto reference = read_reference((*committed)[index].data_set);
        if (!reference)
            return make_error(Errc::Malformed, fmt::format("Referenced SOP item {} lacks {}", index + 1,
                                                           tag_text(reference.error())));
        report.committed.push_back(std::move(*reference));
    }
    ROENTGEN_TRY(auto failed, items_of(tags::FailedSOPSequence, "Failed SOP Sequence"));
    for (size_t index = 0; index < failed->size(); ++index) {
        const auto& item = (*failed)[index].data_set;
        auto reference = read_reference(item);
        if (!reference)
            return make_error(Errc::Malformed, fmt::format("Failed SOP item {} lacks {}", index + 1,
                                                           tag_text(reference.error())));
        const auto reason = item.find_integer(tags::FailureReason);
        const bool fits = reason && *reason >= 0 && *reason <= 0xFFFF;
        report.failed.push_back({std::move(*reference), fits ? static_cast<uint16_t>(*reason)
                                                             : failure_reasons::ProcessingFailure});
    }
    return report;
}

}  // namespace roentgen::services::internal
