// libFuzzer target: arbitrary bytes through the HTML reader, and through extract_html() with a
// charset given from outside (as the WARC reader does). Nothing may crash, and everything the
// reader calls a document must pass check_document().
#include <cstddef>
#include <cstdint>
#include <string>

#include "fissure/corpus/html_reader.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes = fissure::fuzz::bytes(data, size);
  fissure::extract_html(bytes, "windows-1251");
  auto reader = fissure::make_html_reader(fissure::memory_input(bytes), "fuzz.html",
                                          fissure::ReaderOptions{});
  fissure::fuzz::drain_checked(*reader);
  return 0;
}
