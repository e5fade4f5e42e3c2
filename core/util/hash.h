// quifait: a stable, non-cryptographic hash of bytes, for fingerprints and entity tags.
//
// fnv1a_hex(bytes) -> FNV-1a, 64 bits, as 16 lower-case hex digits. The same bytes give the
// same digits on every machine and every run (unlike std::hash), which is what an index
// fingerprint and an HTTP ETag need. Not for anything an attacker must not forge.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace quifait {

inline uint64_t fnv1a(std::string_view bytes) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

inline std::string fnv1a_hex(std::string_view bytes) {
  const uint64_t h = fnv1a(bytes);
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace quifait
