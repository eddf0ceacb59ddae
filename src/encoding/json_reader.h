// encoding/json_reader.h — the DICOM JSON Model of PS3.18 F.2 read back into DataSets (STOW-RS JSON, dcm2json output).
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/data_set.h"

namespace roentgen {

/// Fetches the value a BulkDataURI names (PS3.18 F.2.6), e.g. from a STOW-RS multipart body.
using BulkDataResolver = std::function<Result<BulkData>(std::string_view uri, Tag tag, VR vr)>;

struct JsonReadOptions {
    /// Without a resolver a BulkDataURI is an error (Errc::Unsupported) naming the attribute.
    BulkDataResolver bulk_data_resolver;
    /// Deepest sequence nesting accepted before the input is declared malformed.
    unsigned max_depth = 64;

    JsonReadOptions& with_bulk_data_resolver(BulkDataResolver resolver)
    {
        bulk_data_resolver = std::move(resolver);
        return *this;
    }
};

/// Reads one DICOM JSON Model object into a DataSet, the inverse of write_json():
/// - string values are encoded into the character set named by the object's own "00080005"
///   (items inherit it unless they carry one), joined with backslash and padded to even length
///   with the VR's padding byte; null values become empty values (F.2.5);
/// - PN objects are joined as Alphabetic=Ideographic=Phonetic with trailing empty groups dropped
///   (PS3.5 6.2.1.2); a plain string is accepted as the whole name, as some servers send one;
/// - IS and DS accept numbers and strings (F.2.3): numbers become IS/DS text (DS at most 16
///   characters), strings are kept as written;
/// - US SS UL SL SV UV, FL FD and AT values become little-endian binary; SV and UV also accept
///   strings, FL and FD the strings "NaN", "Infinity" and "-Infinity";
/// - InlineBinary (a string, or an array of one string as in the PS3.18 F.4 example) is base64
///   decoded as the little-endian value field; BulkDataURI goes to the resolver;
/// - an attribute without a value key is present and empty; sequence items keep their order.
/// Errors name the JSON Pointer (RFC 6901) of the offending member and the tag.
[[nodiscard]] Result<DataSet> read_json(std::string_view json, const JsonReadOptions& options = {});
/// Reads a JSON array of DICOM JSON Model objects (a QIDO-RS or metadata response).
[[nodiscard]] Result<std::vector<DataSet>> read_json_array(std::string_view json, const JsonReadOptions& options = {});

}  // namespace roentgen
