// dict/transfer_syntax.cpp — transfer syntax descriptors derived from the UID registry.
#include "dict/transfer_syntax.h"

#include <vector>

#include "dict/generated/uids.h"
#include "dict/uid_registry.h"

namespace roentgen {

namespace {

TransferSyntax describe(const UidEntry& entry)
{
    TransferSyntax ts;
    ts.uid = entry.uid;
    ts.name = entry.name;
    ts.retired = entry.retired;
    ts.explicit_vr = entry.uid != uids::ImplicitVRLittleEndian && entry.uid != uids::Papyrus3ImplicitVRLittleEndian;
    ts.byte_order = entry.uid == uids::ExplicitVRBigEndian ? ByteOrder::Big : ByteOrder::Little;
    ts.deflated = entry.uid == uids::DeflatedExplicitVRLittleEndian || entry.uid == uids::JPIPReferencedDeflate ||
                  entry.uid == uids::JPIPHTJ2KReferencedDeflate;
    // Native (not encapsulated) pixel data: the plain uncompressed syntaxes, deflate, JPIP
    // referenced (no pixel data at all) and the XML/MIME encodings.
    bool native = entry.uid == uids::ImplicitVRLittleEndian || entry.uid == uids::ExplicitVRLittleEndian ||
                  entry.uid == uids::ExplicitVRBigEndian || ts.deflated || entry.uid == uids::JPIPReferenced ||
                  entry.uid == uids::JPIPHTJ2KReferenced || entry.uid == uids::Papyrus3ImplicitVRLittleEndian ||
                  entry.uid == uids::RFC2557MIMEEncapsulation || entry.uid == uids::XMLEncoding;
    ts.encapsulated = !native;
    return ts;
}

const std::vector<TransferSyntax>& all_transfer_syntaxes()
{
    static const std::vector<TransferSyntax> all = [] {
        std::vector<TransferSyntax> v;
        for (const auto& entry : uid_entries())
            if (entry.type == "Transfer Syntax")
                v.push_back(describe(entry));
        return v;
    }();
    return all;
}

const TransferSyntax& must_find(std::string_view uid)
{
    return *find_transfer_syntax(uid);
}

}  // namespace

const TransferSyntax* find_transfer_syntax(std::string_view uid)
{
    for (const auto& ts : all_transfer_syntaxes())
        if (ts.uid == uid)
            return &ts;
    return nullptr;
}

namespace transfer_syntaxes {
const TransferSyntax& implicit_vr_little_endian() { return must_find(uids::ImplicitVRLittleEndian); }
const TransferSyntax& explicit_vr_little_endian() { return must_find(uids::ExplicitVRLittleEndian); }
const TransferSyntax& explicit_vr_big_endian() { return must_find(uids::ExplicitVRBigEndian); }
const TransferSyntax& deflated_explicit_vr_little_endian() { return must_find(uids::DeflatedExplicitVRLittleEndian); }
}  // namespace transfer_syntaxes

}  // namespace roentgen
