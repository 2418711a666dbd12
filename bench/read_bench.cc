// read_bench: every corpus under --corpora read through fissure::open_reader, nothing written, so
// the reader thread's share of `fissure ingest` can be measured alone (and under callgrind, whose
// instruction counts are repeatable where a shared machine's timings are not). Prints one
// "corpus: documents, text MB, seconds, MB/s, CPU seconds" line per corpus folder and a total.
//
//   read_bench [--corpora DIR] [--only NAME] [--dump FILE]
//
// --only reads just the corpus folder NAME. --dump writes every document's fields (and every
// skip message) to FILE, length-prefixed, so two readers can be compared with cmp.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "fissure/corpus/reader.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

// "name=<size>:<bytes>\n": lengths make the dump unambiguous whatever the fields hold.
void dump_field(FILE* out, const char* name, const std::string& value) {
  std::fprintf(out, "%s=%zu:", name, value.size());
  std::fwrite(value.data(), 1, value.size(), out);
  std::fputc('\n', out);
}

void dump_step(FILE* out, const fissure::ReadStep& step) {
  if (step.kind == fissure::ReadStep::Kind::kSkipped) {
    dump_field(out, step.fatal ? "fatal" : "skip", step.message);
    return;
  }
  const fissure::Document& d = step.document;
  dump_field(out, "id", d.id);
  dump_field(out, "source", d.source);
  dump_field(out, "country", d.country);
  dump_field(out, "date", d.date ? d.date->to_string() : std::string("-"));
  dump_field(out, "title", d.title);
  dump_field(out, "url", d.url);
  dump_field(out, "lang", d.lang);
  dump_field(out, "text", d.text);
  dump_field(out, "metadata_json", d.metadata_json);
  dump_field(out, "origin", d.origin);
}

struct Totals {
  size_t documents = 0;
  size_t skipped = 0;
  size_t text_bytes = 0;
  double seconds = 0;
  double cpu = 0;
};

void print_line(const std::string& name, const Totals& t) {
  double mb = static_cast<double>(t.text_bytes) / 1e6;
  std::printf("%s: %zu documents, %zu skipped, %.1f MB text, %.3f s, %.1f MB/s, %.3f CPU s\n",
              name.c_str(), t.documents, t.skipped, mb, t.seconds,
              t.seconds > 0 ? mb / t.seconds : 0.0, t.cpu);
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpora = std::string(FISSURE_SHARED_DIR) + "/corpora";
  std::string only;
  std::string dump_path;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--corpora" && i + 1 < argc)
      corpora = argv[++i];
    else if (arg == "--only" && i + 1 < argc)
      only = argv[++i];
    else if (arg == "--dump" && i + 1 < argc)
      dump_path = argv[++i];
    else {
      std::fprintf(stderr, "usage: read_bench [--corpora DIR] [--only NAME] [--dump FILE]\n");
      return 2;
    }
  }
  FILE* dump = nullptr;
  if (!dump_path.empty() && !(dump = std::fopen(dump_path.c_str(), "wb"))) {
    std::fprintf(stderr, "read_bench: cannot write %s\n", dump_path.c_str());
    return 1;
  }
  std::vector<fs::path> folders;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(corpora, ec))
    if (entry.is_directory() && (only.empty() || entry.path().filename() == only))
      folders.push_back(entry.path());
  if (ec || folders.empty()) {
    std::fprintf(stderr, "read_bench: no corpus folders under %s\n", corpora.c_str());
    return 1;
  }
  std::sort(folders.begin(), folders.end());
  Totals all;
  for (const auto& folder : folders) {
    auto inputs = fissure::expand_inputs({folder.string()});
    Totals t;
    auto start = Clock::now();
    double cpu_start = cpu_seconds();
    for (const auto& file : inputs.files) {
      auto reader = fissure::open_reader(file, fissure::ReaderOptions{});
      if (!reader) {
        std::fprintf(stderr, "read_bench: %s\n", reader.status().message().c_str());
        return 1;
      }
      for (;;) {
        fissure::ReadStep step = (*reader)->next();
        if (step.kind == fissure::ReadStep::Kind::kEnd) break;
        if (step.kind == fissure::ReadStep::Kind::kSkipped)
          ++t.skipped;
        else {
          ++t.documents;
          t.text_bytes += step.document.text.size();
        }
        if (dump) dump_step(dump, step);
      }
    }
    t.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    t.cpu = cpu_seconds() - cpu_start;
    print_line(folder.filename().string(), t);
    all.documents += t.documents;
    all.skipped += t.skipped;
    all.text_bytes += t.text_bytes;
    all.seconds += t.seconds;
    all.cpu += t.cpu;
  }
  print_line("total", all);
  if (dump && std::fclose(dump) != 0) {
    std::fprintf(stderr, "read_bench: cannot write %s\n", dump_path.c_str());
    return 1;
  }
  return 0;
}
