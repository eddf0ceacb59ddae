// model/element_path.cpp — parsing and resolving element paths.
#include "model/element_path.h"

#include <charconv>

#include "dict/dictionary.h"

namespace roentgen {

namespace {

Result<Tag> parse_step_tag(std::string_view text)
{
    if (auto tag = parse_tag(text))
        return *tag;
    if (const auto* entry = find_entry(text))
        return Tag(entry->tag);
    return make_error(Errc::InvalidArgument, "\"" + std::string(text) + "\" is neither a keyword nor a tag");
}

}  // namespace

Result<ElementPath> parse_element_path(std::string_view text)
{
    ElementPath path;
    if (text.empty())
        return make_error(Errc::InvalidArgument, "empty element key");
    size_t start = 0;
    while (start <= text.size()) {
        // Tags contain commas but never dots, so '.' separates steps.
        size_t dot = text.find('.', start);
        std::string_view step = text.substr(start, dot == std::string_view::npos ? text.npos : dot - start);
        PathStep parsed;
        if (auto open = step.find('['); open != std::string_view::npos) {
            if (step.back() != ']')
                return make_error(Errc::InvalidArgument, "\"" + std::string(step) + "\": missing ]");
            auto digits = step.substr(open + 1, step.size() - open - 2);
            size_t index = 0;
            auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
            if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size())
                return make_error(Errc::InvalidArgument, "\"" + std::string(step) + "\": item index is not a number");
            parsed.item = index;
            step = step.substr(0, open);
        }
        ROENTGEN_TRY(parsed.tag, parse_step_tag(step));
        path.steps.push_back(parsed);
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    for (size_t i = 0; i + 1 < path.steps.size(); ++i)
        if (!path.steps[i].item)
            return make_error(Errc::InvalidArgument, std::string(text) + ": a sequence step needs an item index, e.g. [0]");
    if (path.steps.back().item)
        return make_error(Errc::InvalidArgument, std::string(text) + ": the last step cannot have an item index");
    return path;
}

const Element* find_element(const DataSet& data_set, const ElementPath& path)
{
    const DataSet* current = &data_set;
    for (size_t i = 0; i + 1 < path.steps.size(); ++i) {
        const Element* e = current->find(path.steps[i].tag);
        if (!e || !e->sequence() || *path.steps[i].item >= e->sequence()->items.size())
            return nullptr;
        current = &e->sequence()->items[*path.steps[i].item].data_set;
    }
    return current->find(path.tag());
}

Result<DataSet*> resolve_parent(DataSet& data_set, const ElementPath& path, bool create)
{
    DataSet* current = &data_set;
    for (size_t i = 0; i + 1 < path.steps.size(); ++i) {
        const auto& step = path.steps[i];
        Element* e = current->find(step.tag);
        if (!e) {
            if (!create)
                return make_error(Errc::NotFound, to_string(step.tag) + " is absent");
            e = &current->set(Element(step.tag, VR::SQ, Value(Sequence{})));
        }
        Sequence* sequence = e->sequence();
        if (!sequence)
            return make_error(Errc::InvalidArgument, to_string(step.tag) + " is not a sequence");
        if (*step.item == sequence->items.size() && create)
            sequence->items.emplace_back();
        if (*step.item >= sequence->items.size())
            return make_error(Errc::NotFound, to_string(step.tag) + " has " + std::to_string(sequence->items.size()) +
                                                  " items; item " + std::to_string(*step.item) + " is absent");
        current = &sequence->items[*step.item].data_set;
    }
    return current;
}

std::string_view specific_character_set_along(const DataSet& data_set, const ElementPath& path)
{
    constexpr Tag specific_character_set{0x0008, 0x0005};
    std::string_view found;
    const DataSet* current = &data_set;
    for (size_t i = 0;; ++i) {
        if (const Element* e = current->find(specific_character_set))
            found = e->raw_text();
        if (i + 1 >= path.steps.size())
            break;
        const Element* e = current->find(path.steps[i].tag);
        if (!e || !e->sequence() || *path.steps[i].item >= e->sequence()->items.size())
            break;
        current = &e->sequence()->items[*path.steps[i].item].data_set;
    }
    return found;
}

}  // namespace roentgen
