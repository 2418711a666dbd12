#include "fissure/corpus/csv_reader.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "fissure/corpus/record_check.h"
#include "reader_util.h"

namespace fissure {
namespace {

using corpus_internal::located;
using corpus_internal::skip_step;

// Splits a stream into RFC 4180 records. Works on a fixed buffer: a record is held only as its
// parsed fields, and not even those once it grows past the record limit.
class CsvParser {
 public:
  struct Record {
    size_t line = 0;         // line on which the record starts
    size_t field_count = 0;  // fields seen; only the first min(field_count, limit) are stored
    size_t bytes = 0;        // bytes of the record without its line end
    bool too_long = false;
    bool unterminated = false;  // a quoted field still open at the end of the input
    bool bad_quote = false;     // text between a closing quote and the next delimiter
  };
  enum class Outcome { kRecord, kEnd, kError };

  CsvParser(InputStream& in, char delimiter, size_t max_record_bytes)
      : in_(in), delim_(delimiter), max_bytes_(max_record_bytes), buf_(kBufferSize) {}

  // Reads the next non-blank record, storing at most field_limit fields: wider records are
  // counted, not held.
  Outcome next(size_t field_limit);
  const Record& record() const { return rec_; }
  const std::string& field(size_t i) const { return fields_[i]; }
  size_t stored_fields() const { return std::min(rec_.field_count, limit_); }
  size_t line() const { return newlines_ + 1; }
  const Status& status() const { return status_; }

 private:
  static constexpr size_t kBufferSize = 1 << 16;
  enum class State { kFieldStart, kUnquoted, kQuoted, kAfterQuote };

  bool refill();
  bool storing() const { return rec_.field_count < limit_ && !rec_.too_long; }
  void open_field() {
    if (!storing()) return;
    if (rec_.field_count == fields_.size()) fields_.emplace_back();
    fields_[rec_.field_count].clear();
  }
  void begin_record() {
    rec_ = Record{};
    rec_.line = newlines_ + 1;
    open_field();
  }
  void end_field() {
    ++rec_.field_count;
    open_field();
  }
  void count(size_t n) {
    rec_.bytes += n;
    if (rec_.bytes > max_bytes_) rec_.too_long = true;
  }
  void append(const char* p, size_t n) {
    if (storing()) fields_[rec_.field_count].append(p, n);
  }

  InputStream& in_;
  char delim_;
  size_t max_bytes_;
  std::vector<char> buf_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  bool started_stream_ = false;
  size_t newlines_ = 0;
  Status status_;
  Record rec_;
  size_t limit_ = 0;
  std::vector<std::string> fields_;  // reused across records to keep their capacity
};

bool CsvParser::refill() {
  if (eof_) return false;
  auto got = in_.read(buf_.data(), buf_.size());
  if (!got) {
    status_ = got.status();
    eof_ = true;
    return false;
  }
  pos_ = 0;
  end_ = *got;
  if (end_ == 0) {
    eof_ = true;
    return false;
  }
  if (!started_stream_) {
    started_stream_ = true;
    // Streams may return short reads: make sure a BOM is seen whole.
    while (end_ < 3) {
      auto more = in_.read(buf_.data() + end_, buf_.size() - end_);
      if (!more) {
        status_ = more.status();
        eof_ = true;
        return false;
      }
      if (*more == 0) break;
      end_ += *more;
    }
    if (end_ >= 3 && std::memcmp(buf_.data(), "\xEF\xBB\xBF", 3) == 0) pos_ = 3;
  }
  return true;
}

CsvParser::Outcome CsvParser::next(size_t field_limit) {
  limit_ = field_limit;
  if (!status_.is_ok()) return Outcome::kError;
  begin_record();
  State state = State::kFieldStart;
  bool started = false;     // the record holds something besides its line end
  bool cr_pending = false;  // a CR outside quotes: part of the line end if "\n" follows

  for (;;) {
    if (pos_ == end_ && !refill()) {
      if (!status_.is_ok()) return Outcome::kError;
      if (state == State::kQuoted) rec_.unterminated = true;
      if (!started) return Outcome::kEnd;
      end_field();
      return Outcome::kRecord;
    }
    const char* b = buf_.data();
    char c = b[pos_];
    if (cr_pending) {
      cr_pending = false;
      if (c != '\n') {  // a lone CR is data
        started = true;
        count(1);
        if (state == State::kAfterQuote) rec_.bad_quote = true;
        state = State::kUnquoted;
        append("\r", 1);
      }
    }
    if (state == State::kQuoted) {
      size_t i = pos_;
      while (i < end_ && b[i] != '"') {
        if (b[i] == '\n') ++newlines_;
        ++i;
      }
      count(i - pos_);
      append(b + pos_, i - pos_);
      if (i < end_) {
        count(1);
        state = State::kAfterQuote;
        ++i;
      }
      pos_ = i;
      continue;
    }
    if (c == '"' && (state == State::kFieldStart || state == State::kAfterQuote)) {
      // Opens a quoted field, or is the second half of a doubled quote inside one.
      if (state == State::kAfterQuote) append("\"", 1);
      started = true;
      count(1);
      state = State::kQuoted;
      ++pos_;
      continue;
    }
    if (c == '\n') {
      ++pos_;
      ++newlines_;
      if (!started) {  // a blank line is not a record
        begin_record();
        continue;
      }
      end_field();
      return Outcome::kRecord;
    }
    if (c == '\r') {
      ++pos_;
      cr_pending = true;
      continue;
    }
    started = true;
    if (c == delim_) {
      ++pos_;
      count(1);
      end_field();
      state = State::kFieldStart;
      continue;
    }
    if (state == State::kAfterQuote) rec_.bad_quote = true;
    state = State::kUnquoted;
    size_t i = pos_;
    while (i < end_ && b[i] != delim_ && b[i] != '\n' && b[i] != '\r') ++i;
    count(i - pos_);
    append(b + pos_, i - pos_);
    pos_ = i;
  }
}

constexpr std::array<const char*, 8> kFields = {"id",    "source", "country", "date",
                                                "title", "text",   "url",     "lang"};
enum FieldIndex { kId, kSource, kCountry, kDate, kTitle, kText, kUrl, kLang };

class CsvReader : public DocumentReader {
 public:
  CsvReader(std::unique_ptr<InputStream> in, std::string name, const ReaderOptions& options)
      : in_(std::move(in)),
        name_(std::move(name)),
        options_(options),
        parser_(*in_, options.csv_delimiter, options.max_record_bytes),
        stem_(corpus_internal::file_stem(name_)) {}

