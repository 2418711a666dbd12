// Charts as inline SVG, drawn from numbers alone: no script, no fonts or images to fetch, so a
// report opens offline in any browser and prints as it looks. Colours come from CSS classes
// (`s0`, `s1` for the two directions, `c0`..`c7` for categories) that the page's style sheet
// defines.
#pragma once

#include <string>
#include <vector>

namespace fissure::report {

// One value per period with its interval; `present` false leaves a gap in the line.
struct ChartPoint {
  bool present = false;
  double value = 0, low = 0, high = 0;  // low/high NaN: no band at this point
  std::string tip;                      // shown on hover (SVG <title>)
};

struct ChartSeries {
  std::string name;
  std::string css_class;           // "s0", "s1"
  std::vector<ChartPoint> points;  // one per x label
};

// A vertical line at a period, e.g. a change point.
struct ChartMarker {
  int x = 0;
  std::string label;
  std::string css_class;
};

struct LineChart {
  std::string title;
  std::string y_label;
  std::vector<std::string> x_labels;  // the periods
  std::vector<ChartSeries> series;
  std::vector<ChartMarker> markers;
  bool percent = false;            // axis values as percentages of a share
  bool zero_line = false;          // draw y = 0 (tone: neutral)
  bool range_from_values = false;  // y range from the values alone; bands are clipped
  double y_min = 0, y_max = 0;     // fixed range when y_min < y_max, else from the data
};

// An <svg> element, or a short note (a <p>) when no series has a single present point: a chart
// of nothing would look like a measurement.
std::string render_line_chart(const LineChart& chart);

// Horizontal bars, one per row, each split into categories that sum to at most 1.
struct StackedBar {
  std::string label;
  std::vector<double> shares;  // per category
  std::string note;            // right of the bar (e.g. "1,234 sentences")
};
std::string render_stacked_bars(const std::string& title,
                                const std::vector<std::string>& categories,
                                const std::vector<StackedBar>& bars);

// A dot plot: for each row two estimates with intervals on a common axis (tone toward a third
// party in each side's voice).
struct DotEstimate {
  bool present = false;
  double value = 0, low = 0, high = 0;
  std::string tip;
};
struct DotRow {
  std::string label;
  DotEstimate first, second;
};
std::string render_dot_plot(const std::string& title, const std::string& first_name,
                            const std::string& second_name, const std::vector<DotRow>& rows,
                            double x_min, double x_max);

}  // namespace fissure::report
