#include "controller/docker/json_mapping.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace lambdex::docker {
namespace {
namespace json = boost::json;

json::object CreateJson(const ContainerSpec& spec) {
  return json::parse(CreateContainerBody(spec)).as_object();
}

TEST(CreateContainerBody, MapsEverySpecField) {
  ContainerSpec spec;
  spec.image = "lambdex/python:latest";
  spec.entrypoint = {"/opt/lambdex/agent"};
  spec.cmd = {"--fd", "3"};
  spec.env = {"A=1", "B=two words"};
  spec.labels = {{"lambdex.function", "hello"}};
  spec.mounts = {{"/data/fn", "/var/task", true}, {"/tmp/x", "/tmp/x", false}};
  spec.network_mode = "none";
  spec.working_dir = "/var/task";
  spec.memory_bytes = 128 << 20;
  spec.pids_limit = 256;

  json::object body = CreateJson(spec);
  EXPECT_EQ(body.at("Image"), "lambdex/python:latest");
  EXPECT_EQ(body.at("Entrypoint"), (json::array{"/opt/lambdex/agent"}));
  EXPECT_EQ(body.at("Cmd"), (json::array{"--fd", "3"}));
  EXPECT_EQ(body.at("Env"), (json::array{"A=1", "B=two words"}));
  EXPECT_EQ(body.at("Labels"), (json::object{{"lambdex.function", "hello"}}));
  EXPECT_EQ(body.at("WorkingDir"), "/var/task");
  EXPECT_FALSE(body.contains("OpenStdin"));

  const json::object& host = body.at("HostConfig").as_object();
  EXPECT_EQ(host.at("NetworkMode"), "none");
  EXPECT_EQ(host.at("Memory").as_int64(), 128 << 20);
  EXPECT_EQ(host.at("MemorySwap").as_int64(), 128 << 20);
  EXPECT_EQ(host.at("PidsLimit").as_int64(), 256);
  EXPECT_EQ(host.at("Init"), false);
  const json::array& mounts = host.at("Mounts").as_array();
  ASSERT_EQ(mounts.size(), 2u);
  EXPECT_EQ(
      mounts[0],
      (json::object{
          {"Type", "bind"}, {"Source", "/data/fn"}, {"Target", "/var/task"}, {"ReadOnly", true}}));
  EXPECT_EQ(mounts[1].at("ReadOnly"), false);
}

TEST(CreateContainerBody, OmitsUnsetOptionalFields) {
  ContainerSpec spec;
  spec.image = "img";
  json::object body = CreateJson(spec);
  EXPECT_FALSE(body.contains("Entrypoint"));
  EXPECT_FALSE(body.contains("Cmd"));
  EXPECT_FALSE(body.contains("WorkingDir"));
  const json::object& host = body.at("HostConfig").as_object();
  EXPECT_FALSE(host.contains("Memory"));
  EXPECT_FALSE(host.contains("PidsLimit"));
  EXPECT_EQ(host.at("NetworkMode"), "none");
}

TEST(CreateContainerBody, OpenStdinSetsAllThreeFlags) {
  ContainerSpec spec;
  spec.image = "img";
  spec.open_stdin = true;
  json::object body = CreateJson(spec);
  EXPECT_EQ(body.at("OpenStdin"), true);
  EXPECT_EQ(body.at("StdinOnce"), true);
  EXPECT_EQ(body.at("AttachStdin"), true);
  EXPECT_EQ(body.at("AttachStdout"), true);
  EXPECT_EQ(body.at("AttachStderr"), true);
  EXPECT_EQ(body.at("Tty"), false);
}

TEST(ParseCreateResponse, ReadsId) {
  auto id = ParseCreateResponse(R"({"Id":"abc123","Warnings":[]})");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, "abc123");
  EXPECT_FALSE(ParseCreateResponse(R"({"Warnings":[]})").ok());
  EXPECT_FALSE(ParseCreateResponse("not json").ok());
}

