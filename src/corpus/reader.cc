#include "fissure/corpus/reader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "fissure/corpus/csv_reader.h"
#include "fissure/corpus/feed_reader.h"
#include "fissure/corpus/html_reader.h"
#include "fissure/corpus/input_stream.h"
#include "fissure/corpus/jsonl_reader.h"
#include "fissure/corpus/text_reader.h"
#include "fissure/corpus/warc_reader.h"

namespace fissure {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The extension that names the format, below any compression suffix: "a.jsonl.gz" -> ".jsonl".
std::string format_extension(const std::string& path) {
  std::filesystem::path p(lower(path));
  std::string ext = p.extension().string();
  if (ext == ".gz" || ext == ".zst" || ext == ".zstd") ext = p.stem().extension().string();
  return ext;
}

Format format_from_extension(const std::string& ext) {
  if (ext == ".jsonl" || ext == ".ndjson" || ext == ".json") return Format::kJsonl;
  if (ext == ".csv" || ext == ".tsv") return Format::kCsv;
  if (ext == ".txt" || ext == ".text") return Format::kText;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return Format::kHtml;
  if (ext == ".rss" || ext == ".atom" || ext == ".xml" || ext == ".rdf") return Format::kFeed;
  if (ext == ".warc") return Format::kWarc;
  return Format::kAuto;
}

Format format_from_content(std::string_view head) {
  size_t i = 0;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") i = 3;  // BOM
  while (i < head.size() && std::isspace(static_cast<unsigned char>(head[i]))) ++i;
  head.remove_prefix(i);
  if (head.substr(0, 5) == "WARC/") return Format::kWarc;
  if (!head.empty() && head[0] == '{') return Format::kJsonl;
  std::string l = lower(std::string(head));
  if (l.rfind("<", 0) == 0) {
    if (l.find("<rss") != std::string::npos || l.find("<feed") != std::string::npos ||
        l.find("<rdf:rdf") != std::string::npos)
      return Format::kFeed;
    return Format::kHtml;
  }
  return Format::kText;
}

}  // namespace

const char* format_name(Format f) {
  switch (f) {
    case Format::kAuto: return "auto";
    case Format::kJsonl: return "jsonl";
    case Format::kCsv: return "csv";
    case Format::kText: return "text";
    case Format::kHtml: return "html";
    case Format::kFeed: return "feed";
    case Format::kWarc: return "warc";
  }
  return "auto";
}

Result<Format> parse_format(const std::string& name) {
  std::string n = lower(name);
  if (n == "auto") return Format::kAuto;
  if (n == "jsonl" || n == "ndjson" || n == "json") return Format::kJsonl;
  if (n == "csv" || n == "tsv") return Format::kCsv;
  if (n == "txt" || n == "text") return Format::kText;
  if (n == "html" || n == "htm") return Format::kHtml;
  if (n == "rss" || n == "atom" || n == "feed") return Format::kFeed;
  if (n == "warc") return Format::kWarc;
  return Status::invalid("unknown format \"" + name + "\" (expected jsonl, csv, txt, html, rss, atom or warc)");
}

Result<Format> detect_format(const std::string& path) {
  Format by_ext = format_from_extension(format_extension(path));
  if (by_ext != Format::kAuto) return by_ext;
  if (path == "-") return Format::kJsonl;
  auto in = open_input(path);
  if (!in) return in.status();
  std::string head(4096, '\0');
  size_t have = 0;
  while (have < head.size()) {
    auto got = (*in)->read(head.data() + have, head.size() - have);
    if (!got || *got == 0) break;
    have += *got;
  }
  head.resize(have);
  return format_from_content(head);
}

Result<std::unique_ptr<DocumentReader>> open_reader(const std::string& path,
                                                    const ReaderOptions& options) {
  Format format = options.format;
  if (format == Format::kAuto) {
    auto f = detect_format(path);
    if (!f) return f.status();
    format = *f;
  }
  auto in = open_input(path);
  if (!in) return in.status();
  ReaderOptions opts = options;
  if (format == Format::kCsv && format_extension(path) == ".tsv" && opts.csv_delimiter == ',')
    opts.csv_delimiter = '\t';
  std::unique_ptr<InputStream> stream = std::move(*in);
  switch (format) {
    case Format::kJsonl: return make_jsonl_reader(std::move(stream), path, opts);
    case Format::kCsv: return make_csv_reader(std::move(stream), path, opts);
    case Format::kText: return make_text_reader(std::move(stream), path, opts);
    case Format::kHtml: return make_html_reader(std::move(stream), path, opts);
    case Format::kFeed: return make_feed_reader(std::move(stream), path, opts);
    case Format::kWarc: return make_warc_reader(std::move(stream), path, opts);
    case Format::kAuto: break;
  }
  return Status::internal("no reader for " + path);
}

ExpandedInputs expand_inputs(const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  ExpandedInputs out;
  for (const auto& in : inputs) {
    if (in == "-") {
      out.files.push_back(in);
      continue;
    }
    std::error_code ec;
    auto st = fs::status(in, ec);
    if (ec || !fs::exists(st)) {
      out.errors.push_back(in + ": cannot open: no such file or directory");
      continue;
    }
    if (!fs::is_directory(st)) {
      out.files.push_back(in);
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(in, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      std::string p = it->path().string();
      std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') continue;
      if (format_from_extension(format_extension(p)) != Format::kAuto) found.push_back(p);
    }
    if (ec) out.errors.push_back(in + ": cannot read folder: " + ec.message());
    std::sort(found.begin(), found.end());
    out.files.insert(out.files.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace fissure
