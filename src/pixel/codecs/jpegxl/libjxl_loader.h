// pixel/codecs/jpegxl/libjxl_loader.h — libjxl and libjxl_threads loaded on first use, not at start-up.
#pragma once

#include <jxl/decode.h>
#include <jxl/encode.h>
#include <jxl/thread_parallel_runner.h>

#include "base/result.h"

namespace roentgen::internal {

/// The libjxl functions the adapter calls. Linked normally, libjxl brings libhwy, whose static
/// initializer measures the timer's resolution in every process: 4 of the 9.5 ms a `roentgen`
/// process spent before its first instruction (BENCHMARKS.md). Loaded with dlopen, only a process
/// that meets JPEG XL pays it.
struct LibJxl {
    decltype(&::JxlDecoderCreate) JxlDecoderCreate;
    decltype(&::JxlDecoderDestroy) JxlDecoderDestroy;
    decltype(&::JxlDecoderSetParallelRunner) JxlDecoderSetParallelRunner;
    decltype(&::JxlDecoderSubscribeEvents) JxlDecoderSubscribeEvents;
    decltype(&::JxlDecoderSetInput) JxlDecoderSetInput;
    decltype(&::JxlDecoderCloseInput) JxlDecoderCloseInput;
    decltype(&::JxlDecoderProcessInput) JxlDecoderProcessInput;
    decltype(&::JxlDecoderGetBasicInfo) JxlDecoderGetBasicInfo;
    decltype(&::JxlDecoderImageOutBufferSize) JxlDecoderImageOutBufferSize;
    decltype(&::JxlDecoderSetImageOutBuffer) JxlDecoderSetImageOutBuffer;
    decltype(&::JxlDecoderSetJPEGBuffer) JxlDecoderSetJPEGBuffer;
    decltype(&::JxlDecoderReleaseJPEGBuffer) JxlDecoderReleaseJPEGBuffer;
    decltype(&::JxlEncoderCreate) JxlEncoderCreate;
    decltype(&::JxlEncoderDestroy) JxlEncoderDestroy;
    decltype(&::JxlEncoderSetParallelRunner) JxlEncoderSetParallelRunner;
    decltype(&::JxlEncoderInitBasicInfo) JxlEncoderInitBasicInfo;
    decltype(&::JxlEncoderSetBasicInfo) JxlEncoderSetBasicInfo;
    decltype(&::JxlEncoderSetColorEncoding) JxlEncoderSetColorEncoding;
    decltype(&::JxlColorEncodingSetToSRGB) JxlColorEncodingSetToSRGB;
    decltype(&::JxlEncoderFrameSettingsCreate) JxlEncoderFrameSettingsCreate;
    decltype(&::JxlEncoderFrameSettingsSetOption) JxlEncoderFrameSettingsSetOption;
    decltype(&::JxlEncoderSetFrameLossless) JxlEncoderSetFrameLossless;
    decltype(&::JxlEncoderSetFrameDistance) JxlEncoderSetFrameDistance;
    decltype(&::JxlEncoderAddImageFrame) JxlEncoderAddImageFrame;
    decltype(&::JxlEncoderAddJPEGFrame) JxlEncoderAddJPEGFrame;
    decltype(&::JxlEncoderStoreJPEGMetadata) JxlEncoderStoreJPEGMetadata;
    decltype(&::JxlEncoderCloseInput) JxlEncoderCloseInput;
    decltype(&::JxlEncoderProcessOutput) JxlEncoderProcessOutput;
    decltype(&::JxlEncoderGetError) JxlEncoderGetError;
    decltype(&::JxlThreadParallelRunner) JxlThreadParallelRunner;
    decltype(&::JxlThreadParallelRunnerCreate) JxlThreadParallelRunnerCreate;
    decltype(&::JxlThreadParallelRunnerDestroy) JxlThreadParallelRunnerDestroy;
};

/// Loads the libraries once per process (thread-safe); an error names the shared object or the
/// function that could not be found (Errc::Unsupported), and stays the answer for the process.
[[nodiscard]] Result<const LibJxl*> load_libjxl();

/// The loaded functions; only after load_libjxl() succeeded.
const LibJxl& libjxl();

} // namespace roentgen::internal
