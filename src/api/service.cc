#include "fissure/api/service.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <list>
#include <mutex>
#include <semaphore>
#include <unordered_map>
#include <unordered_set>

#include "fissure/analysis/alignment.h"
#include "fissure/analysis/findings.h"
#include "fissure/api/json_views.h"
#include "fissure/corpus/date.h"
#include "fissure/corpus/reader.h"
#include "fissure/report/digest.h"
#include "fissure/store/document_view.h"
#include "fissure/store/ingest.h"
#include "fissure/store/report_data.h"
#include "fissure/store/voice_data.h"

namespace fissure::api {
namespace {

using Clock = std::chrono::steady_clock;

// Answers by request, each with the archive version it was computed on (PRAGMA data_version),
// the least recently used dropped beyond the capacity. An answer of an older version is still
// there for an analysis to fall back on (Service::handle, "analyse"); reads never use one.
class ResultCache {
 public:
  explicit ResultCache(size_t capacity) : capacity_(capacity) {}

  struct Entry {
    std::string body;
    int64_t version = -1;
  };
  // The answer for this exact version; version < 0 (unknown) finds nothing.
  std::optional<std::string> get(const std::string& key, int64_t version) {
    auto e = latest(key);
    if (version < 0 || !e || e->version != version) return std::nullopt;
    return std::move(e->body);
  }
  // The newest answer kept for the request, whatever its version.
  std::optional<Entry> latest(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
  }
  void put(const std::string& key, std::string body, int64_t version) {
    if (capacity_ == 0 || version < 0) return;
    std::lock_guard lock(mu_);
    if (auto it = index_.find(key); it != index_.end()) {
      if (it->second->second.version > version) return;  // a newer answer came in first
      order_.erase(it->second);
    }
    order_.emplace_front(key, Entry{std::move(body), version});
    index_[key] = order_.begin();
    while (order_.size() > capacity_) {
      index_.erase(order_.back().first);
      order_.pop_back();
    }
  }
  // One request at a time recomputes a request's answer: false when another holds the claim.
  bool claim(const std::string& key) {
    std::lock_guard lock(mu_);
    return computing_.insert(key).second;
  }
  void release(const std::string& key) {
    std::lock_guard lock(mu_);
    computing_.erase(key);
  }

 private:
  size_t capacity_;
  std::mutex mu_;
  std::list<std::pair<std::string, Entry>> order_;
  std::unordered_map<std::string, std::list<std::pair<std::string, Entry>>::iterator> index_;
  std::unordered_set<std::string> computing_;
};

int http_status(const Status& st) {
  switch (st.code()) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidInput:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kTimedOut:
      return 503;
    default:
      return 500;
  }
}

ApiResponse ok(const Json& body) { return {200, dump(body), false}; }

// Collects what an upload's ingest skipped, with the temporary path replaced by the upload's name.
class UploadObserver : public IngestObserver {
 public:
  UploadObserver(std::string temp_path, std::string name)
      : temp_path_(std::move(temp_path)), name_(std::move(name)) {}
  void on_skip(const std::string& message) override {
    if (messages.size() >= 100) return;
    std::string m = message;
    if (m.rfind(temp_path_, 0) == 0) m = name_ + m.substr(temp_path_.size());
    messages.push_back(m);
  }
  std::vector<std::string> messages;

 private:
  std::string temp_path_, name_;
};

// A file name safe to create in a folder of our own: the upload's base name, other bytes dropped.
std::string safe_file_name(const std::string& name) {
  std::string base =
      name.substr(name.find_last_of("/\\") == std::string::npos ? 0 : name.find_last_of("/\\") + 1);
  std::string out;
  for (char c : base)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') out += c;
  while (!out.empty() && out[0] == '.') out.erase(0, 1);
  if (out.empty()) out = "upload.jsonl";
  return out.substr(0, 120);
}

Json ingest_summary_json(const IngestSummary& s) {
  return {{"files", s.files},
          {"documents_read", s.documents_read},
          {"documents_new", s.documents_new},
          {"documents_revised", s.documents_revised},
          {"documents_unchanged", s.documents_unchanged},
          {"records_skipped", s.records_skipped},
          {"exact_duplicates", s.exact_duplicates},
          {"near_duplicates", s.near_duplicates},
          {"sentences", s.sentences},
          {"boilerplate_lines", s.boilerplate_lines},
          {"text_bytes", s.text_bytes},
          {"seconds", s.seconds}};
}

}  // namespace

struct Service::State {
  explicit State(const ServiceOptions& o)
      : cache(o.cache_entries), read_cache(o.search_cache_entries), analysis_slots(std::max(1, o.analysis_slots)) {}

