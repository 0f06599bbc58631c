#include "controller/api/code_fields.h"

#include "controller/api/function_json.h"
#include "controller/functions/encoding.h"

namespace lambdex::api {
namespace {

namespace json = boost::json;

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidRequest, std::move(message));
}

void Apply(const CodeLocation& code, FunctionConfig& fn) {
  fn.code_dir = code.code_dir;
  fn.hot_reload = code.hot_reload;
  fn.code_sha256 = code.sha256;
  fn.code_size = code.size;
}

}  // namespace

Status ApplyCodeFields(CodeStore& store, const json::object& fields, FunctionConfig& fn) {
  Result<const json::string*> zip = OptionalString(fields, "ZipFile");
  Result<const json::string*> bucket = OptionalString(fields, "S3Bucket");
  Result<const json::string*> key = OptionalString(fields, "S3Key");
  Result<const json::string*> image = OptionalString(fields, "ImageUri");
  for (const auto* r : {&zip, &bucket, &key, &image}) {
    if (!r->ok()) return r->error();
  }
  if (fn.package_type == "Image") {
    if (*image == nullptr) return Invalid("Please provide ImageUri when PackageType is Image.");
    fn.image_uri = std::string(**image);
    fn.code_dir.clear();
    fn.hot_reload = false;
    fn.code_sha256 = Sha256Base64(fn.image_uri);
    fn.code_size = 0;
    return {};
  }
  if (*image != nullptr) return Invalid("Please don't provide ImageUri when PackageType is Zip.");
  if (*zip != nullptr) {
    if (*bucket != nullptr || *key != nullptr) {
      return Invalid(
          "Please do not provide other FunctionCode parameters when providing a "
          "ZipFile.");
    }
    std::optional<std::string> bytes = Base64Decode(**zip);
    if (!bytes) {
      return Invalid(
          "Could not unzip uploaded file. Please check your file, then try to upload "
          "again. (ZipFile is not valid base64)");
    }
    Result<CodeLocation> code = store.StoreZip(fn.name, *bytes);
    if (!code) return code.error();
    Apply(*code, fn);
    return {};
  }
  if (*bucket != nullptr && *key != nullptr) {
    if (!IsHotReloadBucket(**bucket)) {
      return Invalid(
          "lambdex has no S3: use Code.ZipFile, or S3Bucket 'hot-reload' with S3Key "
          "set to an absolute directory on this host.");
    }
    Result<CodeLocation> code = store.UseLocalDir(**key);
    if (!code) return code.error();
    Apply(*code, fn);
    return {};
  }
  return Invalid("Please provide a source for function code: ZipFile, or S3Bucket and S3Key.");
}

}  // namespace lambdex::api

namespace lambdex::api {

void PruneOldCode(FunctionRegistry& registry, CodeStore& store, const std::string& name) {
  Result<FunctionSnapshot> current = registry.Get(name);
  const bool keep = current.ok() && !(*current)->hot_reload;
  store.RemoveRevisions(name, keep ? std::string_view((*current)->code_dir) : std::string_view());
}

}  // namespace lambdex::api
