// Sentence tokens for the full-text index, computed by the ingest's preparing threads instead of
// inside the single writer.
//
// FTS5 tokenizes every value it indexes in the thread that inserts it, and at ingest that is the
// writer, the pipeline's one serial stage. A Pretokenizer runs SQLite's own unicode61 tokenizer
// (with the archive's arguments) in a preparing thread and records its output; the writer then
// hands the record to FTS5 through a stand-in registered under the name "unicode61" on its own
// connection, which replays the tokens when the value is the one recorded and otherwise passes
// every call to the real tokenizer. The archive's schema still names plain unicode61, so sqlite3,
// R or Python open and query the file as before, and the index holds exactly what the real
// tokenizer would have made (the same code produced it).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fissure/util/status.h"

namespace fissure::store {

// The tokens of one or more texts: each text's tokens are a range of `tokens`; their folded
// characters follow one another in `chars`. (unicode61 sets no token flags.)
struct TokenRecord {
  uint32_t size;       // of the folded token in `chars`
  int32_t start, end;  // byte offsets into the text
};
struct PretokenizedTexts {
  std::string chars;
  std::vector<TokenRecord> tokens;
  std::vector<uint32_t> text_ends;  // text i's tokens are [text_ends[i-1], text_ends[i])
  std::vector<uint32_t> chars_at;   // where text i's first token starts in `chars`
  void clear() {
    chars.clear();
    tokens.clear();
    text_ends.clear();
    chars_at.clear();
  }
};

// The tokenizer arguments of the archive's full-text tables (schema.cc).
inline constexpr const char* kIndexTokenizerArgs[] = {"remove_diacritics", "2"};

// One per thread: SQLite's unicode61 tokenizer, from a private in-memory connection.
class Pretokenizer {
 public:
  static Result<Pretokenizer> create();
  Pretokenizer(Pretokenizer&& other) noexcept;
  Pretokenizer& operator=(Pretokenizer&& other) noexcept;
  Pretokenizer(const Pretokenizer&) = delete;
  Pretokenizer& operator=(const Pretokenizer&) = delete;
  ~Pretokenizer();

  // Appends `text`'s tokens as the next text of `out`.
  Status add(std::string_view text, PretokenizedTexts* out) const;

 private:
  Pretokenizer() = default;
  void reset();
  sqlite3* db_ = nullptr;
  void* tokenizer_ = nullptr;     // Fts5Tokenizer*
  const void* module_ = nullptr;  // fts5_tokenizer*
};

// Registers the replaying stand-in for "unicode61" on a connection. Must run before the
// connection first uses a full-text table: FTS5 picks a table's tokenizer when it connects it.
Status install_token_replay(sqlite3* db);

// Where the writer says which value comes next and what its tokens are. One per connection
// (found again by install_token_replay's registration); the writer's thread alone uses it.
class TokenReplay {
 public:
  // The connection's stand-in, or null when install_token_replay did not run on it.
  static TokenReplay* of(sqlite3* db);
  // The next value FTS5 tokenizes as a document is `text`, whose tokens are text `i` of
  // `record`. Taken by the first value tokenized after it (replayed if it is `text`, else ignored).
  void expect(std::string_view text, const PretokenizedTexts& record, size_t i) {
    text_ = text;
    record_ = &record;
    index_ = i;
  }
  void forget() { record_ = nullptr; }
  int64_t replayed() const { return replayed_; }

  // For the stand-in.
  bool take(const char* text, int size, const TokenRecord** first, const TokenRecord** last,
            const char** chars);

 private:
  std::string_view text_;
  const PretokenizedTexts* record_ = nullptr;
  size_t index_ = 0;
  int64_t replayed_ = 0;
};

}  // namespace fissure::store
