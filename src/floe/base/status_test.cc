#include "floe/base/status.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace floe {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.ToString(), "OK");
  EXPECT_TRUE(Status::OK().ok());
}

TEST(StatusTest, FactoriesSetCodeAndMessage) {
  struct Case {
    Status status;
    StatusCode code;
    const char* name;
  };
  const std::vector<Case> cases = {
      {InvalidArgument("m"), StatusCode::kInvalidArgument, "InvalidArgument"},
      {NotFound("m"), StatusCode::kNotFound, "NotFound"},
      {AlreadyExists("m"), StatusCode::kAlreadyExists, "AlreadyExists"},
      {PermissionDenied("m"), StatusCode::kPermissionDenied, "PermissionDenied"},
      {Unauthenticated("m"), StatusCode::kUnauthenticated, "Unauthenticated"},
      {ResourceExhausted("m"), StatusCode::kResourceExhausted, "ResourceExhausted"},
      {FailedPrecondition("m"), StatusCode::kFailedPrecondition, "FailedPrecondition"},
      {Aborted("m"), StatusCode::kAborted, "Aborted"},
      {Unavailable("m"), StatusCode::kUnavailable, "Unavailable"},
      {DataLoss("m"), StatusCode::kDataLoss, "DataLoss"},
      {Internal("m"), StatusCode::kInternal, "Internal"},
  };
  for (const Case& c : cases) {
    EXPECT_FALSE(c.status.ok()) << c.name;
    EXPECT_EQ(c.status.code(), c.code) << c.name;
    EXPECT_EQ(c.status.message(), "m") << c.name;
    EXPECT_EQ(StatusCodeName(c.code), c.name);
    EXPECT_EQ(c.status.ToString(), std::string(c.name) + ": m");
  }
  EXPECT_EQ(StatusCodeName(StatusCode::kOk), "OK");
}

TEST(StatusTest, WithContextPrefixesMessageAndKeepsCode) {
  Status s = NotFound("table t").WithContext("loading metadata");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "loading metadata: table t");
  EXPECT_TRUE(Status::OK().WithContext("ignored").ok());
  EXPECT_EQ(Status::OK().WithContext("ignored").message(), "");
}

TEST(ResultTest, HoldsValue) {
  Result<int> r(42);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.status().ok());
  EXPECT_EQ(r.value(), 42);
  EXPECT_EQ(*r, 42);
  *r = 7;
  EXPECT_EQ(r.value(), 7);

  Result<std::string> s(std::string("abc"));
  EXPECT_EQ(s->size(), 3u);
}

TEST(ResultTest, HoldsError) {
  Result<int> r(DataLoss("bad crc"));
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(r.status().message(), "bad crc");
}

TEST(ResultTest, OkStatusBecomesInternalError) {
  Result<int> r{Status::OK()};
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

TEST(ResultTest, MoveOnlyValue) {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(5));
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 5);
}

// Helpers for the macro tests; `calls` counts how far each function got.
Status Step(bool ok, int* calls) {
  ++*calls;
  return ok ? Status::OK() : Unavailable("step failed");
}

Status TwoSteps(bool first_ok, bool second_ok, int* calls) {
  FLOE_RETURN_IF_ERROR(Step(first_ok, calls));
  FLOE_RETURN_IF_ERROR(Step(second_ok, calls));
  return Status::OK();
}

TEST(MacrosTest, ReturnIfErrorPropagatesFirstError) {
  int calls = 0;
  EXPECT_TRUE(TwoSteps(true, true, &calls).ok());
  EXPECT_EQ(calls, 2);

  calls = 0;
  Status s = TwoSteps(false, true, &calls);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message(), "step failed");
  EXPECT_EQ(calls, 1);

  calls = 0;
  EXPECT_EQ(TwoSteps(true, false, &calls).code(), StatusCode::kUnavailable);
  EXPECT_EQ(calls, 2);
}

Result<int> ParsePositive(int v) {
  if (v <= 0) return InvalidArgument("not positive");
  return v;
}

Result<std::unique_ptr<int>> MakeBox(int v) {
  if (v < 0) return NotFound("no box");
  return std::make_unique<int>(v);
}

// ASSIGN_OR_RETURN into a Result<U> of a different type.
Result<std::string> Describe(int a, int b) {
  FLOE_ASSIGN_OR_RETURN(int x, ParsePositive(a));
  FLOE_ASSIGN_OR_RETURN(int y, ParsePositive(b));
  return std::to_string(x + y);
}

// ASSIGN_OR_RETURN into a Status, into an existing variable, with a move-only value.
Status Unbox(int v, int* out) {
  std::unique_ptr<int> box;
  FLOE_ASSIGN_OR_RETURN(box, MakeBox(v));
  *out = *box;
  return Status::OK();
}

TEST(MacrosTest, AssignOrReturnAssignsOrPropagates) {
  Result<std::string> ok = Describe(2, 3);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, "5");

  Result<std::string> bad = Describe(2, -1);
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(), "not positive");

  int out = 0;
  EXPECT_TRUE(Unbox(9, &out).ok());
  EXPECT_EQ(out, 9);
  out = 0;
  EXPECT_EQ(Unbox(-1, &out).code(), StatusCode::kNotFound);
  EXPECT_EQ(out, 0);
}

TEST(CheckDeathTest, CheckAbortsWithConditionText) {
  EXPECT_DEATH(FLOE_CHECK(1 + 1 == 3), "check failed.*1 \\+ 1 == 3");
}

TEST(CheckTest, PassingCheckDoesNothing) { FLOE_CHECK(1 + 1 == 2); }

}  // namespace
}  // namespace floe

namespace floe {
namespace {

TEST(ResultDeathTest, ValueOfAnErrorAborts) {
  Result<int> r = NotFound("no such table");
  EXPECT_DEATH((void)r.value(), "NotFound: no such table");
}

}  // namespace
}  // namespace floe
