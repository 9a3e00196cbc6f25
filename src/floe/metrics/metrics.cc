#include "floe/metrics/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "floe/base/logging.h"
#include "floe/base/status.h"
#include "floe/metrics/registry_internal.h"

namespace floe::metrics {
namespace {

void AtomicAdd(std::atomic<double>* target, double v) {
  double current = target->load(std::memory_order_relaxed);
  while (!target->compare_exchange_weak(current, current + v, std::memory_order_relaxed)) {
  }
}

bool ValidName(const std::string& name, bool allow_colon) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alpha =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (allow_colon && c == ':');
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

[[noreturn]] void Misuse(const std::string& message) {
  FLOE_LOG(kError) << "metrics registry misuse: " << message;
  internal::CheckFailed(__FILE__, __LINE__, message.c_str());
}

}  // namespace

void Counter::Add(double v) {
  if (v < 0 || std::isnan(v)) return;  // a counter never goes down
  AtomicAdd(&value_, v);
}

void Gauge::Add(double v) { AtomicAdd(&value_, v); }

Histogram::Histogram(std::vector<double> bounds) : bounds_(std::move(bounds)) {
  std::sort(bounds_.begin(), bounds_.end());
  bounds_.erase(std::unique(bounds_.begin(), bounds_.end()), bounds_.end());
  while (!bounds_.empty() && std::isinf(bounds_.back())) bounds_.pop_back();
  buckets_ = std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1);
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double v) {
  if (std::isnan(v)) return;
  const size_t i =
      std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin();  // v <= bound
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  AtomicAdd(&sum_, v);
  count_.fetch_add(1, std::memory_order_relaxed);
}

std::vector<uint64_t> Histogram::BucketCounts() const {
  std::vector<uint64_t> out(bounds_.size() + 1);
  for (size_t i = 0; i < out.size(); ++i) out[i] = buckets_[i].load(std::memory_order_relaxed);
  return out;
}

double Histogram::Quantile(double q) const { return BucketQuantile(bounds_, BucketCounts(), q); }

double BucketQuantile(const std::vector<double>& bounds, const std::vector<uint64_t>& counts,
                      double q) {
  uint64_t total = 0;
  for (uint64_t c : counts) total += c;
  if (total == 0 || std::isnan(q)) return std::numeric_limits<double>::quiet_NaN();
  q = std::clamp(q, 0.0, 1.0);
  const double rank = q * static_cast<double>(total);
  uint64_t cumulative = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    const uint64_t before = cumulative;
    cumulative += counts[i];
    if (counts[i] == 0 || static_cast<double>(cumulative) < rank) continue;
    if (i == bounds.size())
      return bounds.empty() ? std::numeric_limits<double>::quiet_NaN() : bounds.back();
    const double upper = bounds[i];
    double lower = i == 0 ? 0 : bounds[i - 1];
    if (i == 0 && upper <= 0) return upper;
    const double within = (rank - static_cast<double>(before)) / static_cast<double>(counts[i]);
    return lower + (upper - lower) * std::clamp(within, 0.0, 1.0);
  }
  return bounds.empty() ? std::numeric_limits<double>::quiet_NaN() : bounds.back();
}

std::vector<double> DurationBuckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};
}

std::vector<double> ExponentialBuckets(double start, double factor, int count) {
  std::vector<double> out;
  double v = start;
  for (int i = 0; i < count; ++i, v *= factor) out.push_back(v);
  return out;
}

const char* TypeName(Type type) {
  switch (type) {
    case Type::kCounter:
      return "counter";
    case Type::kGauge:
      return "gauge";
    case Type::kHistogram:
      return "histogram";
  }
  return "untyped";
}

Registry::Registry(size_t capacity)
    : capacity_(std::max<size_t>(capacity, 2)), timestamps_(capacity_, 0) {}
Registry::~Registry() = default;

Registry& Registry::Default() {
  static Registry* registry = new Registry();
  return *registry;
}

Registry::Instance* Registry::Find(const std::string& name, const std::string& help, Type type,
                                   const Labels& labels, std::vector<double>* bounds) {
  if (!ValidName(name, true)) Misuse("invalid metric name '" + name + "'");
  Labels sorted = labels;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < sorted.size(); ++i) {
    const std::string& label = sorted[i].first;
    if (!ValidName(label, false) || label.rfind("__", 0) == 0) {
      Misuse("invalid label name '" + label + "' on " + name);
    }
    if (type == Type::kHistogram && label == "le")
      Misuse("histogram " + name + " cannot have a label named le");
    if (i > 0 && sorted[i - 1].first == label)
      Misuse("label '" + label + "' given twice on " + name);
  }
  const std::string key = LabelText(sorted);
  std::lock_guard<std::mutex> lock(mu_);
  auto& family = families_[name];
  if (!family) {
    family = std::make_unique<Family>();
    family->name = name;
    family->help = help;
    family->type = type;
    if (bounds) family->bounds = Histogram(*bounds).bounds();
  } else if (family->type != type) {
    Misuse(name + " is a " + TypeName(family->type) + ", not a " + TypeName(type));
  }
  auto& instance = family->instances[key];
  if (!instance) {
    instance = std::make_unique<Instance>();
    instance->labels = std::move(sorted);
    instance->first_sample = sample_count_;
    switch (type) {
      case Type::kCounter:
        instance->counter = std::make_unique<Counter>();
        break;
      case Type::kGauge:
        instance->gauge = std::make_unique<Gauge>();
        break;
      case Type::kHistogram:
        instance->histogram = std::make_unique<Histogram>(family->bounds);
        break;
    }
  }
  return instance.get();
}

Counter* Registry::GetCounter(const std::string& name, const std::string& help,
                              const Labels& labels) {
  return Find(name, help, Type::kCounter, labels, nullptr)->counter.get();
}

Gauge* Registry::GetGauge(const std::string& name, const std::string& help, const Labels& labels) {
  return Find(name, help, Type::kGauge, labels, nullptr)->gauge.get();
}

Histogram* Registry::GetHistogram(const std::string& name, const std::string& help,
                                  std::vector<double> bounds, const Labels& labels) {
  return Find(name, help, Type::kHistogram, labels, &bounds)->histogram.get();
}

uint64_t Registry::samples() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sample_count_;
}

}  // namespace floe::metrics