  ReadStep next() override {
    if (finished_) return {};
    if (!header_read_) {
      header_read_ = true;
      if (auto fail = read_header()) {
        finished_ = true;
        return std::move(*fail);
      }
    }
    switch (parser_.next(columns_.size())) {
      case CsvParser::Outcome::kEnd:
        finished_ = true;
        return {};
      case CsvParser::Outcome::kError:
        finished_ = true;
        return skip_step(located(name_, parser_.line(), parser_.status().message()), true);
      case CsvParser::Outcome::kRecord:
        break;
    }
    ++record_number_;
    const CsvParser::Record& rec = parser_.record();
    auto skip = [&](const std::string& reason) {
      return skip_step(located(name_, rec.line, reason), false);
    };
    if (rec.too_long)
      return skip("record longer than " + corpus_internal::size_text(options_.max_record_bytes) +
                  " skipped");
    if (rec.unterminated) return skip("unterminated quoted field at end of file");
    if (rec.bad_quote) return skip("malformed quoted field: text after the closing quote");
    if (rec.field_count != columns_.size())
      return skip("expected " + std::to_string(columns_.size()) + " fields, found " +
                  std::to_string(rec.field_count));
    ReadStep step;
    Status st = build(rec, &step.document);
    if (!st) return skip(st.message());
    step.kind = ReadStep::Kind::kDocument;
    return step;
  }

  size_t bytes_read() const override { return in_->raw_bytes_read(); }

 private:
  static constexpr size_t kMaxColumns = 1 << 16;

