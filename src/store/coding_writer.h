// Writes a sentence's coding (sentence_coding, mention, event, domain_term) and computes the filter
// tokens it adds to the full-text index. Used by ingest and by `fissure code`. Private to
// src/store/.
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

// The domains of a coding, sorted, each once, space-separated (sentence_coding.domains).
std::string domain_list(const SentenceCoding& coding);

// What the writer stores beside a coding that needs no database: computed where the coding is
// made (ingest's preparing threads), so that the single writer only binds.
struct CodingStrings {
  std::string tokens;   // coding_tokens()
  std::string domains;  // domain_list()
};
CodingStrings coding_strings(const SentenceCoding& coding);

class CodingWriter {
 public:
  explicit CodingWriter(sqlite::Database& db) : db_(db) {}
  Status init();
  // Replaces whatever coding sentence_id had. Returns the sentence's filter tokens.
  Result<std::string> write(int64_t sentence_id, const SentenceCoding& coding, int64_t run_id);
  // Writes the coding of a sentence that has none yet (a new one, during ingest), with the
  // strings already computed (coding_strings(coding)).
  Status insert_new(int64_t sentence_id, const SentenceCoding& coding, const CodingStrings& strings,
                    int64_t run_id);
  // Removes sentence_id's coding.
  Status erase(int64_t sentence_id);

 private:
  Status write_rows(sqlite::Statement& coding_statement, int64_t sentence_id,
                    const SentenceCoding& coding, const CodingStrings& strings, int64_t run_id);

  sqlite::Database& db_;
  sqlite::Statement insert_new_coding_;
  sqlite::Statement insert_coding_, insert_mention_, insert_event_, insert_domain_;
  sqlite::Statement delete_coding_, delete_mentions_, delete_events_, delete_domains_;
};

}  // namespace fissure::store
