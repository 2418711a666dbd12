#include "fissure/corpus/input_stream.h"

#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "reader_util.h"

namespace fissure {
namespace {

constexpr size_t kChunk = 1 << 16;

// Raw bytes from a FILE* or from memory.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual Result<size_t> read(char* buf, size_t n) = 0;
};

class FileSource : public ByteSource {
 public:
  FileSource(FILE* f, std::string path, bool owned) : f_(f), path_(std::move(path)), owned_(owned) {}
  ~FileSource() override {
    if (owned_) std::fclose(f_);
  }
  Result<size_t> read(char* buf, size_t n) override {
    size_t got = std::fread(buf, 1, n, f_);
    if (got == 0 && std::ferror(f_))
      return Status::io_error(path_ + ": read failed: " + std::strerror(errno));
    return got;
  }

 private:
  FILE* f_;
  std::string path_;
  bool owned_;
};

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string data) : data_(std::move(data)) {}
  Result<size_t> read(char* buf, size_t n) override {
    size_t k = std::min(n, data_.size() - pos_);
    std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }

 private:
  std::string data_;
  size_t pos_ = 0;
};

// Serves the sniffed prefix first, then the rest of the source.
class PrefixedSource : public ByteSource {
 public:
  PrefixedSource(std::string prefix, std::unique_ptr<ByteSource> rest)
      : prefix_(std::move(prefix)), rest_(std::move(rest)) {}
  Result<size_t> read(char* buf, size_t n) override {
    if (pos_ < prefix_.size()) {
      size_t k = std::min(n, prefix_.size() - pos_);
      std::memcpy(buf, prefix_.data() + pos_, k);
      pos_ += k;
      return k;
    }
    return rest_->read(buf, n);
  }

 private:
  std::string prefix_;
  size_t pos_ = 0;
  std::unique_ptr<ByteSource> rest_;
};

class PlainStream : public InputStream {
 public:
  explicit PlainStream(std::unique_ptr<ByteSource> src) : src_(std::move(src)) {}
  Result<size_t> read(char* buf, size_t n) override {
    auto r = src_->read(buf, n);
    if (r) raw_ += *r;
    return r;
  }
  Compression compression() const override { return Compression::kNone; }
  size_t raw_bytes_read() const override { return raw_; }

 private:
  std::unique_ptr<ByteSource> src_;
  size_t raw_ = 0;
};

// gzip, including several concatenated members (as WARC.gz and pigz write).
class GzipStream : public InputStream {
 public:
  GzipStream(std::unique_ptr<ByteSource> src, std::string name)
      : src_(std::move(src)), name_(std::move(name)), in_(kChunk * 4) {
    std::memset(&z_, 0, sizeof z_);
    ok_ = inflateInit2(&z_, 15 + 32) == Z_OK;
  }
  ~GzipStream() override { inflateEnd(&z_); }

  Result<size_t> read(char* buf, size_t n) override {
    if (!ok_) return Status::internal(name_ + ": zlib init failed");
    if (done_) return size_t{0};
    z_.next_out = reinterpret_cast<Bytef*>(buf);
    z_.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
    while (z_.avail_out > 0) {
      if (z_.avail_in == 0 && !src_eof_) {
        auto got = src_->read(in_.data(), in_.size());
        if (!got) return got.status();
        raw_ += *got;
        if (*got == 0) src_eof_ = true;
        z_.next_in = reinterpret_cast<Bytef*>(in_.data());
        z_.avail_in = static_cast<uInt>(*got);
      }
      if (z_.avail_in == 0 && src_eof_) {
        size_t produced = n - z_.avail_out;
        if (in_member_) {
          done_ = true;
          if (produced > 0) {
            pending_error_ = true;
            return produced;
          }
          return Status::invalid(name_ + ": truncated gzip stream");
        }
        done_ = true;
        return produced;
      }
      in_member_ = true;
      int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        in_member_ = false;
        inflateReset(&z_);
        continue;
      }
      if (rc == Z_BUF_ERROR) continue;
      if (rc != Z_OK) {
        done_ = true;
        size_t produced = n - z_.avail_out;
        std::string msg = name_ + ": corrupt gzip stream" + (z_.msg ? std::string(": ") + z_.msg : "");
        if (produced > 0) {
          pending_error_ = true;
          pending_message_ = msg;
          return produced;
        }
        return Status::invalid(msg);
      }
    }
    return n;
  }
  Compression compression() const override { return Compression::kGzip; }
  size_t raw_bytes_read() const override { return raw_; }

  // A truncation found while bytes were still being returned is reported on the next call.
  Result<size_t> read_checked(char* buf, size_t n) {
    if (pending_error_) {
      pending_error_ = false;
      return Status::invalid(pending_message_.empty() ? name_ + ": truncated gzip stream"
                                                      : pending_message_);
    }
    return read(buf, n);
  }

 private:
  friend class CheckedGzip;
  std::unique_ptr<ByteSource> src_;
  std::string name_;
  std::vector<char> in_;
  z_stream z_;
  bool ok_ = false;
  bool src_eof_ = false;
  bool in_member_ = false;
  bool done_ = false;
  bool pending_error_ = false;
  std::string pending_message_;
  size_t raw_ = 0;
};

