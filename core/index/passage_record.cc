#include "index/passage_record.h"

#include <cstdint>

namespace quifait {
namespace {

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

bool get_varint(std::string_view& in, uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    // The shortest form only (no trailing zero byte), so that one value has one encoding.
    if (!(byte & 0x80)) return byte != 0 || shift == 0;
  }
  return false;
}

void put_string(std::string& out, const std::string& s) {
  put_varint(out, s.size());
  out.append(s);
}

bool get_string(std::string_view& in, std::string& s) {
  uint64_t n = 0;
  if (!get_varint(in, n) || n > in.size()) return false;
  s.assign(in.data(), static_cast<size_t>(n));
  in.remove_prefix(static_cast<size_t>(n));
  return true;
}

}  // namespace

std::string encode_passage(const StoredPassage& p) {
  std::string out;
  out.reserve(16 + p.passage_id.size() + p.doc.size() + p.org.size() + p.unit_key.size() + p.section.size() + p.text.size());
  out.push_back(static_cast<char>(kPassageRecordVersion));
  for (const std::string* s : {&p.passage_id, &p.doc, &p.org, &p.unit_key, &p.section, &p.text}) put_string(out, *s);
  put_varint(out, static_cast<uint64_t>(static_cast<uint32_t>(p.position)));
  return out;
}

bool decode_passage(std::string_view data, StoredPassage& out) {
  if (data.empty() || static_cast<unsigned char>(data.front()) != kPassageRecordVersion) return false;
  data.remove_prefix(1);
  for (std::string* s : {&out.passage_id, &out.doc, &out.org, &out.unit_key, &out.section, &out.text})
    if (!get_string(data, *s)) return false;
  uint64_t position = 0;
  if (!get_varint(data, position) || position > UINT32_MAX || !data.empty()) return false;
  out.position = static_cast<int>(static_cast<uint32_t>(position));
  return true;
}

}  // namespace quifait
