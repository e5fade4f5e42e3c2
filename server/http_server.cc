#include "server/http_server.h"

#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/socket.h>
#include <xapian.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "index/index_reader.h"
#include "index/shards.h"
#include "qa/answerer.h"
#include "search/suggester.h"
#include "server/compression.h"
#include "server/request_params.h"
#include "server/response_cache.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/paths.h"


namespace fs = std::filesystem;
using nlohmann::json;

namespace quifait::server {
namespace {

constexpr size_t kMaxWebBytes = 32u << 20;  // refuse to load a web/ folder bigger than this
constexpr size_t kMaxUnitPassages = 300;
constexpr size_t kMaxDocumentPassages = 5000;

const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

// What every worker shares for one index generation: immutable once built.
struct Generation {
  std::string path;
  OpenIndex meta;  // catalog, stopwords, documents; its db handle is never used for queries
  std::unique_ptr<UnitNameIndex> names;
  Xapian::doccount passages = 0;
  // Document id -> its entry in meta.documents: every evidence passage of every answer looks
  // its document up (875 documents in the benchmark's large corpus).
  std::unordered_map<std::string, const DocumentInfo*> document_by_id;
};

using SharedBody = std::shared_ptr<const std::string>;

struct StaticFile {
  SharedBody body;
  SharedBody brotli, gzip;    // compressed once at start; null when not smaller or not text
  std::string mime;
  std::string etag;           // "\"<fnv-1a of the body>\"": a strong validator, computed once
  std::string last_modified;  // the file's mtime as an HTTP date
};

// FNV-1a of the body, as a quoted (strong) entity tag.
std::string entity_tag(const std::string& body) { return "\"" + fnv1a_hex(body) + "\""; }

std::string http_date(fs::file_time_type t) {
  auto sys = std::chrono::time_point_cast<std::chrono::seconds>(t - fs::file_time_type::clock::now() + std::chrono::system_clock::now());
  std::time_t tt = std::chrono::system_clock::to_time_t(sys);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::string mime_type(const fs::path& p) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"}, {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
      {".ico", "image/x-icon"}, {".txt", "text/plain; charset=utf-8"}, {".webmanifest", "application/manifest+json"},
      {".woff2", "font/woff2"}};
  auto it = types.find(p.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

// Loads the regular files under `dir` (no symlinks, no dot-files) into memory, keyed by
// their URL path. Serving only from this map is what keeps every URL inside web/.
std::map<std::string, StaticFile> load_web_dir(const std::string& dir) {
  std::map<std::string, StaticFile> files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw QuifaitError("the web page folder " + dir + " does not exist (use --web DIR)");
  size_t total = 0;
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec), end;
  if (ec) throw QuifaitError("cannot read the web page folder " + dir + ": " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) throw QuifaitError("cannot read the web page folder " + dir + ": " + ec.message());
    const fs::path& p = it->path();
    std::string name = p.filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_symlink(ec) || !it->is_regular_file(ec)) continue;
    std::ifstream in(p, std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    total += body.str().size();
    if (total > kMaxWebBytes) throw QuifaitError("the web page folder " + dir + " is over 32 MB");
    std::string url = "/" + fs::relative(p, dir).generic_string();
    StaticFile f;
    f.mime = mime_type(p);
    f.etag = entity_tag(body.str());
    f.last_modified = http_date(fs::last_write_time(p, ec));
    f.body = std::make_shared<const std::string>(body.str());
    if (compressible(f.mime)) {
      for (auto coding : {ContentCoding::kBrotli, ContentCoding::kGzip}) {
        auto packed = std::make_shared<const std::string>(compress(*f.body, coding, CompressionEffort::kStatic));
        if (packed->size() < f.body->size()) (coding == ContentCoding::kBrotli ? f.brotli : f.gzip) = std::move(packed);
      }
    }
    files[url] = std::move(f);
  }
  return files;
}

// Quotes a value for the access log: no control characters, quotes or backslashes can
// forge a log line.
std::string log_safe(const std::string& s, size_t max = 1000) {
  std::string out;
  for (size_t i = 0; i < s.size() && i < max; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  if (s.size() > max) out += "...";
  return out;
}

// 16 hex digits of SHA-256(key || address).
std::string keyed_address_hash(const std::string& key, const std::string& address) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  std::string input = key + address;
  if (!EVP_Digest(input.data(), input.size(), digest, &n, EVP_sha256(), nullptr) || n < 8) return "-";
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < 8; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

std::string random_key() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    std::random_device rd;
    for (auto& b : bytes) b = static_cast<unsigned char>(rd());
  }
  return std::string(reinterpret_cast<char*>(bytes), sizeof bytes);
}

