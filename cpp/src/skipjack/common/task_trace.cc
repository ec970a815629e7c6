#include "skipjack/common/task_trace.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace skipjack {
namespace {

// Enough for hours of queries; beyond it the timeline keeps its beginning.
constexpr size_t kMaxSlices = 2'000'000;

// Small, stable thread numbers read better in the viewer than system ids.
int ThisThread() {
  static std::atomic<int> next{1};
  thread_local const int id = next.fetch_add(1);
  return id;
}

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof(escaped), "\\u%04x", c);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

TaskTrace* TaskTrace::Get() {
  static TaskTrace* trace = [] () -> TaskTrace* {
    const char* path = std::getenv("SKIPJACK_TRACE");
    if (!path || !*path) return nullptr;
    return new TaskTrace(path);  // lives for the process: tasks may record until exit
  }();
  return trace;
}

TaskTrace::TaskTrace(std::string path) : path_(std::move(path)), origin_(Clock::now()) {}

int TaskTrace::NextQuery() {
  std::lock_guard<std::mutex> lock(mu_);
  return ++queries_;
}

void TaskTrace::Record(int query, std::string name, Clock::time_point start,
                       Clock::time_point end) {
  using std::chrono::duration_cast;
  using std::chrono::microseconds;
  Slice slice{query, ThisThread(), std::move(name),
              duration_cast<microseconds>(start - origin_).count(),
              duration_cast<microseconds>(end - start).count()};
  std::lock_guard<std::mutex> lock(mu_);
  if (slices_.size() >= kMaxSlices) {
    truncated_ = true;
    return;
  }
  slices_.push_back(std::move(slice));
}

arrow::Status TaskTrace::Write() const {
  std::lock_guard<std::mutex> lock(mu_);
  // Written aside and renamed: a viewer never opens a half-written file.
  const std::string partial = path_ + ".partial";
  {
    std::ofstream out(partial, std::ios::trunc);
    if (!out) {
      return arrow::Status::IOError("Cannot write the task trace to '", path_,
                                    "' (SKIPJACK_TRACE): cannot open '", partial, "'");
    }
    std::vector<std::string> events;
    for (int q = 1; q <= queries_; ++q) {
      events.push_back("{\"ph\": \"M\", \"name\": \"process_name\", \"pid\": " +
                       std::to_string(q) + ", \"args\": {\"name\": \"query " +
                       std::to_string(q) + "\"}}");
    }
    for (const Slice& s : slices_) {
      events.push_back("{\"ph\": \"X\", \"cat\": \"task\", \"name\": " + JsonString(s.name) +
                       ", \"pid\": " + std::to_string(s.query) +
                       ", \"tid\": " + std::to_string(s.thread) +
                       ", \"ts\": " + std::to_string(s.start_us) +
                       ", \"dur\": " + std::to_string(s.duration_us) + "}");
    }
    out << "{\"displayTimeUnit\": \"ms\", \"otherData\": {\"truncated\": "
        << (truncated_ ? "true" : "false") << "},\n\"traceEvents\": [\n";
    for (size_t i = 0; i < events.size(); ++i) {
      out << events[i] << (i + 1 < events.size() ? ",\n" : "\n");
    }
    out << "]}\n";
    if (!out.flush()) {
      return arrow::Status::IOError("Cannot write the task trace to '", partial, "'");
    }
  }
  std::error_code error;
  std::filesystem::rename(partial, path_, error);
  if (error) {
    return arrow::Status::IOError("Cannot write the task trace to '", path_,
                                  "': ", error.message());
  }
  return arrow::Status::OK();
}

}  // namespace skipjack
