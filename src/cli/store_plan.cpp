// cli/store_plan.cpp — scanning inputs, grouping them into associations, and proposing contexts.
#include "cli/store_plan.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "dict/generated/tags.h"
#include "encoding/part10_file.h"

namespace roentgen::cli {
namespace {

namespace fs = std::filesystem;

constexpr size_t maximum_contexts = 128;
constexpr std::string_view explicit_little = "1.2.840.10008.1.2.1";
constexpr std::string_view implicit_little = "1.2.840.10008.1.2";

// Whether a SOP class with files in these syntaxes needs the fallback context (Explicit and Implicit
// VR Little Endian): unless all of them are Implicit VR Little Endian, which every SCP accepts (PS3.5
// 10.1), the peer may refuse them all; an SCP offering only Implicit VR Little Endian (storescp +xi)
// refuses even Explicit VR Little Endian and Big Endian.
bool needs_fallback(const std::set<std::string_view>& syntaxes)
{
    return std::ranges::any_of(syntaxes, [](std::string_view uid) { return uid != implicit_little; });
}

// Contexts one SOP class needs, given the transfer syntaxes of its files.
size_t contexts_for(const std::set<std::string_view>& syntaxes)
{
    return syntaxes.size() + (needs_fallback(syntaxes) ? 1 : 0);
}

Result<StoreItem> read_item(const std::string& path)
{
    ROENTGEN_TRY(auto file, read_part10_file(path, ReadOptions().with_stop_before(tags::PixelData)));
    StoreItem item;
    item.path = path;
    auto sop_class = file.data_set.find_string(tags::SOPClassUID);
    if (!sop_class)
        sop_class = file.meta.find_string(tags::MediaStorageSOPClassUID);
    auto sop_instance = file.data_set.find_string(tags::SOPInstanceUID);
    if (!sop_instance)
        sop_instance = file.meta.find_string(tags::MediaStorageSOPInstanceUID);
    if (!sop_class || !sop_instance || sop_class->empty() || sop_instance->empty())
        return make_error(Errc::Malformed, "no SOP Class UID or SOP Instance UID");
    item.sop_class_uid = std::string(*sop_class);
    item.sop_instance_uid = std::string(*sop_instance);
    item.transfer_syntax = file.transfer_syntax;
    item.data_set_offset = file.data_set_offset;
    std::error_code error;
    item.file_size = fs::file_size(path, error);
    return item;
}

}  // namespace

Result<std::vector<StoreItem>> scan_store_inputs(
    const std::vector<std::string>& paths, const std::function<void(const std::string&, const std::string&)>& skip)
{
    std::vector<std::string> files;
    for (const auto& path : paths) {
        std::error_code error;
        if (!fs::exists(path, error))
            return make_error(Errc::NotFound, path + ": no such file or folder");
        if (!fs::is_directory(path, error)) {
            files.push_back(path);
            continue;
        }
        std::vector<std::string> found;
        for (auto it = fs::recursive_directory_iterator(path, error); !error && it != fs::recursive_directory_iterator();
             it.increment(error))
            if (it->is_regular_file(error))
                found.push_back(it->path().string());
        if (error)
            return make_error(Errc::Io, path + ": " + error.message());
        std::ranges::sort(found);
        files.insert(files.end(), found.begin(), found.end());
    }
    std::vector<StoreItem> items;
    for (const auto& file : files) {
        auto item = read_item(file);
        if (item)
            items.push_back(std::move(*item));
        else
            skip(file, item.error().message);
    }
    return items;
}

std::vector<std::vector<size_t>> plan_batches(const std::vector<StoreItem>& items)
{
    std::vector<std::vector<size_t>> batches;
    std::map<std::string_view, std::set<std::string_view>> syntaxes;  // of the batch being filled
    for (size_t i = 0; i < items.size(); ++i) {
        auto next = syntaxes;
        next[items[i].sop_class_uid].insert(items[i].transfer_syntax->uid);
        size_t needed = 0;
        for (const auto& [sop_class, uids] : next)
            needed += contexts_for(uids);
        if (batches.empty() || needed > maximum_contexts) {
            batches.emplace_back();
            next.clear();
            next[items[i].sop_class_uid].insert(items[i].transfer_syntax->uid);
            needed = contexts_for(next.begin()->second);
        }
        syntaxes = std::move(next);
        batches.back().push_back(i);
    }
    return batches;
}

std::vector<net::PresentationContextProposal> propose_contexts(const std::vector<StoreItem>& items,
                                                               const std::vector<size_t>& batch)
{
    std::map<std::string_view, std::set<std::string_view>> syntaxes;
    for (size_t index : batch)
        syntaxes[items[index].sop_class_uid].insert(items[index].transfer_syntax->uid);
    std::vector<net::PresentationContextProposal> proposals;
    uint8_t id = 1;
    auto add = [&](std::string_view sop_class, std::vector<std::string> transfer_syntaxes) {
        proposals.push_back({id, std::string(sop_class), std::move(transfer_syntaxes)});
        id = static_cast<uint8_t>(id + 2);
    };
    for (const auto& [sop_class, uids] : syntaxes) {
        for (auto uid : uids)
            add(sop_class, {std::string(uid)});
        if (needs_fallback(uids))
            add(sop_class, {std::string(explicit_little), std::string(implicit_little)});
    }
    return proposals;
}

}  // namespace roentgen::cli
