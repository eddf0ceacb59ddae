// tests/interop/network_orthanc_test.cpp — `roentgen echo` and `roentgen store` against Orthanc 1.10:
// the instances arrive (REST /instances, /tools/lookup), in their own syntax when Orthanc accepts
// it; HTJ2K, which Orthanc's DCMTK does not know, arrives decompressed with the same pixels.
#include <gtest/gtest.h>

#include <algorithm>

#include "interop/network_support.h"

namespace roentgen {
namespace {

using namespace network_testing;

/// `curl -s -f` of a REST path; status 0 and the body when Orthanc answered 2xx.
Outcome rest(uint16_t http_port, const std::string& path, const Scratch& scratch, const std::string& post = {},
             const std::string& output = {})
{
    std::vector<std::string> argv = {"curl", "-s", "-f", "--max-time", "10"};
    if (!post.empty())
        argv.insert(argv.end(), {"-X", "POST", "--data-binary", post});
    if (!output.empty())
        argv.insert(argv.end(), {"-o", output});
    argv.push_back("http://127.0.0.1:" + std::to_string(http_port) + path);
    return run(argv, scratch.file("curl.log"), 20s);
}

/// The value of the first `"key" : "value"` in a JSON text (Orthanc's REST answers).
std::string json_string(const std::string& json, const std::string& key)
{
    auto at = json.find("\"" + key + "\"");
    if (at == std::string::npos)
        return {};
    at = json.find('"', json.find(':', at) + 1);
    auto end = json.find('"', at + 1);
    return at == std::string::npos || end == std::string::npos ? std::string() : json.substr(at + 1, end - at - 1);
}

TEST(NetworkOrthanc, EchoAndStoreArrive)
{
    Scratch scratch("orthanc");
    const uint16_t dicom_port = free_port(), http_port = free_port();
    ASSERT_NE(dicom_port, http_port);
    const auto storage = scratch.folder("storage");
    const auto configuration = scratch.file("orthanc.json");
    write_text(configuration, "{\n"
                              "  \"Name\": \"roentgen-test\",\n"
                              "  \"StorageDirectory\": \"" + storage + "\",\n"
                              "  \"IndexDirectory\": \"" + storage + "\",\n"
                              "  \"DicomAet\": \"ORTHANC\",\n"
                              "  \"DicomPort\": " + std::to_string(dicom_port) + ",\n"
                              "  \"HttpPort\": " + std::to_string(http_port) + ",\n"
                              "  \"RemoteAccessAllowed\": false,\n"
                              "  \"DicomCheckCalledAet\": false,\n"
                              "  \"Plugins\": [],\n"
                              "  \"DicomAlwaysAllowEcho\": true,\n"
                              "  \"DicomAlwaysAllowStore\": true\n"
                              "}\n");
    Process orthanc;
    ASSERT_TRUE(orthanc.start({"Orthanc", configuration}, scratch.file("orthanc.log")));
    bool up = false;
    for (int attempt = 0; attempt < 400 && !up; ++attempt) {
        ASSERT_TRUE(orthanc.running()) << orthanc.log();
        up = rest(http_port, "/system", scratch).status == 0;
        if (!up)
            std::this_thread::sleep_for(50ms);
    }
    ASSERT_TRUE(up) << orthanc.log();
    ASSERT_TRUE(wait_until_listening(orthanc, dicom_port));

    const std::string peer = "ORTHANC@127.0.0.1:" + std::to_string(dicom_port);
    auto echo = run({roentgen_binary().string(), "echo", peer}, scratch.file("echo.log"));
    EXPECT_EQ(echo.status, 0) << echo.output;

    // An HTJ2K file made from a corpus image (the corpus's own HTJ2K file lacks the Study and Series
    // Instance UIDs Orthanc requires).
    const auto htj2k = scratch.file("htj2k.dcm");
    auto made = run({roentgen_binary().string(), "transcode", "--to", "htj2k",
                     corpus_path("pydicom/test_files/MR_small_implicit.dcm"), htj2k},
                    scratch.file("transcode.log"));
    ASSERT_EQ(made.status, 0) << made.output;
    const std::vector<std::string> paths = {
        corpus_path("pydicom/test_files/CT_small.dcm"),
        corpus_path("dcm4che/assembly-testdata/MR01.dcm"),
        corpus_path("pydicom-data/JPEG-LL.dcm"),
        corpus_path("pydicom/test_files/image_dfl.dcm"),
        corpus_path("wearemothership-dicom-test-files/medical.nema.org/compsamples_j2k/IMAGES/J2KR/CT1_J2KR"),
        htj2k,
    };
    std::vector<StoredObject> originals;
    for (const auto& path : paths)
        originals.push_back(read_object(path));
    ASSERT_EQ(originals.back().transfer_syntax_uid, "1.2.840.10008.1.2.4.201");

    std::vector<std::string> store = {roentgen_binary().string(), "store", peer};
    store.insert(store.end(), paths.begin(), paths.end());
    auto stored = run(store, scratch.file("store.log"));
    EXPECT_EQ(stored.status, 0) << stored.output;
    EXPECT_NE(stored.output.find("6 of 6 file(s) stored to ORTHANC"), std::string::npos) << stored.output;

    auto instances = rest(http_port, "/instances", scratch);
    ASSERT_EQ(instances.status, 0) << instances.output;
    EXPECT_EQ(std::ranges::count(instances.output, '"'), 2 * 6) << instances.output;
    for (const auto& original : originals) {
        SCOPED_TRACE(original.path);
        auto lookup = rest(http_port, "/tools/lookup", scratch, original.sop_instance_uid);
        ASSERT_EQ(lookup.status, 0) << lookup.output;
        ASSERT_EQ(json_string(lookup.output, "Type"), "Instance") << lookup.output;
        const auto id = json_string(lookup.output, "ID");
        auto syntax = rest(http_port, "/instances/" + id + "/metadata/TransferSyntax", scratch);
        ASSERT_EQ(syntax.status, 0) << syntax.output;
        if (original.transfer_syntax_uid == "1.2.840.10008.1.2.4.201") {
            const auto downloaded = scratch.file("downloaded.dcm");
            ASSERT_EQ(rest(http_port, "/instances/" + id + "/file", scratch, {}, downloaded).status, 0);
            auto object = read_object(downloaded);
            ASSERT_EQ(object.error, "");
            EXPECT_EQ(object.transfer_syntax_uid, syntax.output);
            EXPECT_TRUE(transcoded_with_same_pixels(original.path, object));
        } else {
            EXPECT_EQ(syntax.output, original.transfer_syntax_uid);
        }
    }
    orthanc.stop(0ms);  // Orthanc takes seconds to stop cleanly; its storage is scratch
}

}  // namespace
}  // namespace roentgen
