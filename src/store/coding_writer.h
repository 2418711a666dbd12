// Writes a sentence's coding (sentence_coding, mention, event, domain_term) and computes the filter
// tokens it adds to the full-text index. Used by ingest and by `fissure code`. Private to src/store/.
#pragma once

#include <cstdint>
#include <string>

#include "fissure/coding/sentence_coding.h"
#include "fissure/util/status.h"
#include "sqlite_db.h"

namespace fissure::store {

// "aprk ausa spirn dmmilitary": actors named (their codes, and the country of leaders and
// officials), the speaker, the domains. Lower case, space-separated, each once; "" when none.
std::string coding_tokens(const SentenceCoding& coding);

class CodingWriter {
 public:
  explicit CodingWriter(sqlite::Database& db) : db_(db) {}
  Status init();
  // Replaces whatever coding sentence_id had. Returns the sentence's filter tokens.
  Result<std::string> write(int64_t sentence_id, const SentenceCoding& coding, int64_t run_id);
  // Removes sentence_id's coding.
  Status erase(int64_t sentence_id);

 private:
  sqlite::Database& db_;
  sqlite::Statement insert_coding_, insert_mention_, insert_event_, insert_domain_;
  sqlite::Statement delete_coding_, delete_mentions_, delete_events_, delete_domains_;
};

}  // namespace fissure::store
