// floe::web — the dashboard's assets, embedded in the binary at build time so the
// page works offline: one HTML page with uPlot (from npm) and its stylesheet inlined.
#pragma once

#include <string_view>

namespace floe::web {

// The dashboard page (text/html; charset=utf-8). It reads /api/metrics/series and
// posts SQL to /api/query.
std::string_view DashboardHtml();

}  // namespace floe::web
