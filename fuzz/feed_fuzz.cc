// libFuzzer target: arbitrary bytes through the RSS/Atom reader (XML parsing, then HTML
// extraction of every item). Nothing may crash, and everything the reader calls a document
// must pass check_document().
#include <cstddef>
#include <cstdint>
#include <string>

#include "fissure/corpus/feed_reader.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto reader = fissure::make_feed_reader(
      fissure::memory_input(fissure::fuzz::bytes(data, size)), "fuzz.rss",
      fissure::ReaderOptions{});
  fissure::fuzz::drain_checked(*reader);
  return 0;
}
