#include "fissure/text/line_diff.h"

#include <algorithm>

namespace fissure {
namespace {

std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t nl = s.find('\n', start);
    if (nl == std::string_view::npos) {
      if (start < s.size()) out.push_back(s.substr(start));
      break;
    }
    out.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

}  // namespace

std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after, size_t max_edits) {
  auto a = split_lines(before), b = split_lines(after);
  const long n = static_cast<long>(a.size()), m = static_cast<long>(b.size());
  const long max_d = std::min<long>(n + m, static_cast<long>(max_edits));
  // Myers: v[k] = furthest x on diagonal k; keep each round's v to walk the path back.
  std::vector<std::vector<long>> trace;
  std::vector<long> v(2 * max_d + 3, 0);
  const long off = max_d + 1;
  long found_d = -1;
  for (long d = 0; d <= max_d && found_d < 0; ++d) {
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
      long y = x - k;
      while (x < n && y < m && a[x] == b[y]) ++x, ++y;
      v[off + k] = x;
      if (x >= n && y >= m) {
        found_d = d;
        break;
      }
    }
    trace.push_back(v);
  }
  std::vector<DiffLine> out;
  if (found_d < 0) {
    for (auto l : a) out.push_back({DiffLine::Op::kRemoved, l});
    for (auto l : b) out.push_back({DiffLine::Op::kAdded, l});
    return out;
  }
  long x = n, y = m;
  for (long d = found_d; d > 0; --d) {
    const auto& pv = trace[d - 1];
    long k = x - y;
    long pk = (k == -d || (k != d && pv[off + k - 1] < pv[off + k + 1])) ? k + 1 : k - 1;
    long px = pv[off + pk], py = px - pk;
    while (x > px && y > py) out.push_back({DiffLine::Op::kSame, a[--x]}), --y;
    if (x == px) out.push_back({DiffLine::Op::kAdded, b[--y]});
    else out.push_back({DiffLine::Op::kRemoved, a[--x]});
  }
  while (x > 0 && y > 0) out.push_back({DiffLine::Op::kSame, a[--x]}), --y;
  std::reverse(out.begin(), out.end());
  return out;
}

std::string render_diff(const std::vector<DiffLine>& diff, size_t context) {
  std::vector<bool> show(diff.size(), false);
  for (size_t i = 0; i < diff.size(); ++i) {
    if (diff[i].op == DiffLine::Op::kSame) continue;
    size_t lo = i >= context ? i - context : 0, hi = std::min(diff.size(), i + context + 1);
    for (size_t j = lo; j < hi; ++j) show[j] = true;
  }
  std::string out;
  bool gap = false;
  for (size_t i = 0; i < diff.size(); ++i) {
    if (!show[i]) {
      gap = true;
      continue;
    }
    if (gap && !out.empty()) out += "  ...\n";
    gap = false;
    out += diff[i].op == DiffLine::Op::kSame ? "  " : diff[i].op == DiffLine::Op::kAdded ? "+ " : "- ";
    out.append(diff[i].line);
    out += '\n';
  }
  return out;
}

}  // namespace fissure
