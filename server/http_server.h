// quifait server: the HTTP front end (JSON API + the web page), on cpp-httplib.
//
// HttpServer(options) opens the index once to check it (throws IndexError with the
// reason when it is missing, empty or corrupt) and loads the web page files (throws
// QuifaitError when the directory cannot be read). bind() listens (returns the port,
// useful with port 0; throws QuifaitError when the address is unavailable), run() serves
// until stop(), which any thread (or a signal-watching thread) may call.
//
// Threads: httplib runs handlers on a pool of `threads` connection threads. A request borrows
// a worker (its own Searcher: Xapian::Database is not shared between threads) from a pool
// shared by those threads, the most recently returned first, so that the few busy workers
// keep their memos warm; before the request, the worker compares the generation the index
// link points to with its own: after `quifait index` switched the link, the worker opens the
// new generation and the old one stays readable until the next build, so no request fails
// during a rebuild. The tree, the documents and the unit-name autocomplete are built once per
// generation and shared.
//
// Endpoints (JSON; errors are {"error": "..."} with 400/404/405/503, never a path or a
// stack trace): GET /api/ask, /api/search, /api/units, /api/units/{id}, /api/documents/{id}, /api/suggest,
// /healthz; everything else is a static file from `web_dir` (loaded at start: only the
// regular files found there, so no URL can reach outside it). One access-log line per
// request. Limits: q 500 characters, URI 8 KB and headers 8 KB (httplib), body 8 KB,
// read/write timeouts 5 s.
#pragma once
#include <cstdio>
#include <memory>
#include <string>

namespace quifait::server {

// How the access log records a client's address. Questions typed in a public box are personal
// data once tied to an address: by default the log keeps a keyed hash of it (SHA-256 of a
// random key drawn at start + the address, 16 hex digits), which counts distinct clients over
// one run without keeping or revealing any address; a restart draws a new key.
enum class ClientAddressLogging { kHashed, kFull, kOff };

struct ServerOptions {
  std::string db_path;
  std::string host = "127.0.0.1";
  int port = 8080;             // 0: any free port
  std::string web_dir;         // empty: web_dir() of util/paths.h
  std::string allow_origin;    // empty: no CORS headers at all
  unsigned threads = 0;        // 0: a default sized for 64 keep-alive connections
  std::FILE* access_log = stderr;  // nullptr: no access log
  ClientAddressLogging client_address = ClientAddressLogging::kHashed;
  size_t cache_bytes = 64u << 20;  // response cache (server/response_cache.h); 0: off
};

class HttpServer {
 public:
  explicit HttpServer(ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int bind();
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace quifait::server