std::string now_iso8601() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

std::string dump(const json& body) { return body.dump(-1, ' ', false, json::error_handler_t::replace); }

void send_body(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body, "application/json; charset=utf-8");
}

void send_json(httplib::Response& res, int status, const json& body) { send_body(res, status, dump(body)); }

// Sends a body already in `coding`, as is: httplib would compress a set_content() body again
// on every request, a content provider it sends untouched.
void send_encoded(httplib::Response& res, const SharedBody& body, const std::string& mime, ContentCoding coding) {
  res.status = 200;
  res.set_header("Vary", "Accept-Encoding");
  if (coding != ContentCoding::kIdentity) res.set_header("Content-Encoding", coding_name(coding));
  res.set_content_provider(body->size(), mime, [body](size_t offset, size_t length, httplib::DataSink& sink) {
    sink.write(body->data() + offset, length);
    return true;
  });
}

bool matches_etag(const httplib::Request& req, const std::string& etag) {
  std::string inm = req.get_header_value("If-None-Match");
  return !inm.empty() && (inm == "*" || inm.find(etag) != std::string::npos);
}

// API bodies under this size go uncompressed: the coding would cost more than it saves.
constexpr size_t kMinCompressedBytes = 1024;

void send_error(httplib::Response& res, int status, const std::string& message) {
  send_json(res, status, {{"error", message}});
}

thread_local std::chrono::steady_clock::time_point request_start{};

}  // namespace

constexpr const char* kJsonType = "application/json; charset=utf-8";

struct HttpServer::Impl {
  ServerOptions options;
  // Distinguishes this process's ETags from an earlier server's on the same index.
  const std::string process_token = std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  const std::string address_key = random_key();  // for ClientAddressLogging::kHashed

  std::string logged_address(const std::string& address) const {
    switch (options.client_address) {
      case ClientAddressLogging::kFull: return log_safe(address, 64);
      case ClientAddressLogging::kOff: return "-";
      default: return "h:" + keyed_address_hash(address_key, address);
    }
  }
  httplib::Server http;
  std::map<std::string, StaticFile> web;
  ResponseCache cache;
  int listen_fd = -1;  // the listening socket, to raise httplib's fixed backlog of 5

  std::mutex generation_mutex;
  std::shared_ptr<const Generation> latest;  // guarded by generation_mutex
  std::atomic<bool> bound{false};
  // stop() may come before run() has started listening (a signal right at start):
  // these make it stick instead of being lost.
  std::atomic<bool> stop_requested{false}, run_called{false}, run_done{false};

  // A view of the index for one request at a time: its own Searcher (database handle, analyzer
  // memos) and Answerer (unit-name tables) on a generation.
  struct Worker {
    std::shared_ptr<const Generation> generation;
    std::unique_ptr<Searcher> searcher;
    std::unique_ptr<Answerer> answerer;
  };

  // Workers are lent to requests from this pool, the most recently returned first, instead of
  // one per connection thread: with 64 threads on 2 cores, a worker per thread meant 64 copies
  // of the memos, each cold (a thread sees one question in 64) and out of the CPU caches
  // (callgrind, 8 connections: 4.36M instructions a request, 4.13M with the pool). Letting
  // only one request per core take a worker (the others waiting) was measured too: no less CPU
  // per request, and a slow page would hold a core's only worker.
  std::mutex pool_mutex;
  std::vector<std::unique_ptr<Worker>> idle_workers;  // guarded by pool_mutex

