#include "controller/api/function_json.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <ctime>

#include "controller/functions/runtimes.h"

namespace lambdex::api {
namespace {

namespace json = boost::json;

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidRequest, std::move(message));
}

Status ApplyInt(const json::object& body, std::string_view key, std::string_view aws_name,
                std::int64_t min, std::int64_t max, int& out) {
  const json::value* v = body.if_contains(key);
  if (v == nullptr || v->is_null()) return {};
  if (!v->is_int64()) return Invalid(std::string(key) + " must be an integer");
  const std::int64_t n = v->get_int64();
  const std::string prefix = "1 validation error detected: Value '" + std::to_string(n) + "' at '" +
                             std::string(aws_name) +
                             "' failed to satisfy constraint: Member must have value ";
  if (n < min) return Invalid(prefix + "greater than or equal to " + std::to_string(min));
  if (n > max) return Invalid(prefix + "less than or equal to " + std::to_string(max));
  out = static_cast<int>(n);
  return {};
}

Status ApplyEnvironment(const json::object& body, FunctionConfig& fn) {
  const json::value* env = body.if_contains("Environment");
  if (env == nullptr || env->is_null()) return {};
  if (!env->is_object()) return Invalid("Environment must be an object");
  const json::value* vars = env->as_object().if_contains("Variables");
  std::map<std::string, std::string> parsed;
  if (vars != nullptr && !vars->is_null()) {
    if (!vars->is_object()) return Invalid("Environment.Variables must be an object");
    for (const auto& [key, value] : vars->as_object()) {
      if (!value.is_string()) {
        return Invalid("Environment variable " + std::string(key) + " must be a string");
      }
      parsed[std::string(key)] = std::string(value.as_string());
    }
  }
  fn.environment = std::move(parsed);
  return {};
}

}  // namespace

std::string FormatTimestamp(std::chrono::system_clock::time_point t) {
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
  const int millis = static_cast<int>(ms % 1000);
  std::string out(buf);
  out += '.';
  out += static_cast<char>('0' + millis / 100);
  out += static_cast<char>('0' + millis / 10 % 10);
  out += static_cast<char>('0' + millis % 10);
  out += "+0000";
  return out;
}

json::object ConfigurationJson(const FunctionConfig& fn) {
  json::object o;
  o["FunctionName"] = fn.name;
  o["FunctionArn"] = fn.Arn();
  if (fn.package_type != "Image") {
    o["Runtime"] = fn.runtime;
    o["Handler"] = fn.handler;
  }
  o["Role"] = fn.role;
  o["CodeSize"] = fn.code_size;
  o["Description"] = fn.description;
  o["Timeout"] = fn.timeout_s;
  o["MemorySize"] = fn.memory_mb;
  o["LastModified"] = fn.last_modified;
  o["CodeSha256"] = fn.code_sha256;
  o["Version"] = fn.version;
  if (!fn.environment.empty()) {
    json::object vars;
    for (const auto& [k, v] : fn.environment) vars[k] = v;
    o["Environment"] = json::object{{"Variables", std::move(vars)}};
  }
  o["TracingConfig"] = json::object{{"Mode", "PassThrough"}};
  o["RevisionId"] = fn.revision_id;
  o["State"] = "Active";
  o["LastUpdateStatus"] = "Successful";
  o["PackageType"] = fn.package_type;
  o["Architectures"] = json::array{"x86_64"};
  o["EphemeralStorage"] = json::object{{"Size", 512}};
  o["SnapStart"] = json::object{{"ApplyOn", "None"}, {"OptimizationStatus", "Off"}};
  return o;
}

Result<json::object> ParseJsonObject(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) return Invalid("Could not parse request body into json: " + ec.message());
  if (!v.is_object()) return Invalid("Could not parse request body into json: not an object");
  return std::move(v.as_object());
}

Result<const json::string*> OptionalString(const json::object& body, std::string_view key) {
  const json::value* v = body.if_contains(key);
  if (v == nullptr || v->is_null()) return static_cast<const json::string*>(nullptr);
  if (!v->is_string()) return Invalid(std::string(key) + " must be a string");
  return &v->as_string();
}

Status ApplyConfiguration(const json::object& body, FunctionConfig& fn) {
  struct StringField {
    std::string_view key;
    std::string* out;
  };
  for (const StringField& f : {StringField{"Runtime", &fn.runtime},
                               {"Handler", &fn.handler},
                               {"Role", &fn.role},
                               {"Description", &fn.description}}) {
    Result<const json::string*> s = OptionalString(body, f.key);
    if (!s) return s.error();
    if (*s != nullptr) *f.out = std::string(**s);
  }
  if (body.contains("Runtime") && !IsSupportedRuntime(fn.runtime)) {
    return Invalid("Value " + fn.runtime +
                   " at 'runtime' failed to satisfy constraint: Member must satisfy enum value "
                   "set: [" +
                   SupportedRuntimesText() + "] or be a valid ARN");
  }
  if (fn.description.size() > 256) {
    return Invalid(
        "Value at 'description' failed to satisfy constraint: Member must have "
        "length less than or equal to 256");
  }
  if (Status s = ApplyInt(body, "Timeout", "timeout", 1, 900, fn.timeout_s); !s) return s;
  if (Status s = ApplyInt(body, "MemorySize", "memorySize", 128, 10240, fn.memory_mb); !s) {
    return s;
  }
  return ApplyEnvironment(body, fn);
}

}  // namespace lambdex::api
