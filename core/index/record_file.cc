#include "index/record_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/error.h"
#include "util/hash.h"

namespace quifait {
namespace {

constexpr char kMagic[8] = {'Q', 'F', 'R', 'E', 'C', 'S', '1', '\n'};
constexpr size_t kFooter = 3 * 8 + sizeof(kMagic);

void put_u64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint64_t get_u64(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

IndexError corrupt(const std::string& path, const std::string& why) {
  return IndexError("the passage records " + path + " " + why + "; rebuild the index with `quifait index`");
}

}  // namespace

uint64_t record_file_identity(const std::string& database_uuid, uint64_t built_at_ms) {
  return fnv1a(database_uuid + "\n" + std::to_string(built_at_ms));
}

RecordFileWriter::RecordFileWriter(const std::string& path) : path_(path) {
  out_ = std::fopen(path.c_str(), "wb");
  if (!out_) throw IndexError("cannot write " + path + ": " + std::strerror(errno));
  if (std::fwrite(kMagic, 1, sizeof(kMagic), out_) != sizeof(kMagic)) throw IndexError("cannot write " + path);
  written_ = sizeof(kMagic);
}

RecordFileWriter::~RecordFileWriter() {
  if (out_) std::fclose(out_);
}

void RecordFileWriter::add(std::string_view record) {
  offsets_.push_back(written_);
  if (!record.empty() && std::fwrite(record.data(), 1, record.size(), out_) != record.size())
    throw IndexError("cannot write " + path_ + ": " + std::strerror(errno));
  written_ += record.size();
}

void RecordFileWriter::finish(uint64_t identity) {
  std::string tail;
  tail.reserve(8 * (offsets_.size() + 1) + kFooter);
  const uint64_t table = written_;
  for (uint64_t o : offsets_) put_u64(tail, o);
  put_u64(tail, table);
  put_u64(tail, offsets_.size());
  put_u64(tail, table);
  put_u64(tail, identity);
  tail.append(kMagic, sizeof(kMagic));
  bool ok = std::fwrite(tail.data(), 1, tail.size(), out_) == tail.size();
  // Durable before the generation is published, as Xapian's own files are at commit.
  ok = std::fflush(out_) == 0 && ok;
  ok = ::fsync(fileno(out_)) == 0 && ok;
  ok = std::fclose(out_) == 0 && ok;
  out_ = nullptr;
  if (!ok) throw IndexError("cannot write " + path_ + ": " + std::strerror(errno));
}

std::shared_ptr<const RecordFile> RecordFile::open(const std::string& path, uint64_t count, uint64_t identity) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) return nullptr;
    throw corrupt(path, std::string("cannot be read (") + std::strerror(errno) + ")");
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw corrupt(path, "is not a readable file");
  }
  const size_t size = static_cast<size_t>(st.st_size);
  if (size < sizeof(kMagic) + 8 + kFooter) {
    ::close(fd);
    throw corrupt(path, "is truncated");
  }
  std::shared_ptr<RecordFile> f(new RecordFile());  // before the map: nothing to leak if this throws
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) throw corrupt(path, std::string("cannot be mapped (") + std::strerror(errno) + ")");
  f->base_ = static_cast<const unsigned char*>(map);
  f->size_ = size;
  const unsigned char* footer = f->base_ + size - kFooter;
  if (std::memcmp(f->base_, kMagic, sizeof(kMagic)) != 0 || std::memcmp(footer + 24, kMagic, sizeof(kMagic)) != 0)
    throw corrupt(path, "is not a quifait record file");
  f->count_ = get_u64(footer);
  const uint64_t table = get_u64(footer + 8);
  if (f->count_ != count) throw corrupt(path, "holds " + std::to_string(f->count_) + " records for " + std::to_string(count) + " passages");
  if (get_u64(footer + 16) != identity) throw corrupt(path, "is of another database than the index beside it");
  // By subtraction: no sum here can wrap around, whatever the footer says.
  const uint64_t table_end = size - kFooter;
  if (table < sizeof(kMagic) || table >= table_end || (table_end - table) % 8 != 0 || (table_end - table) / 8 - 1 != f->count_)
    throw corrupt(path, "is truncated");
  f->table_ = f->base_ + table;
  // Every offset within the records and in order, checked once so that record() need not.
  uint64_t previous = sizeof(kMagic);
  for (uint64_t i = 0; i <= f->count_; ++i) {
    uint64_t o = get_u64(f->table_ + 8 * i);
    if (o < previous || o > table) throw corrupt(path, "has a damaged offset table");
    previous = o;
  }
  if (previous != table) throw corrupt(path, "has a damaged offset table");
  return f;
}

RecordFile::~RecordFile() {
  if (base_) ::munmap(const_cast<unsigned char*>(base_), size_);
}

std::string_view RecordFile::record(uint32_t docid) const {
  if (docid == 0 || docid > count_)
    throw IndexError("passage " + std::to_string(docid) + " is not in the index's record file; rebuild the index");
  const uint64_t begin = get_u64(table_ + 8 * (uint64_t{docid} - 1)), end = get_u64(table_ + 8 * uint64_t{docid});
  return {reinterpret_cast<const char*>(base_ + begin), static_cast<size_t>(end - begin)};
}

}  // namespace quifait
