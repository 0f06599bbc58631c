// A Lambda API wired to fakes for handler tests: a real registry and code
// store in a temp dir, a FakeExecutor, a fixed clock and counting ids.
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "controller/api/api_context.h"
#include "controller/api/api_handler.h"
#include "controller/functions/encoding.h"
#include "tests/fakes/fake_executor.h"
#include "tests/unit/controller/functions/temp_dir.h"
#include "tests/unit/controller/functions/zip_builder.h"

namespace lambdex::api::testing {

class ApiTestEnv {
 public:
  ApiTestEnv()
      : function_store_(data_.path()),
        registry_(&function_store_),
        store_(data_.path()),
        ctx_{.registry = registry_, .code_store = store_, .executor = executor_} {
    ctx_.new_id = [this] { return "id-" + std::to_string(++ids_); };
    ctx_.now = [] {
      return std::chrono::system_clock::time_point(std::chrono::seconds(1796315656));
    };
  }

  // Runs the handler to completion, plus anything it spawned (Event invokes).
  HttpResponse Send(boost::beast::http::verb method, std::string target, std::string body = "",
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    HttpRequest req{method, target, 11};
    for (auto& [k, v] : headers) req.set(k, v);
    req.body() = std::move(body);
    req.prepare_payload();
    HttpResponse res;
    boost::asio::io_context io;
    boost::asio::co_spawn(io, HandleApiRequest(ctx_, std::move(req)),
                          [&res](std::exception_ptr e, HttpResponse r) {
                            if (e) std::rethrow_exception(e);
                            res = std::move(r);
                          });
    io.run();
    return res;
  }

  // Starts every request at once on one io_context (so invocations overlap
  // when the executor has a delay), runs to completion; responses in order.
  std::vector<HttpResponse> SendTogether(boost::beast::http::verb method, std::string target,
                                         int count, std::string body = "{}") {
    std::vector<HttpResponse> out(static_cast<std::size_t>(count));
    boost::asio::io_context io;
    for (int i = 0; i < count; ++i) {
      HttpRequest req{method, target, 11};
      req.body() = body;
      req.prepare_payload();
      boost::asio::co_spawn(io, HandleApiRequest(ctx_, std::move(req)),
                            [&out, i](std::exception_ptr e, HttpResponse r) {
                              if (e) std::rethrow_exception(e);
                              out[static_cast<std::size_t>(i)] = std::move(r);
                            });
    }
    io.run();
    return out;
  }

  // The handler for a real server; runs on the caller's io_context.
  boost::asio::awaitable<HttpResponse> Handle(HttpRequest req) {
    return HandleApiRequest(ctx_, std::move(req));
  }

  static std::string CreateBody(const std::string& name,
                                const std::string& runtime = "python3.12") {
    const std::string zip =
        lambdex::testing::BuildZip({{"app.py", "def handler(e, c):\n    return e\n"}});
    boost::json::object body{{"FunctionName", name},
                             {"Runtime", runtime},
                             {"Handler", "app.handler"},
                             {"Role", "arn:aws:iam::000000000000:role/r"},
                             {"Code", {{"ZipFile", Base64Encode(zip)}}}};
    return boost::json::serialize(body);
  }

  HttpResponse Create(const std::string& name) {
    return Send(boost::beast::http::verb::post, "/2015-03-31/functions", CreateBody(name));
  }

  FunctionRegistry& registry() { return registry_; }
  ApiContext& ctx() { return ctx_; }
  lambdex::testing::FakeExecutor& executor() { return executor_; }
  const std::filesystem::path& data_dir() const { return data_.path(); }

 private:
  lambdex::testing::TempDir data_;
  FunctionStore function_store_;
  FunctionRegistry registry_;
  CodeStore store_;
  lambdex::testing::FakeExecutor executor_;
  ApiContext ctx_;
  int ids_ = 0;
};

inline boost::json::object Json(const HttpResponse& res) {
  return boost::json::parse(res.body()).as_object();
}

}  // namespace lambdex::api::testing