  // One worker for the lifetime of a request, returned to the pool at the end, or dropped when
  // an exception leaves the request (its handles may be broken: a remote shard that closed the
  // connection; the next request opens the index again).
  class WorkerLease {
   public:
    WorkerLease(Impl& impl, const std::string& path) : impl_(impl), worker_(impl.take_worker()) {
      impl_.switch_generation(*worker_, path);
    }
    ~WorkerLease() {
      if (std::uncaught_exceptions() == exceptions_) impl_.return_worker(std::move(worker_));
    }
    WorkerLease(const WorkerLease&) = delete;
    WorkerLease& operator=(const WorkerLease&) = delete;
    Worker& operator*() { return *worker_; }

   private:
    Impl& impl_;
    std::unique_ptr<Worker> worker_;
    int exceptions_ = std::uncaught_exceptions();
  };

  std::unique_ptr<Worker> take_worker() {
    std::lock_guard<std::mutex> lock(pool_mutex);
    if (idle_workers.empty()) return std::make_unique<Worker>();
    auto w = std::move(idle_workers.back());
    idle_workers.pop_back();
    return w;
  }
  void return_worker(std::unique_ptr<Worker> w) {
    std::lock_guard<std::mutex> lock(pool_mutex);
    idle_workers.push_back(std::move(w));
  }

  explicit Impl(ServerOptions o) : options(std::move(o)), cache(options.cache_bytes) {
    if (options.web_dir.empty()) options.web_dir = web_dir();
    // Fail at start, with the reason, rather than on the first request.
    std::string path = current_generation(options.db_path);
    if (path.empty()) open_index(options.db_path);  // throws the "no index at …" message
    latest = load_generation(path);
    web = load_web_dir(options.web_dir);
    configure();
  }

  static std::shared_ptr<const Generation> load_generation(const std::string& path) {
    auto g = std::make_shared<Generation>();
    g->path = path;
    g->meta = open_index(version_path(path));
    g->passages = g->meta.db.get_doccount();
    FrenchAnalyzer analyzer(g->meta.stopwords);
    g->names = std::make_unique<UnitNameIndex>(*g->meta.catalog, analyzer);
    for (const auto& d : g->meta.documents) g->document_by_id.emplace(d.id, &d);
    g->meta.db.close();  // workers open their own handles
    return g;
  }

  std::shared_ptr<const Generation> generation_for(const std::string& path) {
    {
      std::lock_guard<std::mutex> lock(generation_mutex);
      if (latest && latest->path == path) return latest;
    }
    auto g = load_generation(path);  // outside the lock: other workers keep serving
    std::lock_guard<std::mutex> lock(generation_mutex);
    if (!latest || latest->path != path) latest = g;
    return latest;
  }

  // Switches a worker to the index generation `path` (the one the link points to now).
  // Keeps the previous generation when the new one cannot be opened (a build in progress
  // cannot cause that: the link only moves to a committed generation).
  void switch_generation(Worker& w, const std::string& path) {
    if (w.searcher && (path.empty() || path == w.generation->path)) return;
    try {
      auto g = generation_for(path.empty() ? latest_path() : path);
      // The generation's shared tables, with this worker's own database handle (a copy of the
      // whole OpenIndex, so that no field the reader adds is forgotten here).
      OpenIndex index = g->meta;
      index.db = Xapian::Database(version_path(g->path));
      index.generation = g->path;
      index.documents.clear();  // the generation keeps them; the searcher does not read them
      auto searcher = std::make_unique<Searcher>(std::move(index));
      auto answerer = std::make_unique<Answerer>(*searcher);
      w.answerer.reset();
      w.searcher = std::move(searcher);
      w.answerer = std::move(answerer);
      w.generation = std::move(g);
    } catch (const std::exception& e) {
      if (!w.searcher) throw IndexError(std::string("the index cannot be opened: ") + e.what());
      log_line(std::string("quifait serve: keeping the previous index, the new one failed to open: ") + e.what());
    }
  }

