// File: unicode_casing.h
//
// Full Unicode case mapping on top of Arrow's utf8_upper/utf8_lower.
//
// Arrow's kernels apply the *simple* case mapping per code point ('ß' -> 'ẞ'),
// while Daft (Rust's str::to_uppercase) and Python's str.upper() apply the *full*
// mapping: SpecialCasing's unconditional entries ('ß' -> "SS", 'ﬁ' -> "FI",
// 'İ'.lower() -> "i̇") and, for lower, Final_Sigma ('Σ' ending a word -> 'ς').
// A full mapping's result is already in the target case, so the simple mapping
// leaves it alone: rewriting just those code points first gives
//   utf8_upper(PrepareForUpper(s)) == full_upper(s)
//   utf8_lower(PrepareForLower(s)) == full_lower(s)
// for every code point Arrow and the tables agree on the Unicode version of (the
// tables come from scripts/gen_unicode_casing.py; see its output for the skew).
//
// Invalid UTF-8 never crashes: undecodable bytes are copied through unchanged and
// count as neither cased nor case-ignorable.

#pragma once

#include <string>
#include <string_view>

namespace skipjack::internal {

/// \brief True if PrepareForUpper may change `utf8`, i.e. it holds a code point
/// whose full uppercase mapping differs from the simple one. Cheap on ASCII.
bool MayNeedFullUpper(std::string_view utf8);

/// \brief True if PrepareForLower may change `utf8`: it holds a code point with a
/// special full lowercase mapping or any capital sigma (U+03A3). Cheap on ASCII.
bool MayNeedFullLower(std::string_view utf8);

/// \brief Replaces each code point with a special full uppercase mapping by that
/// mapping; every other byte is copied unchanged.
std::string PrepareForUpper(std::string_view utf8);

/// \brief Replaces each code point with a special full lowercase mapping by that
/// mapping and each capital sigma in Final_Sigma context by U+03C2 'ς'; every
/// other byte is copied unchanged (other sigmas are left for the simple mapping).
std::string PrepareForLower(std::string_view utf8);

/// \brief The Unicode version the tables were generated from (e.g. "14.0.0").
const char* UnicodeCasingVersion();

}  // namespace skipjack::internal
