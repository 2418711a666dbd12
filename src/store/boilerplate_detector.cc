#include "boilerplate_detector.h"

#include <algorithm>
#include <iterator>

namespace fissure::store {

std::vector<int64_t> BoilerplateDetector::observe(const std::string& source,
                                                  const std::vector<int64_t>& distinct_hashes) {
  std::vector<int64_t> found;
  Sketch& sk = sketches_[source];
  ++sk.documents;
  auto& known = known_[source];
  const int64_t threshold =
      std::max<int64_t>(min_documents_, static_cast<int64_t>(min_share_ * static_cast<double>(sk.documents)));
  for (int64_t h : distinct_hashes) {
    if (known.count(h)) continue;
    auto it = sk.counters.find(h);
    if (it == sk.counters.end()) {
      if (sk.counters.size() >= capacity_) {
        // Misra-Gries: a full summary decrements every counter (and the newcomer) by one. Each
        // round removes capacity+1 units of count, so rounds cost O(1) amortised per item.
        for (auto c = sk.counters.begin(); c != sk.counters.end();)
          c = --c->second == 0 ? sk.counters.erase(c) : std::next(c);
        continue;
      }
      it = sk.counters.emplace(h, 0).first;
    }
    if (++it->second >= threshold) {
      found.push_back(h);
      known.insert(h);
      sk.counters.erase(it);
    }
  }
  return found;
}

}  // namespace fissure::store
