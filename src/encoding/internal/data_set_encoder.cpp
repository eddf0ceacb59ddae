// encoding/internal/data_set_encoder.cpp — element headers, padding, sequences, fragments, group lengths.
#include "encoding/internal/data_set_encoder.h"

#include <algorithm>

#include "dict/generated/tags.h"

namespace roentgen::internal {

namespace {

constexpr uint32_t undefined_length = 0xFFFFFFFF;
constexpr size_t buffer_limit = 64 * 1024;

bool sequence_undefined(const Sequence& s, SequenceLengths lengths)
{
    return lengths == SequenceLengths::AsRead ? s.length_encoding == LengthEncoding::Undefined
                                              : lengths == SequenceLengths::Undefined;
}

bool item_undefined(const Item& i, SequenceLengths lengths)
{
    return lengths == SequenceLengths::AsRead ? i.length_encoding == LengthEncoding::Undefined
                                              : lengths == SequenceLengths::Undefined;
}

/// The VR written in the header: a short-length VR whose value does not fit 16 bits becomes UN
/// (PS3.5 6.2.2 Note).
VR header_vr(const Element& element, uint64_t value_length)
{
    if (!has_long_length(element.vr) && value_length > 0xFFFE)
        return VR::UN;
    return element.vr;
}

Encoding items_encoding(const Element& element, Encoding encoding)
{
    // PS3.5 6.2.2: a UN sequence carries its items in implicit VR little endian.
    if (element.vr == VR::UN && encoding.explicit_vr)
        return Encoding{false, ByteOrder::Little};
    return encoding;
}

uint64_t header_length(VR vr, Encoding encoding)
{
    return (!encoding.explicit_vr || has_long_length(vr)) ? (encoding.explicit_vr ? 12 : 8) : 8;
}

uint64_t sequence_content_length(const Sequence& s, Encoding encoding, SequenceLengths lengths);

uint64_t element_length(const Element& element, Encoding encoding, SequenceLengths lengths)
{
    if (const auto* s = element.sequence()) {
        uint64_t content = sequence_content_length(*s, items_encoding(element, encoding), lengths);
        return header_length(VR::SQ, encoding) + content + (sequence_undefined(*s, lengths) ? 8 : 0);
    }
    if (const auto* f = element.fragments()) {
        uint64_t total = header_length(VR::OB, encoding) + 8 + f->offset_table.size() + 8;
        for (const auto& item : f->items)
            total += 8 + item.size();
        return total;
    }
    uint64_t value = element.length();
    value += value % 2;
    return header_length(header_vr(element, value), encoding) + value;
}

uint64_t data_set_length(const DataSet& data_set, Encoding encoding, SequenceLengths lengths)
{
    uint64_t total = 0;
    for (const auto& e : data_set)
        total += element_length(e, encoding, lengths);
    return total;
}

uint64_t sequence_content_length(const Sequence& s, Encoding encoding, SequenceLengths lengths)
{
    uint64_t total = 0;
    for (const auto& item : s.items)
        total += 8 + data_set_length(item.data_set, encoding, lengths) + (item_undefined(item, lengths) ? 8 : 0);
    return total;
}

}  // namespace

DataSetEncoder::DataSetEncoder(ByteSink& sink, Encoding encoding, SequenceLengths lengths,
                               GroupLengths group_lengths)
    : m_sink(sink), m_encoding(encoding), m_lengths(lengths), m_group_lengths(group_lengths)
{
    m_buffer.reserve(buffer_limit + 256);
}

DataSetEncoder::~DataSetEncoder() = default;

uint64_t DataSetEncoder::encoded_length(const DataSet& data_set, Encoding encoding, SequenceLengths lengths)
{
    return data_set_length(data_set, encoding, lengths);
}

Result<void> DataSetEncoder::flush()
{
    if (m_buffer.empty())
        return {};
    ROENTGEN_TRY(m_sink.write(m_buffer));
    m_buffer.clear();
    return {};
}

Result<void> DataSetEncoder::write(const DataSet& data_set)
{
    ROENTGEN_TRY(write_elements(data_set, m_encoding));
    return flush();
}

void DataSetEncoder::put16(uint16_t v, Encoding encoding)
{
    uint8_t b[2];
    store<uint16_t>(b, v, encoding.byte_order);
    m_buffer.insert(m_buffer.end(), b, b + 2);
}

void DataSetEncoder::put32(uint32_t v, Encoding encoding)
{
    uint8_t b[4];
    store<uint32_t>(b, v, encoding.byte_order);
    m_buffer.insert(m_buffer.end(), b, b + 4);
}

Result<void> DataSetEncoder::put_bytes(std::span<const uint8_t> bytes)
{
    if (m_buffer.size() + bytes.size() > buffer_limit) {
        ROENTGEN_TRY(flush());
        if (bytes.size() > buffer_limit)
            return m_sink.write(bytes);
    }
    m_buffer.insert(m_buffer.end(), bytes.begin(), bytes.end());
    return {};
}

Result<void> DataSetEncoder::put_bulk(const BulkData& data)
{
    auto view = data.view();
    if (view.size() == data.size())
        return put_bytes(view);
    // Not contiguous: copy through in chunks so a large value never sits whole in memory.
    constexpr uint64_t chunk = 1 << 20;
    std::vector<uint8_t> piece;
    for (uint64_t done = 0; done < data.size(); done += chunk) {
        piece.resize(static_cast<size_t>(std::min(chunk, data.size() - done)));
        ROENTGEN_TRY(data.source()->read(data.offset() + done, piece));
        ROENTGEN_TRY(put_bytes(piece));
    }
    return {};
}

void DataSetEncoder::header(Tag tag, VR vr, uint32_t length, Encoding encoding)
{
    put16(tag.group(), encoding);
    put16(tag.element(), encoding);
    if (!encoding.explicit_vr || tag.group() == 0xFFFE) {
        put32(length, encoding);
        return;
    }
    auto name = vr_name(vr);
    m_buffer.push_back(uint8_t(name[0]));
    m_buffer.push_back(uint8_t(name[1]));
    if (has_long_length(vr)) {
        put16(0, encoding);
        put32(length, encoding);
    } else {
        put16(uint16_t(length), encoding);
    }
}

Result<void> DataSetEncoder::write_elements(const DataSet& data_set, Encoding encoding)
{
    for (const auto& element : data_set)
        ROENTGEN_TRY(write_element(element, encoding, data_set));
    return {};
}

Result<void> DataSetEncoder::write_element(const Element& element, Encoding encoding, const DataSet& parent)
{
    if (m_buffer.size() > buffer_limit)
        ROENTGEN_TRY(flush());
    if (const auto* s = element.sequence()) {
        Encoding inner = items_encoding(element, encoding);
        bool undefined = sequence_undefined(*s, m_lengths);
        uint64_t content = undefined ? 0 : sequence_content_length(*s, inner, m_lengths);
        if (content >= undefined_length)
            return make_error(Errc::LimitExceeded, to_string(element.tag) + ": sequence too long for a defined length");
        header(element.tag, element.vr == VR::UN ? VR::UN : VR::SQ, undefined ? undefined_length : uint32_t(content),
               encoding);
        for (const auto& item : s->items) {
            bool item_open = item_undefined(item, m_lengths);
            uint64_t item_length = item_open ? 0 : data_set_length(item.data_set, inner, m_lengths);
            header(tags::Item, VR::None, item_open ? undefined_length : uint32_t(item_length), inner);
            ROENTGEN_TRY(write_elements(item.data_set, inner));
            if (item_open)
                header(tags::ItemDelimitationItem, VR::None, 0, inner);
        }
        if (undefined)
            header(tags::SequenceDelimitationItem, VR::None, 0, inner);
        return {};
    }
    if (const auto* f = element.fragments()) {
        header(element.tag, element.vr == VR::OW ? VR::OW : VR::OB, undefined_length, encoding);
        header(tags::Item, VR::None, uint32_t(f->offset_table.size()), encoding);
        ROENTGEN_TRY(put_bulk(f->offset_table));
        for (const auto& item : f->items) {
            header(tags::Item, VR::None, uint32_t(item.size()), encoding);
            ROENTGEN_TRY(put_bulk(item));
        }
        header(tags::SequenceDelimitationItem, VR::None, 0, encoding);
        return {};
    }
    uint64_t length = element.length();
    bool pad = length % 2 != 0;
    uint64_t padded = length + (pad ? 1 : 0);
    if (padded >= undefined_length)
        return make_error(Errc::LimitExceeded, to_string(element.tag) + ": value too long for a 32-bit length");
    if (m_group_lengths == GroupLengths::Recompute && element.tag.is_group_length() && element.vr == VR::UL &&
        length == 4) {
        // Group lengths are recomputed from what is written (PS3.5 7.2).
        // The group's elements follow its group length in the sorted data set: scanning only them
        // keeps a data set of many groups linear.
        uint64_t group_total = 0;
        auto other = std::lower_bound(parent.begin(), parent.end(), element.tag,
                                      [](const Element& e, Tag tag) { return e.tag < tag; });
        for (; other != parent.end() && other->tag.group() == element.tag.group(); ++other)
            if (!other->tag.is_group_length())
                group_total += element_length(*other, encoding, m_lengths);
        header(element.tag, VR::UL, 4, encoding);
        put32(uint32_t(group_total), encoding);
        return {};
    }
    header(element.tag, header_vr(element, padded), uint32_t(padded), encoding);
    unsigned unit = swap_unit(element.vr);
    if (encoding.byte_order == ByteOrder::Big && unit > 1) {
        ROENTGEN_TRY(flush());
        std::vector<uint8_t> swapped;
        if (element.is_bulk()) {
            ROENTGEN_TRY(auto loaded, std::get<BulkData>(element.value).load());
            swapped = std::move(loaded);
        } else {
            auto b = element.bytes();
            swapped.assign(b.begin(), b.end());
        }
        swap_words(swapped.data(), swapped.size(), unit);
        ROENTGEN_TRY(put_bytes(swapped));
    } else if (element.is_bulk()) {
        ROENTGEN_TRY(put_bulk(std::get<BulkData>(element.value)));
    } else {
        ROENTGEN_TRY(put_bytes(element.bytes()));
    }
    if (pad)
        m_buffer.push_back(uint8_t(padding_byte(element.vr)));
    return {};
}

}  // namespace roentgen::internal
