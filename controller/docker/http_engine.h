// Engine over the Docker Engine API (v1.41) on the daemon's Unix socket.
// One connection per request: calls happen when containers start and stop,
// not per invocation, so pooling would buy little and add failure modes.
// Thread-compatible; calls may overlap on one io_context (each owns its
// socket). An attached stream keeps its own connection until closed. Logs to the spdlog logger
// "docker" (debug per request).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/verb.hpp>
#include <chrono>
#include <string>

#include "controller/docker/engine.h"
#include "controller/docker/unix_http.h"

namespace lambdex::docker {

inline constexpr char kApiPrefix[] = "/v1.41";

class HttpEngine : public Engine {
 public:
  // socket_path: e.g. the result of ParseDockerHost(getenv("DOCKER_HOST")).
  explicit HttpEngine(std::string socket_path,
                      std::chrono::milliseconds request_timeout = std::chrono::seconds(30));

  const std::string& socket_path() const { return socket_path_; }

  boost::asio::awaitable<Result<std::string>> Ping() override;
  boost::asio::awaitable<Result<bool>> ImageExists(std::string image) override;
  boost::asio::awaitable<Result<ImageInfo>> InspectImage(std::string image) override;
  boost::asio::awaitable<Result<std::string>> CreateContainer(ContainerSpec spec) override;
  boost::asio::awaitable<Status> StartContainer(std::string id) override;
  boost::asio::awaitable<Result<ContainerInfo>> InspectContainer(std::string id) override;
  boost::asio::awaitable<Status> StopContainer(std::string id, int timeout_s) override;
  boost::asio::awaitable<Status> RemoveContainer(std::string id, bool force) override;
  boost::asio::awaitable<Result<std::vector<ContainerInfo>>> ListContainers(Labels labels) override;
  boost::asio::awaitable<Result<std::string>> CreateExec(std::string container_id,
                                                         ExecSpec spec) override;
  boost::asio::awaitable<Status> StartExec(std::string exec_id) override;
  boost::asio::awaitable<Result<ExecInfo>> InspectExec(std::string exec_id) override;
  boost::asio::awaitable<Result<AttachedExec>> ExecAttached(std::string container_id, ExecSpec spec,
                                                            LineCallback on_stderr) override;
  boost::asio::awaitable<Result<std::unique_ptr<AttachedStream>>> AttachContainer(
      std::string id, LineCallback on_stderr) override;
  boost::asio::awaitable<Result<int>> WaitContainer(std::string id,
                                                    std::chrono::milliseconds timeout) override;
  boost::asio::awaitable<Result<bool>> NetworkExists(std::string name) override;

 private:
  // POST `path` asking the daemon to hijack the connection for stdio.
  boost::asio::awaitable<Result<std::unique_ptr<AttachedStream>>> Hijack(std::string path,
                                                                         std::string body,
                                                                         LineCallback on_stderr,
                                                                         std::string what);
  boost::asio::awaitable<Result<UnixHttpReply>> Send(boost::beast::http::verb method,
                                                     std::string path, std::string body = "",
                                                     std::chrono::milliseconds timeout = {});

  std::string socket_path_;
  std::chrono::milliseconds request_timeout_;
};

}  // namespace lambdex::docker
