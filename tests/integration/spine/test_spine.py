"""The spine, end to end: boto3 and awscli against `lambdex serve`, a Python
function running warm in one container through the injected agent."""
import json
import os
import subprocess
import tempfile

import pytest
from botocore.exceptions import ClientError

from conftest import make_zip, unique_name

# Module-level init appends to a file in the container's /tmp: a re-import in
# the same process or a new runtime process would both show as extra lines.
COUNTING_HANDLER = '''
import os, time
with open("/tmp/lambdex-inits", "a") as f:
    f.write("init\\n")
PID = os.getpid()

def handler(event, context):
    with open("/tmp/lambdex-inits") as f:
        inits = len(f.read().splitlines())
    return {
        "echo": event,
        "inits": inits,
        "pid": PID,
        "request_id": context.aws_request_id,
        "function_name": context.function_name,
        "memory": context.memory_limit_in_mb,
        "arn": context.invoked_function_arn,
        "remaining_ms": context.get_remaining_time_in_millis(),
    }
'''

FAILING_HANDLER = '''
def handler(event, context):
    raise ValueError("bad input: " + str(event.get("x")))
'''


def create(client, name, code, handler="app.handler", **kw):
    return client.create_function(
        FunctionName=name, Runtime="python3.11", Role="arn:aws:iam::000000000000:role/lambda",
        Handler=handler, Code={"ZipFile": make_zip({"app.py": code})}, **kw)


def invoke(client, name, payload):
    resp = client.invoke(FunctionName=name, Payload=json.dumps(payload).encode())
    return resp, json.loads(resp["Payload"].read())


def test_boto3_function_runs_warm_in_one_container(lambdex, lambda_client):
    name = unique_name("warm")
    created = create(lambda_client, name, COUNTING_HANDLER, Timeout=30, MemorySize=256)
    assert created["FunctionArn"] == f"arn:aws:lambda:us-east-1:000000000000:function:{name}"
    assert created["Runtime"] == "python3.11"
    assert created["State"] == "Active"

    bodies = []
    for i in range(3):
        resp, body = invoke(lambda_client, name, {"i": i, "text": "héllo"})
        assert resp["StatusCode"] == 200
        assert "FunctionError" not in resp
        assert resp["ExecutedVersion"] == "$LATEST"
        assert body["echo"] == {"i": i, "text": "héllo"}
        bodies.append(body)

    assert [b["inits"] for b in bodies] == [1, 1, 1], "module-level init must run exactly once"
    assert len({b["pid"] for b in bodies}) == 1
    assert len({b["request_id"] for b in bodies}) == 3
    assert bodies[0]["function_name"] == name
    assert bodies[0]["memory"] in (256, "256")
    assert bodies[0]["arn"] == created["FunctionArn"]
    assert 0 < bodies[0]["remaining_ms"] <= 30000

    containers = lambdex.containers(**{"lambdex.function": name})
    assert len(containers) == 1, containers
    assert containers[0]["State"] == "running"
    inspect = lambdex.docker.request("GET", f"/containers/{containers[0]['Id']}/json")[1]
    assert inspect["HostConfig"]["Memory"] == 256 * 1024 * 1024
    assert inspect["HostConfig"]["NetworkMode"] == "none"
    assert inspect["HostConfig"]["PidsLimit"] > 0


def test_awscli_invokes_the_function(lambdex, lambda_client):
    name = unique_name("cli")
    create(lambda_client, name, COUNTING_HANDLER)
    out = os.path.join(tempfile.mkdtemp(), "out.json")
    env = dict(os.environ, AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="x",
               AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")
    proc = subprocess.run(
        ["/usr/bin/aws", "--endpoint-url", lambdex.endpoint, "lambda", "invoke",
         "--function-name", name, "--cli-binary-format", "raw-in-base64-out",
         "--payload", '{"from": "awscli"}', out],
        capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    meta = json.loads(proc.stdout)
    assert meta["StatusCode"] == 200
    assert meta["ExecutedVersion"] == "$LATEST"
    with open(out) as f:
        assert json.load(f)["echo"] == {"from": "awscli"}

    listed = subprocess.run(
        ["/usr/bin/aws", "--endpoint-url", lambdex.endpoint, "lambda", "list-functions"],
        capture_output=True, text=True, env=env, timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert name in [f["FunctionName"] for f in json.loads(listed.stdout)["Functions"]]


def test_function_error_comes_back_in_aws_shape(lambdex, lambda_client):
    name = unique_name("err")
    create(lambda_client, name, FAILING_HANDLER)
    resp, body = invoke(lambda_client, name, {"x": 42})
    assert resp["StatusCode"] == 200
    assert resp["FunctionError"] == "Unhandled"
    assert body["errorType"] == "ValueError"
    assert body["errorMessage"] == "bad input: 42"
    assert isinstance(body["stackTrace"], list) and body["stackTrace"]
    # The runtime survives a handled-by-runtime exception: the next call works too.
    resp, body = invoke(lambda_client, name, {"x": 7})
    assert body["errorMessage"] == "bad input: 7"


def test_api_errors_have_aws_codes(lambdex, lambda_client):
    with pytest.raises(ClientError) as e:
        lambda_client.get_function(FunctionName="no-such-function")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404

    name = unique_name("dup")
    create(lambda_client, name, COUNTING_HANDLER)
    with pytest.raises(ClientError) as e:
        create(lambda_client, name, COUNTING_HANDLER)
    assert e.value.response["Error"]["Code"] == "ResourceConflictException"

    with pytest.raises(ClientError) as e:
        lambda_client.create_function(
            FunctionName=unique_name("bad"), Runtime="cobol85", Role="r", Handler="app.handler",
            Code={"ZipFile": make_zip({"app.py": COUNTING_HANDLER})})
    assert e.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert "python3.11" in e.value.response["Error"]["Message"]


def test_get_list_and_delete_remove_the_container(lambdex, lambda_client):
    name = unique_name("del")
    create(lambda_client, name, COUNTING_HANDLER)
    invoke(lambda_client, name, {})
    assert len(lambdex.containers(**{"lambdex.function": name})) == 1

    got = lambda_client.get_function(FunctionName=name)
    assert got["Configuration"]["FunctionName"] == name
    assert got["Configuration"]["Handler"] == "app.handler"
    conf = lambda_client.get_function_configuration(
        FunctionName=f"arn:aws:lambda:us-east-1:000000000000:function:{name}")
    assert conf["FunctionName"] == name

    lambda_client.delete_function(FunctionName=name)
    assert lambdex.containers(**{"lambdex.function": name}) == []
    with pytest.raises(ClientError) as e:
        lambda_client.invoke(FunctionName=name, Payload=b"{}")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_stopping_the_controller_removes_its_containers(lambdex, lambda_client):
    names = [unique_name("stop") for _ in range(2)]
    for n in names:
        create(lambda_client, n, COUNTING_HANDLER)
        invoke(lambda_client, n, {})
    assert len(lambdex.containers()) == 2
    lambdex.stop()
    assert lambdex.proc.returncode == 0, lambdex.logs()
    assert lambdex.containers() == []
