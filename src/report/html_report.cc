// Rendering of `fissure report`: numbers to one HTML page. Everything that comes from the
// archive goes through escape_html or mark_spans.
#include "fissure/report/html_report.h"

#include <algorithm>
#include <bit>
#include <climits>
#include <cmath>
#include <map>
#include <set>

#include "fissure/report/html_writer.h"
#include "fissure/report/svg_chart.h"
#include "report_text.h"

namespace fissure::report {
namespace {

using analysis::DirectedPeriod;
using analysis::Finding;

const char* resolution_word(analysis::Resolution r) {
  switch (r) {
    case analysis::Resolution::kYear:
      return "year";
    case analysis::Resolution::kQuarter:
      return "quarter";
    case analysis::Resolution::kMonth:
      return "month";
  }
  return "period";
}

// Wilson score interval of a proportion at 95%. Sentences of one article are not independent,
// so this is narrower than a cluster interval would be; the method notes say so.
void wilson_interval(int64_t k, int64_t n, double* low, double* high) {
  if (n <= 0) {
    *low = *high = NAN;
    return;
  }
  const double z = 1.959963984540054, nn = static_cast<double>(n);
  const double p = static_cast<double>(k) / nn;
  const double denom = 1 + z * z / nn;
  const double centre = (p + z * z / (2 * nn)) / denom;
  const double half = z * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / denom;
  *low = std::max(0.0, centre - half);
  *high = std::min(1.0, centre + half);
}

struct Directions {
  std::vector<const DirectedPeriod*> ab, ba;
};

Directions split_rows(const ReportData& d) {
  Directions out;
  const auto& o = d.series.options;
  for (const auto& r : d.series.rows) {
    if (r.speaker == o.a && r.target == o.b)
      out.ab.push_back(&r);
    else if (r.speaker == o.b && r.target == o.a)
      out.ba.push_back(&r);
  }
  return out;
}

// The periods of both directions, in order, with their labels: from the first in which either
// side names the other to the last (decades of a speaker's text before the pair ever meets in it
// would only squeeze the chart).
std::vector<std::pair<int, std::string>> all_periods(const Directions& dirs) {
  std::map<int, std::string> periods;
  int first = INT32_MAX, last = INT32_MIN;
  for (const auto* v : {&dirs.ab, &dirs.ba})
    for (const auto* r : *v) {
      periods.emplace(r->period, r->label);
      if (r->sentences > 0) first = std::min(first, r->period), last = std::max(last, r->period);
    }
  std::vector<std::pair<int, std::string>> out;
  for (const auto& p : periods)
    if (first > last || (p.first >= first && p.first <= last)) out.push_back(p);
  return out;
}

std::string link(const std::string& anchor, const std::string& text) {
  std::string s = "<a href=\"#";
  s += anchor;
  s += "\">";
  s += escape_html(text);
  s += "</a>";
  return s;
}

std::string tag(const char* name, const std::string& escaped_content, const char* cls = nullptr) {
  std::string s = "<";
  s += name;
  if (cls) {
    s += " class=\"";
    s += cls;
    s += '"';
  }
  s += '>';
  s += escaped_content;
  s += "</";
  s += name;
  s += '>';
  return s;
}

std::string cell(const std::string& text) { return tag("td", escape_html(text)); }
std::string num_cell(const std::string& text) { return tag("td", escape_html(text), "num"); }

class Page {
 public:
  explicit Page(const ReportData& d) : d_(d), dirs_(split_rows(d)), periods_(all_periods(dirs_)) {
    const auto& o = d.series.options;
    a_ = o.a;
    b_ = o.b;
    for (size_t i = 0; i < d.documents.size(); ++i) document_index_[d.documents[i].id] = i;
  }

  std::string render() {
    std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
    html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
    html += "<meta name=\"generator\" content=\"fissure report\">";
    html += "<title>";
    html += escape_html(title());
    html += "</title><style>";
    html += report_css();
    html += "</style></head><body><main>\n";
    html += header();
    html += plain_words();
    html += attention_section();
    html += warmth_section();
    html += domain_section();
    html += third_party_section();
    html += findings_section();
    html += series_tables();
    html += method_section();
    html += coverage_section();
    html += dictionary_section();
    html += documents_section();
    html += "</main></body></html>\n";
    return html;
  }

