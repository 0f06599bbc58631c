"""lambdex/nodejs and lambdex/provided, end to end: the real image, the real
static agent in one-shot mode, one real invocation per test.

Run: /usr/bin/python3 -m pytest tests/integration/runtimes
Needs the Docker daemon, the images (scripts/build-images.sh), the agent
(LAMBDEX_AGENT, else build/bin or build-agent/bin) and gcc for the provided
tests' static Runtime API client. Missing pieces fail, never skip.

Each test writes a function into a temp dir, mounts it read-only at /var/task
and talks to the agent over the container's stdin/stdout with the link
protocol (shared/proto/PROTOCOL.md): Hello out, InvokeRequest in,
InvokeResult out. Containers carry `lambdex.test=<run id>`; teardown removes
any that outlive their test.
"""

import json
import os
import shutil
import struct
import subprocess
import textwrap
import threading
import time
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
NODE_IMAGE = "lambdex/nodejs:latest"
PROVIDED_IMAGE = "lambdex/provided:latest"
BOOTSTRAP = "/var/runtime/bootstrap"
FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:fn"
RUN_TIMEOUT_S = 120


# ------------------------------------------------------------------ protobuf
# Just the wire format the few link messages need: varints and
# length-delimited fields. Field numbers follow shared/proto/lambdex.proto.

