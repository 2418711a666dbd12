// coding_bench: sentences per second per core of fissure's whole sentence coding (FissureCoder
// built as `--reference ../shared/reference` builds it), of its general tone alone (VaderScorer
// with the VADER lexicon) and of nltk's VADER on the same sentences, all in one run; then the
// whole coding on two threads and its scaling. Prints "name: figure unit" lines and each ratio
// against its target (issue #3).
//
//   coding_bench [--sentences N] [--nltk-sentences M] [--reference DIR] [--corpora DIR] [--repeat
//   R]
//                [--no-stages] [--checksum] [--dump FILE]
//
// --corpora DIR (default ../shared/corpora) is for worktrees that do not sit beside shared/.
// --sentences (default 100000): real sentences split with fissure's SentenceSplitter from every
// corpus under ../shared/corpora, an equal share from each, with each document's country, outlet,
// date and language as the SentenceContext. --nltk-sentences (default 20000): nltk runs on this
// many of them (every k-th, so the mix is kept) and its rate is per sentence, so comparable.
// --repeat (default 3): the coding passes (one thread, two threads, and each stage) run R times
// each, one- and two-thread passes alternating, and the best of each counts. --no-stages: skip the
// per-stage breakdown (coders built without the verb patterns, without the general tone lexicon).
// --checksum: code every sentence once, print a hash over every field of every SentenceCoding
// (doubles by their bits) and stop, so that a speed change can show it codes exactly as before;
// --dump FILE: the same, and each sentence's coding as one line of FILE, to diff when they differ.
//
// "Per core" is sentences per second of CPU time of the coding threads (CLOCK_THREAD_CPUTIME_ID),
// so a busy shared machine lowers wall-clock figures but not these; wall-clock rates are printed
// beside them. The two-thread scaling is printed twice: as a wall-clock ratio, which is only
// meaningful on a machine with two idle cores, and from CPU time (twice the two-thread rate per
// core over the one-thread rate), which shows what the threads lose to each other (the scratch
// pool's lock, shared caches) but not what other processes take.
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "fissure/coding/sentence_coder.h"
#include "fissure/coding/vader.h"
#include "fissure/corpus/reader.h"
#include "fissure/lexicon/tone_lexicon.h"
#include "fissure/text/fingerprint.h"
#include "fissure/text/sentence_splitter.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace fissure;

constexpr double kToneVsNltkTarget = 20.0;
constexpr double kCodingPerCoreTarget = 50000.0;
constexpr double kScalingTarget = 1.8;

constexpr const char* kNltkScript = R"py(
import json, os, sys, time
from nltk.sentiment.vader import SentimentIntensityAnalyzer
lexicon_path, texts_path, out_path = sys.argv[1:4]
with open(lexicon_path, encoding="utf-8") as f:
    content = f.read().rstrip("\n")  # nltk fails on the empty line after a final newline
copy = os.path.join(os.path.dirname(out_path), "lexicon_for_nltk.txt")
with open(copy, "w", encoding="utf-8") as f:
    f.write(content)
analyzer = SentimentIntensityAnalyzer(lexicon_file="file:" + copy)
with open(texts_path, encoding="utf-8") as f:
    texts = [json.loads(line) for line in f]
start = time.perf_counter()
cpu_start = time.process_time()
for t in texts:
    analyzer.polarity_scores(t)
cpu = time.process_time() - cpu_start
elapsed = time.perf_counter() - start
with open(out_path, "w") as out:
    out.write(repr(elapsed) + " " + repr(cpu) + "\n")
)py";

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// The document fields a sentence's SentenceContext points into.
struct DocumentContext {
  std::string country, source, lang;
  std::optional<Date> date;
};

struct Sentence {
  std::string text;
  size_t document = 0;  // index into the DocumentContext list
};

struct Sample {
  std::vector<DocumentContext> documents;
  std::vector<Sentence> sentences;
  size_t bytes = 0;

  SentenceContext context(const Sentence& s) const {
    const DocumentContext& d = documents[s.document];
    return SentenceContext{d.country, d.source, d.date, d.lang};
  }
};

