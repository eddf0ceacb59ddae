// model/element.cpp — byte access for primitive values.
#include "model/data_set.h"

namespace roentgen {

Element::Element(Tag t, VR v, Value val) : tag(t), vr(v), value(std::move(val)) {}

Element::Element(Tag t, VR v, std::string bytes) : tag(t), vr(v), value(std::move(bytes)) {}

std::span<const uint8_t> Element::bytes() const
{
    if (const auto* s = std::get_if<std::string>(&value))
        return {reinterpret_cast<const uint8_t*>(s->data()), s->size()};
    if (const auto* b = std::get_if<BulkData>(&value))
        return b->view();
    return {};
}

std::string_view Element::raw_text() const
{
    auto b = bytes();
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

uint64_t Element::length() const
{
    if (const auto* s = std::get_if<std::string>(&value))
        return s->size();
    if (const auto* b = std::get_if<BulkData>(&value))
        return b->size();
    return 0;
}

}  // namespace roentgen
