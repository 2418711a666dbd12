// The small real corpora (kcna_2024, rodong_frontpage, khamenei_speeches_en) through ingest,
// search and KWIC, checked against what the data itself says.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <zlib.h>

#include <cctype>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "fissure/analysis/findings.h"
#include "fissure/analysis/null_model.h"
#include "fissure/coding/sentence_coder.h"
#include "fissure/store/archive.h"
#include "fissure/store/explain.h"
#include "fissure/store/ingest.h"
#include "fissure/store/search.h"
#include "fissure/store/voice_data.h"
#include "fissure/text/words.h"
#include "test_support.h"
// The store's private pieces: the writer's token replay, and its connection.
#include "../../src/store/fts_pretokens.h"
#include "../../src/store/sqlite_db.h"

namespace fissure {
namespace {

using fissure::testing::shared_path;
using fissure::testing::TempDir;
using nlohmann::json;

struct Corpus {
  const char* path;    // under shared/
  const char* source;  // the source its records name
};

const Corpus kCorpora[] = {
    {"corpora/kcna_2024/kcna_2024.jsonl.gz", "KCNA"},
    {"corpora/rodong_frontpage/rodong_frontpage.jsonl.gz", "Rodong Sinmun"},
    {"corpora/khamenei_speeches_en/khamenei_speeches_en.jsonl.gz", "khamenei.ir (English)"},
};

struct Record {
  std::string id, date, source, country, text;
};

std::string gunzip_file(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) return "";
  std::string out;
  char buf[1 << 16];
  int got;
  while ((got = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(got));
  gzclose(f);
  return out;
}

// Every non-blank line of a corpus, parsed; lines that do not parse are left out (and counted).
std::vector<Record> read_corpus(const std::string& path, size_t* lines) {
  std::string data = gunzip_file(path);
  std::vector<Record> out;
  *lines = 0;
  size_t start = 0;
  while (start < data.size()) {
    size_t end = data.find('\n', start);
    if (end == std::string::npos) end = data.size();
    std::string line = data.substr(start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ++*lines;
    try {
      json j = json::parse(line);
      auto str = [&](const char* k) {
        return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : "";
      };
      out.push_back({str("id"), str("date"), str("source"), str("country"), str("text")});
    } catch (const json::exception&) {
    }
  }
  return out;
}

// Lower-case ASCII letters and digits, every other run of bytes one space: how an FTS5 phrase
// sees text, near enough for English prose.
std::string normalize(const std::string& s) {
  std::string out;
  bool gap = false;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c >= 0x80) {
      if (gap && !out.empty()) out += ' ';
      gap = false;
      out += static_cast<char>(std::tolower(c));
    } else {
      gap = true;
    }
  }
  return out;
}

// " s ", so that a phrase matches whole words only.
std::string padded(const std::string& s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += ' ';
  out += s;
  out += ' ';
  return out;
}

class RecordingObserver : public IngestObserver {
 public:
  void on_skip(const std::string& message) override { skips.push_back(message); }
  std::vector<std::string> skips;
};

class RealCorporaTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    for (const auto& c : kCorpora) {
      inputs_.push_back(shared_path(c.path));
      size_t lines = 0;
      records_[c.source] = read_corpus(inputs_.back(), &lines);
      lines_[c.source] = lines;
    }
    auto a = Archive::open(dir_->file("real.db"), Archive::Mode::kReadWrite);
    ASSERT_TRUE(a.is_ok()) << a.status().message();
    archive_ = a->release();
    observer_ = new RecordingObserver();
    // Coded as `fissure ingest --reference ../shared/reference` codes.
    CoderConfig config;
    config.tone_lexicons = {shared_path("reference/vader/vader_lexicon.txt")};
    config.verbs = shared_path("reference/petrarch2/dictionaries/CAMEO.2.0.txt");
    config.cameo_dir = shared_path("reference/cameo");
    config.plover_dir = shared_path("reference/plover");
    auto coder = FissureCoder::create(config, nullptr);
    ASSERT_TRUE(coder.is_ok()) << coder.status().message();
    coder_ = coder->release();
    IngestOptions options;
    options.coder = coder_;
    auto s = ingest(*archive_, inputs_, options, *observer_);
    ASSERT_TRUE(s.is_ok()) << s.status().message();
    summary_ = *s;
  }

  static void TearDownTestSuite() {
    delete archive_;
    delete coder_;
    coder_ = nullptr;
    delete observer_;
    delete dir_;
    archive_ = nullptr;
    observer_ = nullptr;
    dir_ = nullptr;
    inputs_.clear();
    records_.clear();
    lines_.clear();
  }

  void SetUp() override { ASSERT_NE(archive_, nullptr) << "the suite's ingest failed"; }

  // Ids of the documents of `source` whose text holds the phrase, with a date overlapping the
  // year-month range [from, to] ("yyyy-mm" or "yyyy" prefixes compared as strings).
  static std::set<std::string> documents_with(const std::string& source, const std::string& phrase,
                                              const std::string& from, const std::string& to) {
    std::set<std::string> out;
    const std::string p = padded(normalize(phrase));
    for (const auto& r : records_[source]) {
      std::string d = r.date;
      if (d.empty() || d.substr(0, from.size()) < from || d.substr(0, to.size()) > to) continue;
      if (padded(normalize(r.text)).find(p) != std::string::npos) out.insert(r.id);
    }
    return out;
  }

  static SearchResults find(const std::string& text, SearchFilters filters) {
    SearchQuery q;
    q.text = text;
    q.filters = std::move(filters);
    q.limit = 10000;
    auto r = search(*archive_, q);
    EXPECT_TRUE(r.is_ok()) << text << ": " << r.status().message();
    return r.is_ok() ? *r : SearchResults{};
  }

  static std::set<std::string> hit_documents(const SearchResults& r) {
    std::set<std::string> out;
    for (const auto& h : r.hits) out.insert(h.document_id);
    return out;
  }

  static inline TempDir* dir_ = nullptr;
  static inline Archive* archive_ = nullptr;
  static inline FissureCoder* coder_ = nullptr;
  static inline RecordingObserver* observer_ = nullptr;
  static inline IngestSummary summary_;
  static inline std::vector<std::string> inputs_;
  static inline std::map<std::string, std::vector<Record>> records_;
  static inline std::map<std::string, size_t> lines_;
};