 private:
  std::string title() const {
    if (!d_.options.title.empty()) return d_.options.title;
    std::string t = actor_name(a_);
    t += " and ";
    t += actor_name(b_);
    t += ": how each speaks of the other";
    return t;
  }

  std::string window() const {
    const auto& scope = d_.series.options.scope;
    std::string w = scope.from.empty() ? "the first text" : scope.from;
    w += " to ";
    w += scope.to.empty() ? "the last" : scope.to;
    return w;
  }

  std::string ab() const { return direction(a_, b_); }
  std::string ba() const { return direction(b_, a_); }

  std::string header() const {
    std::string h = tag("h1", escape_html(title()));
    std::string lede = "Each side's own voice about the other, by ";
    lede += resolution_word(d_.series.options.resolution);
    lede += ", from ";
    lede += window();
    if (!d_.series.options.scope.domain.empty()) {
      lede += ", domain ";
      lede += d_.series.options.scope.domain;
    }
    lede += ". Archive ";
    lede += d_.archive_name;
    lede += ", generated ";
    lede += d_.generated_at;
    lede += " by fissure report.";
    h += tag("p", escape_html(lede), "lede");
    h += "<nav class=\"toc\">";
    for (auto [id, name] :
         std::vector<std::pair<const char*, const char*>>{{"findings-top", "Findings"},
                                                          {"attention", "Attention"},
                                                          {"warmth", "Warmth"},
                                                          {"domains", "Domains"},
                                                          {"third-parties", "Third parties"},
                                                          {"evidence", "Evidence"},
                                                          {"series", "Numbers"},
                                                          {"method", "Method"},
                                                          {"coverage", "Coverage"},
                                                          {"dictionaries", "Dictionaries"},
                                                          {"documents", "Documents"}})
      h += link(id, name);
    h += "</nav>\n";
    return h;
  }

  std::string plain_words() const {
    std::string h = "<h2 id=\"findings-top\">What the text shows</h2>";
    const auto& f = d_.cracks.findings;
    if (f.empty()) {
      std::string p = "No difference passed its test (";
      p += std::to_string(d_.cracks.tests);
      p += " comparisons, family-wise error ";
      p += format_percent(d_.cracks.options.alpha, 0);
      p += " per kind). That is a result too: at this resolution and with this much text, the two "
           "voices cannot be told apart on any signal fissure measures.";
      h += tag("p", escape_html(p));
    } else {
      h += "<ol class=\"plain\">";
      for (size_t i = 0; i < f.size() && i < 8; ++i) {
        std::string li = "<span class=\"kind\">";
        li += escape_html(kind_title(f[i].kind));
        li += "</span> ";
        li += escape_html(f[i].summary.empty() ? kind_title(f[i].kind) : f[i].summary);
        li += " <span class=\"muted\">(";
        li += escape_html(finding_figures(f[i]));
        li += "; ";
        li += link(finding_anchor(i), "evidence");
        li += ")</span>";
        h += tag("li", li);
      }
      h += "</ol>";
      if (f.size() > 8) {
        std::string more = std::to_string(f.size() - 8);
        more += " more findings are listed under Evidence.";
        h += tag("p", escape_html(more), "muted");
      }
    }
    if (!d_.cracks.notes.empty()) {
      h += "<details><summary>What could not be tested (";
      h += std::to_string(d_.cracks.notes.size());
      h += ")</summary><ul>";
      for (const auto& n : d_.cracks.notes) h += tag("li", escape_html(n));
      h += "</ul></details>";
    }
    return h;
  }

  std::vector<std::string> x_labels() const {
    std::vector<std::string> labels;
    for (const auto& p : periods_) labels.push_back(p.second);
    return labels;
  }

  int x_of_period(int period) const {
    for (size_t i = 0; i < periods_.size(); ++i)
      if (periods_[i].first == period) return static_cast<int>(i);
    return -1;
  }
  int x_of_label(const std::string& label) const {
    for (size_t i = 0; i < periods_.size(); ++i)
      if (periods_[i].second == label) return static_cast<int>(i);
    return -1;
  }

