// pixel/codecs/jpeg/libjpeg_adapter.cpp — libjpeg-turbo's decompress/compress objects behind Results: setjmp/longjmp
// error handling, warning triage, a vector destination.
#include "pixel/codecs/jpeg/libjpeg_adapter.h"

// jpeglib.h needs size_t and FILE declared first.
#include <cstddef>
#include <cstdio>

// jerror.h after jpeglib.h: its arithmetic-coding messages depend on jconfig.h's definitions.
#include <jpeglib.h>
#include <jerror.h>

#include <csetjmp>
#include <memory>
#include <new>
#include <string>

namespace roentgen::internal {

namespace {

/// libjpeg's error manager extended with the jump buffer and what we want to know afterwards.
/// error_exit longjmps back into the function that called setjmp; that function and the
/// libjpeg frames in between hold no objects with destructors, so nothing is skipped.
struct ErrorManager {
    jpeg_error_mgr pub; // first: libjpeg sees a jpeg_error_mgr*
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX] = {};
    /// Data-loss warnings count only while rows are produced (see decode_with_libjpeg).
    bool watching = false;
    bool multiple_scans = false;
    int data_loss_code = 0;
    char data_loss_message[JMSG_LENGTH_MAX] = {};
};

ErrorManager& manager(j_common_ptr cinfo)
{
    return *reinterpret_cast<ErrorManager*>(cinfo->err);
}

void on_error_exit(j_common_ptr cinfo)
{
    ErrorManager& err = manager(cinfo);
    (*cinfo->err->format_message)(cinfo, err.message);
    std::longjmp(err.jump, 1);
}

bool is_data_loss(int code, bool multiple_scans)
{
    switch (code) {
    case JWRN_HIT_MARKER:    // "Corrupt JPEG data: premature end of data segment"
    case JWRN_HUFF_BAD_CODE: // "Corrupt JPEG data: bad Huffman code"
    case JWRN_ARITH_BAD_CODE:
    case JWRN_MUST_RESYNC: // a restart marker missing or out of place
        return true;
    case JWRN_JPEG_EOF: // harmless after the last scan; in a multi-scan stream later scans may be missing
        return multiple_scans;
    default:
        return false;
    }
}

void on_emit_message(j_common_ptr cinfo, int level)
{
    if (level >= 0) // trace messages
        return;
    ErrorManager& err = manager(cinfo);
    ++err.pub.num_warnings;
    if (err.watching && err.data_loss_code == 0 && is_data_loss(err.pub.msg_code, err.multiple_scans)) {
        err.data_loss_code = err.pub.msg_code;
        (*cinfo->err->format_message)(cinfo, err.data_loss_message);
    }
}

void on_output_message(j_common_ptr) {}

void install(ErrorManager& err)
{
    jpeg_std_error(&err.pub);
    err.pub.error_exit = on_error_exit;
    err.pub.emit_message = on_emit_message;
    err.pub.output_message = on_output_message;
}

Error libjpeg_error(const ErrorManager& err, std::string_view step)
{
    Errc code = Errc::Malformed;
    switch (err.pub.msg_code) {
    case JERR_OUT_OF_MEMORY:
        code = Errc::LimitExceeded;
        break;
    case JERR_INPUT_EMPTY:
    case JERR_INPUT_EOF:
    case JERR_NO_IMAGE: // the data ended (libjpeg's memory source then reads EOI) before a scan
        code = Errc::Truncated;
        break;
    case JERR_BAD_PRECISION:
    case JERR_NOT_COMPILED:
    case JERR_CONVERSION_NOTIMPL:
    case JERR_FRACT_SAMPLE_NOTIMPL:
    case JERR_NO_ARITH_TABLE:
        code = Errc::Unsupported;
        break;
    default:
        break;
    }
    return Error{code, std::string(step) + ": libjpeg: " + err.message};
}

struct DecodeJob {
    jpeg_decompress_struct cinfo;
    ErrorManager err;
    bool created = false;
};

/// Phase 1: create the decompressor and read the headers up to the first scan.
bool read_header(DecodeJob& job, std::span<const uint8_t> stream)
{
    if (setjmp(job.err.jump))
        return false;
    jpeg_create_decompress(&job.cinfo);
    job.created = true;
    jpeg_mem_src(&job.cinfo, stream.data(), static_cast<unsigned long>(stream.size()));
    jpeg_read_header(&job.cinfo, TRUE);
    return true;
}

/// Phase 2: decompress every row into `out` (rows of row_bytes), or into `widen` first when
/// 8-bit samples go into 16-bit words.
bool read_rows(DecodeJob& job, uint8_t* out, size_t row_bytes, uint8_t* widen)
{
    if (setjmp(job.err.jump))
        return false;
    jpeg_decompress_struct& cinfo = job.cinfo;
    cinfo.out_color_space = cinfo.jpeg_color_space; // no colour conversion
    cinfo.dct_method = JDCT_ISLOW;
    cinfo.do_fancy_upsampling = TRUE;
    job.err.multiple_scans = jpeg_has_multiple_scans(&cinfo);
    job.err.watching = true;
    jpeg_start_decompress(&cinfo);
    while (cinfo.output_scanline < cinfo.output_height) {
        JDIMENSION y = cinfo.output_scanline;
        JSAMPROW row = widen != nullptr ? widen : out + size_t(y) * row_bytes;
        if (jpeg_read_scanlines(&cinfo, &row, 1) != 1)
            break; // a suspending source cannot happen with a memory source
        if (widen != nullptr) {
            uint8_t* o = out + size_t(y) * row_bytes;
            for (size_t i = 0; i < row_bytes / 2; ++i) {
                o[2 * i] = widen[i];
                o[2 * i + 1] = 0;
            }
        }
    }
    job.err.watching = false;
    jpeg_finish_decompress(&cinfo);
    return true;
}

/// Destroys the libjpeg object on every path out of the calling function.
struct DecodeGuard {
    DecodeJob& job;
    ~DecodeGuard()
    {
        if (job.created)
            jpeg_destroy_decompress(&job.cinfo);
    }
};

} // namespace

