#!/usr/bin/python3 -u
"""lambdex's Python runtime: a client of the AWS Lambda Runtime API.

Loads the handler named by _HANDLER from LAMBDA_TASK_ROOT once, then loops:
GET /next, call the handler, POST its result (or error) back. Standard
library only. stdout/stderr are unbuffered so every line lands in the log of
the invocation that printed it.

Installed in lambdex/python as /var/runtime/bootstrap.
"""

import decimal
import importlib
import json
import os
import socket
import sys
import time
import traceback

API_PREFIX = b"/2018-06-01/runtime"
INIT_ERROR_EXIT_CODE = 1
_THIS_FILE = os.path.realpath(__file__)


class FaultError(Exception):
    """A runtime-level failure reported with an AWS error type."""

    def __init__(self, error_type, message, stack_trace=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.stack_trace = stack_trace or []


# ---------------------------------------------------------------- handler load


def load_handler(handler_name, task_root):
    """Imports the handler's module and returns the function; FaultError otherwise."""
    if task_root not in sys.path:
        sys.path.insert(0, task_root)
    if "." not in handler_name:
        raise FaultError(
            "Runtime.MalformedHandlerName",
            "Bad handler '{}': not enough values to unpack (expected 2, got 1)".format(handler_name),
        )
    module_name, func_name = handler_name.rsplit(".", 1)
    if not module_name or not func_name:
        raise FaultError("Runtime.MalformedHandlerName", "Bad handler '{}'".format(handler_name))
    import_name = module_name.replace("/", ".")
    if import_name.split(".")[0] in sys.builtin_module_names:
        raise FaultError(
            "Runtime.BuiltInModuleConflict",
            "Cannot use built-in module {} as a handler module".format(module_name),
        )
    try:
        module = importlib.import_module(import_name)
    except ImportError as e:
        raise FaultError(
            "Runtime.ImportModuleError",
            "Unable to import module '{}': {}".format(module_name, e),
        )
    except SyntaxError as e:
        raise FaultError(
            "Runtime.UserCodeSyntaxError",
            "Syntax error in module '{}': {}".format(module_name, e),
            ['  File "{}" Line {}\n    {}'.format(e.filename, e.lineno, (e.text or "").strip())],
        )
    func = getattr(module, func_name, None)
    if func is None:
        raise FaultError(
            "Runtime.HandlerNotFound",
            "Handler '{}' missing on module '{}'".format(func_name, module_name),
        )
    return func


# ------------------------------------------------------------------- context


class ClientContext:
    def __init__(self, data):
        self.client = data.get("client")
        self.custom = data.get("custom")
        self.env = data.get("env")


class CognitoIdentity:
    def __init__(self, data):
        self.cognito_identity_id = data.get("cognitoIdentityId")
        self.cognito_identity_pool_id = data.get("cognitoIdentityPoolId")


# Fixed for the sandbox's lifetime: read once, not per invocation.
_ENV_FIELDS = (
    ("function_name", "AWS_LAMBDA_FUNCTION_NAME", ""),
    ("function_version", "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
    ("memory_limit_in_mb", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", ""),
    ("log_group_name", "AWS_LAMBDA_LOG_GROUP_NAME", ""),
    ("log_stream_name", "AWS_LAMBDA_LOG_STREAM_NAME", ""),
)


def environment_fields(env=os.environ):
    return tuple((attr, env.get(key, default)) for attr, key, default in _ENV_FIELDS)


class LambdaContext:
    def __init__(self, headers, env_fields=None):
        self.aws_request_id = headers.get("lambda-runtime-aws-request-id", "")
        self.invoked_function_arn = headers.get("lambda-runtime-invoked-function-arn", "")
        self._deadline_ms = int(headers.get("lambda-runtime-deadline-ms") or 0)
        for attr, value in env_fields or environment_fields():
            setattr(self, attr, value)
        self.client_context = _json_header(headers, "Lambda-Runtime-Client-Context", ClientContext)
        self.identity = _json_header(headers, "Lambda-Runtime-Cognito-Identity", CognitoIdentity)

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(time.time() * 1000), 0)


def _json_header(headers, name, wrap):
    text = headers.get(name)
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError as e:
        raise FaultError("Runtime.LambdaContextUnmarshalError",
                         "Unable to parse {} JSON: {}".format(name, e))
    return wrap(data) if isinstance(data, dict) else None


# ----------------------------------------------------------- error documents


class _Encoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, decimal.Decimal):
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


_ENCODER = _Encoder()  # json.dumps(value, cls=_Encoder) without a new encoder per call


def to_json(value):
    return _ENCODER.encode(value)


def make_error(message, error_type, stack_trace, request_id=""):
    return {
        "errorMessage": message or "",
        "errorType": error_type or "",
        "requestId": request_id or "",
        "stackTrace": stack_trace or [],
    }


def user_stack_trace(tb):
    """Formatted frames of `tb`, minus the leading ones inside this file."""
    frames = traceback.extract_tb(tb)
    while frames and os.path.realpath(frames[0].filename) == _THIS_FILE:
        frames = frames[1:]
    return traceback.format_list(frames)


def log_error(error):
    lines = ["[ERROR] {}: {}".format(error["errorType"], error["errorMessage"])]
    if error["stackTrace"]:
        lines.append("Traceback (most recent call last):")
        lines.extend(frame.rstrip("\n") for frame in error["stackTrace"])
    sys.stderr.write("\n".join(lines) + "\n")


# ------------------------------------------------------------ runtime client


class Headers(dict):
    """Response headers with lower-cased names; get() takes any case."""

    def get(self, name, default=None):
        return dict.get(self, name.lower(), default)


class RuntimeClient:
    """Keep-alive HTTP/1.1 client for the Runtime API over one TCP socket.
    The agent is the only server it talks to and always sends Content-Length,
    so this is the small subset of HTTP that needs: no chunked bodies, no
    redirects, no proxies. /next never times out: the sandbox may sit frozen
    between invocations."""

    def __init__(self, address):
        host, _, port = address.rpartition(":")
        self._host, self._port = (host or address).strip("[]"), int(port) if port else 80
        self._host_header = address.encode("latin-1")
        self._sock = None
        self._buf = b""

    def _connect(self):
        self._sock = socket.create_connection((self._host, self._port))
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._buf = b""

    def _close(self):
        if self._sock is not None:
            self._sock.close()
        self._sock = None
        self._buf = b""

    def _request(self, method, path, body=None, headers=None):
        head = [method, b" ", API_PREFIX, path, b" HTTP/1.1\r\nHost: ", self._host_header, b"\r\n"]
        for name, value in (headers or {}).items():
            head += [name, b": ", value.encode("latin-1"), b"\r\n"]
        if body is not None:
            head += [b"Content-Length: ", str(len(body)).encode(), b"\r\n"]
        head.append(b"\r\n")
        message = b"".join(head)
        for attempt in range(2):
            if self._sock is None:
                self._connect()
            try:
                if body is None:
                    self._sock.sendall(message)
                elif len(body) <= 65536:
                    self._sock.sendall(message + body)  # one segment for small bodies
                else:
                    self._sock.sendall(message)
                    self._sock.sendall(body)
                return self._read_response()
            except (ConnectionResetError, BrokenPipeError, _Disconnected):
                self._close()
                if attempt == 1:
                    raise

    def _recv_more(self, got_any, size=65536):
        # Below glibc's 128 KiB mmap threshold: a recv() buffer this size comes
        # from the heap, not an mmap/mremap/munmap per call.
        chunk = self._sock.recv(size)
        if not chunk:
            if got_any:
                raise ConnectionError("Runtime API closed the connection mid-response")
            raise _Disconnected("Runtime API closed the connection")
        return chunk

    def _read_response(self):
        buf = self._buf
        end = buf.find(b"\r\n\r\n")
        while end < 0:
            buf += self._recv_more(bool(buf))
            end = buf.find(b"\r\n\r\n")
        lines = buf[:end].decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/"):
            raise ConnectionError("bad status line from Runtime API: {!r}".format(lines[0]))
        status = int(parts[1])
        headers = Headers()
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        start = end + 4
        length = int(headers.get("content-length") or 0)
        if len(buf) - start < length:
            # A large body: receive straight into one buffer of its size.
            body = bytearray(length)
            view = memoryview(body)
            have = len(buf) - start
            view[:have] = buf[start:]
            while have < length:
                n = self._sock.recv_into(view[have:])
                if not n:
                    raise ConnectionError("Runtime API closed the connection mid-response")
                have += n
            view.release()
            body = bytes(body)
            self._buf = b""
        else:
            body = buf[start:start + length]
            self._buf = buf[start + length:]
        if headers.get("connection", "").lower() == "close":
            self._close()
        return status, headers, body

    def next(self):
        status, headers, body = self._request(b"GET", b"/invocation/next")
        if status != 200:
            raise RuntimeError("GET /next answered {}: {!r}".format(status, body))
        return headers, body  # case-insensitive .get()

    def post_response(self, request_id, payload):
        self._request(b"POST", b"/invocation/" + request_id.encode("latin-1") + b"/response",
                      payload, {b"Content-Type": "application/json"})

    def post_error(self, request_id, error):
        self._post_error(b"/invocation/" + request_id.encode("latin-1") + b"/error", error)

    def post_init_error(self, error):
        self._post_error(b"/init/error", error)

    def _post_error(self, path, error):
        self._request(b"POST", path, to_json(error).encode(), {
            b"Content-Type": "application/json",
            b"Lambda-Runtime-Function-Error-Type": error["errorType"],
        })


class _Disconnected(ConnectionError):
    """The server closed a kept-alive connection before answering: retry once."""


# ---------------------------------------------------------------------- loop


class Invoker:
    """Runs invocations one after another. Keeps what is the same for every
    call (the sandbox's environment fields, the last trace id) out of the loop."""

    def __init__(self, client, handler):
        self._client = client
        self._handler = handler
        self._env_fields = environment_fields()
        self._trace_id = os.environ.get("_X_AMZN_TRACE_ID")

    def _set_trace_id(self, trace_id):
        if trace_id == self._trace_id and os.environ.get("_X_AMZN_TRACE_ID") == trace_id:
            return
        if trace_id:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        self._trace_id = trace_id

    def handle_one(self, headers, body):
        request_id = headers.get("lambda-runtime-aws-request-id", "")
        self._set_trace_id(headers.get("lambda-runtime-trace-id") or None)

        try:
            context = LambdaContext(headers, self._env_fields)
            try:
                event = json.loads(body) if body else None
            except ValueError as e:
                raise FaultError("Runtime.UnmarshalError", "Unable to unmarshal input: {}".format(e))
            result = self._handler(event, context)
            try:
                payload = to_json(result).encode()
            except (TypeError, ValueError, OverflowError) as e:
                raise FaultError("Runtime.MarshalError", "Unable to marshal response: {}".format(e))
        except FaultError as e:
            error = make_error(e.message, e.error_type, e.stack_trace, request_id)
        except Exception as e:  # the handler's own failure: reported, never fatal
            error = make_error(str(e), type(e).__name__, user_stack_trace(e.__traceback__), request_id)
        else:
            self._client.post_response(request_id, payload)
            return
        log_error(error)
        self._client.post_error(request_id, error)


def main():
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(line_buffering=True, write_through=True)
    address = os.environ.get("AWS_LAMBDA_RUNTIME_API")
    if not address:
        sys.stderr.write("bootstrap: AWS_LAMBDA_RUNTIME_API is not set\n")
        return INIT_ERROR_EXIT_CODE
    client = RuntimeClient(address)
    task_root = os.environ.get("LAMBDA_TASK_ROOT", "/var/task")

    try:
        handler = load_handler(os.environ.get("_HANDLER", ""), task_root)
    except FaultError as e:
        error = make_error(e.message, e.error_type, e.stack_trace)
    except Exception as e:  # the module raised while being imported
        error = make_error(str(e), type(e).__name__, user_stack_trace(e.__traceback__))
    else:
        error = None
    if error is not None:
        log_error(error)
        client.post_init_error(error)
        return INIT_ERROR_EXIT_CODE

    invoker = Invoker(client, handler)
    while True:
        headers, body = client.next()
        invoker.handle_one(headers, body)


if __name__ == "__main__":
    sys.exit(main())