  ChartSeries attention_series(const std::vector<const DirectedPeriod*>& rows,
                               const std::string& name, const char* cls) const {
    ChartSeries s{name, cls, std::vector<ChartPoint>(periods_.size())};
    for (const auto* r : rows) {
      int x = x_of_period(r->period);
      // A share of a handful of sentences is noise, as a tone of a handful would be.
      if (x < 0 || r->speaker_sentences < d_.series.options.min_sentences ||
          !std::isfinite(r->attention))
        continue;
      ChartPoint& p = s.points[static_cast<size_t>(x)];
      p.present = true;
      p.value = r->attention;
      wilson_interval(r->sentences, r->speaker_sentences, &p.low, &p.high);
      p.tip = name;
      p.tip += ", ";
      p.tip += r->label;
      p.tip += ": ";
      p.tip += format_percent(r->attention, 2);
      p.tip += " (";
      p.tip += std::to_string(r->sentences);
      p.tip += " of ";
      p.tip += std::to_string(r->speaker_sentences);
      p.tip += " sentences)";
    }
    return s;
  }

  ChartSeries tone_series(const std::vector<const DirectedPeriod*>& rows, const std::string& name,
                          const char* cls) const {
    ChartSeries s{name, cls, std::vector<ChartPoint>(periods_.size())};
    for (const auto* r : rows) {
      int x = x_of_period(r->period);
      if (x < 0 || !r->enough_text || !std::isfinite(r->tone)) continue;
      ChartPoint& p = s.points[static_cast<size_t>(x)];
      p.present = true;
      p.value = r->tone;
      p.low = r->tone_ci_low;
      p.high = r->tone_ci_high;
      p.tip = name;
      p.tip += ", ";
      p.tip += r->label;
      p.tip += ": tone ";
      p.tip += format_number(r->tone, 3, true);
      p.tip += ' ';
      p.tip += format_interval(r->tone_ci_low, r->tone_ci_high, 3);
      p.tip += ", ";
      p.tip += std::to_string(r->scored);
      p.tip += " scored sentences";
    }
    return s;
  }

  std::string attention_section() const {
    std::string h = "<h2 id=\"attention\">Attention</h2>";
    h += tag("p", escape_html("The share of each side's sentences (in its own voice) that name the "
                              "other, per period. "
                              "The band is a 95% Wilson interval of that share."));
    LineChart c;
    c.title = "Attention: share of the speaker's sentences that name the other";
    c.y_label = "share of sentences";
    c.x_labels = x_labels();
    c.percent = true;
    c.range_from_values = true;
    c.series.push_back(attention_series(dirs_.ab, ab(), "s0 faint"));
    c.series.push_back(attention_series(dirs_.ba, ba(), "s1 faint"));
    h += render_line_chart(c);
    return h;
  }

  std::string warmth_section() const {
    std::string h = "<h2 id=\"warmth\">Warmth</h2>";
    std::string p =
        "Mean tone toward the other side in the sentences that name it (−1 hostile, +1 "
        "warm), with a 95% cluster-bootstrap interval (documents resampled). Periods "
        "with fewer than ";
    p += std::to_string(d_.series.options.min_sentences);
    p +=
        " scored sentences are left out rather than drawn as noise. Dashed vertical lines (▼) mark "
        "change points found in a direction's series, in its colour; hover for the finding.";
    h += tag("p", escape_html(p));
    LineChart c;
    c.title = "Warmth: mean tone toward the other side";
    c.y_label = "tone";
    c.x_labels = x_labels();
    c.zero_line = true;
    c.series.push_back(tone_series(dirs_.ab, ab(), "s0"));
    c.series.push_back(tone_series(dirs_.ba, ba(), "s1"));
    for (size_t i = 0; i < d_.cracks.findings.size(); ++i) {
      const Finding& f = d_.cracks.findings[i];
      if (f.kind != "change_point") continue;
      int x = x_of_label(f.period);
      if (x < 0) continue;
      std::string label = "Change point, ";
      label += direction(f.speaker, f.target);
      label += ", ";
      label += f.period;
      label += ": ";
      label += f.summary;
      c.markers.push_back({x, label, f.speaker == a_ ? "s0" : "s1"});
    }
    h += render_line_chart(c);
    int too_little[2] = {0, 0};
    for (int k = 0; k < 2; ++k)
      for (const auto* r : k == 0 ? dirs_.ab : dirs_.ba)
        if (!r->enough_text) ++too_little[k];
    std::string note = "Periods with too little text: ";
    note += ab();
    note += ' ';
    note += std::to_string(too_little[0]);
    note += ", ";
    note += ba();
    note += ' ';
    note += std::to_string(too_little[1]);
    note += " (of ";
    note += std::to_string(periods_.size());
    note += ").";
    h += tag("p", escape_html(note), "muted");
    return h;
  }

