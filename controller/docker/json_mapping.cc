#include "controller/docker/json_mapping.h"

#include <boost/json.hpp>
#include <cctype>
#include <cstdio>

namespace lambdex::docker {
namespace json = boost::json;

namespace {

json::array StringArray(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& item : items) out.emplace_back(item);
  return out;
}

Result<json::value> Parse(std::string_view body, std::string_view what) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) {
    return MakeError(ErrorCode::kInternal,
                     std::string(what) + ": daemon sent invalid JSON: " + ec.message());
  }
  return v;
}

std::string GetString(const json::object& obj, std::string_view key) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr || !v->is_string()) return "";
  return std::string(v->get_string());
}

bool GetBool(const json::object& obj, std::string_view key) {
  const json::value* v = obj.if_contains(key);
  return v != nullptr && v->is_bool() && v->get_bool();
}

std::int64_t GetInt(const json::object& obj, std::string_view key) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr) return 0;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->get_uint64());
  return 0;
}

const json::object* GetObject(const json::object& obj, std::string_view key) {
  const json::value* v = obj.if_contains(key);
  return v == nullptr ? nullptr : v->if_object();
}

// Labels may be null or absent.
Labels GetLabels(const json::object* obj) {
  Labels labels;
  if (obj == nullptr) return labels;
  if (const json::object* l = GetObject(*obj, "Labels")) {
    for (const auto& [key, value] : *l) {
      if (value.is_string()) labels.emplace(std::string(key), std::string(value.get_string()));
    }
  }
  return labels;
}

std::string StripSlash(std::string name) {
  if (!name.empty() && name.front() == '/') name.erase(0, 1);
  return name;
}

// "Exited (137) 2 seconds ago" -> 137; anything else -> 0.
int ExitCodeFromStatus(std::string_view status) {
  constexpr std::string_view kExited = "Exited (";
  if (!status.starts_with(kExited)) return 0;
  int code = 0;
  if (std::sscanf(std::string(status.substr(kExited.size())).c_str(), "%d", &code) != 1) return 0;
  return code;
}

}  // namespace

std::string CreateContainerBody(const ContainerSpec& spec) {
  json::object body;
  body["Image"] = spec.image;
  if (!spec.entrypoint.empty()) body["Entrypoint"] = StringArray(spec.entrypoint);
  if (!spec.cmd.empty()) body["Cmd"] = StringArray(spec.cmd);
  body["Env"] = StringArray(spec.env);
  json::object labels;
  for (const auto& [key, value] : spec.labels) labels[key] = value;
  body["Labels"] = std::move(labels);
  if (!spec.working_dir.empty()) body["WorkingDir"] = spec.working_dir;
  if (spec.open_stdin) {
    body["OpenStdin"] = true;
    body["StdinOnce"] = true;
    body["AttachStdin"] = true;
    body["AttachStdout"] = true;
    body["AttachStderr"] = true;
    body["Tty"] = false;
  }

  json::object host;
  json::array mounts;
  for (const Mount& m : spec.mounts) {
    mounts.push_back(json::object{
        {"Type", "bind"}, {"Source", m.source}, {"Target", m.target}, {"ReadOnly", m.read_only}});
  }
  host["Mounts"] = std::move(mounts);
  host["NetworkMode"] = spec.network_mode.empty() ? std::string("none") : spec.network_mode;
  if (spec.memory_bytes > 0) {
    host["Memory"] = spec.memory_bytes;
    host["MemorySwap"] = spec.memory_bytes;  // no swap beyond the limit, as on Lambda
  }
  if (spec.pids_limit > 0) host["PidsLimit"] = spec.pids_limit;
  host["Init"] = false;
  body["HostConfig"] = std::move(host);
  return json::serialize(body);
}

Result<std::string> ParseCreateResponse(std::string_view body) {
  auto v = Parse(body, "create container");
  if (!v) return v.error();
  const json::object* obj = v->if_object();
  std::string id = obj == nullptr ? "" : GetString(*obj, "Id");
  if (id.empty()) return MakeError(ErrorCode::kInternal, "create container: no Id in response");
  return id;
}

Result<ContainerInfo> ParseInspect(std::string_view body) {
  auto v = Parse(body, "inspect container");
  if (!v) return v.error();
  const json::object* obj = v->if_object();
  if (obj == nullptr) return MakeError(ErrorCode::kInternal, "inspect container: not an object");
  ContainerInfo info;
  info.id = GetString(*obj, "Id");
  info.name = StripSlash(GetString(*obj, "Name"));
  const json::object* config = GetObject(*obj, "Config");
  info.image = config != nullptr ? GetString(*config, "Image") : "";
  if (info.image.empty()) info.image = GetString(*obj, "Image");
  info.labels = GetLabels(config);
  if (const json::object* state = GetObject(*obj, "State")) {
    info.state = GetString(*state, "Status");
    info.running = GetBool(*state, "Running");
    info.oom_killed = GetBool(*state, "OOMKilled");
    info.exit_code = static_cast<int>(GetInt(*state, "ExitCode"));
  }
  if (const json::object* host = GetObject(*obj, "HostConfig")) {
    info.memory_bytes = GetInt(*host, "Memory");
  }
  if (info.id.empty()) return MakeError(ErrorCode::kInternal, "inspect container: no Id");
  return info;
}

