// In-memory time series: Registry::Sample and Registry::SeriesJson.
#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "floe/metrics/metrics.h"
#include "floe/metrics/registry_internal.h"

namespace floe::metrics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void Put(std::map<std::string, std::vector<double>>* rings, const char* key, uint64_t slot,
         size_t capacity, double v) {
  std::vector<double>& ring = (*rings)[key];
  if (ring.size() != capacity) ring.assign(capacity, kNaN);
  ring[slot] = v;
}

}  // namespace

void Registry::Sample(int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  const uint64_t slot = sample_count_ % capacity_;
  const int64_t previous_ms =
      sample_count_ > 0 ? timestamps_[(sample_count_ - 1) % capacity_] : now_ms;
  const double seconds = static_cast<double>(now_ms - previous_ms) / 1000.0;
  timestamps_[slot] = now_ms;
  for (auto& [name, family] : families_) {
    for (auto& [key, instance] : family->instances) {
      Instance* in = instance.get();
      const bool interval = in->has_previous && seconds > 0;
      switch (family->type) {
        case Type::kCounter: {
          const double v = in->counter->value();
          Put(&in->rings, "value", slot, capacity_, v);
          Put(&in->rings, "rate", slot, capacity_,
              interval ? std::max(0.0, v - in->previous_value) / seconds : kNaN);
          in->previous_value = v;
          break;
        }
        case Type::kGauge:
          Put(&in->rings, "value", slot, capacity_, in->gauge->value());
          break;
        case Type::kHistogram: {
          const Histogram& h = *in->histogram;
          std::vector<uint64_t> buckets = h.BucketCounts();
          uint64_t count = 0;
          for (uint64_t c : buckets) count += c;
          const double sum = h.sum();
          std::vector<uint64_t> delta = buckets;
          if (in->has_previous) {
            for (size_t i = 0; i < delta.size() && i < in->previous_buckets.size(); ++i) {
              delta[i] =
                  buckets[i] >= in->previous_buckets[i] ? buckets[i] - in->previous_buckets[i] : 0;
            }
          }
          uint64_t delta_count = 0;
          for (uint64_t c : delta) delta_count += c;
          const double delta_sum = sum - in->previous_sum;
          Put(&in->rings, "count", slot, capacity_, static_cast<double>(count));
          Put(&in->rings, "rate", slot, capacity_,
              interval ? static_cast<double>(delta_count) / seconds : kNaN);
          Put(&in->rings, "avg", slot, capacity_,
              delta_count > 0 ? delta_sum / static_cast<double>(delta_count) : kNaN);
          // One observation in the interval: its value is known exactly (the mean), where
          // interpolating inside its bucket would invent one.
          const bool one = delta_count == 1;
          const double avg = one ? delta_sum : kNaN;
          Put(&in->rings, "p50", slot, capacity_, one ? avg : BucketQuantile(h.bounds(), delta, 0.5));
          Put(&in->rings, "p95", slot, capacity_,
              one ? avg : BucketQuantile(h.bounds(), delta, 0.95));
          in->previous_buckets = std::move(buckets);
          in->previous_sum = sum;
          break;
        }
      }
      in->has_previous = true;
    }
  }
  ++sample_count_;
}

std::string Registry::SeriesJson(const SeriesQuery& query) const {
  std::lock_guard<std::mutex> lock(mu_);
  const uint64_t begin = sample_count_ > capacity_ ? sample_count_ - capacity_ : 0;
  std::vector<uint64_t> picked;  // sample numbers in the answer
  for (uint64_t i = begin; i < sample_count_; ++i) {
    if (timestamps_[i % capacity_] > query.since_ms) picked.push_back(i);
  }
  nlohmann::ordered_json out;
  out["capacity"] = capacity_;
  nlohmann::ordered_json timestamps = nlohmann::ordered_json::array();
  for (uint64_t i : picked) timestamps.push_back(timestamps_[i % capacity_]);
  out["timestamps"] = std::move(timestamps);
  nlohmann::ordered_json series = nlohmann::ordered_json::array();
  for (const auto& [name, family] : families_) {
    if (!query.names.empty() &&
        std::find(query.names.begin(), query.names.end(), name) == query.names.end()) {
      continue;
    }
    for (const auto& [key, instance] : family->instances) {
      nlohmann::ordered_json s;
      s["name"] = name;
      s["type"] = TypeName(family->type);
      s["help"] = family->help;
      nlohmann::ordered_json labels = nlohmann::ordered_json::object();
      for (const auto& [label, value] : instance->labels) labels[label] = value;
      s["labels"] = std::move(labels);
      nlohmann::ordered_json values = nlohmann::ordered_json::object();
      for (const auto& [ring_name, ring] : instance->rings) {
        nlohmann::ordered_json points = nlohmann::ordered_json::array();
        for (uint64_t i : picked) {
          const double v = i >= instance->first_sample ? ring[i % capacity_] : kNaN;
          if (std::isfinite(v)) {
            points.push_back(v);
          } else {
            points.push_back(nullptr);
          }
        }
        values[ring_name] = std::move(points);
      }
      s["values"] = std::move(values);
      series.push_back(std::move(s));
    }
  }
  out["series"] = std::move(series);
  return out.dump();
}

}  // namespace floe::metrics
