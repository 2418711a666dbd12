// libFuzzer target: arbitrary bytes through the JSON Lines reader. The reader must end without
// crashing, and everything it calls a document must pass check_document(). Differential too:
// every line the single-pass parser accepts must be one nlohmann accepts, with the same fields.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "../src/corpus/jsonl_record.h"
#include "fissure/corpus/jsonl_reader.h"
#include "fuzz_support.h"

namespace {

bool same_fields(const fissure::corpus_internal::JsonlFields& a,
                 const fissure::corpus_internal::JsonlFields& b) {
  return a.id == b.id && a.source == b.source && a.country == b.country && a.title == b.title &&
         a.text == b.text && a.url == b.url && a.lang == b.lang && a.date == b.date &&
         a.metadata_json == b.metadata_json;
}

void compare_parsers(std::string_view input) {
  while (!input.empty()) {
    size_t nl = input.find('\n');
    std::string_view line = input.substr(0, nl);
    fissure::corpus_internal::JsonlFields fast, reference;
    if (fissure::corpus_internal::parse_jsonl_fast(line, &fast)) {
      if (!fissure::corpus_internal::parse_jsonl_reference(line, &reference).is_ok())
        __builtin_trap();
      if (!same_fields(fast, reference)) __builtin_trap();
    }
    if (nl == std::string_view::npos) break;
    input.remove_prefix(nl + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes = fissure::fuzz::bytes(data, size);
  compare_parsers(bytes);
  fissure::ReaderOptions options;
  // Far below the default, so that inputs of fuzzing size reach the too-long paths too.
  options.max_record_bytes = 1024;
  auto reader =
      fissure::make_jsonl_reader(fissure::memory_input(std::move(bytes)), "fuzz.jsonl", options);
  fissure::fuzz::drain_checked(*reader);
  return 0;
}
