// Private helpers shared by the PETRARCH dictionary parsers.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace fissure::petrarch_detail {

std::string trim(std::string_view s);
std::string strip_comment(std::string_view line);  // drops '#' comments outside [...]
std::string to_upper(std::string_view s);
std::string where(const std::string& file, int line);  // "FILE:LINE: "

// Calls f(line number, line) for every line outside "<!-- ... -->" markup.
struct LineWalker {
  static void next_lines(std::string_view content,
                         const std::function<void(int, std::string_view)>& f);
};

}  // namespace fissure::petrarch_detail
