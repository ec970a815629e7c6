#include "skipjack/functions/string/unicode_casing.h"

#include <gtest/gtest.h>

#include <string>

// The exhaustive check against Python and Arrow is scripts/check_unicode_casing.py;
// these pin the cases that motivated full case mapping.

namespace skipjack::internal {
namespace {

TEST(UnicodeCasingTest, SharpSUppercasesToTwoLetters) {
  EXPECT_TRUE(MayNeedFullUpper("stra\u00dfe"));
  EXPECT_EQ(PrepareForUpper("stra\u00dfe"), "straSSe");
  EXPECT_FALSE(MayNeedFullLower("stra\u00dfe"));
  EXPECT_EQ(PrepareForLower("stra\u00dfe"), "stra\u00dfe");
}

TEST(UnicodeCasingTest, ApostropheNAndLigatures) {
  EXPECT_EQ(PrepareForUpper("\u0149"), "\u02bcN");
  EXPECT_EQ(PrepareForUpper("\ufb01ne \ufb00 \ufb03"), "FIne FF FFI");
  // Greek with ypogegrammeni: the simple mapping would give the titlecase form.
  EXPECT_EQ(PrepareForUpper("\u1fb3"), "\u0391\u0399");
}

TEST(UnicodeCasingTest, DottedCapitalILowercasesWithCombiningDot) {
  EXPECT_TRUE(MayNeedFullLower("\u0130stanbul"));
  EXPECT_EQ(PrepareForLower("\u0130stanbul"), "i\u0307stanbul");
  EXPECT_FALSE(MayNeedFullUpper("\u0130stanbul"));
}

TEST(UnicodeCasingTest, FinalSigma) {
  // Only the last sigma of a word becomes final; the others are left to Arrow.
  EXPECT_TRUE(MayNeedFullLower("\u03a3\u0391\u03a3"));
  EXPECT_EQ(PrepareForLower("\u03a3\u0391\u03a3"), "\u03a3\u0391\u03c2");
  EXPECT_EQ(PrepareForLower("\u039f\u0394\u039f\u03a3 \u039f\u0394\u039f\u03a3."),
            "\u039f\u0394\u039f\u03c2 \u039f\u0394\u039f\u03c2.");
  // A lone sigma has no cased letter before it.
  EXPECT_EQ(PrepareForLower("\u03a3"), "\u03a3");
  EXPECT_EQ(PrepareForLower("A \u03a3 B"), "A \u03a3 B");
  // Case-ignorable characters (apostrophe, combining marks) are skipped both ways.
  EXPECT_EQ(PrepareForLower("A'\u03a3'"), "A'\u03c2'");
  EXPECT_EQ(PrepareForLower("A\u03a3\u0301b"), "A\u03a3\u0301b");
  EXPECT_EQ(PrepareForLower("A\u03a3\u0301"), "A\u03c2\u0301");
  // Uppercasing has no context rule.
  EXPECT_FALSE(MayNeedFullUpper("\u039f\u0394\u039f\u03a3"));
}

TEST(UnicodeCasingTest, AsciiAndUnrelatedTextUnchanged) {
  const std::string ascii = "The quick brown fox jumps over the lazy dog 0123456789!";
  EXPECT_FALSE(MayNeedFullUpper(ascii));
  EXPECT_FALSE(MayNeedFullLower(ascii));
  EXPECT_EQ(PrepareForUpper(ascii), ascii);
  EXPECT_EQ(PrepareForLower(ascii), ascii);
  const std::string mixed = "\u65e5\u672c\u8a9e \u043f\u0440\u0438\u0432\u0435\u0442 \xf0\x9f\x98\x80";
  EXPECT_FALSE(MayNeedFullUpper(mixed));
  EXPECT_FALSE(MayNeedFullLower(mixed));
  EXPECT_EQ(PrepareForUpper(""), "");
  EXPECT_EQ(PrepareForLower(""), "");
}

TEST(UnicodeCasingTest, InvalidUtf8PassesThrough) {
  // Stray continuation, truncated sequences, an encoded surrogate, 0xFF.
  const std::string invalid = "a\x80\xc3 \xe1\x80\xed\xa0\x80\xff\xce";
  EXPECT_FALSE(MayNeedFullUpper(invalid));
  EXPECT_FALSE(MayNeedFullLower(invalid));
  EXPECT_EQ(PrepareForUpper(invalid), invalid);
  EXPECT_EQ(PrepareForLower(invalid), invalid);
  // Valid text around invalid bytes is still mapped; an invalid byte ends a word.
  EXPECT_EQ(PrepareForUpper("\xff\u00df\x80"), "\xffSS\x80");
  EXPECT_EQ(PrepareForLower("A\u03a3\xff"), "A\u03c2\xff");
  EXPECT_EQ(PrepareForLower("\xff\u03a3"), "\xff\u03a3");
  // A lead byte followed by a valid sequence: only the valid one is decoded.
  EXPECT_EQ(PrepareForUpper("\xc3\xc3\x9f"), "\xc3SS");
}

}  // namespace
}  // namespace skipjack::internal