TEST_F(RealCorporaTest, DocumentCountEqualsInputLinesMinusSkips) {
  size_t lines = 0;
  for (const auto& [source, n] : lines_) lines += n;
  ASSERT_GT(lines, 1000u);
  EXPECT_EQ(summary_.records_skipped, static_cast<int64_t>(observer_->skips.size()));
  EXPECT_EQ(summary_.documents_new, static_cast<int64_t>(lines) - summary_.records_skipped)
      << ::testing::PrintToString(observer_->skips);
  auto st = archive_->stats();
  ASSERT_TRUE(st.is_ok());
  EXPECT_EQ(st->documents, summary_.documents_new);
  // Per corpus: its lines minus the skips reported for its file.
  for (size_t i = 0; i < std::size(kCorpora); ++i) {
    const std::string source = kCorpora[i].source;
    int64_t skipped = 0;
    for (const auto& m : observer_->skips) skipped += m.rfind(inputs_[i] + ":", 0) == 0;
    int64_t stored = -1;
    for (const auto& c : st->by_source)
      if (c.name == source) stored = c.documents;
    EXPECT_EQ(stored, static_cast<int64_t>(lines_[source]) - skipped) << source;
  }
}

TEST_F(RealCorporaTest, ArchiveIsConsistent) {
  auto c = archive_->check();
  ASSERT_TRUE(c.is_ok()) << c.status().message();
  EXPECT_TRUE(c->consistent) << ::testing::PrintToString(c->problems);
  EXPECT_EQ(c->documents, summary_.documents_new);
}

