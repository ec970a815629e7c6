#include "skipjack/exec/hash_mix.h"

// Arrow ships xxHash; inlined here so that only this file compiles it.
#define XXH_INLINE_ALL
#include <arrow/vendored/xxhash.h>

namespace skipjack {

uint64_t HashLongBytes(const void* data, size_t size) { return XXH3_64bits(data, size); }

}  // namespace skipjack
