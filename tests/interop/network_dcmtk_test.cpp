// tests/interop/network_dcmtk_test.cpp — `roentgen echo/store/receive` against DCMTK 3.6.7: our SCU to
// storescp (as-is where the syntax is accepted, converted where not; an asynchronous window, small
// PDUs, a 72 MB data set, folders, aborts and rejections), DCMTK's echoscu and storescu to our SCP
// (byte-identical to what storescp +B receives from the same commands), and both directions over
// TLS with certificates made by openssl.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <span>

#include "interop/network_support.h"

namespace roentgen {
namespace {

using namespace network_testing;

/// Corpus files dcmdump reads without complaint, with distinct SOP Instance UIDs, in the syntax
/// MANIFEST.tsv gives them.
struct CorpusFile {
    const char* path;
    const char* syntax;
};

constexpr CorpusFile store_set[] = {
    {"pydicom/test_files/CT_small.dcm", "1.2.840.10008.1.2.1"},
    {"pydicom-data/MR2_UNCR.dcm", "1.2.840.10008.1.2.1"},
    {"dcm4che/test-data/NM-MONO2-16-13x-heart", "1.2.840.10008.1.2.1"},  // no meta SOP Instance UID
    {"pydicom/test_files/test-SR.dcm", "1.2.840.10008.1.2.1"},
    {"dcm4che/assembly-testdata/MR01.dcm", "1.2.840.10008.1.2"},
    {"dcm4che/assembly-testdata/MR02.dcm", "1.2.840.10008.1.2"},
    {"pydicom/test_files/MR_small_implicit.dcm", "1.2.840.10008.1.2"},
    {"pydicom/test_files/ExplVR_BigEnd.dcm", "1.2.840.10008.1.2.2"},
    {"pydicom-data/SC_rgb_expb.dcm", "1.2.840.10008.1.2.2"},
    {"pydicom-data/liver_expb.dcm", "1.2.840.10008.1.2.2"},
    {"pydicom/test_files/image_dfl.dcm", "1.2.840.10008.1.2.1.99"},  // odd-length deflated stream
    {"dcm4che/test-data/report_dfl", "1.2.840.10008.1.2.1.99"},
    {"pydicom-data/liver_rle.dcm", "1.2.840.10008.1.2.5"},
    {"pydicom/test_files/rtdose_rle.dcm", "1.2.840.10008.1.2.5"},
    {"wearemothership-dicom-test-files/medical.nema.org/compsamples_rle_20040210/IMAGES/RLE/NM1_RLE",
     "1.2.840.10008.1.2.5"},
    {"pylibjpeg-data/JPEGBaseline/JPEGBaseline_1s_1f_u_08_08.dcm", "1.2.840.10008.1.2.4.50"},
    {"pydicom/test_files/SC_rgb_small_odd_jpeg.dcm", "1.2.840.10008.1.2.4.50"},
    {"pydicom/test_files/examples_ybr_color.dcm", "1.2.840.10008.1.2.4.50"},  // 30 frames
    {"pydicom/test_files/JPEG-lossy.dcm", "1.2.840.10008.1.2.4.51"},
    {"pylibjpeg-data/JPEGLossless/JPEGLossless_1s_1f_u_16_12.dcm", "1.2.840.10008.1.2.4.57"},
    {"pydicom-data/JPEG-LL.dcm", "1.2.840.10008.1.2.4.70"},
    {"dcm4che/test-data/CT-JPEGLosslessSV1.dcm", "1.2.840.10008.1.2.4.70"},
    {"pydicom-data/JLSL_08_07_0_1F.dcm", "1.2.840.10008.1.2.4.80"},
    {"wearemothership-dicom-test-files/medical.nema.org/compsamples_jpegls/IMAGES/JLSL/CT1_JLSL",
     "1.2.840.10008.1.2.4.80"},
    {"pydicom/test_files/JPEGLSNearLossless_08.dcm", "1.2.840.10008.1.2.4.81"},
    {"pydicom/test_files/SC_rgb_jls_lossy_line.dcm", "1.2.840.10008.1.2.4.81"},
    {"pydicom-data/emri_small_jpeg_2k_lossless.dcm", "1.2.840.10008.1.2.4.90"},  // 10 frames
    {"wearemothership-dicom-test-files/medical.nema.org/compsamples_j2k/IMAGES/J2KR/CT1_J2KR",
     "1.2.840.10008.1.2.4.90"},
    {"pydicom/test_files/examples_jpeg2k.dcm", "1.2.840.10008.1.2.4.90"},  // YBR_RCT
    {"pydicom/test_files/JPEG2000.dcm", "1.2.840.10008.1.2.4.91"},
    {"pydicom-data/US1_J2KI.dcm", "1.2.840.10008.1.2.4.91"},
    {"pydicom-data/HTJ2KLossless_08_RGB.dcm", "1.2.840.10008.1.2.4.201"},
    {"pydicom-data/liver_deflate.dcm", "1.2.840.10008.1.2.8.1"},  // Deflated Image Frame Compression
};

/// What storescp +xa (DCMTK 3.6.7) does not accept: Process 14 JPEG lossless (only SV1 is in its
/// list), HTJ2K and Deflated Image Frame Compression (unknown to it).
const std::set<std::string> refused_by_accept_all = {"1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.201",
                                                     "1.2.840.10008.1.2.8.1"};

/// The syntaxes of our storescp profile (storescp_profile()): uncompressed, deflated, RLE, JPEG,
/// JPEG-LS, and none of JPEG 2000, HTJ2K or Deflated Image Frame Compression.
const std::vector<std::string> profile_syntaxes = {
    "1.2.840.10008.1.2.1",    "1.2.840.10008.1.2",      "1.2.840.10008.1.2.2",    "1.2.840.10008.1.2.1.99",
    "1.2.840.10008.1.2.5",    "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57",
    "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81"};
const std::set<std::string> refused_by_profile = {"1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91",
                                                  "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.8.1"};

struct Original {
    std::string relative;
    std::string path;
    StoredObject object;
};

/// The files read, each in its declared syntax, SOP Instance UIDs distinct.
std::vector<Original> load(const std::vector<std::string>& relatives)
{
    std::vector<Original> originals;
    std::set<std::string> uids;
    for (const auto& relative : relatives) {
        Original original{relative, corpus_path(relative), {}};
        original.object = read_object(original.path);
        EXPECT_EQ(original.object.error, "") << relative;
        EXPECT_FALSE(original.object.sop_instance_uid.empty()) << relative;
        EXPECT_TRUE(uids.insert(original.object.sop_instance_uid).second) << relative << ": UID used twice";
        originals.push_back(std::move(original));
    }
    return originals;
}

std::vector<std::string> relatives_of(std::span<const CorpusFile> files)
{
    std::vector<std::string> relatives;
    for (const auto& file : files)
        relatives.emplace_back(file.path);
    return relatives;
}

std::vector<std::string> paths_of(const std::vector<Original>& originals)
{
    std::vector<std::string> paths;
    for (const auto& original : originals)
        paths.push_back(original.path);
    return paths;
}

/// Each original arrived once: unchanged (same syntax, same data set bytes) when its syntax is not
/// in `refused`, else converted (decompressed, or re-encoded) to uncompressed little endian with the
/// same decoded pixels.
void expect_arrivals(const std::vector<Original>& originals, const std::string& folder,
                     const std::set<std::string>& refused)
{
    auto received = received_objects(folder);
    EXPECT_EQ(received.size(), originals.size());
    size_t transcoded = 0, expected_transcoded = 0;
    for (const auto& original : originals) {
        SCOPED_TRACE(original.relative);
        auto found = received.find(original.object.sop_instance_uid);
        if (found == received.end()) {
            ADD_FAILURE() << "did not arrive";
            continue;
        }
        const auto& object = found->second;
        ASSERT_EQ(object.error, "");
        EXPECT_EQ(object.sop_class_uid, original.object.sop_class_uid);
        if (refused.contains(original.object.transfer_syntax_uid)) {
            ++expected_transcoded;
            transcoded += object.transfer_syntax_uid != original.object.transfer_syntax_uid;
            EXPECT_TRUE(transcoded_with_same_pixels(original.path, object));
        } else {
            EXPECT_EQ(object.transfer_syntax_uid, original.object.transfer_syntax_uid);
            EXPECT_TRUE(same_data_set(original.object.data_set, object.data_set));
        }
    }
    EXPECT_EQ(transcoded, expected_transcoded);
}

/// A storescp configuration (-xf FILE Default): Verification, and each SOP class with `syntaxes`.
std::string storescp_profile(const std::vector<Original>& originals, const std::vector<std::string>& syntaxes)
{
    std::string text = "[[TransferSyntaxes]]\n[Chosen]\n";
    for (size_t i = 0; i < syntaxes.size(); ++i)
        text += "TransferSyntax" + std::to_string(i + 1) + " = " + syntaxes[i] + "\n";
    text += "[Uncompressed]\nTransferSyntax1 = 1.2.840.10008.1.2.1\nTransferSyntax2 = 1.2.840.10008.1.2\n";
    text += "[[PresentationContexts]]\n[Storage]\nPresentationContext1 = 1.2.840.10008.1.1\\Uncompressed\n";
    std::set<std::string> sop_classes;
    for (const auto& original : originals)
        sop_classes.insert(original.object.sop_class_uid);
    size_t context = 2;
    for (const auto& sop_class : sop_classes)
        text += "PresentationContext" + std::to_string(context++) + " = " + sop_class + "\\Chosen\n";
    text += "[[Profiles]]\n[Default]\nPresentationContexts = Storage\n";
    return text;
}

/// storescp on a free port writing bit-preserved files to `folder`, started and listening.
::testing::AssertionResult start_storescp(Process& process, uint16_t& port, const Scratch& scratch,
                                          const std::string& folder, const std::vector<std::string>& options)
{
    port = free_port();
    std::vector<std::string> argv = {"storescp", "-aet", "STORESCP", "-od", folder, "+B"};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.push_back(std::to_string(port));
    if (auto started = process.start(argv, scratch.file("storescp-" + std::to_string(port) + ".log")); !started)
        return started;
    return wait_until_listening(process, port);
}

/// storescp ends on SIGTERM by the signal (it installs no handler): it must not have died before.
void expect_stopped(Process& storescp)
{
    const bool was_running = storescp.running();
    EXPECT_TRUE(was_running) << storescp.log();
    const int status = storescp.stop();
    if (was_running) {
        EXPECT_EQ(status, 128 + SIGTERM) << storescp.log();
    }
}

std::vector<std::string> roentgen(std::vector<std::string> arguments)
{
    arguments.insert(arguments.begin(), roentgen_binary().string());
    return arguments;
}

std::string storescp_peer(uint16_t port) { return "STORESCP@127.0.0.1:" + std::to_string(port); }

/// "N of M file(s) stored to AE" starts the summary line.
std::string summary(size_t stored, size_t total, const std::string& ae)
{
    return std::to_string(stored) + " of " + std::to_string(total) + " file(s) stored to " + ae;
}

// ---------------------------------------------------------------------------------------------
// Our SCU, storescp as the SCP

TEST(NetworkDcmtk, EchoToStorescp)
{
    Scratch scratch("echo");
    Process storescp;
    uint16_t port = 0;
    ASSERT_TRUE(start_storescp(storescp, port, scratch, scratch.folder("in"), {}));
    auto echo = run(roentgen({"echo", storescp_peer(port), "--aet", "ECHOER", "--repeat", "3"}), scratch.file("echo.log"));
    EXPECT_EQ(echo.status, 0) << echo.output;
    EXPECT_NE(echo.output.find(storescp_peer(port) + " answered 3 C-ECHOs"), std::string::npos) << echo.output;

    // Nothing listens there: the echo fails rather than reporting success.
    auto nobody = run(roentgen({"echo", "STORESCP@127.0.0.1:" + std::to_string(free_port()), "--connect-timeout", "2"}),
                      scratch.file("nobody.log"));
    EXPECT_EQ(nobody.status, 1) << nobody.output;
    expect_stopped(storescp);
}

// storescp with a profile that refuses JPEG 2000, HTJ2K and deflated frames: the files in those
// arrive decompressed, every other file byte for byte as it is on disk.
TEST(NetworkDcmtk, StoreToStorescpSendsAcceptedSyntaxesAsIsAndDecompressesTheRest)
{
    Scratch scratch("store");
    auto originals = load(relatives_of(store_set));
    for (size_t i = 0; i < originals.size(); ++i)
        ASSERT_EQ(originals[i].object.transfer_syntax_uid, store_set[i].syntax) << store_set[i].path;
    const auto profile = scratch.file("storescp.cfg");
    write_text(profile, storescp_profile(originals, profile_syntaxes));
    const auto folder = scratch.folder("in");
    Process storescp;
    uint16_t port = 0;
    ASSERT_TRUE(start_storescp(storescp, port, scratch, folder, {"-xf", profile, "Default"}));

    auto arguments = std::vector<std::string>{"store", storescp_peer(port)};
    for (const auto& path : paths_of(originals))
        arguments.push_back(path);
    auto store = run(roentgen(arguments), scratch.file("store.log"));
    EXPECT_EQ(store.status, 0) << store.output;
    EXPECT_NE(store.output.find(summary(originals.size(), originals.size(), "STORESCP")), std::string::npos)
        << store.output;
    expect_stopped(storescp);
    expect_arrivals(originals, folder, refused_by_profile);
}

// An asynchronous operations window proposed to storescp, which does not support one: it answers
// without the item (a window of 1), and every file arrives.
TEST(NetworkDcmtk, StoreWithMaxOutstandingToStorescp)
{
    Scratch scratch("store-async");
    auto originals = load(relatives_of(store_set));
    const auto folder = scratch.folder("in");
    Process storescp;
    uint16_t port = 0;
    ASSERT_TRUE(start_storescp(storescp, port, scratch, folder, {"+xa"}));
    auto arguments = std::vector<std::string>{"store", storescp_peer(port), "--max-outstanding", "4"};
    for (const auto& path : paths_of(originals))
        arguments.push_back(path);
    auto store = run(roentgen(arguments), scratch.file("store.log"));
    EXPECT_EQ(store.status, 0) << store.output;
    EXPECT_NE(store.output.find(summary(originals.size(), originals.size(), "STORESCP")), std::string::npos)
        << store.output;
    expect_stopped(storescp);
    expect_arrivals(originals, folder, refused_by_accept_all);
}

// --no-transcode: files in a refused syntax fail (listed, exit 1); the others still arrive.
TEST(NetworkDcmtk, StoreNoTranscodeFailsRefusedFilesOnly)
{
    Scratch scratch("store-no-transcode");
    auto originals = load({"pydicom/test_files/CT_small.dcm",
                           "wearemothership-dicom-test-files/medical.nema.org/compsamples_j2k/IMAGES/J2KR/CT1_J2KR",
                           "pydicom-data/HTJ2KLossless_08_RGB.dcm"});
    const auto profile = scratch.file("storescp.cfg");
    write_text(profile, storescp_profile(originals, profile_syntaxes));
    const auto folder = scratch.folder("in");
    Process storescp;
    uint16_t port = 0;
    ASSERT_TRUE(start_storescp(storescp, port, scratch, folder, {"-xf", profile, "Default"}));
    auto store = run(roentgen({"store", storescp_peer(port), "--no-transcode", originals[0].path, originals[1].path,
                               originals[2].path}),
                     scratch.file("store.log"));
    EXPECT_EQ(store.status, 1) << store.output;
    EXPECT_NE(store.output.find(summary(1, 3, "STORESCP")), std::string::npos) << store.output;
    EXPECT_NE(store.output.find(originals[1].path + ":"), std::string::npos) << store.output;
    EXPECT_NE(store.output.find(originals[2].path + ":"), std::string::npos) << store.output;
    expect_stopped(storescp);
    auto received = received_objects(folder);
    ASSERT_EQ(received.size(), 1u);
    EXPECT_TRUE(received.contains(originals[0].object.sop_instance_uid));
}

// storescp +xi accepts Implicit VR Little Endian only, the default every SCP supports (PS3.5 10.1):
// files in any other syntax, uncompressed ones included, arrive converted to it.
TEST(NetworkDcmtk, StoreToImplicitOnlyStorescpConvertsEveryOtherSyntax)
{
    Scratch scratch("store-implicit");
    auto originals = load({"pydicom/test_files/CT_small.dcm", "pydicom-data/SC_rgb_expb.dcm",
                           "dcm4che/assembly-testdata/MR01.dcm", "pydicom/test_files/image_dfl.dcm",
                           "pydicom-data/JPEG-LL.dcm", "pydicom-data/HTJ2KLossless_08_RGB.dcm"});
    const auto folder = scratch.folder("in");
    Process storescp;
    uint16_t port = 0;
    ASSERT_TRUE(start_storescp(storescp, port, scratch, folder, {"+xi"}));
    auto arguments = std::vector<std::string>{"store", storescp_peer(port)};
    for (const auto& path : paths_of(originals))
        arguments.push_back(path);
    auto store = run(roentgen(arguments), scratch.file("store.log"));
    EXPECT_EQ(store.status, 0) << store.output;
    EXPECT_NE(store.output.find(summary(originals.size(), originals.size(), "STORESCP")), std::string::npos)
        << store.output;
    expect_stopped(storescp);
    expect_arrivals(originals, folder,
                    {"1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.4.70",
                     "1.2.840.10008.1.2.4.201"});
    for (const auto& [uid, object] : received_objects(folder))
        EXPECT_EQ(object.transfer_syntax_uid, "1.2.840.10008.1.2") << uid;
}

// A folder given to `roentgen store` is sent recursively; storescp takes PDUs of 4 KiB at most.
TEST(NetworkDcmtk, StoreFolderRecursivelyToStorescpWithSmallPdu)
{
    Scratch scratch("store-folder");
    const std::vector<std::pair<std::string, std::string>> tree = {
        {"pydicom/test_files/CT_small.dcm", "a/CT_small.dcm"},
        {"pydicom-data/MR2_UNCR.dcm", "a/b/MR2_UNCR"},
        {"dcm4che/assembly-testdata/MR01.dcm", "a/b/c/MR01"},
        {"pydicom/test_files/image_dfl.dcm", "d/image_dfl.dcm"},
        {"pydicom-data/JPEG-LL.dcm", "d/e/JPEG-LL.dcm"},
        {"wearemothership-dicom-test-files/medical.nema.org/compsamples_rle_20040210/IMAGES/RLE/NM1_RLE", "d/e/NM1_RLE"},
        {"pydicom-data/HTJ2KLossless_08_RGB.dcm", "f/g/h/HTJ2K.dcm"},
        {"pylibjpeg-data/JPEGLossless/JPEGLossless_1s_1f_u_16_12.dcm", "f/P14.dcm"},
    };
    const auto input = scratch.folder("tree");
    std::vector<std::string> relatives;
    for (const auto& [source, target] : tree) {
        fs::create_directories((fs::path(input) / target).parent_path());
        fs::copy_file(corpus_path(source), fs::path(input) / target);
        relatives.push_back(source);
    }
    auto originals = load(relatives);
    const auto folder = scratch.folder("in");
    Process storescp;
    uint16_t port = 0;
    ASSERT_TRUE(start_storescp(storescp, port, scratch, folder, {"+xa", "-pdu", "4096"}));
    auto store = run(roentgen({"store", storescp_peer(port), input}), scratch.file("store.log"));
    EXPECT_EQ(store.status, 0) << store.output;
    EXPECT_NE(store.output.find(summary(tree.size(), tree.size(), "STORESCP")), std::string::npos) << store.output;
    expect_stopped(storescp);
    expect_arrivals(originals, folder, refused_by_accept_all);
}

// A data set above 64 MiB, which `roentgen store` streams from the file in slices: storescp gets
// every byte.
TEST(NetworkDcmtk, StoreLargeFileToStorescp)
{
    Scratch scratch("store-large");
    auto file = read_part10_file(corpus_path("pydicom/test_files/CT_small.dcm"));
    ASSERT_TRUE(file) << file.error().message;
    constexpr uint32_t frames = 2200, frame_bytes = 128 * 128 * 2;  // 72 MB of 128x128 16-bit frames
    std::vector<uint8_t> pixels(size_t(frames) * frame_bytes);
    uint32_t state = 1;
    for (auto& byte : pixels) {
        state = state * 1664525u + 1013904223u;
        byte = uint8_t(state >> 24);
    }
    file->data_set.set_string(tags::NumberOfFrames, VR::IS, std::to_string(frames));
    file->data_set.set(Element(tags::PixelData, VR::OW, BulkData::owned(std::move(pixels))));
    const auto large = scratch.file("large.dcm");
    ASSERT_TRUE(write_part10_file(*file, large));
    auto original = read_object(large);
    ASSERT_GT(original.data_set.size(), size_t(64) << 20);

    const auto folder = scratch.folder("in");
    Process storescp;
    uint16_t port = 0;
    ASSERT_TRUE(start_storescp(storescp, port, scratch, folder, {"+xa"}));
    auto store = run(roentgen({"store", storescp_peer(port), large}), scratch.file("store.log"), 60s);
    EXPECT_EQ(store.status, 0) << store.output;
    expect_stopped(storescp);
    auto received = received_objects(folder);
    ASSERT_EQ(received.size(), 1u);
    const auto& object = received.begin()->second;
    EXPECT_EQ(object.sop_instance_uid, original.sop_instance_uid);
    EXPECT_EQ(object.transfer_syntax_uid, original.transfer_syntax_uid);
    EXPECT_TRUE(object.data_set == original.data_set) << same_data_set(original.data_set, object.data_set).message();
}

// storescp aborts each association on its first C-STORE-RQ: every file is a failure, listed, and
// `roentgen store` ends (exit 1) instead of waiting.
TEST(NetworkDcmtk, StoreReportsEachFileWhenStorescpAborts)
{
    Scratch scratch("store-abort");
    auto originals = load({"pydicom/test_files/CT_small.dcm", "pydicom-data/JPEG-LL.dcm",
                           "dcm4che/assembly-testdata/MR01.dcm"});
    Process storescp;
    uint16_t port = 0;
    ASSERT_TRUE(start_storescp(storescp, port, scratch, scratch.folder("in"), {"+xa", "--abort-after"}));
    auto store = run(roentgen({"store", storescp_peer(port), originals[0].path, originals[1].path, originals[2].path}),
                     scratch.file("store.log"), 20s);
    EXPECT_EQ(store.status, 1) << store.output;
    EXPECT_NE(store.output.find(summary(0, 3, "STORESCP") + ", 3 failed"), std::string::npos) << store.output;
    for (const auto& original : originals)
        EXPECT_NE(store.output.find(original.path + ": "), std::string::npos) << store.output;
    expect_stopped(storescp);
}

TEST(NetworkDcmtk, StoreFailsWhenStorescpRejectsTheAssociation)
{
    Scratch scratch("store-refused");
    Process storescp;
    uint16_t port = 0;
    ASSERT_TRUE(start_storescp(storescp, port, scratch, scratch.folder("in"), {"--refuse"}));
    auto store = run(roentgen({"store", storescp_peer(port), corpus_path("pydicom/test_files/CT_small.dcm")}),
                     scratch.file("store.log"), 20s);
    EXPECT_EQ(store.status, 1) << store.output;
    EXPECT_NE(store.output.find("rejected"), std::string::npos) << store.output;
    EXPECT_NE(store.output.find(summary(0, 1, "STORESCP") + ", 1 not sent"), std::string::npos) << store.output;
    EXPECT_NE(store.output.find("(0.0 images/s, 0.0 MB/s)"), std::string::npos) << store.output;
    auto echo = run(roentgen({"echo", storescp_peer(port)}), scratch.file("echo.log"), 20s);
    EXPECT_EQ(echo.status, 1) << echo.output;
    expect_stopped(storescp);
}

// ---------------------------------------------------------------------------------------------
// DCMTK's SCUs, our SCP

/// storescu proposals for a group of files: -R (only their SOP classes) and the option that makes
/// storescu propose their own syntax, so that it sends them unconverted.
struct StorescuGroup {
    std::vector<std::string> options;
    std::vector<std::string> files;
    std::string converted_to = {};  ///< The syntax storescu converts them to; empty: their own.
};

const std::vector<StorescuGroup> storescu_groups = {
    {{},
     {"pydicom/test_files/CT_small.dcm", "pydicom-data/MR2_UNCR.dcm", "dcm4che/test-data/NM-MONO2-16-13x-heart",
      "pydicom/test_files/test-SR.dcm", "pydicom/test_files/ExplVR_BigEnd.dcm", "pydicom-data/SC_rgb_expb.dcm",
      "pydicom-data/liver_expb.dcm"}},
    {{"-xi"},
     {"dcm4che/assembly-testdata/MR01.dcm", "dcm4che/assembly-testdata/MR02.dcm",
      "pydicom/test_files/MR_small_implicit.dcm"}},
    {{"-xd"}, {"pydicom/test_files/image_dfl.dcm", "dcm4che/test-data/report_dfl"}},
    // Not rtdose_rle.dcm: storescu refuses it ("missing SOP class" in its data set).
    {{"-xr"},
     {"pydicom-data/liver_rle.dcm",
      "wearemothership-dicom-test-files/medical.nema.org/compsamples_rle_20040210/IMAGES/RLE/NM1_RLE"}},
    {{"-xy"},
     {"pylibjpeg-data/JPEGBaseline/JPEGBaseline_1s_1f_u_08_08.dcm", "pydicom/test_files/SC_rgb_small_odd_jpeg.dcm",
      "pydicom/test_files/examples_ybr_color.dcm"}},
    {{"-xx"}, {"pydicom/test_files/JPEG-lossy.dcm"}},
    {{"-xs"}, {"pydicom-data/JPEG-LL.dcm", "dcm4che/test-data/CT-JPEGLosslessSV1.dcm"}},
    {{"-xt"},
     {"pydicom-data/JLSL_08_07_0_1F.dcm",
      "wearemothership-dicom-test-files/medical.nema.org/compsamples_jpegls/IMAGES/JLSL/CT1_JLSL"}},
    {{"-xu"}, {"pydicom/test_files/JPEGLSNearLossless_08.dcm", "pydicom/test_files/SC_rgb_jls_lossy_line.dcm"}},
    {{"-xv"},
     {"pydicom-data/emri_small_jpeg_2k_lossless.dcm",
      "wearemothership-dicom-test-files/medical.nema.org/compsamples_j2k/IMAGES/J2KR/CT1_J2KR"}},
    {{"-xw"}, {"pydicom/test_files/JPEG2000.dcm", "pydicom-data/US1_J2KI.dcm"}},
    // Deflated by storescu on the way (storescu proposes deflate first, we take the first choice).
    {{"-xd"}, {"fo-dicom/TestPattern_Palette.dcm", "pydicom-data/parametric_map_float.dcm"}, "1.2.840.10008.1.2.1.99"},
    // PDUs of 4 KiB both ways.
    {{"-pdu", "4096", "--max-send-pdu", "4096"}, {"dcm4che/test-data/test16signed.dcm"}},
};

std::vector<std::string> storescu(const std::vector<std::string>& options, uint16_t port,
                                  const std::vector<std::string>& inputs, const std::string& called = "ROENTGEN")
{
    std::vector<std::string> argv = {"storescu", "-R"};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.insert(argv.end(), {"-aec", called, "127.0.0.1", std::to_string(port)});
    argv.insert(argv.end(), inputs.begin(), inputs.end());
    return argv;
}

/// What our SCP wrote is what storescp +B wrote from the same storescu commands: the same data set
/// bytes in the same syntax, in a file whose meta names the object; `expected_syntax` (by SOP
/// Instance UID) when given. DCMTK re-encodes what it sends (it drops group lengths, for one), so
/// storescp's bit-preserved copy, not the original file, is what went over the wire.
void expect_same_as_storescp(const std::string& ours, const std::string& storescp, size_t count,
                             const std::map<std::string, std::string>& expected_syntax = {})
{
    auto received = received_objects(ours), reference = received_objects(storescp);
    EXPECT_EQ(received.size(), count);
    EXPECT_EQ(reference.size(), count);
    for (const auto& [uid, expected] : reference) {
        SCOPED_TRACE(uid);
        auto found = received.find(uid);
        if (found == received.end()) {
            ADD_FAILURE() << "storescp received it, we did not";
            continue;
        }
        const auto& object = found->second;
        ASSERT_EQ(object.error, "");
        EXPECT_EQ(object.transfer_syntax_uid, expected.transfer_syntax_uid);
        if (auto syntax = expected_syntax.find(uid); syntax != expected_syntax.end()) {
            EXPECT_EQ(object.transfer_syntax_uid, syntax->second);
        }
        EXPECT_EQ(object.meta_sop_instance_uid, uid);
        EXPECT_EQ(object.meta_sop_class_uid, expected.sop_class_uid);
        EXPECT_EQ(fs::path(object.path).filename().string(), uid + ".dcm");
        EXPECT_TRUE(object.data_set == expected.data_set) << same_data_set(expected.data_set, object.data_set).message();
    }
}

/// dcmdump reads every file of `folder` without an error or warning.
void expect_dcmdump_reads(const Scratch& scratch, const std::string& folder)
{
    std::vector<std::string> argv = {"dcmdump", "-q"};
    for (const auto& entry : fs::directory_iterator(folder))
        argv.push_back(entry.path().string());
    auto dump = run(argv, scratch.file("dcmdump.log"));
    EXPECT_EQ(dump.status, 0) << dump.output.substr(0, 2000);
    // Its listing goes to the same log; an error or warning line starts with "E: " or "W: ".
    EXPECT_EQ(dump.output.find("\nE: "), std::string::npos) << dump.output.substr(0, 2000);
    EXPECT_EQ(dump.output.find("\nW: "), std::string::npos) << dump.output.substr(0, 2000);
}

TEST(NetworkDcmtk, EchoscuAndStorescuToReceive)
{
    Scratch scratch("dcmtk-scus");
    Receiver receiver;
    ASSERT_TRUE(start_receiver(receiver, scratch, "ours"));
    Process storescp;
    uint16_t reference_port = 0;
    const auto reference = scratch.folder("storescp");
    ASSERT_TRUE(start_storescp(storescp, reference_port, scratch, reference, {"+xa"}));

    auto echo = run({"echoscu", "-aec", "ROENTGEN", "127.0.0.1", std::to_string(receiver.port)},
                    scratch.file("echoscu.log"));
    EXPECT_EQ(echo.status, 0) << echo.output;

    size_t count = 0;
    std::map<std::string, std::string> syntaxes;
    for (const auto& group : storescu_groups) {
        std::vector<std::string> paths;
        for (const auto& file : group.files) {
            paths.push_back(corpus_path(file));
            auto original = read_object(paths.back());
            syntaxes[original.sop_instance_uid] =
                group.converted_to.empty() ? original.transfer_syntax_uid : group.converted_to;
        }
        count += paths.size();
        for (uint16_t port : {receiver.port, reference_port}) {
            auto argv = storescu(group.options, port, paths);
            auto sent = run(argv, scratch.file("storescu.log"));
            EXPECT_EQ(sent.status, 0) << joined(argv) << "\n" << sent.output;
        }
    }
    EXPECT_EQ(receiver.process.stop(), 0) << receiver.process.log();
    EXPECT_NE(receiver.process.log().find("stopped; " + std::to_string(count) + " instance(s) stored"),
              std::string::npos)
        << receiver.process.log();
    expect_stopped(storescp);
    expect_same_as_storescp(receiver.folder, reference, count, syntaxes);
    expect_dcmdump_reads(scratch, receiver.folder);
}

TEST(NetworkDcmtk, StorescuScansFolderToReceive)
{
    Scratch scratch("storescu-folder");
    const std::vector<std::pair<std::string, std::string>> tree = {
        {"pydicom/test_files/CT_small.dcm", "ct/CT_small.dcm"},
        {"pydicom/test_files/test-SR.dcm", "sr/report"},
        {"pydicom/test_files/ExplVR_BigEnd.dcm", "us/big/endian.dcm"},
        {"dcm4che/assembly-testdata/MR01.dcm", "mr/series/1/MR01"},
        {"dcm4che/assembly-testdata/MR02.dcm", "mr/series/1/MR02"},
        {"dcm4che/assembly-testdata/MR03.dcm", "mr/series/2/MR03"},
        {"dcm4che/assembly-testdata/MR04.dcm", "mr/MR04.dcm"},
    };
    const auto input = scratch.folder("tree");
    for (const auto& [source, target] : tree) {
        fs::create_directories((fs::path(input) / target).parent_path());
        fs::copy_file(corpus_path(source), fs::path(input) / target);
    }
    Receiver receiver;
    ASSERT_TRUE(start_receiver(receiver, scratch, "ours"));
    Process storescp;
    uint16_t reference_port = 0;
    const auto reference = scratch.folder("storescp");
    ASSERT_TRUE(start_storescp(storescp, reference_port, scratch, reference, {"+xa"}));
    for (uint16_t port : {receiver.port, reference_port}) {
        auto argv = storescu({"+sd", "+r"}, port, {input});
        auto sent = run(argv, scratch.file("storescu.log"));
        EXPECT_EQ(sent.status, 0) << joined(argv) << "\n" << sent.output;
    }
    EXPECT_EQ(receiver.process.stop(), 0) << receiver.process.log();
    expect_stopped(storescp);
    expect_same_as_storescp(receiver.folder, reference, tree.size());
}

TEST(NetworkDcmtk, TwoStorescuAtOnceToReceive)
{
    Scratch scratch("storescu-parallel");
    std::vector<std::string> first, second, all;
    for (int i = 1; i <= 16; ++i) {
        char name[64];
        std::snprintf(name, sizeof name, "dcm4che/assembly-testdata/MR%02d.dcm", i);
        (i % 2 ? first : second).push_back(corpus_path(name));
        all.push_back(corpus_path(name));
    }
    Receiver receiver;
    ASSERT_TRUE(start_receiver(receiver, scratch, "ours"));
    Process a, b;
    auto argv_a = storescu({"-xi"}, receiver.port, first), argv_b = storescu({"-xi"}, receiver.port, second);
    ASSERT_TRUE(a.start(argv_a, scratch.file("storescu-a.log")));
    ASSERT_TRUE(b.start(argv_b, scratch.file("storescu-b.log")));
    EXPECT_EQ(a.wait_for(30s), std::optional<int>(0)) << a.log();
    EXPECT_EQ(b.wait_for(30s), std::optional<int>(0)) << b.log();
    const std::string log = receiver.process.log();
    EXPECT_EQ(receiver.process.stop(), 0) << log;
    size_t associations = 0;
    for (size_t at = log.find("association from STORESCU"); at != std::string::npos;
         at = log.find("association from STORESCU", at + 1))
        ++associations;
    EXPECT_EQ(associations, 2u) << log;

    Process storescp;
    uint16_t reference_port = 0;
    const auto reference = scratch.folder("storescp");
    ASSERT_TRUE(start_storescp(storescp, reference_port, scratch, reference, {"+xa"}));
    auto sent = run(storescu({"-xi"}, reference_port, all), scratch.file("storescu-reference.log"));
    EXPECT_EQ(sent.status, 0) << sent.output;
    expect_stopped(storescp);
    expect_same_as_storescp(receiver.folder, reference, all.size());
}

// storescu aborts instead of releasing: what it stored (and had answered) stays, and the server
// goes on serving.
TEST(NetworkDcmtk, StorescuAbortToReceive)
{
    Scratch scratch("storescu-abort");
    auto originals = load({"pydicom/test_files/test-SR.dcm", "pydicom/test_files/ExplVR_BigEnd.dcm"});
    Receiver receiver;
    ASSERT_TRUE(start_receiver(receiver, scratch, "ours"));
    std::vector<std::string> argv = storescu({"--abort"}, receiver.port, paths_of(originals));
    auto sent = run(argv, scratch.file("storescu.log"));
    EXPECT_EQ(sent.status, 0) << sent.output;
    auto echo = run({"echoscu", "-aec", "ROENTGEN", "127.0.0.1", std::to_string(receiver.port)},
                    scratch.file("echoscu.log"));
    EXPECT_EQ(echo.status, 0) << echo.output;
    EXPECT_EQ(receiver.process.stop(), 0) << receiver.process.log();
    auto received = received_objects(receiver.folder);
    EXPECT_EQ(received.size(), originals.size());
    for (const auto& original : originals) {
        SCOPED_TRACE(original.relative);
        auto found = received.find(original.object.sop_instance_uid);
        ASSERT_NE(found, received.end());
        EXPECT_TRUE(same_data_set(original.object.data_set, found->second.data_set));
    }
    // Nothing half-written is left behind (temporary files of the atomic writes).
    for (const auto& entry : fs::directory_iterator(receiver.folder))
        EXPECT_EQ(entry.path().extension(), ".dcm") << entry.path();
}

// A retired storage SOP class (Ultrasound Image Storage (Retired), 1.2.840.10008.5.1.4.1.1.6, as old
// ultrasound files have): storescp accepts it, and so must we.
TEST(NetworkDcmtk, StorescuOfRetiredStorageSopClassToReceive)
{
    Scratch scratch("storescu-retired");
    auto originals = load({"pydicom-data/color-pl.dcm"});
    ASSERT_EQ(originals[0].object.sop_class_uid, "1.2.840.10008.5.1.4.1.1.6");
    Receiver receiver;
    ASSERT_TRUE(start_receiver(receiver, scratch, "ours"));
    auto sent = run(storescu({}, receiver.port, paths_of(originals)), scratch.file("storescu.log"));
    EXPECT_EQ(sent.status, 0) << sent.output;
    EXPECT_EQ(receiver.process.stop(), 0) << receiver.process.log();
    auto received = received_objects(receiver.folder);
    ASSERT_EQ(received.size(), 1u);
    EXPECT_TRUE(received.contains(originals[0].object.sop_instance_uid));
}

// ---------------------------------------------------------------------------------------------
// TLS

class NetworkTls : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        scratch = std::make_unique<Scratch>("tls");
        made = make_tls_files(*scratch, files);
    }
    static void TearDownTestSuite() { scratch.reset(); }
    void SetUp() override { ASSERT_TRUE(made); }