// The ingest hands FTS5 tokens recorded by its preparing threads (src/store/fts_pretokens.h):
// every indexed sentence of the real corpora went that way, and the index is exactly what the
// real unicode61 tokenizer makes of the stored text, as FTS5's integrity-check finds through a
// connection of plain SQLite.
TEST_F(RealCorporaTest, TheIndexIsWhatPlainUnicode61MakesOfTheText) {
  const store::TokenReplay* replay = store::TokenReplay::of(archive_->db().raw());
  ASSERT_NE(replay, nullptr);
  auto indexed = archive_->db().query_int("SELECT count(*) FROM sentence_fts_docsize");
  auto retired = archive_->db().query_int("SELECT count(*) FROM sentence WHERE boilerplate = 1");
  ASSERT_TRUE(indexed.is_ok() && retired.is_ok());
  EXPECT_GT(*indexed, 10000);
  // Each indexed sentence was replayed; so were the lines found to be boilerplate only after
  // they went in, which left the index again.
  EXPECT_GE(replay->replayed(), *indexed);
  EXPECT_LE(replay->replayed(), *indexed + *retired);

  sqlite3* plain = nullptr;
  ASSERT_EQ(sqlite3_open_v2(dir_->file("real.db").c_str(), &plain, SQLITE_OPEN_READWRITE, nullptr),
            SQLITE_OK);
  sqlite3_busy_timeout(plain, 10000);
  // 'integrity-check' with rank 1 also re-tokenizes the external content (the sentence_indexed
  // view) and compares. (title_fts leaves documents without a title out of the index, which that
  // comparison counts as missing rows; its tokens are never replayed.)
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(
                plain, "INSERT INTO sentence_fts(sentence_fts, rank) VALUES('integrity-check', 1)",
                nullptr, nullptr, &err),
            SQLITE_OK)
      << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(plain);
}

TEST_F(RealCorporaTest, ReingestIsNoOp) {
  auto before = archive_->stats();
  ASSERT_TRUE(before.is_ok());
  RecordingObserver observer;
  auto s = ingest(*archive_, inputs_, IngestOptions{}, observer);
  ASSERT_TRUE(s.is_ok()) << s.status().message();
  EXPECT_EQ(s->documents_new, 0);
  EXPECT_EQ(s->documents_revised, 0);
  EXPECT_EQ(s->documents_unchanged, summary_.documents_new);
  EXPECT_EQ(s->sentences, 0);
  EXPECT_EQ(s->boilerplate_lines, 0);
  EXPECT_EQ(s->records_skipped, summary_.records_skipped);
  auto after = archive_->stats();
  ASSERT_TRUE(after.is_ok());
  EXPECT_EQ(after->documents, before->documents);
  EXPECT_EQ(after->revisions, before->revisions);
  EXPECT_EQ(after->sentences, before->sentences);
  EXPECT_EQ(after->indexed_sentences, before->indexed_sentences);
  EXPECT_EQ(after->exact_duplicates, before->exact_duplicates);
  EXPECT_EQ(after->near_duplicates, before->near_duplicates);
  EXPECT_EQ(after->boilerplate_lines, before->boilerplate_lines);
}

TEST_F(RealCorporaTest, KhameneiIslamicAwakeningIn2011) {
  const std::string source = "khamenei.ir (English)";
  SearchFilters f;
  f.country = "IRN";
  f.source = source;
  f.from = "2011";
  f.to = "2011";
  SearchResults r = find("\"Islamic Awakening\"", f);
  std::set<std::string> expected = documents_with(source, "Islamic Awakening", "2011", "2011");
  ASSERT_GE(expected.size(), 5u) << "the data changed";
  EXPECT_EQ(hit_documents(r), expected);
  EXPECT_GE(r.total, static_cast<int64_t>(expected.size()));
  for (const auto& h : r.hits) {
    EXPECT_EQ(h.date.value_or("").substr(0, 4), "2011");
    EXPECT_EQ(h.country, std::optional<std::string>("IRN"));
    EXPECT_NE(normalize(h.sentence).find("islamic awakening"), std::string::npos) << h.sentence;
  }
}

