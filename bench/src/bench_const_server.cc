// The HTTP floor: cpp-httplib returning a constant JSON for every GET, with Nagle's algorithm
// off (set_tcp_nodelay(true)) like quifait's server. Same first line as `quifait serve`:
//   quifait: listening on http://127.0.0.1:PORT/        (--port 0 picks a free port)
#include <httplib.h>
#include <signal.h>

#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  int port = 0;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--port") port = std::atoi(argv[i + 1]);
  signal(SIGPIPE, SIG_IGN);
  httplib::Server server;
  server.set_tcp_nodelay(true);
  const std::string body =
      R"({"query":"qui fait quoi ?","intent":"responsibility","confident":true,"answers":[]})";
  server.Get(R"(/.*)", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(body, "application/json; charset=utf-8");
  });
  int bound = port == 0 ? server.bind_to_any_port("127.0.0.1") : (server.bind_to_port("127.0.0.1", port) ? port : -1);
  if (bound < 0) {
    std::cerr << "bench_const_server: cannot bind\n";
    return 1;
  }
  std::cout << "quifait: listening on http://127.0.0.1:" << bound << "/" << std::endl;
  server.listen_after_bind();
  return 0;
}
