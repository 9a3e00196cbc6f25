#include "floe/generator/generator_function.h"

#include <memory>

namespace floe::generator {

ScheduledFunction MakeGeneratorFunction(const std::string& name, const std::string& endpoint,
                                        GeneratorOptions options, Clock* clock,
                                        metrics::Registry* registry) {
  metrics::Counter* records = registry->GetCounter(
      "floe_generator_records_total", "Records the generator sent that the stream accepted.",
      {{"function", name}});
  return [=](const std::atomic<bool>& stop) -> Status {
    FLOE_ASSIGN_OR_RETURN(auto client, FirehoseClient::Make(endpoint));
    GeneratorOptions o = options;
    o.cancel = &stop;
    int64_t accepted_before = 0;
    auto result = RunGenerator(o, client.get(), clock, [&](const GeneratorProgress& p) {
      records->Add(static_cast<double>(p.accepted - accepted_before));
      accepted_before = p.accepted;
    });
    if (!result.ok()) return result.status();
    if (result->progress.failed > 0) {
      return Unavailable(std::to_string(result->progress.failed) + " of " +
                         std::to_string(result->progress.generated) +
                         " records were not accepted by stream " + o.stream +
                         " (last error: " + result->last_error + ")");
    }
    return Status::OK();
  };
}

}  // namespace floe::generator