constexpr char kInspect[] = R"({
  "Id": "4fa6e0f0c678",
  "Name": "/lambdex-hello-1",
  "Image": "sha256:9189af79ddd9",
  "State": {"Status": "exited", "Running": false, "OOMKilled": true, "ExitCode": 137,
            "Pid": 0, "Dead": false},
  "Config": {"Image": "lambdex/python:latest",
             "Labels": {"lambdex.function": "hello", "lambdex.owner": "test"}},
  "HostConfig": {"Memory": 134217728}
})";

TEST(ParseInspect, ReadsStateLabelsNameImage) {
  auto info = ParseInspect(kInspect);
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->id, "4fa6e0f0c678");
  EXPECT_EQ(info->name, "lambdex-hello-1");
  EXPECT_EQ(info->image, "lambdex/python:latest");
  EXPECT_EQ(info->state, "exited");
  EXPECT_FALSE(info->running);
  EXPECT_TRUE(info->oom_killed);
  EXPECT_EQ(info->exit_code, 137);
  EXPECT_EQ(info->memory_bytes, 134217728);
  EXPECT_EQ(info->labels, (Labels{{"lambdex.function", "hello"}, {"lambdex.owner", "test"}}));
}

TEST(ParseInspect, ToleratesNullLabelsAndRunningState) {
  auto info = ParseInspect(R"({"Id":"x","Name":"/n","State":{"Status":"running","Running":true,
      "ExitCode":0},"Config":{"Image":"img","Labels":null}})");
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->running);
  EXPECT_EQ(info->state, "running");
  EXPECT_TRUE(info->labels.empty());
}

TEST(ParseInspect, RejectsGarbage) {
  EXPECT_FALSE(ParseInspect("{").ok());
  EXPECT_FALSE(ParseInspect("[]").ok());
  EXPECT_FALSE(ParseInspect("{}").ok());  // no Id
}

TEST(ParseContainerList, ReadsEntries) {
  auto list = ParseContainerList(R"([
    {"Id":"a1","Names":["/one"],"Image":"lambdex/python:latest","State":"running",
     "Status":"Up 3 seconds","Labels":{"lambdex.test":"r1"}},
    {"Id":"b2","Names":["/two"],"Image":"img","State":"exited",
     "Status":"Exited (137) 2 seconds ago","Labels":{}}
  ])");
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, "a1");
  EXPECT_EQ((*list)[0].name, "one");
  EXPECT_TRUE((*list)[0].running);
  EXPECT_EQ((*list)[0].labels.at("lambdex.test"), "r1");
  EXPECT_EQ((*list)[1].state, "exited");
  EXPECT_FALSE((*list)[1].running);
  EXPECT_EQ((*list)[1].exit_code, 137);
}

TEST(ParseContainerList, EmptyAndInvalid) {
  auto empty = ParseContainerList("[]");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  EXPECT_FALSE(ParseContainerList(R"({"message":"x"})").ok());
}

TEST(CreateExecBody, DetachedWithOptionalFields) {
  ExecSpec spec;
  spec.cmd = {"/opt/lambdex/agent", "--once"};
  json::object body = json::parse(CreateExecBody(spec)).as_object();
  EXPECT_EQ(body.at("Cmd"), (json::array{"/opt/lambdex/agent", "--once"}));
  EXPECT_EQ(body.at("AttachStdout"), false);
  EXPECT_FALSE(body.contains("Env"));
  EXPECT_FALSE(body.contains("User"));
  spec.env = {"A=1"};
  spec.user = "1000";
  spec.working_dir = "/var/task";
  body = json::parse(CreateExecBody(spec)).as_object();
  EXPECT_EQ(body.at("Env"), (json::array{"A=1"}));
  EXPECT_EQ(body.at("User"), "1000");
  EXPECT_EQ(body.at("WorkingDir"), "/var/task");
  EXPECT_EQ(json::parse(StartExecBody()).at("Detach"), true);
}

