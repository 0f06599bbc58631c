// Draws the latency distributions of a BenchResults as a standalone SVG
// (no scripts, no external resources): one row per mode and scenario (warm,
// cold) and per baseline, on a shared logarithmic millisecond axis.
// Pure; thread-safe.
#pragma once

#include <string>

#include "controller/bench/results.h"

namespace lambdex::bench {

std::string RenderSvg(const BenchResults& r);

// &, <, >, " and ' escaped for XML text and attributes.
std::string XmlEscape(std::string_view text);

}  // namespace lambdex::bench
