#include "floe/server/generators.h"

#include <chrono>
#include <filesystem>
#include <fstream>

#include "floe/base/civil_time.h"
#include "floe/base/logging.h"
#include "floe/generator/generator_function.h"
#include "floe/generator/schedule.h"

namespace floe::server {

iceberg::Json GeneratorConfig::ToJson() const {
  return {{"stream", stream},   {"schedule", schedule}, {"records", records},
          {"rate", rate},       {"sensors", sensors},   {"log_retention_days", log_retention_days},
          {"enabled", enabled}, {"stack", stack}};
}

Result<GeneratorConfig> GeneratorConfig::FromJson(const std::string& name, const iceberg::Json& j) {
  if (!j.is_object())
    return InvalidArgument("generator " + name + ": stored value is not an object");
  GeneratorConfig g;
  g.name = name;
  try {
    g.stream = j.at("stream").get<std::string>();
    g.schedule = j.value("schedule", g.schedule);
    g.records = j.value("records", g.records);
    g.rate = j.value("rate", g.rate);
    g.sensors = j.value("sensors", g.sensors);
    g.log_retention_days = j.value("log_retention_days", g.log_retention_days);
    g.enabled = j.value("enabled", g.enabled);
    g.stack = j.value("stack", std::string());
  } catch (const std::exception& e) {
    return InvalidArgument("generator " + name + ": " + e.what());
  }
  return g;
}

GeneratorHost::GeneratorHost(catalog::Catalog* catalog, Clock* clock, metrics::Registry* registry,
                             std::string endpoint, std::string log_root)
    : catalog_(catalog),
      clock_(clock),
      registry_(registry),
      endpoint_(std::move(endpoint)),
      log_root_(std::move(log_root)) {}

GeneratorHost::~GeneratorHost() { Stop(); }

void GeneratorHost::Stop() {
  std::unique_ptr<generator::Scheduler> s;
  std::vector<std::thread> once;
  {
    std::lock_guard<std::mutex> l(mu_);
    s = std::move(scheduler_);
    once.swap(once_);
  }
  if (s) s->Stop();
  for (auto& t : once) t.join();
}

generator::ScheduledFunction GeneratorHost::Wrap(const GeneratorConfig& g) {
  generator::GeneratorOptions o;
  o.stream = g.stream;
  o.records = g.records;
  o.rate = g.rate;
  o.sensors = g.sensors;
  auto fn = generator::MakeGeneratorFunction(g.name, endpoint_, o, clock_, registry_);
  const std::string dir = log_root_ + "/" + g.name;
  const int retention_days = g.log_retention_days;
  Clock* clock = clock_;
  return [fn, dir, retention_days, clock, g](const std::atomic<bool>& stop) -> Status {
    const int64_t start_ms = clock->NowMillis();
    Status st = fn(stop);
    const int64_t end_ms = clock->NowMillis();
    // The invocation log: one JSON line per run, one file per day.
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    iceberg::Json line{{"time", FormatTimestamp(start_ms * 1000) + "Z"},
                       {"level", st.ok() ? "INFO" : "ERROR"},
                       {"function", g.name},
                       {"stream", g.stream},
                       {"records", g.records},
                       {"duration_ms", end_ms - start_ms},
                       {"status", st.ok() ? "ok" : st.ToString()}};
    std::ofstream(dir + "/" + FormatDate(start_ms / 86'400'000) + ".log", std::ios::app)
        << line.dump() << "\n";
    // Retention: whole days, by the date in the file name.
    const std::string oldest = FormatDate(start_ms / 86'400'000 - retention_days);
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
      std::string f = e.path().filename().string();
      if (f.size() == 14 && f.substr(10) == ".log" && f.substr(0, 10) < oldest)
        std::filesystem::remove(e.path(), ec);
    }
    if (!st.ok()) FLOE_LOG(kWarning) << "generator " << g.name << ": " << st.ToString();
    return st;
  };
}

Status GeneratorHost::Reload() {
  auto stored = catalog_->ListSettings(kGeneratorKind);
  if (!stored.ok()) return stored.status();
  auto next = std::make_unique<generator::Scheduler>(clock_, registry_);
  for (const auto& [name, value] : *stored) {
    auto j = iceberg::Json::parse(value, nullptr, false);
    auto g = GeneratorConfig::FromJson(name, j);
    if (!g.ok()) return g.status();
    if (!g->enabled) continue;
    auto schedule = generator::Schedule::Parse(g->schedule);
    if (!schedule.ok()) return schedule.status().WithContext("generator " + name);
    FLOE_RETURN_IF_ERROR(next->Add(name, *schedule, Wrap(*g)));
  }
  std::unique_ptr<generator::Scheduler> old;
  std::vector<std::thread> once;
  {
    std::lock_guard<std::mutex> l(mu_);
    old = std::move(scheduler_);
    once.swap(once_);
  }
  // Stopping the old schedules also ends their running invocations early.
  if (old) old->Stop();
  for (auto& t : once) t.join();
  std::lock_guard<std::mutex> l(mu_);
  scheduler_ = std::move(next);
  if (enabled_) scheduler_->Start();
  return Status::OK();
}

Status GeneratorHost::InvokeAsync(const std::string& name) {
  std::lock_guard<std::mutex> l(mu_);
  if (!scheduler_ || !enabled_) return Status::OK();
  generator::Scheduler* s = scheduler_.get();
  once_.emplace_back([s, name] { (void)s->Invoke(name); });
  return Status::OK();
}

}  // namespace floe::server