  // Each sentence counts once, split evenly over its domains; sentences without a domain are
  // their own category, so the bar adds up to the direction's sentences.
  StackedBar domain_bar(const VoiceData& v, const std::vector<std::string>& domains,
                        const std::string& label) const {
    StackedBar bar;
    bar.label = label;
    bar.shares.assign(domains.size() + 1, 0);
    for (const auto& s : v.sentences) {
      int k = std::popcount(s.domain_mask);
      if (k == 0) {
        bar.shares.back() += 1;
        continue;
      }
      for (size_t i = 0; i < domains.size() && i < 32; ++i)
        if (s.domain_mask & (1u << i)) bar.shares[i] += 1.0 / k;
    }
    double n = static_cast<double>(v.sentences.size());
    for (double& x : bar.shares) x = n > 0 ? x / n : 0;
    bar.note = format_count(static_cast<long long>(v.sentences.size()));
    bar.note += " sentences";
    return bar;
  }

  std::string domain_section() const {
    std::string h = "<h2 id=\"domains\">What each side talks about</h2>";
    h += tag(
        "p",
        escape_html(
            "The domain mix of the sentences in which each side names the other, over the whole "
            "window. A sentence with terms of several domains counts as a fraction in each; "
            "\"none\" is a sentence without a domain term. Agenda divergence (below) tests whether "
            "the two mixes differ by more than chance."));
    std::vector<std::string> categories = d_.series.domains;
    if (categories.empty()) categories = d_.series.ab.domains;
    categories.push_back("none");
    std::vector<std::string> domains(categories.begin(), categories.end() - 1);
    std::vector<StackedBar> bars;
    if (!d_.series.ab.sentences.empty()) bars.push_back(domain_bar(d_.series.ab, domains, ab()));
    if (!d_.series.ba.sentences.empty()) bars.push_back(domain_bar(d_.series.ba, domains, ba()));
    h += render_stacked_bars("Domain mix per direction", categories, bars);
    return h;
  }

  static DotEstimate dot(const analysis::Estimate& e, const std::string& who) {
    DotEstimate d;
    d.present = e.n > 0 && std::isfinite(e.value);
    d.value = e.value;
    d.low = e.ci_low;
    d.high = e.ci_high;
    d.tip = who;
    d.tip += ": ";
    d.tip += format_number(e.value, 3, true);
    d.tip += ' ';
    d.tip += format_interval(e.ci_low, e.ci_high, 3);
    d.tip += ", ";
    d.tip += std::to_string(e.n);
    d.tip += " sentences in ";
    d.tip += std::to_string(e.clusters);
    d.tip += " documents";
    return d;
  }

