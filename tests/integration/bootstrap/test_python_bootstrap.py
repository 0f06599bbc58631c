"""images/python/bootstrap.py against a fake Runtime API on 127.0.0.1.

Run: /usr/bin/python3 -m pytest tests/integration/bootstrap
Each test writes a handler module into a temp task root, starts the bootstrap
with the host's /usr/bin/python3, feeds it events and reads what it posted.
"""

import json
import os
import queue
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
BOOTSTRAP = REPO / "images" / "python" / "bootstrap.py"
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
PREFIX = "/2018-06-01/runtime"


class FakeRuntimeApi:
    """Serves queued events on /next and records every POST."""

    def __init__(self):
        self.events = queue.Queue()
        self.posts = queue.Queue()
        self.closing = threading.Event()
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path != PREFIX + "/invocation/next":
                    self._reply(404, b"{}")
                    return
                while not api.closing.is_set():
                    try:
                        headers, body = api.events.get(timeout=0.1)
                        break
                    except queue.Empty:
                        continue
                else:
                    self._reply(500, b"{}")
                    return
                self._reply(200, body, headers)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                api.posts.put((self.path, dict(self.headers), body))
                self._reply(202, b'{"status":"OK"}')

            def _reply(self, status, body, headers=None):
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def address(self):
        return "127.0.0.1:{}".format(self.server.server_address[1])

    def invoke(self, request_id, event, **headers):
        h = {
            "Lambda-Runtime-Aws-Request-Id": request_id,
            "Lambda-Runtime-Deadline-Ms": str(int(time.time() * 1000) + 60000),
            "Lambda-Runtime-Invoked-Function-Arn":
                "arn:aws:lambda:us-east-1:000000000000:function:fn",
        }
        h.update(headers)
        self.events.put((h, json.dumps(event).encode()))

    def next_post(self, timeout=10):
        path, headers, body = self.posts.get(timeout=timeout)
        return path, headers, json.loads(body) if body else None

    def close(self):
        self.closing.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def runtime(tmp_path):
    api = FakeRuntimeApi()
    procs = []

    def start(handler, files):
        for name, source in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(source)
        env = {
            "PATH": "/usr/bin:/bin",
            "AWS_LAMBDA_RUNTIME_API": api.address,
            "_HANDLER": handler,
            "LAMBDA_TASK_ROOT": str(tmp_path),
            "AWS_LAMBDA_FUNCTION_NAME": "fn",
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/fn",
            "AWS_LAMBDA_LOG_STREAM_NAME": "2026/12/03/[$LATEST]abc",
        }
        proc = subprocess.Popen([PYTHON, "-u", str(BOOTSTRAP)], env=env, cwd=str(tmp_path),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        procs.append(proc)
        return proc

    api.start = start
    yield api
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)
    api.close()


def test_success_round_trip_on_one_connection(runtime):
    runtime.start("app.handler", {"app.py": (
        "print('loaded')\n"
        "def handler(event, context):\n"
        "    print('got', event['n'])\n"
        "    return {'double': event['n'] * 2}\n")})
    runtime.invoke("req-1", {"n": 21})
    runtime.invoke("req-2", {"n": 5})
    path, headers, body = runtime.next_post()
    assert path == PREFIX + "/invocation/req-1/response"
    assert body == {"double": 42}
    path, _, body = runtime.next_post()
    assert path == PREFIX + "/invocation/req-2/response"
    assert body == {"double": 10}


def test_module_is_imported_once(runtime):
    runtime.start("app.handler", {"app.py": (
        "import os\n"
        "COUNT = [0]\n"
        "def handler(event, context):\n"
        "    COUNT[0] += 1\n"
        "    return COUNT[0]\n")})
    for i in range(3):
        runtime.invoke("r{}".format(i), {})
    assert [runtime.next_post()[2] for _ in range(3)] == [1, 2, 3]


def test_dotted_and_slashed_module_paths(runtime):
    files = {"pkg/__init__.py": "", "pkg/mod.py": "def fn(e, c):\n    return 'deep'\n"}
    runtime.start("pkg/mod.fn", files)
    runtime.invoke("r1", {})
    assert runtime.next_post()[2] == "deep"


def test_handler_exception_shape(runtime):
    proc = runtime.start("app.handler", {"app.py": (
        "def helper():\n"
        "    raise ValueError('bad input')\n"
        "def handler(event, context):\n"
        "    helper()\n")})
    runtime.invoke("req-err", {})
    path, headers, body = runtime.next_post()
    assert path == PREFIX + "/invocation/req-err/error"
    assert headers["Lambda-Runtime-Function-Error-Type"] == "ValueError"
    assert body["errorMessage"] == "bad input"
    assert body["errorType"] == "ValueError"
    assert body["requestId"] == "req-err"
    trace = body["stackTrace"]
    assert isinstance(trace, list) and len(trace) == 2
    assert 'app.py", line 4, in handler' in trace[0]
    assert "helper()" in trace[0]
    assert 'line 2, in helper' in trace[1]
    assert all("bootstrap" not in frame for frame in trace)
    # The runtime survives a failing call.
    runtime.invoke("req-after", {})
    assert runtime.next_post()[0] == PREFIX + "/invocation/req-after/error"
    proc.kill()
    _, err = proc.communicate(timeout=10)
    assert "[ERROR] ValueError: bad input" in err
    assert "Traceback (most recent call last):" in err


