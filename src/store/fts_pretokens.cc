#include "fts_pretokens.h"

#include <cstring>
#include <limits>
#include <memory>

namespace fissure::store {
namespace {

constexpr int kIndexTokenizerArgCount =
    sizeof(kIndexTokenizerArgs) / sizeof(kIndexTokenizerArgs[0]);

fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(st);
  }
  sqlite3_finalize(st);
  return api;
}

// The stand-in's registration: the real unicode61 and the connection's replay slot.
struct Replaying {
  void* real_context = nullptr;
  fts5_tokenizer real{};
  TokenReplay replay;
};

// One stand-in tokenizer (one per full-text table that names unicode61).
struct ReplayingInstance {
  Replaying* owner = nullptr;
  Fts5Tokenizer* real = nullptr;
  bool same_arguments = false;  // only then may recorded tokens stand in for the real ones
};

int replaying_create(void* context, const char** args, int arg_count, Fts5Tokenizer** out) {
  auto* owner = static_cast<Replaying*>(context);
  auto instance = std::make_unique<ReplayingInstance>();
  instance->owner = owner;
  const int rc = owner->real.xCreate(owner->real_context, args, arg_count, &instance->real);
  if (rc != SQLITE_OK) return rc;
  instance->same_arguments = arg_count == kIndexTokenizerArgCount;
  for (int i = 0; instance->same_arguments && i < arg_count; ++i)
    instance->same_arguments = std::strcmp(args[i], kIndexTokenizerArgs[i]) == 0;
  *out = reinterpret_cast<Fts5Tokenizer*>(instance.release());
  return SQLITE_OK;
}

void replaying_delete(Fts5Tokenizer* tokenizer) {
  std::unique_ptr<ReplayingInstance> instance(reinterpret_cast<ReplayingInstance*>(tokenizer));
  instance->owner->real.xDelete(instance->real);
}

using TokenCallback = int (*)(void*, int, const char*, int, int, int);

int replaying_tokenize(Fts5Tokenizer* tokenizer, void* context, int flags, const char* text,
                       int size, TokenCallback on_token) {
  auto* instance = reinterpret_cast<ReplayingInstance*>(tokenizer);
  const TokenRecord *first = nullptr, *last = nullptr;
  const char* chars = nullptr;
  if (instance->same_arguments && (flags & FTS5_TOKENIZE_DOCUMENT) &&
      instance->owner->replay.take(text, size, &first, &last, &chars)) {
    for (const TokenRecord* t = first; t != last; ++t) {
      const int rc = on_token(context, 0, chars, static_cast<int>(t->size), t->start, t->end);
      if (rc != SQLITE_OK) return rc;
      chars += t->size;
    }
    return SQLITE_OK;
  }
  return instance->owner->real.xTokenize(instance->real, context, flags, text, size, on_token);
}

void replaying_destroy(void* context) { delete static_cast<Replaying*>(context); }

struct Recorder {
  PretokenizedTexts* out;
  const char* failure = nullptr;
};

int record_token(void* context, int flags, const char* token, int size, int start, int end) {
  auto* r = static_cast<Recorder*>(context);
  PretokenizedTexts& out = *r->out;
  if (flags != 0) {  // a flag the record has no room for
    r->failure = "a token flag";
    return SQLITE_ERROR;
  }
  if (out.chars.size() + static_cast<size_t>(size) > std::numeric_limits<uint32_t>::max()) {
    r->failure = "tokens too large to record";
    return SQLITE_TOOBIG;
  }
  out.tokens.push_back({static_cast<uint32_t>(size), start, end});
  out.chars.append(token, static_cast<size_t>(size));
  return SQLITE_OK;
}

}  // namespace

bool TokenReplay::take(const char* text, int size, const TokenRecord** first,
                       const TokenRecord** last, const char** chars) {
  const PretokenizedTexts* record = record_;
  record_ = nullptr;  // one value per expectation, replayed or not
  if (!record || static_cast<size_t>(size) != text_.size()) return false;
  if (text != text_.data() && std::memcmp(text, text_.data(), text_.size()) != 0) return false;
  const size_t begin = index_ == 0 ? 0 : record->text_ends[index_ - 1];
  *first = record->tokens.data() + begin;
  *last = record->tokens.data() + record->text_ends[index_];
  *chars = record->chars.data() + record->chars_at[index_];
  ++replayed_;
  return true;
}

