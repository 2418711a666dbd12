// Line diff (Myers' O(ND) algorithm) between two revisions of a text, for `fissure history`.
// Part of the text layer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fissure {

struct DiffLine {
  enum class Op { kSame, kAdded, kRemoved } op;
  std::string_view line;  // points into the input texts
};

// Lines ("\n"-separated) of `before` and `after` as an edit script. When the texts differ in
// more than max_edits lines the script is the plain removal of all then addition of all.
std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after,
                                 size_t max_edits = 20000);

// Unified-style rendering: "  same", "- removed", "+ added"; with context lines around changes.
std::string render_diff(const std::vector<DiffLine>& diff, size_t context = 2);

}  // namespace fissure
