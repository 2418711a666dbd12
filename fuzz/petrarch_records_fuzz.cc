// libFuzzer target: arbitrary bytes as PETRARCH validation records. The lenient reader must end
// without crashing, and every problem must carry a "FILE:LINE: " prefix.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fissure/corpus/petrarch_records.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto set = fissure::parse_petrarch_records(fissure::fuzz::bytes(data, size), "r.xml");
  for (const auto& p : set.problems)
    if (p.rfind("r.xml:", 0) != 0) __builtin_trap();
  for (const auto& r : set.records)
    if (r.text.find('\n') != std::string::npos) __builtin_trap();
  return 0;
}
