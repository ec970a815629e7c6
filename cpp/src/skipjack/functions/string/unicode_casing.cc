#include "skipjack/functions/string/unicode_casing.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace skipjack::internal {
namespace {

struct FullCaseMapping {
  char32_t code_point;
  std::string_view replacement;  // UTF-8, already in the target case
};

struct CodePointRange {
  char32_t first;
  char32_t last;  // inclusive
};

#include "skipjack/functions/string/unicode_casing_tables.inc"

constexpr char32_t kCapitalSigma = 0x03A3;
constexpr std::string_view kSmallFinalSigma = "\xCF\x82";  // U+03C2

// ---------------------------------------------------------------------------
// UTF-8 decoding

constexpr bool IsContinuation(uint8_t b) { return (b & 0xC0) == 0x80; }

// Decodes the code point starting at p[0] (n > 0 bytes available). Returns its
// length, or 0 if the bytes there are not valid UTF-8 (stray continuation,
// overlong form, surrogate, beyond U+10FFFF or truncated): Arrow rejects such
// strings anyway, so the caller only has to copy them through.
inline int DecodeUtf8(const uint8_t* p, size_t n, char32_t* out) {
  const uint8_t b0 = p[0];
  if (b0 < 0x80) {
    *out = b0;
    return 1;
  }
  if (b0 < 0xC2) return 0;  // continuation byte, or overlong 2-byte lead
  if (b0 < 0xE0) {
    if (n < 2 || !IsContinuation(p[1])) return 0;
    *out = (static_cast<char32_t>(b0 & 0x1F) << 6) | (p[1] & 0x3F);
    return 2;
  }
  if (b0 < 0xF0) {
    if (n < 3 || !IsContinuation(p[1]) || !IsContinuation(p[2])) return 0;
    const char32_t cp = (static_cast<char32_t>(b0 & 0x0F) << 12) |
                        (static_cast<char32_t>(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    *out = cp;
    return 3;
  }
  if (b0 < 0xF5) {
    if (n < 4 || !IsContinuation(p[1]) || !IsContinuation(p[2]) || !IsContinuation(p[3])) {
      return 0;
    }
    const char32_t cp = (static_cast<char32_t>(b0 & 0x07) << 18) |
                        (static_cast<char32_t>(p[1] & 0x3F) << 12) |
                        (static_cast<char32_t>(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    if (cp < 0x10000 || cp > 0x10FFFF) return 0;
    *out = cp;
    return 4;
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Table look-ups

constexpr uint8_t Utf8LeadByte(char32_t cp) {
  if (cp < 0x80) return static_cast<uint8_t>(cp);
  if (cp < 0x800) return static_cast<uint8_t>(0xC0 | (cp >> 6));
  if (cp < 0x10000) return static_cast<uint8_t>(0xE0 | (cp >> 12));
  return static_cast<uint8_t>(0xF0 | (cp >> 18));
}

using LeadByteSet = std::array<bool, 256>;

// Lead bytes of every code point the scan must look at, so that all other
// non-ASCII text (CJK, Cyrillic, ...) is skipped without decoding.
template <size_t N>
constexpr LeadByteSet MakeLeadByteSet(const FullCaseMapping (&table)[N], char32_t extra) {
  LeadByteSet set{};
  for (const auto& m : table) set[Utf8LeadByte(m.code_point)] = true;
  if (extra != 0) set[Utf8LeadByte(extra)] = true;
  return set;
}

constexpr LeadByteSet kUpperLeadBytes = MakeLeadByteSet(kFullUpperMappings, 0);
constexpr LeadByteSet kLowerLeadBytes = MakeLeadByteSet(kFullLowerMappings, kCapitalSigma);

template <size_t N>
const FullCaseMapping* FindMapping(const FullCaseMapping (&table)[N], char32_t cp) {
  if (cp < table[0].code_point || cp > table[N - 1].code_point) return nullptr;
  const auto* it = std::lower_bound(
      table, table + N, cp,
      [](const FullCaseMapping& m, char32_t value) { return m.code_point < value; });
  return (it != table + N && it->code_point == cp) ? it : nullptr;
}

template <size_t N>
bool InRanges(const CodePointRange (&ranges)[N], char32_t cp) {
  const auto* it = std::upper_bound(
      ranges, ranges + N, cp,
      [](char32_t value, const CodePointRange& r) { return value < r.first; });
  return it != ranges && cp <= (it - 1)->last;
}

// How a code point takes part in the Final_Sigma condition. Case-ignorable wins
// over cased, as in CPython's handle_capital_sigma (a few code points are both).
enum class SigmaClass : uint8_t { kOther, kCased, kIgnorable };

SigmaClass ClassifySlow(char32_t cp) {
  if (InRanges(kCaseIgnorableRanges, cp)) return SigmaClass::kIgnorable;
  if (InRanges(kCasedRanges, cp)) return SigmaClass::kCased;
  return SigmaClass::kOther;
}

constexpr std::array<SigmaClass, 128> MakeAsciiClasses() {
  std::array<SigmaClass, 128> classes{};
  for (const auto& r : kCasedRanges) {
    for (char32_t c = r.first; c <= r.last && c < 128; ++c) classes[c] = SigmaClass::kCased;
  }
  for (const auto& r : kCaseIgnorableRanges) {
    for (char32_t c = r.first; c <= r.last && c < 128; ++c) classes[c] = SigmaClass::kIgnorable;
  }
  return classes;
}

constexpr std::array<SigmaClass, 128> kAsciiClasses = MakeAsciiClasses();

inline SigmaClass Classify(char32_t cp) {
  return cp < 128 ? kAsciiClasses[cp] : ClassifySlow(cp);
}

// ---------------------------------------------------------------------------
// Scanning

constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// Calls `visit(offset, length, cp)` for each valid code point whose lead byte is in
// `leads`, in order; stops early when `visit` returns false. ASCII is skipped
// eight bytes at a time. Continuation bytes are never lead bytes, so starting a
// decode only at lead bytes finds the same code points as a full walk, invalid
// sequences included.
template <typename Visit>
void ScanCandidates(std::string_view text, const LeadByteSet& leads, Visit&& visit) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    if (n - i >= 8) {
      uint64_t word;
      std::memcpy(&word, p + i, 8);
      if ((word & kHighBits) == 0) {
        i += 8;
        continue;
      }
    }
    const uint8_t b = p[i];
    if (b < 0x80 || !leads[b]) {
      ++i;
      continue;
    }
    char32_t cp;
    const int len = DecodeUtf8(p + i, n - i, &cp);
    if (len == 0) {
      ++i;
      continue;
    }
    if (!visit(i, static_cast<size_t>(len), cp)) return;
    i += static_cast<size_t>(len);
  }
}

// True if no cased code point follows `pos` once case-ignorable ones are skipped
// (the second half of Final_Sigma). An invalid byte counts as not cased.
bool NotFollowedByCased(const uint8_t* p, size_t n, size_t pos) {
  while (pos < n) {
    char32_t cp;
    const int len = DecodeUtf8(p + pos, n - pos, &cp);
    if (len == 0) return true;
    const SigmaClass cls = Classify(cp);
    if (cls != SigmaClass::kIgnorable) return cls != SigmaClass::kCased;
    pos += static_cast<size_t>(len);
  }
  return true;
}

}  // namespace

bool MayNeedFullUpper(std::string_view utf8) {
  bool found = false;
  ScanCandidates(utf8, kUpperLeadBytes, [&](size_t, size_t, char32_t cp) {
    found = FindMapping(kFullUpperMappings, cp) != nullptr;
    return !found;
  });
  return found;
}

bool MayNeedFullLower(std::string_view utf8) {
  bool found = false;
  ScanCandidates(utf8, kLowerLeadBytes, [&](size_t, size_t, char32_t cp) {
    found = cp == kCapitalSigma || FindMapping(kFullLowerMappings, cp) != nullptr;
    return !found;
  });
  return found;
}

std::string PrepareForUpper(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size() + 8);
  size_t copied = 0;  // utf8[0, copied) has been written to `out`
  ScanCandidates(utf8, kUpperLeadBytes, [&](size_t pos, size_t len, char32_t cp) {
    if (const FullCaseMapping* m = FindMapping(kFullUpperMappings, cp)) {
      out.append(utf8.substr(copied, pos - copied));
      out.append(m->replacement);
      copied = pos + len;
    }
    return true;
  });
  out.append(utf8.substr(copied));
  return out;
}

std::string PrepareForLower(std::string_view utf8) {
  const auto* p = reinterpret_cast<const uint8_t*>(utf8.data());
  const size_t n = utf8.size();
  std::string out;
  out.reserve(n + 8);
  size_t copied = 0;  // utf8[0, copied) has been written to `out`
  // Whether the last code point that is not case-ignorable was cased: the first
  // half of Final_Sigma. It needs every code point, so this walk decodes all.
  bool after_cased = false;
  size_t i = 0;
  while (i < n) {
    char32_t cp;
    const int len = DecodeUtf8(p + i, n - i, &cp);
    if (len == 0) {
      after_cased = false;
      ++i;
      continue;
    }
    std::string_view replacement;
    if (cp == kCapitalSigma) {
      if (after_cased && NotFollowedByCased(p, n, i + static_cast<size_t>(len))) {
        replacement = kSmallFinalSigma;
      }
    } else if (cp >= 0x80) {
      if (const FullCaseMapping* m = FindMapping(kFullLowerMappings, cp)) {
        replacement = m->replacement;
      }
    }
    if (!replacement.empty()) {
      out.append(utf8.substr(copied, i - copied));
      out.append(replacement);
      copied = i + static_cast<size_t>(len);
    }
    const SigmaClass cls = Classify(cp);
    if (cls != SigmaClass::kIgnorable) after_cased = cls == SigmaClass::kCased;
    i += static_cast<size_t>(len);
  }
  out.append(utf8.substr(copied));
  return out;
}

const char* UnicodeCasingVersion() { return kUnicodeCasingVersion; }

}  // namespace skipjack::internal
