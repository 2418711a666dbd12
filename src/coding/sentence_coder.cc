#include "fissure/coding/sentence_coder.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>

#include "fissure/coding/actor_coder.h"
#include "fissure/coding/domain_coder.h"
#include "fissure/coding/event_coder.h"
#include "fissure/coding/language.h"
#include "fissure/coding/speaker.h"
#include "fissure/coding/target_tone.h"
#include "fissure/coding/vader.h"
#include "fissure/lexicon/cameo_tables.h"
#include "fissure/lexicon/petrarch_dictionaries.h"
#include "fissure/lexicon/phrase_dictionary.h"
#include "fissure/lexicon/phrase_matcher.h"
#include "fissure/lexicon/tone_lexicon.h"
#include "fissure/text/fingerprint.h"

namespace fissure {
namespace {

// Bump whenever a change to the coding code (not to a dictionary) changes what it codes: the
// archive then recodes every sentence on the next `fissure code`.
constexpr int kCoderLogicVersion = 2;

constexpr double kNotScored = std::numeric_limits<double>::quiet_NaN();

std::string hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// An FTS query (fissure query language) that finds every sentence a pattern can match; "*" when
// the pattern has no word the index can look up.
std::string pattern_phrase(const PhrasePattern& p) {
  std::string words;
  bool any_word = false;
  for (char c : p.text) {
    const bool word_char =
        std::isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) & 0x80);
    any_word = any_word || word_char;
    words += word_char ? c : ' ';
  }
  if (!any_word) return "*";
  return "\"" + words + "\"" + (p.prefix ? "*" : "");
}

void add_phrase_items(const PhraseDictionary& d, std::vector<DictionaryItem>* out) {
  std::map<std::string, int> seen;
  for (const PhraseEntry& e : d.entries()) {
    std::string key = e.code + "|" + e.kind + "|" + e.name + "|" +
                      (e.from ? e.from->to_string() : "") + "|" + (e.to ? e.to->to_string() : "") +
                      "|" + e.outlet;
    if (int n = seen[key]++; n > 0) key += "#" + std::to_string(n);
    std::string content = key + "|" + e.country;
    std::vector<std::string> phrases;
    for (const PhrasePattern& p : e.patterns) {
      content += "|" + std::string(p.case_sensitive ? "=" : "") + p.text + (p.prefix ? "*" : "");
      phrases.push_back(pattern_phrase(p));
    }
    std::sort(phrases.begin(), phrases.end());
    phrases.erase(std::unique(phrases.begin(), phrases.end()), phrases.end());
    std::string phrase;
    if (std::find(phrases.begin(), phrases.end(), "*") != phrases.end())
      phrase = "*";
    else
      for (const auto& p : phrases) phrase += (phrase.empty() ? "" : " OR ") + p;
    if (phrase.empty()) phrase = "*";
    out->push_back({d.name(), key, hex64(hash64(content)), phrase});
  }
}

// A tone lexicon as items: one a token, its hash the valence.
void add_tone_items(const ToneLexicon& lexicon, const std::string& name,
                    std::vector<DictionaryItem>* out) {
  lexicon.for_each([&](std::string_view token, const ToneEntry& e) {
    PhrasePattern p;
    p.text = std::string(token);
    char valence[32];
    std::snprintf(valence, sizeof valence, "%.6g", e.valence);
    out->push_back({name, std::string(token), valence, pattern_phrase(p)});
  });
}

// "PYONGYANG, May 3 (KCNA) --", "TEHRAN --": a place named at the head of a news story says where
// it was filed, not who acts; such a mention is no actor.
bool is_dateline(std::string_view sentence, const ActorMention& m) {
  if (sentence.substr(0, m.begin).find_first_not_of(" \t\r\n") != std::string_view::npos)
    return false;
  std::string_view rest = sentence.substr(std::min<size_t>(m.end, sentence.size()));
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  for (std::string_view dash : {"--", "\u2013", "\u2014"})
    if (rest.starts_with(dash)) return true;
  if (!rest.starts_with(",")) return false;
  rest.remove_prefix(1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::string_view month : kMonths)
    if (rest.starts_with(month)) return true;
  return false;
}