  // Read-only connections, reused across requests.
  std::mutex pool_mu;
  std::vector<std::unique_ptr<Archive>> pool;
  // Watches the archive for commits by any connection or process (PRAGMA data_version).
  std::mutex watch_mu;
  std::unique_ptr<Archive> watch;
  ResultCache cache, read_cache;
  std::counting_semaphore<1024> analysis_slots;
  std::mutex ingest_mu;  // one upload at a time: SQLite has one writer anyway
};

namespace {

class Lease {
 public:
  Lease(Service::State* s, std::unique_ptr<Archive> a) : s_(s), a_(std::move(a)) {}
  Lease(Lease&&) = default;
  ~Lease() {
    if (!a_) return;
    a_->set_deadline(std::nullopt);
    std::lock_guard lock(s_->pool_mu);
    if (s_->pool.size() < 32) s_->pool.push_back(std::move(a_));
  }
  Archive& operator*() { return *a_; }

 private:
  Service::State* s_;
  std::unique_ptr<Archive> a_;
};

}  // namespace

Service::Service(ServiceOptions options)
    : options_(std::move(options)), state_(std::make_unique<State>(options_)) {}
Service::~Service() = default;

ApiResponse Service::error(int status, const std::string& message) {
  return {status, dump(Json{{"error", message}}), false};
}

ApiResponse Service::from_status(const Status& st) { return error(http_status(st), st.message()); }

