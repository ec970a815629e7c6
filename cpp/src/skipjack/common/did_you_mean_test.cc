#include "skipjack/common/did_you_mean.h"

#include <gtest/gtest.h>

namespace skipjack {
namespace {

TEST(DidYouMeanTest, SuggestsTyposSwapsAndCaseChanges) {
  const std::vector<std::string> names = {"price", "name", "quantity", "Country"};
  EXPECT_EQ(ClosestNames("prce", names), std::vector<std::string>{"price"});
  EXPECT_EQ(ClosestNames("nmae", names), std::vector<std::string>{"name"});
  EXPECT_EQ(ClosestNames("country", names), std::vector<std::string>{"Country"});
  EXPECT_TRUE(ClosestNames("zzz", names).empty());
  EXPECT_EQ(DidYouMean("prce", names), " Did you mean 'price'?");
  EXPECT_EQ(DidYouMean("zzz", names), "");
}

}  // namespace
}  // namespace skipjack
