// Evaluating a tone scorer against human ratings: the VADER ground-truth files (Hutto & Gilbert
// 2014: `id<TAB>mean rating<TAB>text`, CRLF line ends, sometimes a UTF-8 BOM) and Pearson's r.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fissure/util/status.h"

namespace fissure {

struct RatedSentence {
  std::string id;
  double rating = 0;  // mean human rating, -4..+4
  std::string text;
  int line = 0;
};

// Parses a ground-truth file's content; malformed lines are skipped and reported as
// "name:LINE: reason" in *messages (if not null).
std::vector<RatedSentence> parse_tone_ground_truth(std::string_view content, std::string_view name,
                                                   std::vector<std::string>* messages);

// Reads and parses the file at `path`.
Result<std::vector<RatedSentence>> read_tone_ground_truth(const std::string& path,
                                                          std::vector<std::string>* messages);

// Pearson's correlation of x and y (same length); 0 when either has no variance or fewer than
// two values.
double pearson_r(std::span<const double> x, std::span<const double> y);

}  // namespace fissure
