// quifait: regular expressions on UTF-8 text, through ICU's regex engine (compiled once).
//
// ICU's matcher keeps its backtracking state on the heap, not on the call stack as libstdc++'s
// std::regex does (which overflows on a few kilobytes of input), and it is linear enough on the
// patterns of the question parser for any input the server accepts.
//
// Regex(pattern) compiles an ICU pattern (the syntax of std::regex's ECMAScript for what the
// parser uses: groups, (?:), alternation, classes, \b, \s, lookahead). Throws
// std::invalid_argument naming the pattern when it does not compile: a programming error.
// match(text, m): the whole text matches; search(text, m): the first match anywhere, with
// what comes before and after it. replace(text, with, all): "$1" in `with` is group 1.
// All are const and may be called from any thread (each call makes its own ICU matcher).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class RegexPattern;
U_NAMESPACE_END

namespace quifait {

struct RegexMatch {
  std::vector<std::string> groups;  // [0] the whole match, [i] group i ("" when it took no part)
  std::vector<bool> matched;        // whether group i took part in the match
  std::string prefix, suffix;       // search(): the text before and after the match
  const std::string& operator[](size_t i) const { return groups[i]; }
};

class Regex {
 public:
  explicit Regex(const std::string& pattern);
  ~Regex();
  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;

  bool match(const std::string& text, RegexMatch* m = nullptr) const;
  bool search(const std::string& text, RegexMatch* m = nullptr) const;
  std::string replace(const std::string& text, const std::string& with, bool all = true) const;

  // `literal` with every character the pattern syntax gives a meaning to escaped.
  static std::string quote(const std::string& literal);

 private:
  std::unique_ptr<icu::RegexPattern> pattern_;
};

}  // namespace quifait