class CheckedGzip : public InputStream {
 public:
  explicit CheckedGzip(std::unique_ptr<GzipStream> g) : g_(std::move(g)) {}
  Result<size_t> read(char* buf, size_t n) override { return g_->read_checked(buf, n); }
  Compression compression() const override { return Compression::kGzip; }
  size_t raw_bytes_read() const override { return g_->raw_bytes_read(); }

 private:
  std::unique_ptr<GzipStream> g_;
};

class ZstdStream : public InputStream {
 public:
  ZstdStream(std::unique_ptr<ByteSource> src, std::string name)
      : src_(std::move(src)), name_(std::move(name)), in_(ZSTD_DStreamInSize()) {
    ds_ = ZSTD_createDStream();
    ZSTD_initDStream(ds_);
  }
  ~ZstdStream() override { ZSTD_freeDStream(ds_); }

  Result<size_t> read(char* buf, size_t n) override {
    if (pending_error_) {
      pending_error_ = false;
      return Status::invalid(pending_message_);
    }
    if (done_) return size_t{0};
    ZSTD_outBuffer out{buf, n, 0};
    while (out.pos < out.size) {
      if (inb_.pos == inb_.size && !src_eof_) {
        auto got = src_->read(in_.data(), in_.size());
        if (!got) return got.status();
        raw_ += *got;
        if (*got == 0) src_eof_ = true;
        inb_ = ZSTD_inBuffer{in_.data(), *got, 0};
      }
      if (inb_.pos == inb_.size && src_eof_) {
        done_ = true;
        if (last_ret_ != 0) return fail(out.pos, name_ + ": truncated zstd stream");
        return out.pos;
      }
      size_t ret = ZSTD_decompressStream(ds_, &out, &inb_);
      if (ZSTD_isError(ret)) {
        done_ = true;
        return fail(out.pos, name_ + ": corrupt zstd stream: " + ZSTD_getErrorName(ret));
      }
      last_ret_ = ret;
    }
    return out.pos;
  }
  Compression compression() const override { return Compression::kZstd; }
  size_t raw_bytes_read() const override { return raw_; }

 private:
  Result<size_t> fail(size_t produced, std::string msg) {
    if (produced > 0) {
      pending_error_ = true;
      pending_message_ = std::move(msg);
      return produced;
    }
    return Status::invalid(std::move(msg));
  }
  std::unique_ptr<ByteSource> src_;
  std::string name_;
  std::vector<char> in_;
  ZSTD_inBuffer inb_{nullptr, 0, 0};
  ZSTD_DStream* ds_;
  size_t last_ret_ = 0;
  bool src_eof_ = false;
  bool done_ = false;
  bool pending_error_ = false;
  std::string pending_message_;
  size_t raw_ = 0;
};