  std::string third_party_section() const {
    std::string h = "<h2 id=\"third-parties\">Third parties</h2>";
    h += tag(
        "p",
        escape_html(
            "Each side's mean tone toward third parties both speak about, over the whole window, "
            "with 95% cluster-robust intervals. Rows are the third parties of the divergence "
            "findings first, then the most named. A wide gap between the two dots is a difference "
            "of stance; only the findings listed under Evidence passed the test."));
    std::vector<DotRow> rows;
    for (const auto& t : d_.third_parties) {
      DotRow r;
      r.label = actor_name(t.code);
      std::string who_a = a_, who_b = b_;
      who_a += " on ";
      who_a += t.code;
      who_b += " on ";
      who_b += t.code;
      r.first = dot(t.first, who_a);
      r.second = dot(t.second, who_b);
      if (r.first.present || r.second.present) rows.push_back(std::move(r));
    }
    std::string title = "Tone toward third parties: ";
    title += a_;
    title += "'s voice and ";
    title += b_;
    title += "'s";
    std::string first = a_, second = b_;
    first += "'s voice";
    second += "'s voice";
    if (rows.empty()) {
      h += tag("p", escape_html("Neither side names a third party often enough to compare."),
               "empty");
    } else {
      double extent = 0.25;
      for (const auto& r : rows)
        for (const DotEstimate* e : {&r.first, &r.second})
          for (double v : {e->value, e->low, e->high})
            if (e->present && std::isfinite(v)) extent = std::max(extent, std::fabs(v));
      extent = std::min(1.0, std::ceil(extent * 4 + 0.05) / 4);
      h += render_dot_plot(title, first, second, rows, -extent, extent);
    }
    return h;
  }

  static std::string finding_anchor(size_t i) {
    std::string s = "finding-";
    s += std::to_string(i + 1);
    return s;
  }

  std::string document_link(const std::string& document_id) const {
    auto it = document_index_.find(document_id);
    if (it == document_index_.end()) return escape_html(document_id);
    return link(anchor_id("doc-", document_id), document_id);
  }

  std::string evidence_table(const Finding& f) const {
    if (f.evidence.empty()) return tag("p", escape_html("No quotes for this finding."), "muted");
    std::string h =
        "<table><thead><tr><th>date</th><th>outlet</th><th>quote</th>"
        "<th class=\"num\">tone</th><th>document</th></tr></thead><tbody>";
    for (const auto& e : f.evidence) {
      h += "<tr>";
      h += cell(e.quote.date);
      h += cell(e.quote.source);
      std::string q = "<blockquote>";
      q += mark_spans(e.quote.text, e.quote.target_spans);
      q += "</blockquote>";
      if (!e.why.empty() || !e.marked.empty()) {
        std::string why = e.why;
        if (!e.marked.empty()) {
          if (!why.empty()) why += " ";
          why += "(marked: ";
          why += e.marked;
          why += ")";
        }
        q += tag("div", escape_html(why), "why");
      }
      h += tag("td", q);
      h += num_cell(format_number(e.tone, 2, true));
      h += tag("td", document_link(e.quote.document_id));
      h += "</tr>";
    }
    h += "</tbody></table>";
    return h;
  }

  std::string findings_section() const {
    std::string h = "<h2 id=\"evidence\">Findings and their evidence</h2>";
    if (d_.cracks.findings.empty()) {
      h += tag("p", escape_html("No findings: nothing to quote."), "empty");
      return h;
    }
    h += "<table><thead><tr><th>#</th><th>kind</th><th>who</th><th>third party</th>"
         "<th>period</th><th class=\"num\">magnitude</th><th>95% interval</th>"
         "<th class=\"num\">p</th><th class=\"num\">tests</th></tr></thead><tbody>";
    for (size_t i = 0; i < d_.cracks.findings.size(); ++i) {
      const Finding& f = d_.cracks.findings[i];
      h += "<tr>";
      h += tag("td", link(finding_anchor(i), std::to_string(i + 1)));
      h += cell(kind_title(f.kind));
      h += cell(who(f));
      h += cell(f.third_party);
      h += cell(f.period);
      h += num_cell(format_number(f.magnitude, 3, true));
      h += cell(format_interval(f.ci_low, f.ci_high, 3));
      h += num_cell(format_p_value(f.p_value));
      h += num_cell(std::to_string(f.tests));
      h += "</tr>";
    }
    h += "</tbody></table>";
    for (size_t i = 0; i < d_.cracks.findings.size(); ++i) {
      const Finding& f = d_.cracks.findings[i];
      h += "<section class=\"finding\" id=\"";
      h += finding_anchor(i);
      h += "\">";
      std::string head = std::to_string(i + 1);
      head += ". ";
      head += kind_title(f.kind);
      head += ": ";
      head += who(f);
      if (!f.third_party.empty()) {
        head += " about ";
        head += actor_name(f.third_party);
      }
      head += ", ";
      head += f.period;
      h += tag("h3", escape_html(head));
      if (!f.summary.empty()) h += tag("p", escape_html(f.summary));
      std::string figures = finding_figures(f);
      figures += ". Unit: ";
      figures += kind_unit(f.kind);
      figures += '.';
      h += tag("p", escape_html(figures), "figures");
      h += evidence_table(f);
      h += "</section>";
    }
    return h;
  }

