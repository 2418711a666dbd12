// tone_bench: sentences per second of fissure's VADER scorer and of nltk's, on the same sentences
// in the same run, one core each. The sentences are the three VADER ground truths (18,513) and
// sentences split from the state-media corpora (KCNA, Tehran Times, Khamenei, UN General Debate).
// nltk runs in /usr/bin/python3 and times itself (polarity_scores only, lexicon loading excluded).
// Also prints how many corpus sentences get the same compound (within 1e-3) from both.
//
//   tone_bench [--corpus-sentences N]   (default 20000)
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "fissure/coding/tone_eval.h"
#include "fissure/coding/vader.h"
#include "fissure/corpus/reader.h"
#include "fissure/text/sentence_splitter.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace fissure;

const std::string kShared = FISSURE_SHARED_DIR;
const std::string kLexicon = kShared + "/reference/vader/vader_lexicon.txt";

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
scores = [analyzer.polarity_scores(t)["compound"] for t in texts]
elapsed = time.perf_counter() - start
with open(out_path, "w") as out:
    out.write(repr(elapsed) + "\n")
    for s in scores:
        out.write(repr(s) + "\n")
)py";

std::vector<std::string> ground_truth_sentences() {
  std::vector<std::string> out;
  for (const char* set : {"tweets", "movieReviewSnippets", "amazonReviewSnippets"}) {
    auto rated = read_tone_ground_truth(
        kShared + "/reference/vader/hutto_ICWSM_2014/" + set + "_GroundTruth.txt", nullptr);
    if (!rated) {
      std::fprintf(stderr, "tone_bench: %s\n", rated.status().message().c_str());
      std::exit(1);
    }
    for (auto& r : *rated) out.push_back(std::move(r.text));
  }
  return out;
}

// Up to `limit` sentences, taken in turn from each corpus file's documents.
std::vector<std::string> corpus_sentences(size_t limit) {
  std::vector<std::string> out;
  auto splitter = SentenceSplitter::create();
  if (!splitter) return out;
  const char* corpora[] = {"kcna_stories", "tehran_times", "khamenei_speeches_en",
                           "ungdc",        "kcna_2024",    "rodong_frontpage"};
  const size_t per_corpus = limit / std::size(corpora) + 1;
  for (const char* corpus : corpora) {
    ExpandedInputs inputs = expand_inputs({kShared + "/corpora/" + corpus});
    size_t taken = 0;
    for (const std::string& file : inputs.files) {
      auto reader = open_reader(file, ReaderOptions{});
      if (!reader) continue;
      for (ReadStep step = (*reader)->next();
           step.kind != ReadStep::Kind::kEnd && taken < per_corpus; step = (*reader)->next()) {
        if (step.kind != ReadStep::Kind::kDocument) continue;
        const std::string& text = step.document.text;
        for (const Span& s : (*splitter)->split(text)) {
          if (taken >= per_corpus) break;
          out.emplace_back(text.substr(s.start, s.end - s.start));
          ++taken;
        }
      }
    }
  }
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  size_t corpus_limit = 20000;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--corpus-sentences") == 0)
      corpus_limit = std::strtoul(argv[i + 1], nullptr, 10);

  std::vector<std::string> sentences = ground_truth_sentences();
  const size_t ground_truth_count = sentences.size();
  std::vector<std::string> corpus = corpus_sentences(corpus_limit);
  sentences.insert(sentences.end(), corpus.begin(), corpus.end());
  size_t bytes = 0;
  for (const auto& s : sentences) bytes += s.size();
  std::printf("sentences: %zu (%zu ground truth, %zu corpus), %.1f MB\n", sentences.size(),
              ground_truth_count, corpus.size(), static_cast<double>(bytes) / 1e6);

  ToneLexicon lexicon;
  if (Status st = lexicon.add_file(kLexicon, nullptr); !st.is_ok()) {
    std::fprintf(stderr, "tone_bench: %s\n", st.message().c_str());
    return 1;
  }
  VaderScorer scorer(lexicon);
  std::vector<double> ours(sentences.size());
  // Repeat whole passes until a second has gone by, so that the figure is stable.
  size_t scored = 0;
  const Clock::time_point start = Clock::now();
  double elapsed = 0;
  do {
    for (size_t i = 0; i < sentences.size(); ++i) ours[i] = scorer.score(sentences[i]).compound;
    scored += sentences.size();
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < 1.0);
  const double fissure_rate = static_cast<double>(scored) / elapsed;
  std::printf("fissure VADER: %.0f sentences/s (%.2f MB/s)\n", fissure_rate,
              static_cast<double>(bytes) * (static_cast<double>(scored) / sentences.size()) /
                  elapsed / 1e6);

  if (std::system("/usr/bin/python3 -c 'import nltk.sentiment.vader' >/dev/null 2>&1") != 0) {
    std::printf("nltk: not installed, no comparison\n");
    return 0;
  }
  const fs::path dir = fs::temp_directory_path() / ("tone_bench_" + std::to_string(getpid()));
  fs::create_directories(dir);
  {
    std::ofstream script(dir / "vader.py");
    script << kNltkScript;
    std::ofstream texts(dir / "texts.jsonl");
    for (const auto& s : sentences)
      texts << nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
  }
  const std::string command = "/usr/bin/python3 " + (dir / "vader.py").string() + " " + kLexicon +
                              " " + (dir / "texts.jsonl").string() + " " +
                              (dir / "out.txt").string();
  if (std::system(command.c_str()) != 0) {
    std::fprintf(stderr, "tone_bench: nltk run failed\n");
    return 1;
  }
  std::ifstream in(dir / "out.txt");
  double nltk_seconds = 0;
  in >> nltk_seconds;
  std::vector<double> theirs;
  for (double v; in >> v;) theirs.push_back(v);
  fs::remove_all(dir);
  const double nltk_rate = static_cast<double>(sentences.size()) / nltk_seconds;
  std::printf("nltk VADER:    %.0f sentences/s\n", nltk_rate);
  std::printf("ratio:         %.1fx\n", fissure_rate / nltk_rate);
  if (theirs.size() == sentences.size()) {
    size_t agree_gt = 0, agree_corpus = 0;
    for (size_t i = 0; i < sentences.size(); ++i) {
      const bool same = std::fabs(ours[i] - theirs[i]) <= 1e-3;
      (i < ground_truth_count ? agree_gt : agree_corpus) += same;
    }
    std::printf("agreement with nltk within 1e-3: ground truth %zu/%zu, corpus %zu/%zu\n", agree_gt,
                ground_truth_count, agree_corpus, corpus.size());
  }
  return 0;
}
