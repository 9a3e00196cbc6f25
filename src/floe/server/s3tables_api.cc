#include "floe/server/s3tables_api.h"

#include <httplib.h>

#include "floe/base/uuid.h"
#include "floe/server/s3tables_arn.h"
#include "floe/server/s3tables_handlers.h"

namespace floe::server {
namespace {

Json BucketJson(const S3TablesCall& c, const catalog::TableBucket& b) {
  return Json{{"arn", c.BucketArnOf(b.name)},        {"name", b.name},
              {"ownerAccountId", c.ctx->account_id}, {"createdAt", IsoTimestamp(b.created_at_ms)},
              {"tableBucketId", b.bucket_id},        {"type", "customer"}};
}

Json NamespaceJson(const S3TablesCall& c, const catalog::NamespaceInfo& n,
                   const std::string& bucket_id) {
  return Json{{"namespace", Json::array({n.name})}, {"createdAt", IsoTimestamp(n.created_at_ms)},
              {"createdBy", c.ctx->account_id},     {"ownerAccountId", c.ctx->account_id},
              {"namespaceId", n.namespace_id},      {"tableBucketId", bucket_id}};
}

void Unsupported(S3TablesCall& c) {
  SendAwsError(
      c.res, 404, "UnknownOperationException",
      "floe does not implement " + c.req.method + " " + c.req.path + " of the S3 Tables API.");
}

// Routes on the decoded segments: {buckets|namespaces|tables}/{bucket ARN}/...
void Dispatch(S3TablesCall& c) {
  const auto& s = c.segments;
  const std::string& m = c.req.method;
  const std::string& root = s[0];
  if (root == "get-table") return s.size() == 1 && m == "GET" ? GetTable(c) : Unsupported(c);
  if (s.size() == 1) {
    if (root == "buckets" && m == "PUT") return CreateTableBucket(c);
    if (root == "buckets" && m == "GET") return ListTableBuckets(c);
    return Unsupported(c);
  }
  auto arn = ParseBucketArn(s[1]);
  if (!arn.ok()) return SendStatus(c.res, arn.status());
  const std::string& b = arn->bucket;
  const size_t n = s.size();
  if (root == "buckets") {
    if (n == 2 && m == "GET") return GetTableBucket(c, b);
    if (n == 2 && m == "DELETE") return DeleteTableBucket(c, b);
    if (n == 3 && s[2] == "encryption") {
      if (m == "PUT") return PutTableBucketEncryption(c, b);
      if (m == "GET") return GetTableBucketEncryption(c, b);
      if (m == "DELETE") return DeleteTableBucketEncryption(c, b);
    }
    if (n == 3 && s[2] == "maintenance" && m == "GET") return GetTableBucketMaintenance(c, b);
    if (n == 4 && s[2] == "maintenance" && m == "PUT") return PutTableBucketMaintenance(c, b, s[3]);
    return Unsupported(c);
  }
  if (root == "namespaces") {
    if (n == 2 && m == "PUT") return CreateNamespace(c, b);
    if (n == 2 && m == "GET") return ListNamespaces(c, b);
    if (n == 3 && m == "GET") return GetNamespace(c, b, s[2]);
    if (n == 3 && m == "DELETE") return DeleteNamespace(c, b, s[2]);
    return Unsupported(c);
  }
  // tables
  if (n == 2 && m == "GET") return ListTables(c, b);
  if (n == 3 && m == "PUT") return CreateTable(c, b, s[2]);
  if (n < 4) return Unsupported(c);
  const std::string& ns = s[2];
  const std::string& t = s[3];
  if (n == 4 && m == "DELETE") return DeleteTable(c, b, ns, t);
  if (n == 5 && s[4] == "rename" && m == "PUT") return RenameTable(c, b, ns, t);
  if (n == 5 && s[4] == "metadata-location") {
    if (m == "GET") return GetTableMetadataLocation(c, b, ns, t);
    if (m == "PUT") return UpdateTableMetadataLocation(c, b, ns, t);
  }
  if (n == 5 && s[4] == "maintenance" && m == "GET") return GetTableMaintenance(c, b, ns, t);
  if (n == 6 && s[4] == "maintenance" && m == "PUT") return PutTableMaintenance(c, b, ns, t, s[5]);
  if (n == 5 && s[4] == "maintenance-job-status" && m == "GET")
    return GetTableMaintenanceJobStatus(c, b, ns, t);
  if (n == 5 && s[4] == "encryption" && m == "GET") return GetTableEncryption(c, b, ns, t);
  return Unsupported(c);
}

}  // namespace

void CreateTableBucket(S3TablesCall& c) {
  auto body = ParseAwsBody(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  auto name = body->find("name");
  if (name == body->end() || !name->is_string())
    return SendStatus(c.res, InvalidArgument("name is required."));
  std::optional<Json> encryption;
  if (auto e = body->find("encryptionConfiguration"); e != body->end()) {
    auto checked = ValidateEncryption(*e);
    if (!checked.ok()) return SendStatus(c.res, checked.status());
    encryption = *checked;
  }
  auto created = c.ctx->catalog->CreateBucket(*name);
  if (!created.ok()) return SendStatus(c.res, created.status());
  if (encryption) {
    if (Status st =
            c.ctx->catalog->PutSetting(kBucketEncryptionKind, created->name, encryption->dump());
        !st.ok()) {
      (void)c.ctx->catalog->DeleteBucket(created->name);
      return SendStatus(c.res, st);
    }
  }
  SendJsonBody(c.res, Json{{"arn", c.BucketArnOf(created->name)}});
}

void ListTableBuckets(S3TablesCall& c) {
  auto page = ParsePage(c.req, "maxBuckets");
  if (!page.ok()) return SendStatus(c.res, page.status());
  const std::string type = Param(c.req, "type");
  if (!type.empty() && type != "customer" && type != "aws") {
    return SendStatus(c.res,
                      InvalidArgument("type must be customer or aws, not \"" + type + "\"."));
  }
  auto buckets = c.ctx->catalog->ListBuckets(Param(c.req, "prefix"));
  if (!buckets.ok()) return SendStatus(c.res, buckets.status());
  if (type == "aws") buckets->clear();  // floe has no AWS-managed buckets
  std::string next;
  Json list = Json::array();
  for (const auto* b : TakePage(
           *buckets, *page, [](const catalog::TableBucket& x) { return x.name; }, &next)) {
    list.push_back(BucketJson(c, *b));
  }
  Json out{{"tableBuckets", list}};
  if (!next.empty()) out["continuationToken"] = next;
  SendJsonBody(c.res, out);
}

void GetTableBucket(S3TablesCall& c, const std::string& bucket) {
  auto b = c.ctx->catalog->GetBucket(bucket);
  if (!b.ok()) return SendStatus(c.res, b.status());
  SendJsonBody(c.res, BucketJson(c, *b));
}

void DeleteTableBucket(S3TablesCall& c, const std::string& bucket) {
  Status st = c.ctx->catalog->DeleteBucket(bucket);
  if (st.code() == StatusCode::kFailedPrecondition) {
    return SendAwsError(c.res, 409, "ConflictException",
                        "The bucket that you tried to delete is not empty. Delete its tables and "
                        "namespaces first.");
  }
  if (!st.ok()) return SendStatus(c.res, st);
  if (Status s = DeleteBucketSettings(c.ctx->catalog, bucket); !s.ok()) return SendStatus(c.res, s);
  c.res.status = 204;
}

void CreateNamespace(S3TablesCall& c, const std::string& bucket) {
  auto body = ParseAwsBody(c.req);
  if (!body.ok()) return SendStatus(c.res, body.status());
  const Json ns = body->value("namespace", Json());
  if (!ns.is_array() || ns.size() != 1 || !ns[0].is_string()) {
    return SendStatus(
        c.res,
        InvalidArgument("namespace must be a list of exactly one name, such as [\"sales\"]."));
  }
  auto created = c.ctx->catalog->CreateNamespace(bucket, ns[0].get<std::string>());
  if (created.status().code() == StatusCode::kAlreadyExists) {
    return SendAwsError(c.res, 409, "ConflictException",
                        "A namespace with an identical name already exists in the bucket.");
  }
  if (!created.ok()) return SendStatus(c.res, created.status());
  SendJsonBody(c.res, Json{{"tableBucketARN", c.BucketArnOf(bucket)},
                           {"namespace", Json::array({created->name})}});
}

void ListNamespaces(S3TablesCall& c, const std::string& bucket) {
  auto page = ParsePage(c.req, "maxNamespaces");
  if (!page.ok()) return SendStatus(c.res, page.status());
  auto b = c.ctx->catalog->GetBucket(bucket);
  if (!b.ok()) return SendStatus(c.res, b.status());
  auto list = c.ctx->catalog->ListNamespaces(bucket, Param(c.req, "prefix"));
  if (!list.ok()) return SendStatus(c.res, list.status());
  std::string next;
  Json out_list = Json::array();
  for (const auto* n : TakePage(
           *list, *page, [](const catalog::NamespaceInfo& x) { return x.name; }, &next)) {
    out_list.push_back(NamespaceJson(c, *n, b->bucket_id));
  }
  Json out{{"namespaces", out_list}};
  if (!next.empty()) out["continuationToken"] = next;
  SendJsonBody(c.res, out);
}

void GetNamespace(S3TablesCall& c, const std::string& bucket, const std::string& ns) {
  auto b = c.ctx->catalog->GetBucket(bucket);
  if (!b.ok()) return SendStatus(c.res, b.status());
  auto info = c.ctx->catalog->GetNamespace(bucket, ns);
  if (!info.ok()) return SendStatus(c.res, info.status());
  SendJsonBody(c.res, NamespaceJson(c, *info, b->bucket_id));
}

void DeleteNamespace(S3TablesCall& c, const std::string& bucket, const std::string& ns) {
  Status st = c.ctx->catalog->DropNamespace(bucket, ns);
  if (st.code() == StatusCode::kFailedPrecondition) {
    return SendAwsError(
        c.res, 409, "ConflictException",
        "The namespace that you tried to delete is not empty. Delete its tables first.");
  }
  if (!st.ok()) return SendStatus(c.res, st);
  c.res.status = 204;
}

void RegisterS3TablesApi(httplib::Server* server, const ServerContext* context) {
  auto handler = [context](const httplib::Request& req, httplib::Response& res) {
    res.set_header("x-amzn-RequestId", Uuid::Random().ToString());
    auto segments = SplitArnPath(req.target);
    if (!segments.ok()) return SendStatus(res, segments.status());
    if (segments->empty())
      return SendAwsError(res, 404, "UnknownOperationException", "no S3 Tables operation at /");
    S3TablesCall call{context, req, res, std::move(*segments)};
    Dispatch(call);
  };
  for (const char* pattern : {R"(/(buckets|namespaces|tables)(/.*)?)", R"(/get-table)"}) {
    server->Get(pattern, handler);
    server->Put(pattern, handler);
    server->Delete(pattern, handler);
  }
}

}  // namespace floe::server
