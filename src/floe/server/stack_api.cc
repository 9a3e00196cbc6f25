#include "floe/server/stack_api.h"

#include <httplib.h>

#include <mutex>

namespace floe::server {
namespace {

using iceberg::Json;

void SendError(httplib::Response& res, int status, const std::string& type,
               const std::string& message) {
  res.status = status;
  res.set_content(Json{{"error", {{"type", type}, {"message", message}}}}.dump(),
                  "application/json");
}

void SendStatus(httplib::Response& res, const Status& st) {
  switch (st.code()) {
    case StatusCode::kInvalidArgument:
      return SendError(res, 400, "InvalidStack", st.message());
    case StatusCode::kNotFound:
      return SendError(res, 404, "NotFound", st.message());
    case StatusCode::kFailedPrecondition:
    case StatusCode::kAlreadyExists:
      return SendError(res, 409, "Conflict", st.message());
    default:
      return SendError(res, 500, "InternalError", st.ToString());
  }
}

}  // namespace

void RegisterStackApi(httplib::Server* http, StackApplier* applier) {
  auto mu = std::make_shared<std::mutex>();  // one stack operation at a time
  auto parse = [](const httplib::Request& req, httplib::Response& res, Json* body,
                  stack::Stack* s) -> bool {
    *body = Json::parse(req.body, nullptr, false);
    if (!body->is_object() || !body->contains("text") || !(*body)["text"].is_string()) {
      SendError(res, 400, "InvalidRequest", "the body must be {\"text\": \"<stack file>\"}");
      return false;
    }
    auto parsed = stack::ParseStack((*body)["text"].get<std::string>(),
                                    body->value("file", std::string("stack file")));
    if (!parsed.ok()) {
      SendStatus(res, parsed.status());
      return false;
    }
    *s = std::move(*parsed);
    return true;
  };
  http->Post("/api/stack/plan", [=](const httplib::Request& req, httplib::Response& res) {
    Json body;
    stack::Stack s;
    if (!parse(req, res, &body, &s)) return;
    std::lock_guard<std::mutex> l(*mu);
    auto changes = applier->Plan(s);
    if (!changes.ok()) return SendStatus(res, changes.status());
    res.set_content(Json{{"stack", s.name}, {"changes", ChangesToJson(*changes)}}.dump(),
                    "application/json");
  });
  http->Post("/api/stack/apply", [=](const httplib::Request& req, httplib::Response& res) {
    Json body;
    stack::Stack s;
    if (!parse(req, res, &body, &s)) return;
    std::lock_guard<std::mutex> l(*mu);
    auto changes = applier->Apply(s, body["text"].get<std::string>());
    if (!changes.ok()) return SendStatus(res, changes.status());
    res.set_content(Json{{"stack", s.name}, {"changes", ChangesToJson(*changes)}}.dump(),
                    "application/json");
  });
  http->Post("/api/stack/destroy", [=](const httplib::Request& req, httplib::Response& res) {
    Json body = Json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("name") || !body["name"].is_string())
      return SendError(res, 400, "InvalidRequest", "the body must be {\"name\": \"<stack>\"}");
    std::lock_guard<std::mutex> l(*mu);
    auto changes = applier->Destroy(body["name"].get<std::string>(), body.value("dry_run", false));
    if (!changes.ok()) return SendStatus(res, changes.status());
    res.set_content(Json{{"stack", body["name"]}, {"changes", ChangesToJson(*changes)}}.dump(),
                    "application/json");
  });
  http->Get("/api/stacks", [=](const httplib::Request&, httplib::Response& res) {
    std::lock_guard<std::mutex> l(*mu);
    auto out = applier->Outputs();
    if (!out.ok()) return SendStatus(res, out.status());
    res.set_content(out->dump(), "application/json");
  });
}

}  // namespace floe::server
