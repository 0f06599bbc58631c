// `lambdex bench`: starts lambdex serve in each mode (or uses --endpoint),
// runs the scenarios and the baselines, prints the table, writes JSON/SVG.
#pragma once

namespace lambdex::bench {

// argv[0] is "bench". Returns the process exit code: 0 when the run
// completed (a mode that failed is reported, not fatal), 2 on bad arguments.
int Main(int argc, char** argv);

}  // namespace lambdex::bench
