// libFuzzer target: arbitrary bytes through the HTML reader, and through extract_html() with a
// charset given from outside (as the WARC reader does). Nothing may crash, and everything the
// reader calls a document must pass check_document().
#include <cstddef>
#include <cstdint>
#include <string>

#include "fissure/corpus/html_reader.h"
#include "fissure/corpus/record_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  fissure::extract_html(bytes, "windows-1251");
  auto reader = fissure::make_html_reader(fissure::memory_input(bytes), "fuzz.html",
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