TEST_F(RealCorporaTest, CountryFilterExcludesOtherSpeakers) {
  SearchFilters f;
  f.country = "PRK";
  EXPECT_EQ(find("\"Islamic Awakening\"", f).total, 0);
  f.country = "IRN";
  EXPECT_GT(find("\"Islamic Awakening\"", f).total, 0);
}

TEST_F(RealCorporaTest, RodongPlenaryMeetingInJune2021) {
  SearchFilters f;
  f.source = "Rodong Sinmun";
  f.from = "2021-06";
  f.to = "2021-06";
  SearchResults r = find("\"plenary meeting\"", f);
  std::set<std::string> expected =
      documents_with("Rodong Sinmun", "plenary meeting", "2021-06", "2021-06");
  ASSERT_GE(expected.size(), 2u) << "the data changed";
  EXPECT_EQ(hit_documents(r), expected);
  for (const auto& h : r.hits) EXPECT_EQ(h.date.value_or("").substr(0, 7), "2021-06");
}

TEST_F(RealCorporaTest, KcnaNuclearPollutedWater) {
  SearchFilters f;
  f.source = "KCNA";
  f.from = "2023-12";
  f.to = "2024-03";
  SearchResults r = find("\"nuclear-polluted water\"", f);
  std::set<std::string> expected =
      documents_with("KCNA", "nuclear-polluted water", "2023-12", "2024-03");
  ASSERT_GE(expected.size(), 1u) << "the data changed";
  EXPECT_EQ(hit_documents(r), expected);
}

TEST_F(RealCorporaTest, KwicIranInKcna2024) {
  KwicQuery q;
  q.term = "Iran";
  q.filters.source = "KCNA";
  q.window = 4;
  q.limit = 1000;
  auto r = kwic(*archive_, q);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  // Every occurrence of the word in the corpus' texts.
  int64_t expected = 0;
  for (const auto& rec : records_["KCNA"])
    for (const Span& w : word_spans(rec.text))
      expected += fold_case(std::string_view(rec.text).substr(w.start, w.end - w.start)) == "iran";
  ASSERT_GE(expected, 11);
  EXPECT_EQ(r->total, expected);
  EXPECT_EQ(static_cast<int64_t>(r->lines.size()), expected);
  std::set<std::string> docs;
  for (const auto& l : r->lines) {
    EXPECT_EQ(fold_case(l.keyword), "iran") << l.keyword;
    EXPECT_EQ(l.source, std::optional<std::string>("KCNA"));
    EXPECT_EQ(l.country, std::optional<std::string>("PRK"));
    EXPECT_LE(word_spans(l.left).size(), 4u) << l.left;
    EXPECT_LE(word_spans(l.right).size(), 4u) << l.right;
    docs.insert(l.document_id);
  }
  EXPECT_GE(docs.size(), 10u);
}

}  // namespace
}  // namespace fissure

