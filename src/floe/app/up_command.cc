#include "floe/app/up_command.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <thread>

#include "floe/base/uuid.h"
#include "floe/generator/generator_function.h"
#include "floe/generator/schedule.h"
#include "floe/generator/scheduler.h"
#include "floe/iceberg/json.h"
#include "floe/iceberg/table_metadata.h"
#include "floe/metrics/metrics.h"
#include "floe/server/rest_catalog.h"
#include "floe/server/server.h"

namespace floe::app {
namespace {

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

struct UpArgs {
  std::string data = "./floe-data";
  std::string host = "127.0.0.1";
  int port = 9099;
  std::string stack;
  bool no_generator = false;
  int64_t records = 10000;
  double rate = 200;
  std::string schedule = "rate(1 minute)";
};

// The reference pipeline's names.
constexpr char kStack[] = "floe-demo";
constexpr char kTableBucket[] = "floe-demo-tables";
constexpr char kNamespace[] = "firehosetos3demo";
constexpr char kTable[] = "firehosetos3demo";
constexpr char kStream[] = "floe-demo-stream";
constexpr char kErrorBucket[] = "floe-demo-errors";

constexpr char kSeedSchema[] = R"({"type":"struct","schema-id":0,"fields":[
  {"id":1,"name":"sensor_id","required":false,"type":"string"},
  {"id":2,"name":"timestamp","required":false,"type":"long"},
  {"id":3,"name":"location","required":false,"type":"string"},
  {"id":4,"name":"temperature","required":false,"type":"double"},
  {"id":5,"name":"humidity","required":false,"type":"double"},
  {"id":6,"name":"pressure","required":false,"type":"double"}]})";

// Creates what is missing of the reference stack; a second run changes nothing.
Status ApplyReferenceStack(server::Server* s) {
  catalog::Catalog* cat = s->catalog();
  const server::ServerContext& c = s->context();
  auto bucket = cat->CreateBucket(kTableBucket);
  if (!bucket.ok() && bucket.status().code() != StatusCode::kAlreadyExists) return bucket.status();
  auto ns = cat->CreateNamespace(kTableBucket, kNamespace);
  if (!ns.ok() && ns.status().code() != StatusCode::kAlreadyExists) return ns.status();
  if (!cat->GetTable(kTableBucket, kNamespace, kTable).ok()) {
    server::RestCatalogContext rest{cat, c.io, c.clock, c.tables_root};
    FLOE_ASSIGN_OR_RETURN(iceberg::Schema schema, iceberg::SchemaFromJson(kSeedSchema));
    FLOE_ASSIGN_OR_RETURN(std::string location,
                          server::NewTableLocation(rest, kTableBucket, kNamespace, kTable));
    FLOE_ASSIGN_OR_RETURN(
        iceberg::TableMetadata md,
        iceberg::TableMetadata::NewTable(schema, iceberg::PartitionSpec::Unpartitioned(),
                                         iceberg::SortOrder::Unsorted(), location,
                                         Uuid::Random().ToString(), c.clock->NowMillis()));
    FLOE_RETURN_IF_ERROR(
        server::RegisterNewTable(rest, kTableBucket, kNamespace, kTable, md).status());
  }
  if (!s->streams()->Get(kStream).ok()) {
    iceberg::Json request = {
        {"DeliveryStreamName", kStream},
        {"DeliveryStreamType", "DirectPut"},
        {"IcebergDestinationConfiguration",
         {{"RoleARN",
           "arn:aws:iam::" + c.account_id + ":role/" + std::string(kStack) + "-firehose"},
          {"CatalogConfiguration",
           {{"CatalogARN", "arn:aws:glue:" + c.region + ":" + c.account_id +
                               ":catalog/s3tablescatalog/" + std::string(kTableBucket)}}},
          {"S3Configuration",
           {{"RoleARN",
             "arn:aws:iam::" + c.account_id + ":role/" + std::string(kStack) + "-firehose"},
            {"BucketARN", "arn:aws:s3:::" + std::string(kErrorBucket)},
            {"ErrorOutputPrefix", "errors/"}}},
          {"BufferingHints", {{"SizeInMBs", 5}, {"IntervalInSeconds", 300}}},
          {"RetryOptions", {{"DurationInSeconds", 300}}},
          {"DestinationTableConfigurationList",
           iceberg::Json::array(
               {{{"DestinationDatabaseName", kNamespace}, {"DestinationTableName", kTable}}})}}}};
    FLOE_RETURN_IF_ERROR(s->streams()->Create(request).status());
  }
  return Status::OK();
}

