// Calendar periods for series (see period.h).
#include "fissure/analysis/period.h"

#include <cstdio>
#include <string>

#include "fissure/corpus/date.h"

namespace fissure::analysis {
namespace {

// Floor division, so that periods before year 0 would still be consecutive.
int floor_div(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

std::string two_digits(int v) {
  std::string s = std::to_string(v);
  return v < 10 ? "0" + s : s;
}

}  // namespace

Result<Resolution> parse_resolution(std::string_view name) {
  if (name == "year") return Resolution::kYear;
  if (name == "quarter") return Resolution::kQuarter;
  if (name == "month") return Resolution::kMonth;
  return Status::invalid("--by " + std::string(name) + ": expected year, quarter or month");
}

const char* resolution_name(Resolution r) {
  switch (r) {
    case Resolution::kYear:
      return "year";
    case Resolution::kQuarter:
      return "quarter";
    case Resolution::kMonth:
      return "month";
  }
  return "year";
}

int period_index(int year, int month, Resolution r) {
  switch (r) {
    case Resolution::kYear:
      return year;
    case Resolution::kQuarter:
      return year * 4 + (month - 1) / 3;
    case Resolution::kMonth:
      return year * 12 + (month - 1);
  }
  return year;
}

std::string period_label(int index, Resolution r) {
  switch (r) {
    case Resolution::kYear:
      return std::to_string(index);
    case Resolution::kQuarter: {
      int year = floor_div(index, 4);
      std::string s = std::to_string(year);
      s += "-Q";
      s += std::to_string(index - year * 4 + 1);
      return s;
    }
    case Resolution::kMonth: {
      int year = floor_div(index, 12);
      std::string s = std::to_string(year);
      s += '-';
      s += two_digits(index - year * 12 + 1);
      return s;
    }
  }
  return std::to_string(index);
}

std::optional<int> period_of(const DocumentDate& date, Resolution r) {
  if (date.start.size() < 10 || date.precision == 0) return std::nullopt;
  if (r != Resolution::kYear && date.precision == 'y') return std::nullopt;
  int year = std::stoi(date.start.substr(0, 4));
  int month = std::stoi(date.start.substr(5, 2));
  return period_index(year, month, r);
}

std::string period_first_day(int index, Resolution r) {
  int year = index, month = 1;
  if (r == Resolution::kQuarter) {
    year = floor_div(index, 4);
    month = (index - year * 4) * 3 + 1;
  } else if (r == Resolution::kMonth) {
    year = floor_div(index, 12);
    month = index - year * 12 + 1;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-01", year, month);
  return buf;
}

std::string period_last_day(int index, Resolution r) {
  int year = index, month = 12;
  if (r == Resolution::kQuarter) {
    year = floor_div(index, 4);
    month = (index - year * 4) * 3 + 3;
  } else if (r == Resolution::kMonth) {
    year = floor_div(index, 12);
    month = index - year * 12 + 1;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, days_in_month(year, month));
  return buf;
}

}  // namespace fissure::analysis
