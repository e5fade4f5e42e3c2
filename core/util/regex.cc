#include "util/regex.h"

#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <stdexcept>
#include <string_view>

namespace quifait {
namespace {

std::string utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

void fill(icu::RegexMatcher& m, const icu::UnicodeString& text, RegexMatch* out, bool with_context) {
  if (!out) return;
  UErrorCode status = U_ZERO_ERROR;
  int32_t n = m.groupCount();
  out->groups.assign(static_cast<size_t>(n) + 1, std::string());
  out->matched.assign(static_cast<size_t>(n) + 1, false);
  for (int32_t g = 0; g <= n; ++g) {
    int32_t start = m.start(g, status);
    if (U_FAILURE(status) || start < 0) {
      status = U_ZERO_ERROR;
      continue;
    }
    out->matched[static_cast<size_t>(g)] = true;
    out->groups[static_cast<size_t>(g)] = utf8(m.group(g, status));
  }
  if (with_context) {
    int32_t start = m.start(status), end = m.end(status);
    out->prefix = utf8(text.tempSubString(0, start));
    out->suffix = utf8(text.tempSubString(end));
  }
}

}  // namespace

Regex::Regex(const std::string& pattern) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError where{};
  pattern_.reset(icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(pattern), 0, where, status));
  if (U_FAILURE(status) || !pattern_) {
    throw std::invalid_argument("regular expression does not compile (" + std::string(u_errorName(status)) + " at offset " +
                                std::to_string(where.offset) + "): " + pattern);
  }
}

Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

namespace {

// The whole text (`whole`) or its first match anywhere, with the match's context.
bool run(const icu::RegexPattern& pattern, const std::string& text, RegexMatch* m, bool whole) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  std::unique_ptr<icu::RegexMatcher> matcher(pattern.matcher(u, status));
  if (U_FAILURE(status)) return false;
  bool ok = (whole ? matcher->matches(status) : matcher->find(status)) && U_SUCCESS(status);
  if (ok) fill(*matcher, u, m, !whole);
  return ok;
}

}  // namespace

bool Regex::match(const std::string& text, RegexMatch* m) const { return run(*pattern_, text, m, true); }
bool Regex::search(const std::string& text, RegexMatch* m) const { return run(*pattern_, text, m, false); }

std::string Regex::replace(const std::string& text, const std::string& with, bool all) const {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  std::unique_ptr<icu::RegexMatcher> matcher(pattern_->matcher(u, status));
  if (U_FAILURE(status)) return text;
  icu::UnicodeString replacement = icu::UnicodeString::fromUTF8(with);
  icu::UnicodeString out = all ? matcher->replaceAll(replacement, status) : matcher->replaceFirst(replacement, status);
  return U_FAILURE(status) ? text : utf8(out);
}

std::string Regex::quote(const std::string& literal) {
  std::string out;
  for (char c : literal) {
    if (std::string_view("\\.^$|()[]{}*+?#-&~ ").find(c) != std::string_view::npos && c != ' ') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace quifait
