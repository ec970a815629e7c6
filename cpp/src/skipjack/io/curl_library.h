// File: curl_library.h
//
// libcurl, loaded at run time with dlopen instead of linked. pyarrow's libparquet exports
// its own copy of OpenSSL's symbols; linked into our module, libcurl's libssl/libcrypto
// would bind to that copy and crash. Opened on its own (RTLD_LOCAL), libcurl and its
// dependencies see only themselves and the process's global symbols.

#pragma once

#include <curl/curl.h>

#include <arrow/result.h>

namespace skipjack {

struct CurlApi {
  CURLcode (*global_init)(long flags);
  CURL* (*easy_init)();
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  void (*easy_cleanup)(CURL*);
  const char* (*easy_strerror)(CURLcode);
  CURLM* (*multi_init)();
  CURLMcode (*multi_setopt)(CURLM*, CURLMoption, ...);
  CURLMcode (*multi_add_handle)(CURLM*, CURL*);
  CURLMcode (*multi_remove_handle)(CURLM*, CURL*);
  CURLMcode (*multi_perform)(CURLM*, int*);
  CURLMcode (*multi_poll)(CURLM*, curl_waitfd[], unsigned int, int, int*);
  CURLMsg* (*multi_info_read)(CURLM*, int*);
  CURLMcode (*multi_cleanup)(CURLM*);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
};

/// The loaded library (initialized once), or an error saying libcurl is missing.
arrow::Result<const CurlApi*> GetCurl();

}  // namespace skipjack
