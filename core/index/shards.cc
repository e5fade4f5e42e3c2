#include "index/shards.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "index/schema.h"
#include "util/error.h"

namespace fs = std::filesystem;

namespace quifait {

namespace {

constexpr int kMaxStubDepth = 8;

void read_stub_into(const fs::path& stub, int depth, std::vector<ShardSpec>& out) {
  if (depth > kMaxStubDepth) throw IndexError(stub.string() + ": stub files nested more than 8 deep (a stub that lists itself?)");
  std::ifstream in(stub);
  if (!in) throw IndexError("cannot read the stub file " + stub.string());
  fs::path dir = stub.parent_path();
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::string where = stub.string() + ":" + std::to_string(line_no) + ": ";
    std::istringstream words(line);
    std::string kind;
    if (!(words >> kind) || kind[0] == '#') continue;
    std::string rest;
    std::getline(words, rest);
    rest.erase(0, rest.find_first_not_of(" \t"));
    while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\r' || rest.back() == '\t')) rest.pop_back();
    if (rest.empty()) throw IndexError(where + "'" + kind + "' names no database");
    if (kind == "auto" || kind == "glass" || kind == "chert") {
      fs::path p = fs::path(rest).is_absolute() ? fs::path(rest) : dir / rest;
      if (is_stub_file(p.string())) {
        read_stub_into(p, depth + 1, out);
        continue;
      }
      ShardSpec s;
      s.kind = ShardSpec::Kind::kLocal;
      s.path = p.lexically_normal().string();
      out.push_back(std::move(s));
    } else if (kind == "remote") {
      ShardSpec s;
      size_t colon = rest.rfind(':');
      bool tcp = rest.find(' ') == std::string::npos && colon != std::string::npos;
      if (tcp) {
        s.kind = ShardSpec::Kind::kTcp;
        s.host = rest.substr(0, colon);
        std::string port = rest.substr(colon + 1);
        char* end = nullptr;
        unsigned long n = std::strtoul(port.c_str(), &end, 10);
        if (port.empty() || *end != '\0' || n == 0 || n > 65535) throw IndexError(where + "bad port '" + port + "' (remote HOST:PORT)");
        s.port = static_cast<unsigned>(n);
      } else {
        s.kind = ShardSpec::Kind::kProgram;
        size_t space = rest.find(' ');
        s.program = rest.substr(0, space);
        s.args = space == std::string::npos ? "" : rest.substr(space + 1);
      }
      out.push_back(std::move(s));
    } else {
      throw IndexError(where + "unknown database type '" + kind + "' (auto PATH, remote HOST:PORT or remote PROGRAM ARGS)");
    }
  }
}

// The build stamp of a remote shard, asked again once `poll_ms` has passed since the last time.
std::string remote_stamp(const ShardSpec& shard, int poll_ms) {
  struct Seen {
    std::string stamp;
    std::chrono::steady_clock::time_point at;
  };
  static std::mutex mutex;
  static std::map<std::string, Seen> seen;
  std::string key = shard.describe();
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = seen.find(key);
    if (it != seen.end() && now - it->second.at < std::chrono::milliseconds(poll_ms)) return it->second.stamp;
  }
  std::string stamp;
  try {
    stamp = open_shard(shard).get_metadata(schema::kMetaBuild);
  } catch (const Xapian::Error& e) {
    stamp = "unreachable";  // a shard that comes back is then seen as changed, and reopened
  }
  std::lock_guard<std::mutex> lock(mutex);
  seen[key] = Seen{stamp, now};
  return stamp;
}

}  // namespace

std::string ShardSpec::describe() const {
  switch (kind) {
    case Kind::kLocal: return "auto " + path;
    case Kind::kTcp: return "remote " + host + ":" + std::to_string(port);
    case Kind::kProgram: return "remote " + program + (args.empty() ? "" : " " + args);
  }
  return "";
}

bool is_stub_file(const std::string& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

std::vector<ShardSpec> read_stub(const std::string& stub_path) {
  std::vector<ShardSpec> out;
  std::error_code ec;
  fs::path stub = fs::absolute(stub_path, ec);
  read_stub_into(ec ? fs::path(stub_path) : stub, 0, out);
  if (out.empty())
    throw IndexError(stub_path + " is not a quifait index: neither an index folder nor a stub file listing shards "
                     "(lines 'auto PATH' or 'remote HOST:PORT'); build one with `quifait index`");
  return out;
}

Xapian::Database open_shard(const ShardSpec& shard) {
  switch (shard.kind) {
    case ShardSpec::Kind::kLocal: return Xapian::Database(shard.path);
    case ShardSpec::Kind::kTcp: return Xapian::Remote::open(shard.host.empty() ? "127.0.0.1" : shard.host, shard.port);
    case ShardSpec::Kind::kProgram: return Xapian::Remote::open(shard.program, shard.args);
  }
  throw IndexError("unknown shard kind");
}

std::string index_version(const std::string& db_path, int remote_poll_ms) {
  std::error_code ec;
  fs::path p = fs::canonical(db_path, ec);
  if (ec) return "";
  if (!is_stub_file(p.string())) return p.string();
  std::string version = p.string();
  try {
    for (const ShardSpec& shard : read_stub(p.string())) {
      version += '\n';
      if (shard.kind == ShardSpec::Kind::kLocal) {
        fs::path g = fs::canonical(shard.path, ec);
        version += ec ? "missing " + shard.path : g.string();
      } else {
        version += shard.describe() + " " + remote_stamp(shard, remote_poll_ms);
      }
    }
  } catch (const IndexError&) {
    version += "\nunreadable stub";
  }
  return version;
}

std::string version_path(const std::string& version) { return version.substr(0, version.find('\n')); }

}  // namespace quifait
