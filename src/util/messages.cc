#include "fissure/util/messages.h"

namespace fissure {

std::string located_message(std::string_view file, size_t line, std::string_view reason) {
  std::string out(file);
  out += ':';
  out += std::to_string(line);
  out += ": ";
  out += reason;
  return out;
}

}  // namespace fissure