// Up to `limit` sentences from one corpus folder. Each document gives at most a handful, so the
// sample spans many documents (and dates) rather than the first few long ones.
void read_corpus(const fs::path& dir, size_t limit, const SentenceSplitter& splitter,
                 Sample* sample) {
  constexpr size_t kPerDocument = 8;
  size_t taken = 0;
  for (const std::string& file : expand_inputs({dir.string()}).files) {
    auto reader = open_reader(file, ReaderOptions{});
    if (!reader) {
      std::fprintf(stderr, "coding_bench: %s\n", reader.status().message().c_str());
      continue;
    }
    for (ReadStep step = (*reader)->next(); step.kind != ReadStep::Kind::kEnd && taken < limit;
         step = (*reader)->next()) {
      if (step.kind != ReadStep::Kind::kDocument) {
        if (step.fatal) break;
        continue;
      }
      const Document& doc = step.document;
      const size_t index = sample->documents.size();
      sample->documents.push_back({doc.country, doc.source, doc.lang, doc.date});
      size_t from_document = 0;
      for (const Span& s : splitter.split(doc.text)) {
        if (taken >= limit || from_document >= kPerDocument) break;
        sample->sentences.push_back({doc.text.substr(s.start, s.end - s.start), index});
        sample->bytes += s.end - s.start;
        ++taken;
        ++from_document;
      }
    }
    if (taken >= limit) break;
  }
}

Sample read_sample(const fs::path& corpora, size_t limit) {
  Sample sample;
  auto splitter = SentenceSplitter::create();
  if (!splitter) {
    std::fprintf(stderr, "coding_bench: %s\n", splitter.status().message().c_str());
    std::exit(1);
  }
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(corpora))
    if (e.is_directory()) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  // A corpus with fewer sentences than its share leaves the rest to the ones after it.
  for (size_t i = 0; i < dirs.size(); ++i) {
    const size_t share = (limit - sample.sentences.size()) / (dirs.size() - i);
    const size_t before = sample.sentences.size();
    read_corpus(dirs[i], share, **splitter, &sample);
    std::printf("sample.%s: %zu sentences\n", dirs[i].filename().string().c_str(),
                sample.sentences.size() - before);
  }
  return sample;
}

struct Rate {
  size_t sentences = 0;
  double wall_seconds = 0;
  double cpu_seconds = 0;  // summed over the working threads
  double per_wall_second() const { return static_cast<double>(sentences) / wall_seconds; }
  double per_cpu_second() const { return static_cast<double>(sentences) / cpu_seconds; }
};

// What the coder found, so that a coder that silently does nothing shows.
struct Found {
  size_t english = 0, mentions = 0, events = 0, domains = 0, speakers = 0;
};

Found count(const SentenceCoding& c) {
  Found f;
  f.english = c.lang == "en";
  f.mentions = c.mentions.size();
  f.events = c.events.size();
  f.domains = c.domains.size();
  f.speakers = !c.speaker.empty();
  return f;
}

void add(Found* total, const Found& f) {
  total->english += f.english;
  total->mentions += f.mentions;
  total->events += f.events;
  total->domains += f.domains;
  total->speakers += f.speakers;
}

// Every field of a coding as text, doubles as their exact bits (NaN included).
class CodingWriter {
 public:
  std::string line(const SentenceCoding& c) {
    out_.clear();
    field(c.lang);
    field(c.speaker);
    provenance(c.speaker_why);
    number(c.tone);
    number(c.tone_fissure);
    out_ += "|mentions";
    for (const ActorMention& m : c.mentions) {
      number(m.begin);
      number(m.end);
      field(m.code);
      field(m.kind);
      field(m.country);
      field(m.name);
      provenance(m.why);
    }
    out_ += "|mention_tones";
    for (const MentionTone& t : c.mention_tones) {
      number(t.mention);
      number(t.tone);
      number(t.tone_fissure);
      number(t.clause_begin);
      number(t.clause_end);
    }
    out_ += "|events";
    for (const CodedEvent& e : c.events) {
      field(e.source);
      field(e.target);
      field(e.cameo);
      number(e.goldstein);
      number(static_cast<int64_t>(e.quad_class));
      field(e.plover);
      number(e.verb_begin);
      number(e.verb_end);
      provenance(e.why);
    }
    out_ += "|domains";
    for (const DomainLabel& d : c.domains) {
      field(d.domain);
      number(d.begin);
      number(d.end);
      provenance(d.why);
    }
    return out_;
  }

 private:
  void field(std::string_view s) {
    out_ += '|';
    out_ += s;
  }
  void number(double v) {
    uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    char buf[24];
    std::snprintf(buf, sizeof buf, "|%016llx", static_cast<unsigned long long>(bits));
    out_ += buf;
  }
  void number(uint64_t v) { field(std::to_string(v)); }
  void number(uint32_t v) { field(std::to_string(v)); }
  void number(int64_t v) { field(std::to_string(v)); }
  void provenance(const Provenance& p) {
    field(p.dictionary);
    number(static_cast<int64_t>(p.line));
    field(p.rule);
  }
  std::string out_;
};

