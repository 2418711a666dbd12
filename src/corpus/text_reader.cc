#include "fissure/corpus/text_reader.h"

#include <nlohmann/json.hpp>

#include "fissure/corpus/record_check.h"
#include "reader_util.h"

namespace fissure {
namespace {

using corpus_internal::located;
using corpus_internal::skip_step;

// The UN General Debate corpus names its files "ISO_NN_YYYY" (country, session, year).
struct UngdcName {
  std::string country;
  int session = 0;
  int year = 0;
};

bool parse_ungdc_name(std::string_view stem, UngdcName* out) {
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (stem.size() < 3 + 1 + 1 + 1 + 4) return false;
  if (!upper(stem[0]) || !upper(stem[1]) || !upper(stem[2]) || stem[3] != '_') return false;
  std::string_view year = stem.substr(stem.size() - 4);
  std::string_view session = stem.substr(4, stem.size() - 4 - 5);
  if (stem[stem.size() - 5] != '_' || session.empty() || session.size() > 3) return false;
  int s = 0, y = 0;
  for (char c : session) {
    if (!digit(c)) return false;
    s = s * 10 + (c - '0');
  }
  for (char c : year) {
    if (!digit(c)) return false;
    y = y * 10 + (c - '0');
  }
  if (y == 0) return false;
  out->country = std::string(stem.substr(0, 3));
  out->session = s;
  out->year = y;
  return true;
}

class TextReader : public DocumentReader {
 public:
  TextReader(std::unique_ptr<InputStream> in, std::string path, const ReaderOptions& options)
      : in_(std::move(in)), path_(std::move(path)), options_(options) {}

  ReadStep next() override {
    if (done_) return {};
    done_ = true;
    std::string bytes;
    Status error;
    switch (corpus_internal::read_whole(*in_, options_.max_record_bytes, &bytes, &error)) {
      case corpus_internal::WholeRead::kTooLarge:
        return skip_step(
            located(path_, "file larger than " +
                               corpus_internal::size_text(options_.max_record_bytes) + " skipped"),
            false);
      case corpus_internal::WholeRead::kError:
        return skip_step(located(path_, error.message()), true);
      case corpus_internal::WholeRead::kOk:
        break;
    }
    std::string_view text = corpus_internal::strip_bom(bytes);
    if (size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
      return skip_step(
          located(path_, corpus_internal::line_of_offset(text, bad),
                  "invalid UTF-8 at byte " + std::to_string(bad + bytes.size() - text.size())),
          false);
    }

    Document doc;
    std::string stem = corpus_internal::file_stem(path_);
    UngdcName ungdc;
    if (parse_ungdc_name(stem, &ungdc)) {
      // "ungdc-" + the stem keeps underscores, so these ids never collide with the shared
      // corpus ids ("ungdc-ARG-01-1946"), which come from a different conversion.
      doc.id = "ungdc-" + stem;
      doc.country = ungdc.country;
      doc.date = Date{ungdc.year, 0, 0};
      doc.source = options_.default_source.empty() ? "UNGDC" : options_.default_source;
      doc.metadata_json = nlohmann::json{{"session", ungdc.session}, {"year", ungdc.year}}.dump();
    } else {
      doc.id = stem;
      doc.source = options_.default_source;
    }
    if (doc.country.empty()) doc.country = options_.default_country;
    doc.text.assign(text);
    doc.origin = path_;
    if (Status st = check_document(doc); !st) return skip_step(located(path_, st.message()), false);
    return corpus_internal::document_step(std::move(doc));
  }

  size_t bytes_read() const override { return in_->raw_bytes_read(); }

 private:
  std::unique_ptr<InputStream> in_;
  std::string path_;
  ReaderOptions options_;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<DocumentReader> make_text_reader(std::unique_ptr<InputStream> in, std::string path,
                                                 const ReaderOptions& options) {
  return std::make_unique<TextReader>(std::move(in), std::move(path), options);
}

}  // namespace fissure
