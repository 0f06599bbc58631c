// Scripts for FakeEngine streams that play lambdex's one-shot agent.
#pragma once

#include <memory>
#include <string>

#include "shared/framing/frame.h"
#include "tests/fakes/fake_engine.h"

namespace lambdex::testing {

inline std::string Encoded(const link::Envelope& env) {
  std::string out;
  if (!framing::EncodeFrame(env, &out).ok()) return {};
  return out;
}

// Hello at once; answers the InvokeRequest with "<container id>:<payload>",
// then exits 0.
inline void OneShotAgent(docker::FakeStdio& p) {
  link::Envelope hello;
  hello.mutable_hello()->set_oneshot(true);
  p.WriteStdout(Encoded(hello));
  p.on_stdin = [decoder = std::make_shared<framing::FrameDecoder>(),
                fed = std::size_t{0}](docker::FakeStdio& p) mutable {
    decoder->Append(std::string_view(p.stdin_bytes()).substr(fed));
    fed = p.stdin_bytes().size();
    auto next = decoder->Next();
    if (!next.ok() || !next->has_value()) return;
    const link::InvokeRequest& req = (*next)->invoke();
    link::Envelope out;
    out.mutable_result()->set_request_id(req.request_id());
    out.mutable_result()->set_response(p.container_id() + ":" + req.payload());
    p.WriteStdout(Encoded(out));
    p.Exit(0);
  };
}

// Hello, then dies as soon as the request arrives, without answering.
inline void DyingAgent(docker::FakeStdio& p) {
  link::Envelope hello;
  hello.mutable_hello()->set_oneshot(true);
  p.WriteStdout(Encoded(hello));
  p.on_stdin = [](docker::FakeStdio& p) { p.Exit(1); };
}

}  // namespace lambdex::testing