// Codes every sentence once and hashes the codings in order; writes them to `dump` when given.
int checksum(const FissureCoder& coder, const Sample& sample, const std::string& dump) {
  std::ofstream out;
  if (!dump.empty()) {
    out.open(dump);
    if (!out) {
      std::fprintf(stderr, "coding_bench: cannot write %s\n", dump.c_str());
      return 1;
    }
  }
  CodingWriter writer;
  uint64_t hash = 0;
  for (const Sentence& s : sample.sentences) {
    const std::string line = writer.line(coder.code(s.text, sample.context(s)));
    hash = hash64(line, hash);
    if (out) out << line << "\n";
  }
  std::printf("checksum: %016llx over %zu sentences\n", static_cast<unsigned long long>(hash),
              sample.sentences.size());
  return 0;
}

// Codes every sentence once on `threads` threads, which take chunks from a shared counter.
Rate code_all(const FissureCoder& coder, const Sample& sample, int threads, Found* found) {
  constexpr size_t kChunk = 256;
  std::atomic<size_t> next{0};
  std::vector<double> cpu(static_cast<size_t>(threads), 0);
  std::vector<Found> per_thread(static_cast<size_t>(threads));
  auto work = [&](size_t t) {
    const double cpu_start = thread_cpu_seconds();
    Found f;
    for (;;) {
      const size_t begin = next.fetch_add(kChunk);
      if (begin >= sample.sentences.size()) break;
      const size_t end = std::min(begin + kChunk, sample.sentences.size());
      for (size_t i = begin; i < end; ++i) {
        const Sentence& s = sample.sentences[i];
        add(&f, count(coder.code(s.text, sample.context(s))));
      }
    }
    per_thread[t] = f;
    cpu[t] = thread_cpu_seconds() - cpu_start;
  };
  const Clock::time_point start = Clock::now();
  if (threads == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(work, static_cast<size_t>(t));
    for (auto& th : pool) th.join();
  }
  Rate r;
  r.wall_seconds = seconds_since(start);
  r.sentences = sample.sentences.size();
  for (double c : cpu) r.cpu_seconds += c;
  if (found) {
    *found = Found{};
    for (const Found& f : per_thread) add(found, f);
  }
  return r;
}

// The least wall-clock and the least CPU time, each on its own: both are the least disturbed.
void keep_best(Rate* best, const Rate& r) {
  best->wall_seconds = std::min(best->wall_seconds, r.wall_seconds);
  best->cpu_seconds = std::min(best->cpu_seconds, r.cpu_seconds);
}

template <typename Run>
Rate best_of(int repeat, Run run) {
  Rate best = run();
  for (int i = 1; i < repeat; ++i) keep_best(&best, run());
  return best;
}

// A few thousand sentences first, so that page faults and the scratch pool are not timed.
void warm_up(const FissureCoder& coder, const Sample& sample) {
  const size_t n = std::min<size_t>(2000, sample.sentences.size());
  for (size_t i = 0; i < n; ++i) {
    const Sentence& s = sample.sentences[i];
    (void)coder.code(s.text, sample.context(s));
  }
}

std::unique_ptr<FissureCoder> build_coder(const CoderConfig& config, const char* name) {
  std::vector<std::string> problems;
  const Clock::time_point start = Clock::now();
  auto coder = FissureCoder::create(config, &problems);
  if (!coder) {
    std::fprintf(stderr, "coding_bench: %s: %s\n", name, coder.status().message().c_str());
    std::exit(1);
  }
  std::printf("%s.create_seconds: %.2f s (%zu dictionary entries skipped)\n", name,
              seconds_since(start), problems.size());
  return std::move(*coder);
}

void print_rate(const char* name, const Rate& r) {
  std::printf("%s.sentences_per_s_per_core: %.0f sentences/s (wall %.0f sentences/s)\n", name,
              r.per_cpu_second(), r.per_wall_second());
  std::fflush(stdout);
}

const char* verdict(bool met) { return met ? "met" : "MISSED"; }