int date_number_of(const std::optional<Date>& d) {
  if (!d) return 0;
  Date first = d->first_day();
  return first.year * 10000 + first.month * 100 + first.day;
}

}  // namespace

struct FissureCoder::Parts {
  bool has_general_tone = false;
  ToneLexicon general;  // the general lexicons alone
  ToneLexicon stacked;  // the general lexicons, then fissure's on top
  std::shared_ptr<const PhraseMatcher> matcher;
  std::vector<ActorCoder>
      actor_coders;  // by priority: the user's dictionaries first, built-in last
  std::optional<DomainCoder> domains;
  std::optional<EventCoder> events;
  std::vector<DictionaryItem> items;
  std::vector<std::string> description;
  std::string version;
};

// Per-thread scratch. The sentence is tokenised for VADER once and scored with both lexicons; so
// is each clause that governs a mention, unless it is the whole sentence, whose scores it takes.
struct FissureCoder::Scratch {
  explicit Scratch(const Parts& p) : stacked(p.stacked), stacked_splitter(p.stacked) {
    if (p.has_general_tone) {
      general.emplace(p.general);
      general_splitter.emplace(p.general);
    }
  }
  ToneTokens sentence_tokens;
  ToneTokens clause_tokens;
  std::optional<VaderScorer> general;
  VaderScorer stacked;
  std::optional<ClauseSplitter> general_splitter;
  ClauseSplitter stacked_splitter;
  std::vector<std::optional<double>> general_clause_scores, stacked_clause_scores;
  std::vector<ToneClause> general_clauses, stacked_clauses;
};

namespace {

std::atomic<uint64_t> next_coder_id{1};

// Each thread keeps the scratch it last used, for the coder it used it with. A pool shared by
// the threads alone would hand a thread, sentence after sentence, scratch that another core has
// just written (its lines then move between the cores' caches) and lock a mutex each time: two
// threads coded 1.81-1.83x what one does. The pool still serves a thread's second coder, and
// a thread that codes for several coders in turn.
struct ThreadScratch {
  uint64_t coder = 0;
  std::unique_ptr<FissureCoder::Scratch> scratch;
};
thread_local ThreadScratch thread_scratch;

}  // namespace

FissureCoder::FissureCoder() : parts_(std::make_unique<Parts>()), id_(next_coder_id++) {}
FissureCoder::~FissureCoder() = default;

