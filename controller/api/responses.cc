#include "controller/api/responses.h"

#include <boost/json/serialize.hpp>

namespace lambdex::api {

namespace http = boost::beast::http;

HttpResponse JsonResponse(unsigned status, const boost::json::value& body, unsigned http_version) {
  HttpResponse res{static_cast<http::status>(status), http_version};
  res.set(http::field::content_type, "application/json");
  res.body() = boost::json::serialize(body);
  res.prepare_payload();
  return res;
}

HttpResponse EmptyResponse(unsigned status, unsigned http_version) {
  HttpResponse res{static_cast<http::status>(status), http_version};
  res.set(http::field::content_type, "application/json");
  res.prepare_payload();
  return res;
}

}  // namespace lambdex::api
