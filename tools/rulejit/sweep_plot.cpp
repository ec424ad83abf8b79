#include "tools/rulejit/sweep_plot.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace rulejit::cli {
namespace {

constexpr const char* kHeader = "label\trules\tevents_per_s\tmb_per_s\tvs_baseline";

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Powers of ten covering [lo, hi] (both > 0), for axis ticks.
std::vector<double> decades(double lo, double hi) {
  std::vector<double> out;
  for (double d = std::pow(10.0, std::floor(std::log10(lo))); d <= hi * 1.0001; d *= 10) out.push_back(d);
  return out;
}

std::string si(double v) {
  if (v >= 1e6) return fmt::format("{:g}M", v / 1e6);
  if (v >= 1e3) return fmt::format("{:g}k", v / 1e3);
  return fmt::format("{:g}", v);
}

}  // namespace

std::string sweep_to_tsv(const std::vector<SweepCurve>& curves) {
  std::string out = std::string(kHeader) + "\n";
  for (const auto& c : curves)
    for (const auto& p : c.points)
      out += fmt::format("{}\t{}\t{:.0f}\t{:.1f}\t{:.4f}\n", c.label, p.rules, p.events_per_s, p.mb_per_s,
                         p.vs_baseline);
  return out;
}

bool sweep_from_tsv(const std::string& text, std::vector<SweepCurve>& curves, std::string* error) {
  std::istringstream in(text);
  std::string line;
  size_t n = 0;
  auto fail = [&](const std::string& why) {
    if (error) *error = fmt::format("line {}: {}", n, why);
    return false;
  };
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (n == 1) {
      if (line != kHeader) return fail(fmt::format("expected the header '{}'", kHeader));
      continue;
    }
    if (line.empty()) continue;
    std::vector<std::string> cols;
    std::istringstream ls(line);
    for (std::string col; std::getline(ls, col, '\t');) cols.push_back(col);
    if (cols.size() != 5) return fail(fmt::format("expected 5 tab-separated columns, found {}", cols.size()));
    SweepPoint p;
    if (cols[1].empty() || cols[1].size() > 9 || cols[1].find_first_not_of("0123456789") != std::string::npos ||
        std::stoul(cols[1]) == 0)
      return fail("the rule count is not a positive integer");
    p.rules = std::stoul(cols[1]);
    try {
      p.events_per_s = std::stod(cols[2]);
      p.mb_per_s = std::stod(cols[3]);
      p.vs_baseline = std::stod(cols[4]);
    } catch (const std::exception&) {
      return fail("a number column is not a number");
    }
    if (!(p.events_per_s > 0) || !std::isfinite(p.events_per_s)) return fail("events/s must be a positive number");
    auto it = std::find_if(curves.begin(), curves.end(), [&](const SweepCurve& c) { return c.label == cols[0]; });
    if (it == curves.end()) it = curves.insert(curves.end(), SweepCurve{cols[0], {}});
    it->points.push_back(p);
  }
  if (n == 0) return fail("empty file");
  return true;
}

std::string sweep_svg(const std::vector<SweepCurve>& curves, double baseline_eps, const std::string& title) {
  constexpr double W = 760, H = 480, L = 80, R = 200, T = 50, B = 60;  // size and margins
  double xmax = 1, ymin = 1e300, ymax = 0;
  for (const auto& c : curves)
    for (const auto& p : c.points) {
      xmax = std::max(xmax, double(p.rules));
      ymin = std::min(ymin, p.events_per_s);
      ymax = std::max(ymax, p.events_per_s);
    }
  if (baseline_eps > 0) {
    ymin = std::min(ymin, baseline_eps);
    ymax = std::max(ymax, baseline_eps);
  }
  if (ymax <= 0) ymin = 1, ymax = 10;
  const double x0 = 1, x1 = std::pow(10.0, std::ceil(std::log10(xmax * 1.0001)));
  const double y0 = std::pow(10.0, std::floor(std::log10(ymin))), y1 = std::pow(10.0, std::ceil(std::log10(ymax * 1.0001)));
  auto px = [&](double v) { return L + (W - L - R) * (std::log10(v) - std::log10(x0)) / (std::log10(x1) - std::log10(x0)); };
  auto py = [&](double v) { return H - B - (H - T - B) * (std::log10(v) - std::log10(y0)) / (std::log10(y1) - std::log10(y0)); };

  static const char* kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"};
  std::string s = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" font-family=\"sans-serif\" "
      "font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      "<text x=\"{}\" y=\"28\" font-size=\"15\" font-weight=\"bold\">{}</text>\n",
      W, H, L, xml_escape(title));
  // Grid and ticks (decades, plus 2x and 5x on the x axis where rule counts live).
  for (double d : decades(x0, x1))
    for (double m : {1.0, 2.0, 5.0}) {
      const double v = d * m;
      if (v > x1 * 1.0001) break;
      s += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#{3}\"/>\n", px(v), T, H - B,
                       m == 1.0 ? "ccc" : "eee");
      s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", px(v), H - B + 16, si(v));
    }
  for (double d : decades(y0, y1)) {
    s += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#ccc\"/>\n", L, py(d), W - R, py(d));
    s += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", L - 6, py(d) + 4, si(d));
  }
  s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">rules in the pack (log)</text>\n",
                   L + (W - L - R) / 2, H - 18);
  s += fmt::format("<text transform=\"translate(18 {:.1f}) rotate(-90)\" text-anchor=\"middle\">events/s (log)</text>\n",
                   T + (H - T - B) / 2);
  double legend_y = T + 10;
  if (baseline_eps > 0) {
    s += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#555\" stroke-dasharray=\"6 4\"/>\n", L,
                     py(baseline_eps), W - R, py(baseline_eps));
    s += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#555\" stroke-dasharray=\"6 4\"/>\n",
                     W - R + 12, legend_y, W - R + 36, legend_y);
    s += fmt::format("<text x=\"{}\" y=\"{:.1f}\">hand-written, 1 rule</text>\n", W - R + 42, legend_y + 4);
    legend_y += 20;
  }
  for (size_t i = 0; i < curves.size(); ++i) {
    const char* color = kColors[i % std::size(kColors)];
    auto pts = curves[i].points;
    std::sort(pts.begin(), pts.end(), [](const SweepPoint& a, const SweepPoint& b) { return a.rules < b.rules; });
    std::string poly;
    for (const auto& p : pts) poly += fmt::format("{:.1f},{:.1f} ", px(double(p.rules)), py(p.events_per_s));
    s += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"/>\n", color, poly);
    for (const auto& p : pts)
      s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3.5\" fill=\"{}\"><title>{}: {} rules, {:.0f} events/s, "
                       "{:.2f}x baseline</title></circle>\n",
                       px(double(p.rules)), py(p.events_per_s), color, xml_escape(curves[i].label), p.rules,
                       p.events_per_s, p.vs_baseline);
    s += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"2\"/>\n", W - R + 12,
                     legend_y, W - R + 36, legend_y, color);
    s += fmt::format("<text x=\"{}\" y=\"{:.1f}\">{}</text>\n", W - R + 42, legend_y + 4, xml_escape(curves[i].label));
    legend_y += 20;
  }
  s += "</svg>\n";
  return s;
}

}  // namespace rulejit::cli
