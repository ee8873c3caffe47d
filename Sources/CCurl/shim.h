#ifndef OPSCTL_CCURL_SHIM_H
#define OPSCTL_CCURL_SHIM_H
// libcurl's setopt/getinfo calls are variadic, which Swift cannot call. These typed
// wrappers are the only way HTTPClient reaches them: one per argument type.
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

typedef size_t (*opsctl_curl_data_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode opsctl_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode opsctl_curl_easy_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode opsctl_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode opsctl_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode opsctl_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode opsctl_curl_easy_setopt_callback(CURL *handle, CURLoption option, opsctl_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode opsctl_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode opsctl_curl_easy_getinfo_off(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode opsctl_curl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    return curl_easy_getinfo(handle, info, (char **)value);
}
static inline CURLcode opsctl_curl_easy_getinfo_socket(CURL *handle, CURLINFO info, curl_socket_t *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode opsctl_curl_easy_getinfo_certinfo(CURL *handle, struct curl_certinfo **value) {
    return curl_easy_getinfo(handle, CURLINFO_CERTINFO, value);
}

static inline CURLMcode opsctl_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

/// The CURLcode of a finished transfer (CURLMsg keeps it in a union).
static inline CURLcode opsctl_curl_msg_result(const CURLMsg *message) {
    return message->data.result;
}

#endif