  // A shard's connection failed: the failed request's worker went with its lease, and the idle
  // ones, as old, have likely lost theirs too, so the retry opens the index again; over shards,
  // the generation's metadata is read again too.
  void drop_worker() {
    {
      std::lock_guard<std::mutex> lock(pool_mutex);
      idle_workers.clear();
    }
    std::lock_guard<std::mutex> lock(generation_mutex);
    if (latest && !latest->path.empty() && latest->path.find('\n') != std::string::npos) latest.reset();
  }

  std::string latest_path() {
    std::lock_guard<std::mutex> lock(generation_mutex);
    return latest ? latest->path : std::string();
  }

  // Answers from the cache when the same request was answered on the same index
  // generation; else produces the body with this thread's worker and keeps it.
  // `produce` returns null for "not found" (404 with `not_found`, not cached).
  //
  // The ETag names the index generation, the request and this server process (a new
  // release may answer differently on the same index): a client revalidating gets a 304
  // without the question being answered again. The body goes in the coding the client
  // prefers, compressed once per cached response.
  template <typename F>
  void serve_cached(const httplib::Request& req, httplib::Response& res, const std::string& key, F produce,
                    const char* not_found = "no unit with this id") {
    std::string path = current_generation(options.db_path);
    std::string full_key = path + '\x1f' + key;
    std::string etag = entity_tag(process_token + full_key);
    // Takes the body by value: an uncompressed one (what wrk and most API clients get) is moved
    // into the response, not copied (~9 KB an answer).
    auto send = [&](std::string body) {
      res.set_header("ETag", etag);
      res.set_header("Cache-Control", "private, no-cache");
      ContentCoding coding = body.size() >= kMinCompressedBytes ? negotiate(req.get_header_value("Accept-Encoding"))
                                                                : ContentCoding::kIdentity;
      if (coding == ContentCoding::kIdentity)
        return send_encoded(res, std::make_shared<const std::string>(std::move(body)), kJsonType, coding);
      std::string coded_key = full_key + "\x1f" + coding_name(coding);
      std::optional<std::string> coded = path.empty() ? std::nullopt : cache.get(coded_key);
      if (!coded) {
        coded = compress(body, coding, CompressionEffort::kDynamic);
        if (!path.empty()) cache.put(coded_key, *coded);
      }
      send_encoded(res, std::make_shared<const std::string>(std::move(*coded)), kJsonType, coding);
    };
    if (!path.empty()) {
      if (auto body = cache.get(full_key)) {
        if (matches_etag(req, etag)) return not_modified(res, etag);
        return send(std::move(*body));
      }
    }
    WorkerLease lease(*this, path);
    Worker& w = *lease;
    json page = produce(w);
    if (page.is_null()) return send_error(res, 404, not_found);
    if (matches_etag(req, etag)) return not_modified(res, etag);
    std::string body = dump(page);
    if (!path.empty() && w.generation->path == path) cache.put(full_key, body);
    send(std::move(body));
  }

  static void not_modified(httplib::Response& res, const std::string& etag) {
    res.status = 304;
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", "private, no-cache");
    res.set_header("Vary", "Accept-Encoding");
  }

  void log_line(const std::string& line) {
    if (options.access_log) std::fputs((line + "\n").c_str(), options.access_log);
  }

