#include "skipjack/functions/string/literal_search.h"

#include <random>
#include <string>

#include <gtest/gtest.h>

namespace skipjack {
namespace {

// Against string_view::find on random texts over a small alphabet (so needles occur,
// overlap and nearly match), at every start position, across the 16-byte block edges.
TEST(FindLiteral, MatchesStringViewFind) {
  std::mt19937 random(7);
  const std::string alphabet = "abca\n";
  auto make = [&](size_t length) {
    std::string out;
    for (size_t i = 0; i < length; ++i) out += alphabet[random() % alphabet.size()];
    return out;
  };
  for (int round = 0; round < 3000; ++round) {
    const std::string text = make(random() % 70);
    const std::string needle = make(random() % 7);
    for (size_t from = 0; from <= text.size() + 1; ++from) {
      ASSERT_EQ(FindLiteral(text, needle, from), std::string_view(text).find(needle, from))
          << "text '" << text << "' needle '" << needle << "' from " << from;
    }
  }
}

TEST(FindLiteral, EdgesAndBytes) {
  EXPECT_EQ(FindLiteral("", ""), 0u);
  EXPECT_EQ(FindLiteral("abc", "", 3), 3u);
  EXPECT_EQ(FindLiteral("abc", "", 4), std::string_view::npos);
  EXPECT_EQ(FindLiteral("abc", "abcd"), std::string_view::npos);
  const std::string text = std::string(40, 'x') + "special requests" + std::string(3, '\0');
  EXPECT_EQ(FindLiteral(text, "requests"), 48u);
  EXPECT_EQ(FindLiteral(text, "special"), 40u);
  EXPECT_EQ(FindLiteral(text, std::string("s\0", 2)), 55u);  // embedded zero bytes
  EXPECT_EQ(FindLiteral(text, "\xc3\xa9"), std::string_view::npos);
  EXPECT_EQ(FindLiteral("caf\xc3\xa9 au lait", "\xc3\xa9 a"), 3u);
}

}  // namespace
}  // namespace skipjack
