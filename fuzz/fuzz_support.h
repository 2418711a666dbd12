// Shared by the libFuzzer targets: feed bytes to a reader and hold it to its contract.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "fissure/corpus/reader.h"
#include "fissure/corpus/record_check.h"

namespace fissure::fuzz {

inline std::string bytes(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Reads to the end; traps when a document fails check_document() or a skip has no message.
inline void drain_checked(DocumentReader& reader) {
  for (;;) {
    ReadStep step = reader.next();
    if (step.kind == ReadStep::Kind::kEnd) return;
    if (step.kind == ReadStep::Kind::kDocument && !check_document(step.document).is_ok()) __builtin_trap();
    if (step.kind == ReadStep::Kind::kSkipped && step.message.empty()) __builtin_trap();
  }
}

}  // namespace fissure::fuzz
