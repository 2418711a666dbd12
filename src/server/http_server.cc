#include "fissure/server/http_server.h"

#include <httplib.h>

#include <chrono>
#include <ctime>

#include "fissure/server/access_control.h"
#include "fissure/server/web_assets.h"

namespace fissure::server {
namespace {

// The pages of the single-page UI: each answers index.html, which reads its state from the URL.
bool is_page(const std::string& path) {
  return path == "/" || path == "/search" || path == "/document" || path == "/dyad" ||
         path == "/digest" || path == "/kwic" || path == "/align";
}

void set_json(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body, "application/json");
}

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

struct HttpServer::Impl {
  explicit Impl(ServerOptions o) : options(std::move(o)), access(options.service.db_path) {}

  void log(const httplib::Request& req, int status, const std::string& reason) {
    if (!options.log) return;
    // The path only: query strings carry search terms, and no header (the token) is ever logged.
    std::fprintf(options.log, "%s fissure serve: %d %s %s from %s: %s\n", utc_now().c_str(), status,
                 req.method.c_str(), req.path.substr(0, 200).c_str(), req.remote_addr.c_str(),
                 reason.c_str());
    std::fflush(options.log);
  }

  void handle(const httplib::Request& req, httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    const std::string& path = req.path;
    const bool api = path.rfind("/api/", 0) == 0;
    AccessDecision d = access.decide(req.remote_addr, req.get_header_value("Authorization"), api);
    if (!d.allowed) {
      if (d.status == 401) res.set_header("WWW-Authenticate", "Bearer");
      log(req, d.status, d.reason);
      set_json(res, d.status, api::Service::error(d.status, d.reason).body);
      return;
    }
    if (api) {
      api::ApiRequest r;
      r.method = req.method;
      r.path = path;
      r.params = api::Params(
          std::multimap<std::string, std::string>(req.params.begin(), req.params.end()));
      r.body = req.body;
      r.access = d.access;
      r.may_ingest = d.may_ingest;
      if (r.path == "/api/ingest" && !d.may_ingest) {
        std::string why = d.access == "local" ? "ingest needs an editor token; this server has "
                                                "none (fissure token create --role editor)"
                                              : "ingest needs an editor token";
        log(req, 403, why);
        set_json(res, 403, api::Service::error(403, why).body);
        return;
      }
      api::ApiResponse out = service.handle(r);
      if (out.status >= 500) log(req, out.status, "server error");
      set_json(res, out.status, out.body);
      if (out.cached) res.set_header("X-Fissure-Cache", out.stale ? "stale" : "hit");
      return;
    }
    if (req.method != "GET" && req.method != "HEAD") {
      set_json(res, 405, api::Service::error(405, req.method + " is not allowed here").body);
      return;
    }
    const WebAsset* asset = nullptr;
    if (is_page(path)) {
      asset = find_web_asset("index.html");
    } else if (path.rfind("/web/", 0) == 0) {
      asset = find_web_asset(std::string_view(path).substr(5));
    }
    if (!asset) {
      set_json(res, 404, api::Service::error(404, "not found: " + path.substr(0, 200)).body);
      return;
    }
    res.set_header(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    res.set_header("Cache-Control", "no-cache");
    res.set_content(std::string(asset->content),
                    std::string(content_type_for(asset->path)).c_str());
  }

  ServerOptions options;
  AccessControl access;
  api::Service service{options.service};
  httplib::Server http;
  int port = -1;
};

HttpServer::HttpServer(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
HttpServer::~HttpServer() = default;

Status HttpServer::bind() {
  auto probe = Archive::open(impl_->options.service.db_path, Archive::Mode::kReadOnly);
  if (!probe) return probe.status();
  Impl& s = *impl_;
  int threads = std::max(2, s.options.threads);
  s.http.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<size_t>(threads));
  };
  s.http.set_payload_max_length(s.options.service.max_upload_bytes + 1);
  s.http.set_read_timeout(30, 0);
  s.http.set_write_timeout(30, 0);
  s.http.set_keep_alive_max_count(1000);
  // Headers and body go out in separate writes: without this, delayed ACKs add ~40 ms per answer.
  s.http.set_tcp_nodelay(true);
  auto handler = [&s](const httplib::Request& req, httplib::Response& res) { s.handle(req, res); };
  s.http.Get(".*", handler);
  s.http.Post(".*", handler);
  s.http.Put(".*", handler);
  s.http.Delete(".*", handler);
  s.http.Patch(".*", handler);
  s.http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    // Errors the library raises itself (a URI too long, a body too large, a malformed request).
    if (!res.body.empty()) return;
    std::string why = res.status == 413   ? "the request body is too large"
                      : res.status == 414 ? "the request URI is too long"
                                          : "bad request";
    (void)req;
    set_json(res, res.status, api::Service::error(res.status, why).body);
  });
  s.http.set_exception_handler(
      [&s](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unexpected error";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        s.log(req, 500, what);
        set_json(res, 500, api::Service::error(500, "internal error").body);
      });
  if (s.options.port == 0) {
    s.port = s.http.bind_to_any_port(s.options.bind);
  } else {
    s.port = s.http.bind_to_port(s.options.bind, s.options.port) ? s.options.port : -1;
  }
  if (s.port < 0)
    return Status::io_error("cannot listen on " + s.options.bind + ":" +
                            std::to_string(s.options.port) +
                            " (address in use, or not an address of this machine)");
  return Status::ok();
}

int HttpServer::port() const { return impl_->port; }

Status HttpServer::run() {
  if (impl_->port < 0) return Status::internal("run() before bind()");
  if (!impl_->http.listen_after_bind()) return Status::io_error("the server stopped with an error");
  return Status::ok();
}

void HttpServer::stop() { impl_->http.stop(); }

}  // namespace fissure::server
