// BoilerplateDetector: finds sentences that repeat across many documents of one source (licence
// footers, datelines, sign-offs) in bounded memory, with the Space-Saving heavy-hitter sketch
// (Metwally et al. 2005). Private to src/store/; the rule is documented in docs/schema.md.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace fissure::store {

class BoilerplateDetector {
 public:
  // A sentence is boilerplate once it is certainly (by the summary's lower bound) in at least max(min_documents,
  // min_share * documents seen) documents of its source. capacity bounds the sketch per source.
  explicit BoilerplateDetector(int64_t min_documents = 50, double min_share = 0.10, size_t capacity = 8192)
      : min_documents_(min_documents), min_share_(min_share), capacity_(capacity) {}

  // Marks a hash as already known to be boilerplate (loaded from the archive).
  void add_known(const std::string& source, int64_t hash) { known_[source].insert(hash); }
  bool is_known(const std::string& source, int64_t hash) const {
    auto it = known_.find(source);
    return it != known_.end() && it->second.count(hash);
  }

  // Counts one document's distinct sentence hashes. Returns the hashes that have just become
  // boilerplate (they are now known).
  std::vector<int64_t> observe(const std::string& source, const std::vector<int64_t>& distinct_hashes);

 private:
  struct Sketch {
    std::unordered_map<int64_t, int64_t> counters;  // hash -> lower bound of its documents
    int64_t documents = 0;
  };

  int64_t min_documents_;
  double min_share_;
  size_t capacity_;
  std::unordered_map<std::string, Sketch> sketches_;
  std::unordered_map<std::string, std::unordered_set<int64_t>> known_;
};

}  // namespace fissure::store