def _varint(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def pb_field(number, value):
    """One field: int -> varint (wire type 0), str/bytes -> length-delimited."""
    if isinstance(value, int):
        return _varint(number << 3) + _varint(value)
    if isinstance(value, str):
        value = value.encode()
    return _varint(number << 3 | 2) + _varint(len(value)) + value


def pb_decode(data):
    """{field number: [values]}; varints as int, length-delimited as bytes."""
    fields, i = {}, 0

    def varint():
        nonlocal i
        shift = result = 0
        while True:
            byte = data[i]
            i += 1
            result |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return result

    while i < len(data):
        key = varint()
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value = varint()
        elif wire_type == 2:
            length = varint()
            value, i = bytes(data[i:i + length]), i + length
        elif wire_type in (1, 5):
            size = 8 if wire_type == 1 else 4
            value, i = bytes(data[i:i + size]), i + size
        else:
            raise ValueError(f"unexpected wire type {wire_type}")
        fields.setdefault(number, []).append(value)
    return fields


def pb_one(fields, number, default=None):
    values = fields.get(number)
    return values[-1] if values else default


def invoke_request_envelope(request_id, payload, timeout_ms=60000):
    request = b"".join([
        pb_field(1, request_id),
        pb_field(2, payload),
        pb_field(3, int(time.time() * 1000) + timeout_ms),
        pb_field(4, FUNCTION_ARN),
        pb_field(5, "Root=1-00000000-000000000000000000000001;Parent=0000000000000001;Sampled=0"),
        pb_field(8, timeout_ms),
    ])
    return pb_field(2, request)  # Envelope.invoke


def frame(body):
    return struct.pack(">I", len(body)) + body


def read_frame(stream):
    header = stream.read(4)
    if len(header) < 4:
        raise EOFError(f"stream ended before a frame header ({len(header)} bytes)")
    (length,) = struct.unpack(">I", header)
    body = stream.read(length)
    if len(body) < length:
        raise EOFError(f"stream ended inside a frame ({len(body)}/{length} bytes)")
    return body


class Result:
    """A decoded InvokeResult, plus the container's exit code and stderr."""

    def __init__(self, hello, result, returncode, stderr):
        self.hello = hello
        self.request_id = pb_one(result, 1, b"").decode()
        self.response = pb_one(result, 2)
        error = pb_one(result, 3)
        self.error = None
        if error is not None:
            e = pb_decode(error)
            self.error = {
                "type": pb_one(e, 1, b"").decode(),
                "message": pb_one(e, 2, b"").decode(),
                "body": json.loads(pb_one(e, 3, b"null")),
            }
        self.log_tail = pb_one(result, 4, b"").decode(errors="replace")
        self.init_duration_us = pb_one(result, 5, 0)
        self.returncode = returncode
        self.stderr = stderr

    def json(self):
        assert self.error is None, f"function failed: {self.error}\n{self.describe()}"
        assert self.response is not None, self.describe()
        return json.loads(self.response)

    def describe(self):
        return (f"log_tail:\n{self.log_tail}\ncontainer exit {self.returncode}, "
                f"stderr:\n{self.stderr}")


# ------------------------------------------------------------------ fixtures

def _agent_path():
    candidates = [os.environ.get("LAMBDEX_AGENT"),
                  REPO / "build" / "bin" / "lambdex-agent",
                  REPO / "build-agent" / "bin" / "lambdex-agent"]
    for c in candidates:
        if c and Path(c).is_file():
            return str(Path(c).resolve())
    pytest.fail("lambdex-agent not found: set LAMBDEX_AGENT or build it (scripts/test.sh)")


def _require_image(image):
    probe = subprocess.run(["docker", "image", "inspect", image], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.fail(f"{image} missing ({probe.stderr.strip()}); run scripts/build-images.sh")


@pytest.fixture(scope="session")
def docker_ready():
    try:
        probe = subprocess.run(["docker", "version", "--format", "{{.Server.Version}}"],
                               capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        pytest.fail("docker CLI not installed")
    if probe.returncode != 0:
        pytest.fail(f"Docker daemon not reachable: {probe.stderr.strip()}")


@pytest.fixture
def invoke(docker_ready, tmp_path):
    """invoke(image, files, handler, event) -> Result, one container per call.

    `files` maps a path under /var/task to text, bytes, or (content, mode)."""
    agent = _agent_path()
    label = uuid.uuid4().hex[:12]
    calls = []

    def run(image, files, handler, event, env=None):
        _require_image(image)
        code = tmp_path / f"code{len(calls)}"
        code.mkdir()
        code.chmod(0o755)
        for name, content in files.items():
            mode = 0o644
            if isinstance(content, tuple):
                content, mode = content
            path = code / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode() if isinstance(content, str) else content)
            path.chmod(mode)
        calls.append(code)

        aws_env = {
            "_HANDLER": handler,
            "AWS_LAMBDA_FUNCTION_NAME": "fn",
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/fn",
            "AWS_LAMBDA_LOG_STREAM_NAME": "2026/12/03/[$LATEST]0123456789abcdef",
            "AWS_REGION": "us-east-1",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001",
            **(env or {}),
        }
        cmd = ["docker", "run", "-i", "--rm", "--network", "none",
               "--label", f"lambdex.test={label}", "--memory", "256m",
               "-v", f"{agent}:/opt/lambdex/lambdex-agent:ro",
               "-v", f"{code}:/var/task:ro",
               "--entrypoint", "/opt/lambdex/lambdex-agent"]
        for key, value in aws_env.items():
            cmd += ["-e", f"{key}={value}"]
        cmd += [image, "--oneshot", "--", BOOTSTRAP]
        return _converse(cmd, json.dumps(event).encode())

    yield run

    leftovers = subprocess.run(
        ["docker", "ps", "-aq", "--filter", f"label=lambdex.test={label}"],
        capture_output=True, text=True).stdout.split()
    if leftovers:
        subprocess.run(["docker", "rm", "-f", *leftovers], capture_output=True)


def _converse(cmd, payload):
    """Hello, InvokeRequest, InvokeResult over the agent's stdin/stdout. stdin
    stays open until the result is in: closing it means Shutdown."""
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    stderr_chunks = []
    drain = threading.Thread(target=lambda: stderr_chunks.append(proc.stderr.read()), daemon=True)
    drain.start()
    killer = threading.Timer(RUN_TIMEOUT_S, proc.kill)
    killer.start()
    request_id = str(uuid.uuid4())
    try:
        try:
            hello = pb_decode(read_frame(proc.stdout))
            assert 1 in hello, f"first frame is not a Hello: {hello}"
            proc.stdin.write(frame(invoke_request_envelope(request_id, payload)))
            proc.stdin.flush()
            envelope = pb_decode(read_frame(proc.stdout))
        finally:
            proc.stdin.close()
            returncode = proc.wait()
            drain.join(timeout=10)
    finally:
        killer.cancel()
    stderr = b"".join(stderr_chunks).decode(errors="replace")
    assert 3 in envelope, f"expected an InvokeResult, got {envelope}\nstderr:\n{stderr}"
    result = Result(pb_decode(pb_one(hello, 1)), pb_decode(pb_one(envelope, 3)), returncode, stderr)
    assert result.request_id == request_id, result.describe()
    return result


# ------------------------------------------------------------------- nodejs

def test_node_cjs_async_handler_sees_event_context_and_env(invoke):
    r = invoke(NODE_IMAGE, {"index.js": textwrap.dedent("""\
        exports.handler = async (event, context) => {
          console.log("cjs got", event.n);
          return {
            double: event.n * 2,
            requestId: context.awsRequestId,
            arn: context.invokedFunctionArn,
            functionName: context.functionName,
            memory: context.memoryLimitInMB,
            remainingPositive: context.getRemainingTimeInMillis() > 0,
            region: process.env.AWS_REGION,
            node: process.version,
            cwd: process.cwd(),
          };
        };
        """)}, "index.handler", {"n": 21})
    body = r.json()
    assert body["double"] == 42
    assert body["requestId"] == r.request_id
    assert body["arn"] == FUNCTION_ARN
    assert body["functionName"] == "fn"
    assert str(body["memory"]) == "256"
    assert body["remainingPositive"] is True
    assert body["region"] == "us-east-1"
    assert body["node"].startswith("v18."), body["node"]
    assert body["cwd"] == "/var/task"
    assert "cjs got 21" in r.log_tail, r.describe()
    assert r.returncode == 0, r.describe()


def test_node_cjs_sync_handler_result_is_null_as_on_aws(invoke):
    # A handler that neither returns a promise nor calls the callback answers
    # null once the event loop drains; its return value is ignored (AWS does
    # the same). Side effects before that still happen.
    r = invoke(NODE_IMAGE, {"handler.js": textwrap.dedent("""\
        module.exports.run = function (event) {
          console.log("sync saw", JSON.stringify(event));
          return "ignored";
        };
        """)}, "handler.run", {"k": "v"})
    assert r.json() is None
    assert 'sync saw {"k":"v"}' in r.log_tail, r.describe()


def test_node_callback_handler(invoke):
    r = invoke(NODE_IMAGE, {"cb.js": textwrap.dedent("""\
        exports.handler = (event, context, callback) => {
          setTimeout(() => callback(null, { echoed: event, via: "callback" }), 20);
        };
        """)}, "cb.handler", {"x": [1, 2, 3]})
    assert r.json() == {"echoed": {"x": [1, 2, 3]}, "via": "callback"}


def test_node_esm_handler_in_nested_dir(invoke):
    r = invoke(NODE_IMAGE, {
        "src/app.mjs": textwrap.dedent("""\
            import { greet } from "./lib.mjs";
            const started = await Promise.resolve("top-level await ok");
            export const handler = async (event) => ({ msg: greet(event.name), started });
            """),
        "src/lib.mjs": "export const greet = (n) => `hello ${n}`;\n",
    }, "src/app.handler", {"name": "esm"})
    assert r.json() == {"msg": "hello esm", "started": "top-level await ok"}


def test_node_thrown_error_is_reported_with_type_message_trace(invoke):
    r = invoke(NODE_IMAGE, {"index.js": textwrap.dedent("""\
        class ValidationError extends Error {
          constructor(message) { super(message); this.name = "ValidationError"; }
        }
        exports.handler = async (event) => { throw new ValidationError("n must be even, got " + event.n); };
        """)}, "index.handler", {"n": 3})
    assert r.error is not None, r.describe()
    assert r.error["type"] == "ValidationError"
    assert r.error["message"] == "n must be even, got 3"
    body = r.error["body"]
    assert body["errorType"] == "ValidationError"
    assert body["errorMessage"] == "n must be even, got 3"
    assert isinstance(body["trace"], list) and body["trace"], body
    assert body["trace"][0].startswith("ValidationError: n must be even"), body["trace"]
    assert any("/var/task/index.js" in line for line in body["trace"]), body["trace"]


def test_node_callback_error(invoke):
    r = invoke(NODE_IMAGE, {"index.js": textwrap.dedent("""\
        exports.handler = (event, context, callback) => callback(new TypeError("bad input"));
        """)}, "index.handler", {})
    assert r.error is not None, r.describe()
    assert r.error["body"]["errorType"] == "TypeError"
    assert r.error["body"]["errorMessage"] == "bad input"


def test_node_handler_not_found_is_an_init_error(invoke):
    r = invoke(NODE_IMAGE, {"index.js": "exports.handler = async () => 1;\n"},
               "index.nope", {})
    assert r.error is not None, r.describe()
    assert r.error["type"] == "Runtime.HandlerNotFound", r.error
    assert r.error["body"]["errorType"] == "Runtime.HandlerNotFound"
    assert "index.nope is undefined or not exported" in r.error["body"]["errorMessage"]


def test_node_missing_module_is_an_import_error(invoke):
    r = invoke(NODE_IMAGE, {"index.js": "exports.handler = async () => 1;\n"},
               "missing.handler", {})
    assert r.error is not None, r.describe()
    assert r.error["type"] == "Runtime.ImportModuleError", r.error
    assert "missing" in r.error["body"]["errorMessage"]


def test_node_syntax_error_is_reported(invoke):
    r = invoke(NODE_IMAGE, {"index.js": "exports.handler = async () => {\n"},
               "index.handler", {})
    assert r.error is not None, r.describe()
    assert r.error["type"] == "Runtime.UserCodeSyntaxError", r.error


# ----------------------------------------------------------------- provided

# A minimal Runtime API client in C, linked statically so it runs on any
# base: the shape of a Go, Rust or C++ function on provided/go1.x. It answers
# {"handler": $_HANDLER, "echo": <event>} or, for {"fail": true}, posts an
# error. One HTTP/1.1 request per connection keeps the parsing trivial.
RUNTIME_C = r"""
#define _GNU_SOURCE  /* strcasestr */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static char api_host[64];
static int api_port;

static int http(const char *method, const char *path, const char *body,
                char *out, size_t out_size) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(api_port)};
  inet_pton(AF_INET, api_host, &sa.sin_addr);
  if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) { perror("connect"); exit(3); }
  char req[65536];
  int n = snprintf(req, sizeof req,
                   "%s /2018-06-01/runtime%s HTTP/1.1\r\nHost: %s\r\n"
                   "Content-Type: application/json\r\nContent-Length: %zu\r\n"
                   "Connection: close\r\n\r\n%s",
                   method, path, api_host, strlen(body), body);
  if (write(fd, req, n) != n) { perror("write"); exit(3); }
  size_t used = 0;
  ssize_t got;
  while (used + 1 < out_size && (got = read(fd, out + used, out_size - 1 - used)) > 0) used += got;
  out[used] = 0;
  close(fd);
  return atoi(out + 9);  /* "HTTP/1.1 200" */
}

int main(void) {
  const char *api = getenv("AWS_LAMBDA_RUNTIME_API");
  const char *handler = getenv("_HANDLER");
  if (!api || sscanf(api, "%63[^:]:%d", api_host, &api_port) != 2) return 2;
  fprintf(stderr, "c runtime up, handler=%s\n", handler ? handler : "");
  for (;;) {
    static char resp[65536], body[70000], path[256];
    if (http("GET", "/invocation/next", "", resp, sizeof resp) != 200) return 4;
    char id[128] = "";
    char *h = strcasestr(resp, "\nLambda-Runtime-Aws-Request-Id:");
    if (h) sscanf(h + 32, " %127[^\r\n]", id);
    char *event = strstr(resp, "\r\n\r\n");
    event = event ? event + 4 : "null";
    printf("event for %s: %s\n", id, event);
    fflush(stdout);
    if (strstr(event, "\"fail\": true")) {
      snprintf(path, sizeof path, "/invocation/%s/error", id);
      http("POST", path,
           "{\"errorType\":\"CRuntimeError\",\"errorMessage\":\"asked to fail\"}",
           resp, sizeof resp);
      continue;
    }
    snprintf(body, sizeof body, "{\"handler\":\"%s\",\"echo\":%s}", handler ? handler : "", event);
    snprintf(path, sizeof path, "/invocation/%s/response", id);
    http("POST", path, body, resp, sizeof resp);
  }
}
"""

# AWS's custom-runtime tutorial, in shell: curl is in the image for this.
SHELL_BOOTSTRAP = r"""#!/bin/sh
set -eu
. "$LAMBDA_TASK_ROOT/$(echo "$_HANDLER" | cut -d. -f1).sh"
api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  headers="$(mktemp)"
  event="$(curl -sS -LD "$headers" "$api/invocation/next")"
  request_id="$(grep -Fi Lambda-Runtime-Aws-Request-Id "$headers" | tr -d '[:space:]' | cut -d: -f2)"
  response="$($(echo "$_HANDLER" | cut -d. -f2) "$event")"
  curl -sS -o /dev/null "$api/invocation/$request_id/response" -d "$response"
done
"""


@pytest.fixture(scope="session")
def c_runtime(tmp_path_factory):
    gcc = shutil.which("gcc")
    if gcc is None:
        pytest.fail("gcc missing: the provided tests compile a static Runtime API client")
    out = tmp_path_factory.mktemp("c-runtime")
    src = out / "runtime.c"
    src.write_text(RUNTIME_C)
    exe = out / "runtime"
    subprocess.run([gcc, "-O2", "-static", "-Wall", "-Werror", "-o", str(exe), str(src)], check=True)
    return exe.read_bytes()


def test_provided_execs_the_functions_bootstrap(invoke, c_runtime):
    r = invoke(PROVIDED_IMAGE, {"bootstrap": (c_runtime, 0o755)}, "function.handler", {"a": 1})
    assert r.json() == {"handler": "function.handler", "echo": {"a": 1}}
    assert "c runtime up, handler=function.handler" in r.log_tail, r.describe()
    assert f"event for {r.request_id}:" in r.log_tail, r.describe()


def test_provided_reports_the_runtimes_error(invoke, c_runtime):
    r = invoke(PROVIDED_IMAGE, {"bootstrap": (c_runtime, 0o755)}, "h", {"fail": True})
    assert r.error is not None, r.describe()
    assert r.error["type"] == "CRuntimeError"
    assert r.error["body"]["errorMessage"] == "asked to fail"


def test_provided_go1x_convention_execs_the_handler(invoke, c_runtime):
    r = invoke(PROVIDED_IMAGE, {"main": (c_runtime, 0o755)}, "main", {"go": "1.x"})
    assert r.json() == {"handler": "main", "echo": {"go": "1.x"}}


def test_provided_bootstrap_wins_over_handler(invoke, c_runtime):
    r = invoke(PROVIDED_IMAGE, {
        "bootstrap": (c_runtime, 0o755),
        "main": ("#!/bin/sh\necho wrong executable >&2\nexit 9\n", 0o755),
    }, "main", {})
    assert r.json() == {"handler": "main", "echo": {}}


def test_provided_shell_bootstrap_with_curl(invoke):
    r = invoke(PROVIDED_IMAGE, {
        "bootstrap": (SHELL_BOOTSTRAP, 0o755),
        "function.sh": 'handler() { printf \'{"shell":"ok","event":%s}\' "$1"; }\n',
    }, "function.handler", {"q": 7})
    assert r.json() == {"shell": "ok", "event": {"q": 7}}


def test_provided_without_an_executable_fails_clearly(invoke):
    r = invoke(PROVIDED_IMAGE, {"README": "no code here\n"}, "main", {})
    assert r.error is not None, r.describe()
    assert r.error["type"] == "Runtime.ExitError", r.error
    assert "exit status 127" in r.error["message"], r.error
    assert "no bootstrap in /var/task or /opt, and no executable 'main' (_HANDLER)" in r.log_tail, \
        r.describe()


def test_provided_non_executable_bootstrap_fails_clearly(invoke):
    r = invoke(PROVIDED_IMAGE, {"bootstrap": ("#!/bin/sh\nexit 0\n", 0o644)}, "", {})
    assert r.error is not None, r.describe()
    assert "exit status 126" in r.error["message"], r.error
    assert "/var/task/bootstrap is not executable" in r.log_tail, r.describe()