Result<std::unique_ptr<FissureCoder>> FissureCoder::create(const CoderConfig& config,
                                                           std::vector<std::string>* problems) {
  std::unique_ptr<FissureCoder> coder(new FissureCoder());
  Parts& p = *coder->parts_;
  std::vector<std::string> messages;
  auto report = [&](const std::vector<DictionaryProblem>& list) {
    for (const auto& pr : list) messages.push_back(pr.to_string());
  };

  // Tone lexicons.
  for (const auto& path : config.tone_lexicons) {
    FISSURE_RETURN_IF_ERROR(p.general.add_file(path, &messages));
    FISSURE_RETURN_IF_ERROR(p.stacked.add_file(path, &messages));
    p.description.push_back(path + ": general tone lexicon");
  }
  p.has_general_tone = !config.tone_lexicons.empty();
  FISSURE_RETURN_IF_ERROR(p.stacked.add_builtin(&messages));
  if (p.has_general_tone) add_tone_items(p.general, "tone:general", &p.items);
  {
    ToneLexicon own;
    FISSURE_RETURN_IF_ERROR(own.add_builtin(nullptr));
    add_tone_items(own, std::string(ToneLexicon::kBuiltinName), &p.items);
    p.description.push_back(std::string(ToneLexicon::kBuiltinName) + ": " +
                            std::to_string(own.size()) + " entries (fissure's tone lexicon)");
  }

  // Phrase dictionaries: the user's actors, the built-in actors, the domains; one matcher.
  std::vector<PhraseDictionary> dictionaries;
  for (const auto& path : config.actor_dictionaries) {
    auto d = PhraseDictionary::load_file(path);
    if (!d) return d.status();
    dictionaries.push_back(std::move(*d));
  }
  if (config.builtin_actors) {
    auto d = PhraseDictionary::load_builtin("actors.fissure.txt");
    if (!d) return d.status();
    dictionaries.push_back(std::move(*d));
  }
  const size_t actor_dictionaries = dictionaries.size();
  if (config.domain_dictionaries.empty()) {
    auto d = PhraseDictionary::load_builtin("domains.fissure.txt");
    if (!d) return d.status();
    dictionaries.push_back(std::move(*d));
  } else {
    std::vector<PhraseEntry> entries;
    std::vector<DictionaryProblem> list;
    for (const auto& path : config.domain_dictionaries) {
      auto d = PhraseDictionary::load_file(path);
      if (!d) return d.status();
      report(d->problems());
      entries.insert(entries.end(), d->entries().begin(), d->entries().end());
    }
    dictionaries.emplace_back(
        config.domain_dictionaries.size() == 1 ? config.domain_dictionaries[0] : "domains",
        std::move(entries), std::vector<DictionaryProblem>{});
  }
  for (const auto& d : dictionaries) {
    report(d.problems());
    add_phrase_items(d, &p.items);
    p.description.push_back(d.name() + ": " + std::to_string(d.entries().size()) + " entries, " +
                            std::to_string(d.pattern_count()) + " patterns");
  }
  auto matcher = PhraseMatcher::compile(std::move(dictionaries));
  if (!matcher) return matcher.status();
  p.matcher = *matcher;
  report(p.matcher->problems());
  for (uint32_t i = 0; i < actor_dictionaries; ++i) p.actor_coders.emplace_back(p.matcher, i);
  p.domains.emplace(p.matcher, static_cast<uint32_t>(actor_dictionaries));

  // Events.
  if (!config.verbs.empty()) {
    auto text = read_dictionary_file(config.verbs);
    if (!text) return text.status();
    auto verbs =
        std::make_shared<PetrarchVerbDictionary>(parse_petrarch_verbs(*text, config.verbs));
    messages.insert(messages.end(), verbs->problems.begin(), verbs->problems.end());
    // Problems name the file where it lies, for its user to find; events and the archive's
    // record of the dictionaries name the file alone (as the actors' "actors.fissure.txt"), so
    // that what an archive stores does not depend on where the reference folder was mounted.
    const std::string verbs_file = std::filesystem::path(config.verbs).filename().string();
    verbs->file = verbs_file;
    std::shared_ptr<const CameoTables> tables;
    std::string tables_hash;
    if (!config.cameo_dir.empty()) {
      auto t = CameoTables::load(config.cameo_dir, config.plover_dir, &messages);
      if (!t) return t.status();
      tables = std::make_shared<CameoTables>(std::move(*t));
      for (const char* name : {"/CAMEO.eventcodes.txt", "/CAMEO.goldsteinscale.txt"}) {
        auto content = read_dictionary_file(config.cameo_dir + name);
        if (content) tables_hash += hex64(hash64(*content));
      }
      if (!config.plover_dir.empty())
        if (auto content = read_dictionary_file(config.plover_dir + "/CAMEO2PLOVER-2021.txt"))
          tables_hash += hex64(hash64(*content));
    }
    p.description.push_back(config.verbs + ": " + std::to_string(verbs->blocks.size()) +
                            " verb blocks" + (tables ? ", with Goldstein scores" : "") +
                            (config.plover_dir.empty() ? "" : " and PLOVER"));
    // Verb patterns are not looked up by phrase: any change recodes everything.
    p.items.push_back({"verbs", verbs_file, hex64(hash64(*text)) + tables_hash, "*"});
    p.events.emplace(std::move(verbs), std::move(tables));
  }

  p.version = "fissure-coder " + std::to_string(kCoderLogicVersion);
  // Several loaders may report the same line (a verb file is read for its forms and its patterns).
  std::vector<std::string> unique;
  for (auto& m : messages)
    if (std::find(unique.begin(), unique.end(), m) == unique.end()) unique.push_back(std::move(m));
  if (problems) problems->insert(problems->end(), unique.begin(), unique.end());
  return coder;
}

