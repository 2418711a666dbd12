// The one form in which every reader and dictionary loader reports bad input.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fissure {

// "FILE:LINE: reason" ("FILE:LINE: " when reason is empty, for callers that append their own).
std::string located_message(std::string_view file, size_t line, std::string_view reason);

}  // namespace fissure
