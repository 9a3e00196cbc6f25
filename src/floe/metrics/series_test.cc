#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "floe/metrics/metrics.h"
#include "floe/metrics/sampler.h"

namespace floe::metrics {
namespace {

using nlohmann::json;

json FindSeries(const json& doc, const std::string& name) {
  for (const auto& s : doc["series"]) {
    if (s["name"] == name) return s;
  }
  return json();
}

TEST(SeriesTest, CounterValuesAndRates) {
  Registry r(10);
  Counter* c = r.GetCounter("floe_in_total", "In.", {{"stream", "s"}});
  r.Sample(1000);
  c->Add(50);
  r.Sample(6000);
  c->Add(10);
  r.Sample(11000);
  json doc = json::parse(r.SeriesJson());
  EXPECT_EQ(doc["timestamps"], json({1000, 6000, 11000}));
  json s = FindSeries(doc, "floe_in_total");
  EXPECT_EQ(s["type"], "counter");
  EXPECT_EQ(s["labels"], json({{"stream", "s"}}));
  EXPECT_EQ(s["values"]["value"], json({0, 50, 60}));
  EXPECT_EQ(s["values"]["rate"], json({nullptr, 10, 2}));
}

TEST(SeriesTest, LateSeriesArePaddedWithNull) {
  Registry r(10);
  r.GetGauge("floe_early", "E.")->Set(1);
  r.Sample(1000);
  r.GetGauge("floe_late", "L.")->Set(7);
  r.Sample(2000);
  json doc = json::parse(r.SeriesJson());
  EXPECT_EQ(FindSeries(doc, "floe_early")["values"]["value"], json({1, 1}));
  EXPECT_EQ(FindSeries(doc, "floe_late")["values"]["value"], json({nullptr, 7}));
}

TEST(SeriesTest, RingKeepsTheLastCapacitySamples) {
  Registry r(3);
  Gauge* g = r.GetGauge("floe_g", "G.");
  for (int i = 1; i <= 5; ++i) {
    g->Set(i);
    r.Sample(i * 1000);
  }
  json doc = json::parse(r.SeriesJson());
  EXPECT_EQ(doc["timestamps"], json({3000, 4000, 5000}));
  EXPECT_EQ(FindSeries(doc, "floe_g")["values"]["value"], json({3, 4, 5}));
  EXPECT_EQ(r.samples(), 5u);
}

TEST(SeriesTest, QueryByNameAndTime) {
  Registry r(10);
  r.GetGauge("floe_a", "A.");
  r.GetGauge("floe_b", "B.");
  r.Sample(1000);
  r.Sample(2000);
  json doc = json::parse(r.SeriesJson({{"floe_b"}, 1000}));
  EXPECT_EQ(doc["timestamps"], json({2000}));
  ASSERT_EQ(doc["series"].size(), 1u);
  EXPECT_EQ(doc["series"][0]["name"], "floe_b");
}

TEST(SeriesTest, HistogramIntervalStatistics) {
  Registry r(10);
  Histogram* h = r.GetHistogram("floe_d_seconds", "D.", {1, 2, 4});
  r.Sample(1000);
  h->Observe(0.5);
  h->Observe(1.5);
  r.Sample(3000);
  r.Sample(5000);  // nothing observed in this interval
  json s = FindSeries(json::parse(r.SeriesJson()), "floe_d_seconds");
  EXPECT_EQ(s["values"]["count"], json({0, 2, 2}));
  EXPECT_EQ(s["values"]["rate"], json({nullptr, 1, 0}));
  EXPECT_EQ(s["values"]["avg"], json({nullptr, 1, nullptr}));
  EXPECT_EQ(s["values"]["p50"], json({nullptr, 1, nullptr}));
}

TEST(SeriesTest, OneObservationsQuantilesAreItsValue) {
  // Interpolating inside the (5, 30] bucket would say 28.75 for p95.
  Registry r(10);
  Histogram* h = r.GetHistogram("floe_run_seconds", "Run.", {1, 5, 30});
  r.Sample(1000);
  h->Observe(10);
  r.Sample(2000);
  json s = FindSeries(json::parse(r.SeriesJson()), "floe_run_seconds");
  EXPECT_EQ(s["values"]["p50"], json({nullptr, 10}));
  EXPECT_EQ(s["values"]["p95"], json({nullptr, 10}));
}

TEST(SamplerTest, SamplesOnTheClockWithCollectors) {
  Registry r(100000);
  FakeClock clock(1'000'000'000);  // 1000 s
  Gauge* g = r.GetGauge("floe_collected", "C.");
  Sampler sampler(&r, &clock, 5000);
  int calls = 0;
  sampler.AddCollector([&] { g->Set(++calls); });
  sampler.Start();
  while (r.samples() < 4) std::this_thread::yield();
  sampler.Stop();
  json doc = json::parse(r.SeriesJson());
  ASSERT_GE(doc["timestamps"].size(), 4u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(doc["timestamps"][i], 1'000'000 + i * 5000);
  EXPECT_EQ(FindSeries(doc, "floe_collected")["values"]["value"][0], 1);
}

}  // namespace
}  // namespace floe::metrics
