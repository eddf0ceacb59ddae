// encoding/json_writer.h — a DataSet as the DICOM JSON Model of PS3.18 F.2 (DICOMweb metadata, dcm2json).
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>

#include "base/result.h"
#include "encoding/json_xml_values.h"
#include "model/data_set.h"

namespace roentgen {

struct JsonWriteOptions {
    /// Spaces per nesting level; 0 writes compact JSON with no whitespace at all. With indent the
    /// layout is that of Python's json.dumps(indent=n) and nlohmann's dump(n): one member or array
    /// element per line, "key": value, empty containers as [] and {}.
    unsigned indent = 0;
    /// Binary values (OB OD OF OL OV OW UN, and encapsulated Pixel Data) longer than this many
    /// bytes are written as BulkDataURI (PS3.18 F.2.6) when `bulk_data_uri` is set; every other
    /// binary value is InlineBinary base64 (F.2.7).
    uint64_t bulk_data_threshold = std::numeric_limits<uint64_t>::max();
    BulkDataUriMaker bulk_data_uri;
    InvalidNumberPolicy invalid_numbers = InvalidNumberPolicy::AsString;

    JsonWriteOptions& with_indent(unsigned n) { indent = n; return *this; }
    JsonWriteOptions& with_bulk_data(uint64_t threshold, BulkDataUriMaker maker)
    {
        bulk_data_threshold = threshold;
        bulk_data_uri = std::move(maker);
        return *this;
    }
    JsonWriteOptions& with_invalid_numbers(InvalidNumberPolicy policy) { invalid_numbers = policy; return *this; }
};

/// The DICOM JSON Model object of `data_set` (PS3.18 F.2), UTF-8, byte-stable for equal input:
/// - keys are the tags as eight upper-case hex digits in ascending order, private tags included
///   with their block number (F.2.2); group length elements (gggg,0000) are left out (F.2.2), as
///   are item and delimiter tags (FFFE,xxxx) that a damaged file left in a data set;
/// - each attribute object is {"vr": …} then one of "Value", "InlineBinary", "BulkDataURI";
///   an empty value (and a sequence with no items) has no value key (F.2.5); an empty value
///   between backslashes is null (F.2.5); an empty item is {};
/// - strings are decoded with the data set's Specific Character Set, items inheriting it unless
///   they carry their own (0008,0005) (PS3.5 7.5.3); trailing padding and the spaces PS3.5 6.2
///   calls insignificant are removed;
/// - PN values are objects with the non-empty groups among "Alphabetic", "Ideographic",
///   "Phonetic" (F.2.2); AT values are "GGGGEEEE" (F.2.3);
/// - IS and DS are JSON numbers (F.2.3): IS as integers, DS as the shortest text of the double
///   (the layout of Python's repr, so that output matches pydicom's). A value that is not a number
///   follows `invalid_numbers`;
/// - FL and FD are numbers, the single-precision value widened exactly to double; NaN and the
///   infinities, which JSON cannot express, are the strings "NaN", "Infinity", "-Infinity";
/// - a value whose VR is not SQ but that was read as a sequence (UN of undefined length,
///   PS3.5 6.2.2) is written with "vr": "SQ".
[[nodiscard]] Result<std::string> write_json(const DataSet& data_set, const JsonWriteOptions& options = {});
/// The File Meta Information and the data set merged into one object (keys still in order), as
/// dcm2json and the corpus references write a Part 10 file. On a duplicate tag the meta element wins.
[[nodiscard]] Result<std::string> write_json(const DataSet& meta, const DataSet& data_set,
                                             const JsonWriteOptions& options = {});
/// A JSON array of DICOM JSON Model objects, as QIDO-RS and WADO-RS metadata responses carry
/// (PS3.18 F.2.1).
[[nodiscard]] Result<std::string> write_json_array(std::span<const DataSet> data_sets,
                                                   const JsonWriteOptions& options = {});

}  // namespace roentgen