std::unique_ptr<FissureCoder::Scratch> FissureCoder::acquire() const {
  if (thread_scratch.coder == id_ && thread_scratch.scratch) return std::move(thread_scratch.scratch);
  {
    std::lock_guard lock(pool_mutex_);
    if (!pool_.empty()) {
      auto s = std::move(pool_.back());
      pool_.pop_back();
      return s;
    }
  }
  return std::make_unique<Scratch>(*parts_);
}

void FissureCoder::release(std::unique_ptr<Scratch> scratch) const {
  if (thread_scratch.coder != id_ || !thread_scratch.scratch) {
    // Another coder's scratch is let go: a thread codes for one coder at a time.
    thread_scratch.coder = id_;
    thread_scratch.scratch = std::move(scratch);
    return;
  }
  std::lock_guard lock(pool_mutex_);
  pool_.push_back(std::move(scratch));
}

namespace {

bool all_space(std::string_view s) {
  for (char ch : s)
    if (!(ch == ' ' || (ch >= '\t' && ch <= '\r'))) return false;
  return true;
}

// The clause a mention takes its tone from: the one it begins in, else the next, else the last.
size_t governing_clause(const std::vector<ToneClause>& clauses, uint32_t mention_begin) {
  size_t k = 0;
  while (k < clauses.size() && clauses[k].end <= mention_begin) ++k;
  return k == clauses.size() ? clauses.size() - 1 : k;
}

// Tone toward each mention with both lexicons, as TargetToneScorer scores it with each one: the
// compound of the governing clause, scored as a sentence of its own. A clause that is the whole
// sentence but for surrounding whitespace has the sentence's tokens and so its scores.
void code_mention_tones(std::string_view sentence, FissureCoder::Scratch& s, SentenceCoding* c) {
  std::vector<ToneClause>& stacked_clauses = s.stacked_clauses;
  std::vector<ToneClause>& general_clauses = s.general_clauses;
  general_clauses.clear();
  if (s.general) {
    const ClauseSplitter* splitters[] = {&s.stacked_splitter, &*s.general_splitter};
    std::vector<ToneClause>* clauses[] = {&stacked_clauses, &general_clauses};
    ClauseSplitter::split_each(sentence, splitters, clauses);
  } else {
    const ClauseSplitter* splitters[] = {&s.stacked_splitter};
    std::vector<ToneClause>* clauses[] = {&stacked_clauses};
    ClauseSplitter::split_each(sentence, splitters, clauses);
  }
  s.stacked_clause_scores.assign(stacked_clauses.size(), std::nullopt);
  s.general_clause_scores.assign(general_clauses.size(), std::nullopt);
  const ToneClause* tokenised = nullptr;  // the clause in s.clause_tokens
  const auto clause_score = [&](const ToneClause& clause, VaderScorer& scorer,
                                double sentence_score) {
    if (all_space(sentence.substr(0, clause.begin)) && all_space(sentence.substr(clause.end)))
      return sentence_score;
    if (!tokenised || tokenised->begin != clause.begin || tokenised->end != clause.end) {
      s.clause_tokens.assign(sentence.substr(clause.begin, clause.end - clause.begin));
      tokenised = &clause;
    }
    return scorer.score(s.clause_tokens).compound;
  };
  c->mention_tones.reserve(c->mentions.size());
  for (size_t i = 0; i < c->mentions.size(); ++i) {
    const uint32_t begin = c->mentions[i].begin;
    MentionTone t;
    t.mention = i;
    t.tone = kNotScored;
    t.tone_fissure = 0;
    if (!stacked_clauses.empty()) {
      const size_t k = governing_clause(stacked_clauses, begin);
      std::optional<double>& score = s.stacked_clause_scores[k];
      if (!score) score = clause_score(stacked_clauses[k], s.stacked, c->tone_fissure);
      t.tone_fissure = *score;
      t.clause_begin = stacked_clauses[k].begin;
      t.clause_end = stacked_clauses[k].end;
    }
    if (s.general) {
      t.tone = 0;
      if (!general_clauses.empty()) {
        const size_t k = governing_clause(general_clauses, begin);
        std::optional<double>& score = s.general_clause_scores[k];
        if (!score) score = clause_score(general_clauses[k], *s.general, c->tone);
        t.tone = *score;
      }
    }
    c->mention_tones.push_back(t);
  }
}

}  // namespace

