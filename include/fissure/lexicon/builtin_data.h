// The dictionaries written for fissure (data/dictionaries/ in the source tree), compiled into the
// library so that coding needs no files beside the binary.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace fissure {

struct BuiltinFile {
  std::string_view name;  // file name, e.g. "actors.fissure.txt"
  std::string_view content;
};

// Every embedded file, in file-name order.
std::span<const BuiltinFile> builtin_files();

// The content of the embedded file `name`, or nullopt.
std::optional<std::string_view> builtin_file(std::string_view name);

}  // namespace fissure
