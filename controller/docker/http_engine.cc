#include "controller/docker/http_engine.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "controller/docker/json_mapping.h"
#include "controller/docker/socket_attached_stream.h"

namespace lambdex::docker {
namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

std::shared_ptr<spdlog::logger> Log() {
  if (auto log = spdlog::get("docker")) return log;
  try {
    return spdlog::stdout_color_mt("docker");
  } catch (const spdlog::spdlog_ex&) {  // registered meanwhile by another thread
    return spdlog::get("docker");
  }
}

// Ids and names are [a-zA-Z0-9_.-]; image references add '/', ':' and '@'.
std::string PathPart(std::string_view s) { return UrlEncode(s, "/:@"); }

}  // namespace

HttpEngine::HttpEngine(std::string socket_path, std::chrono::milliseconds request_timeout)
    : socket_path_(std::move(socket_path)), request_timeout_(request_timeout) {}

asio::awaitable<Result<UnixHttpReply>> HttpEngine::Send(http::verb method, std::string path,
                                                        std::string body,
                                                        std::chrono::milliseconds timeout) {
  UnixHttpRequest request{method, kApiPrefix + path, std::move(body),
                          timeout.count() > 0 ? timeout : request_timeout_};
  const auto start = std::chrono::steady_clock::now();
  auto reply = co_await SendUnixHttp(socket_path_, request);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  if (reply) {
    Log()->debug("request method={} target={} status={} ms={}", http::to_string(method),
                 request.target, reply->status, ms);
  } else {
    Log()->debug("request method={} target={} error={} ms={}", http::to_string(method),
                 request.target, reply.error().message, ms);
  }
  co_return reply;
}

asio::awaitable<Result<std::string>> HttpEngine::Ping() {
  auto reply = co_await Send(http::verb::get, "/_ping");
  if (!reply) co_return reply.error();
  if (reply->status != 200) co_return ErrorFromStatus(reply->status, reply->body, "ping");
  auto it = reply->headers.find("api-version");
  co_return it == reply->headers.end() ? std::string() : it->second;
}

asio::awaitable<Result<bool>> HttpEngine::ImageExists(std::string image) {
  auto reply = co_await Send(http::verb::get, "/images/" + PathPart(image) + "/json");
  if (!reply) co_return reply.error();
  if (reply->status == 200) co_return true;
  if (reply->status == 404) co_return false;
  co_return ErrorFromStatus(reply->status, reply->body, "inspect image " + image);
}

asio::awaitable<Result<ImageInfo>> HttpEngine::InspectImage(std::string image) {
  auto reply = co_await Send(http::verb::get, "/images/" + PathPart(image) + "/json");
  if (!reply) co_return reply.error();
  if (reply->status != 200)
    co_return ErrorFromStatus(reply->status, reply->body, "inspect image " + image);
  co_return ParseImageInspect(reply->body);
}

asio::awaitable<Result<std::string>> HttpEngine::CreateContainer(ContainerSpec spec) {
  std::string path = "/containers/create";
  if (!spec.name.empty()) path += "?name=" + UrlEncode(spec.name);
  auto reply = co_await Send(http::verb::post, path, CreateContainerBody(spec));
  if (!reply) co_return reply.error();
  if (reply->status != 201) {
    co_return ErrorFromStatus(reply->status, reply->body, "create container from " + spec.image);
  }
  auto id = ParseCreateResponse(reply->body);
  if (id) Log()->debug("container created id={} image={}", id->substr(0, 12), spec.image);
  co_return id;
}

asio::awaitable<Status> HttpEngine::StartContainer(std::string id) {
  auto reply = co_await Send(http::verb::post, "/containers/" + PathPart(id) + "/start");
  if (!reply) co_return reply.error();
  // 304: already running.
  if (reply->status == 204 || reply->status == 304) co_return Status();
  co_return ErrorFromStatus(reply->status, reply->body, "start container " + id);
}

asio::awaitable<Result<ContainerInfo>> HttpEngine::InspectContainer(std::string id) {
  auto reply = co_await Send(http::verb::get, "/containers/" + PathPart(id) + "/json");
  if (!reply) co_return reply.error();
  if (reply->status != 200) {
    co_return ErrorFromStatus(reply->status, reply->body, "inspect container " + id);
  }
  co_return ParseInspect(reply->body);
}

asio::awaitable<Status> HttpEngine::StopContainer(std::string id, int timeout_s) {
  // The daemon answers after the grace period and the kill; allow for both.
  const auto timeout = request_timeout_ + std::chrono::seconds(std::max(timeout_s, 0));
  auto reply = co_await Send(http::verb::post,
                             "/containers/" + PathPart(id) + "/stop?t=" + std::to_string(timeout_s),
                             "", std::chrono::duration_cast<std::chrono::milliseconds>(timeout));
  if (!reply) co_return reply.error();
  // 304: already stopped.
  if (reply->status == 204 || reply->status == 304) co_return Status();
  co_return ErrorFromStatus(reply->status, reply->body, "stop container " + id);
}

asio::awaitable<Status> HttpEngine::RemoveContainer(std::string id, bool force) {
  auto reply =
      co_await Send(http::verb::delete_,
                    "/containers/" + PathPart(id) + "?v=true&force=" + (force ? "true" : "false"),
                    "", request_timeout_ * 2);
  if (!reply) co_return reply.error();
  if (reply->status == 204 || reply->status == 404) co_return Status();
  co_return ErrorFromStatus(reply->status, reply->body, "remove container " + id);
}

