#include "fissure/corpus/warc_reader.h"

#include <unicode/ucnv.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "fissure/corpus/html_reader.h"
#include "fissure/corpus/record_check.h"
#include "reader_util.h"

namespace fissure {
namespace {

using corpus_internal::iequals;
using corpus_internal::located;
using corpus_internal::skip_step;

constexpr size_t kMaxHeaderLine = 64 << 10;
constexpr size_t kMaxHeaderBytes = 1 << 20;
constexpr size_t kMaxHeaders = 1000;

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string_view trim_view(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Buffered access to the (decompressed) stream: lines for headers, exact byte counts for
// blocks, and the line count that messages refer to.
class WarcStream {
 public:
  explicit WarcStream(InputStream& in) : in_(in), buf_(kChunk) {}

  enum class Line { kLine, kTooLong, kEnd, kError };
  // Reads one line without its "\n" or "\r\n". A line longer than max is skipped to its end.
  // The last line of the input may lack its "\n": see terminated().
  Line read_line(std::string* line, size_t max) {
    line->clear();
    terminated_ = false;
    bool too_long = false, any = false;
    for (;;) {
      if (pos_ == end_ && !fill()) {
        if (!status_.is_ok()) return Line::kError;
        if (!any) return Line::kEnd;
        break;
      }
      any = true;
      const char* start = buf_.data() + pos_;
      const char* nl = static_cast<const char*>(std::memchr(start, '\n', end_ - pos_));
      size_t len = nl ? static_cast<size_t>(nl - start) : end_ - pos_;
      if (!too_long) {
        if (line->size() + len > max) {
          too_long = true;
          line->clear();
        } else {
          line->append(start, len);
        }
      }
      pos_ += len;
      if (nl) {
        ++pos_;
        ++newlines_;
        terminated_ = true;
        break;
      }
    }
    if (too_long) return Line::kTooLong;
    if (!line->empty() && line->back() == '\r') line->pop_back();
    return Line::kLine;
  }

  // Consumes up to n bytes, appending them to *out unless out is null. Returns the number
  // consumed: fewer than n only at the end of the input or on a stream error.
  size_t read_bytes(size_t n, std::string* out) {
    size_t done = 0;
    while (done < n) {
      if (pos_ == end_ && !fill()) break;
      size_t k = std::min(n - done, end_ - pos_);
      const char* p = buf_.data() + pos_;
      newlines_ += static_cast<size_t>(std::count(p, p + k, '\n'));
      if (out) out->append(p, k);
      pos_ += k;
      done += k;
    }
    return done;
  }

  // Whether the last line read ended with "\n" (not with the end of the input).
  bool terminated() const { return terminated_; }
  // Line number of the next unread byte.
  size_t line() const { return newlines_ + 1; }
  const Status& status() const { return status_; }

 private:
  static constexpr size_t kChunk = 1 << 16;

  bool fill() {
    if (eof_) return false;
    auto got = in_.read(buf_.data(), buf_.size());
    if (!got) {
      status_ = got.status();
      eof_ = true;
      return false;
    }
    pos_ = 0;
    end_ = *got;
    if (end_ == 0) eof_ = true;
    return end_ > 0;
  }

  InputStream& in_;
  std::vector<char> buf_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  size_t newlines_ = 0;
  bool terminated_ = false;
  Status status_;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

std::string_view header(const Headers& h, std::string_view name) {
  for (const auto& [k, v] : h)
    if (iequals(k, name)) return v;
  return {};
}

// "text/html; charset=UTF-8" -> media type "text/html", charset "UTF-8".
struct ContentType {
  std::string media;
  std::string charset;
};

ContentType parse_content_type(std::string_view v) {
  ContentType ct;
  size_t semi = v.find(';');
  ct.media = corpus_internal::ascii_lower(trim_view(v.substr(0, semi)));
  while (semi != std::string_view::npos) {
    v.remove_prefix(semi + 1);
    semi = v.find(';');
    std::string_view param = trim_view(v.substr(0, semi));
    size_t eq = param.find('=');
    if (eq == std::string_view::npos || !iequals(trim_view(param.substr(0, eq)), "charset"))
      continue;
    std::string_view value = trim_view(param.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    ct.charset = std::string(value);
  }
  return ct;
}

std::string strip_angles(std::string_view v) {
  v = trim_view(v);
  if (v.size() >= 2 && v.front() == '<' && v.back() == '>') v = v.substr(1, v.size() - 2);
  return std::string(v);
}

bool parse_length(std::string_view v, size_t* out) {
  v = trim_view(v);
  if (v.empty() || v.size() > 18) return false;  // 18 digits cannot overflow size_t
  size_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<size_t>(c - '0');
  }
  *out = n;
  return true;
}

// An HTTP response split into status, headers and body.
struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string_view body;
};

bool parse_http(std::string_view block, HttpResponse* r) {
  size_t crlf = block.find("\r\n\r\n"), lf = block.find("\n\n");
  size_t end, body;
  if (crlf != std::string_view::npos && (lf == std::string_view::npos || crlf < lf)) {
    end = crlf;
    body = crlf + 4;
  } else if (lf != std::string_view::npos) {
    end = lf;
    body = lf + 2;
  } else {
    return false;
  }
  std::string_view head = block.substr(0, end);
  r->body = block.substr(body);
  size_t nl = head.find('\n');
  std::string_view status_line = trim_view(head.substr(0, nl));
  size_t sp = status_line.find(' ');
  if (sp == std::string_view::npos) return false;
  std::string_view code = status_line.substr(sp + 1, 3);
  if (code.size() != 3) return false;
  r->status = 0;
  for (char c : code) {
    if (c < '0' || c > '9') return false;
    r->status = r->status * 10 + (c - '0');
  }
  while (nl != std::string_view::npos) {
    head.remove_prefix(nl + 1);
    nl = head.find('\n');
    std::string_view line = head.substr(0, nl);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // tolerate junk lines, as browsers do
    r->headers.emplace_back(std::string(trim_view(line.substr(0, colon))),
                            std::string(trim_view(line.substr(colon + 1))));
  }
  return true;
}

// Undoes "Transfer-Encoding: chunked". Returns false when the framing is broken.
bool dechunk(std::string_view in, std::string* out) {
  out->clear();
  size_t pos = 0;
  for (;;) {
    size_t nl = in.find('\n', pos);
    if (nl == std::string_view::npos) return false;
    std::string_view size_line = trim_view(in.substr(pos, nl - pos));
    size_line = trim_view(size_line.substr(0, size_line.find(';')));  // chunk extensions
    if (size_line.empty() || size_line.size() > 15) return false;
    size_t size = 0;
    for (char c : size_line) {
      int d = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      if (d < 0) return false;
      size = size * 16 + static_cast<size_t>(d);
    }
    pos = nl + 1;
    if (size == 0) return true;  // trailers, if any, carry nothing we keep
    if (size > in.size() - pos) return false;
    out->append(in.substr(pos, size));
    pos += size;
    if (in.substr(pos, 2) == "\r\n")
      pos += 2;
    else if (in.substr(pos, 1) == "\n")
      pos += 1;
    else
      return false;
  }
}

bool is_utf8_name(std::string_view charset) {
  return charset.empty() || iequals(charset, "utf-8") || iequals(charset, "utf8") ||
         iequals(charset, "us-ascii") || iequals(charset, "ascii");
}

// Plain text in a declared charset, as UTF-8 (ICU substitutes undecodable bytes).
Result<std::string> to_utf8(std::string_view in, const std::string& charset) {
  if (is_utf8_name(charset)) return std::string(corpus_internal::strip_bom(in));
  if (in.size() > INT32_MAX / 4) return Status::invalid("payload too large to convert");
  UErrorCode err = U_ZERO_ERROR;
  int32_t need = ucnv_convert("UTF-8", charset.c_str(), nullptr, 0, in.data(),
                              static_cast<int32_t>(in.size()), &err);
  if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
    return Status::invalid("unsupported charset \"" + charset + "\"");
  std::string out(static_cast<size_t>(need), '\0');
  err = U_ZERO_ERROR;
  ucnv_convert("UTF-8", charset.c_str(), out.data(), need, in.data(),
               static_cast<int32_t>(in.size()), &err);
  if (U_FAILURE(err)) return Status::invalid("cannot convert from charset \"" + charset + "\"");
  return std::string(corpus_internal::strip_bom(out));
}

class WarcReader : public DocumentReader {
 public:
  WarcReader(std::unique_ptr<InputStream> in, std::string path, const ReaderOptions& options)
      : in_(std::move(in)), path_(std::move(path)), options_(options), stream_(*in_) {}

  ReadStep next() override {
    while (!finished_) {
      std::optional<ReadStep> step = next_record();
      if (step) return std::move(*step);
    }
    return {};
  }

  size_t bytes_read() const override { return in_->raw_bytes_read(); }

 private:
  ReadStep fatal(size_t line, const std::string& reason) {
    finished_ = true;
    return skip_step(located(path_, line, reason), true);
  }
  ReadStep stream_error() { return fatal(stream_.line(), stream_.status().message()); }
  // A broken record: report it, then look for the next record start.
  ReadStep malformed(size_t line, const std::string& reason) {
    resyncing_ = true;
    return skip_step(located(path_, line, reason), false);
  }

  // One record; nullopt when it was consumed without anything to report.
  std::optional<ReadStep> next_record() {
    size_t record_line = 0;
    for (;;) {  // find the version line, past blank lines (and garbage while resyncing)
      record_line = stream_.line();
      switch (stream_.read_line(&line_, kMaxHeaderLine)) {
        case WarcStream::Line::kEnd:
          finished_ = true;
          return std::nullopt;
        case WarcStream::Line::kError:
          return stream_error();
        case WarcStream::Line::kTooLong:
          if (resyncing_) continue;
          return malformed(record_line, "expected a WARC record, found an overlong line");
        case WarcStream::Line::kLine:
          break;
      }
      if (line_.empty()) continue;
      if (starts_with(line_, "WARC/1.")) break;
      if (resyncing_) continue;
      if (starts_with(line_, "WARC/"))
        return malformed(record_line, "unsupported WARC version \"" + printable(line_) + "\"");
      return malformed(record_line, "expected a WARC record, found \"" + printable(line_) + "\"");
    }
    resyncing_ = false;

    headers_.clear();
    size_t header_bytes = 0;
    for (;;) {
      size_t at = stream_.line();
      switch (stream_.read_line(&line_, kMaxHeaderLine)) {
        case WarcStream::Line::kEnd:
          return fatal(record_line, "truncated record: end of input in the WARC header");
        case WarcStream::Line::kError:
          return stream_error();
        case WarcStream::Line::kTooLong:
          return malformed(record_line, "WARC header line " + std::to_string(at) + " too long");
        case WarcStream::Line::kLine:
          break;
      }
      if (!stream_.terminated())
        return fatal(record_line, "truncated record: end of input in the WARC header");
      if (line_.empty()) break;
      header_bytes += line_.size();
      if (header_bytes > kMaxHeaderBytes || headers_.size() >= kMaxHeaders)
        return malformed(record_line, "WARC header too large");
      if ((line_[0] == ' ' || line_[0] == '\t') && !headers_.empty()) {  // folded line
        headers_.back().second += ' ';
        headers_.back().second += trim_view(line_);
        continue;
      }
      size_t colon = line_.find(':');
      if (colon == std::string::npos || colon == 0)
        return malformed(record_line, "malformed WARC header line " + std::to_string(at) + ": \"" +
                                          printable(line_) + "\"");
      std::string_view l = line_;
      headers_.emplace_back(std::string(trim_view(l.substr(0, colon))),
                            std::string(trim_view(l.substr(colon + 1))));
    }

    size_t length = 0;
    std::string_view length_value = header(headers_, "Content-Length");
    if (length_value.empty()) return malformed(record_line, "WARC record has no Content-Length");
    if (!parse_length(length_value, &length))
      return malformed(record_line, "invalid Content-Length \"" + printable(length_value) + "\"");
    std::string type = corpus_internal::ascii_lower(trim_view(header(headers_, "WARC-Type")));
    bool wanted = type == "response" || type == "resource" || type == "conversion";
    bool too_large = wanted && length > options_.max_record_bytes;

    block_.clear();
    // Reserve no more than a little up front: a lying Content-Length must not cost memory.
    if (wanted && !too_large) block_.reserve(std::min<size_t>(length, 1 << 20));
    size_t got = stream_.read_bytes(length, wanted && !too_large ? &block_ : nullptr);
    if (got < length) {
      if (!stream_.status().is_ok()) return stream_error();
      return fatal(record_line, "truncated record: " + std::to_string(got) + " of " +
                                    std::to_string(length) + " block bytes");
    }
    // The two CRLFs after the block are read as blank lines before the next record.
    if (type.empty())
      return skip_step(located(path_, record_line, "WARC record has no WARC-Type"), false);
    if (!wanted) return std::nullopt;  // requests, metadata, warcinfo, revisits: nothing to read
    if (too_large)
      return skip_step(
          located(path_, record_line,
                  "record larger than " + corpus_internal::size_text(options_.max_record_bytes) +
                      " skipped"),
          false);
    return document(type, record_line);
  }

  // Makes a document of a response, resource or conversion record whose block is in block_.
  std::optional<ReadStep> document(const std::string& type, size_t record_line) {
    auto skip = [&](const std::string& reason) {
      return std::optional<ReadStep>(skip_step(located(path_, record_line, reason), false));
    };
    std::string_view payload = block_;
    ContentType ct;
    if (type == "response" && starts_with(payload, "HTTP/")) {
      HttpResponse http;
      if (!parse_http(payload, &http)) return skip("malformed HTTP response header");
      // Error pages and redirects are not articles.
      if (http.status < 200 || http.status > 299) return std::nullopt;
      std::string_view type_value = header(http.headers, "Content-Type");
      if (type_value.empty()) type_value = header(headers_, "WARC-Identified-Payload-Type");
      ct = parse_content_type(type_value);
      if (!is_text_media(ct.media)) return std::nullopt;
      std::string_view encoding = trim_view(header(http.headers, "Content-Encoding"));
      if (!encoding.empty() && !iequals(encoding, "identity"))
        return skip("compressed HTTP payload not supported (Content-Encoding: " +
                    printable(encoding) + ")");
      payload = http.body;
      if (corpus_internal::ascii_lower(header(http.headers, "Transfer-Encoding")).find("chunked") !=
          std::string::npos) {
        if (dechunk(payload, &dechunked_)) {
          payload = dechunked_;
        } else if (looks_chunked(payload)) {
          return skip("malformed chunked transfer encoding");
        }
        // Else the crawler stored the payload already de-chunked and kept the header.
      }
    } else {
      ct = parse_content_type(header(headers_, "Content-Type"));
      if (!is_text_media(ct.media)) return std::nullopt;
    }

    Document doc;
    std::string page_url, page_date;
    if (ct.media == "text/plain") {
      auto text = to_utf8(payload, ct.charset);
      if (!text) return skip(text.status().message());
      doc.text = std::move(*text);
      if (doc.text.empty()) return skip("empty text/plain payload");
    } else {
      HtmlExtract page = extract_html(payload, ct.charset);
      if (page.text.empty()) return skip("no text found in HTML");
      doc.text = std::move(page.text);
      doc.title = std::move(page.title);
      doc.lang = std::move(page.lang);
      page_url = std::move(page.url);
      page_date = std::move(page.date);
    }

    std::string target = strip_angles(header(headers_, "WARC-Target-URI"));
    std::string record_id(trim_view(header(headers_, "WARC-Record-ID")));
    doc.id = !target.empty() ? target : strip_angles(record_id);
    if (doc.id.empty()) return skip("record has neither WARC-Target-URI nor WARC-Record-ID");
    doc.url = target;
    std::string_view warc_date = header(headers_, "WARC-Date");
    if (warc_date.empty()) return skip("record has no WARC-Date");
    auto date = parse_iso_date(warc_date);
    if (!date) return skip("WARC-Date: " + date.status().message());
    doc.date = *date;
    doc.source = options_.default_source;
    doc.country = options_.default_country;
    nlohmann::json meta = nlohmann::json::object();
    if (!record_id.empty()) meta["warc_record_id"] = record_id;
    if (!page_url.empty() && page_url != target) meta["page_url"] = page_url;
    if (!page_date.empty()) meta["page_date"] = page_date;  // the publication date, unparsed
    if (!meta.empty())
      doc.metadata_json = meta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    doc.origin = path_ + ":" + std::to_string(record_line);
    if (Status st = check_document(doc); !st) return skip(st.message());
    return corpus_internal::document_step(std::move(doc));
  }

  static bool is_text_media(const std::string& media) {
    return media == "text/html" || media == "application/xhtml+xml" || media == "text/plain";
  }

  // Whether a body starts with a chunk-size line ("1a2f\r\n").
  static bool looks_chunked(std::string_view body) {
    size_t nl = body.find('\n');
    if (nl == std::string_view::npos || nl == 0) return false;
    std::string_view first = trim_view(body.substr(0, nl));
    first = trim_view(first.substr(0, first.find(';')));
    if (first.empty() || first.size() > 15) return false;
    return std::all_of(first.begin(), first.end(), [](char c) {
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
  }

  // A header value or line quoted in a message: short, and safe to print.
  static std::string printable(std::string_view s) {
    std::string out;
    for (char c : s.substr(0, 80)) {
      auto u = static_cast<unsigned char>(c);
      out += u < 0x20 || u >= 0x7f ? '?' : c;
    }
    if (s.size() > 80) out += "...";
    return out;
  }

  std::unique_ptr<InputStream> in_;
  std::string path_;
  ReaderOptions options_;
  WarcStream stream_;
  bool finished_ = false;
  bool resyncing_ = false;
  // Reused across records.
  std::string line_;
  Headers headers_;
  std::string block_;
  std::string dechunked_;
};

}  // namespace

std::unique_ptr<DocumentReader> make_warc_reader(std::unique_ptr<InputStream> in, std::string path,
                                                 const ReaderOptions& options) {
  return std::make_unique<WarcReader>(std::move(in), std::move(path), options);
}

}  // namespace fissure