  // Runs a JSON handler with the error policy: client errors say what to fix, server
  // errors are logged in full and answered with a generic message.
  template <typename F>
  httplib::Server::Handler api(F f) {
    return [this, f](const httplib::Request& req, httplib::Response& res) {
      try {
        // A remote shard closed the connection (xapian-tcpsrv's idle timeout, a restart): this
        // thread's handles are dead, so reopen the index and answer once more.
        auto reconnect_and_retry = [&](const std::string& why) {
          log_line("quifait serve: reconnecting: " + why);
          drop_worker();
          f(req, res);
        };
        try {
          f(req, res);
        } catch (const IndexUnavailable& e) {
          reconnect_and_retry(e.what());
        } catch (const Xapian::NetworkError& e) {
          reconnect_and_retry(e.get_description());
        }
      } catch (const BadRequest& e) {
        send_error(res, 400, e.what());
      } catch (const IndexError& e) {
        log_line(std::string("quifait serve: index error: ") + e.what());
        send_error(res, 503, "the index is not available; try again later");
      } catch (const std::exception& e) {
        log_line(std::string("quifait serve: internal error on ") + log_safe(req.path) + ": " + e.what());
        send_error(res, 500, "internal error");
      } catch (const Xapian::NetworkError& e) {
        log_line("quifait serve: index error: " + e.get_description());
        drop_worker();
        send_error(res, 503, "the index is not available; try again later");
      } catch (const Xapian::Error& e) {
        log_line("quifait serve: index error: " + e.get_description());
        send_error(res, 503, "the index is not available; try again later");
      } catch (...) {
        send_error(res, 500, "internal error");
      }
      if (!options.allow_origin.empty()) add_cors(req, res);
    };
  }

  void add_cors(const httplib::Request& req, httplib::Response& res) const {
    std::string origin = req.get_header_value("Origin");
    if (options.allow_origin == "*") {
      res.set_header("Access-Control-Allow-Origin", "*");
    } else if (!origin.empty() && origin == options.allow_origin) {
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Vary", "Origin");
    }
  }

  // Adds "doc_title" (the manifest title, else the file name), "doc_date" and "doc_url" (when
  // the manifest has them) next to every "doc" id.
  static void add_doc_titles(json& items, const Generation& g) {
    for (auto& item : items) {
      std::string id = item.value("doc", "");
      if (const DocumentInfo* d = find_document(g, id)) {
        item["doc_title"] = d->title.empty() ? d->file : d->title;
        if (!d->date.empty()) item["doc_date"] = d->date;
        if (!d->url.empty()) item["doc_url"] = d->url;
      }
    }
  }

  static const DocumentInfo* find_document(const Generation& g, const std::string& id) {
    auto it = g.document_by_id.find(id);
    return it == g.document_by_id.end() ? nullptr : it->second;
  }

  static json document_json(const DocumentInfo& d, const Catalog& catalog) {
    const Org* org = catalog.org(d.org);
    return {{"id", d.id},         {"file", d.file}, {"title", d.title.empty() ? d.file : d.title},
            {"org", d.org},       {"org_name", org ? org->name : d.org},
            {"source", d.source}, {"date", d.date}, {"url", d.url}};
  }

  // The whole text of a document as the index holds it: its passages in order, each with the
  // unit it was credited to, so the page can show a cited passage in its context.
  json document_page(Worker& w, const std::string& id) {
    const DocumentInfo* d = find_document(*w.generation, id);
    if (!d) return nullptr;
    const Catalog& catalog = *w.generation->meta.catalog;
    json page = {{"document", document_json(*d, catalog)}, {"passages", json::array()}};
    auto passages = w.searcher->passages_of_document(id, kMaxDocumentPassages + 1);
    page["truncated"] = passages.size() > kMaxDocumentPassages;
    if (passages.size() > kMaxDocumentPassages) passages.resize(kMaxDocumentPassages);
    for (const auto& p : passages) {
      page["passages"].push_back(
          {{"passage_id", p.passage_id}, {"section", p.section}, {"text", p.text}, {"unit", unit_ref_json(p.unit_key, catalog)}});
    }
    return page;
  }

