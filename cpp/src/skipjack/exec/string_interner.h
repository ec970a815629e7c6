// File: string_interner.h
//
// Numbers the distinct strings of a column: the first string seen is 0, the next new
// one 1, and so on. A grouper keyed by long strings of few distinct values (TPC-H's
// p_type) groups their numbers instead, one integer word per string.

#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <arrow/result.h>
#include <arrow/type_fwd.h>

namespace skipjack {

class StringInterner {
 public:
  /// Holds at most `max_strings` distinct strings.
  explicit StringInterner(int64_t max_strings) : max_strings_(max_strings) { Rehash(256); }

  /// Writes the number of each string of `strings` (string, binary or their large
  /// forms) to `ids`, numbering new ones; null slots get 0. False when that would
  /// take more than max_strings: `ids` are then incomplete.
  bool Intern(const arrow::Array& strings, int64_t* ids);

  /// The strings numbered `ids` (int64, nulls kept), as an array of `type`.
  arrow::Result<std::shared_ptr<arrow::Array>> Strings(const std::shared_ptr<arrow::DataType>& type,
                                                       const arrow::Array& ids,
                                                       arrow::MemoryPool* pool) const;

  int64_t size() const { return static_cast<int64_t>(hashes_.size()); }

 private:
  template <typename Offset>
  bool InternAll(const arrow::Array& strings, int64_t* ids);
  template <typename Offset>
  arrow::Result<std::shared_ptr<arrow::Array>> Gather(const std::shared_ptr<arrow::DataType>& type,
                                                      const arrow::Array& ids,
                                                      arrow::MemoryPool* pool) const;
  // The number of `size` bytes at `data`, or -1 past max_strings.
  int64_t FindOrAdd(const uint8_t* data, uint32_t size);
  void Rehash(size_t capacity);

  struct Slot {
    uint32_t id;
    uint32_t tag;  // high hash bits, to skip most string compares
  };
  static constexpr uint32_t kEmpty = UINT32_MAX;

  int64_t max_strings_;
  std::string arena_;              // the strings back to back, by number
  std::vector<uint64_t> starts_{0};  // string i is arena_[starts_[i], starts_[i + 1])
  std::vector<uint64_t> hashes_;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

}  // namespace skipjack
