#include "fissure/corpus/date.h"

#include <array>
#include <cctype>
#include <cstdio>

namespace fissure {
namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

Result<Date> make_date(int y, int m, int d, std::string_view original) {
  if (y < 1 || y > 9999) return Status::invalid("unparseable date \"" + std::string(original) + "\"");
  if (m != 0 && (m < 1 || m > 12))
    return Status::invalid("unparseable date \"" + std::string(original) + "\": month out of range");
  if (d != 0 && (m == 0 || d < 1 || d > days_in_month(y, m)))
    return Status::invalid("unparseable date \"" + std::string(original) + "\": day out of range");
  return Date{y, m, d};
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

Date Date::first_day() const { return {year, month ? month : 1, day ? day : 1}; }

Date Date::last_day() const {
  int m = month ? month : 12;
  return {year, m, day ? day : days_in_month(year, m)};
}

std::string Date::to_string() const {
  char buf[16];
  if (day)
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  else if (month)
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  else
    std::snprintf(buf, sizeof buf, "%04d", year);
  return buf;
}

const char* precision_name(DatePrecision p) {
  switch (p) {
    case DatePrecision::kYear: return "year";
    case DatePrecision::kMonth: return "month";
    case DatePrecision::kDay: return "day";
  }
  return "year";
}

Result<Date> parse_iso_date(std::string_view in) {
  std::string_view s = trim(in);
  // Cut a time part: "2024-01-02T10:00:00Z" or "2024-01-02 10:00".
  if (s.size() > 10 && (s[10] == 'T' || s[10] == ' ')) s = s.substr(0, 10);
  auto bad = [&] { return Status::invalid("unparseable date \"" + std::string(in) + "\""); };
  if (s.size() == 4 && all_digits(s)) return make_date(to_int(s), 0, 0, in);
  if (s.size() == 7 && s[4] == '-' && all_digits(s.substr(0, 4)) && all_digits(s.substr(5, 2)))
    return make_date(to_int(s.substr(0, 4)), to_int(s.substr(5, 2)), 0, in);
  if (s.size() == 10 && s[4] == '-' && s[7] == '-' && all_digits(s.substr(0, 4)) &&
      all_digits(s.substr(5, 2)) && all_digits(s.substr(8, 2)))
    return make_date(to_int(s.substr(0, 4)), to_int(s.substr(5, 2)), to_int(s.substr(8, 2)), in);
  return bad();
}

Result<Date> parse_rfc822_date(std::string_view in) {
  std::string_view s = trim(in);
  auto bad = [&] { return Status::invalid("unparseable date \"" + std::string(in) + "\""); };
  // Optional "Tue, " prefix.
  if (auto comma = s.find(','); comma != std::string_view::npos && comma <= 10)
    s = trim(s.substr(comma + 1));
  // day month year
  size_t sp1 = s.find(' ');
  if (sp1 == std::string_view::npos) return bad();
  std::string_view day = s.substr(0, sp1);
  std::string_view rest = trim(s.substr(sp1 + 1));
  size_t sp2 = rest.find(' ');
  if (sp2 == std::string_view::npos) return bad();
  std::string_view mon = rest.substr(0, sp2);
  std::string_view rest2 = trim(rest.substr(sp2 + 1));
  size_t sp3 = rest2.find(' ');
  std::string_view year = sp3 == std::string_view::npos ? rest2 : rest2.substr(0, sp3);
  static constexpr std::array<const char*, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                          "jul", "aug", "sep", "oct", "nov", "dec"};
  if (mon.size() < 3 || !all_digits(day) || day.size() > 2 || !all_digits(year)) return bad();
  int m = 0;
  for (int i = 0; i < 12; ++i) {
    bool eq = true;
    for (int k = 0; k < 3; ++k)
      if (std::tolower(static_cast<unsigned char>(mon[k])) != kMonths[i][k]) eq = false;
    if (eq) m = i + 1;
  }
  if (m == 0) return bad();
  int y = to_int(year);
  if (year.size() == 2) y += y < 50 ? 2000 : 1900;
  else if (year.size() != 4) return bad();
  return make_date(y, m, to_int(day), in);
}

Result<Date> parse_any_date(std::string_view s) {
  auto iso = parse_iso_date(s);
  if (iso) return iso;
  auto rfc = parse_rfc822_date(s);
  if (rfc) return rfc;
  return iso.status();
}

}  // namespace fissure
