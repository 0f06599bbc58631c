"""PackageType=Image functions run the function's own local image, in Docker,
whatever the executor mode (local included)."""
import json
import os
import subprocess
import tempfile
import uuid

import boto3
import pytest
from botocore.config import Config

from conftest import unique_name

APP = '''
import os
def handler(event, context):
    return {"from_image": True, "handler": os.environ["_HANDLER"], "task_root": os.getcwd(),
            "event": event}
'''


@pytest.fixture(scope="module")
def function_image():
    tag = f"lambdex-test/imgfn:{uuid.uuid4().hex[:8]}"
    ctx = tempfile.mkdtemp()
    with open(os.path.join(ctx, "app.py"), "w") as f:
        f.write(APP)
    with open(os.path.join(ctx, "Dockerfile"), "w") as f:
        f.write("FROM lambdex/python:latest\n"
                "COPY app.py /var/task/app.py\n"
                'ENTRYPOINT ["/var/runtime/bootstrap"]\n'
                'CMD ["app.handler"]\n')
    subprocess.run(["docker", "build", "--network", "none", "-q", "-t", tag, ctx], check=True,
                   capture_output=True, env=dict(os.environ, DOCKER_BUILDKIT="0"), timeout=300)
    yield tag
    subprocess.run(["docker", "rmi", "-f", tag], capture_output=True)


@pytest.mark.parametrize("mode", ["docker-reuse", "local"])
def test_image_function_runs_in_docker_in_every_mode(lambdex_factory, function_image, mode):
    lx = lambdex_factory(env={"LAMBDA_EXECUTOR": mode})
    client = boto3.client("lambda", endpoint_url=lx.endpoint, region_name="us-east-1",
                          aws_access_key_id="t", aws_secret_access_key="t",
                          config=Config(retries={"max_attempts": 1}, read_timeout=120))
    name = unique_name("img")
    created = client.create_function(FunctionName=name, PackageType="Image", Role="r",
                                     Code={"ImageUri": function_image})
    assert created["PackageType"] == "Image"
    resp = client.invoke(FunctionName=name, Payload=json.dumps({"k": 1}).encode())
    body = json.loads(resp["Payload"].read())
    assert "FunctionError" not in resp, body
    assert body == {"from_image": True, "handler": "app.handler", "task_root": "/var/task",
                    "event": {"k": 1}}
    assert len(lx.containers(**{"lambdex.function": name})) == 1


def test_missing_image_is_a_clear_error(lambdex_factory):
    lx = lambdex_factory()
    client = boto3.client("lambda", endpoint_url=lx.endpoint, region_name="us-east-1",
                          aws_access_key_id="t", aws_secret_access_key="t",
                          config=Config(retries={"max_attempts": 1}))
    name = unique_name("noimg")
    client.create_function(FunctionName=name, PackageType="Image", Role="r",
                           Code={"ImageUri": "lambdex-test/does-not-exist:1"})
    with pytest.raises(client.exceptions.ClientError) as e:
        client.invoke(FunctionName=name, Payload=b"{}")
    assert "lambdex-test/does-not-exist:1" in e.value.response["Error"]["Message"]
