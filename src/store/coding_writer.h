// Writes a sentence's coding (sentence_coding, mention, event, domain_term) and computes the filter
// tokens it adds to the full-text index. Used by ingest and by `fissure code`. Private to
// src/store/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// Binds a string without a copy (SQLITE_STATIC): it must outlive the statement's run. A copy costs
// SQLite a malloc and a free per string.
inline void bind_view(sqlite::Statement& st, int i, std::string_view v) {
  sqlite3_bind_text(st.raw(), i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}

// Rows written in bulk: one INSERT of one row and one of kRowsPerStatement rows, which shares a
// statement's fixed cost (cursor opening, the root-to-leaf seek, halting) among that many rows.
// The codings and ingest's sentence rows go through it.
struct RowInserter {
  static constexpr size_t kRowsPerStatement = 16;

  // `table_and_columns`: "sentence(id, document_key, ...)", with `columns` names.
  Status prepare(sqlite::Database& db, std::string_view table_and_columns, int columns);
  // Inserts rows 0..count-1: bind(statement, parameter offset, row) binds a row's parameters
  // offset+1 .. offset+columns.
  template <class Bind>
  Status insert(size_t count, Bind&& bind) {
    size_t k = 0;
    for (; k + kRowsPerStatement <= count; k += kRowsPerStatement) {
      for (size_t j = 0; j < kRowsPerStatement; ++j)
        bind(many, static_cast<int>(j) * columns, k + j);
      FISSURE_RETURN_IF_ERROR(many.run());
    }
    for (; k < count; ++k) {
      bind(one, 0, k);
      FISSURE_RETURN_IF_ERROR(one.run());
    }
    return Status::ok();
  }

  sqlite::Statement one, many;
  int columns = 0;
};

class CodingWriter {
 public:
  explicit CodingWriter(sqlite::Database& db) : db_(db) {}
  Status init();
  // Replaces whatever coding sentence_id had. Returns the sentence's filter tokens.
  Result<std::string> write(int64_t sentence_id, const SentenceCoding& coding, int64_t run_id);
  // Queues the coding of a sentence that has none yet (a new one, during ingest), with the
  // strings already computed (coding_strings(coding)). Nothing is copied: `coding` and `strings`
  // must stay alive and unchanged until flush() or discard().
  void queue_new(int64_t sentence_id, const SentenceCoding& coding, const CodingStrings& strings,
                 int64_t run_id);
  // Writes the queued codings, table by table in key order, several rows per statement. Must run
  // before the transaction commits and before anything reads them (the sentence_indexed view).
  Status flush();
  // Forgets the queued codings (their transaction was rolled back).
  void discard() { queued_.clear(); }
  // Removes sentence_id's coding.
  Status erase(int64_t sentence_id);

 public:
  // A coding waiting for flush().
  struct Queued {
    int64_t sentence_id;
    const SentenceCoding* coding;
    const CodingStrings* strings;
    int64_t run_id;
  };
  // Binds queued_[q]'s row number `row` of the table at parameter offset `base`.
  using RowBinder = void (*)(sqlite::Statement&, int base, const Queued& q, size_t row);

 private:
  // Every queued coding's rows of one table; rows_of counts a coding's rows in it.
  Status insert_rows(RowInserter& inserter, RowBinder bind,
                     size_t (*rows_of)(const SentenceCoding&));

  sqlite::Database& db_;
  std::vector<Queued> queued_;
  std::vector<std::pair<const Queued*, size_t>>
      rows_;  // insert_rows' scratch, kept for its capacity
  RowInserter insert_new_coding_, insert_mention_, insert_event_, insert_domain_;
  sqlite::Statement replace_coding_;
  sqlite::Statement delete_coding_, delete_mentions_, delete_events_, delete_domains_;
};

}  // namespace fissure::store
