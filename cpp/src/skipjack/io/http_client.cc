#include "skipjack/io/http_client.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <random>
#include <thread>

#include "skipjack/io/curl_library.h"

namespace skipjack {
namespace {

size_t AppendBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

struct Transfer {
  size_t index = 0;  // into the URL list
  int attempt = 0;   // tries done so far
  std::string body;
  char error[CURL_ERROR_SIZE] = {0};
  CURL* handle = nullptr;
  curl_slist* headers = nullptr;
  std::chrono::steady_clock::time_point not_before{};  // backoff
};

bool RetryableCurlError(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_SSL_CONNECT_ERROR:
      return true;
    default:
      return false;
  }
}

bool RetryableStatus(long status) { return status >= 500 || status == 429 || status == 408; }

class Fetcher {
 public:
  Fetcher(const CurlApi& curl, const std::vector<std::string>& urls, const HttpConfig& config,
          int max_connections)
      : curl_(curl), urls_(urls), config_(config), max_connections_(std::max(1, max_connections)),
        results_(urls.size(), arrow::Status::UnknownError("not fetched")),
        random_(std::random_device{}()) {
    multi_ = curl_.multi_init();
    curl_.multi_setopt(multi_, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(max_connections_));
    for (size_t i = 0; i < urls.size(); ++i) {
      auto transfer = std::make_unique<Transfer>();
      transfer->index = i;
      waiting_.push_back(std::move(transfer));
    }
  }

  ~Fetcher() {
    for (auto& [handle, transfer] : running_) Release(*transfer);
    curl_.multi_cleanup(multi_);
  }

  std::vector<arrow::Result<std::string>> Run() {
    while (!waiting_.empty() || !running_.empty()) {
      StartReady();
      int still_running = 0;
      curl_.multi_perform(multi_, &still_running);
      CollectFinished();
      if (!running_.empty()) {
        curl_.multi_poll(multi_, nullptr, 0, 100, nullptr);
      } else if (!waiting_.empty()) {
        // Everything left is backing off.
        std::this_thread::sleep_until(EarliestStart());
      }
    }
    return std::move(results_);
  }

 private:
  std::chrono::steady_clock::time_point EarliestStart() const {
    auto earliest = waiting_.front()->not_before;
    for (const auto& t : waiting_) earliest = std::min(earliest, t->not_before);
    return earliest;
  }

  void StartReady() {
    const auto now = std::chrono::steady_clock::now();
    for (auto it = waiting_.begin();
         it != waiting_.end() && static_cast<int>(running_.size()) < max_connections_;) {
      if ((*it)->not_before > now) {
        ++it;
        continue;
      }
      std::unique_ptr<Transfer> transfer = std::move(*it);
      it = waiting_.erase(it);
      Start(std::move(transfer));
    }
  }

  void Start(std::unique_ptr<Transfer> transfer) {
    CURL* handle = curl_.easy_init();
    transfer->handle = handle;
    transfer->body.clear();
    transfer->error[0] = '\0';
    curl_.easy_setopt(handle, CURLOPT_URL, urls_[transfer->index].c_str());
    curl_.easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 1L);
    curl_.easy_setopt(handle, CURLOPT_MAXREDIRS, 10L);
    curl_.easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_.easy_setopt(handle, CURLOPT_USERAGENT, config_.user_agent.c_str());
    curl_.easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config_.connect_timeout_ms));
    // A read timeout: give up when fewer than 1 byte/s arrive for that long.
    curl_.easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_.easy_setopt(handle, CURLOPT_LOW_SPEED_TIME,
                     std::max(1L, static_cast<long>(config_.read_timeout_ms / 1000)));
    curl_.easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "");  // gzip/deflate if the server offers
    curl_.easy_setopt(handle, CURLOPT_WRITEFUNCTION, AppendBody);
    curl_.easy_setopt(handle, CURLOPT_WRITEDATA, &transfer->body);
    curl_.easy_setopt(handle, CURLOPT_ERRORBUFFER, transfer->error);
    if (config_.bearer_token) {
      transfer->headers = curl_.slist_append(
          nullptr, ("Authorization: Bearer " + *config_.bearer_token).c_str());
      curl_.easy_setopt(handle, CURLOPT_HTTPHEADER, transfer->headers);
    }
    curl_.multi_add_handle(multi_, handle);
    running_[handle] = std::move(transfer);
  }

  void Release(Transfer& transfer) {
    curl_.multi_remove_handle(multi_, transfer.handle);
    curl_.easy_cleanup(transfer.handle);
    curl_.slist_free_all(transfer.headers);
    transfer.handle = nullptr;
    transfer.headers = nullptr;
  }

  void CollectFinished() {
    int left = 0;
    while (CURLMsg* message = curl_.multi_info_read(multi_, &left)) {
      if (message->msg != CURLMSG_DONE) continue;
      auto found = running_.find(message->easy_handle);
      std::unique_ptr<Transfer> transfer = std::move(found->second);
      running_.erase(found);
      const CURLcode code = message->data.result;
      long status = 0;
      curl_.easy_getinfo(transfer->handle, CURLINFO_RESPONSE_CODE, &status);
      Release(*transfer);
      ++transfer->attempt;
      const std::string& url = urls_[transfer->index];
      arrow::Status failure;
      bool retry = false;
      if (code != CURLE_OK) {
        failure = arrow::Status::IOError(
            "GET ", url, " failed: ", transfer->error[0] ? transfer->error : curl_.easy_strerror(code));
        retry = RetryableCurlError(code);
      } else if (status >= 400) {
        failure = arrow::Status::IOError("GET ", url, " returned HTTP ", status);
        retry = RetryableStatus(status);
      }
      if (failure.ok()) {
        results_[transfer->index] = std::move(transfer->body);
        continue;
      }
      if (retry && transfer->attempt < config_.num_tries) {
        transfer->not_before = std::chrono::steady_clock::now() + Backoff(transfer->attempt);
        waiting_.push_back(std::move(transfer));
        continue;
      }
      results_[transfer->index] =
          transfer->attempt > 1
              ? failure.WithMessage(failure.message(), " (after ", transfer->attempt, " tries)")
              : failure;
    }
  }

  std::chrono::milliseconds Backoff(int attempt) {
    const double base = static_cast<double>(config_.retry_initial_backoff_ms) * (1 << std::min(attempt - 1, 10));
    std::uniform_real_distribution<double> jitter(0.75, 1.25);
    return std::chrono::milliseconds(static_cast<int64_t>(std::min(base, 60000.0) * jitter(random_)));
  }

  const CurlApi& curl_;
  const std::vector<std::string>& urls_;
  const HttpConfig& config_;
  const int max_connections_;
  std::vector<arrow::Result<std::string>> results_;
  std::mt19937 random_;
  CURLM* multi_ = nullptr;
  std::deque<std::unique_ptr<Transfer>> waiting_;
  std::map<CURL*, std::unique_ptr<Transfer>> running_;
};

}  // namespace

std::vector<arrow::Result<std::string>> FetchUrls(const std::vector<std::string>& urls,
                                                  const HttpConfig& config, int max_connections) {
  if (urls.empty()) return {};
  auto curl = GetCurl();
  if (!curl.ok()) return std::vector<arrow::Result<std::string>>(urls.size(), curl.status());
  return Fetcher(**curl, urls, config, max_connections).Run();
}

}  // namespace skipjack
