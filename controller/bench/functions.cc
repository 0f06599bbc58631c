#include "controller/bench/functions.h"

#include <archive.h>
#include <archive_entry.h>

#include <boost/beast/core/detail/base64.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <memory>

namespace lambdex::bench {
namespace {

la_ssize_t AppendToString(struct archive*, void* client, const void* buffer, size_t length) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

// Embeds `text` in Python source as a single-quoted literal.
std::string PyLiteral(const std::string& text) {
  std::string out = "'";
  for (char ch : text) {
    if (ch == '\\' || ch == '\'') out += '\\';
    out += ch;
  }
  return out + "'";
}

std::string ArchiveError(struct archive* a) {
  const char* message = archive_error_string(a);
  return message ? message : "unknown error";
}

}  // namespace

const char kEchoSource[] =
    "def handler(event, context):\n"
    "    return event\n";

const char kInitHeavySource[] =
    "import time\n"
    "time.sleep(1)\n"
    "\n"
    "def handler(event, context):\n"
    "    return event\n";

Result<std::string> MakeZip(const std::map<std::string, std::string>& files) {
  std::unique_ptr<struct archive, int (*)(struct archive*)> a(archive_write_new(),
                                                              archive_write_free);
  std::string out;
  auto fail = [&](const char* what) {
    return MakeError(ErrorCode::kInternal, std::string(what) + ": " + ArchiveError(a.get()));
  };
  if (archive_write_set_format_zip(a.get()) != ARCHIVE_OK) return fail("zip format");
  if (archive_write_open(a.get(), &out, nullptr, AppendToString, nullptr) != ARCHIVE_OK) {
    return fail("open");
  }
  for (const auto& [name, content] : files) {
    std::unique_ptr<struct archive_entry, void (*)(struct archive_entry*)> e(archive_entry_new(),
                                                                             archive_entry_free);
    archive_entry_set_pathname(e.get(), name.c_str());
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(content.size()));
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK) return fail("header");
    if (archive_write_data(a.get(), content.data(), content.size()) !=
        static_cast<la_ssize_t>(content.size())) {
      return fail("data");
    }
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK) return fail("close");
  return out;
}

std::string Base64(const std::string& bytes) {
  namespace b64 = boost::beast::detail::base64;
  std::string out(b64::encoded_size(bytes.size()), '\0');
  out.resize(b64::encode(out.data(), bytes.data(), bytes.size()));
  return out;
}

Result<std::string> CreateFunctionBody(const std::string& name, const std::string& runtime,
                                       const std::string& source) {
  auto zip = MakeZip({{"app.py", source}});
  if (!zip) return zip.error();
  boost::json::object body{{"FunctionName", name},
                           {"Runtime", runtime},
                           {"Role", "arn:aws:iam::000000000000:role/lambdex-bench"},
                           {"Handler", "app.handler"},
                           {"Timeout", 60},
                           {"Code", {{"ZipFile", Base64(*zip)}}}};
  return boost::json::serialize(body);
}

std::string EchoPayload(int bytes) {
  constexpr int kOverhead = 11;  // {"data":""}
  return "{\"data\":\"" +
         std::string(static_cast<std::size_t>(std::max(0, bytes - kOverhead)), 'x') + "\"}";
}

std::string HandlerCallScript(const std::string& payload) {
  return "import json\n"
         "def handler(event, context):\n"
         "    return event\n"
         "print(json.dumps(handler(json.loads(" +
         PyLiteral(payload) + "), None)))\n";
}

std::string InProcessLoopScript(const std::string& payload) {
  return "import json, timeit\n"
         "def handler(event, context):\n"
         "    return event\n"
         "p = " +
         PyLiteral(payload) +
         "\n"
         "f = lambda: json.dumps(handler(json.loads(p), None))\n"
         "n, t = timeit.Timer(f).autorange()\n"
         "best = min(timeit.repeat(f, number=n, repeat=5)) / n\n"
         "print(best * 1e6)\n";
}

}  // namespace lambdex::bench
