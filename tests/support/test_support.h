// Helpers shared by all tests: where the shared corpora are, temporary folders, running the CLI.
#pragma once

#include <string>
#include <vector>

namespace fissure::testing {

// Path under ../shared; fails the current test with a clear message when shared/ is missing.
std::string shared_path(const std::string& relative);
bool shared_available();

// A fresh empty folder under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

void write_file(const std::string& path, const std::string& bytes);
std::string read_file(const std::string& path);
std::string gzip(const std::string& bytes);

// Runs the fissure binary with args; captures stdout and stderr.
struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
RunResult run_fissure(const std::vector<std::string>& args, const std::string& stdin_data = "");

}  // namespace fissure::testing
