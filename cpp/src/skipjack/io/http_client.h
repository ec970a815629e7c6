// File: http_client.h
//
// Many HTTP(S) GETs at once through libcurl's multi interface, on the calling thread
// (an I/O pool thread). Failures that may pass (timeouts, refused or reset connections,
// truncated bodies, 5xx, 429) are retried with exponential backoff; other HTTP errors
// (404, 403, ...) are final. A body is never returned for a failed request.

#pragma once

#include <string>
#include <vector>

#include <arrow/result.h>

#include "skipjack/io/io_config.h"

namespace skipjack {

/// Fetches every URL, at most `max_connections` transfers in flight; one result per URL,
/// in order: the body, or an error naming the URL and what went wrong.
std::vector<arrow::Result<std::string>> FetchUrls(const std::vector<std::string>& urls,
                                                  const HttpConfig& config, int max_connections);

}  // namespace skipjack
