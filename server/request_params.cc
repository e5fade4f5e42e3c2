#include "server/request_params.h"

#include "analysis/unicode.h"
#include "util/error.h"

namespace quifait::server {
namespace {

const std::string* first(const httplib::Params& params, const std::string& name) {
  auto it = params.find(name);
  return it == params.end() ? nullptr : &it->second;
}

std::string trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

void require_utf8(const std::string& value, const std::string& name) {
  if (unicode::first_invalid_utf8(value)) throw BadRequest("parameter '" + name + "' is not valid UTF-8 text (or contains a NUL byte)");
}

std::string query_param(const httplib::Params& params, bool required) {
  const std::string* q = first(params, "q");
  if (!q || trimmed(*q).empty()) {
    if (required) throw BadRequest("missing parameter 'q' (the question or search words)");
    return "";
  }
  require_utf8(*q, "q");
  std::string value = trimmed(*q);
  size_t chars = unicode::length(value);
  if (chars > kMaxQueryChars)
    throw BadRequest("parameter 'q' is too long (" + std::to_string(chars) + " characters, at most " +
                     std::to_string(kMaxQueryChars) + ")");
  return value;
}

unsigned number_param(const httplib::Params& params, const std::string& name, unsigned fallback, unsigned max) {
  const std::string* v = first(params, name);
  if (!v) return fallback;
  std::string s = trimmed(*v);
  bool digits = !s.empty() && s.size() <= 9 && s.find_first_not_of("0123456789") == std::string::npos;
  unsigned n = digits ? static_cast<unsigned>(std::stoul(s)) : 0;
  if (!digits || n < 1 || n > max)
    throw BadRequest("parameter '" + name + "' must be a whole number from 1 to " + std::to_string(max));
  return n;
}

std::string filter_param(const httplib::Params& params, const std::string& name) {
  const std::string* v = first(params, name);
  if (!v) return "";
  require_utf8(*v, name);
  if (v->size() > 100) throw BadRequest("parameter '" + name + "' is too long");
  return trimmed(*v);
}

// A flag: absent is false, "0" or "1" otherwise.
bool flag_param(const httplib::Params& params, const std::string& name) {
  auto it = params.find(name);
  if (it == params.end()) return false;
  if (it->second != "0" && it->second != "1") throw BadRequest("parameter '" + name + "' must be 0 or 1");
  return it->second == "1";
}

}  // namespace

AskParams ask_params(const httplib::Params& params) {
  AskParams p;
  p.q = query_param(params, true);
  p.exact = flag_param(params, "exact");
  return p;
}

SearchParams search_params(const httplib::Params& params) {
  SearchParams p;
  p.q = query_param(params, true);
  p.options.org = filter_param(params, "org");
  p.options.type = filter_param(params, "type");
  p.options.page = number_param(params, "page", 1, kMaxPage);
  p.options.page_size = number_param(params, "page_size", 10, kMaxPageSize);
  p.options.partial = flag_param(params, "partial");
  return p;
}

SuggestParams suggest_params(const httplib::Params& params) {
  SuggestParams p;
  p.q = query_param(params, false);
  p.limit = number_param(params, "limit", 8, kMaxSuggestions);
  return p;
}

httplib::Params parse_query_string(const std::string& query) {
  httplib::Params params;
  httplib::detail::parse_query_text(query, params);
  return params;
}

namespace {
std::string id_param(const std::string& id, const std::string& what) {
  if (id.empty()) throw BadRequest("missing " + what + " id");
  if (id.size() > 300) throw BadRequest(what + " id too long");
  if (unicode::first_invalid_utf8(id)) throw BadRequest(what + " id is not valid UTF-8");
  for (unsigned char c : id)
    if (c < 0x20 || c == 0x7f) throw BadRequest(what + " id contains control characters");
  return id;
}
}  // namespace

std::string unit_id_param(const std::string& decoded_id) { return id_param(decoded_id, "unit"); }
std::string document_id_param(const std::string& decoded_id) { return id_param(decoded_id, "document"); }

}  // namespace quifait::server
