// cli/json_commands.cpp — `roentgen dcm2json` and `json2dcm`, and the JSON/XML renderings `dump` uses.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <iterator>

#include "base/file_io.h"
#include "cli/bulk_data_files.h"
#include "cli/commands.h"
#include "cli/element_text.h"
#include "dict/generated/tags.h"
#include "encoding/json_reader.h"
#include "encoding/json_writer.h"
#include "encoding/xml_writer.h"

namespace roentgen::cli {

namespace {

/// Values that stay in the file get a URI naming the file and the byte range; values in memory name
/// the element path (bulk_data_files.h).
BulkDataUriMaker uri_maker(const std::string& path)
{
    std::string absolute = std::filesystem::absolute(path).string();
    return [absolute](const BulkDataRequest& request) -> Result<std::string> {
        if (const auto* bulk = std::get_if<BulkData>(&request.element.value); bulk && bulk->source() &&
                                                                             bulk->source()->name() == absolute)
            return file_range_uri(absolute, bulk->offset(), bulk->size());
        std::string where;
        for (const auto& step : request.parents)
            where += fmt::format("{:08X}/{}/", step.sequence.value, step.item);
        return fmt::format("file://{}#{}{:08X}", absolute, where, request.element.tag.value);
    };
}

struct Dcm2JsonOptions {
    std::string input;
    std::string output;
    unsigned indent = 0;
    uint64_t bulk_threshold = 0;
};

struct Json2DcmOptions {
    std::string input;
    std::string output;
    std::string transfer_syntax;
};

int run_dcm2json(const Dcm2JsonOptions& options)
{
    auto file = read_part10_file(options.input, ReadOptions().with_unknown_vr(UnknownVR::UseDictionary));
    if (!file) {
        fmt::print(stderr, "roentgen dcm2json: {}\n", file.error().message);
        return 1;
    }
    JsonWriteOptions json_options;
    json_options.indent = options.indent;
    if (options.bulk_threshold)
        json_options.with_bulk_data(options.bulk_threshold, uri_maker(options.input));
    auto text = write_json(file->meta, file->data_set, json_options);
    if (!text) {
        fmt::print(stderr, "roentgen dcm2json: {}: {}\n", options.input, text.error().message);
        return 1;
    }
    text->push_back('\n');
    if (options.output.empty()) {
        std::fwrite(text->data(), 1, text->size(), stdout);
        return 0;
    }
    auto written = write_file_atomically(
        options.output, std::span(reinterpret_cast<const uint8_t*>(text->data()), text->size()));
    if (!written) {
        fmt::print(stderr, "roentgen dcm2json: {}\n", written.error().message);
        return 1;
    }
    return 0;
}

int run_json2dcm(const Json2DcmOptions& options)
{
    auto fail = [](const std::string& message) {
        fmt::print(stderr, "roentgen json2dcm: {}\n", message);
        return 1;
    };
    std::string text;
    if (options.input == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        auto bytes = read_whole_file(options.input);
        if (!bytes)
            return fail(bytes.error().message);
        text.assign(bytes->begin(), bytes->end());
    }
    // BulkDataURIs written by dcm2json --bulk-threshold are read back from the file they name.
    BulkDataFiles bulk_files;
    auto data_set = read_json(text, JsonReadOptions().with_bulk_data_resolver(
                                        [&](std::string_view uri, Tag, VR) { return bulk_files.resolve(uri); }));
    if (!data_set)
        return fail(options.input + ": " + data_set.error().message);
    Part10File file;
    file.meta.clear();
    for (auto& element : data_set->extract_group(0x0002))
        file.meta.set(std::move(element));
    file.data_set = std::move(*data_set);
    std::string uid = options.transfer_syntax;
    if (uid.empty())
        uid = std::string(file.meta.find_string(tags::TransferSyntaxUID).value_or("1.2.840.10008.1.2.1"));
    const TransferSyntax* syntax = find_transfer_syntax(uid);
    if (!syntax)
        return fail("unknown transfer syntax " + uid);
    file.transfer_syntax = syntax;
    WriteOptions write_options;
    write_options.transfer_syntax = syntax;
    if (auto written = write_part10_file(file, options.output, write_options); !written)
        return fail(written.error().message);
    return 0;
}

}  // namespace

Result<std::string> format_json(const Part10File& file, const std::string& path, uint64_t bulk_threshold)
{
    JsonWriteOptions options;
    options.indent = 1;
    if (bulk_threshold)
        options.with_bulk_data(bulk_threshold, uri_maker(path));
    return write_json(file.meta, file.data_set, options);
}

Result<std::string> format_xml(const Part10File& file, const std::string& path, uint64_t bulk_threshold)
{
    XmlWriteOptions options;
    options.indent = 1;
    if (bulk_threshold)
        options.with_bulk_data(bulk_threshold, uri_maker(path));
    return write_xml(file.meta, file.data_set, options);
}

void add_json_commands(CLI::App& app, Action& action)
{
    auto to_json = std::make_shared<Dcm2JsonOptions>();
    auto* dcm2json = app.add_subcommand("dcm2json", "Write the PS3.18 F.2 JSON of a DICOM file");
    dcm2json->add_option("input", to_json->input, "DICOM file")->required();
    dcm2json->add_option("-o,--output", to_json->output, "JSON file (default: standard output)");
    dcm2json->add_option("--indent", to_json->indent, "Spaces per level (0: compact)");
    dcm2json->add_option("--bulk-threshold", to_json->bulk_threshold,
                         "Binary values over N bytes become BulkDataURI (0: always InlineBinary)");
    dcm2json->callback([to_json, &action] { action = [to_json] { return run_dcm2json(*to_json); }; });

    auto to_dicom = std::make_shared<Json2DcmOptions>();
    auto* json2dcm = app.add_subcommand("json2dcm", "Write a DICOM file from PS3.18 F.2 JSON");
    json2dcm->add_option("input", to_dicom->input, "JSON file, or - for standard input")->required();
    json2dcm->add_option("output", to_dicom->output, "DICOM file")->required();
    json2dcm->add_option("--transfer-syntax", to_dicom->transfer_syntax,
                         "Transfer syntax UID (default: the JSON's (0002,0010), else Explicit VR Little Endian)");
    json2dcm->callback([to_dicom, &action] { action = [to_dicom] { return run_json2dcm(*to_dicom); }; });
}

}  // namespace roentgen::cli
