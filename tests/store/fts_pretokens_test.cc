// Tokens recorded in a preparing thread and replayed to FTS5 by the writer's stand-in for
// unicode61 (src/store/fts_pretokens.h) must build exactly the index the real tokenizer builds:
// the archive's schema names plain unicode61, and every other reader of the file (sqlite3, R,
// Python, FTS5's integrity-check against the content) tokenizes with it.
#include "../../src/store/fts_pretokens.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

namespace fissure::store {
namespace {

constexpr const char* kIndexTable =
    "CREATE VIRTUAL TABLE t USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')";

class Connection {
 public:
  explicit Connection(bool replaying) {
    EXPECT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    if (replaying) {
      EXPECT_TRUE(install_token_replay(db_));
    }
  }
  ~Connection() { sqlite3_close(db_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  sqlite3* get() const { return db_; }
  void exec(const std::string& sql) {
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
  }
  void insert(const std::string& text) {
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db_, "INSERT INTO t(text) VALUES (?)", -1, &st, nullptr),
              SQLITE_OK);
    sqlite3_bind_text(st, 1, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
    EXPECT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
  }
  // Every stored block of the index, in order: equal blocks, equal index.
  std::vector<std::string> index_blocks() {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, "SELECT id, block FROM t_data ORDER BY id", -1, &st, nullptr),
              SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
      const auto* b = static_cast<const char*>(sqlite3_column_blob(st, 1));
      out.push_back(std::to_string(sqlite3_column_int64(st, 0)) + ":" +
                    std::string(b ? b : "", static_cast<size_t>(sqlite3_column_bytes(st, 1))));
    }
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

// Indexes `texts` twice, once replaying recorded tokens and once with the real tokenizer.
struct TwoIndexes {
  bool same = false;
  int64_t replayed = 0;
};
TwoIndexes index_both_ways(const std::vector<std::string>& texts) {
  Connection replaying(true), plain(false);
  replaying.exec(kIndexTable);
  plain.exec(kIndexTable);
  TokenReplay* replay = TokenReplay::of(replaying.get());
  auto pretokenizer = Pretokenizer::create();
  if (!replay || !pretokenizer) return {};
  PretokenizedTexts record;
  for (const auto& text : texts)
    if (!pretokenizer->add(text, &record)) return {};
  for (size_t i = 0; i < texts.size(); ++i) {
    replay->expect(texts[i], record, i);
    replaying.insert(texts[i]);
    replay->forget();
    plain.insert(texts[i]);
  }
  return {replaying.index_blocks() == plain.index_blocks(), replay->replayed()};
}

TEST(FtsPretokens, TheReplayedIndexIsTheRealTokenizersIndex) {
  const std::vector<std::string> texts = {
      "KCNA said on Tuesday that the U.S. and south Korean puppets staged war drills.",
      "The DPRK\xE2\x80\x99s delegation \xE2\x80\x9C"
      "firmly supports\xE2\x80\x9D Iran \xE2\x80\x94 2024.",
      "Tehran\xC2\xA0Times, 1,200\xE2\x82\xAC, 30\xC2\xB0"
      "C \xE2\x80\xA6 end",
      "Caf\xC3\xA9 na\xC3\xAFve \xC3\x9C"
      "ber \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 \xE5\x8C\x97\xE4\xBA\xAC",
      "",
      "   ...   ",
      "x",
  };
  const TwoIndexes got = index_both_ways(texts);
  EXPECT_TRUE(got.same);
  EXPECT_EQ(got.replayed, static_cast<int64_t>(texts.size()));
}

std::string utf8(char32_t c) {
  std::string s;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

// Every character the recorder takes for a separator without asking the real tokenizer, between
// letters, beside letters beyond ASCII, and around them.
TEST(FtsPretokens, EveryKnownSeparatorSeparatesAsInTheRealTokenizer) {
  std::vector<char32_t> separators = {0xA0, 0xA3,   0xAB,   0xB0,   0xB4,  0xB7,
                                      0xBB, 0x2022, 0x2026, 0x20AC, 0x3000};
  for (char32_t c = 0x2000; c <= 0x200A; ++c) separators.push_back(c);
  for (char32_t c = 0x2013; c <= 0x2015; ++c) separators.push_back(c);
  for (char32_t c = 0x2018; c <= 0x201F; ++c) separators.push_back(c);
  std::vector<std::string> texts;
  for (char32_t c : separators) {
    const std::string sep = utf8(c);
    texts.push_back("Kim" + sep + "Jong" + sep + sep + "Un 2024" + sep);
    texts.push_back(sep + "caf" + utf8(0xE9) + sep + utf8(0xE9) + "t" + utf8(0xE9));
  }
  const TwoIndexes got = index_both_ways(texts);
  EXPECT_TRUE(got.same);
  EXPECT_EQ(got.replayed, static_cast<int64_t>(texts.size()));
}

// Records `text`'s tokens in `record` (which must outlive the insert) and tells `replay` the
// value comes next.
void announce(TokenReplay& replay, const std::string& text, PretokenizedTexts* record) {
  auto pretokenizer = Pretokenizer::create();
  ASSERT_TRUE(pretokenizer.is_ok());
  ASSERT_TRUE(pretokenizer->add(text, record));
  replay.expect(text, *record, 0);
}

// A value other than the one announced is tokenized by the real tokenizer, not given the
// announced tokens.
TEST(FtsPretokens, AnotherValueThanTheAnnouncedOneIsTokenizedAfresh) {
  Connection replaying(true), plain(false);
  replaying.exec(kIndexTable);
  plain.exec(kIndexTable);
  TokenReplay* replay = TokenReplay::of(replaying.get());
  ASSERT_NE(replay, nullptr);
  PretokenizedTexts record;
  announce(*replay, "announced words", &record);
  replaying.insert("inserted words");
  plain.insert("inserted words");
  EXPECT_EQ(replay->replayed(), 0);
  EXPECT_EQ(replaying.index_blocks(), plain.index_blocks());
}

// Recorded tokens are for the archive's tokenizer arguments; a table with others never gets them.
TEST(FtsPretokens, ATableWithOtherTokenizerArgumentsIsNeverReplayed) {
  Connection replaying(true);
  replaying.exec("CREATE VIRTUAL TABLE t USING fts5(text, tokenize = 'unicode61')");
  TokenReplay* replay = TokenReplay::of(replaying.get());
  ASSERT_NE(replay, nullptr);
  PretokenizedTexts record;
  announce(*replay, "Caf\xC3\xA9", &record);
  replaying.insert("Caf\xC3\xA9");
  EXPECT_EQ(replay->replayed(), 0);
  // Without remove_diacritics 2 the folded token keeps its accent.
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(replaying.get(), "SELECT count(*) FROM t WHERE t MATCH 'caf\xC3\xA9'", -1,
                         &st, nullptr),
      SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 1);
  sqlite3_finalize(st);
}

TEST(FtsPretokens, AConnectionWithoutTheStandInHasNoReplay) {
  Connection plain(false);
  EXPECT_EQ(TokenReplay::of(plain.get()), nullptr);
  Connection replaying(true);
  EXPECT_TRUE(install_token_replay(replaying.get()));  // a second install keeps the first
  EXPECT_NE(TokenReplay::of(replaying.get()), nullptr);
}

// Text drawn from ASCII, the separators the recorder knows beyond ASCII, and letters it does not
// (which send the text to the real tokenizer).
rc::Gen<std::string> gen_text() {
  static const std::vector<std::string> pieces = {"a",
                                                  "Z",
                                                  "q",
                                                  "0",
                                                  "9",
                                                  " ",
                                                  ".",
                                                  ",",
                                                  "'",
                                                  "-",
                                                  "_",
                                                  "\t",
                                                  "\n",
                                                  "(",
                                                  "$",
                                                  "Kim",
                                                  "DPRK",
                                                  "\xC2\xA0",
                                                  "\xC2\xB0",
                                                  "\xC2\xAB",
                                                  "\xC2\xBB",
                                                  "\xE2\x80\x99",
                                                  "\xE2\x80\x9C",
                                                  "\xE2\x80\x94",
                                                  "\xE2\x80\x93",
                                                  "\xE2\x80\xA6",
                                                  "\xE2\x80\xA2",
                                                  "\xE2\x82\xAC",
                                                  "\xE3\x80\x80",
                                                  "\xE2\x80\x8A",
                                                  "\xC3\xA9",
                                                  "\xC3\x9C",
                                                  "\xC2\xBA",
                                                  "\xD0\x96",
                                                  "\xE2\x85\xA0",
                                                  "\xE2\x80\x8B",
                                                  "\xCC\x81"};
  return rc::gen::map(rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(pieces)),
                      [](const std::vector<std::string>& parts) {
                        std::string s;
                        for (const auto& p : parts) s += p;
                        return s;
                      });
}

RC_GTEST_PROP(FtsPretokens, AnyTextIndexesAsTheRealTokenizerIndexesIt, ()) {
  const auto texts = *rc::gen::container<std::vector<std::string>>(gen_text());
  const TwoIndexes got = index_both_ways(texts);
  RC_ASSERT(got.same);
  RC_ASSERT(got.replayed == static_cast<int64_t>(texts.size()));
}

}  // namespace
}  // namespace fissure::store
