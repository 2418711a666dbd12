// A calendar date that remembers how precisely it is known (year, month or day).
// Part of the corpus layer; depends only on util.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fissure/util/status.h"

namespace fissure {

enum class DatePrecision { kYear, kMonth, kDay };

struct Date {
  int year = 0;
  int month = 0;  // 0 when precision is kYear
  int day = 0;    // 0 unless precision is kDay

  DatePrecision precision() const {
    return day ? DatePrecision::kDay : month ? DatePrecision::kMonth : DatePrecision::kYear;
  }
  // "yyyy", "yyyy-mm" or "yyyy-mm-dd", as precise as the date is known.
  std::string to_string() const;
  // The first and last day the date can mean ("2018" -> 2018-01-01 and 2018-12-31).
  Date first_day() const;
  Date last_day() const;
  bool operator==(const Date&) const = default;
};

const char* precision_name(DatePrecision p);  // "year", "month", "day"

int days_in_month(int year, int month);  // month 1..12

// Parses "yyyy", "yyyy-mm", "yyyy-mm-dd", and ISO 8601 timestamps ("2024-01-02T10:00:00Z",
// "2024-01-02 10:00"), keeping the precision given. Rejects impossible dates (2023-02-30).
Result<Date> parse_iso_date(std::string_view s);

// Parses RFC 822 / RFC 1123 dates as RSS uses them ("Tue, 10 Jun 2003 04:00:00 GMT").
Result<Date> parse_rfc822_date(std::string_view s);

// Tries ISO 8601 then RFC 822.
Result<Date> parse_any_date(std::string_view s);

}  // namespace fissure