  json unit_page(Worker& w, const std::string& requested_id) {
    const Catalog& catalog = *w.generation->meta.catalog;
    const Unit* unit = catalog.unit(requested_id);
    const Org* org = unit ? catalog.org(unit->org) : catalog.org_for_key(requested_id);
    if (!unit && !org) return nullptr;
    // "/api/units/INSEE" is the page of the org whose key is "insee".
    const std::string id = unit ? requested_id : Catalog::org_key(org->code);
    json page;
    page["unit"] = unit_ref_json(id, catalog);
    page["aliases"] = unit ? unit->aliases : std::vector<std::string>{};
    const Unit* parent = unit && !unit->parent_id.empty() ? catalog.unit(unit->parent_id) : nullptr;
    page["parent"] = parent ? unit_ref_json(parent->id, catalog) : unit ? unit_ref_json(Catalog::org_key(unit->org), catalog)
                                                                        : json(nullptr);
    page["children"] = json::array();
    for (const Unit* c : catalog.children(id)) page["children"].push_back(unit_ref_json(c->id, catalog));
    page["passages"] = json::array();
    std::set<std::string> docs;
    // A list item that only names the unit ("― le bureau du budget ;") is its declaration,
    // not one of its missions.
    std::vector<std::string> name_stems;
    if (unit) name_stems = w.searcher->analyzer().content_stems(unit->name);
    for (const auto& p : w.searcher->passages_of(id, kMaxUnitPassages)) {
      if (unit && w.searcher->analyzer().content_stems(p.text) == name_stems) continue;
      page["passages"].push_back({{"passage_id", p.passage_id}, {"doc", p.doc}, {"section", p.section}, {"text", p.text}});
      docs.insert(p.doc);
    }
    if (unit) docs.insert(unit->doc);
    add_doc_titles(page["passages"], *w.generation);
    page["documents"] = json::array();
    for (const auto& d : w.generation->meta.documents) {
      if (docs.count(d.id))
        page["documents"].push_back(document_json(d, catalog));
    }
    return page;
  }

