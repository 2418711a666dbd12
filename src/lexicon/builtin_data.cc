// Lookup over the embedded files; the table itself is generated (cmake/embed_files.cmake).
#include "fissure/lexicon/builtin_data.h"

namespace fissure {

std::optional<std::string_view> builtin_file(std::string_view name) {
  for (const BuiltinFile& f : builtin_files()) {
    if (f.name == name) return f.content;
  }
  return std::nullopt;
}

}  // namespace fissure
