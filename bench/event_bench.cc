// event_bench: sentences per second of the shallow event coder (PETRARCH actor matching with the
// Phoenix dictionaries + CAMEO.2.0.txt verb patterns) on one core, over real corpus sentences.
//
//   event_bench [--corpus FILE.jsonl.gz]... [--sentences N] [--dictionaries DIR]
//
// Defaults: 20,000 sentences, half from Tehran Times and half from KCNA stories. Prints
// "name: figure unit" lines.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "fissure/coding/event_coder.h"
#include "fissure/corpus/reader.h"
#include "fissure/text/sentence_splitter.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Sentence {
  std::string text;
  fissure::DateNumber date = 0;
};

// Up to `limit` sentences of the documents in `path`, in file order.
void read_sentences(const std::string& path, size_t limit,
                    const fissure::SentenceSplitter& splitter, std::vector<Sentence>& out) {
  auto reader = fissure::open_reader(path, {});
  if (!reader) {
    std::fprintf(stderr, "event_bench: %s\n", reader.status().message().c_str());
    return;
  }
  size_t taken = 0;
  while (taken < limit) {
    auto step = (*reader)->next();
    if (step.kind == fissure::ReadStep::Kind::kEnd) break;
    if (step.kind != fissure::ReadStep::Kind::kDocument) continue;
    const auto& doc = step.document;
    fissure::DateNumber date = 0;
    if (doc.date) date = fissure::date_number(doc.date->to_string());
    for (const auto& span : splitter.split(doc.text)) {
      out.push_back({doc.text.substr(span.start, span.end - span.start), date});
      if (++taken >= limit) break;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> corpora;
  size_t total = 20000;
  std::string dir = std::string(FISSURE_SHARED_DIR) + "/reference/petrarch2/dictionaries";
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--corpus") && i + 1 < argc) {
      corpora.push_back(argv[++i]);
    } else if (!std::strcmp(argv[i], "--sentences") && i + 1 < argc) {
      total = std::strtoul(argv[++i], nullptr, 10);
    } else if (!std::strcmp(argv[i], "--dictionaries") && i + 1 < argc) {
      dir = argv[++i];
    } else {
      std::fprintf(stderr,
                   "usage: event_bench [--corpus FILE]... [--sentences N] [--dictionaries DIR]\n");
      return 2;
    }
  }
  if (corpora.empty()) {
    corpora = {
        std::string(FISSURE_SHARED_DIR) + "/corpora/tehran_times/tehran_times.jsonl.gz",
        std::string(FISSURE_SHARED_DIR) + "/corpora/kcna_stories/kcna_stories_2011_2012.jsonl.gz"};
  }
  auto splitter = fissure::SentenceSplitter::create();
  if (!splitter) {
    std::fprintf(stderr, "event_bench: %s\n", splitter.status().message().c_str());
    return 1;
  }
  std::vector<Sentence> sentences;
  for (const auto& c : corpora) read_sentences(c, total / corpora.size(), **splitter, sentences);
  if (sentences.empty()) {
    std::fprintf(stderr, "event_bench: no sentences read\n");
    return 1;
  }
  auto t0 = Clock::now();
  std::vector<std::string> problems;
  auto coder = fissure::PetrarchCoder::load(
      dir, "CAMEO.2.0.txt",
      {"Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
       "Phoenix.MilNonState.actors.txt"},
      {"Phoenix.agents.txt"}, {"Phoenix.discards.txt"}, nullptr, &problems);
  if (!coder) {
    std::fprintf(stderr, "event_bench: %s\n", coder.status().message().c_str());
    return 1;
  }
  double load_s = std::chrono::duration<double>(Clock::now() - t0).count();
  size_t bytes = 0, events = 0, actors = 0, coded = 0;
  auto t1 = Clock::now();
  for (const auto& s : sentences) {
    bytes += s.text.size();
    actors += coder->actors().find(s.text, s.date).size();
  }
  double actor_s = std::chrono::duration<double>(Clock::now() - t1).count();
  auto t2 = Clock::now();
  for (const auto& s : sentences) {
    auto e = coder->code(s.text, s.date);
    events += e.size();
    coded += e.empty() ? 0 : 1;
  }
  double code_s = std::chrono::duration<double>(Clock::now() - t2).count();
  std::printf("dictionary_load: %.2f s (%zu problems reported)\n", load_s, problems.size());
  std::printf("sentences: %zu (%.1f MB)\n", sentences.size(), static_cast<double>(bytes) / 1e6);
  std::printf("actor_matching: %.0f sentences/s\n",
              static_cast<double>(sentences.size()) / actor_s);
  std::printf("event_coding: %.0f sentences/s (actors + verbs + patterns, one core)\n",
              static_cast<double>(sentences.size()) / code_s);
  std::printf("actor_mentions: %zu\nevents: %zu in %zu sentences (%.1f%%)\n", actors, events, coded,
              100.0 * static_cast<double>(coded) / static_cast<double>(sentences.size()));
  return 0;
}
