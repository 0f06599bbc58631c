// Checks that bytes are one JSON text, the way boost::json::parse would judge
// them (same default options, same error codes), without building a DOM: no
// allocation beyond the parser's small nesting stack. Pure; thread-safe.
#pragma once

#include <boost/system/error_code.hpp>
#include <string_view>

namespace lambdex::api {

// Empty error_code if `text` is exactly one JSON value (whitespace around it is
// allowed); otherwise Boost.JSON's error, e.g. error::incomplete for "" or
// error::extra_data for "{} x".
boost::system::error_code CheckJson(std::string_view text);

}  // namespace lambdex::api