namespace {

std::vector<std::string> GetStrings(const json::object& obj, std::string_view key) {
  std::vector<std::string> out;
  const json::value* v = obj.if_contains(key);
  if (v == nullptr || !v->is_array()) return out;
  for (const json::value& item : v->get_array()) {
    if (item.is_string()) out.emplace_back(item.get_string());
  }
  return out;
}

}  // namespace

Result<ImageInfo> ParseImageInspect(std::string_view body) {
  auto v = Parse(body, "inspect image");
  if (!v) return v.error();
  const json::object* obj = v->if_object();
  if (obj == nullptr) return MakeError(ErrorCode::kInternal, "inspect image: not an object");
  ImageInfo info;
  if (const json::object* config = GetObject(*obj, "Config")) {
    info.entrypoint = GetStrings(*config, "Entrypoint");
    info.cmd = GetStrings(*config, "Cmd");
    info.env = GetStrings(*config, "Env");
    info.working_dir = GetString(*config, "WorkingDir");
  }
  return info;
}

Result<std::vector<ContainerInfo>> ParseContainerList(std::string_view body) {
  auto v = Parse(body, "list containers");
  if (!v) return v.error();
  const json::array* items = v->if_array();
  if (items == nullptr) return MakeError(ErrorCode::kInternal, "list containers: not an array");
  std::vector<ContainerInfo> out;
  for (const json::value& item : *items) {
    const json::object* obj = item.if_object();
    if (obj == nullptr) continue;
    ContainerInfo info;
    info.id = GetString(*obj, "Id");
    if (const json::value* names = obj->if_contains("Names");
        names != nullptr && names->is_array() && !names->get_array().empty() &&
        names->get_array().front().is_string()) {
      info.name = StripSlash(std::string(names->get_array().front().get_string()));
    }
    info.image = GetString(*obj, "Image");
    info.state = GetString(*obj, "State");
    info.running = info.state == "running";
    info.exit_code = ExitCodeFromStatus(GetString(*obj, "Status"));
    info.labels = GetLabels(obj);
    out.push_back(std::move(info));
  }
  return out;
}

std::string CreateExecBody(const ExecSpec& spec, bool attach) {
  json::object body{{"Cmd", StringArray(spec.cmd)},
                    {"AttachStdin", attach},
                    {"AttachStdout", attach},
                    {"AttachStderr", attach},
                    {"Tty", false}};
  if (!spec.env.empty()) body["Env"] = StringArray(spec.env);
  if (!spec.working_dir.empty()) body["WorkingDir"] = spec.working_dir;
  if (!spec.user.empty()) body["User"] = spec.user;
  return json::serialize(body);
}

std::string StartExecBody(bool detach) {
  return detach ? R"({"Detach":true,"Tty":false})" : R"({"Detach":false,"Tty":false})";
}

Result<int> ParseWaitResponse(std::string_view body) {
  auto v = Parse(body, "wait container");
  if (!v) return v.error();
  const json::object* obj = v->if_object();
  if (obj == nullptr) return MakeError(ErrorCode::kInternal, "wait container: not an object");
  if (const json::object* err = GetObject(*obj, "Error")) {
    if (std::string msg = GetString(*err, "Message"); !msg.empty()) {
      return MakeError(ErrorCode::kInternal, "wait container: " + msg);
    }
  }
  if (obj->if_contains("StatusCode") == nullptr) {
    return MakeError(ErrorCode::kInternal, "wait container: no StatusCode");
  }
  return static_cast<int>(GetInt(*obj, "StatusCode"));
}

Result<ExecInfo> ParseExecInspect(std::string_view body) {
  auto v = Parse(body, "inspect exec");
  if (!v) return v.error();
  const json::object* obj = v->if_object();
  if (obj == nullptr) return MakeError(ErrorCode::kInternal, "inspect exec: not an object");
  ExecInfo info;
  info.id = GetString(*obj, "ID");
  info.container_id = GetString(*obj, "ContainerID");
  info.running = GetBool(*obj, "Running");
  info.exit_code = static_cast<int>(GetInt(*obj, "ExitCode"));  // null while running
  info.pid = GetInt(*obj, "Pid");
  if (info.id.empty()) return MakeError(ErrorCode::kInternal, "inspect exec: no ID");
  return info;
}

std::string LabelFilter(const Labels& labels) {
  json::array wanted;
  for (const auto& [key, value] : labels) wanted.emplace_back(key + "=" + value);
  return json::serialize(json::object{{"label", std::move(wanted)}});
}

Error ErrorFromStatus(int status, std::string_view body, std::string_view what) {
  std::string message;
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (!ec && v.is_object()) message = GetString(v.get_object(), "message");
  if (message.empty()) message = std::string(body.substr(0, 512));
  while (!message.empty() && std::isspace(static_cast<unsigned char>(message.back()))) {
    message.pop_back();
  }
  message = std::string(what) + ": " + message;
  switch (status) {
    case 404:
      return MakeError(ErrorCode::kNotFound, std::move(message));
    case 409:
      return MakeError(ErrorCode::kConflict, std::move(message));
    default:
      return MakeError(ErrorCode::kInternal,
                       std::move(message) + " (HTTP " + std::to_string(status) + ")");
  }
}

std::string UrlEncode(std::string_view text, std::string_view keep) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        keep.find(static_cast<char>(c)) != std::string_view::npos) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

}  // namespace lambdex::docker
