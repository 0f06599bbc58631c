#include "controller/bench/report.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>

namespace lambdex::bench {
namespace {

namespace json = boost::json;

std::string Format(const char* fmt, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

std::string FormatRatio(std::optional<double> ratio) {
  if (!ratio) return "-";
  return *ratio >= 10    ? Format("%.0fx", *ratio)
         : *ratio >= 0.1 ? Format("%.2fx", *ratio)
                         : Format("%.3fx", *ratio);
}

// Why a mode has no row of numbers in a scenario, or empty when it has one.
std::string NotMeasured(const ModeResult& m, bool ran, const std::string& error,
                        std::size_t count) {
  if (!m.started) return "did not start: " + m.start_error;
  if (!ran) return error.empty() ? "not run" : error;
  if (count == 0) return "no successful call" + (error.empty() ? "" : ": " + error);
  return "";
}

// "finished/asked*" when the time cap stopped the scenario, else "finished".
// (Built by appends: gcc 12 misreports "literal" + std::string&& under -Wrestrict.)
std::string CappedCount(std::size_t finished, bool capped, int requested) {
  std::string cell = std::to_string(finished);
  if (capped) cell.append("/").append(std::to_string(requested)).append("*");
  return cell;
}

std::string CountCell(const Samples& s) { return CappedCount(s.ms.size(), s.capped, s.requested); }

void SummaryRow(std::string& out, const std::string& label, const Samples& s,
                const std::string& extra) {
  const Summary sum = Summarize(s.ms);
  std::string row =
      Format("  %-26s %8s %4d %10s %10s %10s %10s  %s", label.c_str(), CountCell(s).c_str(),
             s.errors, FormatMs(sum.p50).c_str(), FormatMs(sum.p90).c_str(),
             FormatMs(sum.p99).c_str(), FormatMs(sum.max).c_str(), extra.c_str());
  row.erase(row.find_last_not_of(' ') + 1);
  out += row + "\n";
  if (!s.error.empty() && !s.ms.empty())
    out += "  " + std::string(26, ' ') + " note: " + s.error + "\n";
}

void WarmBlock(std::string& out, const BenchResults& r) {
  out += Format("\nwarm: sequential %d B echo, after warm-up calls\n", r.payload_bytes);
  out += Format("  %-26s %8s %4s %10s %10s %10s %10s  %s\n", "mode", "calls", "err", "p50", "p90",
                "p99", "max", "p50 vs docker exec");
  for (const ModeResult& m : r.modes) {
    if (auto why = NotMeasured(m, m.warm.ran, m.warm.error, m.warm.ms.size()); !why.empty()) {
      out += Format("  %-26s %s\n", m.name.c_str(), why.c_str());
      continue;
    }
    SummaryRow(out, m.name, m.warm, FormatRatio(WarmRatio(m, r.baselines)));
  }
}

void ThroughputBlock(std::string& out, const BenchResults& r) {
  out += "\nthroughput: concurrent clients, keep-alive, after warm-up\n";
  out += Format("  %-26s %8s %4s %8s %10s %10s %10s\n", "mode", "calls", "err", "clients",
                "seconds", "inv/s", "p50");
  for (const ModeResult& m : r.modes) {
    const Throughput& t = m.throughput;
    if (auto why = NotMeasured(m, t.ran, t.error, static_cast<std::size_t>(t.calls));
        !why.empty()) {
      out += Format("  %-26s %s\n", m.name.c_str(), why.c_str());
      continue;
    }
    const std::string calls = CappedCount(static_cast<std::size_t>(t.calls), t.capped, t.requested);
    out += Format("  %-26s %8s %4d %5dx%-2d %10.2f %10.1f %10s\n", m.name.c_str(), calls.c_str(),
                  t.errors, t.clients, t.functions, t.seconds, t.per_second,
                  FormatMs(Summarize(t.ms).p50).c_str());
  }
}

std::string EachCell(const std::vector<double>& ms) {
  std::string cell;
  for (double v : ms) {
    if (!cell.empty()) cell.push_back(' ');
    cell.append(FormatMs(v));
  }
  return cell;
}

void ColdBlock(std::string& out, const BenchResults& r) {
  out += "\ncold start: create function -> first response\n";
  out += Format("  %-26s %8s %4s %10s %12s  %s\n", "mode", "n", "err", "median", "vs run pass",
                "each");
  for (const ModeResult& m : r.modes) {
    if (auto why = NotMeasured(m, m.cold.ran, m.cold.error, m.cold.ms.size()); !why.empty()) {
      out += Format("  %-26s %s\n", m.name.c_str(), why.c_str());
      continue;
    }
    out += Format("  %-26s %8s %4d %10s %12s  %s\n", m.name.c_str(), CountCell(m.cold).c_str(),
                  m.cold.errors, FormatMs(Median(m.cold.ms)).c_str(),
                  FormatRatio(ColdRatio(m, r.baselines)).c_str(), EachCell(m.cold.ms).c_str());
  }
}

void InitBlock(std::string& out, const BenchResults& r) {
  out += "\ninit-heavy: module-level init sleeps 1 s, sequential calls\n";
  out += Format("  %-26s %8s %4s %10s %10s %10s %10s\n", "mode", "calls", "err", "total",
                "per call", "first", "rest p50");
  for (const ModeResult& m : r.modes) {
    if (auto why = NotMeasured(m, m.init.ran, m.init.error, m.init.ms.size()); !why.empty()) {
      out += Format("  %-26s %s\n", m.name.c_str(), why.c_str());
      continue;
    }
    const std::vector<double>& ms = m.init.ms;
    const std::vector<double> rest(ms.begin() + 1, ms.end());
    out +=
        Format("  %-26s %8s %4d %10s %10s %10s %10s\n", m.name.c_str(), CountCell(m.init).c_str(),
               m.init.errors, FormatMs(m.init_total_ms).c_str(),
               FormatMs(m.init_total_ms / static_cast<double>(ms.size())).c_str(),
               FormatMs(ms.front()).c_str(), rest.empty() ? "-" : FormatMs(Median(rest)).c_str());
  }
}

void BaselineBlock(std::string& out, const Baselines& b) {
  out += "\nbaselines (same run, " + b.image + ", --network none)\n";
  out += Format("  %-26s %8s %4s %10s %10s %10s %10s\n", "what", "calls", "err", "p50", "p90",
                "p99", "max");
  struct Row {
    const char* label;
    const Samples* s;
  };
  for (Row row : {Row{"docker run --rm <handler>", &b.docker_run_handler},
                  Row{"docker run --rm pass", &b.docker_run_pass},
                  Row{"docker exec <handler>", &b.docker_exec_handler},
                  Row{"docker exec pass", &b.docker_exec_pass}}) {
    if (row.s->ms.empty()) {
      out += Format("  %-26s %s\n", row.label,
                    row.s->error.empty() ? "no successful call" : row.s->error.c_str());
      continue;
    }
    SummaryRow(out, row.label, *row.s, "");
  }
  if (b.in_process_error.empty()) {
    out += Format("  %-26s %.2f us per call (python3 timeit: handler + json)\n", "in-process loop",
                  b.in_process_us);
  } else {
    out += Format("  %-26s %s\n", "in-process loop", b.in_process_error.c_str());
  }
}

json::array SamplesArray(const std::vector<double>& ms) {
  json::array a;
  a.reserve(ms.size());
  for (double v : ms) a.emplace_back(v);
  return a;
}

json::object SummaryJson(const std::vector<double>& ms) {
  const Summary s = Summarize(ms);
  return {{"count", s.count}, {"min", s.min}, {"mean", s.mean}, {"p50", s.p50},
          {"p90", s.p90},     {"p99", s.p99}, {"max", s.max}};
}

json::object SamplesJson(const Samples& s) {
  json::object o{{"ran", s.ran},
                 {"errors", s.errors},
                 {"requested", s.requested},
                 {"capped", s.capped},
                 {"summary_ms", SummaryJson(s.ms)},
                 {"median_ms", Median(s.ms)},
                 {"samples_ms", SamplesArray(s.ms)}};
  if (!s.error.empty()) o["error"] = s.error;
  return o;
}

json::value OptionalJson(std::optional<double> v) {
  return v ? json::value(*v) : json::value(nullptr);
}

}  // namespace

std::string FormatMs(double ms) {
  if (ms >= 1000) return Format("%.2f s", ms / 1000);
  if (ms >= 100) return Format("%.0f ms", ms);
  if (ms >= 10) return Format("%.1f ms", ms);
  return Format("%.2f ms", ms);
}

std::optional<double> WarmRatio(const ModeResult& m, const Baselines& b) {
  if (m.warm.ms.empty() || b.docker_exec_handler.ms.empty()) return std::nullopt;
  const double base = Summarize(b.docker_exec_handler.ms).p50;
  if (base <= 0) return std::nullopt;
  return Summarize(m.warm.ms).p50 / base;
}

std::optional<double> ColdRatio(const ModeResult& m, const Baselines& b) {
  if (m.cold.ms.empty() || b.docker_run_pass.ms.empty()) return std::nullopt;
  const double base = Median(b.docker_run_pass.ms);
  if (base <= 0) return std::nullopt;
  return Median(m.cold.ms) / base;
}

std::string RenderTable(const BenchResults& r) {
  std::string out = "lambdex bench  id=" + r.id + "  " + r.started_at +
                    (r.quick ? "  (quick)" : "") + "\n  host: " + r.host + "\n";
  WarmBlock(out, r);
  ThroughputBlock(out, r);
  ColdBlock(out, r);
  InitBlock(out, r);
  if (r.baselines.ran) BaselineBlock(out, r.baselines);
  out +=
      "\n  * stopped by the scenario time cap: finished/asked. Ratios: < 1x is faster than the "
      "baseline.\n";
  return out;
}

std::string RenderJson(const BenchResults& r) {
  json::array modes;
  for (const ModeResult& m : r.modes) {
    const Throughput& t = m.throughput;
    json::object tp{{"ran", t.ran},
                    {"clients", t.clients},
                    {"functions", t.functions},
                    {"calls", t.calls},
                    {"errors", t.errors},
                    {"requested", t.requested},
                    {"capped", t.capped},
                    {"seconds", t.seconds},
                    {"per_second", t.per_second},
                    {"summary_ms", SummaryJson(t.ms)}};
    if (!t.error.empty()) tp["error"] = t.error;
    json::object mo{{"name", m.name},
                    {"started", m.started},
                    {"start_ms", m.start_ms},
                    {"warm", SamplesJson(m.warm)},
                    {"throughput", std::move(tp)},
                    {"cold_start", SamplesJson(m.cold)},
                    {"init_heavy", SamplesJson(m.init)},
                    {"init_heavy_total_ms", m.init_total_ms},
                    {"warm_p50_vs_docker_exec", OptionalJson(WarmRatio(m, r.baselines))},
                    {"cold_median_vs_docker_run_pass", OptionalJson(ColdRatio(m, r.baselines))}};
    if (!m.start_error.empty()) mo["start_error"] = m.start_error;
    modes.push_back(std::move(mo));
  }
  const Baselines& b = r.baselines;
  json::object baselines{{"ran", b.ran},
                         {"image", b.image},
                         {"docker_run_handler", SamplesJson(b.docker_run_handler)},
                         {"docker_run_pass", SamplesJson(b.docker_run_pass)},
                         {"docker_exec_handler", SamplesJson(b.docker_exec_handler)},
                         {"docker_exec_pass", SamplesJson(b.docker_exec_pass)},
                         {"in_process_us_per_call", b.in_process_us}};
  if (!b.in_process_error.empty()) baselines["in_process_error"] = b.in_process_error;
  json::object root{{"id", r.id},
                    {"started_at", r.started_at},
                    {"host", r.host},
                    {"quick", r.quick},
                    {"payload_bytes", r.payload_bytes},
                    {"unit", "ms"},
                    {"modes", std::move(modes)},
                    {"baselines", std::move(baselines)}};
  return json::serialize(root) + "\n";
}

}  // namespace lambdex::bench