// nltk's VADER on every `stride`-th sentence; returns sentences per CPU second and per wall
// second of polarity_scores (lexicon loading excluded), or nothing when nltk is unavailable.
std::optional<std::pair<double, double>> nltk_rate(const Sample& sample, size_t stride,
                                                   const std::string& lexicon, size_t* count) {
  if (std::system("/usr/bin/python3 -c 'import nltk.sentiment.vader' >/dev/null 2>&1") != 0)
    return std::nullopt;
  const fs::path dir = fs::temp_directory_path() / ("coding_bench_" + std::to_string(getpid()));
  fs::create_directories(dir);
  *count = 0;
  {
    std::ofstream script(dir / "vader.py");
    script << kNltkScript;
    std::ofstream texts(dir / "texts.jsonl");
    for (size_t i = 0; i < sample.sentences.size(); i += stride) {
      texts << nlohmann::json(sample.sentences[i].text)
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
      ++*count;
    }
  }
  const std::string command = "/usr/bin/python3 " + (dir / "vader.py").string() + " " + lexicon +
                              " " + (dir / "texts.jsonl").string() + " " +
                              (dir / "out.txt").string();
  std::optional<std::pair<double, double>> result;
  if (std::system(command.c_str()) == 0) {
    std::ifstream in(dir / "out.txt");
    double wall = 0, cpu = 0;
    if (in >> wall >> cpu && wall > 0 && cpu > 0)
      result =
          std::make_pair(static_cast<double>(*count) / cpu, static_cast<double>(*count) / wall);
  }
  fs::remove_all(dir);
  if (!result) std::fprintf(stderr, "coding_bench: the nltk run failed\n");
  return result;
}

void usage() {
  std::fprintf(
      stderr,
      "usage: coding_bench [--sentences N] [--nltk-sentences M] [--reference DIR] [--corpora DIR] "
      "[--repeat R] [--no-stages] [--checksum] [--dump FILE]\n");
}

}  // namespace

