#include "fissure/report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "fissure/report/html_writer.h"

namespace fissure::report {
namespace {

constexpr double kWidth = 760, kHeight = 260;
constexpr double kLeft = 56, kRight = 16, kTop = 28, kBottom = 44;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A step of 1, 2 or 5 times a power of ten that gives about `ticks` ticks over `span`.
double nice_step(double span, int ticks) {
  double raw = span / std::max(ticks, 1);
  double magnitude = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * magnitude) return m * magnitude;
  return 10 * magnitude;
}

std::string open_svg(double width, double height, const std::string& title) {
  std::string s = "<figure class=\"chart\"><svg viewBox=\"0 0 ";
  s += num(width);
  s += ' ';
  s += num(height);
  s += "\" role=\"img\" aria-label=\"";
  s += escape_html(title);
  s += "\"><title>";
  s += escape_html(title);
  s += "</title>";
  return s;
}

std::string text(double x, double y, const std::string& content, const char* anchor,
                 const char* css = "axis") {
  std::string s = "<text x=\"";
  s += num(x);
  s += "\" y=\"";
  s += num(y);
  s += "\" text-anchor=\"";
  s += anchor;
  s += "\" class=\"";
  s += css;
  s += "\">";
  s += escape_html(content);
  s += "</text>";
  return s;
}

std::string line(double x1, double y1, double x2, double y2, const std::string& css) {
  std::string s = "<line x1=\"";
  s += num(x1);
  s += "\" y1=\"";
  s += num(y1);
  s += "\" x2=\"";
  s += num(x2);
  s += "\" y2=\"";
  s += num(y2);
  s += "\" class=\"";
  s += css;
  s += "\"/>";
  return s;
}

std::string axis_value(double v, bool percent) {
  if (percent) return format_percent(v, v * 100 < 1 && v != 0 ? 2 : (v * 100 < 10 ? 1 : 0));
  return format_number(v, std::fabs(v) < 1 && v != 0 ? 2 : 1);
}

}  // namespace