  void configure() {
    unsigned threads = options.threads ? options.threads : 64;
    http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http.set_tcp_nodelay(true);
    http.set_socket_options([this](int sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
      listen_fd = sock;
    });  // without it, Nagle + delayed ACK cost ~40 ms per keep-alive request
    // A worker serves one connection for as long as it keeps sending: closing after 100
    // requests lets connections queued behind 64 busy keep-alive clients get a turn.
    http.set_keep_alive_max_count(100);
    http.set_keep_alive_timeout(5);
    http.set_read_timeout(5, 0);
    http.set_write_timeout(5, 0);
    http.set_payload_max_length(8 * 1024);
    http.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                              {"Content-Security-Policy", kContentSecurityPolicy},
                              {"Referrer-Policy", "no-referrer"},
                              {"X-Frame-Options", "DENY"},
                              {"Cross-Origin-Resource-Policy", "same-origin"}});

    http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
      request_start = std::chrono::steady_clock::now();
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      if (!options.access_log) return;
      double ms = 0;
      if (request_start != std::chrono::steady_clock::time_point{}) {
        ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - request_start).count();
        request_start = {};
      }
      char tail[64];
      std::snprintf(tail, sizeof tail, "\" %d %zu %.2fms", res.status, res.body.size(), ms);
      log_line(logged_address(req.remote_addr) + " " + now_iso8601() + " \"" + log_safe(req.method, 16) + " " +
               log_safe(req.target) + tail);
    });
    // Errors httplib raises itself (unknown route, bad request line, too long URI): the
    // same JSON shape as ours, and never a body that echoes the request.
    http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      // httplib refuses a POST with no body (no Content-Length) as a bad request before any
      // route sees it; the method is what is wrong, whatever the body.
      bool read_only = req.method.empty() || req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS";
      if (res.status == 400 && !read_only && req.method.size() <= 16) {
        res.status = 405;
        res.set_header("Allow", "GET, HEAD");
      }
      std::string message = res.status == 404   ? "not found"
                            : res.status == 405 ? "method not allowed"
                            : res.status == 414 ? "URI too long"
                            : res.status == 413 ? "request body too large"
                            : res.status >= 500 ? "internal error"
                                                : "bad request";
      if (res.status == 404 && req.path.rfind("/api/", 0) != 0) {
        res.set_content("404 : page introuvable\n", "text/plain; charset=utf-8");
      } else {
        send_error(res, res.status, message);
      }
      return httplib::Server::HandlerResponse::Handled;
    }));
    http.set_exception_handler([this](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        log_line(std::string("quifait serve: internal error: ") + e.what());
      } catch (...) {
      }
      send_error(res, 500, "internal error");
    });

    http.Get("/healthz", api([this](const httplib::Request&, httplib::Response& res) {
               WorkerLease lease(*this, current_generation(options.db_path));
               const Generation& g = *(*lease).generation;
               send_json(res, 200,
                         {{"status", "ok"},
                          {"passages", g.passages},
                          {"units", g.meta.catalog->units().size()},
                          {"orgs", g.meta.catalog->orgs().size()},
                          {"shards", std::max<size_t>(1, static_cast<size_t>(std::count(g.path.begin(), g.path.end(), '\n')))},
                          {"generation", fs::path(version_path(g.path)).filename().string()}});
             }));

    http.Get("/api/ask", api([this](const httplib::Request& req, httplib::Response& res) {
               AskParams p = ask_params(req.params);
               serve_cached(req, res, std::string("ask\x1f") + (p.exact ? "exact\x1f" : "") + p.q, [&](Worker& w) {
               AnswerSet answers = w.answerer->ask(p.q, 5, !p.exact);
               add_suggestions(answers, *w.generation->names, w.searcher->catalog());
               json body = answer_to_json(answers, w.searcher->catalog());
               for (auto& answer : body["answers"]) add_doc_titles(answer["evidence"], *w.generation);

               return body;
               });
             }));

    http.Get("/api/search", api([this](const httplib::Request& req, httplib::Response& res) {
               SearchParams p = search_params(req.params);
               std::string key = "search\x1f" + p.q + '\x1f' + p.options.org + '\x1f' + p.options.type + '\x1f' +
                                 std::to_string(p.options.page) + '\x1f' + std::to_string(p.options.page_size) +
                                 (p.options.partial ? "\x1fpartial" : "");
               serve_cached(req, res, key, [&](Worker& w) {
                 SearchResults results = w.searcher->search(p.q, p.options);
                 json body = search_to_json(p.q, p.options, results, *w.searcher);
                 add_doc_titles(body["hits"], *w.generation);
                 return body;
               });
             }));

    http.Get("/api/units", api([this](const httplib::Request& req, httplib::Response& res) {
               serve_cached(req, res, "units", [](Worker& w) { return w.generation->meta.catalog->to_json(); });
             }));

    http.Get(R"(/api/units/(.+))", api([this](const httplib::Request& req, httplib::Response& res) {
               std::string id = unit_id_param(req.matches[1]);
               serve_cached(req, res, "unit\x1f" + id, [&](Worker& w) { return unit_page(w, id); });
             }));

    http.Get(R"(/api/documents/([^/]+))", api([this](const httplib::Request& req, httplib::Response& res) {
               std::string id = document_id_param(req.matches[1]);
               serve_cached(
                   req, res, "document\x1f" + id, [&](Worker& w) { return document_page(w, id); }, "no document with this id");
             }));

    http.Get("/api/suggest", api([this](const httplib::Request& req, httplib::Response& res) {
               SuggestParams p = suggest_params(req.params);
               if (p.q.empty()) return send_json(res, 200, {{"query", p.q}, {"suggestions", json::array()}});
               serve_cached(req, res, "suggest\x1f" + p.q + '\x1f' + std::to_string(p.limit), [&](Worker& w) {
                 json out = {{"query", p.q}, {"suggestions", json::array()}};
                 const FrenchAnalyzer& analyzer = w.searcher->analyzer();
                 unsigned unit_share = (p.limit * 3 + 4) / 5;
                 auto units = w.generation->names->complete(p.q, analyzer, p.limit);
                 auto terms = complete_terms(w.searcher->words(), p.q, analyzer, p.limit);
                 std::vector<Suggestion> picked(units.begin(), units.begin() + std::min<size_t>(units.size(), unit_share));
                 for (const auto& t : terms)
                   if (picked.size() < p.limit) picked.push_back(t);
                 for (size_t i = unit_share; i < units.size() && picked.size() < p.limit; ++i) picked.push_back(units[i]);
                 for (const auto& s : picked) {
                   json item = {{"text", s.text}, {"kind", s.kind}};
                   if (s.kind == "unit") {
                     item["id"] = s.id;
                     item["org"] = s.org;
                     item["type"] = s.type;
                   }
                   out["suggestions"].push_back(item);
                 }
                 return out;
               });
             }));

    // Anything under /api/ that is not above.
    http.Get(R"(/api/.*)", [](const httplib::Request&, httplib::Response& res) {
      send_error(res, 404, "unknown API endpoint");
    });

    // The web page: only the files loaded at start.
    http.Get(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
      std::string path = req.path == "/" ? "/index.html" : req.path;
      auto it = web.find(path);
      if (it == web.end()) {
        res.status = 404;
        res.set_content("404 : page introuvable\n", "text/plain; charset=utf-8");
        return;
      }
      // Revalidate every time: the files are small and unversioned, and a page must never
      // mix a new index.html with an old app.js. The revalidation is a 304 without a body.
      const StaticFile& f = it->second;
      res.set_header("Cache-Control", "no-cache");
      res.set_header("ETag", f.etag);
      res.set_header("Last-Modified", f.last_modified);
      res.set_header("Vary", "Accept-Encoding");
      if (matches_etag(req, f.etag)) {
        res.status = 304;
        return;
      }
      ContentCoding coding = negotiate(req.get_header_value("Accept-Encoding"));
      if (coding == ContentCoding::kBrotli && !f.brotli) coding = f.gzip ? ContentCoding::kGzip : ContentCoding::kIdentity;
      if (coding == ContentCoding::kGzip && !f.gzip) coding = ContentCoding::kIdentity;
      const SharedBody& body = coding == ContentCoding::kBrotli ? f.brotli : coding == ContentCoding::kGzip ? f.gzip : f.body;
      send_encoded(res, body, f.mime, coding);
    });

    // Only GET and HEAD are served; other methods get 405 (OPTIONS: CORS preflight when allowed).
    auto not_allowed = [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Allow", "GET, HEAD");
      send_error(res, 405, "method not allowed (use GET)");
    };
    http.Post(R"(/.*)", not_allowed);
    http.Put(R"(/.*)", not_allowed);
    http.Patch(R"(/.*)", not_allowed);
    http.Delete(R"(/.*)", not_allowed);
    http.Options(R"(/.*)", [this, not_allowed](const httplib::Request& req, httplib::Response& res) {
      if (options.allow_origin.empty() || req.path.rfind("/api/", 0) != 0) return not_allowed(req, res);
      add_cors(req, res);
      res.set_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
      res.set_header("Access-Control-Allow-Headers", "Content-Type");
      res.set_header("Access-Control-Max-Age", "600");
      res.status = 204;
    });
  }
};

HttpServer::HttpServer(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
HttpServer::~HttpServer() = default;

int HttpServer::bind() {
  const auto& o = impl_->options;
  int port = o.port == 0 ? impl_->http.bind_to_any_port(o.host) : (impl_->http.bind_to_port(o.host, o.port) ? o.port : -1);
  if (port <= 0) {
    throw QuifaitError("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                       " (address in use, or not an address of this machine)");
  }
  // httplib listens with a backlog of 5, compiled in: a burst of 64 connections would see
  // SYNs dropped and retried a second later. Listening again only raises the backlog.
  if (impl_->listen_fd >= 0) ::listen(impl_->listen_fd, SOMAXCONN);
  impl_->bound = true;
  return port;
}

void HttpServer::run() {
  if (!impl_->bound) throw QuifaitError("HttpServer::run() called before bind()");
  impl_->run_called = true;
  if (!impl_->stop_requested) impl_->http.listen_after_bind();
  impl_->run_done = true;
}

void HttpServer::stop() {
  impl_->stop_requested = true;
  if (!impl_->run_called) return;  // run() will see stop_requested and return at once
  for (int i = 0; i < 2000 && !impl_->http.is_running() && !impl_->run_done; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  impl_->http.stop();
}

}  // namespace quifait::server
