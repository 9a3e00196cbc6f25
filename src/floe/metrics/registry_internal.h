// The registry's internal records, shared by its .cc files only.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "floe/metrics/metrics.h"

namespace floe::metrics {

// One labelled time series of a family, with its sample rings (capacity entries,
// indexed by sample number modulo capacity).
struct Registry::Instance {
  Labels labels;  // sorted by name
  std::unique_ptr<Counter> counter;
  std::unique_ptr<Gauge> gauge;
  std::unique_ptr<Histogram> histogram;

  uint64_t first_sample = 0;  // the first sample number this instance took part in
  std::map<std::string, std::vector<double>> rings;  // "value", "rate", ...
  // Raw values at the previous sample, for rates and interval quantiles.
  bool has_previous = false;
  double previous_value = 0;
  double previous_sum = 0;
  std::vector<uint64_t> previous_buckets;
};

struct Registry::Family {
  std::string name;
  std::string help;
  Type type = Type::kCounter;
  std::vector<double> bounds;                                  // histograms
  std::map<std::string, std::unique_ptr<Instance>> instances;  // by canonical label text
};

// "counter", "gauge" or "histogram".
const char* TypeName(Type type);
// {a="x",b="y"} with `extra` (such as le) appended; empty when there are no labels.
std::string LabelText(const Labels& labels, const std::string& extra = "");

}  // namespace floe::metrics