Result<void> decode_with_libjpeg(std::span<const uint8_t> stream, const DctDecodeTarget& target)
{
    if (target.bytes_per_sample != 1 && target.bytes_per_sample != 2)
        return make_error(Errc::InvalidArgument, "8-bit JPEG decodes to 8- or 16-bit samples only");
    const size_t row_bytes = size_t(target.width) * target.components * target.bytes_per_sample;
    if (target.out.size() != row_bytes * target.height)
        return make_error(Errc::InvalidArgument, "output buffer has the wrong size");
    auto job = std::make_unique<DecodeJob>();
    install(job->err);
    job->cinfo.err = &job->err.pub;
    DecodeGuard guard{*job};
    if (!read_header(*job, stream))
        return std::unexpected(libjpeg_error(job->err, "reading the JPEG header"));

    const jpeg_decompress_struct& cinfo = job->cinfo;
    if (cinfo.data_precision != 8)
        return make_error(Errc::Unsupported,
                          "libjpeg decodes 8-bit JPEG only, not " + std::to_string(cinfo.data_precision) + "-bit");
    if (unsigned(cinfo.num_components) != target.components)
        return make_error(Errc::Malformed, "the JPEG frame has " + std::to_string(cinfo.num_components) +
                                               " components; the data set says " + std::to_string(target.components) +
                                               " samples per pixel");
    if (cinfo.image_width != target.width || cinfo.image_height != target.height)
        return make_error(Errc::Malformed, "the JPEG frame is " + std::to_string(cinfo.image_width) + "x" +
                                               std::to_string(cinfo.image_height) + "; the data set says " +
                                               std::to_string(target.width) + "x" + std::to_string(target.height));
    std::vector<uint8_t> widen(target.bytes_per_sample == 2 ? size_t(target.width) * target.components : 0);
    if (!read_rows(*job, target.out.data(), row_bytes, widen.empty() ? nullptr : widen.data()))
        return std::unexpected(libjpeg_error(job->err, "decoding the JPEG image"));
    if (job->err.data_loss_code != 0)
        return make_error(job->err.data_loss_code == JWRN_HIT_MARKER || job->err.data_loss_code == JWRN_JPEG_EOF
                              ? Errc::Truncated
                              : Errc::Malformed,
                          std::string("decoding the JPEG image: libjpeg: ") + job->err.data_loss_message);
    if (cinfo.output_scanline != target.height)
        return make_error(Errc::Truncated, "libjpeg stopped after " + std::to_string(cinfo.output_scanline) + " of " +
                                               std::to_string(target.height) + " rows");
    return {};
}

