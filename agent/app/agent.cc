#include "agent/app/agent.h"

#include <sys/mman.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "agent/core/invocation_machine.h"
#include "agent/core/log_tail.h"
#include "agent/link/connection.h"
#include "agent/link/listener.h"
#include "agent/process/child_reaper.h"
#include "agent/process/exit_status.h"
#include "agent/process/spawn.h"
#include "agent/process/supervisor.h"
#include "agent/runtime_api/handlers.h"
#include "agent/runtime_api/server.h"

#ifndef LAMBDEX_VERSION
#define LAMBDEX_VERSION "dev"
#endif

namespace lambdex::agent {
namespace asio = boost::asio;
using lambdex::link::Envelope;
using runtime_api::HttpReply;
using runtime_api::HttpRequestView;
using runtime_api::ParkNext;

namespace {

void WriteAll(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n <= 0) return;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

extern "C" char __executable_start;  // the linker's bounds of the code
extern "C" char etext;

// The agent's code is file-backed, and the kernel maps it 64 KiB around every
// page fault, so RSS counts start-up code (options, spawn, listen, the first
// call's one-off paths) for ever. Unmapping it once the first call is done
// lets the warm path fault back in only what it runs. Costs a few minor faults.
void ReleaseResidentText() {
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto begin = reinterpret_cast<std::uintptr_t>(&__executable_start) & ~(page - 1);
  const auto end = reinterpret_cast<std::uintptr_t>(&etext) & ~(page - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
}

void Warn(const std::string& message) { WriteAll(2, "lambdex-agent: warn: " + message + "\n"); }

// Wires the state machine to the Runtime API server, the runtime's process and
// the controller link. Lives on the stack of Run(); everything on one thread.
class Agent {
 public:
  Agent(asio::io_context& io, const AgentOptions& options, AgentIo aio)
      : io_(io),
        options_(options),
        aio_(std::move(aio)),
        server_(io, [this](const HttpRequestView& r) { return OnHttp(r); }),
        reaper_(io, [this](pid_t pid, int status) { runtime_->HandleChildExit(pid, status); }),
        deadline_(io),
        stop_signals_(io, SIGTERM, SIGINT) {}

  int Run() {
    reaper_.Start();
    stop_signals_.async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) Shutdown(0);
    });
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(options_.runtime_host, ec);
    if (ec) return Fail("bad runtime API host " + options_.runtime_host);
    auto bound = server_.Listen({address, options_.runtime_port});
    if (!bound.ok()) return Fail(bound.error().message);
    const std::string host = bound->address().is_v6() ? "[" + bound->address().to_string() + "]"
                                                      : bound->address().to_string();
    runtime_.emplace(
        io_, options_.bootstrap,
        process::WithEnv(aio_.environ, "AWS_LAMBDA_RUNTIME_API",
                         host + ":" + std::to_string(bound->port())),
        [this](std::string_view line) { OnLine(line); },
        [this](int status, bool out_of_memory) {
          server_.DropParked();
          Apply(
              machine_.RuntimeExited(process::DescribeWaitStatus(status), Now(),
                                     out_of_memory ? ExitCause::kOutOfMemory : ExitCause::kExited));
        });
    server_.Start();
    if (options_.oneshot) {
      conn_ = link::MakePipeConnection(io_, aio_.link_in, aio_.link_out);
      asio::co_spawn(io_, OneShot(), asio::detached);
    } else {
      auto acceptor = link::ListenUnix(io_, options_.socket_path);
      if (!acceptor.ok()) return Fail(acceptor.error().message);
      StartRuntime();  // AWS runs init before the first event arrives
      asio::co_spawn(io_, AcceptLoop(std::move(*acceptor)), asio::detached);
    }
    io_.run();
    return exit_code_;
  }

 private:
  int Fail(const std::string& message) {
    Warn(message);
    return 1;
  }

  Micros Now() const {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }

  void StartRuntime() {
    startup_text_released_ = false;  // spawning ran cold code again
    Status st = runtime_->Start();
    machine_.RuntimeStarted(Now());
    if (!st.ok()) {
      Warn("cannot start runtime: " + st.error().message);
      Apply(machine_.RuntimeExited("spawn failed: " + st.error().message, Now()));
    }
  }