  std::optional<ReadStep> read_header() {
    auto fatal = [&](size_t line, const std::string& reason) {
      return std::optional<ReadStep>(skip_step(located(name_, line, reason), true));
    };
    char d = options_.csv_delimiter;
    if (d == '"' || d == '\n' || d == '\r' || d == '\0')
      return fatal(1, "unusable CSV delimiter (quote, line end or NUL)");
    switch (parser_.next(kMaxColumns)) {
      case CsvParser::Outcome::kEnd:
        return fatal(1, "no header row (empty file)");
      case CsvParser::Outcome::kError:
        return fatal(parser_.line(), parser_.status().message());
      case CsvParser::Outcome::kRecord:
        break;
    }
    const CsvParser::Record& rec = parser_.record();
    if (rec.too_long) return fatal(rec.line, "header row longer than record limit");
    if (rec.unterminated) return fatal(rec.line, "unterminated quoted field in header row");
    if (rec.bad_quote) return fatal(rec.line, "malformed quoted field in header row");
    if (rec.field_count > kMaxColumns)
      return fatal(rec.line, "header has more than " + std::to_string(kMaxColumns) + " columns");
    columns_.clear();
    for (size_t i = 0; i < parser_.stored_fields(); ++i) {
      std::string h = trimmed(parser_.field(i));
      if (find_invalid_utf8(h) != std::string_view::npos)
        return fatal(rec.line, "invalid UTF-8 in header column " + std::to_string(i + 1));
      if (h.empty()) h = "column_" + std::to_string(i + 1);
      columns_.push_back(std::move(h));
    }
    field_column_.fill(kNone);
    std::vector<bool> used(columns_.size(), false);
    auto find_column = [&](const std::string& header) -> size_t {
      for (size_t i = 0; i < columns_.size(); ++i)
        if (!used[i] && columns_[i] == header) return i;
      for (size_t i = 0; i < columns_.size(); ++i)
        if (!used[i] && corpus_internal::iequals(columns_[i], header)) return i;
      return kNone;
    };
    for (const auto& [field, header] : options_.csv_columns) {
      size_t f = 0;
      while (f < kFields.size() && field != kFields[f]) ++f;
      if (f == kFields.size())
        return fatal(rec.line, "column mapping names unknown field \"" + field + "\"");
      size_t col = find_column(header);
      if (col == kNone)
        return fatal(rec.line,
                     "column \"" + header + "\" (mapped to " + field + ") is not in the header");
      field_column_[f] = col;
      used[col] = true;
    }
    for (size_t f = 0; f < kFields.size(); ++f) {
      if (field_column_[f] != kNone || options_.csv_columns.count(kFields[f])) continue;
      size_t col = find_column(kFields[f]);
      if (col != kNone) {
        field_column_[f] = col;
        used[col] = true;
      }
    }
    if (field_column_[kText] == kNone)
      return fatal(rec.line, "no \"text\" column in the header (map one with csv_columns)");
    metadata_columns_.clear();
    for (size_t i = 0; i < columns_.size(); ++i)
      if (!used[i]) metadata_columns_.push_back(i);
    return std::nullopt;
  }

  Status build(const CsvParser::Record& rec, Document* doc) {
    for (size_t i = 0; i < columns_.size(); ++i) {
      size_t bad = find_invalid_utf8(parser_.field(i));
      if (bad != std::string_view::npos)
        return Status::invalid("invalid UTF-8 in column \"" + columns_[i] + "\" at byte " +
                               std::to_string(bad));
    }
    auto value = [&](FieldIndex f) -> std::string {
      size_t col = field_column_[f];
      return col == kNone ? std::string() : trimmed(parser_.field(col));
    };
    if (field_column_[kId] == kNone) {
      // Without an id column the record's position is its identity.
      doc->id = stem_ + ":" + std::to_string(record_number_);
    } else {
      doc->id = value(kId);
      if (doc->id.empty()) return Status::invalid("missing id");
    }
    doc->text = parser_.field(field_column_[kText]);
    if (doc->text.empty()) return Status::invalid("missing text");
    doc->source = value(kSource);
    doc->country = value(kCountry);
    doc->title = value(kTitle);
    doc->url = value(kUrl);
    doc->lang = value(kLang);
    if (doc->source.empty()) doc->source = options_.default_source;
    if (doc->country.empty()) doc->country = options_.default_country;
    if (std::string date = value(kDate); !date.empty()) {
      auto d = parse_any_date(date);
      if (!d) return d.status();
      doc->date = *d;
    }
    if (!metadata_columns_.empty()) {
      nlohmann::json meta = nlohmann::json::object();
      for (size_t col : metadata_columns_) {
        const std::string& v = parser_.field(col);
        if (v.empty())
          meta.emplace(columns_[col], nullptr);  // conventions: missing values are null
        else
          meta.emplace(columns_[col], v);
      }
      doc->metadata_json = meta.dump();
    }
    doc->origin = name_ + ":" + std::to_string(rec.line);
    return check_document(*doc);
  }

  static constexpr size_t kNone = static_cast<size_t>(-1);

  std::unique_ptr<InputStream> in_;
  std::string name_;
  ReaderOptions options_;
  CsvParser parser_;
  std::string stem_;
  bool header_read_ = false;
  bool finished_ = false;
  size_t record_number_ = 0;
  std::vector<std::string> columns_;
  std::array<size_t, kFields.size()> field_column_{};
  std::vector<size_t> metadata_columns_;
};

}  // namespace

std::unique_ptr<DocumentReader> make_csv_reader(std::unique_ptr<InputStream> in, std::string name,
                                                const ReaderOptions& options) {
  return std::make_unique<CsvReader>(std::move(in), std::move(name), options);
}

}  // namespace fissure