TEST(CreateExecBody, AttachedAsksForAllThreeStreams) {
  ExecSpec spec;
  spec.cmd = {"/opt/lambdex/lambdex-agent", "--oneshot", "--", "/var/runtime/bootstrap"};
  json::object body = json::parse(CreateExecBody(spec, /*attach=*/true)).as_object();
  EXPECT_EQ(body.at("AttachStdin"), true);
  EXPECT_EQ(body.at("AttachStdout"), true);
  EXPECT_EQ(body.at("AttachStderr"), true);
  EXPECT_EQ(body.at("Tty"), false);
  EXPECT_EQ(body.at("Cmd").as_array().size(), 4u);
  json::object start = json::parse(StartExecBody(/*detach=*/false)).as_object();
  EXPECT_EQ(start.at("Detach"), false);
  EXPECT_EQ(start.at("Tty"), false);
}

TEST(ParseWaitResponse, ExitCodeOrError) {
  EXPECT_EQ(*ParseWaitResponse(R"({"StatusCode":0,"Error":null})"), 0);
  EXPECT_EQ(*ParseWaitResponse(R"({"StatusCode":137})"), 137);
  auto failed = ParseWaitResponse(R"({"StatusCode":-1,"Error":{"Message":"boom"}})");
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("boom"), std::string::npos);
  EXPECT_FALSE(ParseWaitResponse("{}").ok());
  EXPECT_FALSE(ParseWaitResponse("[").ok());
}

TEST(ParseExecInspect, RunningAndFinished) {
  auto running = ParseExecInspect(
      R"({"ID":"e1","ContainerID":"c1","Running":true,"ExitCode":null,"Pid":4242})");
  ASSERT_TRUE(running.ok()) << running.error().message;
  EXPECT_TRUE(running->running);
  EXPECT_EQ(running->pid, 4242);
  EXPECT_EQ(running->container_id, "c1");
  auto done = ParseExecInspect(R"({"ID":"e1","ContainerID":"c1","Running":false,"ExitCode":3})");
  ASSERT_TRUE(done.ok());
  EXPECT_FALSE(done->running);
  EXPECT_EQ(done->exit_code, 3);
  EXPECT_FALSE(ParseExecInspect("{}").ok());
}

TEST(LabelFilter, ListsKeyValuePairs) {
  EXPECT_EQ(LabelFilter({{"a", "1"}, {"b", "x y"}}), R"({"label":["a=1","b=x y"]})");
  EXPECT_EQ(LabelFilter({}), R"({"label":[]})");
}

TEST(ErrorFromStatus, MapsStatusAndKeepsDaemonMessage) {
  Error nf = ErrorFromStatus(404, R"({"message":"No such container: abc"})", "inspect abc");
  EXPECT_EQ(nf.code, ErrorCode::kNotFound);
  EXPECT_EQ(nf.message, "inspect abc: No such container: abc");

  Error conflict = ErrorFromStatus(409, R"({"message":"name in use"})", "create");
  EXPECT_EQ(conflict.code, ErrorCode::kConflict);

  Error other = ErrorFromStatus(500, R"({"message":"driver failed"})", "start x");
  EXPECT_EQ(other.code, ErrorCode::kInternal);
  EXPECT_NE(other.message.find("driver failed"), std::string::npos);
  EXPECT_NE(other.message.find("500"), std::string::npos);

  Error raw = ErrorFromStatus(400, "plain text\n", "list");
  EXPECT_EQ(raw.message, "list: plain text (HTTP 400)");
}

TEST(UrlEncode, KeepsUnreservedAndRequestedCharacters) {
  EXPECT_EQ(UrlEncode(R"({"label":["a=1"]})"), "%7B%22label%22%3A%5B%22a%3D1%22%5D%7D");
  EXPECT_EQ(UrlEncode("lambdex/python:latest", "/:@"), "lambdex/python:latest");
  EXPECT_EQ(UrlEncode("a b?c#", "/"), "a%20b%3Fc%23");
}

}  // namespace
}  // namespace lambdex::docker
