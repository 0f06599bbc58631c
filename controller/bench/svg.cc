#include "controller/bench/svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "controller/bench/report.h"

namespace lambdex::bench {
namespace {

constexpr double kLabelWidth = 250, kPlotWidth = 620, kRightPad = 150;
constexpr double kTop = 60, kRowHeight = 30;
constexpr const char* kWarmColor = "#1f77b4";
constexpr const char* kColdColor = "#ff7f0e";
constexpr const char* kBaseColor = "#7f7f7f";

struct Row {
  std::string label;
  const std::vector<double>* ms = nullptr;  // null: draw `note` instead
  std::string note;
  const char* color = kBaseColor;
};

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A log-scale axis covering every sample, in whole decades.
struct Axis {
  double lo_exp = -1, hi_exp = 4;
  double X(double ms) const {
    const double e = std::log10(std::max(ms, std::pow(10.0, lo_exp)));
    return kLabelWidth + (e - lo_exp) / (hi_exp - lo_exp) * kPlotWidth;
  }
};

Axis FitAxis(const std::vector<Row>& rows, double extra) {
  double lo = extra > 0 ? extra : 1e9, hi = extra > 0 ? extra : 0;
  for (const Row& row : rows) {
    if (!row.ms) continue;
    for (double v : *row.ms) {
      if (v <= 0) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  Axis a;
  if (hi <= 0) return a;
  a.lo_exp = std::max(-3.0, std::floor(std::log10(lo)));
  a.hi_exp = std::max(a.lo_exp + 1, std::ceil(std::log10(hi)));
  return a;
}

std::vector<Row> BuildRows(const BenchResults& r) {
  std::vector<Row> rows;
  for (const ModeResult& m : r.modes) {
    if (!m.started) {
      rows.push_back({m.name, nullptr, "did not start: " + m.start_error, kWarmColor});
      continue;
    }
    struct Series {
      const char* what;
      const Samples* s;
      const char* color;
    };
    for (auto [what, s, color] :
         {Series{"warm", &m.warm, kWarmColor}, Series{"cold start", &m.cold, kColdColor}}) {
      Row row{m.name + " " + what, &s->ms, "", color};
      if (s->ms.empty()) {
        row.ms = nullptr;
        row.note =
            s->ran ? "no successful call" + (s->error.empty() ? "" : ": " + s->error) : "not run";
      }
      rows.push_back(std::move(row));
    }
  }
  const Baselines& b = r.baselines;
  if (b.ran) {
    struct Series {
      const char* label;
      const Samples* s;
    };
    for (auto [label, s] : {Series{"docker exec <handler>", &b.docker_exec_handler},
                            Series{"docker exec pass", &b.docker_exec_pass},
                            Series{"docker run --rm <handler>", &b.docker_run_handler},
                            Series{"docker run --rm pass", &b.docker_run_pass}}) {
      Row row{std::string("baseline: ") + label, &s->ms, "", kBaseColor};
      if (s->ms.empty()) {
        row.ms = nullptr;
        row.note = s->error.empty() ? "no successful call" : s->error;
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

void DrawRow(std::string& out, const Row& row, double y, const Axis& axis) {
  const double mid = y + kRowHeight / 2;
  out += "<text x=\"" + Num(kLabelWidth - 8) + "\" y=\"" + Num(mid + 4) +
         "\" text-anchor=\"end\">" + XmlEscape(row.label) + "</text>\n";
  if (!row.ms) {
    out += "<text x=\"" + Num(kLabelWidth + 4) + "\" y=\"" + Num(mid + 4) + "\" fill=\"#b00\">" +
           XmlEscape(row.note) + "</text>\n";
    return;
  }
  const Summary s = Summarize(*row.ms);
  const std::string c = row.color;
  out += "<line x1=\"" + Num(axis.X(s.min)) + "\" x2=\"" + Num(axis.X(s.max)) + "\" y1=\"" +
         Num(mid) + "\" y2=\"" + Num(mid) + "\" stroke=\"" + c + "\"/>\n";
  // Every sample as a faint dot, spread vertically so dense regions show.
  for (std::size_t i = 0; i < row.ms->size(); ++i) {
    const double jitter = static_cast<double>(i % 9) - 4;
    out += "<circle cx=\"" + Num(axis.X((*row.ms)[i])) + "\" cy=\"" + Num(mid + jitter * 1.5) +
           "\" r=\"1.5\" fill=\"" + c + "\" fill-opacity=\"0.3\"/>\n";
  }
  out += "<rect x=\"" + Num(axis.X(s.p50)) + "\" y=\"" + Num(mid - 8) + "\" width=\"" +
         Num(std::max(1.0, axis.X(s.p90) - axis.X(s.p50))) + "\" height=\"16\" fill=\"" + c +
         "\" fill-opacity=\"0.35\" stroke=\"" + c + "\"/>\n";
  out += "<line x1=\"" + Num(axis.X(s.p50)) + "\" x2=\"" + Num(axis.X(s.p50)) + "\" y1=\"" +
         Num(mid - 10) + "\" y2=\"" + Num(mid + 10) + "\" stroke=\"#000\" stroke-width=\"2\"/>\n";
  out += "<line x1=\"" + Num(axis.X(s.p99)) + "\" x2=\"" + Num(axis.X(s.p99)) + "\" y1=\"" +
         Num(mid - 6) + "\" y2=\"" + Num(mid + 6) + "\" stroke=\"" + c +
         "\" stroke-width=\"2\"/>\n";
  out += "<text x=\"" + Num(kLabelWidth + kPlotWidth + 8) + "\" y=\"" + Num(mid + 4) + "\">p50 " +
         XmlEscape(FormatMs(s.p50)) + " (n=" + std::to_string(s.count) + ")</text>\n";
}

}  // namespace

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string RenderSvg(const BenchResults& r) {
  const std::vector<Row> rows = BuildRows(r);
  const double floor_ms =
      r.baselines.in_process_error.empty() ? r.baselines.in_process_us / 1000 : 0;
  const Axis axis = FitAxis(rows, floor_ms);
  const double plot_bottom =
      kTop + kRowHeight * static_cast<double>(std::max<std::size_t>(rows.size(), 1));
  const double width = kLabelWidth + kPlotWidth + kRightPad;
  const double height = plot_bottom + 70;

  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Num(width) +
                    "\" height=\"" + Num(height) +
                    "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n";
  out +=
      "<text x=\"10\" y=\"22\" font-size=\"16\" font-weight=\"bold\">lambdex bench: latency per "
      "call (ms, log scale)</text>\n";
  out += "<text x=\"10\" y=\"42\" fill=\"#555\">" +
         XmlEscape(r.id + "  " + r.started_at + "  " + r.host) + "</text>\n";
  for (double e = axis.lo_exp; e <= axis.hi_exp; e += 1) {
    const double x = axis.X(std::pow(10.0, e));
    out += "<line x1=\"" + Num(x) + "\" x2=\"" + Num(x) + "\" y1=\"" + Num(kTop) + "\" y2=\"" +
           Num(plot_bottom) + "\" stroke=\"#ddd\"/>\n";
    out += "<text x=\"" + Num(x) + "\" y=\"" + Num(plot_bottom + 16) +
           "\" text-anchor=\"middle\">" + XmlEscape(FormatMs(std::pow(10.0, e))) + "</text>\n";
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    DrawRow(out, rows[i], kTop + kRowHeight * static_cast<double>(i), axis);
  }
  if (floor_ms > 0) {
    const double x = axis.X(floor_ms);
    out += "<line x1=\"" + Num(x) + "\" x2=\"" + Num(x) + "\" y1=\"" + Num(kTop) + "\" y2=\"" +
           Num(plot_bottom) + "\" stroke=\"#2ca02c\" stroke-dasharray=\"4 3\"/>\n";
    out += "<text x=\"" + Num(x + 3) + "\" y=\"" + Num(kTop - 4) +
           "\" fill=\"#2ca02c\">in-process " + XmlEscape(FormatMs(floor_ms)) + "</text>\n";
  }
  out += "<text x=\"10\" y=\"" + Num(plot_bottom + 40) +
         "\" fill=\"#555\">dots: every call; box: p50 (black) to p90; tick: p99; line: min to max. "
         "Blue warm, orange cold start, grey docker CLI baselines.</text>\n";
  out += "</svg>\n";
  return out;
}

}  // namespace lambdex::bench
