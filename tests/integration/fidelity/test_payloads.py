"""Payload limits and the environment a function sees.

AWS: synchronous Invoke takes up to 6 MB (6,291,456 bytes) of request and
returns up to 6 MB of response; a bigger request is RequestTooLargeException
(413), a body that is not JSON InvalidRequestContentException (400).
"""
import hashlib
import json

import pytest
from botocore.exceptions import ClientError

from fidelity_lib import LANGS, MAX_REQUEST, RUNTIME, invoke, main_function, ok


def payload_of_size(size, action="digest"):
    skeleton = json.dumps({"action": action, "data": ""}).encode()
    return json.dumps({"action": action, "data": "y" * (size - len(skeleton))}).encode()


@pytest.mark.parametrize("lang", ["python", "node"])
def test_6mb_request_arrives_whole(fleet, lang):
    name = main_function(fleet, lang)
    raw = payload_of_size(MAX_REQUEST - 64)
    assert len(raw) == MAX_REQUEST - 64
    data = json.loads(raw)["data"]
    body = ok(fleet.client, name, raw=raw)
    assert body == {"len": len(data), "sha": hashlib.sha256(data.encode()).hexdigest()}


@pytest.mark.parametrize("lang", ["python", "node"])
def test_6mb_response_arrives_whole(fleet, lang):
    name = main_function(fleet, lang)
    n = MAX_REQUEST - 1024
    resp, body, _ = invoke(fleet.client, name, {"action": "big", "n": n})
    assert "FunctionError" not in resp, str(body)[:500]
    assert body == "x" * n


def test_echo_round_trips_unicode_and_nesting(fleet):
    name = main_function(fleet, "python")
    event = {"s": "héllo ☃ \U0001F600", "n": [1, 2.5, None, True], "o": {"k": {"deep": []}}}
    assert ok(fleet.client, name, event) == event


def test_request_over_6mb_is_request_too_large(stay_open):
    name = main_function(stay_open, "python")
    with pytest.raises(ClientError) as e:
        invoke(stay_open.client, name, raw=payload_of_size(MAX_REQUEST + 1))
    assert e.value.response["Error"]["Code"] == "RequestTooLargeException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 413
    assert ok(stay_open.client, name, {"after": "413"}) == {"after": "413"}


def test_non_json_request_is_invalid_request_content(stay_open):
    name = main_function(stay_open, "python")
    with pytest.raises(ClientError) as e:
        invoke(stay_open.client, name, raw=b"this is {not json")
    assert e.value.response["Error"]["Code"] == "InvalidRequestContentException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.parametrize("lang", LANGS)
def test_environment_has_what_aws_sets(fleet, lang):
    name = main_function(fleet, lang)
    env = ok(fleet.client, name, {"action": "env"})
    handler = {"python": "app.handler", "node": "index.handler", "provided": "function.handler"}[lang]
    expected = {
        "AWS_LAMBDA_FUNCTION_NAME": name,
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
        "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{name}",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "LAMBDA_TASK_ROOT": "/var/task",
        "LAMBDA_RUNTIME_DIR": "/var/runtime",
        "_HANDLER": handler,
        "TZ": ":UTC",
        "FIDELITY_OWN": "own-value",
    }
    assert {k: env.get(k) for k in expected} == expected
    assert "[$LATEST]" in env["AWS_LAMBDA_LOG_STREAM_NAME"], env["AWS_LAMBDA_LOG_STREAM_NAME"]
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        assert env.get(key), f"{key} missing"
    host, _, port = env["AWS_LAMBDA_RUNTIME_API"].rpartition(":")
    assert host and port.isdigit()
    if lang == "provided":
        # Recent AWS docs leave AWS_EXECUTION_ENV undefined for OS-only runtimes;
        # older ones list it for every runtime. Accept either, but not nonsense.
        assert env.get("AWS_EXECUTION_ENV", "AWS_Lambda_provided").startswith("AWS_Lambda_provided")
    else:
        assert env["AWS_EXECUTION_ENV"] == f"AWS_Lambda_{RUNTIME[lang]}"
    if lang == "python":
        assert env["WITH_SPACE"] == "a b"
