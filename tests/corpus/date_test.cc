#include "fissure/corpus/date.h"

#include <gtest/gtest.h>

namespace fissure {
namespace {

Date ok(Result<Date> r) {
  EXPECT_TRUE(r.is_ok()) << r.status().message();
  return r ? *r : Date{};
}

TEST(DateTest, ParsesYearWithYearPrecision) {
  Date d = ok(parse_iso_date("1946"));
  EXPECT_EQ(d, (Date{1946, 0, 0}));
  EXPECT_EQ(d.precision(), DatePrecision::kYear);
  EXPECT_EQ(d.to_string(), "1946");
}

TEST(DateTest, ParsesYearMonthWithMonthPrecision) {
  Date d = ok(parse_iso_date("2018-05"));
  EXPECT_EQ(d, (Date{2018, 5, 0}));
  EXPECT_EQ(d.precision(), DatePrecision::kMonth);
  EXPECT_EQ(d.to_string(), "2018-05");
}

TEST(DateTest, ParsesFullDateWithDayPrecision) {
  Date d = ok(parse_iso_date("2011-12-01"));
  EXPECT_EQ(d, (Date{2011, 12, 1}));
  EXPECT_EQ(d.precision(), DatePrecision::kDay);
  EXPECT_EQ(d.to_string(), "2011-12-01");
}

TEST(DateTest, TimestampWithTKeepsTheDay) {
  EXPECT_EQ(ok(parse_iso_date("2024-01-02T10:00:00Z")), (Date{2024, 1, 2}));
  EXPECT_EQ(ok(parse_iso_date("2024-01-02T23:59:59+09:00")), (Date{2024, 1, 2}));
}

TEST(DateTest, TimestampWithSpaceKeepsTheDay) {
  EXPECT_EQ(ok(parse_iso_date("2024-01-02 10:00")), (Date{2024, 1, 2}));
}

TEST(DateTest, SurroundingWhitespaceIsIgnored) {
  EXPECT_EQ(ok(parse_iso_date("  2020-03-04\n")), (Date{2020, 3, 4}));
}

TEST(DateTest, ImpossibleDayIsRejected) {
  auto r = parse_iso_date("2023-02-30");
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(r.status().message().find("2023-02-30"), std::string::npos);
}

TEST(DateTest, LeapDayOnlyInLeapYears) {
  EXPECT_TRUE(parse_iso_date("2024-02-29").is_ok());
  EXPECT_TRUE(parse_iso_date("2000-02-29").is_ok());
  EXPECT_FALSE(parse_iso_date("2023-02-29").is_ok());
  EXPECT_FALSE(parse_iso_date("1900-02-29").is_ok());
}

TEST(DateTest, MonthOutOfRangeIsRejected) {
  EXPECT_FALSE(parse_iso_date("2023-13").is_ok());
  EXPECT_FALSE(parse_iso_date("2023-00-10").is_ok());
}

TEST(DateTest, YearZeroIsRejected) { EXPECT_FALSE(parse_iso_date("0000").is_ok()); }

TEST(DateTest, MalformedIsoIsRejected) {
  for (const char* s : {"", "20", "2023/01/02", "2023-1-2", "abcd", "2023-01-02x", "12-01-2023"})
    EXPECT_FALSE(parse_iso_date(s).is_ok()) << s;
}

TEST(DateTest, ParsesRfc822WithWeekday) {
  EXPECT_EQ(ok(parse_rfc822_date("Tue, 10 Jun 2003 04:00:00 GMT")), (Date{2003, 6, 10}));
}

TEST(DateTest, ParsesRfc822WithoutWeekdayOrTime) {
  EXPECT_EQ(ok(parse_rfc822_date("1 Jan 2020")), (Date{2020, 1, 1}));
}

TEST(DateTest, Rfc822MonthNamesAreCaseInsensitive) {
  EXPECT_EQ(ok(parse_rfc822_date("Mon, 05 DEC 2011 10:00:00 +0900")), (Date{2011, 12, 5}));
}

TEST(DateTest, Rfc822TwoDigitYearsArePivoted) {
  EXPECT_EQ(ok(parse_rfc822_date("10 Jun 03")).year, 2003);
  EXPECT_EQ(ok(parse_rfc822_date("10 Jun 97")).year, 1997);
}

TEST(DateTest, Rfc822RejectsBadMonthAndImpossibleDay) {
  EXPECT_FALSE(parse_rfc822_date("10 Foo 2003").is_ok());
  EXPECT_FALSE(parse_rfc822_date("31 Feb 2003").is_ok());
  EXPECT_FALSE(parse_rfc822_date("yesterday").is_ok());
}

TEST(DateTest, AnyDateTriesIsoThenRfc822) {
  EXPECT_EQ(ok(parse_any_date("2003-06-10")), (Date{2003, 6, 10}));
  EXPECT_EQ(ok(parse_any_date("Tue, 10 Jun 2003 04:00:00 GMT")), (Date{2003, 6, 10}));
  EXPECT_FALSE(parse_any_date("next Tuesday").is_ok());
}

TEST(DateTest, PrecisionNames) {
  EXPECT_STREQ(precision_name(DatePrecision::kYear), "year");
  EXPECT_STREQ(precision_name(DatePrecision::kMonth), "month");
  EXPECT_STREQ(precision_name(DatePrecision::kDay), "day");
}

}  // namespace
}  // namespace fissure

namespace fissure {
namespace {

TEST(DateTest, FirstAndLastDayOfEachPrecision) {
  EXPECT_EQ((Date{2018, 0, 0}.first_day().to_string()), "2018-01-01");
  EXPECT_EQ((Date{2018, 0, 0}.last_day().to_string()), "2018-12-31");
  EXPECT_EQ((Date{2024, 2, 0}.last_day().to_string()), "2024-02-29");
  EXPECT_EQ((Date{2023, 2, 0}.last_day().to_string()), "2023-02-28");
  EXPECT_EQ((Date{2011, 6, 30}.first_day().to_string()), "2011-06-30");
  EXPECT_EQ((Date{2011, 6, 30}.last_day().to_string()), "2011-06-30");
}

}  // namespace
}  // namespace fissure
