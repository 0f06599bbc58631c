// Describes a waitpid() status the way Go's os.ProcessState does, as AWS's
// Runtime.ExitError messages show it: "exit status 3", "signal: killed". Pure.
#pragma once

#include <string>

namespace lambdex::agent::process {

std::string DescribeWaitStatus(int wait_status);

}  // namespace lambdex::agent::process