std::string render_line_chart(const LineChart& chart) {
  double lo = INFINITY, hi = -INFINITY;
  int present = 0;
  for (const auto& s : chart.series)
    for (const auto& p : s.points) {
      if (!p.present || !std::isfinite(p.value)) continue;
      ++present;
      const bool band = !chart.range_from_values;
      lo = std::min({lo, p.value, band && std::isfinite(p.low) ? p.low : p.value});
      hi = std::max({hi, p.value, band && std::isfinite(p.high) ? p.high : p.value});
    }
  if (present == 0 || chart.x_labels.empty()) {
    std::string note = "<p class=\"empty\">";
    note += escape_html(chart.title);
    note += ": no period has enough text to show.</p>";
    return note;
  }
  if (chart.y_min < chart.y_max) {
    lo = chart.y_min;
    hi = chart.y_max;
  }
  if (chart.zero_line) lo = std::min(lo, 0.0), hi = std::max(hi, 0.0);
  if (chart.percent) lo = std::max(lo, 0.0);
  if (chart.range_from_values) hi += (hi - lo) * 0.15;
  if (hi - lo < 1e-9) hi = lo + (chart.percent ? 0.01 : 0.1);
  double step = nice_step(hi - lo, 5);
  lo = std::floor(lo / step) * step;
  hi = std::ceil(hi / step) * step;

  const size_t n = chart.x_labels.size();
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto x_of = [&](size_t i) {
    return n == 1 ? kLeft + plot_w / 2 : kLeft + plot_w * static_cast<double>(i) / (n - 1);
  };
  auto y_of = [&](double v) { return kTop + plot_h * (hi - v) / (hi - lo); };

  std::string s = open_svg(kWidth, kHeight, chart.title);
  for (double v = lo; v <= hi + step / 2; v += step) {
    s += line(kLeft, y_of(v), kWidth - kRight, y_of(v), "grid");
    s += text(kLeft - 6, y_of(v) + 4, axis_value(std::fabs(v) < step / 1e6 ? 0 : v, chart.percent),
              "end");
  }
  if (chart.zero_line && lo < 0 && hi > 0)
    s += line(kLeft, y_of(0), kWidth - kRight, y_of(0), "zero");
  size_t label_every = std::max<size_t>(1, (n + 11) / 12);
  for (size_t i = 0; i < n; i += label_every)
    s += text(x_of(i), kHeight - kBottom + 16, chart.x_labels[i], "middle");
  s += "<text transform=\"rotate(-90)\" x=\"";
  s += num(-(kTop + plot_h / 2));
  s += "\" y=\"14\" text-anchor=\"middle\" class=\"axis\">";
  s += escape_html(chart.y_label);
  s += "</text>";

  for (const auto& m : chart.markers) {
    if (m.x < 0 || static_cast<size_t>(m.x) >= n) continue;
    double x = x_of(static_cast<size_t>(m.x));
    s += "<g class=\"marker ";
    s += escape_html(m.css_class);
    s += "\"><title>";
    s += escape_html(m.label);
    s += "</title>";
    s += line(x, kTop, x, kTop + plot_h, "marker");
    s += text(x, kTop + 9, "\xE2\x96\xBC", "middle", "marker-label");
    s += "</g>";
  }

  for (const auto& series : chart.series) {
    // The interval band: one polygon per run of consecutive points that have one.
    std::string cls = escape_html(series.css_class);
    size_t i = 0;
    while (i < series.points.size() && i < n) {
      auto has_band = [&](size_t k) {
        const auto& p = series.points[k];
        return p.present && std::isfinite(p.low) && std::isfinite(p.high);
      };
      if (!has_band(i)) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j + 1 < series.points.size() && j + 1 < n && has_band(j + 1)) ++j;
      std::string pts;
      for (size_t k = i; k <= j; ++k) {
        pts += num(x_of(k));
        pts += ',';
        pts += num(y_of(std::clamp(series.points[k].high, lo, hi)));
        pts += ' ';
      }
      for (size_t k = j + 1; k-- > i;) {
        pts += num(x_of(k));
        pts += ',';
        pts += num(y_of(std::clamp(series.points[k].low, lo, hi)));
        pts += ' ';
      }
      if (i == j) {  // a lone point: a vertical error bar instead of a zero-width band
        s += line(x_of(i), y_of(std::clamp(series.points[i].high, lo, hi)), x_of(i),
                  y_of(std::clamp(series.points[i].low, lo, hi)), "errbar " + cls);
      } else {
        s += "<polygon class=\"band ";
        s += cls;
        s += "\" points=\"";
        s += pts;
        s += "\"/>";
      }
      i = j + 1;
    }
    // The line, broken where a period has too little text.
    std::string path;
    bool pen_down = false;
    for (size_t k = 0; k < series.points.size() && k < n; ++k) {
      const auto& p = series.points[k];
      if (!p.present || !std::isfinite(p.value)) {
        pen_down = false;
        continue;
      }
      path += pen_down ? " L" : " M";
      path += num(x_of(k));
      path += ' ';
      path += num(y_of(std::clamp(p.value, lo, hi)));
      pen_down = true;
    }
    s += "<path class=\"line ";
    s += cls;
    s += "\" d=\"";
    s += path;
    s += "\"/>";
    for (size_t k = 0; k < series.points.size() && k < n; ++k) {
      const auto& p = series.points[k];
      if (!p.present || !std::isfinite(p.value)) continue;
      s += "<circle class=\"dot ";
      s += cls;
      s += "\" cx=\"";
      s += num(x_of(k));
      s += "\" cy=\"";
      s += num(y_of(std::clamp(p.value, lo, hi)));
      s += "\" r=\"3\"><title>";
      s += escape_html(p.tip);
      s += "</title></circle>";
    }
  }
  // Legend.
  double lx = kLeft;
  for (const auto& series : chart.series) {
    s += "<rect class=\"swatch ";
    s += escape_html(series.css_class);
    s += "\" x=\"";
    s += num(lx);
    s += "\" y=\"8\" width=\"12\" height=\"12\"/>";
    s += text(lx + 16, 18, series.name, "start", "legend");
    lx += 24 + 7.0 * static_cast<double>(series.name.size());
  }
  s += "</svg></figure>";
  return s;
}