    static inline std::unique_ptr<Scratch> scratch;
    static inline TlsFiles files;
    static inline ::testing::AssertionResult made = ::testing::AssertionFailure();
};

TEST_F(NetworkTls, EchoAndStoreToStorescp)
{
    Scratch here("tls-to-storescp");
    auto originals = load({"pydicom/test_files/CT_small.dcm", "pydicom-data/JPEG-LL.dcm", "pydicom/test_files/image_dfl.dcm",
                           "pydicom-data/HTJ2KLossless_08_RGB.dcm"});
    const auto folder = here.folder("in");
    Process storescp;
    uint16_t port = 0;
    // storescp verifies client certificates by default (--require-peer-cert).
    ASSERT_TRUE(start_storescp(storescp, port, here, folder,
                               {"+xa", "+tls", files.server_key, files.server, "+cf", files.ca}));
    const std::vector<std::string> tls = {"--tls", "--tls-ca", files.ca, "--tls-cert", files.client,
                                          "--tls-key", files.client_key};
    auto with = [](std::vector<std::string> arguments, const std::vector<std::string>& more) {
        arguments.insert(arguments.end(), more.begin(), more.end());
        return arguments;
    };
    auto echo = run(roentgen(with({"echo", storescp_peer(port)}, tls)), here.file("echo.log"));
    EXPECT_EQ(echo.status, 0) << echo.output;
    auto store = run(roentgen(with(with({"store", storescp_peer(port)}, tls), paths_of(originals))), here.file("store.log"));
    EXPECT_EQ(store.status, 0) << store.output;
    EXPECT_NE(store.output.find(summary(4, 4, "STORESCP")), std::string::npos) << store.output;

    // Refused: no client certificate, a server certificate from a CA we do not trust, plain TCP.
    auto anonymous = run(roentgen({"echo", storescp_peer(port), "--tls", "--tls-ca", files.ca}), here.file("e1.log"));
    EXPECT_EQ(anonymous.status, 1) << anonymous.output;
    auto untrusted = run(roentgen({"echo", storescp_peer(port), "--tls", "--tls-ca", files.other_ca, "--tls-cert",
                                   files.client, "--tls-key", files.client_key}),
                         here.file("e2.log"));
    EXPECT_EQ(untrusted.status, 1) << untrusted.output;
    auto plain = run(roentgen({"echo", storescp_peer(port)}), here.file("e3.log"));
    EXPECT_EQ(plain.status, 1) << plain.output;

    expect_stopped(storescp);
    expect_arrivals(originals, folder, refused_by_accept_all);
}

