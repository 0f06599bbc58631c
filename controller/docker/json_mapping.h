// Translation between lambdex's container types and the Docker Engine API's
// JSON (API v1.41). Pure functions: text in, values out, no I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "controller/docker/engine.h"
#include "shared/util/result.h"

namespace lambdex::docker {

// Body of POST /containers/create for `spec` (the name travels in the query).
std::string CreateContainerBody(const ContainerSpec& spec);

// The "Id" from a create response.
Result<std::string> ParseCreateResponse(std::string_view body);

// GET /containers/{id}/json -> ContainerInfo.
Result<ContainerInfo> ParseInspect(std::string_view body);

// GET /images/{name}/json -> ImageInfo (Config.Entrypoint, Cmd, WorkingDir, Env).
Result<ImageInfo> ParseImageInspect(std::string_view body);

// GET /containers/json -> one ContainerInfo per entry. The list API reports
// no exit code field; it is read from Status ("Exited (137) 2 seconds ago").
Result<std::vector<ContainerInfo>> ParseContainerList(std::string_view body);

// Body of POST /containers/{id}/exec; `attach` attaches stdin, stdout and
// stderr (Tty off, so the output comes multiplexed).
std::string CreateExecBody(const ExecSpec& spec, bool attach = false);
// Body of POST /exec/{id}/start.
std::string StartExecBody(bool detach = true);
// POST /containers/{id}/wait -> the exit code ("StatusCode"); kInternal when
// the daemon reports an "Error" message instead.
Result<int> ParseWaitResponse(std::string_view body);
// GET /exec/{id}/json -> ExecInfo.
Result<ExecInfo> ParseExecInspect(std::string_view body);

// The `filters` query value (JSON, not yet URL-encoded) selecting `labels`.
std::string LabelFilter(const Labels& labels);

// Maps a daemon answer with status >= 400 to an Error: 404 kNotFound, 409
// kConflict, anything else kInternal. The message is the daemon's "message"
// (or the raw body), prefixed with `what`, e.g. "create container".
Error ErrorFromStatus(int status, std::string_view body, std::string_view what);

// Percent-encodes everything but unreserved characters and those in `keep`.
std::string UrlEncode(std::string_view text, std::string_view keep = "");

}  // namespace lambdex::docker