  void OnLine(std::string_view line) {
    WriteAll(aio_.log_fd, line);
    log_tail_.Append(line);
  }

  std::variant<HttpReply, ParkNext> OnHttp(const HttpRequestView& request) {
    // Sampled at every result; also once early (the runtime is surely alive
    // while it talks to us) so a runtime that dies mid-call still reports one.
    if (!runtime_->memory_sampled()) runtime_->PeakMemoryKb();
    runtime_api::ApiOutcome outcome = runtime_api::Dispatch(machine_, request, Now());
    Apply(std::move(outcome.effects));
    FollowDeadline();
    return std::move(outcome.reply);
  }

  void Apply(Effects fx) {
    std::uint64_t memory_kb = 0;
    if (fx.result) {
      runtime_->DrainOutput();  // lines printed before the answer belong to it
      memory_kb = runtime_->PeakMemoryKb();
    }
    if (fx.kill_runtime) {
      runtime_->Kill();
      server_.DropParked();
    }
    if (fx.start_runtime) StartRuntime();
    if (fx.deliver) {
      FollowDeadline();
      std::string id = fx.deliver->request_id();
      if (!server_.Deliver(runtime_api::NextReply(std::move(*fx.deliver)))) {
        Warn("no parked /next to deliver " + id + " to");
      }
    }
    if (fx.result) {
      deadline_at_.reset();  // the timer stays armed; it finds nothing due
      fx.result->set_log_tail(log_tail_.Take());
      fx.result->set_max_memory_kb(memory_kb);
      if (fx.result->runtime_restarted()) server_.DropParked();
      SendResult(std::move(*fx.result));
      if (!startup_text_released_) {
        startup_text_released_ = true;
        ReleaseResidentText();
      }
    }
  }

  // One timer for all invocations, re-armed only when a deadline comes
  // earlier than the one it is set for: a result does not cancel it, so a warm
  // call costs no timerfd_settime(). When it fires it times out the current
  // invocation if that is due, else re-arms for it, else goes idle.
  void ArmDeadline(const lambdex::link::InvokeRequest& request) {
    deadline_at_.reset();
    if (request.deadline_unix_ms() <= 0) return;
    const auto wall_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
    deadline_at_ =
        std::chrono::steady_clock::now() +
        std::chrono::milliseconds(std::max<std::int64_t>(0, request.deadline_unix_ms() - wall_ms));
    deadline_id_ = request.request_id();
    deadline_unix_ms_ = request.deadline_unix_ms();
    if (!timer_armed_ || *deadline_at_ < deadline_.expiry()) SetTimer(*deadline_at_);
  }

  // A delivery moves the current invocation's deadline back by the time it
  // waited for the runtime; the timer follows (it re-arms itself for a later one).
  void FollowDeadline() {
    if (!machine_.has_current() || machine_.current_id() != deadline_id_) return;
    const std::int64_t ms = machine_.current_deadline_unix_ms();
    if (ms <= 0 || ms == deadline_unix_ms_) return;
    lambdex::link::InvokeRequest moved;
    moved.set_request_id(std::string(machine_.current_id()));
    moved.set_deadline_unix_ms(ms);
    ArmDeadline(moved);
  }

