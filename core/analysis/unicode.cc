#include "analysis/unicode.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>
#include <mutex>

namespace quifait::unicode {
namespace {

void append_utf8(std::string& out, UChar32 c) {
  char buf[4];
  int32_t i = 0;
  UBool err = false;
  U8_APPEND(buf, i, 4, c, err);
  if (!err) out.append(buf, static_cast<size_t>(i));
}

// Folded form of every code point below kFoldTableSize, computed once with ICU's
// NFD decomposition (drop the combining marks) plus the ligatures NFD keeps.
constexpr UChar32 kFoldTableSize = 0x0300;

std::string fold_code_point_slow(UChar32 c) {
  switch (c) {
    case 0x0153: return "oe";  // œ
    case 0x0152: return "oe";
    case 0x00E6: return "ae";  // æ
    case 0x00C6: return "ae";
    case 0x00DF: return "ss";  // ß
    case 0x00F8: case 0x00D8: return "o";
    case 0x0111: case 0x0110: return "d";
    case 0x0142: case 0x0141: return "l";
    default: break;
  }
  UChar32 low = u_tolower(c);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  std::string out;
  icu::UnicodeString decomposition;
  if (U_SUCCESS(status) && nfd->getDecomposition(low, decomposition)) {
    for (int32_t i = 0; i < decomposition.length();) {
      UChar32 d = decomposition.char32At(i);
      i += U16_LENGTH(d);
      if (u_getCombiningClass(d) == 0 && u_charType(d) != U_NON_SPACING_MARK) append_utf8(out, d);
    }
    return out;
  }
  if (u_charType(low) == U_NON_SPACING_MARK) return out;  // a stray combining mark folds to nothing
  append_utf8(out, low);
  return out;
}

const std::array<std::string, kFoldTableSize>& fold_table() {
  static const std::array<std::string, kFoldTableSize> table = [] {
    std::array<std::string, kFoldTableSize> t;
    for (UChar32 c = 0; c < kFoldTableSize; ++c) t[static_cast<size_t>(c)] = fold_code_point_slow(c);
    return t;
  }();
  return table;
}

}  // namespace

std::optional<size_t> first_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0 || c == 0) return static_cast<size_t>(start);
  }
  return std::nullopt;
}

std::string nfc(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(text);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (n->isNormalized(u, status) && U_SUCCESS(status)) return std::string(text);
  status = U_ZERO_ERROR;
  icu::UnicodeString normalized = n->normalize(u, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

std::string capitalise(std::string_view text) {
  if (text.empty()) return {};
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size()), i = 0;
  UChar32 c;
  U8_NEXT(s, i, length, c);
  if (c < 0) return std::string(text);
  std::string out;
  append_utf8(out, u_totitle(c));
  out.append(text.substr(static_cast<size_t>(i)));
  return out;
}

std::string lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) continue;
    if (c < 0x80) {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    } else {
      append_utf8(out, u_tolower(c));
    }
  }
  return out;
}

std::string fold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto& table = fold_table();
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) continue;
    if (c < 0x80) {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    } else if (c < kFoldTableSize) {
      out += table[static_cast<size_t>(c)];
    } else {
      out += fold_code_point_slow(c);
    }
  }
  return out;
}

std::string sanitize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) {
      out += "\xEF\xBF\xBD";
    } else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
      out.push_back(' ');
    } else {
      out.append(text.data() + start, static_cast<size_t>(i - start));
    }
  }
  return out;
}

size_t length(std::string_view text) {
  size_t n = 0;
  for (unsigned char ch : text) n += (ch & 0xC0) != 0x80;
  return n;
}

bool is_apostrophe(char32_t c) {
  return c == U'\'' || c == U'\u2019' || c == U'\u02BC' || c == U'\u2018' || c == U'`' || c == U'\u00B4';
}

}  // namespace quifait::unicode
