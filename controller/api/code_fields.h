// Turns the code fields of CreateFunction's Code{} or of UpdateFunctionCode
// (ZipFile | S3Bucket+S3Key | ImageUri) into stored code on `fn`.
#pragma once

#include <boost/json/object.hpp>

#include "controller/functions/code_store.h"
#include "controller/functions/function.h"
#include "controller/functions/function_registry.h"
#include "shared/util/result.h"

namespace lambdex::api {

// Sets fn.code_dir / hot_reload / code_sha256 / code_size (and image_uri for
// PackageType=Image). A zip is stored as a new revision under fn.name; S3 is
// only understood for the hot-reload buckets. kInvalidRequest on bad input.
Status ApplyCodeFields(CodeStore& store, const boost::json::object& fields, FunctionConfig& fn);

}  // namespace lambdex::api

namespace lambdex::api {

// Deletes every stored revision of `name` except the one the registry holds
// now. Call after Retire(): by then no warm environment uses the old code.
void PruneOldCode(FunctionRegistry& registry, CodeStore& store, const std::string& name);

}  // namespace lambdex::api
