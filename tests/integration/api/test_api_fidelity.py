"""AWS fidelity of the API against a real `lambdex serve` and Docker:
functions survive a controller restart, LogType=Tail carries Lambda's
START/END/REPORT lines, reserved concurrency 0 throttles with AWS's 429,
Event answers 202 and still runs, DryRun answers 204."""
import base64
import json
import os
import time

import pytest
from botocore.exceptions import ClientError

from conftest import client_for, make_zip, unique_name

HANDLER = '''
import json
def handler(event, context):
    print("marker:" + str(event.get("marker")))
    return {"echo": event, "request_id": context.aws_request_id}
'''


def create(client, name, code=HANDLER, **kw):
    fn = client.create_function(
        FunctionName=name, Runtime="python3.11", Role="arn:aws:iam::000000000000:role/lambda",
        Handler="app.handler", Code={"ZipFile": make_zip({"app.py": code})}, Timeout=30, **kw)
    return fn


def invoke(client, name, payload, **kw):
    resp = client.invoke(FunctionName=name, Payload=json.dumps(payload).encode(), **kw)
    return resp, json.loads(resp["Payload"].read())


def test_functions_survive_a_controller_restart(lambdex_factory):
    first = lambdex_factory()
    client = client_for(first)
    name = unique_name("persist")
    created = create(client, name, Environment={"Variables": {"K": "v"}}, MemorySize=256)
    client.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=5)
    _, body = invoke(client, name, {"marker": "before"})
    assert body["echo"] == {"marker": "before"}
    first.stop()
    first.cleanup()

    second = lambdex_factory(data_dir=first.data_dir)
    client = client_for(second)
    got = client.get_function(FunctionName=name)
    config = got["Configuration"]
    for key in ("FunctionArn", "Runtime", "Handler", "MemorySize", "CodeSha256", "CodeSize",
                "RevisionId", "LastModified", "Environment"):
        assert config[key] == created[key], key
    assert got["Concurrency"] == {"ReservedConcurrentExecutions": 5}
    assert [f["FunctionName"] for f in client.list_functions()["Functions"]] == [name]
    resp, body = invoke(client, name, {"marker": "after"})
    assert resp["StatusCode"] == 200 and "FunctionError" not in resp
    assert body["echo"] == {"marker": "after"}

    client.delete_function(FunctionName=name)
    assert not os.path.exists(os.path.join(first.data_dir, "functions", name + ".json"))


def test_log_type_tail_is_aws_shaped(lambdex, lambda_client):
    name = unique_name("tail")
    create(lambda_client, name)
    resp, body = invoke(lambda_client, name, {"marker": "tail-me"}, LogType="Tail")
    log = base64.b64decode(resp["LogResult"]).decode()
    request_id = body["request_id"]
    lines = log.splitlines()
    assert lines[0] == f"START RequestId: {request_id} Version: $LATEST"
    assert "marker:tail-me" in lines
    assert f"END RequestId: {request_id}" in lines
    report = lines[-1]
    assert report.startswith(f"REPORT RequestId: {request_id}\tDuration: ")
    assert "\tBilled Duration: " in report and "\tMemory Size: 128 MB\t" in report
    assert "\tMax Memory Used: " in report
    # The same lines land in the function's log file.
    with open(os.path.join(lambdex.data_dir, "logs", name + ".log")) as f:
        assert f"START RequestId: {request_id}" in f.read()


def test_reserved_concurrency_zero_throttles(lambdex, lambda_client):
    name = unique_name("throttle")
    create(lambda_client, name)
    assert lambda_client.put_function_concurrency(
        FunctionName=name, ReservedConcurrentExecutions=0)["ReservedConcurrentExecutions"] == 0
    assert lambda_client.get_function_concurrency(
        FunctionName=name)["ReservedConcurrentExecutions"] == 0
    with pytest.raises(ClientError) as err:
        invoke(lambda_client, name, {})
    e = err.value.response
    assert e["Error"]["Code"] == "TooManyRequestsException"
    assert e["ResponseMetadata"]["HTTPStatusCode"] == 429
    assert e["Reason"] == "ReservedFunctionConcurrentInvocationLimitExceeded"
    lambda_client.delete_function_concurrency(FunctionName=name)
    assert "ReservedConcurrentExecutions" not in lambda_client.get_function_concurrency(FunctionName=name)
    resp, _ = invoke(lambda_client, name, {})
    assert resp["StatusCode"] == 200


def test_event_is_202_and_runs(lambdex, lambda_client):
    name = unique_name("event")
    create(lambda_client, name)
    resp = lambda_client.invoke(FunctionName=name, InvocationType="Event",
                                Payload=json.dumps({"marker": "async-ran"}).encode())
    assert resp["StatusCode"] == 202
    path = os.path.join(lambdex.data_dir, "logs", name + ".log")
    deadline = time.time() + 90
    while time.time() < deadline:
        if os.path.exists(path) and "marker:async-ran" in open(path).read():
            break
        time.sleep(0.2)
    else:
        pytest.fail("the Event invocation never ran:\n" + lambdex.logs())


def test_dry_run_is_204(lambdex, lambda_client):
    name = unique_name("dry")
    create(lambda_client, name)
    resp = lambda_client.invoke(FunctionName=name, InvocationType="DryRun")
    assert resp["StatusCode"] == 204
    with pytest.raises(ClientError) as err:
        lambda_client.invoke(FunctionName=unique_name("ghost"), InvocationType="DryRun")
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
