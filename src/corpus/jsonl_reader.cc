#include "fissure/corpus/jsonl_reader.h"

#include "fissure/corpus/record_check.h"
#include "jsonl_record.h"

namespace fissure {
namespace {

class JsonlReader : public DocumentReader {
 public:
  JsonlReader(std::unique_ptr<InputStream> in, std::string name, const ReaderOptions& options)
      : in_(std::move(in)),
        name_(std::move(name)),
        options_(options),
        lines_(*in_, options.max_record_bytes) {}

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
          return skipped(lines_.line_number(),
                         "record longer than " + std::to_string(options_.max_record_bytes >> 20) +
                             " MiB skipped",
                         false);
        case LineReader::Outcome::kLine:
          break;
      }
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
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
    s.message = reason.rfind(name_ + ":", 0) == 0
                    ? name_ + ":" + std::to_string(line) + ": " + reason.substr(name_.size() + 2)
                    : name_ + ":" + std::to_string(line) + ": " + reason;
    s.fatal = fatal;
    return s;
  }

  Status parse(std::string_view line, Document* doc) {
    // Most lines take the single pass; any line it does not vouch for is read by nlohmann, whose
    // fields and messages are the reader's.
    corpus_internal::JsonlFields fields;  // moved into the document below
    if (!corpus_internal::parse_jsonl_fast(line, &fields)) {
      Status st = corpus_internal::parse_jsonl_reference(line, &fields);
      if (!st) return st;
    }
    doc->id = std::move(fields.id);
    doc->source = std::move(fields.source);
    doc->country = std::move(fields.country);
    doc->title = std::move(fields.title);
    doc->text = std::move(fields.text);
    doc->url = std::move(fields.url);
    doc->lang = std::move(fields.lang);
    if (doc->source.empty()) doc->source = options_.default_source;
    if (doc->country.empty()) doc->country = options_.default_country;
    if (!fields.date.empty()) {
      auto d = parse_any_date(fields.date);
      if (!d) return d.status();
      doc->date = *d;
    }
    if (doc->id.empty()) return Status::invalid("missing \"id\"");
    if (doc->text.empty()) return Status::invalid("missing \"text\"");
    doc->metadata_json = std::move(fields.metadata_json);
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
