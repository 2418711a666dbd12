// `fissure serve` (the HTTP API and web UI) and `fissure token` (who may use them).
#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "cli.h"
#include "fissure/api/json_views.h"
#include "fissure/coding/sentence_coder.h"
#include "fissure/server/http_server.h"
#include "fissure/store/access_tokens.h"
#include "fissure/store/voice_data.h"

namespace fissure::cli {

void register_serve(CLI::App& app, Action* run) {
  struct Args {
    std::string db, bind = "127.0.0.1";
    int port = 8080, threads = 16, analysis_slots = 2;
    double time_limit = 5, analysis_time_limit = 60;
    size_t max_upload_mb = 64;
    CoderFlags coder;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("serve", "HTTP JSON API and web UI over an archive (docs/api.md)");
  cmd->footer(
      "Without access tokens the server answers local (loopback) clients only, and only reads.\n"
      "With tokens (fissure token create) every API request needs one: reader or editor (ingest).\n"
      "Example:\n  fissure serve --db demo.db --port 8080          # then open "
      "http://127.0.0.1:8080/\n"
      "  fissure serve --db demo.db --bind 0.0.0.0 --reference ../shared/reference");
  cmd->add_option("--db", a->db, "Archive file")->required();
  cmd->add_option("--bind", a->bind,
                  "Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)");
  cmd->add_option("--port", a->port, "Port (default 8080; 0 picks a free one)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--threads", a->threads, "Request threads (default 16)")
      ->check(CLI::Range(2, 256));
  cmd->add_option("--time-limit", a->time_limit,
                  "Seconds a search, kwic, document or list may run (default 5)")
      ->check(CLI::Range(0.001, 3600.0));
  cmd->add_option("--analysis-time-limit", a->analysis_time_limit,
                  "Seconds a dyad, cracks, align, digest or stats may run (default 60)")
      ->check(CLI::Range(0.001, 36000.0));
  cmd->add_option("--analysis-slots", a->analysis_slots,
                  "Analyses run at once (default 2; more wait)")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--max-upload-mb", a->max_upload_mb, "Largest ingest upload (MiB, default 64)")
      ->check(CLI::Range(size_t{1}, size_t{4096}));
  add_coder_options(cmd, &a->coder);
  cmd->callback([a, run] {
    *run = [a]() -> int {
      server::ServerOptions options;
      options.bind = a->bind;
      options.port = a->port;
      options.threads = a->threads;
      options.service.db_path = a->db;
      options.service.read_limit =
          std::chrono::milliseconds(static_cast<int64_t>(a->time_limit * 1000));
      options.service.analysis_limit =
          std::chrono::milliseconds(static_cast<int64_t>(a->analysis_time_limit * 1000));
      options.service.analysis_slots = a->analysis_slots;
      options.service.max_upload_bytes = a->max_upload_mb << 20;

      auto archive = Archive::open(a->db, Archive::Mode::kReadOnly);
      if (!archive) return report_error(archive.status());
      auto coded = archive_is_coded(**archive);
      if (!coded) return report_error(coded.status());
      auto tokens = has_active_tokens(**archive);
      if (!tokens) return report_error(tokens.status());
      archive->reset();
      // Uploads into a coded archive are coded with the dictionaries it was coded with, so they
      // are only accepted when those are named.
      std::unique_ptr<FissureCoder> coder;
      bool have_reference = !a->coder.reference.empty() || std::getenv("FISSURE_REFERENCE");
      if (*coded && have_reference) {
        auto c = make_coder(a->coder, /*quiet=*/true);
        if (!c) return report_error(c.status());
        coder = std::move(*c);
        options.service.coder = coder.get();
      }

      // SIGINT and SIGTERM stop the server cleanly: block them here (every thread inherits the
      // mask) and wait for them on one thread.
      sigset_t signals;
      sigemptyset(&signals);
      sigaddset(&signals, SIGINT);
      sigaddset(&signals, SIGTERM);
      pthread_sigmask(SIG_BLOCK, &signals, nullptr);

      server::HttpServer http(options);
      if (Status st = http.bind(); !st) return report_error(st);
      std::printf(
          "listening on http://%s:%d/ (archive %s; %s%s)\n",
          a->bind.find(':') != std::string::npos ? ("[" + a->bind + "]").c_str() : a->bind.c_str(),
          http.port(), a->db.c_str(),
          *tokens ? "access tokens required" : "no tokens: local clients only, read-only",
          *coded && !coder ? "; uploads refused: no --reference to code them" : "");
      std::fflush(stdout);
      std::thread waiter([&http, signals] {
        int sig = 0;
        sigwait(&signals, &sig);
        http.stop();
      });
      Status st = http.run();
      // If the server ended on its own, wake the waiter so it can be joined.
      pthread_kill(waiter.native_handle(), SIGTERM);
      waiter.join();
      if (!st) return report_error(st);
      return kExitOk;
    };
  });
}

void register_token(CLI::App& app, Action* run) {
  struct Args {
    std::string db, role = "reader", note, id, format = "table";
  };
  auto a = std::make_shared<Args>();
  auto* group =
      app.add_subcommand("token", "Access tokens for fissure serve: create, list, revoke");
  group->require_subcommand(1);
  auto* create =
      group->add_subcommand("create", "Create a token and print it (shown once; stored hashed)");
  create->add_option("--db", a->db, "Archive file")->required();
  create->add_option("--role", a->role, "reader (search and analysis) or editor (also ingest)")
      ->check(CLI::IsMember({"reader", "editor"}));
  create->add_option("--note", a->note, "Who or what the token is for");
  create->callback([a, run] {
    *run = [a]() -> int {
      auto role = parse_role(a->role);
      if (!role) return report_error(role.status());
      auto archive = Archive::open(a->db, Archive::Mode::kReadWrite);
      if (!archive) return report_error(archive.status());
      auto token = create_token(**archive, *role, a->note);
      if (!token) return report_error(token.status());
      std::printf("%s\n", token->secret.c_str());
      std::fprintf(stderr, "fissure: token %s (%s) created; it is shown only now\n",
                   token->info.id.c_str(), role_name(*role));
      return kExitOk;
    };
  });
  auto* list = group->add_subcommand("list", "List tokens (ids, roles, dates; never the secrets)");
  list->add_option("--db", a->db, "Archive file")->required();
  add_format_option(list, &a->format);
  list->callback([a, run] {
    *run = [a]() -> int {
      auto archive = Archive::open(a->db, Archive::Mode::kReadOnly);
      if (!archive) return report_error(archive.status());
      auto tokens = list_tokens(**archive);
      if (!tokens) return report_error(tokens.status());
      if (parse_output_format(a->format) == OutputFormat::kJson) {
        api::Json out = api::Json::array();
        for (const auto& t : *tokens)
          out.push_back(
              {{"id", t.id},
               {"role", role_name(t.role)},
               {"created_at", t.created_at},
               {"note", t.note},
               {"revoked_at", t.revoked_at ? api::Json(*t.revoked_at) : api::Json(nullptr)}});
        std::printf("%s\n", api::dump(out, 2).c_str());
        return kExitOk;
      }
      std::printf("%-10s %-7s %-21s %-21s %s\n", "id", "role", "created", "revoked", "note");
      for (const auto& t : *tokens)
        std::printf("%-10s %-7s %-21s %-21s %s\n", t.id.c_str(), role_name(t.role),
                    t.created_at.c_str(), t.revoked_at.value_or("-").c_str(),
                    one_line(t.note).c_str());
      return kExitOk;
    };
  });
  auto* revoke =
      group->add_subcommand("revoke", "Revoke a token by its id: it stops working at once");
  revoke->add_option("--db", a->db, "Archive file")->required();
  revoke->add_option("id", a->id, "Token id (from fissure token list)")->required();
  revoke->callback([a, run] {
    *run = [a]() -> int {
      auto archive = Archive::open(a->db, Archive::Mode::kReadWrite);
      if (!archive) return report_error(archive.status());
      if (Status st = revoke_token(**archive, a->id); !st) return report_error(st);
      std::printf("revoked %s\n", a->id.c_str());
      return kExitOk;
    };
  });
}

}  // namespace fissure::cli
