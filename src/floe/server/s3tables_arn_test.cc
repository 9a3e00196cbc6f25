#include "floe/server/s3tables_arn.h"

#include <gtest/gtest.h>

namespace floe::server {
namespace {

TEST(S3TablesArn, FormatsAndParsesBucketArns) {
  std::string arn = FormatBucketArn("us-east-1", "000000000000", "judge");
  EXPECT_EQ(arn, "arn:aws:s3tables:us-east-1:000000000000:bucket/judge");
  auto parsed = ParseBucketArn(arn);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->region, "us-east-1");
  EXPECT_EQ(parsed->account, "000000000000");
  EXPECT_EQ(parsed->bucket, "judge");
}

TEST(S3TablesArn, FormatsAndParsesTableArns) {
  std::string arn =
      FormatTableArn("eu-west-1", "111122223333", "b-1", "0a1b2c3d-0000-4000-8000-000000000001");
  EXPECT_EQ(arn,
            "arn:aws:s3tables:eu-west-1:111122223333:bucket/b-1/table/"
            "0a1b2c3d-0000-4000-8000-000000000001");
  auto parsed = ParseTableArn(arn);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->bucket, "b-1");
  EXPECT_EQ(parsed->table_id, "0a1b2c3d-0000-4000-8000-000000000001");
  EXPECT_FALSE(ParseBucketArn(arn).ok());  // a table ARN is not a bucket ARN
}

TEST(S3TablesArn, RejectsMalformedArns) {
  for (const char* bad : {"", "judge", "arn:aws:s3:us-east-1:000000000000:bucket/judge",
                          "arn:aws:s3tables:us-east-1:123:bucket/judge",
                          "arn:aws:s3tables:us-east-1:000000000000:table/x",
                          "arn:aws:s3tables:us-east-1:000000000000:bucket/",
                          "arn:aws:s3tables:us-east-1:000000000000:bucket/a/b",
                          "arn:gcp:s3tables:us-east-1:000000000000:bucket/judge"}) {
    auto parsed = ParseBucketArn(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
      EXPECT_NE(parsed.status().message().find("The specified ARN is not valid"),
                std::string::npos);
    }
  }
  EXPECT_FALSE(ParseTableArn("arn:aws:s3tables:us-east-1:000000000000:bucket/judge").ok());
  EXPECT_FALSE(ParseTableArn("arn:aws:s3tables:us-east-1:000000000000:bucket/judge/table/").ok());
}

TEST(S3TablesArn, PercentCodingRoundTrips) {
  const std::string arn = "arn:aws:s3tables:us-east-1:000000000000:bucket/judge";
  EXPECT_EQ(PercentEncode(arn), "arn%3Aaws%3As3tables%3Aus-east-1%3A000000000000%3Abucket%2Fjudge");
  EXPECT_EQ(*PercentDecode(PercentEncode(arn)), arn);
  EXPECT_EQ(*PercentDecode("a%2fb+c"), "a/b+c");
  EXPECT_FALSE(PercentDecode("bad%2").ok());
  EXPECT_FALSE(PercentDecode("bad%zz").ok());
}

TEST(S3TablesArn, SplitsEncodedAndRawSlashPathsAlike) {
  const std::vector<std::string> want{"tables",
                                      "arn:aws:s3tables:us-east-1:000000000000:bucket/judge", "iot",
                                      "t", "metadata-location"};
  auto encoded = SplitArnPath(
      "/tables/arn%3Aaws%3As3tables%3Aus-east-1%3A000000000000%3Abucket%2Fjudge/iot/t/"
      "metadata-location?x=1");
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(*encoded, want);
  auto raw = SplitArnPath(
      "/tables/arn:aws:s3tables:us-east-1:000000000000:bucket/judge/iot/t/metadata-location");
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(*raw, want);
  auto buckets = SplitArnPath("/buckets");
  ASSERT_TRUE(buckets.ok());
  EXPECT_EQ(*buckets, std::vector<std::string>{"buckets"});
  EXPECT_FALSE(SplitArnPath("/namespaces/arn%3").ok());
}

}  // namespace
}  // namespace floe::server
