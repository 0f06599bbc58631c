#include "agent/core/invocation_machine.h"

#include <gtest/gtest.h>

#include "agent/core/function_error.h"

namespace lambdex::agent {
namespace {

lambdex::link::InvokeRequest Request(const std::string& id, std::uint32_t timeout_ms = 3000) {
  lambdex::link::InvokeRequest r;
  r.set_request_id(id);
  r.set_payload("{}");
  r.set_timeout_ms(timeout_ms);
  return r;
}

// A machine whose runtime was started at t=0 and asked /next at t=100.
InvocationMachine ReadyMachine() {
  InvocationMachine m;
  m.RuntimeStarted(0);
  EXPECT_FALSE(m.Next(100).has_value());
  return m;
}

TEST(InvocationMachineTest, FirstSubmitStartsTheRuntime) {
  InvocationMachine m;
  auto fx = m.Submit(Request("a"), 0);
  ASSERT_TRUE(fx.ok());
  EXPECT_TRUE(fx->start_runtime);
  EXPECT_FALSE(fx->deliver.has_value());
  m.RuntimeStarted(10);
  auto next = m.Next(50);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->request_id(), "a");
}

// AWS's timeout covers the handler, not the runtime's start: an invocation
// that waited 2 s for a (re)starting runtime gets its deadline moved by 2 s.
TEST(InvocationMachineTest, DeadlineRunsFromDelivery) {
  InvocationMachine m;
  auto req = Request("late", 1000);
  req.set_deadline_unix_ms(1'700'000'001'000);
  ASSERT_TRUE(m.Submit(std::move(req), 0).ok());
  m.RuntimeStarted(10);
  auto next = m.Next(2'000'000);  // 2 s later, in micros
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->deadline_unix_ms(), 1'700'000'003'000);
  EXPECT_EQ(m.current_deadline_unix_ms(), 1'700'000'003'000);
}

TEST(InvocationMachineTest, ParkedRuntimeKeepsTheDeadline) {
  InvocationMachine m = ReadyMachine();
  auto req = Request("now", 1000);
  req.set_deadline_unix_ms(1'700'000'001'000);
  auto fx = m.Submit(std::move(req), 200);
  ASSERT_TRUE(fx.ok() && fx->deliver.has_value());
  EXPECT_EQ(fx->deliver->deadline_unix_ms(), 1'700'000'001'000);
}

TEST(InvocationMachineTest, SubmitWakesParkedNext) {
  InvocationMachine m = ReadyMachine();
  EXPECT_TRUE(m.next_parked());
  auto fx = m.Submit(Request("a"), 200);
  ASSERT_TRUE(fx.ok());
  ASSERT_TRUE(fx->deliver.has_value());
  EXPECT_EQ(fx->deliver->request_id(), "a");
  EXPECT_FALSE(fx->start_runtime);
  EXPECT_FALSE(m.next_parked());
}

TEST(InvocationMachineTest, ResponseFinishesWithDurationsAndInitOnce) {
  InvocationMachine m = ReadyMachine();
  ASSERT_TRUE(m.Submit(Request("a"), 200).ok());
  auto post = m.Respond("a", "ok", 700);
  ASSERT_TRUE(post.accepted);
  ASSERT_TRUE(post.effects.result.has_value());
  EXPECT_EQ(post.effects.result->response(), "ok");
  EXPECT_EQ(post.effects.result->request_id(), "a");
  EXPECT_EQ(post.effects.result->run_duration_us(), 500u);
  EXPECT_EQ(post.effects.result->init_duration_us(), 100u);
  EXPECT_FALSE(post.effects.result->runtime_restarted());
  EXPECT_FALSE(m.has_current());

  EXPECT_FALSE(m.Next(800).has_value());
  ASSERT_TRUE(m.Submit(Request("b"), 900).ok());
  auto second = m.Respond("b", "ok", 950);
  EXPECT_EQ(second.effects.result->init_duration_us(), 0u);
}