def init_error(runtime, handler, files):
    proc = runtime.start(handler, files)
    path, headers, body = runtime.next_post()
    assert path == PREFIX + "/init/error"
    assert headers["Lambda-Runtime-Function-Error-Type"] == body["errorType"]
    assert proc.wait(timeout=10) != 0
    return body


def test_import_error(runtime):
    body = init_error(runtime, "missing.handler", {})
    assert body["errorType"] == "Runtime.ImportModuleError"
    assert body["errorMessage"] == "Unable to import module 'missing': No module named 'missing'"


def test_handler_not_found(runtime):
    body = init_error(runtime, "app.nope", {"app.py": "def handler(e, c):\n    pass\n"})
    assert body["errorType"] == "Runtime.HandlerNotFound"
    assert body["errorMessage"] == "Handler 'nope' missing on module 'app'"


def test_syntax_error(runtime):
    body = init_error(runtime, "app.handler", {"app.py": "def handler(e, c)\n    pass\n"})
    assert body["errorType"] == "Runtime.UserCodeSyntaxError"
    assert body["errorMessage"].startswith("Syntax error in module 'app'")


def test_malformed_handler_name(runtime):
    body = init_error(runtime, "nodot", {})
    assert body["errorType"] == "Runtime.MalformedHandlerName"


def test_marshal_error(runtime):
    runtime.start("app.handler", {"app.py": "def handler(e, c):\n    return {'s': {1, 2}}\n"})
    runtime.invoke("req-m", {})
    path, headers, body = runtime.next_post()
    assert path == PREFIX + "/invocation/req-m/error"
    assert body["errorType"] == "Runtime.MarshalError"
    assert body["errorMessage"].startswith("Unable to marshal response: ")
    assert "not JSON serializable" in body["errorMessage"]
    assert headers["Lambda-Runtime-Function-Error-Type"] == "Runtime.MarshalError"


def test_context_fields_and_trace_id(runtime):
    runtime.start("app.handler", {"app.py": (
        "import os\n"
        "def handler(event, context):\n"
        "    return {\n"
        "        'request_id': context.aws_request_id,\n"
        "        'name': context.function_name,\n"
        "        'version': context.function_version,\n"
        "        'memory': context.memory_limit_in_mb,\n"
        "        'arn': context.invoked_function_arn,\n"
        "        'group': context.log_group_name,\n"
        "        'stream': context.log_stream_name,\n"
        "        'remaining': context.get_remaining_time_in_millis(),\n"
        "        'custom': context.client_context.custom,\n"
        "        'identity': context.identity.cognito_identity_id,\n"
        "        'trace': os.environ.get('_X_AMZN_TRACE_ID'),\n"
        "    }\n")})
    runtime.invoke(
        "req-ctx", {},
        **{"Lambda-Runtime-Trace-Id": "Root=1-abc;Sampled=0",
           "Lambda-Runtime-Client-Context": json.dumps({"custom": {"k": "v"}}),
           "Lambda-Runtime-Cognito-Identity": json.dumps({"cognitoIdentityId": "id-1"})})
    _, _, body = runtime.next_post()
    assert body["request_id"] == "req-ctx"
    assert body["name"] == "fn"
    assert body["version"] == "$LATEST"
    assert body["memory"] == "256"
    assert body["arn"] == "arn:aws:lambda:us-east-1:000000000000:function:fn"
    assert body["group"] == "/aws/lambda/fn"
    assert body["stream"] == "2026/12/03/[$LATEST]abc"
    assert 50000 < body["remaining"] <= 60000
    assert body["custom"] == {"k": "v"}
    assert body["identity"] == "id-1"
    assert body["trace"] == "Root=1-abc;Sampled=0"


def test_none_result_is_null(runtime):
    runtime.start("app.handler", {"app.py": "def handler(e, c):\n    return None\n"})
    runtime.invoke("r", {})
    assert runtime.next_post()[2] is None


def test_large_event_and_response_on_one_connection(runtime):
    # Bodies far larger than one recv(): read into one buffer of the
    # Content-Length, then the next small call on the same connection.
    runtime.start("app.handler", {"app.py": (
        "def handler(event, context):\n"
        "    return {'n': len(event['s']), 'echo': event['s']}\n")})
    big = "".join(chr(ord("a") + i % 26) for i in range(3 * 1024 * 1024))
    runtime.invoke("big", {"s": big})
    runtime.invoke("small", {"s": "x"})
    path, _, body = runtime.next_post(timeout=30)
    assert path == PREFIX + "/invocation/big/response"
    assert body["n"] == len(big) and body["echo"] == big
    path, _, body = runtime.next_post()
    assert path == PREFIX + "/invocation/small/response"
    assert body == {"n": 1, "echo": "x"}
