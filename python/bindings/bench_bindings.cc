// skipjack._core.bench_*: loops that measure what the hardware allows, for benchmarks to
// compare the engine against (not used by queries).

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "bindings.h"
#include "errors.h"
#include "skipjack/functions/image/image_codecs.h"
#include "skipjack/functions/image/image_resize.h"

namespace nb = nanobind;

namespace skipjack::python {

void BindBenchmarks(nb::module_& m) {
  m.def(
      "bench_decode_resize",
      [](const std::vector<nb::bytes>& files, int64_t repeat, int64_t width, int64_t height,
         int threads) {
        std::vector<std::string> data;
        for (const auto& f : files) data.emplace_back(f.c_str(), f.size());
        const int64_t total = static_cast<int64_t>(data.size()) * repeat;
        std::atomic<int64_t> next{0};
        std::atomic<int64_t> failed{0};
        nb::gil_scoped_release release;
        const auto start = std::chrono::steady_clock::now();
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t) {
          workers.emplace_back([&] {
            for (int64_t i = next++; i < total; i = next++) {
              const auto& bytes = data[i % data.size()];
              auto image = DecodeImage(reinterpret_cast<const uint8_t*>(bytes.data()),
                                       static_cast<int64_t>(bytes.size()));
              if (!image.ok()) {
                ++failed;
                continue;
              }
              auto resized = ResizeImage(image->view(), width, height);
              (void)resized;
            }
          });
        }
        for (auto& w : workers) w.join();
        const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
        if (failed > 0) ThrowStatus(arrow::Status::Invalid(failed.load(), " images failed to decode"));
        return seconds.count();
      },
      nb::arg("files"), nb::arg("repeat"), nb::arg("width"), nb::arg("height"), nb::arg("threads"),
      "Seconds to decode and resize files x repeat images on `threads` threads: the "
      "physical limit of the image pipeline.");
}

}  // namespace skipjack::python
