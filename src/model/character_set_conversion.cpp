// model/character_set_conversion.cpp — decode with the source set, encode with the target, recursively into items.
#include "model/character_set_conversion.h"

#include "dict/generated/tags.h"
#include "model/character_set.h"

namespace roentgen {

namespace {

Result<CharacterSet> character_set_of(const DataSet& data_set, const CharacterSet& inherited)
{
    const Element* element = data_set.find(tags::SpecificCharacterSet);
    if (!element)
        return inherited;
    return CharacterSet::from_value(element->raw_text());
}

Result<void> convert(DataSet& data_set, const CharacterSet& inherited, const CharacterSet& target)
{
    ROENTGEN_TRY(auto source, character_set_of(data_set, inherited));
    for (Element& element : data_set) {
        if (Sequence* sequence = element.sequence()) {
            for (Item& item : sequence->items) {
                ROENTGEN_TRY(convert(item.data_set, source, target));
                item.data_set.erase(tags::SpecificCharacterSet);  // the target is inherited from the top
            }
            continue;
        }
        if (!uses_character_set(element.vr) || element.is_bulk() || element.is_fragments())
            continue;
        std::string text = source.decode(element.raw_text(), element.vr);
        ROENTGEN_TRY(auto encoded, target.encode(text, element.vr));
        if (encoded.size() % 2)
            encoded.push_back(' ');
        element = Element(element.tag, element.vr, std::move(encoded));
    }
    return {};
}

}  // namespace

Result<DataSet> convert_character_set(const DataSet& data_set, std::string_view target)
{
    ROENTGEN_TRY(auto target_set, CharacterSet::from_value(target));
    DataSet converted = data_set;
    ROENTGEN_TRY(convert(converted, CharacterSet(), target_set));
    std::string value(target);
    if (value.size() % 2)
        value.push_back(' ');
    if (!value.empty())
        converted.set(Element(tags::SpecificCharacterSet, VR::CS, std::move(value)));
    else
        converted.erase(tags::SpecificCharacterSet);
    return converted;
}

}  // namespace roentgen