SentenceCoding FissureCoder::code(std::string_view sentence, const SentenceContext& context) const {
  const Parts& p = *parts_;
  SentenceCoding c;
  c.speaker = std::string(context.outlet_country);
  c.speaker_why.rule = "speaker:outlet";
  c.tone = c.tone_fissure = kNotScored;
  c.lang = sentence_language(sentence, context.lang);
  if (c.lang != "en") return c;

  const Date date = context.date.value_or(Date{});
  const std::vector<PhraseMatch> candidates = p.matcher->candidates(sentence);

  // Actors: a user dictionary's match wins over an overlapping one of a later dictionary.
  for (const ActorCoder& coder : p.actor_coders) {
    for (ActorMention& m : coder.from_candidates(candidates, date, context.outlet_country)) {
      bool overlaps = std::any_of(c.mentions.begin(), c.mentions.end(), [&](const ActorMention& o) {
        return m.begin < o.end && o.begin < m.end;
      });
      if (!overlaps) c.mentions.push_back(std::move(m));
    }
  }
  if (p.actor_coders.size() > 1)
    std::stable_sort(
        c.mentions.begin(), c.mentions.end(),
        [](const ActorMention& a, const ActorMention& b) { return a.begin < b.begin; });
  if (!c.mentions.empty() && is_dateline(sentence, c.mentions.front()))
    c.mentions.erase(c.mentions.begin());

  for (DomainHit& hit : p.domains->from_candidates(candidates))
    for (DomainTerm& t : hit.terms)
      c.domains.push_back({hit.domain, t.begin, t.end, std::move(t.why)});

  SpeakerAttribution speaker = attribute_speaker(sentence, c.mentions, context.outlet_country);
  if (!speaker.code.empty() || speaker.attributed) c.speaker = speaker.code;
  c.speaker_why = speaker.why;
  if (c.speaker_why.rule.empty()) c.speaker_why.rule = "speaker:outlet";

  if (p.events && !c.mentions.empty())
    c.events = p.events->code(sentence, date_number_of(context.date), c.mentions);

  std::unique_ptr<Scratch> s = acquire();
  s->sentence_tokens.assign(sentence);
  if (s->general) {
    // Most sentences have no word whose valence fissure's lexicon changes: the stacked lexicon
    // then scores them as the general one did.
    const ToneScore general = s->general->score(s->sentence_tokens);
    c.tone = general.compound;
    c.tone_fissure = s->stacked.score_after(s->sentence_tokens, *s->general, general).compound;
  } else {
    c.tone_fissure = s->stacked.score(s->sentence_tokens).compound;
  }
  if (!c.mentions.empty()) code_mention_tones(sentence, *s, &c);
  release(std::move(s));
  return c;
}

std::string FissureCoder::version() const { return parts_->version; }
std::vector<DictionaryItem> FissureCoder::items() const { return parts_->items; }
const std::vector<std::string>& FissureCoder::description() const { return parts_->description; }

}  // namespace fissure
