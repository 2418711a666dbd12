// libFuzzer target: arbitrary bytes through the WARC reader. The reader must end without
// crashing, and everything it calls a document must pass check_document().
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "fissure/corpus/warc_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fissure::ReaderOptions options;
  // Far below the default, so that inputs of fuzzing size reach the too-long paths too.
  options.max_record_bytes = 1024;
  auto reader = fissure::make_warc_reader(
      fissure::memory_input(fissure::fuzz::bytes(data, size)), "fuzz.warc",
      options);
  fissure::fuzz::drain_checked(*reader);
  return 0;
}
