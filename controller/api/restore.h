// Start-up: bring back the functions stored under the data dir and delete
// code revisions no stored function references. Logs what it did (a corrupt
// function file is a warning, never fatal).
#pragma once

#include "controller/functions/code_store.h"
#include "controller/functions/function_registry.h"

namespace lambdex::api {

LoadReport RestoreFunctions(FunctionRegistry& registry, CodeStore& code_store);

}  // namespace lambdex::api
