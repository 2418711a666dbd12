// libFuzzer target: arbitrary bytes through the WARC reader. The reader must end without
// crashing, and everything it calls a document must pass check_document().
#include <cstddef>
#include <cstdint>
#include <string>

#include "fissure/corpus/record_check.h"
#include "fissure/corpus/warc_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fissure::ReaderOptions options;
  // Far below the default, so that inputs of fuzzing size reach the too-long paths too.
  options.max_record_bytes = 1024;
  auto reader = fissure::make_warc_reader(
      fissure::memory_input(std::string(reinterpret_cast<const char*>(data), size)), "fuzz.warc",
      options);
  for (;;) {
    fissure::ReadStep step = reader->next();
    if (step.kind == fissure::ReadStep::Kind::kEnd) break;
    if (step.kind == fissure::ReadStep::Kind::kDocument &&
        !fissure::check_document(step.document).is_ok())
      __builtin_trap();
    if (step.kind == fissure::ReadStep::Kind::kSkipped && step.message.empty()) __builtin_trap();
  }
  return 0;
}
