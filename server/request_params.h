// quifait server: turning a request's query string into validated parameters.
//
// Pure functions, no I/O, so the fuzzer (fuzz/) and the tests call them directly.
// Each *_params function takes the decoded parameters (httplib::Params, a multimap; the
// first value of a repeated name wins, unknown names are ignored so cache-busters work)
// and returns the parameters or throws BadRequest with a message fit for the client:
//   q         required for ask/search, valid UTF-8, 1..kMaxQueryChars characters after
//             trimming (suggest accepts an empty q and answers with no suggestions);
//   page      decimal integer 1..kMaxPage;  page_size / limit: 1..their maximum;
//   org/type  optional, valid UTF-8, at most 100 bytes.
#pragma once
#include <httplib.h>

#include <string>

#include "search/searcher.h"

namespace quifait::server {

constexpr size_t kMaxQueryChars = 500;
constexpr unsigned kMaxPage = 1000;
constexpr unsigned kMaxPageSize = 50;
constexpr unsigned kMaxSuggestions = 20;

struct AskParams {
  std::string q;
  bool exact = false;  // exact=1: search the words as typed, without repairing them
};

struct SearchParams {
  std::string q;
  SearchOptions options;
};

struct SuggestParams {
  std::string q;  // may be empty
  unsigned limit = 8;
};

AskParams ask_params(const httplib::Params& params);
SearchParams search_params(const httplib::Params& params);
SuggestParams suggest_params(const httplib::Params& params);

// Decodes a raw query string ("q=qui+g%C3%A8re&page=2") as the server does.
httplib::Params parse_query_string(const std::string& query);

// Checks the unit id of a /api/units/<id> path (already percent-decoded by the server):
// BadRequest when it is empty, not UTF-8, over 300 bytes or contains control characters.
std::string unit_id_param(const std::string& decoded_id);
// A document id from the path of /api/documents/{id}: same checks as a unit id.
std::string document_id_param(const std::string& decoded_id);

}  // namespace quifait::server
