#!/usr/bin/python3 -u
"""lambdex's Python runtime: a client of the AWS Lambda Runtime API.

Loads the handler named by _HANDLER from LAMBDA_TASK_ROOT once, then loops:
GET /next, call the handler, POST its result (or error) back. Standard
library only. stdout/stderr are unbuffered so every line lands in the log of
the invocation that printed it.

Installed in lambdex/python as /var/runtime/bootstrap.
"""

import decimal
import http.client
import importlib
import json
import os
import sys
import time
import traceback

API_PREFIX = "/2018-06-01/runtime"
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


class LambdaContext:
    def __init__(self, headers, env=os.environ):
        self.aws_request_id = headers.get("Lambda-Runtime-Aws-Request-Id", "")
        self.invoked_function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn", "")
        self._deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms") or 0)
        self.function_name = env.get("AWS_LAMBDA_FUNCTION_NAME", "")
        self.function_version = env.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.memory_limit_in_mb = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "")
        self.log_group_name = env.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
        self.log_stream_name = env.get("AWS_LAMBDA_LOG_STREAM_NAME", "")
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


def to_json(value):
    return json.dumps(value, cls=_Encoder)


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


class RuntimeClient:
    """Keep-alive HTTP client for the Runtime API. /next never times out: the
    sandbox may sit frozen between invocations."""

    def __init__(self, address):
        host, _, port = address.rpartition(":")
        self._host, self._port = host or address, int(port) if port else 80
        self._conn = None

    def _request(self, method, path, body=None, headers=None):
        for attempt in range(2):
            if self._conn is None:
                self._conn = http.client.HTTPConnection(self._host, self._port, timeout=None)
            try:
                self._conn.request(method, API_PREFIX + path, body=body, headers=headers or {})
                response = self._conn.getresponse()
                return response, response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self._conn.close()
                self._conn = None
                if attempt == 1:
                    raise

    def next(self):
        response, body = self._request("GET", "/invocation/next")
        if response.status != 200:
            raise RuntimeError("GET /next answered {}: {!r}".format(response.status, body))
        return response.headers, body  # case-insensitive .get()

    def post_response(self, request_id, payload):
        self._request("POST", "/invocation/{}/response".format(request_id), payload,
                      {"Content-Type": "application/json"})

    def post_error(self, request_id, error):
        self._post_error("/invocation/{}/error".format(request_id), error)

    def post_init_error(self, error):
        self._post_error("/init/error", error)

    def _post_error(self, path, error):
        self._request("POST", path, to_json(error).encode(), {
            "Content-Type": "application/json",
            "Lambda-Runtime-Function-Error-Type": error["errorType"],
        })


# ---------------------------------------------------------------------- loop


def handle_one(client, handler, headers, body):
    request_id = headers.get("Lambda-Runtime-Aws-Request-Id", "")
    trace_id = headers.get("Lambda-Runtime-Trace-Id")
    if trace_id:
        os.environ["_X_AMZN_TRACE_ID"] = trace_id
    else:
        os.environ.pop("_X_AMZN_TRACE_ID", None)

    try:
        context = LambdaContext(headers)
        try:
            event = json.loads(body) if body else None
        except ValueError as e:
            raise FaultError("Runtime.UnmarshalError", "Unable to unmarshal input: {}".format(e))
        result = handler(event, context)
        try:
            payload = to_json(result).encode()
        except (TypeError, ValueError, OverflowError) as e:
            raise FaultError("Runtime.MarshalError", "Unable to marshal response: {}".format(e))
    except FaultError as e:
        error = make_error(e.message, e.error_type, e.stack_trace, request_id)
    except Exception as e:  # the handler's own failure: reported, never fatal
        error = make_error(str(e), type(e).__name__, user_stack_trace(e.__traceback__), request_id)
    else:
        client.post_response(request_id, payload)
        return
    log_error(error)
    client.post_error(request_id, error)


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

    while True:
        headers, body = client.next()
        handle_one(client, handler, headers, body)


if __name__ == "__main__":
    sys.exit(main())
