// quifait: error types shared by the library and its front ends.
//
// Expected failures (bad corpus file, missing index, bad question) travel as
// QuifaitError with a message a user can act on: it names the file, the line
// or the option at fault. Front ends print what() and exit non-zero (CLI) or
// answer 4xx/5xx (server). Xapian::Error is caught at the library edge and
// rethrown as IndexError so callers need not know Xapian.
#pragma once
#include <stdexcept>
#include <string>

namespace quifait {

class QuifaitError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The corpus (manifest or a document) is malformed. The message names the file and line.
class CorpusError : public QuifaitError {
 public:
  using QuifaitError::QuifaitError;
};

// The index is missing, corrupt, or could not be written.
class IndexError : public QuifaitError {
 public:
  using QuifaitError::QuifaitError;
};

// A remote shard did not answer (Xapian::NetworkError: the server restarted, or closed an idle
// connection): reopening the index may succeed, unlike for a corrupt one.
class IndexUnavailable : public IndexError {
 public:
  using IndexError::IndexError;
};

// A request or question is unusable (empty, too long, invalid UTF-8).
class BadRequest : public QuifaitError {
 public:
  using QuifaitError::QuifaitError;
};

}  // namespace quifait