TokenReplay* TokenReplay::of(sqlite3* db) {
  fts5_api* api = fts5_of(db);
  if (!api) return nullptr;
  void* context = nullptr;
  fts5_tokenizer module{};
  if (api->xFindTokenizer(api, "unicode61", &context, &module) != SQLITE_OK) return nullptr;
  if (module.xTokenize != replaying_tokenize) return nullptr;
  return &static_cast<Replaying*>(context)->replay;
}

Status install_token_replay(sqlite3* db) {
  fts5_api* api = fts5_of(db);
  if (!api) return Status::internal("SQLite has no FTS5");
  if (TokenReplay::of(db)) return Status::ok();
  auto owner = std::make_unique<Replaying>();
  if (api->xFindTokenizer(api, "unicode61", &owner->real_context, &owner->real) != SQLITE_OK)
    return Status::internal("FTS5 has no unicode61 tokenizer");
  fts5_tokenizer stand_in{replaying_create, replaying_delete, replaying_tokenize};
  // FTS5 looks a name up newest first, so on this connection the stand-in hides the real one.
  Replaying* raw = owner.release();
  if (api->xCreateTokenizer(api, "unicode61", raw, &stand_in, replaying_destroy) != SQLITE_OK) {
    delete raw;
    return Status::internal("cannot register the unicode61 stand-in");
  }
  return Status::ok();
}

