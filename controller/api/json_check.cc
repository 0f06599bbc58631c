#include "controller/api/json_check.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <cstdint>
#include <limits>

namespace lambdex::api {
namespace {

namespace json = boost::json;
using boost::system::error_code;

// basic_parser's handler that keeps nothing: every event is accepted.
struct NullHandler {
  static constexpr std::size_t max_object_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_array_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_key_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_string_size = std::numeric_limits<std::size_t>::max();

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_object_begin(error_code&) { return true; }
  bool on_object_end(std::size_t, error_code&) { return true; }
  bool on_array_begin(error_code&) { return true; }
  bool on_array_end(std::size_t, error_code&) { return true; }
  bool on_key_part(json::string_view, std::size_t, error_code&) { return true; }
  bool on_key(json::string_view, std::size_t, error_code&) { return true; }
  bool on_string_part(json::string_view, std::size_t, error_code&) { return true; }
  bool on_string(json::string_view, std::size_t, error_code&) { return true; }
  bool on_number_part(json::string_view, error_code&) { return true; }
  bool on_int64(std::int64_t, json::string_view, error_code&) { return true; }
  bool on_uint64(std::uint64_t, json::string_view, error_code&) { return true; }
  bool on_double(double, json::string_view, error_code&) { return true; }
  bool on_bool(bool, error_code&) { return true; }
  bool on_null(error_code&) { return true; }
  bool on_comment_part(json::string_view, error_code&) { return true; }
  bool on_comment(json::string_view, error_code&) { return true; }
};

}  // namespace

error_code CheckJson(std::string_view text) {
  json::basic_parser<NullHandler> parser{json::parse_options{}};
  error_code ec;
  const std::size_t n = parser.write_some(false, text.data(), text.size(), ec);
  // As stream_parser::write does: a complete value followed by more is an error.
  if (!ec && n < text.size()) ec = json::error::extra_data;
  return ec;
}

}  // namespace lambdex::api
