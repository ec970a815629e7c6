#include "skipjack/io/curl_library.h"

#include <dlfcn.h>

#include <string>

namespace skipjack {
namespace {

template <typename T>
bool Bind(void* library, const char* name, T* out) {
  *out = reinterpret_cast<T>(dlsym(library, name));
  return *out != nullptr;
}

arrow::Result<CurlApi> Load() {
  void* library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    return arrow::Status::IOError("HTTP downloads need libcurl (Debian: libcurl4): ", dlerror());
  }
  CurlApi api;
  const bool ok =
      Bind(library, "curl_global_init", &api.global_init) &&
      Bind(library, "curl_easy_init", &api.easy_init) &&
      Bind(library, "curl_easy_setopt", &api.easy_setopt) &&
      Bind(library, "curl_easy_getinfo", &api.easy_getinfo) &&
      Bind(library, "curl_easy_cleanup", &api.easy_cleanup) &&
      Bind(library, "curl_easy_strerror", &api.easy_strerror) &&
      Bind(library, "curl_multi_init", &api.multi_init) &&
      Bind(library, "curl_multi_setopt", &api.multi_setopt) &&
      Bind(library, "curl_multi_add_handle", &api.multi_add_handle) &&
      Bind(library, "curl_multi_remove_handle", &api.multi_remove_handle) &&
      Bind(library, "curl_multi_perform", &api.multi_perform) &&
      Bind(library, "curl_multi_poll", &api.multi_poll) &&
      Bind(library, "curl_multi_info_read", &api.multi_info_read) &&
      Bind(library, "curl_multi_cleanup", &api.multi_cleanup) &&
      Bind(library, "curl_slist_append", &api.slist_append) &&
      Bind(library, "curl_slist_free_all", &api.slist_free_all);
  if (!ok) return arrow::Status::IOError("libcurl is too old (curl_multi_poll needs 7.66)");
  api.global_init(CURL_GLOBAL_DEFAULT);
  return api;
}

}  // namespace

arrow::Result<const CurlApi*> GetCurl() {
  static const arrow::Result<CurlApi> api = Load();
  if (!api.ok()) return api.status();
  return &*api;
}

}  // namespace skipjack