Result<Pretokenizer> Pretokenizer::create() {
  Pretokenizer p;
  if (sqlite3_open_v2(":memory:", &p.db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK)
    return Status::internal("cannot open an in-memory SQLite database");
  fts5_api* api = fts5_of(p.db_);
  if (!api) return Status::internal("SQLite has no FTS5");
  void* context = nullptr;
  auto module = std::make_unique<fts5_tokenizer>();
  if (api->xFindTokenizer(api, "unicode61", &context, module.get()) != SQLITE_OK)
    return Status::internal("FTS5 has no unicode61 tokenizer");
  Fts5Tokenizer* tokenizer = nullptr;
  if (module->xCreate(context, const_cast<const char**>(kIndexTokenizerArgs),
                      kIndexTokenizerArgCount, &tokenizer) != SQLITE_OK)
    return Status::internal("cannot create a unicode61 tokenizer");
  p.tokenizer_ = tokenizer;
  p.module_ = module.release();
  return p;
}

Pretokenizer::Pretokenizer(Pretokenizer&& other) noexcept
    : db_(other.db_), tokenizer_(other.tokenizer_), module_(other.module_) {
  other.db_ = nullptr;
  other.tokenizer_ = nullptr;
  other.module_ = nullptr;
}

Pretokenizer& Pretokenizer::operator=(Pretokenizer&& other) noexcept {
  if (this != &other) {
    reset();
    db_ = other.db_;
    tokenizer_ = other.tokenizer_;
    module_ = other.module_;
    other.db_ = nullptr;
    other.tokenizer_ = nullptr;
    other.module_ = nullptr;
  }
  return *this;
}

Pretokenizer::~Pretokenizer() { reset(); }

void Pretokenizer::reset() {
  auto* module = static_cast<const fts5_tokenizer*>(module_);
  if (module && tokenizer_) module->xDelete(static_cast<Fts5Tokenizer*>(tokenizer_));
  delete module;
  if (db_) sqlite3_close_v2(db_);
  db_ = nullptr;
  tokenizer_ = nullptr;
  module_ = nullptr;
}

namespace {

// unicode61 on text of ASCII letters, digits and separators, and of the non-ASCII characters
// these corpora hold most (typographic quotes and dashes, no-break and ideographic spaces, the
// ellipsis, the bullet, currency and degree signs), which are separators too: none is in the
// categories unicode61 keeps (letters, numbers, private use). A token is then a run of ASCII
// letters and digits, folded to lower case. Any other character, or one not well formed, and
// the real tokenizer does the text. tests/store/fts_pretokens_test.cc holds this to it.
// For each byte: 0 if it separates tokens (ASCII) or starts a character beyond ASCII (0x80 and
// up: the caller looks closer), else the byte folded to lower case (ASCII letters and digits).
struct AsciiFold {
  unsigned char folded[256] = {};
  constexpr AsciiFold() {
    for (int c = '0'; c <= '9'; ++c) folded[c] = static_cast<unsigned char>(c);
    for (int c = 'a'; c <= 'z'; ++c) folded[c] = static_cast<unsigned char>(c);
    for (int c = 'A'; c <= 'Z'; ++c) folded[c] = static_cast<unsigned char>(c + 32);
  }
};
constexpr AsciiFold kAsciiFold;

// The length of the separator that starts at `s` (a lead byte of 0x80 or more), or 0.
size_t known_separator(const unsigned char* s, const unsigned char* end) {
  const size_t left = static_cast<size_t>(end - s);
  if (s[0] == 0xC2 && left >= 2) {
    switch (s[1]) {
      case 0xA0:  // no-break space
      case 0xA3:  // pound sign
      case 0xAB:  // left guillemet
      case 0xB0:  // degree sign
      case 0xB4:  // acute accent
      case 0xB7:  // middle dot
      case 0xBB:  // right guillemet
        return 2;
      default:
        return 0;
    }
  }
  if (s[0] == 0xE2 && left >= 3) {
    if (s[1] == 0x80) {
      const unsigned char c = s[2];
      // U+2000..U+200A spaces, U+2013..U+2015 dashes, U+2018..U+201F quotes, U+2022 bullet,
      // U+2026 ellipsis.
      if ((c >= 0x80 && c <= 0x8A) || (c >= 0x93 && c <= 0x95) || (c >= 0x98 && c <= 0x9F) ||
          c == 0xA2 || c == 0xA6)
        return 3;
      return 0;
    }
    if (s[1] == 0x82 && s[2] == 0xAC) return 3;  // euro sign
    return 0;
  }
  if (s[0] == 0xE3 && left >= 3 && s[1] == 0x80 && s[2] == 0x80) return 3;  // ideographic space
  return 0;
}

bool add_common(std::string_view text, PretokenizedTexts* out) {
  const size_t chars_before = out->chars.size(), tokens_before = out->tokens.size();
  if (chars_before + text.size() > std::numeric_limits<uint32_t>::max()) return false;
  // Folded tokens are never longer than the text: write them in place, then cut to size.
  out->chars.resize(chars_before + text.size());
  char* folded = out->chars.data() + chars_before;
  const auto* begin = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = begin + text.size();
  const auto* p = begin;
  auto give_up = [&] {
    out->chars.resize(chars_before);
    out->tokens.resize(tokens_before);
    return false;
  };
  while (p < end) {
    if (*p & 0x80) {
      const size_t skip = known_separator(p, end);
      if (skip == 0) return give_up();
      p += skip;
      continue;
    }
    if (!kAsciiFold.folded[*p]) {
      ++p;
      continue;
    }
    const auto* start = p;
    unsigned char f;
    while (p < end && (f = kAsciiFold.folded[*p]) != 0) {
      *folded++ = static_cast<char>(f);
      ++p;
    }
    out->tokens.push_back({static_cast<uint32_t>(p - start), static_cast<int32_t>(start - begin),
                           static_cast<int32_t>(p - begin)});
  }
  out->chars.resize(static_cast<size_t>(folded - out->chars.data()));
  out->text_ends.push_back(static_cast<uint32_t>(out->tokens.size()));
  return true;
}

}  // namespace

Status Pretokenizer::add(std::string_view text, PretokenizedTexts* out) const {
  if (text.size() > static_cast<size_t>(std::numeric_limits<int>::max()))
    return Status::invalid("text too long to index");
  out->chars_at.push_back(static_cast<uint32_t>(out->chars.size()));
  if (add_common(text, out)) return Status::ok();
  auto* module = static_cast<const fts5_tokenizer*>(module_);
  Recorder recorder{out};
  const int rc =
      module->xTokenize(static_cast<Fts5Tokenizer*>(tokenizer_), &recorder, FTS5_TOKENIZE_DOCUMENT,
                        text.data(), static_cast<int>(text.size()), record_token);
  out->text_ends.push_back(static_cast<uint32_t>(out->tokens.size()));
  if (rc != SQLITE_OK)
    return Status::internal(recorder.failure ? recorder.failure : "tokenizer failed");
  return Status::ok();
}

}  // namespace fissure::store
