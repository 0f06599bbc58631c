#include "controller/api/restore.h"

#include "controller/api/log.h"

namespace lambdex::api {

LoadReport RestoreFunctions(FunctionRegistry& registry, CodeStore& code_store) {
  LoadReport report = registry.Load();
  for (const std::string& skipped : report.skipped) {
    ApiLog()->warn("skipping stored function file {}", skipped);
  }
  for (const std::string& removed : code_store.RemoveOrphans(report.code_dirs)) {
    ApiLog()->info("removed orphaned code {}", removed);
  }
  ApiLog()->info("restored {} function(s) from {}", report.loaded.size(),
                 code_store.data_dir().string());
  return report;
}

}  // namespace lambdex::api
