// The generator as a scheduled function: each invocation runs RunGenerator against a
// Firehose endpoint and fails (counted as an error by the Scheduler) when any record
// was not accepted in the end. Accepted records are counted in
// floe_generator_records_total{function}.
#pragma once

#include <string>

#include "floe/base/clock.h"
#include "floe/generator/generator.h"
#include "floe/generator/scheduler.h"
#include "floe/metrics/metrics.h"

namespace floe::generator {

// `endpoint` is "http://host:port"; options.cancel is replaced by the scheduler's stop flag.
// REQUIRES: clock and registry outlive the function.
ScheduledFunction MakeGeneratorFunction(const std::string& name, const std::string& endpoint,
                                        GeneratorOptions options, Clock* clock,
                                        metrics::Registry* registry);

}  // namespace floe::generator
