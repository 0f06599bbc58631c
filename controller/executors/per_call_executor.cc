#include "controller/executors/per_call_executor.h"

#include <spdlog/spdlog.h>

#include "controller/executors/container_spec.h"
#include "controller/executors/invoke_result.h"
#include "controller/executors/oneshot.h"

namespace lambdex {

namespace asio = boost::asio;

namespace {

// The "pool" logger is main's; without it (tests, embedders) log to the default.
std::shared_ptr<spdlog::logger> PoolLog() {
  auto log = spdlog::get("pool");
  return log ? log : spdlog::default_logger();
}

}  // namespace

PerCallDockerExecutor::PerCallDockerExecutor(docker::Engine& engine, const Clock& clock,
                                             DockerLaunchOptions options)
    : engine_(engine), clock_(clock), options_(std::move(options)) {}

asio::awaitable<Result<InvokeOutput>> PerCallDockerExecutor::Invoke(const FunctionConfig& fn,
                                                                    InvokeInput input) {
  auto runtime = co_await ResolveImage(engine_, fn);
  if (!runtime.ok()) co_return runtime.error();
  // Temporaries are kept out of co_await expressions: gcc 12 mis-destroys them.
  docker::ContainerSpec spec = PerCallContainerSpec(fn, SetupFor(options_, *runtime));
  auto id = co_await CreateContainer(engine_, std::move(spec));
  if (!id.ok()) co_return id.error();
  running_.insert(*id);

  link::InvokeRequest req = MakeInvokeRequest(fn, std::move(input), clock_.UnixMillis());
  // Attach before start, so not a byte of the agent's Hello is missed.
  Result<link::InvokeResult> result = MakeError(ErrorCode::kInternal, "not run");
  docker::LineCallback ignore_stderr = [](std::string_view) {};
  auto stream = co_await engine_.AttachContainer(*id, std::move(ignore_stderr));
  if (!stream.ok()) {
    result = stream.error();
  } else if (auto st = co_await engine_.StartContainer(*id); !st.ok()) {
    result = st.error();
  } else {
    result = co_await OneShotInvoke(**stream, req,
                                    std::chrono::milliseconds(fn.timeout_s * 1000LL + 10000));
  }
  if (stream.ok()) (*stream)->Close();

  InvokeOutput out;
  bool oom = false;
  if (!result.ok()) {
    auto info = co_await engine_.InspectContainer(*id);
    oom = info.ok() && info->oom_killed;
  }
  co_await engine_.RemoveContainer(*id, true);
  running_.erase(*id);
  if (!result.ok()) {
    if (result.error().code == ErrorCode::kDockerUnavailable ||
        result.error().code == ErrorCode::kInternal) {
      co_return result.error();
    }
    PoolLog()->warn("per-call container lost fn={} error={}", fn.name, result.error().message);
    co_return LostEnvironmentOutput(req.request_id(), oom, result.error());
  }
  co_return ToInvokeOutput(std::move(*result));
}

asio::awaitable<void> PerCallDockerExecutor::Shutdown() {
  const std::set<std::string> ids = running_;
  for (const auto& id : ids) co_await engine_.RemoveContainer(id, true);
}

}  // namespace lambdex
