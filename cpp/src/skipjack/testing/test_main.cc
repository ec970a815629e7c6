// The main() of the C++ test binary: initializes the engine once, then runs gtest.

#include <gtest/gtest.h>

#include "skipjack/common/initialize.h"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  const auto status = skipjack::InitializeEngine();
  if (!status.ok()) {
    fprintf(stderr, "engine initialization failed: %s\n", status.ToString().c_str());
    return 1;
  }
  return RUN_ALL_TESTS();
}