TEST_F(NetworkTls, EchoscuAndStorescuToReceive)
{
    Scratch here("tls-to-receive");
    // Files DCMTK sends exactly as they are on disk.
    auto originals = load({"pydicom/test_files/test-SR.dcm", "pydicom/test_files/ExplVR_BigEnd.dcm",
                           "pydicom-data/SC_rgb_expb.dcm", "pydicom-data/liver_expb.dcm"});
    Receiver receiver;
    ASSERT_TRUE(start_receiver(receiver, here, "ours",
                               {"--tls-cert", files.server, "--tls-key", files.server_key, "--tls-ca", files.ca,
                                "--tls-require-client-cert"}));
    const auto port = std::to_string(receiver.port);
    const std::vector<std::string> client_tls = {"+tls", files.client_key, files.client, "+cf", files.ca};

    auto plain = run({"echoscu", "-aec", "ROENTGEN", "127.0.0.1", port}, here.file("echo-plain.log"));
    EXPECT_NE(plain.status, 0) << plain.output;
    auto anonymous = run({"echoscu", "+tla", "+cf", files.ca, "-aec", "ROENTGEN", "127.0.0.1", port},
                         here.file("echo-anonymous.log"));
    EXPECT_NE(anonymous.status, 0) << anonymous.output;
    // A client that does not trust our certificate gives up too.
    auto distrustful = run({"echoscu", "+tls", files.client_key, files.client, "+cf", files.other_ca, "-aec",
                            "ROENTGEN", "127.0.0.1", port},
                           here.file("echo-distrustful.log"));
    EXPECT_NE(distrustful.status, 0) << distrustful.output;

    // After those, TLS clients with a certificate are served.
    std::vector<std::string> echo = {"echoscu"};
    echo.insert(echo.end(), client_tls.begin(), client_tls.end());
    echo.insert(echo.end(), {"-aec", "ROENTGEN", "127.0.0.1", port});
    auto secure = run(echo, here.file("echo-tls.log"));
    EXPECT_EQ(secure.status, 0) << secure.output;
    auto store = run(storescu(client_tls, receiver.port, paths_of(originals)), here.file("storescu-tls.log"));
    EXPECT_EQ(store.status, 0) << store.output;
    auto again = run(echo, here.file("echo-tls-again.log"));
    EXPECT_EQ(again.status, 0) << again.output;
    EXPECT_EQ(receiver.process.stop(), 0) << receiver.process.log();

    auto received = received_objects(receiver.folder);
    EXPECT_EQ(received.size(), originals.size());
    for (const auto& original : originals) {
        SCOPED_TRACE(original.relative);
        auto found = received.find(original.object.sop_instance_uid);
        ASSERT_NE(found, received.end());
        EXPECT_EQ(found->second.transfer_syntax_uid, original.object.transfer_syntax_uid);
        EXPECT_TRUE(same_data_set(original.object.data_set, found->second.data_set));
    }

    // Without --tls-require-client-cert, a TLS client without a certificate is served.
    Receiver open;
    ASSERT_TRUE(start_receiver(open, here, "open", {"--tls-cert", files.server, "--tls-key", files.server_key}));
    auto anonymous_ok = run({"echoscu", "+tla", "+cf", files.ca, "-aec", "ROENTGEN", "127.0.0.1",
                             std::to_string(open.port)},
                            here.file("echo-anonymous-open.log"));
    EXPECT_EQ(anonymous_ok.status, 0) << anonymous_ok.output;
    EXPECT_EQ(open.process.stop(), 0) << open.process.log();
}

}  // namespace
}  // namespace roentgen