  void SetTimer(std::chrono::steady_clock::time_point at) {
    timer_armed_ = true;
    deadline_.expires_at(at);  // aborts a pending wait, whose handler then does nothing
    deadline_.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;
      timer_armed_ = false;
      if (!deadline_at_) return;
      if (*deadline_at_ > std::chrono::steady_clock::now()) return SetTimer(*deadline_at_);
      deadline_at_.reset();
      Apply(machine_.DeadlineExpired(deadline_id_, Now()));
    });
  }

  void SendResult(lambdex::link::InvokeResult result) {
    if (!conn_) return;  // the controller is gone; nobody to tell
    Envelope env;
    *env.mutable_result() = std::move(result);
    asio::co_spawn(io_, WriteThenMaybeExit(conn_, std::move(env)), asio::detached);
  }

  asio::awaitable<void> WriteThenMaybeExit(std::shared_ptr<link::Connection> conn, Envelope env) {
    Status st = co_await conn->Write(env);
    if (!st.ok()) Warn("writing result: " + st.error().message);
    if (options_.oneshot) Shutdown(st.ok() ? 0 : 1);
  }

  Status SubmitInvoke(lambdex::link::InvokeRequest request) {
    ArmDeadline(request);
    auto fx = machine_.Submit(std::move(request), Now());
    if (!fx.ok()) return fx.error();
    Apply(std::move(*fx));
    return {};
  }

  asio::awaitable<void> AcceptLoop(asio::local::stream_protocol::acceptor acceptor) {
    for (;;) {
      boost::system::error_code ec;
      auto socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec == asio::error::operation_aborted) co_return;
      if (ec) continue;
      conn_ = link::MakeSocketConnection(std::move(socket));
      co_await Serve(conn_);
      conn_->Close();
      conn_.reset();
    }
  }

  asio::awaitable<bool> SendHello(std::shared_ptr<link::Connection> conn) {
    Envelope hello;
    hello.mutable_hello()->set_agent_version(LAMBDEX_VERSION);
    hello.mutable_hello()->set_pid(static_cast<std::uint32_t>(::getpid()));
    hello.mutable_hello()->set_oneshot(options_.oneshot);
    Status st = co_await conn->Write(hello);
    if (!st.ok()) Warn("writing hello: " + st.error().message);
    co_return st.ok();
  }

  // One controller connection: Hello, then invocations until it goes away.
  asio::awaitable<void> Serve(std::shared_ptr<link::Connection> conn) {
    if (!co_await SendHello(conn)) co_return;
    for (;;) {
      auto msg = co_await conn->Read();
      Status st;
      if (!msg.ok()) {
        st = msg.error();
      } else if (msg->has_shutdown()) {
        Shutdown(0);
        co_return;
      } else if (msg->has_invoke()) {
        st = SubmitInvoke(std::move(*msg->mutable_invoke()));
      } else {
        st = MakeError(ErrorCode::kProtocol, "unexpected frame from controller");
      }
      if (!st.ok()) {
        if (st.error().code != ErrorCode::kContainerDied) Warn("link: " + st.error().message);
        Apply(machine_.ControllerLost(Now()));
        co_return;
      }
    }
  }

  // The one-shot conversation: Hello, one invocation, its result, exit.
  asio::awaitable<void> OneShot() {
    std::shared_ptr<link::Connection> conn = conn_;
    if (!co_await SendHello(conn)) co_return Shutdown(1);
    auto msg = co_await conn->Read();
    if (!msg.ok() || msg->has_shutdown()) co_return Shutdown(msg.ok() ? 0 : 1);
    if (!msg->has_invoke()) co_return Shutdown(1);
    if (Status st = SubmitInvoke(std::move(*msg->mutable_invoke())); !st.ok())
      co_return Shutdown(1);
    // WriteThenMaybeExit ends the agent once the result is out.
  }

  void Shutdown(int code) {
    exit_code_ = code;
    if (runtime_) runtime_->Kill();
    io_.stop();
  }

  asio::io_context& io_;
  const AgentOptions& options_;
  AgentIo aio_;
  InvocationMachine machine_;
  LogTail log_tail_;
  runtime_api::Server server_;
  std::optional<process::Supervisor> runtime_;
  process::ChildReaper reaper_;
  asio::steady_timer deadline_;
  bool timer_armed_ = false;  // a wait on deadline_ is pending
  std::optional<std::chrono::steady_clock::time_point> deadline_at_;  // the current invocation's
  std::int64_t deadline_unix_ms_ = 0;
  std::string deadline_id_;
  asio::signal_set stop_signals_;
  std::shared_ptr<link::Connection> conn_;
  int exit_code_ = 0;
  bool startup_text_released_ = false;  // since the runtime's last start
};

}  // namespace

int Run(const AgentOptions& options, AgentIo io) {
  asio::io_context context(1);
  Agent agent(context, options, std::move(io));
  return agent.Run();
}

}  // namespace lambdex::agent
