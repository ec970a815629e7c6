#include "skipjack/io/string_dictionary_decode.h"

#include <arrow/array.h>

#include "skipjack/common/gather_strings.h"

namespace skipjack {

std::optional<arrow::Result<std::shared_ptr<arrow::Array>>> DecodeStringDictionary(
    const arrow::DictionaryArray& column, arrow::MemoryPool* pool) {
  return GatherStrings(column.dictionary(), *column.indices(), pool);
}

}  // namespace skipjack
