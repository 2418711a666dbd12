#include "fissure/coding/tone_eval.h"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include "fissure/util/messages.h"

namespace fissure {
namespace {

void report(std::vector<std::string>* messages, std::string_view name, int line,
            std::string_view reason) {
  if (messages) messages->push_back(located_message(name, static_cast<size_t>(line), reason));
}

}  // namespace

std::vector<RatedSentence> parse_tone_ground_truth(std::string_view content, std::string_view name,
                                                   std::vector<std::string>* messages) {
  std::vector<RatedSentence> out;
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  int line_number = 0;
  while (!content.empty()) {
    ++line_number;
    const size_t nl = content.find('\n');
    std::string_view line = content.substr(0, nl);
    content.remove_prefix(nl == std::string_view::npos ? content.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    const size_t tab1 = line.find('\t');
    const size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 == std::string_view::npos) {
      report(messages, name, line_number, "expected ID<TAB>RATING<TAB>TEXT");
      continue;
    }
    std::string_view rating = line.substr(tab1 + 1, tab2 - tab1 - 1);
    RatedSentence r;
    auto [end, ec] = std::from_chars(rating.data(), rating.data() + rating.size(), r.rating);
    if (ec != std::errc() || end != rating.data() + rating.size() || !std::isfinite(r.rating)) {
      report(messages, name, line_number, "the rating is not a number");
      continue;
    }
    r.id = std::string(line.substr(0, tab1));
    r.text = std::string(line.substr(tab2 + 1));
    r.line = line_number;
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<RatedSentence>> read_tone_ground_truth(const std::string& path,
                                                          std::vector<std::string>* messages) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return Status::not_found(path + ": no such file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io_error(path + ": cannot open");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_tone_ground_truth(buffer.str(), path, messages);
}

double pearson_r(std::span<const double> x, std::span<const double> y) {
  const size_t n = std::min(x.size(), y.size());
  if (n < 2) return 0;
  double mean_x = 0, mean_y = 0;
  for (size_t i = 0; i < n; ++i) {
    mean_x += x[i];
    mean_y += y[i];
  }
  mean_x /= static_cast<double>(n);
  mean_y /= static_cast<double>(n);
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < n; ++i) {
    const double dx = x[i] - mean_x, dy = y[i] - mean_y;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx == 0 || syy == 0) return 0;
  return sxy / std::sqrt(sxx * syy);
}

}  // namespace fissure
