// pixel/codecs/jpegxl/libjxl_loader.cpp — dlopen of libjxl and libjxl_threads, dlsym of each function used.
#include "pixel/codecs/jpegxl/libjxl_loader.h"

#include <dlfcn.h>

#include <mutex>
#include <string>

#include "base/assert.h"

namespace roentgen::internal {

namespace {

LibJxl loaded{};
bool ready = false;
std::string failure;

template <typename Function> bool find(void* library, const char* name, Function& out)
{
    out = reinterpret_cast<Function>(::dlsym(library, name));
    if (!out)
        failure = std::string(name) + " not found in libjxl (" + ROENTGEN_LIBJXL_SONAME + ")";
    return out != nullptr;
}

void load()
{
    // RTLD_NODELETE: the functions stay valid until the process ends; nothing unloads them.
    void* jxl = ::dlopen(ROENTGEN_LIBJXL_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    void* threads = jxl ? ::dlopen(ROENTGEN_LIBJXL_THREADS_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) : nullptr;
    if (!jxl || !threads) {
        const char* why = ::dlerror();
        failure = std::string("JPEG XL needs ") + (jxl ? ROENTGEN_LIBJXL_THREADS_SONAME : ROENTGEN_LIBJXL_SONAME) +
                  " (Debian: libjxl0.7): " + (why ? why : "cannot be loaded");
        return;
    }
    LibJxl& l = loaded;
    ready = find(jxl, "JxlDecoderCreate", l.JxlDecoderCreate) && find(jxl, "JxlDecoderDestroy", l.JxlDecoderDestroy) &&
            find(jxl, "JxlDecoderSetParallelRunner", l.JxlDecoderSetParallelRunner) &&
            find(jxl, "JxlDecoderSubscribeEvents", l.JxlDecoderSubscribeEvents) &&
            find(jxl, "JxlDecoderSetInput", l.JxlDecoderSetInput) &&
            find(jxl, "JxlDecoderCloseInput", l.JxlDecoderCloseInput) &&
            find(jxl, "JxlDecoderProcessInput", l.JxlDecoderProcessInput) &&
            find(jxl, "JxlDecoderGetBasicInfo", l.JxlDecoderGetBasicInfo) &&
            find(jxl, "JxlDecoderImageOutBufferSize", l.JxlDecoderImageOutBufferSize) &&
            find(jxl, "JxlDecoderSetImageOutBuffer", l.JxlDecoderSetImageOutBuffer) &&
            find(jxl, "JxlDecoderSetJPEGBuffer", l.JxlDecoderSetJPEGBuffer) &&
            find(jxl, "JxlDecoderReleaseJPEGBuffer", l.JxlDecoderReleaseJPEGBuffer) &&
            find(jxl, "JxlEncoderCreate", l.JxlEncoderCreate) && find(jxl, "JxlEncoderDestroy", l.JxlEncoderDestroy) &&
            find(jxl, "JxlEncoderSetParallelRunner", l.JxlEncoderSetParallelRunner) &&
            find(jxl, "JxlEncoderInitBasicInfo", l.JxlEncoderInitBasicInfo) &&
            find(jxl, "JxlEncoderSetBasicInfo", l.JxlEncoderSetBasicInfo) &&
            find(jxl, "JxlEncoderSetColorEncoding", l.JxlEncoderSetColorEncoding) &&
            find(jxl, "JxlColorEncodingSetToSRGB", l.JxlColorEncodingSetToSRGB) &&
            find(jxl, "JxlEncoderFrameSettingsCreate", l.JxlEncoderFrameSettingsCreate) &&
            find(jxl, "JxlEncoderFrameSettingsSetOption", l.JxlEncoderFrameSettingsSetOption) &&
            find(jxl, "JxlEncoderSetFrameLossless", l.JxlEncoderSetFrameLossless) &&
            find(jxl, "JxlEncoderSetFrameDistance", l.JxlEncoderSetFrameDistance) &&
            find(jxl, "JxlEncoderAddImageFrame", l.JxlEncoderAddImageFrame) &&
            find(jxl, "JxlEncoderAddJPEGFrame", l.JxlEncoderAddJPEGFrame) &&
            find(jxl, "JxlEncoderStoreJPEGMetadata", l.JxlEncoderStoreJPEGMetadata) &&
            find(jxl, "JxlEncoderCloseInput", l.JxlEncoderCloseInput) &&
            find(jxl, "JxlEncoderProcessOutput", l.JxlEncoderProcessOutput) &&
            find(jxl, "JxlEncoderGetError", l.JxlEncoderGetError) &&
            find(threads, "JxlThreadParallelRunner", l.JxlThreadParallelRunner) &&
            find(threads, "JxlThreadParallelRunnerCreate", l.JxlThreadParallelRunnerCreate) &&
            find(threads, "JxlThreadParallelRunnerDestroy", l.JxlThreadParallelRunnerDestroy);
}

} // namespace

Result<const LibJxl*> load_libjxl()
{
    static std::once_flag once;
    std::call_once(once, load);
    if (!ready)
        return make_error(Errc::Unsupported, failure);
    return &loaded;
}

const LibJxl& libjxl()
{
    ROENTGEN_ASSERT(ready);
    return loaded;
}

} // namespace roentgen::internal
