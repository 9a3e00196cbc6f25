// The floe binary: one command for the whole pipeline. Subcommands register
// themselves from their own files.
#include <malloc.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "floe/app/errors_command.h"
#include "floe/app/generate_command.h"
#include "floe/app/iceberg_command.h"
#include "floe/app/parquet_command.h"
#include "floe/app/query_command.h"
#include "floe/app/serve_command.h"
#include "floe/app/stack_command.h"
#include "floe/app/table_command.h"
#include "floe/app/up_command.h"
#include "floe/app/validate_command.h"

int main(int argc, char** argv) {
  // Scans and queries allocate and free batch buffers of a few hundred KiB
  // many times a second. By default glibc maps each of those afresh and
  // unmaps it on free, so every batch pays for page faults; keep them in the
  // heap, and give memory back to the system past 256 MiB of free space.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  CLI::App app(
      "floe — a self-hosted streaming lakehouse: Firehose-compatible ingestion into "
      "Apache Iceberg tables, with SQL",
      "floe");
  app.set_version_flag("--version,-V", "floe 0.1.0");
  app.require_subcommand(1);
  int exit_code = 0;
  floe::app::AddParquetCommands(app, &exit_code);
  floe::app::AddIcebergCommands(app, &exit_code);
  floe::app::AddServeCommand(app, &exit_code);
  floe::app::AddQueryCommand(app, &exit_code);
  floe::app::AddGenerateCommand(app, &exit_code);
  floe::app::AddTableCommands(app, &exit_code);
  floe::app::AddErrorsCommands(app, &exit_code);
  floe::app::AddUpCommand(app, &exit_code);
  floe::app::AddStackCommands(app, &exit_code);
  floe::app::AddValidateCommand(app, &exit_code);
  if (argc <= 1) {
    std::fputs(app.help().c_str(), stdout);
    return 0;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "floe: %s\nRun 'floe --help' (or 'floe COMMAND --help') for usage.\n",
                 e.what());
    return 2;
  }
  return exit_code;
}
