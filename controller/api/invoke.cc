// Invoke: POST /2015-03-31/functions/{name}/invocations.
// RequestResponse runs the function and answers 200 with its payload (a
// function error is still 200, flagged by X-Amz-Function-Error); Event
// answers 202 and queues it (event_queue.h: retries as AWS does); DryRun only
// checks, 204. Calls beyond the function's reserved concurrency get 429.
#include <boost/asio/this_coro.hpp>

#include "controller/api/errors.h"
#include "controller/api/invocation_log.h"
#include "controller/api/json_check.h"
#include "controller/api/operations.h"
#include "controller/functions/encoding.h"

namespace lambdex::api {
namespace {

namespace asio = boost::asio;

constexpr std::size_t kMaxPayloadBytes = 6'291'456;

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidRequest, std::move(message));
}

std::string Header(const HttpRequest& req, std::string_view name) {
  auto it = req.find(name);
  return it == req.end() ? std::string() : std::string(it->value());
}

// The InvokeInput, or the error to answer with. Takes the payload out of the
// request body (up to 6 MB: moved, never copied).
Result<InvokeInput> BuildInput(const ApiRequest& req) {
  InvokeInput input;
  if (std::string ctx64 = Header(req.http, "X-Amz-Client-Context"); !ctx64.empty()) {
    std::optional<std::string> decoded = Base64Decode(ctx64);
    if (!decoded || CheckJson(*decoded)) {
      return Invalid("Client context must be a valid Base64-encoded JSON object.");
    }
    input.client_context = std::move(*decoded);
  }
  input.request_id = req.request_id;
  input.trace_id = Header(req.http, "X-Amzn-Trace-Id");
  if (req.http.body().empty()) {
    input.payload = "{}";
  } else {
    input.payload = std::move(req.http.body());
  }
  return input;
}

}  // namespace

asio::awaitable<HttpResponse> Invoke(ApiContext& ctx, const ApiRequest& req) {
  const unsigned v = req.http.version();
  std::string type = Header(req.http, "X-Amz-Invocation-Type");
  if (type.empty()) type = "RequestResponse";
  if (type != "RequestResponse" && type != "Event" && type != "DryRun") {
    co_return ErrorResponse(Invalid("Value '" + type +
                                    "' at 'invocationType' failed to satisfy "
                                    "constraint: Member must satisfy enum value set: [Event, "
                                    "RequestResponse, DryRun]"),
                            v);
  }
  const std::string log_type = Header(req.http, "X-Amz-Log-Type");
  if (!log_type.empty() && log_type != "None" && log_type != "Tail") {
    co_return ErrorResponse(Invalid("Value '" + log_type +
                                    "' at 'logType' failed to satisfy "
                                    "constraint: Member must satisfy enum value set: [Tail, "
                                    "None]"),
                            v);
  }
  Result<FunctionSnapshot> snapshot = LookupFunction(ctx, req);
  if (!snapshot) co_return ErrorResponse(snapshot.error(), v);
  const FunctionSnapshot fn = std::move(*snapshot);  // pins it across co_await
  const std::string& body = req.http.body();
  if (body.size() > kMaxPayloadBytes) {
    co_return ErrorResponse(
        RequestTooLarge("Request must be smaller than " + std::to_string(kMaxPayloadBytes) +
                        " bytes for the InvokeFunction operation"),
        v);
  }
  if (!body.empty()) {
    if (boost::system::error_code ec = CheckJson(body)) {
      co_return ErrorResponse(InvalidRequestContent("Could not parse request body into json: "
                                                    "Could not parse payload into json: " +
                                                    ec.message()),
                              v);
    }
  }
  Result<InvokeInput> input = BuildInput(req);
  if (!input) co_return ErrorResponse(input.error(), v);
  if (type == "DryRun") co_return EmptyResponse(204, v);
  if (type == "Event") {
    Status queued =
        ctx.events.Enqueue(ctx, co_await asio::this_coro::executor, fn->name, std::move(*input));
    if (!queued) co_return ErrorResponse(queued.error(), v);
    co_return EmptyResponse(202, v);
  }

  // Reserved concurrency is enforced here, whatever the executor.
  std::optional<ConcurrencyTracker::Slot> slot =
      ctx.concurrency.TryAcquire(fn->name, fn->reserved_concurrency);
  if (!slot) {
    co_return ErrorResponse(Throttled("ReservedFunctionConcurrentInvocationLimitExceeded"), v);
  }
  Result<InvokeOutput> out = co_await ctx.executor.Invoke(*fn, std::move(*input));
  slot.reset();
  if (!out) co_return ErrorResponse(out.error(), v);
  HttpResponse res{boost::beast::http::status::ok, v};
  res.set(boost::beast::http::field::content_type, "application/json");
  res.set("X-Amz-Executed-Version", fn->version);
  if (!out->function_error.empty()) res.set("X-Amz-Function-Error", out->function_error);
  const std::string log = FormatInvocationLog(req.request_id, fn->version, fn->memory_mb, *out);
  RecordInvocationLog(ctx.code_store.data_dir(), fn->name, log);
  if (log_type == "Tail") res.set("X-Amz-Log-Result", Base64Encode(LogTail(log)));
  res.body() = std::move(out->payload);
  res.prepare_payload();
  co_return res;
}

}  // namespace lambdex::api
