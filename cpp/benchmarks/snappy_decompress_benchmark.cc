// Skipjack's snappy decoder against the snappy in Arrow's wheel, on pages shaped like
// TPC-H's: 8-byte money values (3 random low bytes, zero high bytes: a short literal
// and a short copy per value), bit-packed dictionary indices (incompressible) and text.

#include <random>
#include <string>
#include <vector>

#include <arrow/util/compression.h>
#include <benchmark/benchmark.h>

#include "skipjack/io/snappy_decompress.h"

namespace {

constexpr size_t kPageBytes = 1 << 20;

std::vector<uint8_t> PageOf(int kind) {
  std::mt19937_64 random(42);
  std::vector<uint8_t> page(kPageBytes);
  for (size_t i = 0; i < page.size(); ++i) {
    switch (kind) {
      case 0: page[i] = i % 8 < 3 ? static_cast<uint8_t>(random()) : 0; break;
      case 1: page[i] = static_cast<uint8_t>(random()); break;
      default: {
        static const std::string kWords[] = {"furiously ", "regular ", "deposits ", "sleep ",
                                             "carefully ", "final ", "packages ", "ironic "};
        std::string text;
        while (text.size() < page.size()) text += kWords[random() % 8];
        std::copy(text.begin(), text.begin() + page.size(), page.begin());
        return page;
      }
    }
  }
  return page;
}

std::vector<uint8_t> Compressed(const std::vector<uint8_t>& page) {
  auto codec = arrow::util::Codec::Create(arrow::Compression::SNAPPY).ValueOrDie();
  std::vector<uint8_t> out(codec->MaxCompressedLen(page.size(), page.data()));
  out.resize(codec->Compress(page.size(), page.data(), out.size(), out.data()).ValueOrDie());
  return out;
}

void BM_SnappySkipjack(benchmark::State& state) {
  const auto page = PageOf(static_cast<int>(state.range(0)));
  const auto block = Compressed(page);
  std::vector<uint8_t> out(page.size());
  for (auto _ : state) {
    if (!skipjack::SnappyDecompress(block.data(), block.size(), out.data(), out.size())) {
      state.SkipWithError("corrupt");
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * page.size());
}

void BM_SnappyArrow(benchmark::State& state) {
  const auto page = PageOf(static_cast<int>(state.range(0)));
  const auto block = Compressed(page);
  auto codec = arrow::util::Codec::Create(arrow::Compression::SNAPPY).ValueOrDie();
  std::vector<uint8_t> out(page.size());
  for (auto _ : state) {
    benchmark::DoNotOptimize(codec->Decompress(block.size(), block.data(), out.size(), out.data()));
  }
  state.SetBytesProcessed(state.iterations() * page.size());
}

// 0: money values, 1: dictionary indices, 2: text.
BENCHMARK(BM_SnappySkipjack)->Arg(0)->Arg(1)->Arg(2);
BENCHMARK(BM_SnappyArrow)->Arg(0)->Arg(1)->Arg(2);

}  // namespace
