#include "floe/stack/stack.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace floe::stack {
namespace {

using ::testing::HasSubstr;

TEST(StackParseTest, TheCommentedExampleParses) {
  auto s = LoadStack(std::string(FLOE_SOURCE_DIR) + "/examples/stack.yaml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->name, "iot-demo");
  EXPECT_EQ(s->table_bucket, "iot-demo-tables");
  ASSERT_EQ(s->tables.size(), 1u);
  EXPECT_EQ(s->tables[0].Key(), "iot.readings");
  EXPECT_EQ(s->tables[0].columns.size(), 6u);
  ASSERT_EQ(s->tables[0].partition.size(), 1u);
  EXPECT_EQ(s->tables[0].partition[0].column, "location");
  ASSERT_EQ(s->streams.size(), 1u);
  EXPECT_EQ(s->streams[0].buffer_mib, 5);
  EXPECT_EQ(s->streams[0].interval_seconds, 60);
  EXPECT_EQ(s->streams[0].error_bucket, "iot-demo-errors");
  ASSERT_EQ(s->generators.size(), 1u);
  EXPECT_EQ(s->generators[0].records, 10000);
  EXPECT_EQ(s->generators[0].log_retention_days, 1);
}

TEST(StackParseTest, TheReferenceStackIsTheSeedPipeline) {
  auto s = ParseStack(ReferenceStackText(), "reference");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->tables[0].Key(), "firehosetos3demo.firehosetos3demo");
  EXPECT_EQ(s->streams[0].buffer_mib, 5);
  EXPECT_EQ(s->streams[0].interval_seconds, 300);
  EXPECT_EQ(s->streams[0].error_prefix, "errors/");
  EXPECT_EQ(s->generators[0].records, 10000);
  EXPECT_EQ(s->generators[0].rate, 200);
  EXPECT_EQ(s->generators[0].schedule, "rate(1 minute)");
}

TEST(StackParseTest, DefaultsComeFromTheStackName) {
  auto s = ParseStack(
      "stack: tiny\n"
      "tables:\n"
      "  - {namespace: a, name: t, schema: [{name: x, type: long}]}\n"
      "streams:\n"
      "  - {name: s, tables: [a.t]}\n",
      "tiny.yaml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->table_bucket, "tiny-tables");
  EXPECT_EQ(s->namespaces, std::vector<std::string>{"a"});
  EXPECT_EQ(s->streams[0].error_bucket, "tiny-errors");
  EXPECT_EQ(s->streams[0].buffer_mib, 5);
  EXPECT_EQ(s->streams[0].interval_seconds, 300);
}

std::string ErrorOf(const std::string& text) {
  auto s = ParseStack(text, "bad.yaml");
  EXPECT_FALSE(s.ok());
  return s.ok() ? "" : s.status().message();
}

TEST(StackParseTest, ErrorsNameTheLineAndTheKey) {
  const std::string head =
      "stack: demo\n"
      "tables:\n"
      "  - namespace: iot\n"
      "    name: readings\n"
      "    schema:\n"
      "      - {name: id, type: long}\n"
      "streams:\n"
      "  - name: s\n"
      "    tables: [iot.readings]\n";
  EXPECT_THAT(ErrorOf(head + "    bufering: {size_mib: 5}\n"),
              HasSubstr("bad.yaml:10:5: streams[0]: unknown key \"bufering\"; did you mean "
                        "\"buffering\"?"));
  EXPECT_THAT(
      ErrorOf(head + "    buffering: {size_mib: 500}\n"),
      HasSubstr("bad.yaml:10:27: streams[0].buffering.size_mib: 500 is out of range 1–128"));
  EXPECT_THAT(
      ErrorOf(head + "    buffering: {interval_seconds: soon}\n"),
      HasSubstr(
          "bad.yaml:10:35: streams[0].buffering.interval_seconds: \"soon\" is not a whole number"));
  EXPECT_THAT(ErrorOf(head + "generators:\n  - {name: g, stream: nope}\n"),
              HasSubstr("bad.yaml:11:23: generators[0].stream: no stream \"nope\""));
  EXPECT_THAT(ErrorOf(head + "generators:\n  - {name: g, stream: s, schedule: \"every minute\"}\n"),
              HasSubstr(":11:36: generators[0].schedule:"));
  EXPECT_THAT(
      ErrorOf(
          "stack: demo\ntables:\n  - {namespace: iot, name: t, schema: [{name: x, type: text}]}\n"),
      HasSubstr(
          "bad.yaml:3:56: tables[0].schema[0].type: \"text\" is not an Iceberg primitive type"));
  EXPECT_THAT(ErrorOf("stack: demo\nstreams:\n  - {name: s, tables: [iot.nope]}\n"),
              HasSubstr("bad.yaml:3:24: streams[0].tables[0]: no table \"iot.nope\""));
  EXPECT_THAT(ErrorOf("stack: Demo_Stack\n"),
              HasSubstr("bad.yaml:1:8: stack: \"Demo_Stack\" is not a valid name"));
  EXPECT_THAT(ErrorOf("tables: []\n"), HasSubstr("missing \"stack\""));
  EXPECT_THAT(ErrorOf(""), HasSubstr("the file is empty"));
  EXPECT_THAT(ErrorOf("stack: demo\ntables:\n  - namespace: iot\n   name: x\n"),
              HasSubstr("bad.yaml:4:"));
}

}  // namespace
}  // namespace floe::stack
