#include "floe/metrics/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>

namespace floe::metrics {
namespace {

TEST(CounterTest, AddsAndIgnoresNegative) {
  Counter c;
  c.Add();
  c.Add(2.5);
  c.Add(-10);
  EXPECT_DOUBLE_EQ(c.value(), 3.5);
}

TEST(CounterTest, ConcurrentAddsAreNotLost) {
  Counter c;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&c] {
      for (int i = 0; i < 10000; ++i) c.Add();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_DOUBLE_EQ(c.value(), 40000);
}

TEST(GaugeTest, SetAndAdd) {
  Gauge g;
  g.Set(5);
  g.Add(-7);
  EXPECT_DOUBLE_EQ(g.value(), -2);
}

TEST(HistogramTest, BucketsAreUpperInclusive) {
  Histogram h({1, 5, 10});
  for (double v : {0.5, 1.0, 1.1, 5.0, 7.0, 11.0}) h.Observe(v);
  EXPECT_EQ(h.BucketCounts(), (std::vector<uint64_t>{2, 2, 1, 1}));
  EXPECT_EQ(h.count(), 6u);
  EXPECT_DOUBLE_EQ(h.sum(), 25.6);
}

TEST(HistogramTest, QuantileInterpolatesLikePrometheus) {
  Histogram h({10, 20, 40});
  EXPECT_TRUE(std::isnan(h.Quantile(0.5)));
  for (int i = 0; i < 10; ++i) h.Observe(5);   // (0,10]
  for (int i = 0; i < 10; ++i) h.Observe(15);  // (10,20]
  // rank 10 of 20 ends the first bucket exactly.
  EXPECT_DOUBLE_EQ(h.Quantile(0.5), 10);
  // rank 15 is half way into (10,20].
  EXPECT_DOUBLE_EQ(h.Quantile(0.75), 15);
  h.Observe(1000);  // +Inf bucket answers with the highest finite bound
  EXPECT_DOUBLE_EQ(h.Quantile(1.0), 40);
}

TEST(FormatTest, Values) {
  EXPECT_EQ(FormatValue(0), "0");
  EXPECT_EQ(FormatValue(42), "42");
  EXPECT_EQ(FormatValue(-3), "-3");
  EXPECT_EQ(FormatValue(0.25), "0.25");
  EXPECT_EQ(FormatValue(0.005), "0.005");
  EXPECT_EQ(FormatValue(1e300), "1e+300");
  EXPECT_EQ(FormatValue(INFINITY), "+Inf");
  EXPECT_EQ(FormatValue(-INFINITY), "-Inf");
  EXPECT_EQ(FormatValue(NAN), "NaN");
}

TEST(FormatTest, Escaping) {
  EXPECT_EQ(EscapeLabelValue("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
  EXPECT_EQ(EscapeHelp("say \"hi\"\\\n"), "say \"hi\"\\\\\\n");
}

TEST(RegistryTest, SameNameAndLabelsSameObject) {
  Registry r;
  Counter* a = r.GetCounter("floe_x_total", "X.", {{"stream", "s"}, {"az", "1"}});
  Counter* b = r.GetCounter("floe_x_total", "ignored", {{"az", "1"}, {"stream", "s"}});
  Counter* c = r.GetCounter("floe_x_total", "X.", {{"stream", "t"}, {"az", "1"}});
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(RegistryTest, PrometheusTextIsExact) {
  Registry r;
  r.GetCounter("floe_b_total", "Records \\ seen\nper stream.", {{"stream", "we\"ird\\\n"}})->Add(3);
  r.GetCounter("floe_b_total", "", {{"stream", "plain"}})->Add(0.5);
  r.GetGauge("floe_a", "A gauge.")->Set(-1.5);
  Histogram* h = r.GetHistogram("floe_c_seconds", "Latency.", {0.1, 1}, {{"op", "put"}});
  h->Observe(0.05);
  h->Observe(0.5);
  h->Observe(3);
  EXPECT_EQ(r.PrometheusText(),
            "# HELP floe_a A gauge.\n"
            "# TYPE floe_a gauge\n"
            "floe_a -1.5\n"
            "# HELP floe_b_total Records \\\\ seen\\nper stream.\n"
            "# TYPE floe_b_total counter\n"
            "floe_b_total{stream=\"plain\"} 0.5\n"
            "floe_b_total{stream=\"we\\\"ird\\\\\\n\"} 3\n"
            "# HELP floe_c_seconds Latency.\n"
            "# TYPE floe_c_seconds histogram\n"
            "floe_c_seconds_bucket{op=\"put\",le=\"0.1\"} 1\n"
            "floe_c_seconds_bucket{op=\"put\",le=\"1\"} 2\n"
            "floe_c_seconds_bucket{op=\"put\",le=\"+Inf\"} 3\n"
            "floe_c_seconds_sum{op=\"put\"} 3.55\n"
            "floe_c_seconds_count{op=\"put\"} 3\n");
}

TEST(RegistryTest, HistogramWithoutLabels) {
  Registry r;
  r.GetHistogram("floe_d", "D.", {2})->Observe(1);
  EXPECT_EQ(
      r.PrometheusText(),
      "# HELP floe_d D.\n# TYPE floe_d histogram\n"
      "floe_d_bucket{le=\"2\"} 1\nfloe_d_bucket{le=\"+Inf\"} 1\nfloe_d_sum 1\nfloe_d_count 1\n");
}

TEST(RegistryDeathTest, MisuseIsABug) {
  Registry r;
  r.GetCounter("floe_e_total", "E.");
  EXPECT_DEATH(r.GetGauge("floe_e_total", "E."), "is a counter, not a gauge");
  EXPECT_DEATH(r.GetCounter("floe-bad", "B."), "invalid metric name");
  EXPECT_DEATH(r.GetCounter("floe_f", "F.", {{"1x", "v"}}), "invalid label name");
  EXPECT_DEATH(r.GetHistogram("floe_g", "G.", {1}, {{"le", "v"}}), "cannot have a label named le");
}

TEST(RegistryTest, DefaultIsOneInstance) { EXPECT_EQ(&Registry::Default(), &Registry::Default()); }

}  // namespace
}  // namespace floe::metrics