namespace {

/// A destination manager that grows a std::vector (libjpeg's own memory destination hands back
/// malloc'ed memory that an error in the middle would leak).
struct VectorDestination {
    jpeg_destination_mgr pub; // first: libjpeg sees a jpeg_destination_mgr*
    std::vector<uint8_t>* out = nullptr;
};

VectorDestination& destination(j_compress_ptr cinfo)
{
    return *reinterpret_cast<VectorDestination*>(cinfo->dest);
}

/// Grows the vector to `size` bytes; on allocation failure, a libjpeg out-of-memory error.
void grow(j_compress_ptr cinfo, size_t size)
{
    VectorDestination& dest = destination(cinfo);
    size_t used = size_t(dest.pub.next_output_byte - dest.out->data());
    bool failed = false;
    try {
        dest.out->resize(size);
    } catch (const std::bad_alloc&) {
        failed = true;
    }
    if (failed)
        ERREXIT(cinfo, JERR_OUT_OF_MEMORY);
    dest.pub.next_output_byte = dest.out->data() + used;
    dest.pub.free_in_buffer = dest.out->size() - used;
}

void on_init_destination(j_compress_ptr cinfo)
{
    VectorDestination& dest = destination(cinfo);
    dest.pub.next_output_byte = dest.out->data();
    grow(cinfo, 1 << 16);
}

boolean on_empty_output_buffer(j_compress_ptr cinfo)
{
    // libjpeg calls this when the buffer is full, without updating next_output_byte.
    VectorDestination& dest = destination(cinfo);
    dest.pub.next_output_byte = dest.out->data() + dest.out->size();
    grow(cinfo, dest.out->size() * 2);
    return TRUE;
}

void on_term_destination(j_compress_ptr cinfo)
{
    VectorDestination& dest = destination(cinfo);
    dest.out->resize(dest.out->size() - dest.pub.free_in_buffer);
}

struct EncodeJob {
    jpeg_compress_struct cinfo;
    ErrorManager err;
    VectorDestination dest;
    bool created = false;
};

struct EncodeGuard {
    EncodeJob& job;
    ~EncodeGuard()
    {
        if (job.created)
            jpeg_destroy_compress(&job.cinfo);
    }
};

bool compress(EncodeJob& job, const LibjpegEncodeSource& source)
{
    if (setjmp(job.err.jump))
        return false;
    jpeg_compress_struct& cinfo = job.cinfo;
    jpeg_create_compress(&cinfo);
    job.created = true;
    job.dest.pub.init_destination = on_init_destination;
    job.dest.pub.empty_output_buffer = on_empty_output_buffer;
    job.dest.pub.term_destination = on_term_destination;
    cinfo.dest = &job.dest.pub;
    cinfo.image_width = source.width;
    cinfo.image_height = source.height;
    cinfo.input_components = int(source.components);
    cinfo.in_color_space = source.components == 1 ? JCS_GRAYSCALE : source.ycbcr_input ? JCS_YCbCr : JCS_RGB;
    jpeg_set_defaults(&cinfo); // YCbCr for three components, JFIF APP0
    jpeg_set_quality(&cinfo, source.quality, TRUE /* 8-bit tables: baseline */);
    cinfo.dct_method = JDCT_ISLOW;
    cinfo.optimize_coding = TRUE;
    cinfo.restart_interval = source.restart_interval;
    if (source.components == 3) {
        // 4:2:2 (PS3.5 8.2.1 YBR_FULL_422): Y 2x1, Cb and Cr 1x1; jpeg_set_defaults chose 2x2.
        cinfo.comp_info[0].h_samp_factor = 2;
        cinfo.comp_info[0].v_samp_factor = 1;
        for (int i = 1; i < 3; ++i) {
            cinfo.comp_info[i].h_samp_factor = 1;
            cinfo.comp_info[i].v_samp_factor = 1;
        }
    }
    jpeg_start_compress(&cinfo, TRUE);
    const size_t row_bytes = size_t(source.width) * source.components;
    while (cinfo.next_scanline < cinfo.image_height) {
        // libjpeg's API takes non-const rows; it only reads them.
        JSAMPROW row = const_cast<uint8_t*>(source.samples.data() + size_t(cinfo.next_scanline) * row_bytes);
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    return true;
}

} // namespace

Result<std::vector<uint8_t>> encode_with_libjpeg(const LibjpegEncodeSource& source)
{
    if (source.components != 1 && source.components != 3)
        return make_error(Errc::Unsupported, "baseline JPEG encoding takes 1 or 3 components");
    if (source.width == 0 || source.height == 0 || source.width > 65535 || source.height > 65535)
        return make_error(Errc::Unsupported, "JPEG frames are 1..65535 pixels wide and high");
    if (source.quality < 1 || source.quality > 100)
        return make_error(Errc::InvalidArgument, "JPEG quality " + std::to_string(source.quality) + " is not 1..100");
    if (source.samples.size() != size_t(source.width) * source.height * source.components)
        return make_error(Errc::InvalidArgument, "frame has the wrong size");
    std::vector<uint8_t> out;
    auto job = std::make_unique<EncodeJob>();
    install(job->err);
    job->cinfo.err = &job->err.pub;
    job->dest.out = &out;
    EncodeGuard guard{*job};
    if (!compress(*job, source))
        return std::unexpected(libjpeg_error(job->err, "encoding JPEG"));
    return out;
}

} // namespace roentgen::internal
