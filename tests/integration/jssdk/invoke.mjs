// Drives lambdex through the AWS SDK for JavaScript v3, as a user's code
// would: CreateFunction (python3.11, zip bytes), Invoke, check the payload,
// a function error, LogType=Tail, an API error, DeleteFunction.
// Usage: node invoke.mjs <endpoint> <zip path>; exits non-zero on the first failure.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  CreateFunctionCommand, DeleteFunctionCommand, GetFunctionCommand, InvokeCommand,
  LambdaClient, ResourceNotFoundException,
} from "@aws-sdk/client-lambda";

const [endpoint, zipPath] = process.argv.slice(2);
const client = new LambdaClient({
  endpoint, region: "us-east-1", maxAttempts: 1,
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const name = `jssdk-${process.pid}-${Date.now()}`;
const decode = (bytes) => JSON.parse(new TextDecoder().decode(bytes));

const created = await client.send(new CreateFunctionCommand({
  FunctionName: name, Runtime: "python3.11", Role: "arn:aws:iam::000000000000:role/lambda",
  Handler: "app.handler", Timeout: 30, Code: { ZipFile: readFileSync(zipPath) },
}));
assert.equal(created.FunctionName, name);
assert.equal(created.FunctionArn, `arn:aws:lambda:us-east-1:000000000000:function:${name}`);

const event = { from: "jssdk", text: "héllo ☃", n: [1, 2.5, null] };
const ok = await client.send(new InvokeCommand({
  FunctionName: name, Payload: new TextEncoder().encode(JSON.stringify(event)), LogType: "Tail",
}));
assert.equal(ok.StatusCode, 200);
assert.equal(ok.FunctionError, undefined);
assert.equal(ok.ExecutedVersion, "$LATEST");
const body = decode(ok.Payload);
assert.deepEqual(body.echo, event);
assert.equal(body.function_name, name);
assert.match(Buffer.from(ok.LogResult ?? "", "base64").toString(), /handled jssdk/);

const failed = await client.send(new InvokeCommand({
  FunctionName: name, Payload: new TextEncoder().encode(JSON.stringify({ fail: true })),
}));
assert.equal(failed.StatusCode, 200);
assert.equal(failed.FunctionError, "Unhandled");
assert.equal(decode(failed.Payload).errorType, "ValueError");

await client.send(new DeleteFunctionCommand({ FunctionName: name }));
await assert.rejects(client.send(new GetFunctionCommand({ FunctionName: name })),
                     (e) => e instanceof ResourceNotFoundException && e.$metadata.httpStatusCode === 404);
console.log(JSON.stringify({ ok: true, name }));
