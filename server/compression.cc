#include "server/compression.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace quifait::server {
namespace {

std::string lower_trimmed(std::string s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  s = b == std::string::npos ? "" : s.substr(b, e - b + 1);
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

std::string gzip(const std::string& body, int level) {
  z_stream z{};
  // 15 + 16: a gzip wrapper, not zlib's.
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("gzip: init failed");
  std::string out(deflateBound(&z, static_cast<uLong>(body.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  z.avail_in = static_cast<uInt>(body.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  size_t n = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("gzip: compression failed");
  out.resize(n);
  return out;
}

std::string brotli(const std::string& body, int quality) {
  size_t n = BrotliEncoderMaxCompressedSize(body.size());
  if (n == 0) n = body.size() + 1024;
  std::string out(n, '\0');
  if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, body.size(),
                             reinterpret_cast<const uint8_t*>(body.data()), &n, reinterpret_cast<uint8_t*>(out.data()))) {
    throw std::runtime_error("brotli: compression failed");
  }
  out.resize(n);
  return out;
}

}  // namespace

ContentCoding negotiate(const std::string& accept_encoding) {
  double br = -1, gz = -1, any = -1;  // -1: not mentioned
  size_t pos = 0;
  while (pos <= accept_encoding.size()) {
    size_t comma = accept_encoding.find(',', pos);
    if (comma == std::string::npos) comma = accept_encoding.size();
    std::string item = accept_encoding.substr(pos, comma - pos);
    pos = comma + 1;
    double q = 1;
    size_t semi = item.find(';');
    if (semi != std::string::npos) {
      std::string param = lower_trimmed(item.substr(semi + 1));
      if (param.rfind("q=", 0) == 0) q = std::strtod(param.c_str() + 2, nullptr);
      item = item.substr(0, semi);
    }
    std::string coding = lower_trimmed(item);
    if (coding == "br") br = q;
    else if (coding == "gzip" || coding == "x-gzip") gz = q;
    else if (coding == "*") any = q;
  }
  if (br < 0) br = any;
  if (gz < 0) gz = any;
  if (br > 0 && br >= gz) return ContentCoding::kBrotli;
  if (gz > 0) return ContentCoding::kGzip;
  return ContentCoding::kIdentity;
}

const char* coding_name(ContentCoding coding) {
  switch (coding) {
    case ContentCoding::kGzip: return "gzip";
    case ContentCoding::kBrotli: return "br";
    default: return "";
  }
}

std::string compress(const std::string& body, ContentCoding coding, CompressionEffort effort) {
  bool once = effort == CompressionEffort::kStatic;
  switch (coding) {
    case ContentCoding::kGzip: return gzip(body, once ? 9 : 6);
    case ContentCoding::kBrotli: return brotli(body, once ? BROTLI_MAX_QUALITY : 5);
    default: return body;
  }
}

bool compressible(const std::string& mime) {
  return mime.rfind("text/", 0) == 0 || mime.rfind("application/json", 0) == 0 || mime.rfind("image/svg+xml", 0) == 0 ||
         mime.rfind("application/manifest+json", 0) == 0 || mime.rfind("application/javascript", 0) == 0;
}

}  // namespace quifait::server