TEST(InvocationMachineTest, SecondSubmitWhileOutstandingIsAProtocolError) {
  InvocationMachine m = ReadyMachine();
  ASSERT_TRUE(m.Submit(Request("a"), 200).ok());
  auto again = m.Submit(Request("b"), 201);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kProtocol);
}

TEST(InvocationMachineTest, WrongOrUndeliveredIdIsRejected) {
  InvocationMachine m;
  m.RuntimeStarted(0);
  ASSERT_TRUE(m.Submit(Request("a"), 10).ok());
  EXPECT_FALSE(m.Respond("a", "early", 20).accepted);  // not delivered yet
  ASSERT_TRUE(m.Next(30).has_value());
  EXPECT_FALSE(m.Respond("zzz", "x", 40).accepted);
  EXPECT_FALSE(m.Fail("zzz", MakeFunctionError("E", "m"), 40).accepted);
  EXPECT_TRUE(m.has_current());
  EXPECT_TRUE(m.Respond("a", "x", 50).accepted);
}

TEST(InvocationMachineTest, LateResponseAfterTimeoutIsRejected) {
  InvocationMachine m = ReadyMachine();
  ASSERT_TRUE(m.Submit(Request("a", 1500), 200).ok());
  Effects fx = m.DeadlineExpired("a", 1'500'200);
  ASSERT_TRUE(fx.result.has_value());
  EXPECT_TRUE(fx.kill_runtime);
  EXPECT_TRUE(fx.result->runtime_restarted());
  EXPECT_EQ(fx.result->error().type(), "Sandbox.Timedout");
  EXPECT_EQ(fx.result->error().message(), "RequestId: a Error: Task timed out after 1.50 seconds");
  EXPECT_FALSE(m.runtime_running());
  EXPECT_FALSE(m.Respond("a", "late", 1'600'000).accepted);
  // The next call starts a fresh runtime.
  auto next = m.Submit(Request("b"), 1'700'000);
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE(next->start_runtime);
}

TEST(InvocationMachineTest, StaleDeadlineIsIgnored) {
  InvocationMachine m = ReadyMachine();
  ASSERT_TRUE(m.Submit(Request("a"), 200).ok());
  ASSERT_TRUE(m.Respond("a", "ok", 300).accepted);
  Effects fx = m.DeadlineExpired("a", 400);
  EXPECT_FALSE(fx.result.has_value());
  EXPECT_FALSE(fx.kill_runtime);
  EXPECT_TRUE(m.runtime_running());
}

TEST(InvocationMachineTest, ExitMidInvocationIsRuntimeExitError) {
  InvocationMachine m = ReadyMachine();
  ASSERT_TRUE(m.Submit(Request("req-1"), 200).ok());
  Effects fx = m.RuntimeExited("exit status 3", 300);
  ASSERT_TRUE(fx.result.has_value());
  EXPECT_FALSE(fx.kill_runtime);
  EXPECT_TRUE(fx.result->runtime_restarted());
  EXPECT_EQ(fx.result->error().type(), "Runtime.ExitError");
  EXPECT_EQ(fx.result->error().message(),
            "RequestId: req-1 Error: Runtime exited with error: exit status 3");
  EXPECT_NE(fx.result->error().body().find("\"errorType\":\"Runtime.ExitError\""),
            std::string::npos);
  auto next = m.Submit(Request("req-2"), 400);
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE(next->start_runtime);
}

TEST(InvocationMachineTest, OomKillMidInvocationIsRuntimeOutOfMemory) {
  InvocationMachine m = ReadyMachine();
  ASSERT_TRUE(m.Submit(Request("req-1"), 200).ok());
  Effects fx = m.RuntimeExited("signal: killed", 300, ExitCause::kOutOfMemory);
  ASSERT_TRUE(fx.result.has_value());
  EXPECT_TRUE(fx.result->runtime_restarted());
  EXPECT_EQ(fx.result->error().type(), "Runtime.OutOfMemory");
  EXPECT_EQ(fx.result->error().message(),
            "RequestId: req-1 Error: Runtime exited with error: signal: killed");
  EXPECT_NE(fx.result->error().body().find("\"errorType\":\"Runtime.OutOfMemory\""),
            std::string::npos);
  auto next = m.Submit(Request("req-2"), 400);
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE(next->start_runtime);
}