int main(int argc, char** argv) {
  size_t sentence_limit = 100000;
  size_t nltk_limit = 20000;
  std::string reference = std::string(FISSURE_SHARED_DIR) + "/reference";
  std::string corpora = std::string(FISSURE_SHARED_DIR) + "/corpora";
  bool stages = true;
  bool only_checksum = false;
  std::string dump;
  int repeat = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        usage();
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--sentences")
      sentence_limit = std::strtoul(value().c_str(), nullptr, 10);
    else if (a == "--nltk-sentences")
      nltk_limit = std::strtoul(value().c_str(), nullptr, 10);
    else if (a == "--reference")
      reference = value();
    else if (a == "--corpora")
      corpora = value();
    else if (a == "--repeat")
      repeat = std::max(1, std::atoi(value().c_str()));
    else if (a == "--no-stages")
      stages = false;
    else if (a == "--checksum")
      only_checksum = true;
    else if (a == "--dump") {
      only_checksum = true;
      dump = value();
    } else {
      usage();
      return 2;
    }
  }
  if (!fs::is_directory(corpora) || !fs::is_directory(reference)) {
    std::fprintf(stderr, "coding_bench: need %s and %s\n", corpora.c_str(), reference.c_str());
    return 2;
  }

  const Sample sample = read_sample(corpora, sentence_limit);
  if (sample.sentences.empty()) {
    std::fprintf(stderr, "coding_bench: no sentences under %s\n", corpora.c_str());
    return 1;
  }
  std::printf("sentences: %zu from %zu documents, %.1f MB\n", sample.sentences.size(),
              sample.documents.size(), static_cast<double>(sample.bytes) / 1e6);

  // As make_coder does for `--reference DIR`.
  const std::string vader_lexicon = reference + "/vader/vader_lexicon.txt";
  CoderConfig full_config;
  full_config.tone_lexicons = {vader_lexicon};
  full_config.verbs = reference + "/petrarch2/dictionaries/CAMEO.2.0.txt";
  full_config.cameo_dir = reference + "/cameo";
  full_config.plover_dir = reference + "/plover";
  const std::unique_ptr<FissureCoder> full = build_coder(full_config, "full");
  if (only_checksum) return checksum(*full, sample, dump);

  // (a) and (d): the whole coding on one thread and on two, alternated `repeat` times; the best
  // of each is kept, as the pass least disturbed by the rest of the machine.
  warm_up(*full, sample);
  Found found;
  Rate one_thread = code_all(*full, sample, 1, &found);
  Rate two_threads = code_all(*full, sample, 2, nullptr);
  for (int i = 1; i < repeat; ++i) {
    keep_best(&one_thread, code_all(*full, sample, 1, nullptr));
    keep_best(&two_threads, code_all(*full, sample, 2, nullptr));
  }
  print_rate("full", one_thread);
  std::printf(
      "full.found: %zu English, %zu with a speaker, %zu actor mentions, %zu events, %zu "
      "domain terms\n",
      found.english, found.speakers, found.mentions, found.events, found.domains);

  // (b) The general tone alone: the VADER lexicon, one scorer, passes repeated for a second.
  ToneLexicon lexicon;
  if (Status st = lexicon.add_file(vader_lexicon, nullptr); !st.is_ok()) {
    std::fprintf(stderr, "coding_bench: %s\n", st.message().c_str());
    return 1;
  }
  Rate tone;
  {
    VaderScorer scorer(lexicon);
    double sink = 0;
    const Clock::time_point start = Clock::now();
    const double cpu_start = thread_cpu_seconds();
    do {
      for (const Sentence& s : sample.sentences) sink += scorer.score(s.text).compound;
      tone.sentences += sample.sentences.size();
      tone.wall_seconds = seconds_since(start);
    } while (tone.wall_seconds < 1.0);
    tone.cpu_seconds = thread_cpu_seconds() - cpu_start;
    if (sink == 12345.678) std::printf(" ");  // keeps the scoring from being optimised away
  }
  print_rate("tone", tone);

  // (c) nltk's VADER on an evenly spread subset.
  const size_t stride =
      std::max<size_t>(1, sample.sentences.size() / std::max<size_t>(1, nltk_limit));
  size_t nltk_count = 0;
  const auto nltk = nltk_rate(sample, stride, vader_lexicon, &nltk_count);
  if (nltk)
    std::printf(
        "nltk.sentences_per_s_per_core: %.0f sentences/s (wall %.0f sentences/s, %zu "
        "sentences)\n",
        nltk->first, nltk->second, nltk_count);
  else
    std::printf("nltk: not available, no comparison\n");
  std::fflush(stdout);

  std::printf("full_2_threads.sentences_per_s: %.0f sentences/s wall (%.0f per core of CPU time)\n",
              two_threads.per_wall_second(), two_threads.per_cpu_second());
  const double scaling = two_threads.per_wall_second() / one_thread.per_wall_second();
  // What two idle cores would give: the loss to shared state (the scratch pool's lock, caches)
  // shows in CPU time, while other processes on the machine only stretch the wall clock.
  const double cpu_scaling = 2 * two_threads.per_cpu_second() / one_thread.per_cpu_second();
  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  std::printf("load_average_1min: %.2f (the scaling needs two idle cores)\n", load[0]);

  // Per-stage breakdown: the same sentences with parts of the configuration left out; the
  // differences are what those parts cost.
  if (stages) {
    CoderConfig no_events = full_config;
    no_events.verbs.clear();
    no_events.cameo_dir.clear();
    no_events.plover_dir.clear();
    const auto without_events = build_coder(no_events, "no_events");
    warm_up(*without_events, sample);
    const Rate r1 = best_of(repeat, [&] { return code_all(*without_events, sample, 1, nullptr); });
    print_rate("no_events", r1);

    CoderConfig bare = no_events;
    bare.tone_lexicons.clear();
    const auto without_general_tone = build_coder(bare, "no_events_no_vader_lexicon");
    warm_up(*without_general_tone, sample);
    const Rate r2 =
        best_of(repeat, [&] { return code_all(*without_general_tone, sample, 1, nullptr); });
    print_rate("no_events_no_vader_lexicon", r2);

    const double n = static_cast<double>(sample.sentences.size());
    const double full_us = one_thread.cpu_seconds / n * 1e6;
    const double no_events_us = r1.cpu_seconds / n * 1e6;
    const double bare_us = r2.cpu_seconds / n * 1e6;
    std::printf("stage.events_us_per_sentence: %.2f us\n", full_us - no_events_us);
    std::printf("stage.general_tone_us_per_sentence: %.2f us\n", no_events_us - bare_us);
    std::printf(
        "stage.rest_us_per_sentence: %.2f us (language, actors+domains scan, speaker, "
        "fissure tone, tone toward mentions)\n",
        bare_us);
    std::printf("stage.full_us_per_sentence: %.2f us\n", full_us);
  }

  std::printf("\n");
  if (nltk) {
    const double ratio = tone.per_cpu_second() / nltk->first;
    std::printf("ratio tone vs nltk VADER per core: %.1fx (target >= %.0fx: %s)\n", ratio,
                kToneVsNltkTarget, verdict(ratio >= kToneVsNltkTarget));
  }
  std::printf("full coding per core: %.0f sentences/s (target >= %.0f: %s)\n",
              one_thread.per_cpu_second(), kCodingPerCoreTarget,
              verdict(one_thread.per_cpu_second() >= kCodingPerCoreTarget));
  std::printf("scaling 2 threads vs 1: %.2fx wall (target >= %.1fx: %s)\n", scaling, kScalingTarget,
              verdict(scaling >= kScalingTarget));
  std::printf(
      "scaling 2 threads vs 1 from CPU time: %.2fx (target >= %.1fx: %s; holds on two idle "
      "cores)\n",
      cpu_scaling, kScalingTarget, verdict(cpu_scaling >= kScalingTarget));
  return 0;
}
