// floe::generator — the reference pipeline's scheduled function: an IoT simulator
// whose readings go to a delivery stream through the Firehose API, and the
// EventBridge-style schedules that invoke it.
//
// This file: the simulated sensors. Each of N sensors (sensor_001 …) sits in the
// warehouse or the office and reports temperature (°C), humidity (%) and pressure
// (hPa): a daily temperature cycle peaking mid-afternoon UTC, slow drift and noise,
// humidity moving against temperature, pressure wandering around 1013 hPa with a
// semi-diurnal tide, and occasional heat spikes that hold the temperature at 26–31 °C.
// The same seed gives the same readings.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace floe::generator {

struct Reading {
  std::string sensor_id;   // "sensor_001"
  int64_t timestamp = 0;   // epoch seconds
  std::string location;    // "warehouse" or "office"
  double temperature = 0;  // °C, two decimals
  double humidity = 0;     // %, two decimals
  double pressure = 0;     // hPa, two decimals
};

inline constexpr double kSpikeThresholdCelsius = 25.0;

class SensorSimulator {
 public:
  explicit SensorSimulator(uint64_t seed, int sensors = 10);

  // The next reading, from the sensors in turn (sensor_001, sensor_002, …).
  Reading Next(int64_t timestamp);
  int sensors() const { return static_cast<int>(sensors_.size()); }

 private:
  struct Sensor {
    std::string id;
    std::string location;
    double base_temperature = 0;  // daily mean
    double amplitude = 0;         // half the daily swing
    double base_humidity = 0;
    double drift = 0;            // slow temperature wander
    double pressure_offset = 0;  // slow pressure wander
    int spike_left = 0;          // readings left in the current spike
    double spike_height = 0;     // the temperature the current spike holds
  };
  std::mt19937_64 rng_;
  std::vector<Sensor> sensors_;
  size_t next_ = 0;
};

// {"sensor_id":…,"timestamp":…,"location":…,"temperature":…,"humidity":…,"pressure":…}
std::string ReadingJson(const Reading& r);

}  // namespace floe::generator