namespace fissure {
namespace {

// One number from the archive file, read as an R or pandas user would read it.
int64_t sql_count(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  int64_t n = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

TEST_F(RealCorporaTest, EverySentenceIsCoded) {
  const std::string path = archive_->path();
  const int64_t sentences = sql_count(path, "SELECT count(*) FROM sentence");
  EXPECT_GT(sentences, 10000);
  EXPECT_EQ(sql_count(path, "SELECT count(*) FROM sentence_coding"), sentences);
  // The corpora are English: hardly any sentence is left uncoded as another language.
  EXPECT_LT(sql_count(path, "SELECT count(*) FROM sentence_coding WHERE lang != 'en'"),
            sentences / 100);
  // Every mention, term and event lies inside its sentence.
  EXPECT_EQ(sql_count(path,
                      "SELECT count(*) FROM mention m JOIN sentence s ON s.id = m.sentence_id "
                      "WHERE m.start < 0 OR m.end > s.end - s.start OR m.start >= m.end"),
            0);
  EXPECT_EQ(sql_count(path,
                      "SELECT count(*) FROM event WHERE goldstein < -10 OR goldstein > 10 OR "
                      "quad_class NOT BETWEEN 1 AND 4"),
            0);
  EXPECT_EQ(
      sql_count(path,
                "SELECT count(*) FROM sentence_coding WHERE tone_fissure NOT BETWEEN -1 AND 1"),
      0);
}

TEST_F(RealCorporaTest, WhoIsNamedAndWhoSpeaks) {
  const std::string path = archive_->path();
  // North Korea's media name the DPRK most; Khamenei's speeches name Iran and the US most.
  auto top = [&](const char* source) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    std::string sql =
        "SELECT m.code FROM mention m JOIN sentence s ON s.id = m.sentence_id JOIN document d ON "
        "d.key = "
        "s.document_key WHERE d.source = ? AND m.kind = 'state' GROUP BY m.code ORDER BY count(*) "
        "DESC LIMIT 2";
    sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
    sqlite3_bind_text(st, 1, source, -1, SQLITE_TRANSIENT);
    std::vector<std::string> out;
    while (sqlite3_step(st) == SQLITE_ROW)
      out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  };
  EXPECT_EQ(top("KCNA").at(0), "PRK");
  auto khamenei = top("khamenei.ir (English)");
  EXPECT_EQ(std::set<std::string>(khamenei.begin(), khamenei.end()),
            (std::set<std::string>{"IRN", "USA"}));
  // Most KCNA sentences speak in the DPRK's voice; some are attributed to others.
  const int64_t kcna =
      sql_count(path,
                "SELECT count(*) FROM sentence_coding c JOIN sentence s ON s.id = c.sentence_id "
                "JOIN document d ON d.key = s.document_key WHERE d.source = 'KCNA'");
  const int64_t kcna_prk = sql_count(
      path,
      "SELECT count(*) FROM sentence_coding c JOIN sentence s ON s.id = c.sentence_id "
      "JOIN document d ON d.key = s.document_key WHERE d.source = 'KCNA' AND c.speaker = 'PRK'");
  EXPECT_GT(kcna_prk, kcna * 8 / 10);
  EXPECT_LT(kcna_prk, kcna);
}

TEST_F(RealCorporaTest, KhameneiOnTheUsIsHostile) {
  SearchFilters f;
  f.source = "khamenei.ir (English)";
  f.actor = "USA";
  f.tone_max = -0.3;
  const int64_t hostile =
      find("America OR American OR Americans OR US OR \"United States\"", f).total;
  f.tone_max.reset();
  f.tone_min = 0.3;
  const int64_t warm = find("America OR American OR Americans OR US OR \"United States\"", f).total;
  EXPECT_GT(hostile, 100);
  EXPECT_GT(hostile, warm);
}

TEST_F(RealCorporaTest, ExplainShowsProvenanceOfARealSentence) {
  SearchFilters f;
  f.source = "KCNA";
  f.actor = "USA";
  auto r = find("\"U.S. imperialists\"", f);
  ASSERT_FALSE(r.hits.empty());
  auto e = explain_sentence(*archive_, r.hits[0].sentence_id);
  ASSERT_TRUE(e.is_ok()) << e.status().message();
  ASSERT_TRUE(e->coded);
  bool usa = false;
  for (const auto& m : e->coding.mentions)
    if (m.code == "USA") {
      usa = true;
      EXPECT_EQ(m.why.dictionary, "actors.fissure.txt");
      EXPECT_GT(m.why.line, 0);
    }
  EXPECT_TRUE(usa);
}

// The measurement on real text: Khamenei's speeches are Iran's voice, KCNA 2024 and Rodong
// Sinmun North Korea's.
TEST_F(RealCorporaTest, DyadOfIranAndNorthKoreaOnRealText) {
  analysis::DyadOptions o;
  o.a = "IRN";
  o.b = "PRK";
  auto series = analysis::compute_dyad(*archive_, o);
  ASSERT_TRUE(series) << series.status().message();
  int64_t prk_about_iran = 0, iran_volume = 0, prk_volume = 0;
  for (const analysis::DirectedPeriod& row : series->rows) {
    (row.speaker == "IRN" ? iran_volume : prk_volume) += row.speaker_sentences;
    if (row.speaker == "PRK") prk_about_iran += row.sentences;
    if (row.enough_text) {
      EXPECT_LE(row.tone_ci_low, row.tone);
      EXPECT_GE(row.tone_ci_high, row.tone);
    }
  }
  EXPECT_GT(prk_about_iran, 10);  // KCNA 2024 reports on Iran (messages, delegations)
  EXPECT_GT(iran_volume, 10000);
  EXPECT_GT(prk_volume, 1000);
  // Every sentence counted as North Korea's voice comes from its own outlets.
  for (const VoiceSentence& v : series->ba.sentences) {
    auto quotes = load_quotes(*archive_, {v.sentence_id}, "IRN");
    ASSERT_TRUE(quotes);
    ASSERT_EQ(quotes->size(), 1u);
    EXPECT_EQ(quotes->front().country, "PRK");
    EXPECT_FALSE(quotes->front().target_spans.empty()) << quotes->front().text;
  }
}

TEST_F(RealCorporaTest, CracksQuoteTheArchive) {
  analysis::CracksOptions o;
  o.dyad.a = "IRN";
  o.dyad.b = "PRK";
  auto cracks = analysis::find_cracks(*archive_, o);
  ASSERT_TRUE(cracks) << cracks.status().message();
  EXPECT_GT(cracks->tests, 0);
  for (const analysis::Finding& f : cracks->findings) {
    EXPECT_TRUE(f.ci_low > 0 || f.ci_high < 0) << f.summary;
    EXPECT_GE(f.evidence.size(), 1u) << f.summary;
    for (const analysis::Evidence& e : f.evidence) {
      EXPECT_FALSE(e.quote.text.empty());
      EXPECT_FALSE(e.quote.document_id.empty());
      EXPECT_FALSE(e.quote.target_spans.empty()) << e.quote.text;
    }
  }
}

// Speaker labels shuffled: the documents of Iran's and North Korea's voices dealt out again at
// random. Each kind of finding is a family tested at 5%, so on shuffled voices a kind may fire in
// about 1 of 20 deals; 5 or more of 20 (binomial tail 1.6%) means its intervals are too narrow.
TEST_F(RealCorporaTest, ShuffledSpeakersGiveFindingsAtTheStatedRate) {
  VoiceScope scope;
  auto iran = load_speaker_voice(*archive_, "IRN", scope);
  auto korea = load_speaker_voice(*archive_, "PRK", scope);
  ASSERT_TRUE(iran && korea);
  ASSERT_GT(iran->documents.size(), 100u);
  ASSERT_GT(korea->documents.size(), 100u);
  analysis::CracksOptions o;
  o.dyad.a = "IRN";
  o.dyad.b = "PRK";
  o.dyad.resolution = analysis::Resolution::kMonth;
  o.permutations = 400;
  std::map<std::string, int> fired;
  constexpr int kDeals = 20;
  for (int deal = 0; deal < kDeals; ++deal) {
    auto [a, b] = analysis::shuffle_speakers(*iran, *korea, 7000 + deal);
    EXPECT_EQ(a.documents.size(), iran->documents.size());
    analysis::DyadSeries series = analysis::build_dyad(o.dyad, std::move(a), std::move(b));
    auto cracks = analysis::find_cracks_in(series, o);
    ASSERT_TRUE(cracks);
    EXPECT_GT(cracks->tests, 10);  // the families were tested, so "no findings" means something
    std::set<std::string> kinds;
    for (const analysis::Finding& f : cracks->findings) kinds.insert(f.kind);
    for (const std::string& k : kinds) fired[k]++;
  }
  for (const std::string& kind : analysis::finding_kinds())
    EXPECT_LT(fired[kind], 5) << kind << " fired in " << fired[kind] << " of " << kDeals
                              << " shuffled deals";
}

}  // namespace
}  // namespace fissure
