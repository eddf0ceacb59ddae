// index/attribute_matching.h — C-FIND attribute matching (PS3.4 C.2.2.2) and response identifiers (C.4.1.2).
#pragma once

#include <vector>

#include "base/result.h"
#include "index/query_level.h"
#include "model/data_set.h"

namespace roentgen::index {

/// How PN values compare in Single Value and Wild Card Matching. PS3.4 C.2.2.2.1 lets an SCP match
/// PN insensitively to case; DCMTK and Orthanc do by default, and so do we. Only ASCII letters fold:
/// other characters compare exactly.
enum class PersonNameCase { Insensitive, Sensitive };

struct MatchOptions {
    PersonNameCase person_name_case = PersonNameCase::Insensitive;
};

/// Whether `candidate` matches one key (PS3.4 C.2.2.2), by the key's VR:
/// - Universal Matching (C.2.2.2.3): a zero-length key (or one of padding or backslashes only), a
///   sequence key with no item or whose item holds only universal keys, and, for the VRs that take
///   wild cards, a key of '*' alone (C.2.2.2.4 note). These match candidates without the attribute.
/// - Any other key needs a non-empty candidate value: an absent or empty candidate never matches.
/// - Wild Card Matching (C.2.2.2.4) for AE, CS, LO, LT, PN, SH, ST, UC, UR, UT: '*' is any run of
///   characters (possibly none), '?' exactly one character (one code point of the UTF-8 text).
///   Other VRs read '*' and '?' literally.
/// - Single Value Matching (C.2.2.2.1): exact and case-sensitive after removing the VR's padding
///   (PS3.5 6.2), except PN (see PersonNameCase); IS and DS compare as numbers when both parse
///   ("+7" matches "007", CP-2305 leaves it to the implementation); binary VRs value by value.
/// - PN: the whole value is compared, with empty trailing components and groups ignored on both
///   sides ("Smith^John^^" matches "Smith^John"); a key without '=' also matches the candidate's
///   alphabetic group alone ("Yamada^Tarou" matches "Yamada^Tarou=山田^太郎").
/// - Range Matching (C.2.2.2.5) for DA, TM, DT: "A-B", "A-", "-B", bounds inclusive of their
///   whole period; a single value is the range of its own period ("10" matches "1030", "2024"
///   as DT matches any DT in 2024). DT offsets are honoured; a DT without one is read at the
///   Timezone Offset From UTC (0008,0201) of its data set, or as UTC when there is none (a
///   simplification of C.2.2.2.5.3 d). Combined date-time matching (C.2.2.2.5.4) is not done.
///   A key value that does not parse compares literally (so it matches nothing in practice).
/// - List of UID Matching (C.2.2.2.2): a UI key of several values matches any of them. A
///   multi-valued key of any other VR is read the same way (any key value), as DCMTK does for
///   Modalities In Study.
/// - Multi-valued candidates match when any of their values matches.
/// - Sequence Matching (C.2.2.2.6): the candidate must hold an item that matches every key of the
///   key's item (with several key items, any of them).
/// Text of the VRs that use the character set is decoded first: the key is read in the
/// candidate's Specific Character Set here (matches_all() reads it in the identifier's).
[[nodiscard]] bool matches(const Element& key, const DataSet& candidate, const MatchOptions& options = {});

/// Whether `candidate` matches every key of `identifier` (PS3.4 C.2.2.2). Not keys: Specific
/// Character Set (it says how the keys are encoded), Query/Retrieve Level and View, Timezone
/// Offset From UTC (it qualifies the DT keys), group lengths and groups below 0008 (PS3.4
/// C.4.1.1.3: command and meta elements are not part of an identifier).
[[nodiscard]] bool matches_all(const DataSet& identifier, const DataSet& candidate, const MatchOptions& options = {});

/// The identifier of a C-FIND response for a match (PS3.4 C.4.1.1.3.2, C.4.1.2.3): every key of
/// `identifier` with the candidate's value, or zero length when the candidate has none;
/// Query/Retrieve Level echoed; Specific Character Set when the candidate has one (the values
/// are the candidate's, in its encoding). A sequence key gets one item per candidate item, each
/// holding the key item's attributes filled from it (recursively); a sequence key without items,
/// or with an empty item, gets the candidate's items whole. Keys dropped: those of groups below
/// 0008 and group lengths.
[[nodiscard]] DataSet response_for(const DataSet& identifier, const DataSet& candidate);

/// Checks an identifier of the Patient Root or Study Root model before matching and returns its
/// level: Query/Retrieve Level (0008,0052) present, one value, and one of PATIENT, STUDY, SERIES,
/// IMAGE (PS3.4 C.6.1.1.1); DA/TM/DT keys that parse as values or ranges (C.2.2.2.5; a TM range
/// may not cross midnight); no '*' or '?' in UI keys (C.2.2.2.4); at most one item in a sequence
/// key (C.2.2.2.6). Errors are InvalidArgument naming the attribute and what is wrong with it.
/// Keys of levels below the query level and missing unique keys of the levels above are not
/// errors: matching is relational.
[[nodiscard]] Result<QueryLevel> validate_identifier(const DataSet& identifier);

} // namespace roentgen::index
