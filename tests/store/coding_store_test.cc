// The archive's side of coding: codings written during ingest, coding filter tokens in the index
// (--actor, --speaker, --domain), tone ranges, index consistency across revisions, and the
// migration of a version-1 archive. The coder here is a small test double; the real coder is
// tested in tests/coding/.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "fissure/coding/sentence_coding.h"
#include "fissure/store/archive.h"
#include "fissure/store/code.h"
#include "fissure/store/ingest.h"
#include "fissure/store/search.h"
#include "test_support.h"

namespace fissure {
namespace {

using fissure::testing::Doc;
using fissure::testing::jsonl;
using fissure::testing::TempDir;
using fissure::testing::write_file;

// Codes by keyword: "DPRK" → PRK, "Iran" → IRN, "US" → USA; "missile" → nuclear; "praised" → +0.6,
// "condemned" → −0.7; "said Tehran" makes IRN the speaker. Deterministic, thread-safe.
class KeywordCoder : public SentenceCoder {
 public:
  KeywordCoder() = default;
  KeywordCoder(std::vector<std::pair<std::string, std::string>> actors, std::string version)
      : actors_(std::move(actors)), version_(std::move(version)) {}

  SentenceCoding code(std::string_view s, const SentenceContext& context) const override {
    SentenceCoding c;
    c.speaker = std::string(context.outlet_country);
    c.speaker_why.rule = "outlet";
    if (s.find("said Tehran") != std::string_view::npos) {
      c.speaker = "IRN";
      c.speaker_why.rule = "reporting-verb";
    }
    double tone = 0;
    if (s.find("praised") != std::string_view::npos) tone += 0.6;
    if (s.find("condemned") != std::string_view::npos) tone -= 0.7;
    c.tone = c.tone_fissure = tone;
    for (const auto& [word, code] : actors_) {
      for (size_t at = s.find(word); at != std::string_view::npos; at = s.find(word, at + 1)) {
        ActorMention m;
        m.begin = static_cast<uint32_t>(at);
        m.end = static_cast<uint32_t>(at + word.size());
        m.code = code;
        m.kind = "state";
        m.country = code;
        m.why = {"keywords", 1, ""};
        // Toward the US the tone is hostile whatever the sentence says: a per-target score.
        c.mention_tones.push_back({c.mentions.size(), tone, code == "USA" ? -0.9 : tone, 0,
                                   static_cast<uint32_t>(s.size())});
        c.mentions.push_back(m);
      }
    }
    if (size_t at = s.find("missile"); at != std::string_view::npos)
      c.domains.push_back({"nuclear", static_cast<uint32_t>(at), static_cast<uint32_t>(at + 7), {"keywords", 2, ""}});
    return c;
  }
  std::string version() const override { return version_; }
  // One entry per keyword; its hash is the code it gives.
  std::vector<DictionaryItem> items() const override {
    std::vector<DictionaryItem> out;
    for (const auto& [word, code] : actors_) out.push_back({"keywords", word, code, word});
    return out;
  }

 private:
  std::vector<std::pair<std::string, std::string>> actors_ = {{"DPRK", "PRK"}, {"Iran", "IRN"}, {"US", "USA"}};
  std::string version_ = "keyword-test-coder 1";
};

class CodingStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("a.db");
    auto a = Archive::open(path_, Archive::Mode::kReadWrite);
    ASSERT_TRUE(a.is_ok()) << a.status().message();
    archive_ = std::move(*a);
  }

  void ingest_docs(const std::vector<Doc>& docs, const std::string& name = "in.jsonl") {
    write_file(dir_.file(name), jsonl(docs));
    IngestOptions options;
    options.coder = &coder_;
    struct Quiet : IngestObserver {
      void on_skip(const std::string& m) override { ADD_FAILURE() << m; }
    } observer;
    auto r = ingest(*archive_, {dir_.file(name)}, options, observer);
    ASSERT_TRUE(r.is_ok()) << r.status().message();
  }

  std::vector<int64_t> ids(const std::string& text, SearchFilters f) {
    SearchQuery q;
    q.text = text;
    q.filters = std::move(f);
    q.limit = 100;
    auto r = search(*archive_, q);
    EXPECT_TRUE(r.is_ok()) << r.status().message();
    std::vector<int64_t> out;
    if (r.is_ok())
      for (const auto& h : r->hits) out.push_back(h.sentence_id);
    std::sort(out.begin(), out.end());
    return out;
  }

