// Helpers shared by all tests: where the shared corpora are, temporary folders, running the CLI.
#pragma once

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "fissure/corpus/reader.h"

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
// Every value of an HTML attribute written as ` name="value"` in `html`, in order (a plain scan:
// GCC 12 with the sanitizers warns falsely inside std::regex).
std::vector<std::string> attribute_values(const std::string& html, const std::string& name);

// Runs the fissure binary with args; captures stdout and stderr.
struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
RunResult run_fissure(const std::vector<std::string>& args, const std::string& stdin_data = "");

// Runs a rapidcheck property inside a GoogleTest test with a fixed seed (conventions: a fixed
// seed for anything random), unless RC_PARAMS asks for another.
template <typename Prop>
void check_property(Prop&& prop) {
  rc::detail::TestParams params = rc::detail::configuration().testParams;
  if (!std::getenv("RC_PARAMS")) params.seed = 0x5EED;
  rc::detail::TestMetadata meta;
  meta.id = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  auto result = rc::detail::checkTestable(std::forward<Prop>(prop), meta, params);
  if (!result.template is<rc::detail::SuccessResult>()) {
    std::ostringstream ss;
    rc::detail::printResultMessage(result, ss);
    FAIL() << ss.str();
  }
}

// One JSONL record in the shared corpus schema, with defaults for a KCNA story.
struct Doc {
  Doc(std::string id_, std::string text_, std::string date_ = "2012-05-01",
      std::string source_ = "KCNA", std::string country_ = "PRK", std::string title_ = "")
      : id(std::move(id_)),
        text(std::move(text_)),
        date(std::move(date_)),
        source(std::move(source_)),
        country(std::move(country_)),
        title(std::move(title_)) {}
  std::string id, text, date, source, country, title;
};
// The record as one JSON line (no newline); empty date and title become null.
std::string jsonl_line(const Doc& d);
// The records as a JSON Lines file.
std::string jsonl(const std::vector<Doc>& docs);

// Every step of a reader up to its end (a test failure if it never ends).
std::vector<ReadStep> drain(DocumentReader& reader);

}  // namespace fissure::testing
