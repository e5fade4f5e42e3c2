// quifait: an index made of several Xapian databases (shards), named by a Xapian stub file.
//
// A stub file (https://xapian.org/docs/admin_notes.html#stub-database-files) lists one
// database per line:
//   auto /srv/quifait/justice/index        a local index (`quifait index --db …`), or another stub
//   remote 10.0.0.7:33333                   a shard served by xapian-tcpsrv (remote :PORT is loopback)
//   remote ssh host xapian-progsrv /path    a shard served through a program (xapian-progsrv)
// Blank lines and '#' comments are skipped; a relative path is relative to the stub's folder.
// Xapian opens the stub as one database; quifait also opens each shard alone, because Xapian
// gives only the first shard's metadata (tree, documents) and, over the remote protocol, no
// spelling or synonym table: see open_index (index_reader.h).
//
// Remote shards must be built with `quifait index --termlist` (the remote protocol reads term
// lists); docs/scale-out.md.
#pragma once
#include <xapian.h>

#include <string>
#include <vector>

namespace quifait {

struct ShardSpec {
  enum class Kind { kLocal, kTcp, kProgram };
  Kind kind = Kind::kLocal;
  std::string path;                 // kLocal: absolute path of the index (or nested stub)
  std::string host;                 // kTcp ("" is loopback)
  unsigned port = 0;                // kTcp
  std::string program;              // kProgram
  std::string args;                 // kProgram: its arguments, as one string
  std::string describe() const;     // "auto /srv/…", "remote 10.0.0.7:33333": for messages
};

// Is `path` a stub file (a regular file, not a quifait index folder or its link)?
bool is_stub_file(const std::string& path);

// The shards a stub file lists, nested stubs expanded (at most 8 levels), in order.
// Throws IndexError naming the file and line for an unreadable file, an unknown line or a bad
// port, and for a stub that lists no shard.
std::vector<ShardSpec> read_stub(const std::string& stub_path);

// Opens one shard alone. Throws Xapian::Error as Xapian does (NetworkError when a remote shard
// does not answer).
Xapian::Database open_shard(const ShardSpec& shard);

// What identifies the index a path names right now, cheaply: for a local index, the
// generation its link points to; for a stub, the stub and the current generation of each
// local shard and the build stamp of each remote one (asked of the shard at most every
// `remote_poll_ms`). A server compares it between requests to notice a rebuilt shard.
// "" when the path names no index.
std::string index_version(const std::string& db_path, int remote_poll_ms = 2000);
// The path to open for a version index_version returned: the generation for a local index,
// the stub for a stub.
std::string version_path(const std::string& version);

}  // namespace quifait
