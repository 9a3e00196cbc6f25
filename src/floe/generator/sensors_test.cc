#include "floe/generator/sensors.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace floe::generator {
namespace {

constexpr int64_t kNoon = 1'735'732'800;  // 2025-01-01T12:00:00Z

TEST(SensorsTest, TenSensorsInTwoLocationsWithinRanges) {
  SensorSimulator sim(42);
  std::map<std::string, std::string> location_of;
  int above_threshold = 0;
  double hottest = 0;
  for (int i = 0; i < 10000; ++i) {
    const Reading r = sim.Next(kNoon + i / 200);
    EXPECT_EQ(r.timestamp, kNoon + i / 200);
    location_of[r.sensor_id] = r.location;
    EXPECT_GT(r.temperature, 5);
    EXPECT_LT(r.temperature, 40);
    EXPECT_GE(r.humidity, 5);
    EXPECT_LE(r.humidity, 95);
    EXPECT_GT(r.pressure, 980);
    EXPECT_LT(r.pressure, 1045);
    if (r.temperature > kSpikeThresholdCelsius) ++above_threshold;
    hottest = std::max(hottest, r.temperature);
  }
  ASSERT_EQ(location_of.size(), 10u);
  EXPECT_EQ(location_of.begin()->first, "sensor_001");
  EXPECT_EQ(location_of.rbegin()->first, "sensor_010");
  std::set<std::string> locations;
  for (const auto& [id, loc] : location_of) locations.insert(loc);
  EXPECT_EQ(locations, (std::set<std::string>{"office", "warehouse"}));
  // Spikes happen, but they are occasional, and they stay plausible.
  EXPECT_GT(above_threshold, 20);
  EXPECT_LT(above_threshold, 2000);
  EXPECT_LT(hottest, 32);
}

TEST(SensorsTest, DailyCycleIsWarmerInTheAfternoon) {
  SensorSimulator sim(7, 1);
  double afternoon = 0, night = 0;
  for (int i = 0; i < 200; ++i) afternoon += std::min(sim.Next(kNoon + 3 * 3600).temperature, 25.0);
  for (int i = 0; i < 200; ++i) night += std::min(sim.Next(kNoon - 9 * 3600).temperature, 25.0);
  EXPECT_GT(afternoon / 200, night / 200 + 2);
}

TEST(SensorsTest, SameSeedSameReadings) {
  SensorSimulator a(123), b(123), c(124);
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    const Reading ra = a.Next(kNoon + i), rb = b.Next(kNoon + i), rc = c.Next(kNoon + i);
    ASSERT_EQ(ReadingJson(ra), ReadingJson(rb));
    differs |= ReadingJson(ra) != ReadingJson(rc);
  }
  EXPECT_TRUE(differs);
}

TEST(SensorsTest, JsonHasTheSeedSchema) {
  SensorSimulator sim(1);
  const auto j = nlohmann::json::parse(ReadingJson(sim.Next(kNoon)));
  ASSERT_EQ(j.size(), 6u);
  EXPECT_EQ(j["sensor_id"], "sensor_001");
  EXPECT_TRUE(j["timestamp"].is_number_integer());
  EXPECT_EQ(j["timestamp"], kNoon);
  EXPECT_TRUE(j["location"].is_string());
  EXPECT_TRUE(j["temperature"].is_number_float());
  EXPECT_TRUE(j["humidity"].is_number_float());
  EXPECT_TRUE(j["pressure"].is_number_float());
}

}  // namespace
}  // namespace floe::generator