ApiResponse Service::handle(const ApiRequest& r) {
  State& s = *state_;
  auto lease = [&](std::chrono::milliseconds limit) -> Result<Lease> {
    std::unique_ptr<Archive> a;
    {
      std::lock_guard lock(s.pool_mu);
      if (!s.pool.empty()) {
        a = std::move(s.pool.back());
        s.pool.pop_back();
      }
    }
    if (!a) {
      auto opened = Archive::open(options_.db_path, Archive::Mode::kReadOnly);
      if (!opened) return opened.status();
      a = std::move(*opened);
    }
    a->set_deadline(Clock::now() + limit);
    return Lease(&s, std::move(a));
  };
  auto archive_version = [&]() -> int64_t {
    std::lock_guard lock(s.watch_mu);
    if (!s.watch) {
      auto opened = Archive::open(options_.db_path, Archive::Mode::kReadOnly);
      if (!opened) return -1;
      s.watch = std::move(*opened);
    }
    auto v = s.watch->data_version();
    return v ? *v : -1;
  };
  const Params& p = r.params;
  auto check = [&](std::vector<std::string_view> known) { return p.check(known); };
  auto timed_out = [](const Status& st, std::chrono::milliseconds limit) {
    if (st.code() != StatusCode::kTimedOut) return st;
    return Status::timed_out("the request ran past the server's time limit of " +
                             std::to_string(limit.count() / 1000.0).substr(0, 4) +
                             " s; narrow it (filters, dates, a rarer word)");
  };

  const std::string key = r.path + "?" + p.canonical();
  // Reads: one connection, the read time limit; searches and kwic lines are cached.
  auto read = [&](auto&& work, bool cacheable = false) -> ApiResponse {
    int64_t version = cacheable ? archive_version() : -1;
    if (cacheable)
      if (auto hit = s.read_cache.get(key, version)) return {200, *hit, true};
    auto a = lease(options_.read_limit);
    if (!a) return from_status(a.status());
    Result<Json> body = work(**a);
    if (!body) return from_status(timed_out(body.status(), options_.read_limit));
    std::string text = dump(*body);
    if (cacheable) s.read_cache.put(key, text, version);
    return {200, std::move(text), false};
  };
  // Analyses: a slot, the analysis time limit, and the cache. After a commit, the answer of the
  // previous version is served, marked stale, to requests that would otherwise wait: while another
  // request recomputes it, or when no slot is free. An ingest committing every second would
  // otherwise keep every analysis cold and queue requests into 503s.
  auto analyse = [&](auto&& work) -> ApiResponse {
    int64_t version = archive_version();
    std::optional<ResultCache::Entry> kept = version < 0 ? std::nullopt : s.cache.latest(key);
    if (kept && kept->version == version) return {200, std::move(kept->body), true};
    const bool claimed = kept && s.cache.claim(key);
    if (kept && !claimed) return {200, std::move(kept->body), true, true};
    struct Claim {
      ResultCache& cache;
      const std::string& key;
      bool held;
      ~Claim() {
        if (held) cache.release(key);
      }
    } claim{s.cache, key, claimed};
    // With an older answer at hand the recomputation takes a slot only if one is free now: a
    // request never waits seconds for an answer it could have had at once.
    if (kept ? !s.analysis_slots.try_acquire()
             : !s.analysis_slots.try_acquire_for(options_.queue_wait)) {
      if (kept) return {200, std::move(kept->body), true, true};
      return error(503, "the server is busy with other analyses; try again shortly");
    }
    struct Release {
      std::counting_semaphore<1024>& sem;
      ~Release() { sem.release(); }
    } release{s.analysis_slots};
    auto a = lease(options_.analysis_limit);
    if (!a) return from_status(a.status());
    Result<Json> body = work(**a);
    if (!body) return from_status(timed_out(body.status(), options_.analysis_limit));
    std::string text = dump(*body);
    s.cache.put(key, text, version);
    return {200, text, false};
  };
  auto pair_request = [&]() -> Result<analysis::DyadOptions> {
    PairRequest pr;
    pr.a = p.text("a");
    pr.b = p.text("b");
    if (pr.a.empty() || pr.b.empty())
      return Status::invalid("parameters a and b (actor codes, e.g. a=IRN&b=PRK) are required");
    pr.by = p.text("by", "year");
    pr.from = p.text("from");
    pr.to = p.text("to");
    pr.domain = p.text("domain");
    auto min = p.integer("min_sentences", 10, 1, 1000000);
    if (!min) return min.status();
    pr.min_sentences = *min;
    auto any = p.flag("any_outlet");
    if (!any) return any.status();
    pr.any_outlet = *any;
    auto seed = p.integer("seed", 20240101, 0, 2147483647);
    if (!seed) return seed.status();
    pr.seed = static_cast<uint64_t>(*seed);
    return make_dyad_options(pr);
  };
  static const std::vector<std::string_view> kPairParams = {
      "a", "b", "by", "from", "to", "domain", "min_sentences", "any_outlet", "seed"};
  auto with = [](std::vector<std::string_view> base, std::initializer_list<std::string_view> more) {
    base.insert(base.end(), more.begin(), more.end());
    return base;
  };

  const bool get = r.method == "GET" || r.method == "HEAD";
  if (r.path == "/api/ingest") {
    if (r.method != "POST") return error(405, "POST the file to /api/ingest");
  } else if (!get) {
    return error(405, r.method + " is not allowed here; the API reads with GET");
  }

  if (r.path == "/api/search") {
    if (Status st = check(with(kFilterParams, {"q", "limit", "offset", "rank_window", "facets"})); !st)
      return from_status(st);
    SearchQuery q;
    q.text = p.text("q");
    if (q.text.empty()) return error(400, "parameter q (the query) is required");
    auto filters = search_filters(p);
    if (!filters) return from_status(filters.status());
    q.filters = *filters;
    auto limit = p.integer("limit", 20, 0, 500);
    auto offset = p.integer("offset", 0, 0, 1000000);
    auto window = p.integer("rank_window", 2000, 0, 1000000);
    for (const auto* v : {&limit, &offset, &window})
      if (!*v) return from_status(v->status());
    q.limit = *limit;
    q.offset = *offset;
    q.rank_window = *window;
    auto facets = p.flag("facets");
    if (!facets) return from_status(facets.status());
    return read([&](Archive& a) -> Result<Json> {
      auto results = search(a, q);
      if (!results) return results.status();
      Json out = search_json(*results);
      // The search page's counts by country, source and year: only on request, since for a
      // frequent word they cost more than the page of hits.
      if (*facets) {
        auto counts = search_facets(a, q);
        if (!counts) return counts.status();
        out["facets"] = facets_json(*counts);
      }
      return out;
    }, /*cacheable=*/true);
  }
  if (r.path == "/api/kwic") {
    if (Status st = check(with(kFilterParams, {"term", "window", "limit"})); !st)
      return from_status(st);
    KwicQuery q;
    q.term = p.text("term");
    if (q.term.empty()) return error(400, "parameter term is required");
    auto filters = search_filters(p);
    if (!filters) return from_status(filters.status());
    q.filters = *filters;
    auto window = p.integer("window", 5, 1, 50);
    auto limit = p.integer("limit", 100, 0, 2000);
    for (const auto* v : {&window, &limit})
      if (!*v) return from_status(v->status());
    q.window = *window;
    q.limit = *limit;
    return read([&](Archive& a) -> Result<Json> {
      auto results = kwic(a, q);
      if (!results) return results.status();
      return kwic_json(*results);
    }, /*cacheable=*/true);
  }
  if (r.path == "/api/document") {
    if (Status st = check({"id", "revision"}); !st) return from_status(st);
    std::string id = p.text("id");
    if (id.empty()) return error(400, "parameter id (a document id) is required");
    auto revision = p.integer("revision", 0, 0, 1000000);
    if (!revision) return from_status(revision.status());
    return read([&](Archive& a) -> Result<Json> {
      auto view = load_document_view(a, id, *revision);
      if (!view) return view.status();
      return document_json(*view);
    });
  }
  if (r.path == "/api/stats") {
    if (Status st = check({}); !st) return from_status(st);
    return analyse([&](Archive& a) -> Result<Json> {
      auto stats = a.stats();
      if (!stats) return stats.status();
      return stats_json(*stats);
    });
  }
  if (r.path == "/api/actors") {
    if (Status st = check({}); !st) return from_status(st);
    // A scan of every coded sentence: cached like an analysis.
    return analyse([&](Archive& a) -> Result<Json> {
      auto speakers = load_speakers(a);
      if (!speakers) return speakers.status();
      Json list = Json::array();
      for (const auto& sp : *speakers)
        list.push_back({{"code", sp.code}, {"sentences", sp.sentences}});
      return Json{{"actors", list}};
    });
  }
  if (r.path == "/api/dyad") {
    if (Status st = check(kPairParams); !st) return from_status(st);
    auto options = pair_request();
    if (!options) return from_status(options.status());
    return analyse([&](Archive& a) -> Result<Json> {
      auto series = analysis::compute_dyad(a, *options);
      if (!series) return series.status();
      return series_json(*series);
    });
  }
  if (r.path == "/api/cracks") {
    if (Status st = check(with(kPairParams, {"alpha", "evidence", "max_third_parties", "kind"}));
        !st)
      return from_status(st);
    auto dyad = pair_request();
    if (!dyad) return from_status(dyad.status());
    analysis::CracksOptions options;
    options.dyad = *dyad;
    auto alpha = p.number("alpha", 1e-6, 0.5);
    auto evidence = p.integer("evidence", 4, 1, 10);
    auto third = p.integer("max_third_parties", 40, 1, 400);
    if (!alpha) return from_status(alpha.status());
    if (!evidence) return from_status(evidence.status());
    if (!third) return from_status(third.status());
    options.alpha = alpha->value_or(0.05);
    options.evidence = *evidence;
    options.max_third_parties = *third;
    for (const std::string& k : p.all("kind"))
      for (size_t at = 0; at <= k.size();) {
        size_t comma = std::min(k.find(',', at), k.size());
        if (comma > at) options.kinds.push_back(k.substr(at, comma - at));
        at = comma + 1;
      }
    return analyse([&](Archive& a) -> Result<Json> {
      auto cracks = analysis::find_cracks(a, options);
      if (!cracks) return cracks.status();
      return findings_json(*cracks);
    });
  }
  if (r.path == "/api/align") {
    if (Status st = check({"period", "source", "min_targets", "min_speakers", "min_mentions", "raw",
                           "similarity", "voice"});
        !st)
      return from_status(st);
    auto period = parse_alignment_period(p.text("period"));
    if (!period) return from_status(period.status());
    AlignmentRequest request;
    request.period = *period;
    request.source = p.text("source");
    std::string voice = p.text("voice", "speaker");
    if (voice != "speaker" && voice != "document")
      return error(400, "parameter voice: speaker or document");
    request.voice = voice == "document" ? AlignmentQuery::Voice::kDocumentCountry
                                        : AlignmentQuery::Voice::kSentenceSpeaker;
    auto targets = p.integer("min_targets", request.options.min_shared_targets, 1, 10000);
    auto speakers = p.integer("min_speakers", request.options.min_speakers_per_target, 1, 10000);
    auto mentions = p.integer("min_mentions", request.options.min_mentions, 1, 10000);
    auto raw = p.flag("raw");
    auto similarity = parse_similarity(p.text("similarity", "pearson"));
    for (const auto* v : {&targets, &speakers, &mentions})
      if (!*v) return from_status(v->status());
    if (!raw) return from_status(raw.status());
    if (!similarity) return from_status(similarity.status());
    request.options.min_shared_targets = *targets;
    request.options.min_speakers_per_target = *speakers;
    request.options.min_mentions = *mentions;
    request.options.centre_targets = !*raw;
    request.options.similarity = *similarity;
    return analyse([&](Archive& a) -> Result<Json> {
      auto m = align_period(a, request);
      if (!m) return m.status();
      return alignment_json(*m, request);
    });
  }
  if (r.path == "/api/digest") {
    if (Status st = check({"since", "pairs", "by", "documents"}); !st) return from_status(st);
    report::DigestOptions options;
    options.since = p.text("since");
    if (options.since.empty()) return error(400, "parameter since (a date) is required");
    if (auto d = parse_iso_date(options.since); !d)
      return error(400, "since " + options.since + ": " + d.status().message());
    auto resolution = analysis::parse_resolution(p.text("by", "year"));
    if (!resolution) return from_status(resolution.status());
    options.resolution = *resolution;
    auto documents = p.integer("documents", 10, 0, 1000);
    if (!documents) return from_status(documents.status());
    options.max_documents = *documents;
    for (const std::string& list : p.all("pairs"))
      for (size_t at = 0; at <= list.size();) {
        size_t comma = std::min(list.find(',', at), list.size());
        if (comma > at) {
          auto pair = report::parse_pair(list.substr(at, comma - at));
          if (!pair) return from_status(pair.status());
          options.pairs.push_back(*pair);
        }
        at = comma + 1;
      }
    return analyse([&](Archive& a) -> Result<Json> {
      report::DigestOptions o = options;
      if (o.pairs.empty()) {
        auto pairs = report::default_pairs(a);
        if (!pairs) return pairs.status();
        o.pairs = *pairs;
      }
      auto digest = report::build_digest(a, o);
      if (!digest) return digest.status();
      return digest_json(*digest);
    });
  }
  if (r.path == "/api/whoami") {
    if (Status st = check({}); !st) return from_status(st);
    return ok({{"access", r.access}, {"can_ingest", r.may_ingest}});
  }
  if (r.path == "/api/ingest") return ingest_upload(r);
  return error(404, "no such endpoint: " + r.path.substr(0, 200) + " (docs/api.md lists them)");
}

