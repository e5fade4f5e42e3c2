#include "index/generations.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include "util/error.h"

namespace fs = std::filesystem;

namespace quifait {

IndexSlot::IndexSlot(const std::string& db_path) : link_(db_path) {
  if (link_.filename().empty()) link_ = link_.parent_path();
  std::error_code ec;
  if (fs::exists(fs::symlink_status(link_, ec)) && !fs::is_symlink(fs::symlink_status(link_, ec))) {
    if (fs::is_directory(link_, ec) && fs::is_empty(link_, ec)) {
      fs::remove(link_, ec);
    } else {
      throw IndexError(link_.string() + " exists and is not a quifait index link; remove it or choose another --db");
    }
  }
  generations_ = link_;
  generations_ += ".d";
  fs::create_directories(generations_, ec);
  if (ec) throw IndexError("cannot create " + generations_.string() + ": " + ec.message());
  std::string lock_path = (generations_ / ".lock").string();
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) throw IndexError("cannot create " + lock_path + ": " + std::strerror(errno));
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(lock_fd_);
    throw IndexError("another `quifait index` or `quifait replicate` is writing " + link_.string() + " (lock " + lock_path +
                     "); the current index keeps serving");
  }
  previous_ = fs::read_symlink(link_, ec).filename().string();  // empty when there is none
}

IndexSlot::~IndexSlot() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

std::string IndexSlot::new_generation_name() {
  auto stamp = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  return "gen-" + std::to_string(stamp) + "-" + std::to_string(getpid());
}

void IndexSlot::publish(const std::string& name) {
  std::error_code ec;
  // A new link next to the old one, then rename(2) over it.
  fs::path tmp_link = link_;
  tmp_link += ".new-" + std::to_string(getpid());
  fs::remove(tmp_link, ec);
  fs::path target = fs::path(generations_.filename()) / name;
  fs::create_symlink(target, tmp_link, ec);
  if (ec) throw IndexError("cannot create the link " + tmp_link.string() + ": " + ec.message());
  fs::rename(tmp_link, link_, ec);
  if (ec) {
    fs::remove(tmp_link, ec);
    throw IndexError("cannot switch " + link_.string() + " to the new index: " + ec.message());
  }
  // We hold the lock, so no other writer is filling a generation: any other one is older than
  // the previous generation or was left by a writer that died.
  std::vector<fs::path> stale;
  for (auto& entry : fs::directory_iterator(generations_, ec)) {
    std::string n = entry.path().filename().string();
    if (n.rfind("gen-", 0) == 0 && n != name && n != previous_) stale.push_back(entry.path());
  }
  std::string tmp_prefix = link_.filename().string() + ".new-";
  fs::path link_dir = link_.has_parent_path() ? link_.parent_path() : fs::path(".");
  for (auto& entry : fs::directory_iterator(link_dir, ec))
    if (entry.path().filename().string().rfind(tmp_prefix, 0) == 0 && fs::is_symlink(entry.symlink_status(ec)))
      stale.push_back(entry.path());
  for (const auto& p : stale) fs::remove_all(p, ec);
}

}  // namespace quifait
