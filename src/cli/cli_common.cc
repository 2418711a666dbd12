#include <unistd.h>

#include <cstdio>

#include "cli.h"

namespace fissure::cli {

void add_format_option(CLI::App* cmd, std::string* format) {
  cmd->add_option("--format", *format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->default_val("table");
}

OutputFormat parse_output_format(const std::string& s) {
  if (s == "json") return OutputFormat::kJson;
  if (s == "csv") return OutputFormat::kCsv;
  return OutputFormat::kTable;
}

int report_error(const Status& st) {
  std::fprintf(stderr, "fissure: %s\n", st.message().c_str());
  return st.code() == StatusCode::kInvalidInput || st.code() == StatusCode::kNotFound ? kExitUsage : kExitFailed;
}

std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

bool stderr_is_terminal() { return isatty(STDERR_FILENO); }
bool stdout_is_terminal() { return isatty(STDOUT_FILENO); }

}  // namespace fissure::cli