Result<std::unique_ptr<InputStream>> wrap(std::unique_ptr<ByteSource> src, const std::string& name) {
  char magic[4];
  size_t have = 0;
  while (have < 4) {
    auto got = src->read(magic + have, 4 - have);
    if (!got) return got.status();
    if (*got == 0) break;
    have += *got;
  }
  auto m = reinterpret_cast<unsigned char*>(magic);
  auto rest = std::make_unique<PrefixedSource>(std::string(magic, have), std::move(src));
  if (have >= 2 && m[0] == 0x1f && m[1] == 0x8b)
    return std::unique_ptr<InputStream>(
        std::make_unique<CheckedGzip>(std::make_unique<GzipStream>(std::move(rest), name)));
  if (have == 4 && m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f && m[3] == 0xfd)
    return std::unique_ptr<InputStream>(std::make_unique<ZstdStream>(std::move(rest), name));
  return std::unique_ptr<InputStream>(std::make_unique<PlainStream>(std::move(rest)));
}

}  // namespace

Result<std::unique_ptr<InputStream>> open_input(const std::string& path) {
  if (path == "-") return wrap(std::make_unique<FileSource>(stdin, "<stdin>", false), "<stdin>");
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::io_error(path + ": cannot open: " + std::strerror(errno));
  return wrap(std::make_unique<FileSource>(f, path, true), path);
}

std::unique_ptr<InputStream> memory_input(std::string bytes, const std::string& name) {
  auto r = wrap(std::make_unique<MemorySource>(std::move(bytes)), name);
  return std::move(r).value();  // memory reads cannot fail
}

Result<std::string> read_all(InputStream& in, size_t max_bytes) {
  std::string out;
  Status error;
  switch (corpus_internal::read_whole(in, max_bytes, &out, &error)) {
    case corpus_internal::WholeRead::kOk: return out;
    case corpus_internal::WholeRead::kTooLarge:
      return Status::invalid("input exceeds the limit of " + corpus_internal::size_text(max_bytes));
    case corpus_internal::WholeRead::kError: break;
  }
  return error;
}

LineReader::LineReader(InputStream& in, size_t max_line_bytes) : in_(in), max_line_(max_line_bytes) {
  buf_.resize(kChunk * 16);
}

bool LineReader::refill() {
  if (eof_) return false;
  if (pos_ > 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
  }
  if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);
  auto got = in_.read(buf_.data() + end_, buf_.size() - end_);
  if (!got) {
    status_ = got.status();
    eof_ = true;
    return false;
  }
  if (*got == 0) {
    eof_ = true;
    return false;
  }
  end_ += *got;
  return true;
}

LineReader::Outcome LineReader::next(std::string_view* line) {
  if (!status_.is_ok()) return Outcome::kError;
  size_t scanned = pos_;
  for (;;) {
    const char* nl = static_cast<const char*>(std::memchr(buf_.data() + scanned, '\n', end_ - scanned));
    if (nl) {
      size_t len = nl - (buf_.data() + pos_);
      ++line_number_;
      if (len > max_line_) {
        pos_ += len + 1;
        return Outcome::kTooLong;
      }
      *line = std::string_view(buf_.data() + pos_, len);
      if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
      pos_ += len + 1;
      return Outcome::kLine;
    }
    if (end_ - pos_ > max_line_) {
      // Skip to the end of this overlong line without holding it.
      ++line_number_;
      pos_ = end_ = 0;
      for (;;) {
        if (!refill()) return status_.is_ok() ? Outcome::kTooLong : Outcome::kError;
        const char* e = static_cast<const char*>(std::memchr(buf_.data(), '\n', end_));
        if (e) {
          pos_ = e - buf_.data() + 1;
          return Outcome::kTooLong;
        }
        pos_ = end_ = 0;
      }
    }
    scanned = end_;
    size_t before = pos_;
    if (!refill()) {
      if (!status_.is_ok()) {
        return Outcome::kError;
      }
      if (end_ > pos_) {  // last line without a newline
        ++line_number_;
        *line = std::string_view(buf_.data() + pos_, end_ - pos_);
        if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
        pos_ = end_;
        return Outcome::kLine;
      }
      return Outcome::kEnd;
    }
    scanned -= before - pos_;  // refill moved the data to the front
  }
}

}  // namespace fissure
