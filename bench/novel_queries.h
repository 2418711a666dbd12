// The novel queries of serve_bench, shared with search_bench so that both measure the same mix:
// every word of >= 4 letters of a JSONL.gz corpus (as a reader of the stories sees them), in a
// fixed shuffled order, each made once in one of five shapes (a word, a prefix, OR, NOT, AND with
// the next word), every fifth run of five with the same filter.
#pragma once

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace bench {

// The corpus' documents (objects with an id and a text), in file order.
inline std::vector<nlohmann::json> read_corpus_documents(const std::string& path) {
  std::vector<nlohmann::json> docs;
  gzFile in = gzopen(path.c_str(), "rb");
  if (!in) return docs;
  std::string line;
  char buf[1 << 16];
  while (gzgets(in, buf, sizeof buf)) {
    line += buf;
    if (line.empty() || line.back() != '\n') continue;
    auto doc = nlohmann::json::parse(line, nullptr, false);
    line.clear();
    if (doc.is_object() && doc.contains("id") && doc.contains("text") && doc["text"].is_string())
      docs.push_back(std::move(doc));
  }
  gzclose(in);
  return docs;
}

// Each word (a run of ASCII letters, lower-cased) of >= 4 letters once, in order of appearance.
inline std::vector<std::string> corpus_words(const std::vector<nlohmann::json>& docs) {
  std::vector<std::string> words;
  std::set<std::string> seen;
  for (const auto& d : docs) {
    std::string word;
    for (char c : d["text"].get<std::string>() + " ") {
      if (std::isalpha(static_cast<unsigned char>(c))) {
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      } else {
        if (word.size() >= 4 && seen.insert(word).second) words.push_back(word);
        word.clear();
      }
    }
  }
  return words;
}

struct NovelQuery {
  std::string text;
  int filter = 0;  // index into kNovelFilters
};

// The filters of the novel queries, as URL parameters (serve_bench) and as meaning (search_bench:
// none, country PRK, country IRN, source KCNA, 2010 to 2015).
inline constexpr const char* kNovelFilterParameters[] = {"", "&country=PRK", "&country=IRN",
                                                         "&source=KCNA", "&from=2010&to=2015"};

// Each word in turn, in the five shapes in turn (a word, a prefix, OR, NOT and AND with the next
// word), runs of five sharing a filter.
inline std::vector<NovelQuery> shaped_queries(const std::vector<std::string>& words) {
  std::vector<NovelQuery> out;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    const std::string& w = words[i];
    NovelQuery q;
    switch (i % 5) {
      case 0:
        q.text = w;
        break;
      case 1:
        q.text = w.substr(0, std::max<size_t>(4, w.size() - 2)) + "*";
        break;
      case 2:
        q.text = w + " OR " + words[i + 1];
        break;
      case 3:
        q.text = w + " NOT " + words[i + 1];
        break;
      default:
        q.text = w + " AND " + words[i + 1];
        break;
    }
    q.filter = static_cast<int>((i / 5) % 5);
    out.push_back(std::move(q));
  }
  return out;
}

// The words in a fixed shuffled order, shaped: serve_bench's novel queries.
inline std::vector<NovelQuery> novel_queries(std::vector<std::string> words) {
  std::mt19937 random(20241129);
  std::shuffle(words.begin(), words.end(), random);
  return shaped_queries(words);
}

}  // namespace bench
