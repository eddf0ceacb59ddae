// cli/element_assignment.cpp — parsing KEY[:VR]=VALUE and setting the element it names.
#include "cli/element_assignment.h"

#include "dict/dictionary.h"
#include "model/character_set.h"
#include "model/value_text.h"

namespace roentgen::cli {

Result<Assignment> parse_assignment(const std::string& text, bool value_optional)
{
    auto equals = text.find('=');
    if (equals == std::string::npos && !value_optional)
        return make_error(Errc::InvalidArgument, text + ": expected KEY=VALUE");
    if (equals == std::string::npos)
        equals = text.size();
    std::string_view key(text.data(), equals);
    Assignment assignment;
    if (auto colon = key.rfind(':'); colon != std::string_view::npos && key.size() - colon == 3) {
        assignment.vr = parse_vr(key.substr(colon + 1));
        if (!assignment.vr)
            return make_error(Errc::InvalidArgument, text + ": unknown VR " + std::string(key.substr(colon + 1)));
        key = key.substr(0, colon);
    }
    auto path = parse_element_path(key);
    if (!path)
        return add_context(std::move(path).error(), text);
    assignment.path = std::move(*path);
    assignment.value = equals < text.size() ? text.substr(equals + 1) : std::string();
    return assignment;
}

Result<void> apply_set(DataSet& data_set, const Assignment& assignment)
{
    Tag tag = assignment.path.tag();
    const Element* existing = find_element(data_set, assignment.path);
    VR vr = assignment.vr ? *assignment.vr : existing ? existing->vr : VR::UN;
    if (!assignment.vr && !existing) {
        if (tag.is_private_creator())
            vr = VR::LO;
        else if (const auto* entry = tag.is_private() ? nullptr : find_entry(tag); entry && entry->vr != VR::None)
            vr = entry->vr;
        else
            return make_error(Errc::InvalidArgument,
                              to_string(tag) + " is not in the dictionary: give its VR as KEY:VR=VALUE");
    }
    auto charset = CharacterSet::from_value(specific_character_set_along(data_set, assignment.path));
    if (!charset)
        return add_context(std::move(charset).error(), "Specific Character Set");
    ROENTGEN_TRY(DataSet * parent, resolve_parent(data_set, assignment.path, true));
    auto raw = value_from_text(vr, assignment.value, *charset);
    if (!raw)
        return add_context(std::move(raw).error(), to_string(tag));
    parent->set(Element(tag, vr, std::move(*raw)));
    return {};
}

}  // namespace roentgen::cli