ApiResponse Service::ingest_upload(const ApiRequest& r) {
  const Params& p = r.params;
  if (!r.may_ingest) return error(403, "ingest needs an editor token");
  if (Status st = p.check({"filename", "format", "source", "country"}); !st) return from_status(st);
  if (r.body.empty()) return error(400, "the upload is empty: POST the file's bytes as the body");
  if (r.body.size() > options_.max_upload_bytes)
    return error(413, "the upload is larger than " +
                          std::to_string(options_.max_upload_bytes >> 20) + " MiB");
  IngestOptions options;
  auto format = parse_format(p.text("format", "auto"));
  if (!format) return from_status(format.status());
  options.reader.format = *format;
  options.reader.default_source = p.text("source");
  options.reader.default_country = p.text("country");
  // All or nothing: stop at the first bad record, and write the whole upload in one transaction.
  options.strict = true;
  options.batch_documents = std::numeric_limits<size_t>::max();
  options.batch_bytes = std::numeric_limits<size_t>::max();
  std::string name = safe_file_name(p.text("filename", "upload.jsonl"));
  options.command = "fissure serve: POST /api/ingest " + name;

  std::lock_guard lock(state_->ingest_mu);
  auto writer = Archive::open(options_.db_path, Archive::Mode::kReadWrite);
  if (!writer) return from_status(writer.status());
  auto coded = archive_is_coded(**writer);
  if (!coded) return from_status(coded.status());
  if (*coded) {
    if (!options_.coder)
      return error(
          503,
          "the archive is coded but the server was started without the coder's dictionaries "
          "(fissure serve --reference DIR); uploads would go in uncoded");
    options.coder = options_.coder;
  }

  std::error_code ec;
  std::string pattern =
      (std::filesystem::temp_directory_path(ec) / "fissure-upload-XXXXXX").string();
  if (ec || !mkdtemp(pattern.data()))
    return error(500, "cannot create a temporary folder for the upload");
  std::filesystem::path folder = pattern;
  std::filesystem::path file = folder / name;
  struct Cleanup {
    std::filesystem::path folder;
    ~Cleanup() {
      std::error_code ignored;
      std::filesystem::remove_all(folder, ignored);
    }
  } cleanup{folder};
  {
    std::ofstream out(file, std::ios::binary);
    out.write(r.body.data(), static_cast<std::streamsize>(r.body.size()));
    if (!out) return error(500, "cannot write the upload to a temporary file");
  }
  UploadObserver observer(file.string(), name);
  auto summary = ingest(**writer, {file.string()}, options, observer);
  if (!summary) return from_status(summary.status());
  if (summary->aborted || summary->records_skipped > 0) {
    Json body = {{"error", "the upload has bad records; nothing from it was stored"},
                 {"skipped", observer.messages}};
    return {422, dump(body), false};
  }
  return ok(ingest_summary_json(*summary));
}

}  // namespace fissure::api
