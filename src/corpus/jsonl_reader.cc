#include "fissure/corpus/jsonl_reader.h"

#include <nlohmann/json.hpp>

#include "fissure/corpus/record_check.h"

namespace fissure {
namespace {

using nlohmann::json;

// A field as a string: strings as they are, numbers printed, null/absent as "".
Result<std::string> string_field(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::string();
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return Status::invalid(std::string("field \"") + key + "\" is not a string");
}

class JsonlReader : public DocumentReader {
 public:
  JsonlReader(std::unique_ptr<InputStream> in, std::string name, const ReaderOptions& options)
      : in_(std::move(in)), name_(std::move(name)), options_(options), lines_(*in_, options.max_record_bytes) {}

  ReadStep next() override {
    for (;;) {
      std::string_view line;
      switch (lines_.next(&line)) {
        case LineReader::Outcome::kEnd:
          return {};
        case LineReader::Outcome::kError:
          if (reported_error_) return {};
          reported_error_ = true;
          return skipped(lines_.line_number() + 1, lines_.status().message(), true);
        case LineReader::Outcome::kTooLong:
          return skipped(lines_.line_number(), "record longer than " +
                                                   std::to_string(options_.max_record_bytes >> 20) +
                                                   " MiB skipped", false);
        case LineReader::Outcome::kLine:
          break;
      }
      bool blank = true;
      for (char c : line)
        if (c != ' ' && c != '\t') blank = false;
      if (blank) continue;
      ReadStep step;
      Status st = parse(line, &step.document);
      if (!st) return skipped(lines_.line_number(), st.message(), false);
      step.kind = ReadStep::Kind::kDocument;
      return step;
    }
  }

  size_t bytes_read() const override { return in_->raw_bytes_read(); }

 private:
  ReadStep skipped(size_t line, const std::string& reason, bool fatal) {
    ReadStep s;
    s.kind = ReadStep::Kind::kSkipped;
    // Stream errors already name the file.
    s.message = reason.rfind(name_ + ":", 0) == 0 ? name_ + ":" + std::to_string(line) + ": " + reason.substr(name_.size() + 2)
                                                  : name_ + ":" + std::to_string(line) + ": " + reason;
    s.fatal = fatal;
    return s;
  }

  Status parse(std::string_view line, Document* doc) {
    json obj;
    try {
      obj = json::parse(line.begin(), line.end());
    } catch (const json::exception& e) {  // parse_error, and out_of_range for numbers like 1E9999
      std::string what = e.what();
      // "[json.exception.parse_error.101] parse error at line 1, column 5: ..." -> keep the tail.
      auto pos = what.find("column");
      std::string detail = pos == std::string::npos ? what : what.substr(pos);
      // The parser quotes the bytes it last read; they may be the invalid ones, and a message must
      // stay valid UTF-8 itself.
      if (detail.find("UTF-8") != std::string::npos) {
        auto cut = detail.find("; last read");
        return Status::invalid("invalid UTF-8 (" + detail.substr(0, cut) + ")");
      }
      for (size_t bad; (bad = find_invalid_utf8(detail)) != std::string::npos;) detail[bad] = '?';
      return Status::invalid("malformed JSON (" + detail + ")");
    }
    if (!obj.is_object()) return Status::invalid("malformed JSON: line is not an object");
    struct Target {
      const char* key;
      std::string* out;
    };
    const Target targets[] = {{"id", &doc->id},       {"source", &doc->source}, {"country", &doc->country},
                              {"title", &doc->title}, {"text", &doc->text},     {"url", &doc->url},
                              {"lang", &doc->lang}};
    for (const auto& t : targets) {
      auto v = string_field(obj, t.key);
      if (!v) return v.status();
      *t.out = std::move(*v);
    }
    if (doc->source.empty()) doc->source = options_.default_source;
    if (doc->country.empty()) doc->country = options_.default_country;
    auto date = string_field(obj, "date");
    if (!date) return date.status();
    if (!date->empty()) {
      auto d = parse_any_date(*date);
      if (!d) return d.status();
      doc->date = *d;
    }
    if (doc->id.empty()) return Status::invalid("missing \"id\"");
    if (doc->text.empty()) return Status::invalid("missing \"text\"");
    json meta = json::object();
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      const std::string& k = it.key();
      if (k == "id" || k == "source" || k == "country" || k == "title" || k == "text" ||
          k == "url" || k == "lang" || k == "date")
        continue;
      meta[k] = it.value();
    }
    if (!meta.empty()) doc->metadata_json = meta.dump();
    doc->origin = name_ + ":" + std::to_string(lines_.line_number());
    return check_document(*doc);
  }

  std::unique_ptr<InputStream> in_;
  std::string name_;
  ReaderOptions options_;
  LineReader lines_;
  bool reported_error_ = false;
};

}  // namespace

std::unique_ptr<DocumentReader> make_jsonl_reader(std::unique_ptr<InputStream> in, std::string name,
                                                  const ReaderOptions& options) {
  return std::make_unique<JsonlReader>(std::move(in), std::move(name), options);
}

}  // namespace fissure