  std::string series_table(const std::vector<const DirectedPeriod*>& rows,
                           const std::string& name) const {
    std::string h = "<details><summary>";
    size_t shown = 0;
    for (const auto* r : rows)
      if (x_of_period(r->period) >= 0) ++shown;
    h += escape_html(name);
    h += ": ";
    h += std::to_string(shown);
    h += shown == 1 ? " period</summary>" : " periods</summary>";
    h += "<table><thead><tr><th>period</th><th class=\"num\">sentences</th>"
         "<th class=\"num\">documents</th><th class=\"num\">attention</th>"
         "<th class=\"num\">scored</th><th class=\"num\">tone</th><th>95% interval</th>"
         "<th class=\"num\">verbal coop.</th><th class=\"num\">material coop.</th>"
         "<th class=\"num\">verbal confl.</th><th class=\"num\">material confl.</th>"
         "<th class=\"num\">Goldstein</th></tr></thead><tbody>";
    for (const auto* r : rows) {
      if (x_of_period(r->period) < 0) continue;
      h += "<tr>";
      h += cell(r->label);
      h += num_cell(std::to_string(r->sentences));
      h += num_cell(std::to_string(r->documents));
      h += num_cell(format_percent(r->attention, 2));
      h += num_cell(std::to_string(r->scored));
      if (r->enough_text) {
        h += num_cell(format_number(r->tone, 3, true));
        h += cell(format_interval(r->tone_ci_low, r->tone_ci_high, 3));
      } else {
        h += num_cell("too little text");
        h += cell("");
      }
      for (int q = 1; q <= 4; ++q) h += num_cell(std::to_string(r->events[q]));
      h += num_cell(format_number(r->goldstein_mean, 2, true));
      h += "</tr>";
    }
    h += "</tbody></table></details>";
    return h;
  }

  std::string series_tables() const {
    std::string h = "<h2 id=\"series\">The numbers behind the charts</h2>";
    if (!periods_.empty()) {
      std::string span = "Periods from ";
      span += periods_.front().second;
      span += " to ";
      span += periods_.back().second;
      span += ", the first and last in which either side names the other (as in the charts).";
      h += tag("p", escape_html(span), "muted");
    }
    h += series_table(dirs_.ab, ab());
    h += series_table(dirs_.ba, ba());
    std::string unplaced =
        "Sentences that fall in no period (undated, or dated less precisely "
        "than a ";
    unplaced += resolution_word(d_.series.options.resolution);
    unplaced += "): ";
    unplaced += ab();
    unplaced += ' ';
    unplaced += std::to_string(d_.series.unplaced_ab);
    unplaced += ", ";
    unplaced += ba();
    unplaced += ' ';
    unplaced += std::to_string(d_.series.unplaced_ba);
    unplaced += '.';
    h += tag("p", escape_html(unplaced), "muted");
    return h;
  }