std::string render_stacked_bars(const std::string& title,
                                const std::vector<std::string>& categories,
                                const std::vector<StackedBar>& bars) {
  if (bars.empty() || categories.empty()) {
    std::string note = "<p class=\"empty\">";
    note += escape_html(title);
    note += ": nothing to show.</p>";
    return note;
  }
  constexpr double kLabel = 120, kNote = 130, kBar = 22, kGap = 14;
  const double plot_w = kWidth - kLabel - kNote;
  const double legend_rows = std::ceil(static_cast<double>(categories.size()) / 4);
  const double height =
      12 + static_cast<double>(bars.size()) * (kBar + kGap) + legend_rows * 18 + 10;
  std::string s = open_svg(kWidth, height, title);
  double y = 12;
  for (const auto& bar : bars) {
    s += text(kLabel - 8, y + kBar * 0.7, bar.label, "end", "legend");
    double x = kLabel;
    for (size_t c = 0; c < categories.size() && c < bar.shares.size(); ++c) {
      double share = std::isfinite(bar.shares[c]) ? std::max(0.0, bar.shares[c]) : 0;
      double w = plot_w * std::min(share, 1.0);
      if (w <= 0) continue;
      s += "<rect class=\"c";
      s += std::to_string(c % 8);
      s += "\" x=\"";
      s += num(x);
      s += "\" y=\"";
      s += num(y);
      s += "\" width=\"";
      s += num(w);
      s += "\" height=\"";
      s += num(kBar);
      s += "\"><title>";
      std::string tip = categories[c];
      tip += ": ";
      tip += format_percent(share);
      s += escape_html(tip);
      s += "</title></rect>";
      if (w > 34) s += text(x + w / 2, y + kBar * 0.7, format_percent(share, 0), "middle", "inbar");
      x += w;
    }
    s += line(kLabel, y + kBar, kLabel + plot_w, y + kBar, "grid");
    s += text(kLabel + plot_w + 6, y + kBar * 0.7, bar.note, "start", "axis");
    y += kBar + kGap;
  }
  for (size_t c = 0; c < categories.size(); ++c) {
    double lx = kLabel + static_cast<double>(c % 4) * 150;
    double ly = y + 18 * std::floor(static_cast<double>(c) / 4);
    s += "<rect class=\"c";
    s += std::to_string(c % 8);
    s += "\" x=\"";
    s += num(lx);
    s += "\" y=\"";
    s += num(ly);
    s += "\" width=\"12\" height=\"12\"/>";
    s += text(lx + 16, ly + 10, categories[c], "start", "legend");
  }
  s += "</svg></figure>";
  return s;
}

std::string render_dot_plot(const std::string& title, const std::string& first_name,
                            const std::string& second_name, const std::vector<DotRow>& rows,
                            double x_min, double x_max) {
  if (rows.empty() || !(x_min < x_max)) {
    std::string note = "<p class=\"empty\">";
    note += escape_html(title);
    note += ": nothing to show.</p>";
    return note;
  }
  constexpr double kLabel = 190, kRow = 26;
  const double plot_w = kWidth - kLabel - kRight - 10;
  const double height = 40 + static_cast<double>(rows.size()) * kRow + 30;
  auto x_of = [&](double v) {
    return kLabel + plot_w * (std::clamp(v, x_min, x_max) - x_min) / (x_max - x_min);
  };
  std::string s = open_svg(kWidth, height, title);
  const double bottom = 30 + static_cast<double>(rows.size()) * kRow;
  double step = nice_step(x_max - x_min, 8);
  for (double v = std::ceil(x_min / step) * step; v <= x_max + step / 2; v += step) {
    double shown = std::fabs(v) < step / 1e6 ? 0 : v;
    s += line(x_of(v), 30, x_of(v), bottom, shown == 0 ? "zero" : "grid");
    s += text(x_of(v), bottom + 16, format_number(shown, 1), "middle");
  }
  double y = 30 + kRow / 2;
  for (const auto& row : rows) {
    s += text(kLabel - 8, y + 4, row.label, "end", "legend");
    int k = 0;
    for (const DotEstimate* e : {&row.first, &row.second}) {
      const char* cls = k == 0 ? "s0" : "s1";
      double dy = k == 0 ? -4 : 4;
      ++k;
      if (!e->present || !std::isfinite(e->value)) continue;
      s += "<g><title>";
      s += escape_html(e->tip);
      s += "</title>";
      if (std::isfinite(e->low) && std::isfinite(e->high))
        s += line(x_of(e->low), y + dy, x_of(e->high), y + dy, std::string("errbar ") + cls);
      s += "<circle class=\"dot ";
      s += cls;
      s += "\" cx=\"";
      s += num(x_of(e->value));
      s += "\" cy=\"";
      s += num(y + dy);
      s += "\" r=\"4\"/></g>";
    }
    y += kRow;
  }
  s += "<rect class=\"swatch s0\" x=\"";
  s += num(kLabel);
  s += "\" y=\"8\" width=\"12\" height=\"12\"/>";
  s += text(kLabel + 16, 18, first_name, "start", "legend");
  double x2 = kLabel + 40 + 7.0 * static_cast<double>(first_name.size());
  s += "<rect class=\"swatch s1\" x=\"";
  s += num(x2);
  s += "\" y=\"8\" width=\"12\" height=\"12\"/>";
  s += text(x2 + 16, 18, second_name, "start", "legend");
  s += "</svg></figure>";
  return s;
}

}  // namespace fissure::report