  // Runs SQL on its own connection (the archive is a plain SQLite file, as R or pandas see it).
  std::string query(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    std::string out;
    char* error = nullptr;
    auto take = [](void* o, int n, char** values, char**) {
      if (n > 0 && values[0]) *static_cast<std::string*>(o) = values[0];
      return 0;
    };
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), take, &out, &error), SQLITE_OK) << sql << ": " << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
    return out;
  }
  int64_t count(const std::string& sql) { return std::stoll("0" + query(sql)); }

  void expect_consistent() {
    auto c = archive_->check();
    ASSERT_TRUE(c.is_ok()) << c.status().message();
    EXPECT_TRUE(c->consistent) << ::testing::PrintToString(c->problems);
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Archive> archive_;
  KeywordCoder coder_;
};

const std::vector<Doc> kDocs = {
    Doc("k1", "The DPRK praised Iran for its stand. The DPRK test-fired a missile. The weather was fine."),
    Doc("k2", "The US condemned the DPRK. Iran praised the DPRK and condemned the US, said Tehran."),
    Doc("t1", "Iran praised the DPRK. The US missile shield was condemned.", "2013-02-01", "Tehran Times", "IRN"),
};

TEST_F(CodingStoreTest, IngestWritesEveryCodedSentence) {
  ingest_docs(kDocs);
  EXPECT_EQ(count("SELECT count(*) FROM sentence_coding"), count("SELECT count(*) FROM sentence"));
  EXPECT_EQ(count("SELECT count(*) FROM mention WHERE code = 'PRK'"), 5);
  EXPECT_EQ(count("SELECT count(*) FROM mention WHERE tone_fissure IS NULL"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM domain_term WHERE domain = 'nuclear'"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM coding_run WHERE coder = 'keyword-test-coder 1' AND finished_at IS NOT NULL"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM dictionary_entry"), 3);
  expect_consistent();
}

TEST_F(CodingStoreTest, ActorSpeakerAndDomainFiltersComeFromTheIndex) {
  ingest_docs(kDocs);
  SearchFilters prk;
  prk.actor = "PRK";
  // "praised" occurs in three sentences; all three name the DPRK.
  EXPECT_EQ(ids("praised", prk).size(), 3u);
  SearchFilters usa;
  usa.actor = "USA";
  EXPECT_EQ(ids("condemned", usa).size(), 3u);
  EXPECT_EQ(ids("praised", usa).size(), 1u);
  SearchFilters speaker;
  speaker.speaker = "IRN";
  // Tehran Times sentences speak for IRN, and so does the KCNA sentence that quotes Tehran.
  EXPECT_EQ(ids("praised", speaker).size(), 2u);
  SearchFilters nuclear;
  nuclear.domain = "nuclear";
  EXPECT_EQ(ids("missile", nuclear).size(), 2u);
  EXPECT_EQ(ids("weather", nuclear).size(), 0u);
  nuclear.domain = "weather";
  SearchQuery bad;
  bad.text = "weather";
  bad.filters = nuclear;
  auto r = search(*archive_, bad);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("not a domain"), std::string::npos);
}

TEST_F(CodingStoreTest, ToneRangeIsTowardTheActorWhenOneIsGiven) {
  ingest_docs(kDocs);
  SearchFilters warm;
  warm.tone_min = 0.5;
  EXPECT_EQ(ids("DPRK OR US", warm).size(), 2u);  // k1's first sentence and t1's first
  SearchFilters hostile_to_us;
  hostile_to_us.actor = "USA";
  hostile_to_us.tone_max = -0.5;
  // Sentence tone would put k2's second sentence at -0.1; toward the US it is -0.9.
  EXPECT_EQ(ids("DPRK OR US", hostile_to_us).size(), 3u);
  SearchFilters inverted;
  inverted.tone_min = 0.5;
  inverted.tone_max = 0.1;
  SearchQuery q;
  q.text = "DPRK";
  q.filters = inverted;
  EXPECT_FALSE(search(*archive_, q).is_ok());
}

TEST_F(CodingStoreTest, HitsCarryTheirCoding) {
  ingest_docs(kDocs);
  SearchQuery q;
  q.text = "\"said Tehran\"";
  auto r = search(*archive_, q);
  ASSERT_TRUE(r.is_ok());
  ASSERT_EQ(r->hits.size(), 1u);
  const CodingSummary& c = r->hits[0].coding;
  EXPECT_TRUE(c.coded);
  EXPECT_EQ(c.speaker, "IRN");
  EXPECT_EQ(c.actors, (std::vector<std::string>{"PRK", "IRN", "USA"}));  // in mention order
  KwicQuery k;
  k.term = "missile";
  auto lines = kwic(*archive_, k);
  ASSERT_TRUE(lines.is_ok());
  ASSERT_EQ(lines->lines.size(), 2u);
  EXPECT_EQ(lines->lines[0].coding.domains, std::vector<std::string>{"nuclear"});
}

TEST_F(CodingStoreTest, RevisionsKeepTheIndexConsistent) {
  ingest_docs(kDocs);
  std::vector<Doc> changed = kDocs;
  changed[0].text = "The DPRK condemned the US. A missile was shown.";
  ingest_docs(changed, "changed.jsonl");
  expect_consistent();
  SearchFilters prk;
  prk.actor = "PRK";
  EXPECT_EQ(ids("praised", prk).size(), 2u);  // k1's praise is history now
  EXPECT_EQ(ids("condemned", prk).size(), 3u);  // k1's new sentence joins k2's two
}

// The writer queues codings and writes them several rows per statement; a revision and a newly
// found boilerplate line read codings back (for the index entries they remove) in the same
// transaction, so the queue must be written first. 60 documents of one source share a footer
// (boilerplate from the 50th on), each names five actors (300 mention rows: full multi-row
// statements and a remainder), and k1 is revised within the same input.
TEST_F(CodingStoreTest, CodingsWrittenInBulkMatchTheIndexWithinOneTransaction) {
  std::vector<Doc> docs = {Doc("k1", "The DPRK praised Iran for its stand. The DPRK test-fired a missile.")};
  for (int i = 0; i < 60; ++i) {
    std::string n = std::to_string(i);
    docs.push_back(Doc("b" + n,
                       "The DPRK praised Iran in story " + n + ". Iran and the DPRK met on day " + n +
                           ". The US missile number " + n + " was condemned. All rights reserved by the agency.",
                       "2013-02-01", "Agency", "PRK"));
  }
  docs.push_back(Doc("k1", "The DPRK condemned the US. A missile was shown."));
  ingest_docs(docs);
  expect_consistent();
  EXPECT_EQ(count("SELECT count(*) FROM boilerplate"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM sentence WHERE boilerplate = 1"), 60);
  EXPECT_EQ(count("SELECT count(*) FROM sentence_coding"), count("SELECT count(*) FROM sentence"));
  // k1's two revisions (2 + 1 PRK, 1 IRN, 1 USA) and five per story.
  EXPECT_EQ(count("SELECT count(*) FROM mention"), 5 + 60 * 5);
  EXPECT_EQ(count("SELECT count(*) FROM mention m JOIN sentence s ON s.id = m.sentence_id "
                  "JOIN sentence_coding c ON c.sentence_id = s.id"),
            5 + 60 * 5);
  EXPECT_EQ(count("SELECT count(*) FROM domain_term WHERE domain = 'nuclear'"), 2 + 60);
  EXPECT_EQ(count("SELECT max(n) FROM mention"), 1);
  SearchFilters prk;
  prk.actor = "PRK";
  EXPECT_EQ(ids("praised", prk).size(), 60u);  // k1's first revision is history
  EXPECT_EQ(ids("condemned", prk).size(), 1u);  // k1's new revision; the stories name only the US
  EXPECT_EQ(ids("condemned", {}).size(), 61u);
  EXPECT_TRUE(ids("reserved", {}).empty());  // the footer left the index
  // Removing a sentence from the index takes its coding tokens too, read back from its coding:
  // none may be left behind (check() does not compare the index with its content).
  for (const char* token : {"spprk", "aprk", "dmnuclear"})
    EXPECT_EQ(count(std::string("SELECT count(*) FROM sentence_fts WHERE sentence_fts MATCH 'meta:") + token + "'"),
              count(std::string("SELECT count(*) FROM sentence_indexed WHERE ' ' || meta || ' ' LIKE '% ") + token +
                    " %'"))
        << token;
}

TEST_F(CodingStoreTest, UncodedIngestLeavesFiltersEmptyButTheIndexSound) {
  write_file(dir_.file("plain.jsonl"), jsonl(kDocs));
  struct Quiet : IngestObserver {
    void on_skip(const std::string&) override {}
  } observer;
  ASSERT_TRUE(ingest(*archive_, {dir_.file("plain.jsonl")}, IngestOptions{}, observer).is_ok());
  EXPECT_EQ(count("SELECT count(*) FROM sentence_coding"), 0);
  SearchFilters prk;
  prk.actor = "PRK";
  EXPECT_TRUE(ids("praised", prk).empty());
  EXPECT_EQ(ids("praised", {}).size(), 3u);
  expect_consistent();
}

// A version-1 archive (made here by taking a version-2 one back) migrates when opened for writing,
// and its index stays consistent without a rebuild.
TEST_F(CodingStoreTest, VersionOneArchiveMigrates) {
  write_file(dir_.file("plain.jsonl"), jsonl(kDocs));
  struct Quiet : IngestObserver {
    void on_skip(const std::string&) override {}
  } observer;
  ASSERT_TRUE(ingest(*archive_, {dir_.file("plain.jsonl")}, IngestOptions{}, observer).is_ok());
  std::string view = query("SELECT sql FROM sqlite_master WHERE name = 'sentence_indexed'");
  // The version-1 view: the same without the coding join and tokens.
  view.replace(view.find(" || coalesce(' ' || c.tokens, '')"), std::string(" || coalesce(' ' || c.tokens, '')").size(), "");
  const std::string join = "\n  LEFT JOIN sentence_coding c ON c.sentence_id = s.id AND c.tokens != ''";
  ASSERT_NE(view.find(join), std::string::npos);
  view.erase(view.find(join), join.size());
  archive_.reset();
  query("DROP VIEW sentence_indexed; " + view +
        "; DROP TABLE mention; DROP TABLE event; DROP TABLE domain_term; DROP TABLE sentence_coding; "
        "DROP TABLE coding_run; DROP TABLE dictionary_entry; UPDATE meta SET value = '1' WHERE key = 'schema_version'");
  {
    auto ro = Archive::open(path_, Archive::Mode::kReadOnly);
    ASSERT_TRUE(ro.is_ok()) << ro.status().message();
    SearchQuery q;
    q.text = "praised";
    auto r = search(**ro, q);
    ASSERT_TRUE(r.is_ok()) << r.status().message();
    EXPECT_EQ(r->total, 3);
    EXPECT_FALSE(r->hits[0].coding.coded);
  }
  auto a = Archive::open(path_, Archive::Mode::kReadWrite);
  ASSERT_TRUE(a.is_ok()) << a.status().message();
  archive_ = std::move(*a);
  EXPECT_EQ(count("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'"), 2);
  expect_consistent();
  ingest_docs({Doc("k9", "The DPRK praised the harvest.")}, "more.jsonl");
  SearchFilters prk;
  prk.actor = "PRK";
  EXPECT_EQ(ids("praised", prk).size(), 1u);  // only the new document is coded
  expect_consistent();
}

TEST_F(CodingStoreTest, CodeRecodesOnlyWhatADictionaryChangeAffects) {
  ingest_docs(kDocs);
  // "DPRK" now codes XYZ: only the five sentences naming the DPRK can change.
  KeywordCoder changed({{"DPRK", "XYZ"}, {"Iran", "IRN"}, {"US", "USA"}}, "keyword-test-coder 1");
  auto r = code_archive(*archive_, changed, CodeOptions{});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_FALSE(r->full);
  EXPECT_EQ(r->changed_entries, 1);
  EXPECT_EQ(r->sentences, 5);
  EXPECT_EQ(r->changed_codings, 5);
  expect_consistent();
  SearchFilters xyz;
  xyz.actor = "XYZ";
  EXPECT_EQ(ids("praised", xyz).size(), 3u);
  SearchFilters prk;
  prk.actor = "PRK";
  EXPECT_TRUE(ids("praised", prk).empty());
  EXPECT_EQ(count("SELECT count(*) FROM mention WHERE code = 'PRK'"), 0);
  EXPECT_EQ(query("SELECT hash FROM dictionary_entry WHERE key = 'DPRK'"), "XYZ");

  // Nothing changed since: nothing to do.
  r = code_archive(*archive_, changed, CodeOptions{});
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->sentences, 0);

  // A removed entry affects the sentences it used to match.
  KeywordCoder fewer({{"DPRK", "XYZ"}, {"Iran", "IRN"}}, "keyword-test-coder 1");
  r = code_archive(*archive_, fewer, CodeOptions{});
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->changed_entries, 1);
  EXPECT_EQ(count("SELECT count(*) FROM mention WHERE code = 'USA'"), 0);
  expect_consistent();

  // New coder logic recodes everything.
  KeywordCoder newer({{"DPRK", "XYZ"}, {"Iran", "IRN"}}, "keyword-test-coder 2");
  r = code_archive(*archive_, newer, CodeOptions{});
  ASSERT_TRUE(r.is_ok());
  EXPECT_TRUE(r->full);
  EXPECT_EQ(r->sentences, count("SELECT count(*) FROM sentence"));
  EXPECT_EQ(r->changed_codings, 0);
  expect_consistent();
}

TEST_F(CodingStoreTest, CodeCodesAnArchiveIngestedWithoutACoder) {
  write_file(dir_.file("plain.jsonl"), jsonl(kDocs));
  struct Quiet : IngestObserver {
    void on_skip(const std::string&) override {}
  } observer;
  ASSERT_TRUE(ingest(*archive_, {dir_.file("plain.jsonl")}, IngestOptions{}, observer).is_ok());
  CodeOptions options;
  options.batch_sentences = 2;  // several batches, coded while the previous one is written
  options.threads = 2;
  int64_t last_done = -1;
  auto r = code_archive(*archive_, coder_, options, [&](int64_t done, int64_t total) {
    EXPECT_LE(done, total);
    last_done = done;
  });
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_TRUE(r->full);
  EXPECT_EQ(r->sentences, count("SELECT count(*) FROM sentence"));
  EXPECT_EQ(last_done, r->sentences);
  EXPECT_EQ(count("SELECT count(*) FROM sentence_coding"), r->sentences);
  SearchFilters prk;
  prk.actor = "PRK";
  EXPECT_EQ(ids("praised", prk).size(), 3u);
  expect_consistent();
}

// A keyword coder that also names a verb file, as FissureCoder does, by file name.
class VerbFileCoder : public KeywordCoder {
 public:
  explicit VerbFileCoder(std::string hash) : KeywordCoder({{"DPRK", "PRK"}, {"Iran", "IRN"}, {"US", "USA"}}, "keyword-test-coder 1"), hash_(std::move(hash)) {}
  std::vector<DictionaryItem> items() const override {
    std::vector<DictionaryItem> out = KeywordCoder::items();
    out.push_back({"verbs", "CAMEO.2.0.txt", hash_, "*"});
    return out;
  }

 private:
  std::string hash_;
};

TEST_F(CodingStoreTest, AVerbFileKeyedByItsFullPathIsTheSameFile) {
  ingest_docs(kDocs);
  VerbFileCoder verbs("h1");
  auto r = code_archive(*archive_, verbs, CodeOptions{});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_TRUE(r->full);  // a new entry that can match any sentence
  EXPECT_EQ(query("SELECT key FROM dictionary_entry WHERE dictionary = 'verbs'"), "CAMEO.2.0.txt");

  // An archive coded before verb files were keyed by name: the same file under its full path
  // is not a change, and the next run records the name.
  query("UPDATE dictionary_entry SET key = '/mnt/elsewhere/petrarch2/dictionaries/CAMEO.2.0.txt' WHERE dictionary = 'verbs'");
  r = code_archive(*archive_, verbs, CodeOptions{});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_FALSE(r->full) << r->reason;
  EXPECT_EQ(r->changed_entries, 0);
  EXPECT_EQ(r->sentences, 0);

  // Under its full path with other content, it is a change, and everything is recoded.
  query("UPDATE dictionary_entry SET key = '/mnt/elsewhere/CAMEO.2.0.txt', hash = 'h0' WHERE dictionary = 'verbs'");
  r = code_archive(*archive_, verbs, CodeOptions{});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_TRUE(r->full);
  EXPECT_EQ(r->changed_entries, 1);
  EXPECT_EQ(query("SELECT key FROM dictionary_entry WHERE dictionary = 'verbs'"), "CAMEO.2.0.txt");
  expect_consistent();
}

}  // namespace
}  // namespace fissure