asio::awaitable<Result<std::vector<ContainerInfo>>> HttpEngine::ListContainers(Labels labels) {
  std::string path = "/containers/json?all=1";
  if (!labels.empty()) path += "&filters=" + UrlEncode(LabelFilter(labels));
  auto reply = co_await Send(http::verb::get, path);
  if (!reply) co_return reply.error();
  if (reply->status != 200)
    co_return ErrorFromStatus(reply->status, reply->body, "list containers");
  co_return ParseContainerList(reply->body);
}

asio::awaitable<Result<std::string>> HttpEngine::CreateExec(std::string container_id,
                                                            ExecSpec spec) {
  auto reply = co_await Send(http::verb::post, "/containers/" + PathPart(container_id) + "/exec",
                             CreateExecBody(spec));
  if (!reply) co_return reply.error();
  if (reply->status != 201) {
    co_return ErrorFromStatus(reply->status, reply->body, "exec in container " + container_id);
  }
  co_return ParseCreateResponse(reply->body);
}

asio::awaitable<Status> HttpEngine::StartExec(std::string exec_id) {
  auto reply =
      co_await Send(http::verb::post, "/exec/" + PathPart(exec_id) + "/start", StartExecBody());
  if (!reply) co_return reply.error();
  if (reply->status == 200 || reply->status == 204) co_return Status();
  co_return ErrorFromStatus(reply->status, reply->body, "start exec " + exec_id);
}

asio::awaitable<Result<ExecInfo>> HttpEngine::InspectExec(std::string exec_id) {
  auto reply = co_await Send(http::verb::get, "/exec/" + PathPart(exec_id) + "/json");
  if (!reply) co_return reply.error();
  if (reply->status != 200) {
    co_return ErrorFromStatus(reply->status, reply->body, "inspect exec " + exec_id);
  }
  co_return ParseExecInspect(reply->body);
}

asio::awaitable<Result<std::unique_ptr<AttachedStream>>> HttpEngine::Hijack(std::string path,
                                                                            std::string body,
                                                                            LineCallback on_stderr,
                                                                            std::string what) {
  UnixHttpRequest request{http::verb::post, kApiPrefix + path, std::move(body), request_timeout_};
  const auto start = std::chrono::steady_clock::now();
  auto reply = co_await SendUnixHttpUpgrade(socket_path_, request);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  if (!reply) {
    Log()->debug("upgrade target={} error={} ms={}", request.target, reply.error().message, ms);
    co_return reply.error();
  }
  Log()->debug("upgrade target={} status={} ms={}", request.target, reply->status, ms);
  if (!reply->socket) co_return ErrorFromStatus(reply->status, reply->body, what);
  co_return MakeSocketAttachedStream(std::move(*reply->socket), std::move(reply->leftover),
                                     std::move(on_stderr));
}

asio::awaitable<Result<AttachedExec>> HttpEngine::ExecAttached(std::string container_id,
                                                               ExecSpec spec,
                                                               LineCallback on_stderr) {
  auto reply = co_await Send(http::verb::post, "/containers/" + PathPart(container_id) + "/exec",
                             CreateExecBody(spec, /*attach=*/true));
  if (!reply) co_return reply.error();
  if (reply->status != 201) {
    co_return ErrorFromStatus(reply->status, reply->body, "exec in container " + container_id);
  }
  auto exec_id = ParseCreateResponse(reply->body);
  if (!exec_id) co_return exec_id.error();
  auto stream =
      co_await Hijack("/exec/" + PathPart(*exec_id) + "/start", StartExecBody(/*detach=*/false),
                      std::move(on_stderr), "start attached exec in container " + container_id);
  if (!stream) co_return stream.error();
  co_return AttachedExec{std::move(*exec_id), std::move(*stream)};
}

asio::awaitable<Result<std::unique_ptr<AttachedStream>>> HttpEngine::AttachContainer(
    std::string id, LineCallback on_stderr) {
  co_return co_await Hijack(
      "/containers/" + PathPart(id) + "/attach?stream=1&stdin=1&stdout=1&stderr=1", "",
      std::move(on_stderr), "attach to container " + id);
}

asio::awaitable<Result<int>> HttpEngine::WaitContainer(std::string id,
                                                       std::chrono::milliseconds timeout) {
  auto reply = co_await Send(
      http::verb::post, "/containers/" + PathPart(id) + "/wait?condition=not-running", "", timeout);
  if (!reply) co_return reply.error();
  if (reply->status != 200) {
    co_return ErrorFromStatus(reply->status, reply->body, "wait for container " + id);
  }
  co_return ParseWaitResponse(reply->body);
}

asio::awaitable<Result<bool>> HttpEngine::NetworkExists(std::string name) {
  auto reply = co_await Send(http::verb::get, "/networks/" + PathPart(name));
  if (!reply) co_return reply.error();
  if (reply->status == 200) co_return true;
  if (reply->status == 404) co_return false;
  co_return ErrorFromStatus(reply->status, reply->body, "inspect network " + name);
}

}  // namespace lambdex::docker
