"""Shared pieces of the fidelity suite: the parent conftest's helpers, one
dispatching handler per language (the event's "action" picks the behaviour),
zips with executable bits, and invoke helpers."""
import base64
import importlib.util
import io
import json
import os
import time
import zipfile

_spec = importlib.util.spec_from_file_location(
    "lambdex_integration_conftest", os.path.join(os.path.dirname(__file__), "..", "conftest.py"))
_parent = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_parent)
Lambdex = _parent.Lambdex
make_zip = _parent.make_zip
unique_name = _parent.unique_name

MODES = {
    "stay-open": {"LAMBDA_EXECUTOR": "docker-reuse", "LAMBDA_STAY_OPEN_MODE": "1"},
    "docker-exec": {"LAMBDA_EXECUTOR": "docker-reuse", "LAMBDA_STAY_OPEN_MODE": "0"},
}
ROLE = "arn:aws:iam::000000000000:role/lambda"
MAX_REQUEST = 6291456  # bytes of a synchronous Invoke request (AWS quota, 6 MB)

PYTHON = '''
import hashlib, json, os, sys, time

def handler(event, context):
    action = event.get("action") if isinstance(event, dict) else None
    if action == "raise":
        raise ValueError("boom " + str(event.get("x")))
    if action == "exit":
        os._exit(3)
    if action == "sleep":
        time.sleep(event["seconds"])
        return "slept"
    if action == "set":
        return {1, 2}
    if action == "big":
        return "x" * event["n"]
    if action == "alloc":
        blocks = [b"\\x01" * (1 << 20) for _ in range(event["mb"])]
        return len(blocks)
    if action == "env":
        return dict(os.environ)
    if action == "log":
        print("hello-from-handler " + event["tag"], flush=True)
        return "logged"
    if action == "digest":
        return {"len": len(event["data"]), "sha": hashlib.sha256(event["data"].encode()).hexdigest()}
    return event
'''

NODE = '''
const crypto = require("crypto");
exports.handler = async (event, context) => {
  const action = event && event.action;
  if (action === "raise") throw new TypeError("boom " + event.x);
  if (action === "exit") process.exit(3);
  if (action === "sleep") { await new Promise(r => setTimeout(r, event.seconds * 1000)); return "slept"; }
  if (action === "big") return "x".repeat(event.n);
  if (action === "alloc") {
    const blocks = [];
    for (let i = 0; i < event.mb; i++) blocks.push(Buffer.alloc(1 << 20, 1));
    return blocks.length;
  }
  if (action === "env") return process.env;
  if (action === "log") { console.log("hello-from-handler " + event.tag); return "logged"; }
  if (action === "digest") {
    return {len: event.data.length, sha: crypto.createHash("sha256").update(event.data).digest("hex")};
  }
  return event;
};
'''

# AWS's tutorial bootstrap (a shell loop over the Runtime API with curl), with
# the event's leading "action" picked out with sed. Its "handler" is a shell function.
PROVIDED = r'''#!/bin/sh
set -eu
api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  headers="$(mktemp)"
  event="$(curl -sS -LD "$headers" "$api/invocation/next")"
  id="$(grep -Fi Lambda-Runtime-Aws-Request-Id "$headers" | tr -d '[:space:]' | cut -d: -f2)"
  rm -f "$headers"
  action="$(printf '%s' "$event" | head -c 200 | sed -n 's/^{"action": *"\([a-z]*\)".*/\1/p')"
  case "$action" in
    exit) exit 3 ;;
    sleep) sleep 5; response='"slept"' ;;
    raise)
      curl -sS -o /dev/null -X POST "$api/invocation/$id/error" \
        -H "Lambda-Runtime-Function-Error-Type: Unhandled" \
        -d '{"errorMessage":"boom","errorType":"CustomError"}'
      continue ;;
    alloc) hog="$(head -c 400000000 /dev/zero | tr '\0' x)"; response="${#hog}" ;;
    log) echo "hello-from-handler bootstrap"; response='"logged"' ;;
    env)
      response="{"
      for v in AWS_LAMBDA_FUNCTION_NAME AWS_LAMBDA_FUNCTION_VERSION AWS_LAMBDA_FUNCTION_MEMORY_SIZE \
               AWS_LAMBDA_LOG_GROUP_NAME AWS_LAMBDA_LOG_STREAM_NAME AWS_REGION AWS_DEFAULT_REGION \
               LAMBDA_TASK_ROOT LAMBDA_RUNTIME_DIR _HANDLER TZ AWS_ACCESS_KEY_ID \
               AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_LAMBDA_RUNTIME_API FIDELITY_OWN; do
        eval "set +u; val=\${$v-__unset__}; set -u"
        [ "$val" = "__unset__" ] || response="$response\"$v\":\"$val\","
      done
      if [ -n "${AWS_EXECUTION_ENV+x}" ]; then response="$response\"AWS_EXECUTION_ENV\":\"$AWS_EXECUTION_ENV\","; fi
      response="$response\"_\":\"\"}" ;;
    *) response="$event" ;;
  esac
  curl -sS -o /dev/null -X POST "$api/invocation/$id/response" -d "$response"
done
'''

LANGS = ["python", "node", "provided"]
RUNTIME = {"python": "python3.11", "node": "nodejs18.x", "provided": "provided.al2023"}


def zip_with_modes(files):
    """Zip bytes from {path: text or (text, mode)}; executables need mode 0o755."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, spec in files.items():
            text, mode = spec if isinstance(spec, tuple) else (spec, 0o644)
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)
    return buf.getvalue()


def code_for(lang):
    """(Handler, zip bytes) of the dispatching handler in `lang`."""
    if lang == "python":
        return "app.handler", zip_with_modes({"app.py": PYTHON})
    if lang == "node":
        return "index.handler", zip_with_modes({"index.js": NODE})
    return "function.handler", zip_with_modes({"bootstrap": (PROVIDED, 0o755)})


def creator(lang, runtime=None, handler=None, code=None, **kw):
    """A create(client, name) for Fleet.function: the dispatching handler unless
    `handler`/`code` say otherwise."""
    default_handler, default_code = code_for(lang)

    def create(client, name):
        client.create_function(
            FunctionName=name, Runtime=runtime or RUNTIME[lang], Role=ROLE,
            Handler=handler or default_handler, Code={"ZipFile": code or default_code}, **kw)
    return create


def main_function(fleet, lang):
    """The shared, general-purpose function of `lang`: 30 s, 512 MB."""
    return fleet.function(f"main-{lang}", creator(
        lang, Timeout=30, MemorySize=512,
        Environment={"Variables": {"FIDELITY_OWN": "own-value", "WITH_SPACE": "a b"}}))


def invoke(client, name, payload=None, raw=None, **kw):
    """(response, decoded payload, seconds taken)."""
    started = time.monotonic()
    resp = client.invoke(FunctionName=name,
                         Payload=raw if raw is not None else json.dumps(payload or {}).encode(), **kw)
    data = resp["Payload"].read()
    took = time.monotonic() - started
    try:
        body = json.loads(data) if data else None
    except ValueError:
        body = data
    return resp, body, took


def ok(client, name, payload=None, **kw):
    resp, body, _ = invoke(client, name, payload, **kw)
    assert resp["StatusCode"] == 200
    assert "FunctionError" not in resp, body
    return body


def log_result(resp):
    return base64.b64decode(resp.get("LogResult", "")).decode("utf-8", "replace")
