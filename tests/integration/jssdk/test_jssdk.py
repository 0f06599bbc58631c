"""The AWS SDK for JavaScript v3 (@aws-sdk/client-lambda, pinned in
package-lock.json) against a real `lambdex serve`: invoke.mjs creates a Python
function from zip bytes, invokes it and checks what comes back.

node_modules/ is a cache (gitignored): `npm install` fills it from the npm
registry the first time and is quick afterwards."""
import os
import shutil
import subprocess

import pytest

from conftest import make_zip

HERE = os.path.dirname(os.path.abspath(__file__))

HANDLER = '''
def handler(event, context):
    if event.get("fail"):
        raise ValueError("asked to fail")
    print("handled " + str(event.get("from")))
    return {"echo": event, "function_name": context.function_name}
'''


@pytest.fixture(scope="module")
def sdk():
    node = shutil.which("node")
    npm = shutil.which("npm")
    if not node or not npm:
        pytest.fail("node and npm are needed (apt-get install nodejs npm)")
    marker = os.path.join(HERE, "node_modules", "@aws-sdk", "client-lambda", "package.json")
    if not os.path.exists(marker):
        proc = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE,
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, (
            "npm ci failed (a self-signed CA inside a container breaks TLS to the registry; "
            f"the host's npm works):\n{proc.stdout}\n{proc.stderr}")
    return node


def test_js_sdk_creates_and_invokes(lambdex, sdk, tmp_path):
    zip_path = tmp_path / "fn.zip"
    zip_path.write_bytes(make_zip({"app.py": HANDLER}))
    proc = subprocess.run([sdk, os.path.join(HERE, "invoke.mjs"), lambdex.endpoint, str(zip_path)],
                          cwd=HERE, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"{proc.stdout}\n{proc.stderr}\n--- lambdex log ---\n{lambdex.logs()[-4000:]}"
    assert '"ok":true' in proc.stdout
