// quifait server: content codings for responses (RFC 9110 §8.4, §12.5.3).
//
// negotiate(accept_encoding) picks what to send: Brotli when the client takes "br", else gzip,
// else the identity. It honours q-values ("br;q=0" refuses Brotli, "*" stands for any coding
// not listed, "identity;q=0" alone still gets the identity: a server may always send it).
//
// compress(body, coding, effort) returns the body in that coding. kStatic is for bodies
// compressed once and served many times (the web page files at start: Brotli 11, gzip 9);
// kDynamic for bodies compressed once per cached API response (Brotli 5, gzip 6, a few
// hundred microseconds for a typical answer). Throws std::runtime_error only when the
// compressor itself fails (out of memory).
//
// compressible(mime) says whether a media type is worth compressing (text, JSON, SVG, JS).
#pragma once
#include <string>

namespace quifait::server {

enum class ContentCoding { kIdentity, kGzip, kBrotli };
enum class CompressionEffort { kStatic, kDynamic };

ContentCoding negotiate(const std::string& accept_encoding);
const char* coding_name(ContentCoding coding);  // "", "gzip", "br"
std::string compress(const std::string& body, ContentCoding coding, CompressionEffort effort);
bool compressible(const std::string& mime);

}  // namespace quifait::server
