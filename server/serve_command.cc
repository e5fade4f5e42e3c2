// quifait serve: parse the options, start the HTTP server, stop it on SIGINT/SIGTERM.
#include "server/serve_command.h"

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "cli/args.h"
#include "index/index_reader.h"
#include "server/http_server.h"
#include "util/error.h"

namespace quifait {

int run_serve_command(int argc, char** argv) {
  auto args = cli::Args::parse(argc, argv, 2, {"quiet"},
                               {"db", "port", "host", "web", "allow-origin", "threads", "access-log", "cache-mb", "log-ip"});
  if (!args.positional.empty()) throw BadRequest("unexpected argument '" + args.positional[0] + "'");
  // Settings a service sets in its environment (docs/deploy/quifait.env); an option wins.
  auto setting = [&](const std::string& option, const char* variable, const std::string& fallback) {
    if (args.options.count(option)) return args.get(option);
    const char* v = std::getenv(variable);
    return v && *v ? std::string(v) : fallback;
  };
  server::ServerOptions options;
  options.db_path = args.get("db", default_db_path());
  options.host = setting("host", "QUIFAIT_HOST", "127.0.0.1");
  options.web_dir = args.get("web");
  options.allow_origin = args.get("allow-origin");
  auto number = [&](const std::string& name, long fallback, long min, long max) {
    std::string v = name == "port" ? setting("port", "QUIFAIT_PORT", "") : args.get(name);
    if (v.empty()) return fallback;
    char* end = nullptr;
    long n = std::strtol(v.c_str(), &end, 10);
    if (*end || n < min || n > max)
      throw BadRequest("--" + name + " must be a number from " + std::to_string(min) + " to " + std::to_string(max));
    return n;
  };
  options.port = static_cast<int>(number("port", 8080, 0, 65535));
  options.threads = static_cast<unsigned>(number("threads", 0, 1, 1024));
  options.cache_bytes = static_cast<size_t>(number("cache-mb", 64, 0, 65536)) << 20;
  std::FILE* log = stderr;
  std::string log_path = setting("access-log", "QUIFAIT_ACCESS_LOG", "-");
  std::string log_ip = setting("log-ip", "QUIFAIT_LOG_IP", "hashed");
  if (log_ip == "hashed") options.client_address = server::ClientAddressLogging::kHashed;
  else if (log_ip == "full") options.client_address = server::ClientAddressLogging::kFull;
  else if (log_ip == "off") options.client_address = server::ClientAddressLogging::kOff;
  else throw BadRequest("--log-ip must be hashed, full or off");
  if (args.has("quiet") || log_path == "off") {
    log = nullptr;
  } else if (log_path != "-") {
    log = std::fopen(log_path.c_str(), "a");
    if (!log) throw QuifaitError("cannot open the access log " + log_path);
    std::setvbuf(log, nullptr, _IOLBF, 0);
  }
  options.access_log = log;

  // Signals go to a dedicated thread (blocked everywhere else), which stops the server
  // from outside signal context.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  server::HttpServer http(options);
  int port = http.bind();
  std::string host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  std::cout << "quifait: listening on http://" << host << ":" << port << "/" << std::endl;

  std::thread watcher([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    if (sig == SIGINT || sig == SIGTERM) {
      std::cerr << "quifait serve: " << (sig == SIGINT ? "SIGINT" : "SIGTERM") << ", stopping\n";
      http.stop();
    }
  });
  http.run();
  // run() also returns when listening fails; make sure the watcher thread ends.
  pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
  if (log && log != stderr) std::fclose(log);
  std::cerr << "quifait serve: stopped\n";
  return 0;
}

}  // namespace quifait
