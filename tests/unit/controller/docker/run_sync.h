// Runs one coroutine to completion on an io_context (tests only). Stops the
// context when the coroutine ends, so servers spawned on it may keep waiting.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>
#include <utility>

namespace lambdex::testing {

template <typename T>
T RunSync(boost::asio::io_context& io, boost::asio::awaitable<T> coro) {
  std::optional<T> out;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        out.emplace(co_await std::move(coro));
        io.stop();
      },
      boost::asio::detached);
  io.restart();
  io.run();
  return std::move(*out);
}

template <typename T>
T RunSync(boost::asio::awaitable<T> coro) {
  boost::asio::io_context io;
  return RunSync(io, std::move(coro));
}

}  // namespace lambdex::testing
