// libFuzzer target: arbitrary bytes through the RSS/Atom reader (XML parsing, then HTML
// extraction of every item). Nothing may crash, and everything the reader calls a document
// must pass check_document().
#include <cstddef>
#include <cstdint>
#include <string>

#include "fissure/corpus/feed_reader.h"
#include "fissure/corpus/record_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto reader = fissure::make_feed_reader(
      fissure::memory_input(std::string(reinterpret_cast<const char*>(data), size)), "fuzz.rss",
      fissure::ReaderOptions{});
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