  std::string method_section() const {
    const auto& o = d_.cracks.options;
    std::string h = "<h2 id=\"method\">Method</h2><ul>";
    auto item = [&](const std::string& text) { h += tag("li", escape_html(text)); };
    item(
        "Voice: a side's voice is what its own outlets and delegates say: sentences of "
        "documents from its country whose speaker, as the coder attributes it, is that "
        "country (an Iranian envoy quoted by KCNA is KCNA's account of Iran, not Iran's "
        "voice). Only English, current, non-boilerplate sentences count; a document linked as "
        "a duplicate of an earlier one counts once. See docs/coding.md, \"Speaker\".");
    item(
        "Tone toward a target: VADER's compound score of the clause in which the target is "
        "named, with fissure's diplomacy lexicon stacked over the general one (tone_fissure). "
        "See docs/signals.md, \"Dyad series\".");
    std::string boot = "Intervals of warmth: percentile cluster bootstrap with ";
    boot += std::to_string(d_.series.options.bootstrap_replicates);
    boot += " resamples of whole documents (seed ";
    boot += std::to_string(d_.series.options.seed);
    boot +=
        "), because the sentences of one article are not independent. Tests use the "
        "cluster-robust standard error of a ratio mean. Attention intervals are Wilson "
        "intervals of the sentence share, which ignore that clustering and are too narrow.";
    item(boot);
    std::string bonf =
        "Multiple comparisons: each kind of finding is one family; a finding is "
        "reported only when its interval at the Bonferroni level alpha/m (alpha = ";
    bonf += format_number(o.alpha, 2);
    bonf += ", m = the family's tests) excludes no difference. ";
    bonf += std::to_string(d_.cracks.tests);
    bonf += " comparisons were made in all. See docs/signals.md, \"Multiple comparisons\".";
    item(bonf);
    std::string kinds =
        "Reciprocity gap: warmth A→B minus warmth B→A. Third-party divergence: "
        "A's tone toward a third party minus B's, for the third parties both "
        "name (at most ";
    kinds += std::to_string(o.max_third_parties);
    kinds +=
        " candidates, the most named first). Agenda divergence: Jensen–Shannon divergence "
        "between the two domain mixes, against a permutation null (";
    kinds += std::to_string(o.permutations);
    kinds +=
        " permutations). Change points: shifts in a direction's warmth series. Silences: "
        "one side speaks of the other and the other says nothing back. The formulas and "
        "penalties are in docs/signals.md, one section per kind.";
    item(kinds);
    item(
        "A quote's marked words are the mentions of the actor the finding is about; byte "
        "offsets come from the coding tables (docs/schema.md, \"mention\").");
    h += "</ul>";
    return h;
  }

  std::string coverage_section() const {
    std::string h = "<h2 id=\"coverage\">Corpus coverage</h2>";
    h += tag(
        "p",
        escape_html(
            "What each side's voice rests on in this window: its English sentences and documents "
            "(all subjects), the outlets of its country in the archive, and the periods in which "
            "it "
            "says nothing at all (gaps in the archive, not silences about the other side)."));
    for (const auto& side : d_.coverage) {
      std::string head = actor_name(side.speaker);
      if (size_t paren = head.find(" ("); paren != std::string::npos) head.resize(paren);
      head += "'s voice";
      if (head.rfind(side.speaker, 0) != 0) {
        head += " (";
        head += side.speaker;
        head += ')';
      }
      h += tag("h3", escape_html(head));
      std::string p = format_count(side.sentences);
      p += " sentences in ";
      p += format_count(side.documents);
      p += " documents";
      if (!side.first_date.empty()) {
        p += ", ";
        p += side.first_date;
        p += " to ";
        p += side.last_date;
      }
      p += ". ";
      if (side.gaps.empty()) {
        p += "No gaps between the first and the last period.";
      } else {
        p += std::to_string(side.gap_periods);
        p += " empty periods: ";
        for (size_t i = 0; i < side.gaps.size() && i < 30; ++i) {
          if (i) p += ", ";
          p += side.gaps[i];
        }
        if (side.gaps.size() > 30) p += ", …";
        p += '.';
      }
      h += tag("p", escape_html(p));
      if (side.outlets.empty()) {
        h += tag("p", escape_html("No outlet of this country in the archive."), "muted");
        continue;
      }
      h += "<table><thead><tr><th>outlet (country ";
      h += escape_html(side.speaker);
      h += ")</th><th class=\"num\">documents</th><th class=\"num\">of them duplicates</th>"
           "<th class=\"num\">sentences</th><th>first</th><th>last</th></tr></thead><tbody>";
      for (const auto& o : side.outlets) {
        h += "<tr>";
        h += cell(o.source);
        h += num_cell(format_count(o.documents));
        h += num_cell(format_count(o.duplicates));
        h += num_cell(format_count(o.sentences));
        h += cell(o.first_date);
        h += cell(o.last_date);
        h += "</tr>";
      }
      h += "</tbody></table>";
    }
    return h;
  }

