// The link's frame codec on the payload sizes that matter: a 1 KB event (the
// warm path) and a 6 MB one (AWS's synchronous cap).
#include <benchmark/benchmark.h>

#include <string>

#include "shared/framing/frame.h"

namespace lambdex::framing {
namespace {

link::Envelope InvokeOf(std::size_t payload_bytes) {
  link::Envelope env;
  auto* invoke = env.mutable_invoke();
  invoke->set_request_id("6bc28136-8bc6-4c0c-9d2e-5a1a1d0c8e11");
  invoke->set_payload(std::string(payload_bytes, 'x'));
  invoke->set_invoked_function_arn("arn:aws:lambda:us-east-1:000000000000:function:bench");
  invoke->set_timeout_ms(3000);
  return env;
}

void BM_EncodeFrame(benchmark::State& state) {
  const link::Envelope env = InvokeOf(static_cast<std::size_t>(state.range(0)));
  std::string out;
  for (auto _ : state) {
    out.clear();
    auto st = EncodeFrame(env, &out);
    benchmark::DoNotOptimize(st);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_EncodeFrame)->Arg(1024)->Arg(6 << 20);

// A whole frame appended at once, as after one large read.
void BM_DecodeFrameWhole(benchmark::State& state) {
  std::string wire;
  (void)EncodeFrame(InvokeOf(static_cast<std::size_t>(state.range(0))), &wire);
  for (auto _ : state) {
    FrameDecoder decoder;
    decoder.Append(wire);
    auto frame = decoder.Next();
    benchmark::DoNotOptimize(frame);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_DecodeFrameWhole)->Arg(1024)->Arg(6 << 20);

// The frame arriving in 64 KiB reads, as from a socket, with Next() tried
// after each one: shows whether partial frames are re-scanned or re-copied.
void BM_DecodeFrameChunked(benchmark::State& state) {
  std::string wire;
  (void)EncodeFrame(InvokeOf(static_cast<std::size_t>(state.range(0))), &wire);
  constexpr std::size_t kChunk = 64 * 1024;
  for (auto _ : state) {
    FrameDecoder decoder;
    for (std::size_t at = 0; at < wire.size(); at += kChunk) {
      decoder.Append(std::string_view(wire).substr(at, kChunk));
      auto frame = decoder.Next();
      benchmark::DoNotOptimize(frame);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_DecodeFrameChunked)->Arg(1024)->Arg(6 << 20);

// A long-lived decoder fed one frame per call, as on a warm link.
void BM_DecodeFrameSteadyState(benchmark::State& state) {
  std::string wire;
  (void)EncodeFrame(InvokeOf(static_cast<std::size_t>(state.range(0))), &wire);
  FrameDecoder decoder;
  for (auto _ : state) {
    decoder.Append(wire);
    auto frame = decoder.Next();
    benchmark::DoNotOptimize(frame);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_DecodeFrameSteadyState)->Arg(1024)->Arg(6 << 20);

}  // namespace
}  // namespace lambdex::framing
