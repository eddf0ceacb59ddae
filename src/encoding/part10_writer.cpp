// encoding/part10_writer.cpp — PS3.10 files out: preamble, File Meta Information (PS3.10 7.1), data set.
#include <fmt/format.h>

#include "dict/generated/tags.h"
#include "encoding/internal/data_set_encoder.h"
#include "encoding/internal/inflate.h"
#include "encoding/part10_file.h"
#include "model/element_values.h"

namespace roentgen {

namespace {

using internal::DataSetEncoder;
using internal::Encoding;

std::string ui_value(std::string_view uid)
{
    std::string value(uid);
    if (value.size() % 2)
        value.push_back('\0');
    return value;
}

std::string text_value(std::string_view text, VR vr)
{
    std::string value(text);
    if (value.size() % 2)
        value.push_back(padding_byte(vr));
    return value;
}

Result<DataSet> build_meta(const Part10File& file, const TransferSyntax& syntax, MetaPolicy policy)
{
    DataSet meta;
    if (policy == MetaPolicy::Preserve) {
        meta = file.meta;
    } else {
        meta.set(Element(tags::FileMetaInformationVersion, VR::OB, std::string("\x00\x01", 2)));
        for (Tag keep : {tags::MediaStorageSOPClassUID, tags::MediaStorageSOPInstanceUID,
                         tags::SourceApplicationEntityTitle, tags::SendingApplicationEntityTitle,
                         tags::ReceivingApplicationEntityTitle, tags::SourcePresentationAddress,
                         tags::SendingPresentationAddress, tags::ReceivingPresentationAddress,
                         tags::PrivateInformationCreatorUID, tags::PrivateInformation})
            if (const Element* e = file.meta.find(keep))
                meta.set(*e);
        meta.set(Element(tags::ImplementationClassUID, VR::UI, ui_value(implementation_class_uid())));
        meta.set(Element(tags::ImplementationVersionName, VR::SH,
                         text_value(implementation_version_name(), VR::SH)));
    }
    // PS3.10 7.1: the SOP Class and Instance come from the data set when it has them (a preserved
    // meta keeps its own).
    if (auto sop_class = file.data_set.find_string(tags::SOPClassUID);
        sop_class && policy == MetaPolicy::Regenerate)
        meta.set(Element(tags::MediaStorageSOPClassUID, VR::UI, ui_value(*sop_class)));
    if (auto sop_instance = file.data_set.find_string(tags::SOPInstanceUID);
        sop_instance && policy == MetaPolicy::Regenerate)
        meta.set(Element(tags::MediaStorageSOPInstanceUID, VR::UI, ui_value(*sop_instance)));
    meta.set(Element(tags::TransferSyntaxUID, VR::UI, ui_value(syntax.uid)));
    meta.erase(tags::FileMetaInformationGroupLength);
    // Keep only group 0002 in the meta, whatever a caller put there.
    DataSet group;
    for (const auto& e : meta)
        if (e.tag.group() == 0x0002)
            group.append(e);
    uint64_t length = DataSetEncoder::encoded_length(group, Encoding{true, ByteOrder::Little}, SequenceLengths::AsRead);
    group.set(Element(tags::FileMetaInformationGroupLength, VR::UL, encode_integers(VR::UL, {int64_t(length)})));
    return group;
}

}  // namespace

Result<void> write_data_set(const DataSet& data_set, const TransferSyntax& syntax, ByteSink& sink,
                            SequenceLengths sequence_lengths, GroupLengths group_lengths)
{
    Encoding encoding{syntax.explicit_vr, syntax.byte_order};
    if (syntax.deflated) {
        VectorSink plain;
        DataSetEncoder encoder(plain, encoding, sequence_lengths, group_lengths);
        ROENTGEN_TRY(encoder.write(data_set));
        ROENTGEN_TRY(auto compressed, internal::deflate_raw(plain.bytes(), 6));
        return sink.write(compressed);
    }
    DataSetEncoder encoder(sink, encoding, sequence_lengths, group_lengths);
    return encoder.write(data_set);
}

Result<void> write_part10_header(const Part10File& file, const TransferSyntax& syntax, ByteSink& sink,
                                 const WriteOptions& options)
{
    ROENTGEN_TRY(auto meta, build_meta(file, syntax, options.meta_policy));
    if (options.write_preamble) {
        std::array<uint8_t, 128> preamble{};
        if (file.preamble)
            preamble = *file.preamble;
        ROENTGEN_TRY(sink.write(preamble));
        static constexpr uint8_t dicm[] = {'D', 'I', 'C', 'M'};
        ROENTGEN_TRY(sink.write(dicm));
    }
    DataSetEncoder encoder(sink, Encoding{true, ByteOrder::Little}, SequenceLengths::AsRead);
    return encoder.write(meta);
}

Result<void> write_part10(const Part10File& file, ByteSink& sink, const WriteOptions& options)
{
    const TransferSyntax* syntax = options.transfer_syntax ? options.transfer_syntax : file.transfer_syntax;
    if (!syntax)
        syntax = &transfer_syntaxes::explicit_vr_little_endian();
    if (syntax->encapsulated != (file.transfer_syntax && file.transfer_syntax->encapsulated) &&
        file.data_set.find(tags::PixelData) && options.transfer_syntax &&
        (file.data_set.find(tags::PixelData)->is_fragments() != syntax->encapsulated))
        return make_error(Errc::Unsupported,
                          fmt::format("cannot write {} pixel data as {} without transcoding",
                                      file.transfer_syntax ? file.transfer_syntax->name : "native", syntax->name));
    // Group 0002 after the meta would be read back as part of it (PS3.10 7.1: the data set has none).
    for (const auto& element : file.data_set) {
        if (element.tag.group() > 0x0002)
            break;
        if (element.tag.group() == 0x0002)
            return make_error(Errc::InvalidArgument,
                              fmt::format("the data set holds {}, a File Meta Information element (PS3.10 7.1)",
                                          to_string(element.tag)));
    }
    ROENTGEN_TRY(write_part10_header(file, *syntax, sink, options));
    Encoding encoding{syntax->explicit_vr, syntax->byte_order};
    if (syntax->deflated) {
        VectorSink plain;
        DataSetEncoder encoder(plain, encoding, options.sequence_lengths, options.group_lengths);
        ROENTGEN_TRY(encoder.write(file.data_set));
        ROENTGEN_TRY(auto compressed, internal::deflate_raw(plain.bytes(), options.deflate_level));
        return sink.write(compressed);
    }
    DataSetEncoder encoder(sink, encoding, options.sequence_lengths, options.group_lengths);
    return encoder.write(file.data_set);
}

Result<void> write_part10_file(const Part10File& file, const std::string& path, const WriteOptions& options)
{
    ROENTGEN_TRY(auto writer, AtomicFileWriter::create(path));
    AtomicFileSink sink(std::move(writer));
    auto written = write_part10(file, sink, options);
    if (!written)
        return add_context(std::move(written).error(), "writing " + path);
    return sink.commit();
}

}  // namespace roentgen
