#include "test_support.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace fissure::testing {

bool shared_available() {
  return std::filesystem::exists(std::string(FISSURE_SHARED_DIR) + "/corpora");
}

std::string shared_path(const std::string& relative) {
  std::string p = std::string(FISSURE_SHARED_DIR) + "/" + relative;
  if (!std::filesystem::exists(p))
    ADD_FAILURE() << "shared data missing: " << p
                  << " (tests expect ../shared beside the repository, as in CI)";
  return p;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "fissure-test-XXXXXX").string();
  char* made = mkdtemp(tmpl.data());
  if (!made) std::abort();
  path_ = made;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f << bytes;
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string gzip(const std::string& bytes) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, bytes.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

RunResult run_fissure(const std::vector<std::string>& args, const std::string& stdin_data) {
  TempDir dir;
  std::string in = dir.file("stdin"), out = dir.file("stdout"), err = dir.file("stderr");
  write_file(in, stdin_data);
  pid_t pid = fork();
  if (pid == 0) {
    freopen(in.c_str(), "rb", stdin);
    freopen(out.c_str(), "wb", stdout);
    freopen(err.c_str(), "wb", stderr);
    std::vector<char*> argv;
    std::string bin = FISSURE_BINARY;
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

std::string jsonl_line(const Doc& d) {
  nlohmann::json j = {{"id", d.id}, {"text", d.text}, {"source", d.source}, {"country", d.country}};
  j["date"] = d.date.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.date);
  j["title"] = d.title.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.title);
  return j.dump();
}

std::string jsonl(const std::vector<Doc>& docs) {
  std::string out;
  for (const auto& d : docs) out += jsonl_line(d) + "\n";
  return out;
}

std::vector<ReadStep> drain(DocumentReader& reader) {
  std::vector<ReadStep> out;
  for (int i = 0; i < 1000000; ++i) {
    ReadStep s = reader.next();
    if (s.kind == ReadStep::Kind::kEnd) return out;
    out.push_back(std::move(s));
  }
  ADD_FAILURE() << "reader never ended";
  return out;
}

std::vector<std::string> attribute_values(const std::string& html, const std::string& name) {
  std::vector<std::string> out;
  const std::string opening = " " + name + "=\"";
  for (size_t at = html.find(opening); at != std::string::npos; at = html.find(opening, at + 1)) {
    const size_t begin = at + opening.size();
    const size_t end = html.find('"', begin);
    if (end == std::string::npos) break;
    out.push_back(html.substr(begin, end - begin));
  }
  return out;
}

}  // namespace fissure::testing
