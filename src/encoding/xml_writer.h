// encoding/xml_writer.h — a DataSet as the Native DICOM Model XML of PS3.19 A.1 (WADO-RS application/dicom+xml).
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "base/result.h"
#include "encoding/json_xml_values.h"
#include "model/data_set.h"

namespace roentgen {

struct XmlWriteOptions {
    /// Spaces per nesting level, each element on its own line; 0 writes no whitespace between
    /// elements (the model declares xml:space="preserve", so indentation is cosmetic only).
    unsigned indent = 0;
    /// Binary values (OB OD OF OL OV OW UN, and encapsulated Pixel Data) longer than this many
    /// bytes are written as <BulkData uri="…"/> when `bulk_data_uri` is set, else <InlineBinary>.
    uint64_t bulk_data_threshold = std::numeric_limits<uint64_t>::max();
    BulkDataUriMaker bulk_data_uri;
    /// Only binary numeric values whose length is not a whole number of values are affected:
    /// Fail errors, the other policies leave the element out.
    InvalidNumberPolicy invalid_numbers = InvalidNumberPolicy::AsString;

    XmlWriteOptions& with_indent(unsigned n) { indent = n; return *this; }
    XmlWriteOptions& with_bulk_data(uint64_t threshold, BulkDataUriMaker maker)
    {
        bulk_data_threshold = threshold;
        bulk_data_uri = std::move(maker);
        return *this;
    }
};

/// The Native DICOM Model document of `data_set` (PS3.19 A.1.5, schema A.1.6), UTF-8:
/// - <NativeDicomModel xmlns="http://dicom.nema.org/PS3.19/models/NativeDICOM" xml:space="preserve">
///   holding one <DicomAttribute tag vr keyword?> per element in tag order, without group lengths;
/// - a private data element has tag "gggg00ee" and privateCreator (A.1.5: the block is conveyed
///   by the creator, not the tag), and the Private Creator elements themselves are not written;
///   a private element whose block has no creator keeps its tag and has no privateCreator;
/// - values are <Value number="n"> from 1, an empty value in a multi-valued element an empty
///   <Value number="n"/>; strings decoded with the Specific Character Set (inherited by items),
///   IS and DS as their text; AT as "GGGGEEEE"; FL and FD as for JSON ("NaN", "Infinity");
/// - PN values are <PersonName number="n"> with <Alphabetic>, <Ideographic>, <Phonetic> groups
///   of <FamilyName>, <GivenName>, <MiddleName>, <NamePrefix>, <NameSuffix> (PS3.19 Table 10.2-1),
///   only the non-empty ones;
/// - sequences are <Item number="n"> holding the item's attributes;
/// - binary values are <InlineBinary> base64 or <BulkData uri="…"/>.
/// Text is XML-escaped; characters XML 1.0 cannot carry (C0 controls other than TAB, LF, CR) and
/// invalid UTF-8 become U+FFFD.
[[nodiscard]] Result<std::string> write_xml(const DataSet& data_set, const XmlWriteOptions& options = {});
/// The File Meta Information and the data set in one document (meta first; meta wins on duplicates).
[[nodiscard]] Result<std::string> write_xml(const DataSet& meta, const DataSet& data_set,
                                            const XmlWriteOptions& options = {});

}  // namespace roentgen
