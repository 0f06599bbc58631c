#include "controller/functions/function_registry.h"

#include <gtest/gtest.h>

#include "controller/functions/function_name.h"

namespace lambdex {
namespace {

FunctionConfig Fn(std::string name) {
  FunctionConfig fn;
  fn.name = std::move(name);
  fn.runtime = "python3.12";
  return fn;
}

TEST(FunctionNameTest, ValidatesNames) {
  EXPECT_TRUE(ValidateFunctionName("my-func_1").ok());
  EXPECT_TRUE(ValidateFunctionName(std::string(64, 'a')).ok());
  EXPECT_FALSE(ValidateFunctionName("").ok());
  EXPECT_FALSE(ValidateFunctionName(std::string(65, 'a')).ok());
  EXPECT_FALSE(ValidateFunctionName("has space").ok());
  EXPECT_FALSE(ValidateFunctionName("dot.name").ok());
  EXPECT_EQ(ValidateFunctionName("a/b").error().code, ErrorCode::kInvalidRequest);
}

TEST(FunctionNameTest, ParsesEveryReferenceForm) {
  struct Case {
    const char* input;
    const char* name;
    const char* qualifier;
  };
  for (const Case& c :
       {Case{"fn", "fn", ""}, Case{"fn:$LATEST", "fn", "$LATEST"},
        Case{"arn:aws:lambda:us-east-1:000000000000:function:fn", "fn", ""},
        Case{"arn:aws:lambda:us-east-1:000000000000:function:fn:$LATEST", "fn", "$LATEST"},
        Case{"000000000000:function:fn", "fn", ""},
        Case{"000000000000:function:fn:v1", "fn", "v1"}}) {
    Result<FunctionRef> ref = ParseFunctionRef(c.input);
    ASSERT_TRUE(ref.ok()) << c.input;
    EXPECT_EQ(ref->name, c.name) << c.input;
    EXPECT_EQ(ref->qualifier, c.qualifier) << c.input;
  }
  for (const char* bad : {"", "arn:aws:lambda:us-east-1:000000000000:function:", "a:b:c:d",
                          "fn:", "bad name", "arn:aws:lambda:us-east-1:0:function:fn:1:2"}) {
    EXPECT_FALSE(ParseFunctionRef(bad).ok()) << bad;
  }
}

TEST(FunctionRegistryTest, CreateGetConflict) {
  FunctionRegistry registry;
  ASSERT_TRUE(registry.Create(Fn("alpha")).ok());
  Status again = registry.Create(Fn("alpha"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().message, "Function already exist: alpha");
  EXPECT_EQ(registry.Create(Fn("bad name")).error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ((*registry.Get("alpha"))->runtime, "python3.12");
}

TEST(FunctionRegistryTest, GetAcceptsArnForms) {
  FunctionRegistry registry;
  ASSERT_TRUE(registry.Create(Fn("alpha")).ok());
  EXPECT_TRUE(registry.Get(FunctionArn("alpha")).ok());
  EXPECT_TRUE(registry.Get(FunctionArn("alpha") + ":$LATEST").ok());
  EXPECT_TRUE(registry.Get("000000000000:function:alpha").ok());
  Result<FunctionSnapshot> versioned = registry.Get("alpha:7");
  ASSERT_FALSE(versioned.ok());
  EXPECT_EQ(versioned.error().code, ErrorCode::kNotFound);
}

TEST(FunctionRegistryTest, NotFoundMessageNamesTheArn) {
  FunctionRegistry registry;
  Result<FunctionSnapshot> missing = registry.Get("ghost");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message,
            "Function not found: arn:aws:lambda:us-east-1:000000000000:function:ghost");
}

TEST(FunctionRegistryTest, ListsSortedWithPaging) {
  FunctionRegistry registry;
  for (const char* name : {"delta", "alpha", "charlie", "bravo", "echo"}) {
    ASSERT_TRUE(registry.Create(Fn(name)).ok());
  }
  FunctionPage first = registry.List("", 2);
  ASSERT_EQ(first.functions.size(), 2u);
  EXPECT_EQ(first.functions[0].name, "alpha");
  EXPECT_EQ(first.functions[1].name, "bravo");
  ASSERT_FALSE(first.next_marker.empty());
  FunctionPage second = registry.List(first.next_marker, 2);
  ASSERT_EQ(second.functions.size(), 2u);
  EXPECT_EQ(second.functions[0].name, "charlie");
  FunctionPage last = registry.List(second.next_marker, 2);
  ASSERT_EQ(last.functions.size(), 1u);
  EXPECT_EQ(last.functions[0].name, "echo");
  EXPECT_TRUE(last.next_marker.empty());
  FunctionPage all = registry.List("", 0);
  EXPECT_EQ(all.functions.size(), 5u);
  EXPECT_TRUE(all.next_marker.empty());
}

TEST(FunctionRegistryTest, PageSizeIsCapped) {
  FunctionRegistry registry;
  for (int i = 0; i < 60; ++i) ASSERT_TRUE(registry.Create(Fn("f" + std::to_string(100 + i))).ok());
  FunctionPage page = registry.List("", 1000);
  EXPECT_EQ(page.functions.size(), 50u);
  EXPECT_FALSE(page.next_marker.empty());
  EXPECT_EQ(registry.List(page.next_marker, 1000).functions.size(), 10u);
}

TEST(FunctionRegistryTest, UpdateAndDelete) {
  FunctionRegistry registry;
  EXPECT_EQ(registry.Update(Fn("alpha")).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(registry.Create(Fn("alpha")).ok());
  FunctionConfig changed = Fn("alpha");
  changed.timeout_s = 30;
  ASSERT_TRUE(registry.Update(changed).ok());
  EXPECT_EQ((*registry.Get("alpha"))->timeout_s, 30);
  Result<FunctionConfig> deleted = registry.Delete(FunctionArn("alpha"));
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->timeout_s, 30);
  EXPECT_EQ(registry.Get("alpha").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(registry.Delete("alpha").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace lambdex
