// `lambdex serve`: parse the configuration, wire the parts, run until
// SIGINT/SIGTERM, then remove every container this controller started.
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>

#include "controller/api/api_context.h"
#include "controller/api/api_handler.h"
#include "controller/api/http_server.h"
#include "controller/api/restore.h"
#include "controller/bench/bench_main.h"
#include "controller/config/config.h"
#include "controller/docker/http_engine.h"
#include "controller/executors/plan.h"
#include "controller/functions/code_store.h"
#include "controller/functions/function_registry.h"
#include "controller/functions/function_store.h"

namespace asio = boost::asio;

namespace {

void SetUpLogging(const std::string& level) {
  auto sink = std::make_shared<spdlog::sinks::stdout_color_sink_mt>();
  auto main_log = std::make_shared<spdlog::logger>("lambdex", sink);
  spdlog::set_default_logger(main_log);
  for (const char* name : {"api", "fn", "docker", "pool", "link"}) {
    spdlog::register_logger(std::make_shared<spdlog::logger>(name, sink));
  }
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ [%n] %v");
  spdlog::set_level(spdlog::level::from_str(level));
}

int Serve(const lambdex::Config& config, const char* argv0) {
  asio::io_context io(1);
  lambdex::docker::HttpEngine engine(config.docker_socket);
  lambdex::SystemClock clock;

  // Decide the executor (this may consult the daemon), before serving anything.
  std::optional<lambdex::Result<lambdex::ExecutorPlan>> planned;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        planned.emplace(co_await lambdex::PlanExecutor(config, engine, argv0));
      },
      asio::detached);
  io.run();
  io.restart();
  if (!planned->ok()) {
    spdlog::critical("cannot start: {}", planned->error().message);
    return 1;
  }
  std::unique_ptr<lambdex::Executor> executor =
      lambdex::MakeExecutor(planned->value(), config, io.get_executor(), engine, clock);

  lambdex::FunctionStore function_store(config.data_dir);
  lambdex::FunctionRegistry registry(&function_store);
  lambdex::CodeStore code_store(config.data_dir);
  lambdex::api::RestoreFunctions(registry, code_store);
  lambdex::api::ApiContext ctx{.registry = registry,
                               .code_store = code_store,
                               .executor = *executor,
                               .executor_reason = planned->value().reason};
  lambdex::api::HttpServerOptions opts;
  opts.host = config.host;
  opts.port = std::to_string(config.port);
  lambdex::api::HttpServer server(io.get_executor(), opts, [&ctx](lambdex::api::HttpRequest r) {
    return lambdex::api::HandleApiRequest(ctx, std::move(r));
  });
  if (auto st = server.Listen(); !st.ok()) {
    spdlog::critical("cannot listen on {}:{}: {}", config.host, config.port, st.error().message);
    return 1;
  }
  server.Start();
  spdlog::info("listening host={} port={} executor=\"{}\"", config.host, server.Port(),
               executor->Name());

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("signal {} received: removing containers and stopping", sig);
    server.Stop();
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          co_await executor->Shutdown();
          io.stop();
        },
        asio::detached);
  });
  io.run();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  ::signal(SIGPIPE, SIG_IGN);
  if (argc > 1 && std::string_view(argv[1]) == "bench")
    return lambdex::bench::Main(argc - 1, argv + 1);
  auto config = lambdex::ParseServeConfig(argc, argv, lambdex::ProcessEnv);
  if (!config.ok()) {
    const std::string& msg = config.error().message;
    if (msg.rfind("help:", 0) == 0) {
      std::fputs(msg.c_str() + 5, stdout);
      return 0;
    }
    std::fprintf(stderr, "lambdex: %s\n", msg.c_str());
    return 2;
  }
  SetUpLogging(config->log_level);
  return Serve(*config, argv[0]);
}
