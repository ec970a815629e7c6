#include "skipjack/io/parquet_footer_cache.h"

#include <list>
#include <mutex>
#include <unordered_map>

namespace skipjack {
namespace {

struct CachedFooter {
  std::string path;
  std::string bytes;
  std::shared_ptr<parquet::FileMetaData> footer;
};

// Most recently used first; the map points into the list.
struct FooterCache {
  std::mutex mu;
  std::list<CachedFooter> entries;
  std::unordered_map<std::string, std::list<CachedFooter>::iterator> by_path;
};

FooterCache& Cache() {
  static auto* cache = new FooterCache();  // never destroyed: used until exit
  return *cache;
}

}  // namespace

std::shared_ptr<parquet::FileMetaData> LookUpFooter(const std::string& path,
                                                    const std::string& footer_bytes) {
  FooterCache& cache = Cache();
  std::lock_guard<std::mutex> lock(cache.mu);
  auto found = cache.by_path.find(path);
  if (found == cache.by_path.end()) return nullptr;
  const CachedFooter& entry = *found->second;
  if (entry.bytes != footer_bytes) return nullptr;
  cache.entries.splice(cache.entries.begin(), cache.entries, found->second);
  return entry.footer;
}

void RememberFooter(const std::string& path, std::string footer_bytes,
                    std::shared_ptr<parquet::FileMetaData> footer) {
  FooterCache& cache = Cache();
  std::lock_guard<std::mutex> lock(cache.mu);
  auto found = cache.by_path.find(path);
  if (found != cache.by_path.end()) {
    cache.entries.erase(found->second);
    cache.by_path.erase(found);
  }
  cache.entries.push_front(CachedFooter{path, std::move(footer_bytes), std::move(footer)});
  cache.by_path[path] = cache.entries.begin();
  if (cache.entries.size() > kMaxCachedFooters) {
    cache.by_path.erase(cache.entries.back().path);
    cache.entries.pop_back();
  }
}

}  // namespace skipjack
