// index/internal/level_attributes.cpp — placing attributes by level, encoding them for a BLOB/BYTEA column.
#include "index/internal/level_attributes.h"

#include <limits>
#include <memory>

#include "base/byte_sink.h"
#include "base/byte_source.h"
#include "dict/generated/tags.h"
#include "dict/transfer_syntax.h"
#include "encoding/part10_file.h"

namespace roentgen::index::internal {

namespace {

constexpr uint64_t largest_kept_value = 64 * 1024;

bool is_left_out(const Element& element)
{
    return element.tag.group() == 0x0002 || element.tag == tags::PixelData || element.tag == tags::FloatPixelData ||
           element.tag == tags::DoubleFloatPixelData || element.is_fragments() ||
           element.length() > largest_kept_value;
}

}  // namespace

LevelAttributes divide_by_level(const DataSet& attributes)
{
    LevelAttributes levels;
    for (const Element& element : attributes) {
        if (is_left_out(element))
            continue;
        if (element.tag == tags::SpecificCharacterSet || element.tag == tags::TimezoneOffsetFromUTC) {
            for (DataSet& level : levels)
                level.append(element);
            continue;
        }
        if (auto level = find_attribute_level(element.tag)) {
            levels[size_t(*level)].append(element);
            continue;
        }
        for (QueryLevel level : {QueryLevel::Study, QueryLevel::Series, QueryLevel::Image})
            levels[size_t(level)].append(element);
    }
    return levels;
}

Result<SqlBlob> encode_attributes(const DataSet& attributes)
{
    VectorSink sink;
    ROENTGEN_TRY(write_data_set(attributes, transfer_syntaxes::explicit_vr_little_endian(), sink));
    return std::move(sink.bytes());
}

Result<DataSet> decode_attributes(const SqlValue& blob, std::string_view what)
{
    const auto* bytes = std::get_if<SqlBlob>(&blob);
    if (!bytes)
        return make_error(Errc::Malformed, std::string(what) + ": attributes are not a blob");
    auto source = std::make_shared<MemorySource>(*bytes, std::string(what));
    ReadOptions options;
    options.bulk_threshold = std::numeric_limits<uint64_t>::max();
    return read_data_set(std::move(source), transfer_syntaxes::explicit_vr_little_endian(), options);
}

}  // namespace roentgen::index::internal
