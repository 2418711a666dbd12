// `fissure serve`: the HTTP front of the api layer. Serves /api/* through api::Service after
// access control, the embedded web UI (web_assets.h) on / and the page paths, and JSON errors
// for everything else. Requests run on a thread pool; the Service's time limits keep one slow
// query from holding a thread. Part of the server layer; the HTTP library stays inside it.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "fissure/api/service.h"
#include "fissure/util/status.h"

namespace fissure::server {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;  // 0: any free port (port() tells which)
  int threads = 16;
  api::ServiceOptions service;
  std::FILE* log = stderr;  // refused requests and server errors; never a token
};

class HttpServer {
 public:
  explicit HttpServer(ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Opens the archive (it must exist) and binds the socket.
  Status bind();
  int port() const;
  // Serves until stop() is called (from any thread). Call after bind().
  Status run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fissure::server
