// fuzz_query_string: arbitrary bytes as the query string of a request (what follows '?').
//
// Decodes with the server's parse_query_string (httplib's own decoding), then validates with
// ask_params / search_params / suggest_params and, for the /api/units/<id> path, unit_id_param.
// Checks: only BadRequest escapes; an accepted q is valid UTF-8, trimmed, 1..500 characters
// (suggest: possibly empty); page/page_size/limit are within their documented ranges.
#include <cstddef>
#include <cstdint>
#include <string>

#include "analysis/unicode.h"
#include "fuzz_support.h"
#include "server/request_params.h"
#include "util/error.h"

using namespace quifait;
using namespace quifait::server;

namespace {

void check_q(const std::string& q, bool may_be_empty) {
  FUZZ_CHECK(fuzz::valid_utf8(q));
  FUZZ_CHECK(may_be_empty || !q.empty());
  FUZZ_CHECK(unicode::length(q) <= kMaxQueryChars);
  if (!q.empty()) {
    FUZZ_CHECK(q.front() != ' ' && q.back() != ' ');
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string query(reinterpret_cast<const char*>(data), size);
  httplib::Params params = parse_query_string(query);

  try {
    AskParams p = ask_params(params);
    check_q(p.q, false);
  } catch (const BadRequest&) {
  }
  try {
    SearchParams p = search_params(params);
    check_q(p.q, false);
    FUZZ_CHECK(p.options.page >= 1 && p.options.page <= kMaxPage);
    FUZZ_CHECK(p.options.page_size >= 1 && p.options.page_size <= kMaxPageSize);
    FUZZ_CHECK(fuzz::valid_utf8(p.options.org) && fuzz::valid_utf8(p.options.type));
  } catch (const BadRequest&) {
  }
  try {
    SuggestParams p = suggest_params(params);
    check_q(p.q, true);
    FUZZ_CHECK(p.limit >= 1 && p.limit <= kMaxSuggestions);
  } catch (const BadRequest&) {
  }
  try {
    std::string id = unit_id_param(httplib::detail::decode_url(query, false));
    FUZZ_CHECK(fuzz::valid_utf8(id) && !id.empty() && id.size() <= 300);
    for (unsigned char c : id) FUZZ_CHECK(c >= 0x20 && c != 0x7F);
  } catch (const BadRequest&) {
  }
  return 0;
}
