// File: io_config.h
//
// How to reach remote storage: Daft's IOConfig, reduced to what our filesystems use.

#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace skipjack {

struct S3Config {
  std::optional<std::string> region;
  std::optional<std::string> endpoint_url;  ///< e.g. http://127.0.0.1:5000 for a local server
  std::optional<std::string> key_id;
  std::optional<std::string> access_key;
  std::optional<std::string> session_token;
  bool anonymous = false;
  int max_connections = 32;
  double connect_timeout_seconds = 10;
  double request_timeout_seconds = 60;
};

struct HttpConfig {
  std::string user_agent = "skipjack";
  std::optional<std::string> bearer_token;
  int64_t connect_timeout_ms = 30000;
  int64_t read_timeout_ms = 30000;
  int num_tries = 5;
  int64_t retry_initial_backoff_ms = 500;
};

struct IOConfig {
  S3Config s3;
  HttpConfig http;
};

}  // namespace skipjack