  std::string dictionary_section() const {
    const auto& c = d_.coding;
    std::string h = "<h2 id=\"dictionaries\">Dictionaries and coder</h2>";
    std::string p = "Coder version of the dictionary entries: ";
    p += c.coder.empty() ? "unknown" : c.coder;
    p += ". A report is comparable with another only when both were coded with the same "
         "versions (fissure code recodes after a dictionary change).";
    h += tag("p", escape_html(p));
    if (!c.dictionaries.empty()) {
      h += "<table><thead><tr><th>dictionary</th><th class=\"num\">entries</th></tr></thead>"
           "<tbody>";
      for (const auto& dct : c.dictionaries) {
        h += "<tr>";
        h += cell(dct.dictionary);
        h += num_cell(format_count(dct.entries));
        h += "</tr>";
      }
      h += "</tbody></table>";
    }
    if (!c.runs.empty()) {
      h += "<table><thead><tr><th>coding run</th><th>coder</th><th>mode</th><th>started</th>"
           "<th>finished</th><th class=\"num\">sentences</th></tr></thead><tbody>";
      for (const auto& r : c.runs) {
        h += "<tr>";
        h += num_cell(std::to_string(r.id));
        h += cell(r.coder);
        h += cell(r.mode);
        h += cell(r.started_at);
        h += cell(r.finished_at.empty() ? "not finished" : r.finished_at);
        h += num_cell(format_count(r.sentences));
        h += "</tr>";
      }
      h += "</tbody></table>";
    }
    return h;
  }

  // The document's text with each quoted sentence marked and given an id.
  std::string document_body(const DocumentText& doc) const {
    std::vector<std::pair<size_t, size_t>> ranges;
    std::set<std::string> seen;
    for (const auto& f : d_.cracks.findings)
      for (const auto& e : f.evidence) {
        if (e.quote.document_id != doc.id || e.quote.text.empty()) continue;
        if (!seen.insert(e.quote.text).second) continue;
        size_t at = doc.text.find(e.quote.text);
        if (at != std::string::npos) ranges.emplace_back(at, at + e.quote.text.size());
      }
    std::sort(ranges.begin(), ranges.end());
    std::string out;
    size_t done = 0;
    for (auto [s, e] : ranges) {
      if (s < done) continue;
      out += escape_html(std::string_view(doc.text).substr(done, s - done));
      out += "<mark class=\"quoted\">";
      out += escape_html(std::string_view(doc.text).substr(s, e - s));
      out += "</mark>";
      done = e;
    }
    out += escape_html(std::string_view(doc.text).substr(done));
    return out;
  }

  std::string documents_section() const {
    std::string h = "<h2 id=\"documents\">The quoted documents</h2>";
    if (d_.documents.empty()) {
      h += tag("p", escape_html("No document is quoted."), "muted");
      return h;
    }
    h += tag("p", escape_html("Every document quoted above, in full, as stored in the archive (its "
                              "current revision). "
                              "Quoted sentences are highlighted."));
    for (const auto& doc : d_.documents) {
      h += "<article class=\"document\" id=\"";
      h += anchor_id("doc-", doc.id);
      h += "\">";
      h += tag("h3", escape_html(doc.title.empty() ? doc.id : doc.title));
      std::string meta = doc.id;
      for (const std::string* part : {&doc.date, &doc.source, &doc.country})
        if (!part->empty()) {
          meta += " · ";
          meta += *part;
        }
      std::string meta_html = escape_html(meta);
      if (!doc.url.empty()) {
        // The original address as text: the report never links outside itself.
        meta_html += " · <span class=\"url\">";
        meta_html += escape_html(doc.url);
        meta_html += "</span>";
      }
      h += tag("p", meta_html, "meta");
      h += tag("div", document_body(doc), "text");
      h += "</article>";
    }
    return h;
  }

  const ReportData& d_;
  Directions dirs_;
  std::vector<std::pair<int, std::string>> periods_;
  std::string a_, b_;
  std::map<std::string, size_t> document_index_;
};

}  // namespace

std::string render_report(const ReportData& data) { return Page(data).render(); }

}  // namespace fissure::report
