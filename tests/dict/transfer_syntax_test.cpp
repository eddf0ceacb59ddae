// tests/dict/transfer_syntax_test.cpp — transfer syntax descriptors (PS3.5 10, Annex A).
#include "dict/transfer_syntax.h"

#include <gtest/gtest.h>

#include "dict/generated/uids.h"
#include "dict/uid_registry.h"

namespace roentgen {
namespace {

TEST(TransferSyntax, TheUncompressedSyntaxes)
{
    const auto& implicit = transfer_syntaxes::implicit_vr_little_endian();
    EXPECT_EQ(implicit.uid, "1.2.840.10008.1.2");
    EXPECT_FALSE(implicit.explicit_vr);
    EXPECT_EQ(implicit.byte_order, ByteOrder::Little);
    EXPECT_FALSE(implicit.encapsulated);
    EXPECT_FALSE(implicit.deflated);
    EXPECT_FALSE(implicit.retired);

    const auto& explicit_le = transfer_syntaxes::explicit_vr_little_endian();
    EXPECT_EQ(explicit_le.uid, "1.2.840.10008.1.2.1");
    EXPECT_TRUE(explicit_le.explicit_vr);
    EXPECT_EQ(explicit_le.byte_order, ByteOrder::Little);
    EXPECT_FALSE(explicit_le.encapsulated);

    const auto& big = transfer_syntaxes::explicit_vr_big_endian();
    EXPECT_EQ(big.uid, "1.2.840.10008.1.2.2");
    EXPECT_TRUE(big.explicit_vr);
    EXPECT_EQ(big.byte_order, ByteOrder::Big);
    EXPECT_TRUE(big.retired);
    EXPECT_FALSE(big.encapsulated);

    const auto& deflated = transfer_syntaxes::deflated_explicit_vr_little_endian();
    EXPECT_EQ(deflated.uid, "1.2.840.10008.1.2.1.99");
    EXPECT_TRUE(deflated.deflated);
    EXPECT_TRUE(deflated.explicit_vr);
    EXPECT_FALSE(deflated.encapsulated);
}

TEST(TransferSyntax, FindReturnsTheSameDescriptors)
{
    EXPECT_EQ(find_transfer_syntax(uids::ImplicitVRLittleEndian), &transfer_syntaxes::implicit_vr_little_endian());
    EXPECT_EQ(find_transfer_syntax(uids::ExplicitVRBigEndian), &transfer_syntaxes::explicit_vr_big_endian());
    EXPECT_EQ(find_transfer_syntax("1.2.840.10008.1.2.4.50")->name, "JPEG Baseline (Process 1)");
}

TEST(TransferSyntax, CompressedSyntaxesAreEncapsulated)
{
    // PS3.5 A.4: every compressed syntax encapsulates Pixel Data, including the "uncompressed"
    // encapsulated one (A.4.11) and deflated image frames (A.4.12).
    for (auto uid : {uids::JPEGBaseline8Bit, uids::JPEGLossless, uids::JPEGLosslessSV1, uids::JPEGLSLossless,
                     uids::JPEG2000, uids::HTJ2K, uids::RLELossless, uids::MPEG2MPML, uids::HEVCMP51, uids::JPEGXL,
                     uids::EncapsulatedUncompressedExplicitVRLittleEndian, uids::DeflatedImageFrameCompression}) {
        const auto* ts = find_transfer_syntax(uid);
        ASSERT_NE(ts, nullptr) << uid;
        EXPECT_TRUE(ts->encapsulated) << uid;
        EXPECT_TRUE(ts->explicit_vr) << uid;
        EXPECT_FALSE(ts->deflated) << uid;
        EXPECT_EQ(ts->byte_order, ByteOrder::Little) << uid;
    }
}

TEST(TransferSyntax, JpipSyntaxesReferencePixelsAndSomeDeflate)
{
    // PS3.5 A.6, A.7: JPIP referenced syntaxes carry a Pixel Data Provider URL, no pixel data.
    for (auto uid : {uids::JPIPReferenced, uids::JPIPHTJ2KReferenced}) {
        EXPECT_FALSE(find_transfer_syntax(uid)->encapsulated) << uid;
        EXPECT_FALSE(find_transfer_syntax(uid)->deflated) << uid;
    }
    for (auto uid : {uids::JPIPReferencedDeflate, uids::JPIPHTJ2KReferencedDeflate}) {
        EXPECT_FALSE(find_transfer_syntax(uid)->encapsulated) << uid;
        EXPECT_TRUE(find_transfer_syntax(uid)->deflated) << uid;
    }
}

TEST(TransferSyntax, RetiredImplicitPapyrus)
{
    const auto* papyrus = find_transfer_syntax(uids::Papyrus3ImplicitVRLittleEndian);
    ASSERT_NE(papyrus, nullptr);
    EXPECT_FALSE(papyrus->explicit_vr);
    EXPECT_TRUE(papyrus->retired);
    EXPECT_FALSE(papyrus->encapsulated);
}

TEST(TransferSyntax, OnlyTransferSyntaxUidsAreFound)
{
    EXPECT_EQ(find_transfer_syntax(uids::CTImageStorage), nullptr);
    EXPECT_EQ(find_transfer_syntax(uids::Verification), nullptr);
    EXPECT_EQ(find_transfer_syntax(""), nullptr);
    EXPECT_EQ(find_transfer_syntax("1.2.840.10008.1.2.4.999"), nullptr);
    size_t found = 0;
    for (const auto& e : uid_entries()) {
        const auto* ts = find_transfer_syntax(e.uid);
        EXPECT_EQ(ts != nullptr, e.type == "Transfer Syntax") << e.uid;
        if (ts) {
            ++found;
            EXPECT_EQ(ts->uid, e.uid);
            EXPECT_EQ(ts->name, e.name);
            EXPECT_EQ(ts->retired, e.retired);
            // Only the two implicit syntaxes are implicit; only one is big endian.
            EXPECT_EQ(ts->explicit_vr,
                      e.uid != uids::ImplicitVRLittleEndian && e.uid != uids::Papyrus3ImplicitVRLittleEndian)
                << e.uid;
            EXPECT_EQ(ts->byte_order == ByteOrder::Big, e.uid == uids::ExplicitVRBigEndian) << e.uid;
        }
    }
    EXPECT_EQ(found, 63u);
}

} // namespace
} // namespace roentgen
