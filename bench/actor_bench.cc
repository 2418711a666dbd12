// actor_bench: sentences per second on one core for actor and domain coding over real corpus
// sentences (../shared/corpora): one Vectorscan scan per sentence for both dictionaries, then the
// actor coder (dates), the domain coder and speaker attribution.
//
//   actor_bench [--actors FILE] [--lexicoder FILE.lc3] [--sentences N] [--repeat R]
//
// --actors: an actor dictionary file (default: the built-in actors.fissure.txt, when the library
// has one). --lexicoder: also compile a Lexicoder dictionary (e.g. ../shared LSD2015) into the
// same database, to see what the tone dictionary adds to the scan. --sentences: how many sentences
// to take, spread over the corpora (default 100000). Prints compile time, pattern counts,
// sentences/s and MB/s for the scan alone and for the whole coding, and how many sentences got an
// actor and a domain.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "fissure/coding/actor_coder.h"
#include "fissure/coding/domain_coder.h"
#include "fissure/coding/speaker.h"
#include "fissure/corpus/reader.h"
#include "fissure/lexicon/lexicoder.h"
#include "fissure/text/sentence_splitter.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Sentence {
  std::string text;
  fissure::Date date;
  std::string country;
};

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Up to `limit` sentences from one corpus file, in file order.
void read_sentences(const std::string& path, size_t limit, const fissure::SentenceSplitter& split,
                    std::vector<Sentence>& out) {
  auto reader = fissure::open_reader(path, fissure::ReaderOptions{});
  if (!reader) {
    std::fprintf(stderr, "actor_bench: %s\n", reader.status().message().c_str());
    return;
  }
  size_t taken = 0;
  for (;;) {
    fissure::ReadStep step = (*reader)->next();
    if (step.kind == fissure::ReadStep::Kind::kEnd) return;
    if (step.kind != fissure::ReadStep::Kind::kDocument) continue;
    const auto& doc = step.document;
    if (!doc.lang.empty() && doc.lang != "en") continue;
    for (const auto& span : split.split(doc.text)) {
      out.push_back({doc.text.substr(span.start, span.end - span.start),
                     doc.date.value_or(fissure::Date{}), doc.country});
      if (++taken == limit) return;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string actors_path, lexicoder_path;
  size_t wanted = 100000;
  int repeat = 3;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--actors" && i + 1 < argc) {
      actors_path = argv[++i];
    } else if (a == "--lexicoder" && i + 1 < argc) {
      lexicoder_path = argv[++i];
    } else if (a == "--sentences" && i + 1 < argc) {
      wanted = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--repeat" && i + 1 < argc) {
      repeat = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr,
                   "usage: actor_bench [--actors FILE] [--lexicoder FILE] [--sentences N] "
                   "[--repeat R]\n");
      return 2;
    }
  }

  auto actors = actors_path.empty() ? fissure::PhraseDictionary::load_builtin("actors.fissure.txt")
                                    : fissure::PhraseDictionary::load_file(actors_path);
  if (!actors) {
    std::fprintf(stderr, "actor_bench: %s (pass --actors FILE)\n",
                 actors.status().message().c_str());
    return 1;
  }
  auto domains = fissure::PhraseDictionary::load_builtin("domains.fissure.txt");
  if (!domains) return 1;
  std::printf("actors: %zu entries, %zu patterns, %zu problems; domains: %zu patterns\n",
              actors->entries().size(), actors->pattern_count(), actors->problems().size(),
              domains->pattern_count());

  std::vector<fissure::PhraseDictionary> dictionaries;
  dictionaries.push_back(std::move(*actors));
  dictionaries.push_back(std::move(*domains));
  if (!lexicoder_path.empty()) {
    auto lexicoder = fissure::load_lexicoder_file(lexicoder_path);
    if (!lexicoder) {
      std::fprintf(stderr, "actor_bench: %s\n", lexicoder.status().message().c_str());
      return 1;
    }
    std::printf("lexicoder: %zu patterns\n", lexicoder->pattern_count());
    dictionaries.push_back(std::move(*lexicoder));
  }
  auto t0 = Clock::now();
  auto matcher = fissure::PhraseMatcher::compile(std::move(dictionaries));
  if (!matcher) {
    std::fprintf(stderr, "actor_bench: %s\n", matcher.status().message().c_str());
    return 1;
  }
  std::printf("compiled %zu patterns into one database in %.2f s\n", (*matcher)->pattern_count(),
              seconds_since(t0));
  fissure::ActorCoder actor_coder(*matcher, 0);
  fissure::DomainCoder domain_coder(*matcher, 1);

  const std::string corpora = std::string(FISSURE_SHARED_DIR) + "/corpora";
  const char* files[] = {"kcna_stories/kcna_stories_2011_2012.jsonl.gz",
                         "tehran_times/tehran_times.jsonl.gz",
                         "ungdc/ungdc_subset.jsonl.gz",
                         "khamenei_speeches_en/khamenei_speeches_en.jsonl.gz",
                         "kcna_2024/kcna_2024.jsonl.gz",
                         "rodong_frontpage/rodong_frontpage.jsonl.gz"};
  auto splitter = fissure::SentenceSplitter::create();
  if (!splitter) return 1;
  std::vector<Sentence> sentences;
  size_t per_file = wanted / std::size(files) + 1;
  for (const char* f : files) read_sentences(corpora + "/" + f, per_file, **splitter, sentences);
  // Small corpora run out: top up from the large ones.
  for (const char* f : files) {
    if (sentences.size() >= wanted) break;
    std::vector<Sentence> more;
    read_sentences(corpora + "/" + f, 3 * per_file, **splitter, more);
    for (size_t k = per_file; k < more.size() && sentences.size() < wanted; ++k) {
      sentences.push_back(std::move(more[k]));
    }
  }
  size_t bytes = 0;
  for (const auto& s : sentences) bytes += s.text.size();
  std::printf("%zu sentences, %.1f MB\n", sentences.size(), bytes / 1e6);
  if (sentences.empty()) return 1;

  double best_scan = 1e9, best_all = 1e9;
  size_t candidates = 0, with_actor = 0, with_domain = 0, attributed = 0;
  for (int r = 0; r < repeat; ++r) {
    auto t = Clock::now();
    candidates = 0;
    for (const auto& s : sentences) candidates += (*matcher)->candidates(s.text).size();
    best_scan = std::min(best_scan, seconds_since(t));

    t = Clock::now();
    with_actor = with_domain = attributed = 0;
    for (const auto& s : sentences) {
      auto found = (*matcher)->candidates(s.text);
      auto mentions = actor_coder.from_candidates(found, s.date);
      auto hits = domain_coder.from_candidates(found);
      auto speaker = fissure::attribute_speaker(s.text, mentions, s.country);
      with_actor += !mentions.empty();
      with_domain += !hits.empty();
      attributed += speaker.attributed;
    }
    best_all = std::min(best_all, seconds_since(t));
  }
  double n = static_cast<double>(sentences.size());
  std::printf("scan only:           %9.0f sentences/s  %6.1f MB/s  (%zu candidate matches)\n",
              n / best_scan, bytes / 1e6 / best_scan, candidates);
  std::printf("actors+domains+speaker: %6.0f sentences/s  %6.1f MB/s\n", n / best_all,
              bytes / 1e6 / best_all);
  std::printf(
      "sentences with an actor: %.1f%%, with a domain: %.1f%%, attributed speaker: %.1f%%\n",
      100 * with_actor / n, 100 * with_domain / n, 100 * attributed / n);
  return 0;
}
