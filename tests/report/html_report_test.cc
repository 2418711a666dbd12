#include "fissure/report/html_report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "fissure/report/svg_chart.h"
#include "test_support.h"

namespace fissure::report {
namespace {

using analysis::DirectedPeriod;
using analysis::Evidence;
using analysis::Finding;

DirectedPeriod period(const std::string& speaker, const std::string& target, int year, double tone,
                      bool enough) {
  DirectedPeriod p;
  p.speaker = speaker;
  p.target = target;
  p.period = year;
  p.label = std::to_string(year);
  p.sentences = enough ? 40 : 3;
  p.documents = enough ? 12 : 2;
  p.speaker_sentences = 4000;
  p.attention = static_cast<double>(p.sentences) / 4000.0;
  p.scored = p.sentences;
  p.enough_text = enough;
  p.tone = enough ? tone : NAN;
  p.tone_ci_low = enough ? tone - 0.1 : NAN;
  p.tone_ci_high = enough ? tone + 0.1 : NAN;
  p.events[1] = 2;
  p.goldstein_mean = 1.5;
  p.domain_share = {0.5, 0.5};
  return p;
}

Evidence quote(const std::string& document, const std::string& text, int start, int end) {
  Evidence e;
  e.quote.sentence_id = static_cast<int64_t>(text.size());
  e.quote.document_id = document;
  e.quote.date = "2018-04-01";
  e.quote.source = "KCNA";
  e.quote.text = text;
  e.quote.target_spans = {{start, end}};
  e.why = "the warmest sentence of the period";
  e.marked = "IRN";
  e.tone = 0.6;
  return e;
}

ReportData sample() {
  ReportData d;
  d.series.options.a = "IRN";
  d.series.options.b = "PRK";
  d.series.domains = {"military", "nuclear"};
  for (int y = 2016; y <= 2020; ++y)
    d.series.rows.push_back(period("IRN", "PRK", y, 0.2, y != 2019));
  for (int y = 2016; y <= 2020; ++y)
    d.series.rows.push_back(period("PRK", "IRN", y, -0.1 + 0.1 * (y - 2016), true));
  d.series.ab.domains = d.series.ba.domains = d.series.domains;
  VoiceSentence s;
  s.domain_mask = 1;
  d.series.ab.sentences = {s, s};
  s.domain_mask = 3;
  d.series.ba.sentences = {s};

  Finding change;
  change.kind = "change_point";
  change.speaker = "PRK";
  change.target = "IRN";
  change.period = "2018";
  change.magnitude = 0.3;
  change.ci_low = 0.1;
  change.ci_high = 0.5;
  change.p_value = 0.001;
  change.tests = 2;
  change.summary = "North Korea's voice warmed toward Iran from 2018.";
  const std::string attack = "Iran <script>alert('x')</script> & the DPRK";
  change.evidence = {quote("kcna-1", attack, 0, 4), quote("kcna-1", "Iran is a friend.", 0, 4),
                     quote("kcna-2", "Pyongyang hails Iran.", 16, 20)};
  Finding third;
  third.kind = "third_party_divergence";
  third.speaker = "IRN";
  third.target = "PRK";
  third.third_party = "USA";
  third.period = "2016..2020";
  third.magnitude = 0.4;
  third.ci_low = 0.2;
  third.ci_high = 0.6;
  third.p_value = 0.0001;
  third.tests = 8;
  third.summary = "Iran speaks of the US more warmly than North Korea does.";
  third.evidence = {quote("kcna-2", "Pyongyang hails Iran.", 16, 20)};
  d.cracks.findings = {change, third};
  d.cracks.tests = 10;
  d.cracks.notes = {"silence: too little text"};

  ThirdPartyTone t;
  t.code = "USA";
  t.first = {0.1, 0.0, 0.2, 0.05, 100, 30};
  t.second = {-0.5, -0.6, -0.4, 0.05, 300, 80};
  d.third_parties = {t};
  d.documents = {{"kcna-1", "A <b>title</b>", "2018-04-01", "KCNA", "PRK",
                  "https://example.org/kcna-1", "Before. " + attack + " After."},
                 {"kcna-2", "", "2018-05-01", "KCNA", "PRK", "", "Pyongyang hails Iran."}};
  d.coverage[0].speaker = "IRN";
  d.coverage[0].sentences = 1000;
  d.coverage[0].gaps = {"2017..2018"};
  d.coverage[0].gap_periods = 2;
  d.coverage[0].outlets = {{"Tehran Times", 10, 100, 1, "2016-07-01", "2020-01-01"}};
  d.coverage[1].speaker = "PRK";
  d.coding.coder = "fissure-coder 2";
  d.coding.dictionaries = {{"actors.fissure.txt", 1207}};
  d.generated_at = "2026-01-01 00:00 UTC";
  d.archive_name = "test.db";
  return d;
}

size_t count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

TEST(HtmlReport, QuotesAreInertAndMarked) {
  std::string html = render_report(sample());
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<mark>Iran</mark> &lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("Pyongyang hails <mark>Iran</mark>."), std::string::npos);
  EXPECT_NE(html.find("A &lt;b&gt;title&lt;/b&gt;"), std::string::npos);
}

TEST(HtmlReport, IsSelfContained) {
  std::string html = render_report(sample());
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  // Every link points inside the page, at an id that exists.
  std::set<std::string> ids;
  for (const std::string& id : fissure::testing::attribute_values(html, "id")) ids.insert(id);
  int links = 0;
  for (const std::string& target : fissure::testing::attribute_values(html, "href")) {
    ASSERT_FALSE(target.empty());
    EXPECT_EQ(target[0], '#') << target;
    EXPECT_TRUE(ids.count(target.substr(1))) << target;
    ++links;
  }
  EXPECT_GT(links, 10);
  // The original address is shown as text, not linked.
  EXPECT_NE(html.find("https://example.org/kcna-1"), std::string::npos);
  EXPECT_EQ(html.find("href=\"https://example.org"), std::string::npos);
}

TEST(HtmlReport, ChartsForBothDirectionsWithBandsAndChangePoints) {
  std::string html = render_report(sample());
  EXPECT_EQ(count(html, "<path class=\"line s0 faint\""), 1u);  // attention
  EXPECT_EQ(count(html, "<path class=\"line s1 faint\""), 1u);
  EXPECT_EQ(count(html, "<path class=\"line s0\""), 1u);  // warmth
  EXPECT_EQ(count(html, "<path class=\"line s1\""), 1u);
  // Attention and warmth bands; 2019 breaks A→B's warmth, so 2020 has an error bar.
  EXPECT_EQ(count(html, "<polygon class=\"band s0"), 2u);
  EXPECT_EQ(count(html, "<polygon class=\"band s1"), 2u);
  EXPECT_EQ(count(html, "class=\"errbar s0\""), 2u);  // warmth 2020 and the dot plot
  EXPECT_EQ(count(html, "<g class=\"marker s1\">"), 1u);
  EXPECT_NE(html.find("Domain mix per direction"), std::string::npos);
  EXPECT_NE(html.find("Tone toward third parties"), std::string::npos);
}

TEST(HtmlReport, EveryQuotedDocumentIncludedOnce) {
  std::string html = render_report(sample());
  EXPECT_EQ(count(html, "<article class=\"document\" id=\"doc-kcna-1\">"), 1u);
  EXPECT_EQ(count(html, "<article class=\"document\" id=\"doc-kcna-2\">"), 1u);
  EXPECT_EQ(count(html, "<article class=\"document\""), 2u);
  EXPECT_EQ(count(html, "<mark class=\"quoted\">"), 2u);  // the attack sentence and "Pyongyang…"
}

TEST(HtmlReport, SameDataSameBytes) { EXPECT_EQ(render_report(sample()), render_report(sample())); }

TEST(HtmlReport, NoFindingsAndTooLittleTextSayNotDraw) {
  ReportData d = sample();
  d.cracks.findings.clear();
  d.documents.clear();
  for (auto& r : d.series.rows) {
    r.enough_text = false;
    r.tone = r.tone_ci_low = r.tone_ci_high = NAN;
  }
  std::string html = render_report(d);
  EXPECT_NE(html.find("No difference passed its test"), std::string::npos);
  EXPECT_NE(html.find("Warmth: mean tone toward the other side: no period has enough text"),
            std::string::npos);
  EXPECT_EQ(count(html, "<path class=\"line s0 faint\""), 1u);  // attention
  EXPECT_EQ(count(html, "<path class=\"line s0\""), 0u);        // no warmth line
  EXPECT_EQ(count(html, "<article class=\"document\""), 0u);
}

TEST(SvgChart, LineChartOfNothingIsANote) {
  LineChart c;
  c.title = "T<x>";
  c.x_labels = {"2019", "2020"};
  c.series.push_back({"a", "s0", {ChartPoint{}, ChartPoint{}}});
  std::string out = render_line_chart(c);
  EXPECT_EQ(out.find("<svg"), std::string::npos);
  EXPECT_NE(out.find("T&lt;x&gt;: no period"), std::string::npos);
}

TEST(SvgChart, LonePointGetsAnErrorBar) {
  LineChart c;
  c.title = "t";
  c.x_labels = {"2019", "2020", "2021"};
  ChartPoint p{true, 0.2, 0.1, 0.3, "tip"};
  c.series.push_back({"a", "s0", {p, ChartPoint{}, ChartPoint{}}});
  std::string out = render_line_chart(c);
  EXPECT_NE(out.find("class=\"errbar s0\""), std::string::npos);
  EXPECT_EQ(out.find("<polygon"), std::string::npos);
}

TEST(SvgChart, StackedBarsAndDotPlot) {
  std::string bars =
      render_stacked_bars("mix", {"military", "none"}, {{"IRN → PRK", {0.75, 0.25}, "4"}});
  EXPECT_NE(bars.find("military: 75.0%"), std::string::npos);
  EXPECT_NE(bars.find("none: 25.0%"), std::string::npos);
  EXPECT_NE(render_stacked_bars("mix", {"a"}, {}).find("nothing to show"), std::string::npos);
  DotRow row{"USA", {true, 0.1, 0.0, 0.2, "IRN"}, {true, -0.5, -0.6, -0.4, "PRK"}};
  std::string dots = render_dot_plot("dots", "IRN", "PRK", {row}, -1, 1);
  EXPECT_EQ(count(dots, "<circle class=\"dot s0\""), 1u);
  EXPECT_EQ(count(dots, "<circle class=\"dot s1\""), 1u);
}

}  // namespace
}  // namespace fissure::report
