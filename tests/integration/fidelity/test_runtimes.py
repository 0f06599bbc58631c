"""Every runtime name AWS accepts that lambdex maps runs (python3.8-3.13 on the
one local interpreter, nodejs18.x-22.x on the one Node), the OS-only runtimes
with a `bootstrap`, go1.x with Handler naming an executable; an unknown runtime
is InvalidParameterValueException. Node.js handlers in every module style."""
import json

import pytest
from botocore.exceptions import ClientError

from fidelity_lib import NODE, PROVIDED, PYTHON, ROLE, make_zip, ok, unique_name, zip_with_modes

GO_STYLE_MAIN = r'''#!/bin/sh
# Stands in for a Go binary: go1.x runs the executable that Handler names.
api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  headers="$(mktemp)"
  event="$(curl -sS -LD "$headers" "$api/invocation/next")"
  id="$(grep -Fi Lambda-Runtime-Aws-Request-Id "$headers" | tr -d '[:space:]' | cut -d: -f2)"
  curl -sS -o /dev/null -X POST "$api/invocation/$id/response" -d "{\"handler\":\"$_HANDLER\",\"event\":$event}"
done
'''

RUNTIMES = {
    **{f"python3.{m}": ("app.handler", {"app.py": PYTHON}) for m in range(8, 14)},
    **{f"nodejs{v}.x": ("index.handler", {"index.js": NODE}) for v in (18, 20, 22)},
    **{r: ("function.handler", {"bootstrap": (PROVIDED, 0o755)})
       for r in ("provided", "provided.al2", "provided.al2023")},
}


def run_once(client, runtime, handler, files, event):
    name = unique_name("rt")
    client.create_function(FunctionName=name, Runtime=runtime, Role=ROLE, Handler=handler,
                           Timeout=30, Code={"ZipFile": zip_with_modes(files)})
    try:
        return ok(client, name, event)
    finally:
        client.delete_function(FunctionName=name)  # frees its container


@pytest.mark.parametrize("runtime", list(RUNTIMES))
def test_runtime_name_runs(stay_open, runtime):
    handler, files = RUNTIMES[runtime]
    event = {"runtime": runtime, "n": [1, 2]}
    assert run_once(stay_open.client, runtime, handler, files, event) == event


def test_go1x_runs_the_executable_handler_names(stay_open):
    body = run_once(stay_open.client, "go1.x", "main", {"main": (GO_STYLE_MAIN, 0o755)}, {"go": 1})
    assert body == {"handler": "main", "event": {"go": 1}}


def test_unknown_runtime_lists_the_supported_ones(stay_open):
    with pytest.raises(ClientError) as e:
        stay_open.client.create_function(
            FunctionName=unique_name("bad"), Runtime="python2.7", Role=ROLE, Handler="app.handler",
            Code={"ZipFile": make_zip({"app.py": PYTHON})})
    err = e.value.response["Error"]
    assert err["Code"] == "InvalidParameterValueException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    for runtime in ("python3.13", "nodejs22.x", "provided.al2023"):
        assert runtime in err["Message"]


NODE_STYLES = {
    "commonjs-async": ("index.handler", {"index.js":
        "exports.handler = async (event) => ({style: 'cjs-async', event});\n"}),
    "commonjs-callback": ("index.handler", {"index.js":
        "exports.handler = (event, context, callback) => {\n"
        "  setTimeout(() => callback(null, {style: 'cjs-callback', event,\n"
        "    id: context.awsRequestId.length > 0}), 10);\n};\n"}),
    "commonjs-callback-error": ("index.handler", {"index.js":
        "exports.handler = (event, context, callback) => callback(new RangeError('cb failed'));\n"}),
    "esm-mjs": ("index.handler", {"index.mjs":
        "import { createHash } from 'node:crypto';\n"
        "export const handler = async (event) => ({style: 'esm', event,\n"
        "  sha: createHash('sha1').update('x').digest('hex').length});\n"}),
    "nested-dir": ("src/handlers/app.main", {"src/handlers/app.js":
        "module.exports.main = async (event) => ({style: 'nested', event});\n"}),
}


@pytest.mark.parametrize("style", list(NODE_STYLES))
def test_node_module_styles(stay_open, style):
    handler, files = NODE_STYLES[style]
    client = stay_open.client
    name = unique_name("node")
    client.create_function(FunctionName=name, Runtime="nodejs20.x", Role=ROLE, Handler=handler,
                           Timeout=30, Code={"ZipFile": zip_with_modes(files)})
    try:
        resp = client.invoke(FunctionName=name, Payload=b'{"k": "v"}')
        body = json.loads(resp["Payload"].read())
        if style == "commonjs-callback-error":
            assert resp["FunctionError"] == "Unhandled"
            assert body["errorType"] == "RangeError" and body["errorMessage"] == "cb failed"
            return
        assert "FunctionError" not in resp, body
        assert body["event"] == {"k": "v"}
        if style == "commonjs-callback":
            assert body == {"style": "cjs-callback", "event": {"k": "v"}, "id": True}
        if style == "esm-mjs":
            assert body["sha"] == 40
    finally:
        client.delete_function(FunctionName=name)