TEST(InvocationMachineTest, ExitWhileIdleProducesNoResultAndRestartsLazily) {
  InvocationMachine m = ReadyMachine();
  Effects fx = m.RuntimeExited("signal: killed", 300);
  EXPECT_FALSE(fx.result.has_value());
  EXPECT_FALSE(fx.start_runtime);
  EXPECT_FALSE(m.next_parked());
  auto next = m.Submit(Request("a"), 400);
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE(next->start_runtime);
}

TEST(InvocationMachineTest, InitErrorBeforeFirstInvokeAnswersTheNextOne) {
  InvocationMachine m;
  m.RuntimeStarted(0);
  Effects fx = m.InitFailed(
      FunctionErrorFromPost(R"({"errorType":"ImportError","errorMessage":"no"})", ""), 50);
  EXPECT_FALSE(fx.result.has_value());
  EXPECT_FALSE(m.RuntimeExited("exit status 1", 60).result.has_value());
  auto sub = m.Submit(Request("a"), 100);
  ASSERT_TRUE(sub.ok());
  ASSERT_TRUE(sub->result.has_value());
  EXPECT_EQ(sub->result->error().type(), "ImportError");
  EXPECT_TRUE(sub->result->runtime_restarted());
  EXPECT_FALSE(sub->start_runtime);
  // Only once: the call after that initialises afresh.
  auto again = m.Submit(Request("b"), 200);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->result.has_value());
  EXPECT_TRUE(again->start_runtime);
}

TEST(InvocationMachineTest, InitErrorDuringPendingInvokeAnswersItAndKills) {
  InvocationMachine m;
  ASSERT_TRUE(m.Submit(Request("a"), 0).ok());
  m.RuntimeStarted(1);
  Effects fx = m.InitFailed(FunctionErrorFromPost("not json", "Runtime.Bad"), 50);
  ASSERT_TRUE(fx.result.has_value());
  EXPECT_TRUE(fx.kill_runtime);
  EXPECT_EQ(fx.result->error().type(), "Runtime.Bad");
  EXPECT_EQ(fx.result->error().message(), "not json");
}

TEST(InvocationMachineTest, ControllerLostKillsAndRestarts) {
  InvocationMachine m = ReadyMachine();
  ASSERT_TRUE(m.Submit(Request("a"), 200).ok());
  Effects fx = m.ControllerLost(300);
  EXPECT_FALSE(fx.result.has_value());
  EXPECT_TRUE(fx.kill_runtime);
  EXPECT_TRUE(fx.start_runtime);
  EXPECT_FALSE(m.has_current());
  EXPECT_FALSE(m.Respond("a", "late", 400).accepted);
}

TEST(InvocationMachineTest, ControllerLostWhileIdleDoesNothing) {
  InvocationMachine m = ReadyMachine();
  Effects fx = m.ControllerLost(300);
  EXPECT_FALSE(fx.kill_runtime);
  EXPECT_FALSE(fx.start_runtime);
  EXPECT_TRUE(m.runtime_running());
}

TEST(InvocationMachineTest, TooLargeResponseIsFunctionError) {
  InvocationMachine m = ReadyMachine();
  ASSERT_TRUE(m.Submit(Request("a"), 200).ok());
  auto post = m.RespondTooLarge("a", 300);
  ASSERT_TRUE(post.accepted);
  EXPECT_EQ(post.effects.result->error().type(), "Function.ResponseSizeTooLarge");
  EXPECT_FALSE(post.effects.result->runtime_restarted());
}

}  // namespace
}  // namespace lambdex::agent
