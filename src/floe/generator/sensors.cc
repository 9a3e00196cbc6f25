#include "floe/generator/sensors.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace floe::generator {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kSecondsPerDay = 86400;
constexpr double kSpikeChance = 0.005;  // per reading: a few spikes per sensor per 1,000 readings

double Round2(double v) { return std::round(v * 100) / 100; }

}  // namespace

SensorSimulator::SensorSimulator(uint64_t seed, int sensors) : rng_(seed) {
  std::uniform_real_distribution<double> offset(-1.0, 1.0);
  for (int i = 0; i < sensors; ++i) {
    Sensor s;
    char id[32];
    std::snprintf(id, sizeof(id), "sensor_%03d", i + 1);
    s.id = id;
    // Six of ten in the warehouse (cooler, wider swing), the rest in the office.
    const bool warehouse = i < (sensors * 6 + 9) / 10;
    s.location = warehouse ? "warehouse" : "office";
    s.base_temperature = (warehouse ? 18.0 : 21.5) + offset(rng_);
    s.amplitude = warehouse ? 3.0 : 1.5;
    s.base_humidity = (warehouse ? 48.0 : 40.0) + 3 * offset(rng_);
    s.pressure_offset = offset(rng_);
    sensors_.push_back(s);
  }
}

Reading SensorSimulator::Next(int64_t timestamp) {
  Sensor& s = sensors_[next_];
  next_ = (next_ + 1) % sensors_.size();
  std::normal_distribution<double> unit(0.0, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);

  const double day_fraction =
      std::fmod(static_cast<double>(timestamp), kSecondsPerDay) / kSecondsPerDay;
  // Peak at 15:00, low at 03:00.
  const double daily = s.amplitude * std::sin(2 * kPi * (day_fraction - 9.0 / 24.0));
  s.drift = 0.98 * s.drift + 0.08 * unit(rng_);
  if (s.spike_left == 0 && uniform(rng_) < kSpikeChance) {
    s.spike_left = 10 + static_cast<int>(uniform(rng_) * 30);
    s.spike_height = kSpikeThresholdCelsius + 1 + 5 * uniform(rng_);  // 26–31 °C
  }
  double temperature = s.base_temperature + daily + s.drift + 0.1 * unit(rng_);
  if (s.spike_left > 0) {
    // A heat event (failed cooling, sun on the sensor) holds the reading near its level.
    temperature = std::max(temperature, s.spike_height + 0.3 * unit(rng_));
    --s.spike_left;
  } else {
    // Keep ordinary readings below the alert line so spikes are what crosses it.
    temperature = std::min(temperature, kSpikeThresholdCelsius - 0.5);
  }

  const double humidity = std::clamp(
      s.base_humidity - 1.8 * (temperature - s.base_temperature) + 0.8 * unit(rng_), 5.0, 95.0);
  s.pressure_offset = 0.995 * s.pressure_offset + 0.05 * unit(rng_);
  const double tide = 0.6 * std::sin(4 * kPi * day_fraction);
  const double pressure =
      std::clamp(1013.25 + 4 * s.pressure_offset + tide + 0.05 * unit(rng_), 980.0, 1045.0);

  Reading r;
  r.sensor_id = s.id;
  r.timestamp = timestamp;
  r.location = s.location;
  r.temperature = Round2(temperature);
  r.humidity = Round2(humidity);
  r.pressure = Round2(pressure);
  return r;
}

std::string ReadingJson(const Reading& r) {
  char buf[256];
  std::snprintf(buf, sizeof(buf),
                "{\"sensor_id\":\"%s\",\"timestamp\":%lld,\"location\":\"%s\",\"temperature\":%.2f,"
                "\"humidity\":%.2f,\"pressure\":%.2f}",
                r.sensor_id.c_str(), static_cast<long long>(r.timestamp), r.location.c_str(),
                r.temperature, r.humidity, r.pressure);
  return buf;
}

}  // namespace floe::generator
