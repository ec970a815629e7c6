// File: literal_search.h
//
// Substring search for LIKE '%a%b%', contains() and regexps made of literals. Text
// like TPC-H's comments holds the needle's first letter every few bytes, so finding
// candidates by the first byte alone (memchr, then memcmp) stops at most of them;
// matching the first and the last byte of the needle 16 positions at a time leaves a
// few candidates to compare in full.

#pragma once

#include <cstddef>
#include <string_view>

namespace skipjack {

/// The position of the first `needle` in `text` at or after `from`, or npos; as
/// std::string_view::find.
size_t FindLiteral(std::string_view text, std::string_view needle, size_t from = 0);

}  // namespace skipjack
