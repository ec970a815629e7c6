// Skipjack's string kernels against the Arrow kernels they replace.

#include <random>

#include <arrow/array/builder_binary.h>
#include <arrow/compute/api.h>
#include <arrow/compute/initialize.h>
#include <benchmark/benchmark.h>

#include "skipjack/functions/string/string_kernels.h"

namespace {

std::shared_ptr<arrow::Array> Words(int64_t rows) {
  std::mt19937 rng(42);
  arrow::StringBuilder builder;
  std::string word(8, 'a');
  for (int64_t i = 0; i < rows; ++i) {
    for (auto& c : word) c = static_cast<char>('a' + rng() % 8);
    (void)builder.Append(word);
  }
  return builder.Finish().ValueOrDie();
}

constexpr int64_t kRows = 1 << 20;

void BM_ConcatSkipjack(benchmark::State& state) {
  (void)arrow::compute::Initialize();
  auto words = Words(kRows);
  arrow::compute::ExecContext ctx;
  for (auto _ : state) {
    auto out = skipjack::internal::ConcatStrings({words, words}, arrow::utf8(), &ctx);
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_ConcatArrowJoin(benchmark::State& state) {
  (void)arrow::compute::Initialize();
  auto words = Words(kRows);
  auto empty = arrow::MakeScalar(arrow::utf8(), std::string()).ValueOrDie();
  for (auto _ : state) {
    auto out = arrow::compute::CallFunction("binary_join_element_wise",
                                            {words, words, arrow::Datum(empty)});
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_UpperSkipjack(benchmark::State& state) {
  (void)arrow::compute::Initialize();
  auto words = Words(kRows);
  arrow::compute::ExecContext ctx;
  for (auto _ : state) {
    auto out = skipjack::internal::ChangeCase(words, /*upper=*/true, &ctx);
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_UpperArrowUtf8(benchmark::State& state) {
  (void)arrow::compute::Initialize();
  auto words = Words(kRows);
  for (auto _ : state) {
    auto out = arrow::compute::CallFunction("utf8_upper", {words});
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

// Arrow's starts_with, kept as a yardstick for the predicates we do not replace.
void BM_StartsWithArrow(benchmark::State& state) {
  (void)arrow::compute::Initialize();
  auto words = Words(kRows);
  arrow::compute::MatchSubstringOptions options("ab");
  for (auto _ : state) {
    auto out = arrow::compute::CallFunction("starts_with", {words}, &options);
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

BENCHMARK(BM_ConcatSkipjack);
BENCHMARK(BM_ConcatArrowJoin);
BENCHMARK(BM_UpperSkipjack);
BENCHMARK(BM_UpperArrowUtf8);
BENCHMARK(BM_StartsWithArrow);

}  // namespace

namespace {

void BM_ContainsSkipjack(benchmark::State& state) {
  (void)arrow::compute::Initialize();
  auto words = Words(kRows);
  arrow::compute::ExecContext ctx;
  for (auto _ : state) {
    auto out = skipjack::internal::ContainsLiteral(words, "ab", &ctx);
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_ContainsArrow(benchmark::State& state) {
  (void)arrow::compute::Initialize();
  auto words = Words(kRows);
  arrow::compute::MatchSubstringOptions options("ab");
  for (auto _ : state) {
    auto out = arrow::compute::CallFunction("match_substring", {words}, &options);
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

BENCHMARK(BM_ContainsSkipjack);
BENCHMARK(BM_ContainsArrow);

}  // namespace