int RunUp(const UpArgs& a) {
  if (!a.stack.empty()) {
    std::fprintf(
        stderr,
        "floe: error: stack files are not supported yet; run 'floe up' without --stack for the "
        "reference stack\n");
    return 2;
  }
  auto schedule = generator::Schedule::Parse(a.schedule);
  if (!schedule.ok()) {
    std::fprintf(stderr, "floe: error: --schedule: %s\n", schedule.status().message().c_str());
    return 2;
  }
  server::ServerOptions options{a.data, a.host, a.port};
  auto s = server::Server::Start(options);
  if (!s.ok()) {
    std::fprintf(stderr, "floe: error: %s\n", s.status().ToString().c_str());
    return 1;
  }
  Status applied = ApplyReferenceStack(s->get());
  if (!applied.ok()) {
    std::fprintf(stderr, "floe: error: applying the reference stack: %s\n",
                 applied.ToString().c_str());
    return 1;
  }
  const std::string url = "http://" + a.host + ":" + std::to_string((*s)->port());
  generator::Scheduler scheduler(SystemClock::Default(), &metrics::Registry::Default());
  std::thread first_run;
  if (!a.no_generator) {
    generator::GeneratorOptions g;
    g.stream = kStream;
    g.records = a.records;
    g.rate = a.rate;
    Status added = scheduler.Add(
        "iot-generator", *schedule,
        generator::MakeGeneratorFunction("iot-generator", url, g, SystemClock::Default(),
                                         &metrics::Registry::Default()));
    if (!added.ok()) {
      std::fprintf(stderr, "floe: error: %s\n", added.ToString().c_str());
      return 1;
    }
    scheduler.Start();
    // The first invocation now, so data flows within seconds rather than a minute.
    first_run = std::thread([&scheduler] { (void)scheduler.Invoke("iot-generator"); });
  }
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::fprintf(stderr,
               "floe is up (data in %s)\n"
               "  dashboard          %s/\n"
               "  firehose endpoint  %s  (aws firehose put-record-batch --endpoint-url %s "
               "--delivery-stream-name %s ...)\n"
               "  Iceberg REST       %s/iceberg/v1  (warehouse %s)\n"
               "  table              %s.%s in table bucket %s; errors to s3://%s/errors/\n"
               "  generator          %s\n"
               "  query              floe query --data %s \"SELECT * FROM %s.%s LIMIT 100\"\n"
               "Ctrl-C stops (buffered records are delivered first).\n",
               a.data.c_str(), url.c_str(), url.c_str(), url.c_str(), kStream, url.c_str(),
               kTableBucket, kNamespace, kTable, kTableBucket, kErrorBucket,
               a.no_generator
                   ? "off (--no-generator)"
                   : (std::to_string(a.records) + " records at " +
                      std::to_string(static_cast<int>(a.rate)) + " records/s, " + a.schedule)
                         .c_str(),
               a.data.c_str(), kNamespace, kTable);
  std::printf("%d\n", (*s)->port());
  std::fflush(stdout);
  while (!g_stop) ::usleep(100000);
  std::fprintf(stderr, "stopping: generator, then delivering buffered records...\n");
  scheduler.Stop();
  if (first_run.joinable()) first_run.join();
  (*s)->Stop();
  std::fprintf(stderr, "floe stopped\n");
  return 0;
}

}  // namespace

void AddUpCommand(CLI::App& app, int* exit_code) {
  auto* up = app.add_subcommand(
      "up", "Run the whole pipeline: server, reference stack, IoT generator, dashboard");
  auto* a = new UpArgs;
  up->add_option("--data", a->data, "Data directory (default ./floe-data)");
  up->add_option("--host", a->host, "Address to listen on (default 127.0.0.1)");
  up->add_option("--port", a->port, "Port for every API and the dashboard (default 9099)")
      ->check(CLI::Range(0, 65535));
  up->add_option("--stack", a->stack,
                 "Stack file (not supported yet; the reference stack is built in)");
  up->add_flag("--no-generator", a->no_generator, "Do not run the IoT generator");
  up->add_option("--records", a->records, "Records per generator invocation (default 10000)")
      ->check(CLI::PositiveNumber);
  up->add_option("--rate", a->rate, "Generator records per second (default 200)")
      ->check(CLI::PositiveNumber);
  up->add_option("--schedule", a->schedule,
                 "Generator schedule, rate(...) or cron(...) (default rate(1 minute))");
  up->callback([=] { *exit_code = RunUp(*a); });
}

}  // namespace floe::app
