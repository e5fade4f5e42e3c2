// quifait: small Unicode helpers over UTF-8 std::string, built on ICU.
//
// Contract: every function takes and returns UTF-8. Functions that require
// valid UTF-8 say so; use first_invalid_utf8() to check untrusted input first.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace quifait::unicode {

// Byte offset of the first invalid UTF-8 sequence (including NUL bytes, which
// no text here may contain), or nullopt when `text` is valid.
std::optional<size_t> first_invalid_utf8(std::string_view text);

// NFC-normalised copy of `text`. REQUIRES: valid UTF-8.
std::string nfc(std::string_view text);

// Lower-cased copy, accents kept ("Éditoriale" -> "éditoriale"). REQUIRES: valid UTF-8.
std::string lower(std::string_view text);

// Copy with the first code point in title case ("ukraine" -> "Ukraine"). REQUIRES: valid UTF-8.
std::string capitalise(std::string_view text);

// Lower-cased, accent-free copy; ligatures expanded ("Œuvre Éditée" -> "oeuvre editee").
// REQUIRES: valid UTF-8.
std::string fold(std::string_view text);

// Replaces invalid UTF-8 sequences and control characters (except \n and \t)
// with U+FFFD / space, so that hostile input can be analysed and displayed safely.
std::string sanitize(std::string_view text);

// Number of code points. REQUIRES: valid UTF-8.
size_t length(std::string_view text);

// True for apostrophes that French uses for elision: ' ’ ʼ ‘ ` ´
bool is_apostrophe(char32_t c);

}  // namespace quifait::unicode
